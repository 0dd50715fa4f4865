"""Branchement dans Pelican : pour chaque lettre publiée, le courriel prêt à envoyer.

À côté de la page de la lettre, dans lettres/<slug>/ :
- lettre.eml : le message MIME (texte + HTML) à importer dans l'outil d'envoi ;
- lettre-email.html : la même partie HTML seule, pour les outils qui prennent du HTML collé.
"""

import datetime
import logging
import os
from zoneinfo import ZoneInfo

import contrat
from pelican import signals
from pelican.generators import Generator

from . import courriel
from .texte import html_vers_texte

logger = logging.getLogger(__name__)


class LettresEmail(Generator):
    """Écrit le courriel de chaque lettre, une fois le HTML des articles disponible."""

    def generate_context(self):
        self.lettres = [r for r in contrat.enregistrements(self.context) if r.type == "lettre"]

    def generate_output(self, writer):
        # Écrits directement, pas par writer.write_file : ces fichiers ne doivent passer par aucun
        # signal content_written, donc ni dans le sitemap ni chez un autre plugin.
        articles = {a.relative_source_path: a for a in self.context["articles"]}
        gabarit = self.get_template("email/lettre")
        site = self.settings["SITE_CANONIQUE"].rstrip("/")
        desinscription = self.settings.get("LETTRE_DESINSCRIPTION", courriel.DESINSCRIPTION)
        fuseau = ZoneInfo(self.settings["TIMEZONE"])
        for lettre in self.lettres:
            adresse_page = f"{site}/{lettre.url}"
            contenu = courriel.adresses_absolues(
                articles[lettre.source].content, adresse_page, alias=[self.settings["SITEURL"]]
            )
            for image in courriel.images_hors_site(contenu, site):
                logger.warning(
                    "%s : l'image %s n'est pas sur le site ; un courriel ne doit rien charger d'ailleurs. "
                    "Copiez-la dans content/images/ et liez-la par /images/…", lettre.source, image,
                )
            document = courriel.css_en_ligne(gabarit.render(
                self.context, lettre=lettre, contenu=contenu, adresse_page=adresse_page,
                desinscription=desinscription,
            ))
            message = courriel.message(
                sujet=lettre.title,
                nom=self.settings["SITENAME"],
                adresse=self.settings["CONTACT_PRESSE"],
                date=datetime.datetime.combine(lettre.date, datetime.time(), fuseau),
                texte=html_vers_texte(document),
                html_courriel=document,
            )
            dossier = os.path.join(self.output_path, os.path.dirname(articles[lettre.source].save_as))
            os.makedirs(dossier, exist_ok=True)
            with open(os.path.join(dossier, "lettre.eml"), "wb") as fichier:
                fichier.write(courriel.octets_eml(message))
            with open(os.path.join(dossier, "lettre-email.html"), "w", encoding="utf-8") as fichier:
                fichier.write(document)


def ajouter_generateur(pelican):
    return LettresEmail


def register():
    # Un générateur à nous : il passe après celui des articles, dont il lit le HTML rendu.
    signals.get_generators.connect(ajouter_generateur)
