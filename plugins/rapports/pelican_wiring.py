"""Branchement des rapports d'activité dans Pelican : un générateur qui écrit /rapports/, une page
et un PDF par année, à partir des enregistrements du contrat."""

import logging
import os
import shutil
from types import MappingProxyType

import caches
from pelican import signals
from pelican.generators import Generator

import contrat
import formats
from contrat import regles

from . import rapport


logger = logging.getLogger(__name__)

# Le dossier de content/ où l'on peut écrire à la main l'éditorial d'une année : rapports/2020.md.
DOSSIER_TEXTES = regles.dossier_du_type("rapport")


def chemin_pdf(annee):
    return f"rapports/{annee}/rapport-activite-{annee}.pdf"


class GenerateurRapports(Generator):
    """Calcule les rapports pendant la lecture (les autres pages en ont besoin), puis les écrit."""

    def generate_context(self):
        site = contrat.site_du_build(self.context)
        self.rapports = rapport.rapports_annuels(
            site.passes(), self.settings["POLES"], self.settings["NATURES"], self.settings["CHIFFRES"]
        )
        self.textes = self._textes_rediges(site.textes_rapports, {r.annee for r in self.rapports})
        self.annee_courante = site.aujourdhui.year
        # L'espace presse (presse.html, une page de content/pages/) montre les chiffres clés d'une année.
        self.context["RAPPORT_CHIFFRES_CLES"] = rapport.rapport_des_chiffres_cles(self.rapports)
        self.site = site

    @staticmethod
    def _textes_rediges(textes, annees):
        """Les textes écrits à la main (lus par le contrat) des années qui ont un rapport ; les autres sont signalés."""
        for annee in sorted(set(textes) - annees):
            logger.warning(
                "%s/%s.md : aucun document publié n'est daté de %s ; ce texte n'apparaît nulle part.",
                DOSSIER_TEXTES, annee, annee,
            )
        return {annee: texte for annee, texte in textes.items() if annee in annees}

    def generate_output(self, writer):
        relatives = self.settings["RELATIVE_URLS"]
        gabarit_pdf = self.get_template("rapports_pdf")
        gabarit_annee = self.get_template("rapports_annee")
        # GENERER_PDF = False (banc d'essai) : ni PDF ni lien vers un PDF.
        generer_pdf = self.settings.get("GENERER_PDF", True)
        tailles = {}
        pdf_ecrits = {}  # {année: adresse du PDF écrit} : la page des publications les liste
        if generer_pdf:
            # WeasyPrint ne se charge que s'il y a des PDF à faire (~0,5 s ; pas avec GENERER_PDF = False).
            import rendu_pdf

            cache = caches.CachePdf(os.path.join(self.settings["CACHE_PATH"], "rapports"), rendu_pdf.VERSION)

            # Le PDF ne lit que les fichiers du thème et de content/images/ ; une adresse /images/… d'un
            # texte du rapport se lit comme sur le site publié.
            canonique = self.settings["SITE_CANONIQUE"].rstrip("/")
            recuperateur = rendu_pdf.Recuperateur(self.theme, self.path, canonique,
                                                  images=caches.images_publiees(self.settings))
        for r in self.rapports:
            texte = self.textes.get(r.annee)
            editorial, conclusion = rapport.separer_conclusion(texte.content) if texte else ("", "")
            precedente, suivante = rapport.annees_voisines(self.rapports, r.annee)
            variables = {
                "rapport": r,
                "texte": texte,
                "editorial": editorial,
                "conclusion": conclusion,
                "en_cours": r.annee >= self.annee_courante,
                "pdf": chemin_pdf(r.annee) if generer_pdf else None,
                "annee_avant": precedente,
                "annee_apres": suivante,
            }
            if generer_pdf:
                # Le PDF d'abord : la page annonce sa taille.
                html = gabarit_pdf.render({**self.context, **variables})
                nom = f"rapport-activite-{r.annee}"
                base = formats.adresse_absolue(canonique, f"rapports/{r.annee}/")
                try:
                    en_cache = cache.obtenir(nom, cache.cle(html), lambda: rendu_pdf.rendre(html, base, recuperateur),
                                             quoi=f"du rapport « {nom} »")
                except rendu_pdf.PdfRefuse as refus:
                    # Une erreur de build qui nomme le texte du rapport : le site n'est pas construit.
                    source = f"content/{DOSSIER_TEXTES}/{r.annee}.md" if texte else f"Le rapport {r.annee}"
                    logger.error("%s : le PDF « %s » n'a pas été produit : %s.", source, variables["pdf"], refus)
                    continue
                destination = os.path.join(self.output_path, variables["pdf"])
                os.makedirs(os.path.dirname(destination), exist_ok=True)
                shutil.copyfile(en_cache, destination)
                tailles[r.annee] = formats.taille_fr(os.path.getsize(destination))
                pdf_ecrits[r.annee] = variables["pdf"]
            writer.write_file(
                f"rapports/{r.annee}/index.html", gabarit_annee, self.context, relative_urls=relatives,
                pdf_taille=tailles.get(r.annee), **variables,
            )
        self.site.productions.deposer("pdf_des_rapports", MappingProxyType(pdf_ecrits), par="rapports")
        if generer_pdf:
            journal = cache.terminer()
            logger.info("Rapports : %d PDF rendu(s) %s, %d repris du cache.",
                        len(journal["rendus"]), journal["rendus"], len(journal["reutilises"]))
        writer.write_file(
            "rapports/index.html", self.get_template("rapports"), self.context, relative_urls=relatives,
            rapports=self.rapports, tailles=tailles,
        )


def generateur(_pelican):
    return GenerateurRapports


def register():
    # Un générateur à nous : il lit après les articles et les pages, et écrit par le writer de Pelican
    # (les pages passent ainsi par content_written, donc dans le plan du site).
    signals.get_generators.connect(generateur)
