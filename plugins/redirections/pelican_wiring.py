"""Branchement : un générateur qui écrit une petite page de redirection à chaque ancienne adresse."""

from pelican import signals
from pelican.generators import Generator

import contrat

from . import anciennes_adresses


class GenerateurRedirections(Generator):
    """Une page par ancienne adresse : redirection immédiate, lien canonique, lien visible, noindex."""

    def generate_context(self):
        site = contrat.site_du_build(self.context)
        self.redirections = anciennes_adresses.redirections(site.records)
        # Ces pages ne sont pas du contenu : le plan du site lit ce produit et les laisse hors de sitemap.xml.
        site.productions.deposer("pages_de_redirection", frozenset(r.adresse for r in self.redirections),
                                 par="redirections")

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
    # Pelican crée nos générateurs après ceux des articles et des pages : le site du build (et ses
    # anciennes adresses) sont prêts quand generate_context() les demande.
    signals.get_generators.connect(ajouter_generateur)
