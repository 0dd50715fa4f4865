"""Branchement de l'agenda dans Pelican : /agenda/, /agenda.ics et les prochains rendez-vous de l'accueil."""

import os

from pelican import signals
from pelican.generators import Generator

import calendrier
import contrat

from . import agenda


class GenerateurAgenda(Generator):
    """/agenda/ et /agenda.ics, recalculés à chaque build : « aujourd'hui » est le jour du build."""

    def generate_context(self):
        site = contrat.site_du_build(self.context)
        self.jour = site.aujourdhui
        self.actions = agenda.a_venir(site.records, self.jour)
        # index.html montre les prochains rendez-vous quand il y en a.
        self.context["AGENDA_PROCHAINS"] = self.actions[: agenda.PROCHAINS]

    def generate_output(self, writer):
        writer.write_file(
            "agenda/index.html", self.get_template("agenda"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            agenda_actions=self.actions, agenda_en_cours={r.slug for r in self.actions if agenda.en_cours(r, self.jour)},
            canonical_url="agenda/", section_courante="agenda/",
        )
        base, domaine = calendrier.adresses(self.settings)
        with open(os.path.join(self.output_path, "agenda.ics"), "wb") as fichier:
            fichier.write(agenda.ics(self.actions, base, domaine))


def ajouter_generateur(_pelican):
    return GenerateurAgenda


def register():
    # Pelican crée nos générateurs après ceux des articles et des pages : le site du build est prêt
    # dans generate_context(), et AGENDA_PROCHAINS est dans le contexte avant l'écriture de l'accueil.
    signals.get_generators.connect(ajouter_generateur)
