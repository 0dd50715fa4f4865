"""Branchement de la chronologie dans Pelican : un générateur qui écrit /chronologie/, ses pages filtrées
et ses exports, à partir des enregistrements du contrat (jamais des en-têtes)."""

import glob
import hashlib
import os

import icalendar
from pelican import signals
from pelican.generators import Generator

import caches
import calendrier
import contrat

from . import chronologie


CODE_ICS = caches.empreinte_du_code(calendrier, chronologie)


class GenerateurChronologie(Generator):
    """/chronologie/, /chronologie/<année|pôle|communiques|lettres>/, .json, .csv, .ics et flux Atom."""

    def generate_context(self):
        site = contrat.site_du_build(self.context)
        self.jour = site.aujourdhui
        self.entrees = chronologie.entrees(
            site.records, self.jour, self.settings["POLES"], self.settings["NATURES"]
        )
        self.filtres = chronologie.filtres(self.entrees, self.settings["POLES"])
        # Pour le lien « Voir dans la chronologie » des pages de documents : seulement ceux qui y sont.
        self.context["CHRONOLOGIE_ANCRES"] = {e.record.url: e.ident for e in self.entrees}

    def _page(self, writer, gabarit, nom, entrees, filtre):
        writer.write_file(
            f"{nom}index.html", gabarit, self.context, relative_urls=self.settings["RELATIVE_URLS"],
            chronologie=chronologie.par_annee_et_mois(entrees), chronologie_nombre=len(entrees),
            chronologie_filtres=self.filtres, filtre_courant=filtre,
            canonical_url=nom, section_courante="chronologie/",
        )

    def _export(self, nom, texte):
        """Les exports ne sont pas des pages HTML : écrits tels quels, en UTF-8, sans passer par le writer."""
        chemin = os.path.join(self.output_path, nom)
        os.makedirs(os.path.dirname(chemin), exist_ok=True)
        with open(chemin, "wb") as fichier:
            fichier.write(texte.encode("utf-8") if isinstance(texte, str) else texte)

    def _ics(self, base, domaine):
        """Le .ics de la chronologie, repris du cache quand ses entrées n'ont pas changé.

        La bibliothèque icalendar est le poste le plus lent du build (~0,4 ms par entrée) ; une retouche
        du texte d'un communiqué ne change pas le calendrier, qui ne montre que titres, dates et résumés.
        """
        dossier = os.path.join(self.settings["CACHE_PATH"], "chronologie")
        cle = hashlib.sha256(repr((
            icalendar.__version__, CODE_ICS, base, domaine, [(e.record, e.genre) for e in self.entrees],
        )).encode("utf-8")).hexdigest()[:24]
        chemin = os.path.join(dossier, f"chronologie-{cle}.ics")
        if os.path.exists(chemin):
            with open(chemin, "rb") as fichier:
                return fichier.read()
        texte = chronologie.ics(self.entrees, base, domaine)
        for ancien in glob.glob(os.path.join(dossier, "chronologie-*.ics")):
            os.remove(ancien)
        caches.ecrire(chemin, texte)
        return texte

    def generate_output(self, writer):
        gabarit = self.get_template("chronologie")
        self._page(writer, gabarit, "chronologie/", self.entrees, None)
        for filtre in self.filtres:
            self._page(writer, gabarit, f"chronologie/{filtre.slug}/", filtre.entrees, filtre)

        base, domaine = calendrier.adresses(self.settings)
        poles, natures, chiffres = self.settings["POLES"], self.settings["NATURES"], self.settings["CHIFFRES"]
        self._export("chronologie.json", chronologie.timeline_json(self.entrees, base, chiffres))
        self._export("chronologie.csv", chronologie.csv_texte(self.entrees, base, poles, natures))
        self._export("chronologie.ics", self._ics(base, domaine))
        nombre = self.settings.get("FEED_MAX_ITEMS") or 30
        self._export("feeds/chronologie.atom.xml", chronologie.atom(self.entrees, base, domaine, nombre, chiffres))


def ajouter_generateur(_pelican):
    return GenerateurChronologie


def register():
    # Pelican crée nos générateurs après ceux des articles et des pages : le site du build est prêt
    # quand generate_context() les demande, et tout est dans le contexte avant la première page écrite.
    signals.get_generators.connect(ajouter_generateur)
