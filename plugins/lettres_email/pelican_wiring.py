"""Branchement dans Pelican : pour chaque lettre publiée, le courriel prêt à envoyer.

À côté de la page de la lettre, dans lettres/<slug>/ :
- lettre.eml : le message MIME (texte + HTML) à importer dans l'outil d'envoi ;
- lettre-email.html : la même partie HTML seule, pour les outils qui prennent du HTML collé.
"""

import datetime
import hashlib
import logging
import os
from zoneinfo import ZoneInfo

import caches
import contrat
import formats
from pelican import signals
from pelican.generators import Generator

from . import courriel, texte
from .texte import html_vers_texte

logger = logging.getLogger(__name__)


CODE_COURRIEL = caches.empreinte_du_code(courriel, texte)


class LettresEmail(Generator):
    """Écrit le courriel de chaque lettre, une fois le HTML des articles disponible."""

    def generate_context(self):
        self.dossier_cache = os.path.join(self.settings["CACHE_PATH"], "lettres_email")
        self.site = contrat.site_du_build(self.context)
        self.lettres = self.site.du_type("lettre")

    def _courriel(self, lettre, rendu, fuseau):
        """(octets du .eml, HTML du courriel), repris du cache quand la lettre rendue n'a pas changé.

        Le CSS en ligne et la version texte coûtent ~3 ms par lettre : une retouche d'un autre document
        ne doit pas les refaire toutes. La clé couvre tout ce qui entre dans le message.
        """
        cle = hashlib.sha256(repr((
            CODE_COURRIEL, rendu, lettre.title, lettre.date, self.settings["SITENAME"], self.settings["CONTACT_PRESSE"],
        )).encode("utf-8")).hexdigest()[:24]
        chemin = os.path.join(self.dossier_cache, f"{lettre.slug}-{cle}")
        self.caches_utiles.update((chemin + ".eml", chemin + ".html"))
        if os.path.exists(chemin + ".eml") and os.path.exists(chemin + ".html"):
            with open(chemin + ".eml", "rb") as eml, open(chemin + ".html", encoding="utf-8") as html:
                return eml.read(), html.read()
        document = courriel.css_en_ligne(rendu)
        message = courriel.message(
            sujet=lettre.title,
            nom=self.settings["SITENAME"],
            adresse=self.settings["CONTACT_PRESSE"],
            date=datetime.datetime.combine(lettre.date, datetime.time(), fuseau),
            texte=html_vers_texte(rendu),  # le même texte, sans les attributs style à lire
            html_courriel=document,
        )
        eml = courriel.octets_eml(message)
        caches.ecrire(chemin + ".eml", eml)
        caches.ecrire(chemin + ".html", document.encode("utf-8"))
        return eml, document

    def generate_output(self, writer):
        # Écrits directement, pas par writer.write_file : ces fichiers ne doivent passer par aucun
        # signal content_written, donc ni dans le sitemap ni chez un autre plugin.
        gabarit = self.get_template("email/lettre")
        site = self.settings["SITE_CANONIQUE"].rstrip("/")
        desinscription = self.settings.get("LETTRE_DESINSCRIPTION", courriel.DESINSCRIPTION)
        fuseau = ZoneInfo(self.settings["TIMEZONE"])
        self.caches_utiles = set()
        for lettre in self.lettres:
            adresse_page = formats.adresse_absolue(site, lettre.url)
            contenu = courriel.adresses_absolues(
                self.site.html_de(lettre.source), adresse_page, alias=[self.settings["SITEURL"]]
            )
            for image in courriel.images_hors_site(contenu, site):
                logger.warning(
                    "%s : l'image %s n'est pas sur le site ; un courriel ne doit rien charger d'ailleurs. "
                    "Copiez-la dans content/images/ et liez-la par /images/…", lettre.source, image,
                )
            rendu = gabarit.render(
                self.context, lettre=lettre, contenu=contenu, adresse_page=adresse_page,
                desinscription=desinscription,
            )
            eml, document = self._courriel(lettre, rendu, fuseau)
            dossier = os.path.join(self.output_path, os.path.dirname(self.site.fichier_de(lettre.source)))
            os.makedirs(dossier, exist_ok=True)
            with open(os.path.join(dossier, "lettre.eml"), "wb") as fichier:
                fichier.write(eml)
            with open(os.path.join(dossier, "lettre-email.html"), "w", encoding="utf-8") as fichier:
                fichier.write(document)
        self._oublier_anciens_courriels()

    def _oublier_anciens_courriels(self):
        """Le cache ne garde que les courriels de ce build : une lettre retouchée ou supprimée n'y laisse
        pas son ancienne version (un seul parcours du dossier, pas un par lettre)."""
        if os.path.isdir(self.dossier_cache):
            for nom in os.listdir(self.dossier_cache):
                chemin = os.path.join(self.dossier_cache, nom)
                if chemin not in self.caches_utiles:
                    os.remove(chemin)


def ajouter_generateur(pelican):
    return LettresEmail


def register():
    # Un générateur à nous : il passe après celui des articles, dont il lit le HTML rendu.
    signals.get_generators.connect(ajouter_generateur)
