"""Pelican « nu », la référence (B) du banc d'essai : thème par défaut, pelican-yaml-metadata, et rien d'autre.

Tout le reste garde la valeur par défaut de Pelican 4.12 (flux, pages d'auteur, archives, listes non
paginées…), comme un site créé sans réglage particulier. Le contenu et la sortie sont donnés en ligne de
commande par bench/banc.py.
"""

AUTHOR = "Tous Migrants"
SITENAME = "Tous Migrants"
SITEURL = ""
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
PLUGINS = ["yaml_metadata"]
