"""Branchement des chiffres dans Pelican : un générateur qui calcule les figures à partir des
enregistrements du contrat (les rapports, l'espace presse et la chronologie les montrent), puis écrit
/chiffres/, /chiffres.csv et /chiffres.json."""

import os

from pelican import signals
from pelican.generators import Generator

import calendrier
import contrat
from contrat import dates

from . import chiffres, graphiques


class Figures:
    """Ce que les gabarits reçoivent : des figures toutes calculées."""

    def __init__(self, enregistrements, jour, reglages):
        publies = contrat.records.passes(enregistrements, jour)
        self.series = chiffres.series(publies, reglages["CHIFFRES"])
        # /chiffres/ : chaque clé sur toutes ses années.
        self.par_cle = [graphiques.figure_serie(s, f"chiffre-{s.cle}") for s in self.series]
        # L'espace presse : la dernière année qui porte au moins un chiffre.
        self.derniere_annee = max((p.annee for s in self.series for p in s.points), default=None)
        annees = sorted({r.date.year for r in publies if r.type == "action"})
        # Un rapport, l'espace presse : les clés de l'année, comparées aux années d'avant.
        self.de_l_annee = {
            annee: [graphiques.figure_serie(s.jusqu_a(annee), f"chiffres-{annee}-{s.cle}", annee)
                    for s in self.series if s.point(annee)]
            for annee in annees
        }
        self.poles = {
            annee: graphiques.figure_poles(chiffres.actions_par_pole(publies, annee, reglages["POLES"]),
                                           annee, f"poles-{annee}")
            for annee in annees
        }
        bande = chiffres.bande_mois(publies, jour, reglages["POLES"])
        self.bande = bande and graphiques.figure_bande(
            bande, "bande-mois", lambda m: (f"#{m.ancre}", dates.date_fr(m.debut, dates.MOIS)))


class GenerateurChiffres(Generator):
    def generate_context(self):
        self.figures = Figures(contrat.enregistrements(self.context), contrat.aujourdhui(self.settings), self.settings)
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
