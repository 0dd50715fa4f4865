"""Branchement des publications dans Pelican : un générateur qui écrit /publications/ à partir des
enregistrements du contrat (content/publications/), des PDF des rapports d'activité et du recueil des
fiches, et les couvertures tirées des PDF."""

import os
import shutil

from pelican import signals
from pelican.generators import Generator

import contrat
from contrat import regles

from . import publications as coeur


DOSSIER = regles.dossier_du_type("publication")
COUVERTURES = f"{DOSSIER}/couvertures"  # les couvertures tirées d'un PDF : /publications/couvertures/<ancre>.jpg


class GenerateurPublications(Generator):
    """Écrit /publications/ après les rapports et les fiches, dont il liste les PDF (il vient après eux dans
    PLUGINS, donc dans l'ordre des générateurs ; un autre ordre est une erreur du build, contrat.productions).
    Les publications et ces PDF viennent du site du build (le contrat)."""

    def _couverture_de_pdf(self, chemin_pdf, ancre):
        chemin, largeur, hauteur = coeur.couverture_en_cache(
            chemin_pdf, os.path.join(self.settings["CACHE_PATH"], "publications"),
            self.settings.get("COUVERTURE_LARGEUR", 300),
        )
        url = f"{COUVERTURES}/{ancre}.jpg"
        destination = os.path.join(self.output_path, url)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        shutil.copyfile(chemin, destination)
        return coeur.Couverture(url, largeur, hauteur)

    def _couverture_donnee(self, adresse, site):
        # La photo telle que la capacité images la publie (tournée, sans métadonnées) : sa plus petite variante
        # d'au moins COUVERTURE_LARGEUR px, pas l'original (une photo de téléphone pèse plusieurs Mo).
        publiees = site.productions.lire("images_publiees", par="publications", sans_producteur={})
        photo = publiees.get(adresse.removeprefix("/images/"))
        variantes = [v for v in photo.variantes if v.extension != "webp"] if photo else []
        if variantes:
            largeur = self.settings.get("COUVERTURE_LARGEUR", 300)
            choisie = next((v for v in variantes if v.largeur >= largeur), variantes[-1])
            return coeur.Couverture(f"images/{choisie.nom}", choisie.largeur, choisie.hauteur)
        from PIL import Image

        with Image.open(os.path.join(self.path, adresse.lstrip("/"))) as image:
            return coeur.Couverture(adresse.lstrip("/"), image.width, image.height)

    def _entree(self, record, site):
        octets = couverture = None
        if record.fichier:
            pdf = os.path.join(self.path, record.fichier.lstrip("/"))
            octets = os.path.getsize(pdf)
        if record.couverture:
            couverture = self._couverture_donnee(record.couverture, site)
        elif record.fichier:
            couverture = self._couverture_de_pdf(pdf, record.slug)
        action = site.actions_par_slug.get(record.action)
        return coeur.entree_de(record, octets, couverture, action.url if action else None)

    def _entrees_du_site(self, site):
        """Les PDF que le site fabrique : un par rapport d'activité, et le recueil des fiches."""
        entrees = []
        pdf_des_rapports = site.productions.lire("pdf_des_rapports", par="publications", sans_producteur={})
        for annee, url in sorted(pdf_des_rapports.items()):
            chemin = os.path.join(self.output_path, url)
            entrees.append(coeur.entree_de_rapport(annee, url, os.path.getsize(chemin),
                                                   self._couverture_de_pdf(chemin, f"rapport-{annee}")))
        recueil = site.productions.lire("recueil_des_fiches", par="publications")
        if recueil:
            date = max(r.modified or r.date for r in site.du_type("fiche"))
            entrees.append(coeur.entree_de_recueil(date, recueil.url, recueil.octets,
                                                   self._couverture_de_pdf(recueil.cache, "recueil-fiches-pratiques")))
        return entrees

    def generate_output(self, writer):
        site = contrat.site_du_build(self.context)
        entrees = [self._entree(r, site) for r in site.publications] + self._entrees_du_site(site)
        writer.write_file(
            f"{DOSSIER}/index.html", self.get_template("publications"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            groupes=coeur.groupes(entrees, self.settings["NATURES_PUBLICATIONS"]),
        )


def generateur(_pelican):
    return GenerateurPublications


def register():
    # Un générateur à nous, après ceux des articles, des pages, des rapports et des fiches : à l'écriture,
    # les PDF que les rapports et les fiches ont produits sont là.
    signals.get_generators.connect(generateur)
