"""Branchement de l'éditeur dans Pelican : à chaque build, admin/config.yml depuis le contrat et les réglages,
le bundle de Decap CMS copié depuis node_modules/, et la page admin/index.html."""

import hashlib
import json
import logging
import os
import shutil

from pelican import signals
from pelican.generators import Generator

from contrat import regles

from . import configuration

logger = logging.getLogger(__name__)

RACINE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "editeur.js")

# Réglages facultatifs (pelicanconf.py ou publishconf.py) et leur valeur par défaut. Le dépôt et le service
# d'authentification n'en ont pas : ce sont ceux de l'association, à écrire dans publishconf.py quand ils
# existent (voir le README, « Écrire en ligne ») ; une valeur inventée publierait un éditeur qui ne marche pas.
DEFAUTS = {
    "EDITEUR_DEPOT": None,  # le dépôt GitHub, « propriétaire/nom »
    "EDITEUR_BRANCHE": "main",
    "EDITEUR_AUTHENTIFICATION": None,  # l'adresse du service OAuth
    "EDITEUR_EN_LIGNE": False,  # vrai pour le site publié (publishconf.py) : /admin/ y enregistre sur GitHub
    "EDITEUR_PORT_LOCAL": configuration.PORT_LOCAL,  # celui de decap-server pour `make edit`
    "EDITEUR_DECAP": os.path.join(RACINE, "node_modules", "decap-cms"),  # installé par `npm ci`
}


def reglage(settings, nom):
    return settings.get(nom, DEFAUTS[nom])


def reglages_manquants(settings):
    """Les réglages qui manquent à l'éditeur en ligne d'un build public ([] : il est configuré, ou le build
    est local, où l'éditeur passe par decap-server)."""
    if not reglage(settings, "EDITEUR_EN_LIGNE"):
        return []
    return [nom for nom in ("EDITEUR_DEPOT", "EDITEUR_AUTHENTIFICATION") if not reglage(settings, nom)]


def _empreinte(chemin):
    # Le nom change avec le contenu : un navigateur ne garde pas un ancien editeur.js en cache.
    with open(chemin, "rb") as fichier:
        return hashlib.sha256(fichier.read()).hexdigest()[:10]


class GenerateurEditeur(Generator):
    """admin/config.yml, admin/decap-cms.js (et ses morceaux), admin/editeur.js, admin/index.html."""

    def generate_context(self):
        s = self.settings
        self.config = configuration.configuration(
            regles.Listes.depuis_reglages(s),
            depot=reglage(s, "EDITEUR_DEPOT"),
            branche=reglage(s, "EDITEUR_BRANCHE"),
            authentification=reglage(s, "EDITEUR_AUTHENTIFICATION"),
            site=s.get("SITE_CANONIQUE") or s.get("SITEURL", ""),
            port_local=reglage(s, "EDITEUR_PORT_LOCAL"),
        )
        paquet = reglage(s, "EDITEUR_DECAP")
        self.dist = os.path.join(paquet, "dist")
        self.bundle = configuration.fichiers_du_bundle(os.listdir(self.dist)) if os.path.isdir(self.dist) else []
        self.version = ""
        if self.bundle:
            with open(os.path.join(paquet, "package.json"), encoding="utf-8") as fichier:
                self.version = json.load(fichier)["version"]

    def generate_output(self, writer):
        dossier = os.path.join(self.output_path, "admin")
        os.makedirs(dossier, exist_ok=True)
        manquants = reglages_manquants(self.settings)
        if manquants:
            # Le site publié sans dépôt ni service d'authentification : pas d'éditeur (ni config.yml, ni Decap),
            # une page qui dit ce qui manque. `make publish` le dit une fois (outils/publication.py).
            writer.write_file("admin/index.html", self.get_template("admin-non-configure"), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], editeur_manquants=manquants)
            return
        with open(os.path.join(dossier, "config.yml"), "w", encoding="utf-8") as fichier:
            fichier.write(configuration.config_yaml(self.config))
        if self.bundle:
            for nom in self.bundle:
                shutil.copyfile(os.path.join(self.dist, nom), os.path.join(dossier, nom))
            shutil.copyfile(SCRIPT, os.path.join(dossier, "editeur.js"))
            gabarit = self.get_template("admin")
        else:
            # Un build sans node_modules (machine neuve, `make build` seul) est un build normal : le site est
            # complet, seule la page de l'éditeur explique quoi faire. Une information, pas un avertissement.
            logger.info("Éditeur visuel absent de admin/ : %s manque (lancez `npm ci`).", self.dist)
            gabarit = self.get_template("admin-absent")
        writer.write_file(
            "admin/index.html", gabarit, self.context, relative_urls=self.settings["RELATIVE_URLS"],
            editeur_version=self.version, editeur_script=_empreinte(SCRIPT),
            editeur_collections=[c["name"] for c in self.config["collections"]],
            editeur_securite=configuration.politique_de_securite(self.config),
        )


def ajouter_generateur(_pelican):
    return GenerateurEditeur


def register():
    # Un générateur de plus à chaque build : la configuration suit les réglages du moment (un pôle ajouté
    # dans pelicanconf.py est dans l'éditeur au build suivant) et la page passe par le writer de Pelican.
    signals.get_generators.connect(ajouter_generateur)
