"""Branchement des chiffres dans Pelican : un générateur qui calcule les figures à partir des
enregistrements du contrat (les rapports, l'espace presse et la chronologie les montrent), puis écrit
/chiffres/, /chiffres.csv et /chiffres.json."""

import os

from pelican import signals
from pelican.generators import Generator

import calendrier
import contrat

from . import chiffres, graphiques


class GenerateurChiffres(Generator):
    """Calcule les figures pendant la lecture (rapports, presse et chronologie les montrent), puis écrit /chiffres/."""

    def generate_context(self):
        site = contrat.site_du_build(self.context)
        self.figures = graphiques.Figures(site.passes(), site.aujourdhui, self.settings["POLES"], self.settings["CHIFFRES"])
        self.context["CHIFFRES_FIGURES"] = self.figures

    def _export(self, nom, texte):
        """Des données, pas des pages : écrites telles quelles, hors du plan du site."""
        with open(os.path.join(self.output_path, nom), "w", encoding="utf-8", newline="") as fichier:
            fichier.write(texte)

    def generate_output(self, writer):
        writer.write_file(
            "chiffres/index.html", self.get_template("chiffres"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"], canonical_url="chiffres/",
        )
        base, _ = calendrier.adresses(self.settings)
        donnees = chiffres.donnees(self.figures.series, base)
        self._export("chiffres.json", chiffres.json_texte(donnees))
        self._export("chiffres.csv", chiffres.csv_texte(donnees))


def generateur(_pelican):
    return GenerateurChiffres


def register():
    # Comme les rapports : un générateur qui lit après les articles et les pages ; ce qu'il met dans le
    # contexte est là avant la première page écrite (generate_context passe avant tout generate_output).
    signals.get_generators.connect(generateur)
