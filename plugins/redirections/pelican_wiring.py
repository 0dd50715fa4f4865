"""Branchement : un générateur qui écrit une petite page de redirection à chaque ancienne adresse."""

from pelican import signals
from pelican.generators import Generator

import contrat

from . import anciennes_adresses


class GenerateurRedirections(Generator):
    """Une page par ancienne adresse : redirection immédiate, lien canonique, lien visible, noindex."""

    def generate_context(self):
        self.redirections = anciennes_adresses.redirections(contrat.enregistrements(self.context))
        # Ces pages ne sont pas du contenu : le plan du site (lu à la fin du build dans ce même dict de
        # réglages) les ignore. Une nouvelle liste, pour ne rien changer à celle de pelicanconf.py.
        self.settings["PLAN_DU_SITE_EXCLUSIONS"] = [
            *self.settings.get("PLAN_DU_SITE_EXCLUSIONS", ()),
            *anciennes_adresses.motifs_exclus(self.redirections),
        ]

    def generate_output(self, writer):
        gabarit = self.get_template("redirection")
        for redirection in self.redirections:
            writer.write_file(
                redirection.fichier, gabarit, self.context, relative_urls=self.settings["RELATIVE_URLS"],
                redirection=redirection,
            )


def ajouter_generateur(_pelican):
    return GenerateurRedirections


def register():
    # Pelican crée nos générateurs après ceux des articles et des pages : les enregistrements (et leurs
    # anciennes adresses) sont prêts quand generate_context() les demande.
    signals.get_generators.connect(ajouter_generateur)
