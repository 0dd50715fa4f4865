"""Réglages du site publié sur https://tousmigrants.org (`make publish`) : ceux de pelicanconf.py,
sauf ce qui suit."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

# Liens absolus : une page copiée, un flux ou un courriel mène toujours au site en ligne.
SITEURL = SITE_CANONIQUE  # noqa: F405  (https://tousmigrants.org)
RELATIVE_URLS = False

# Flux Atom : actifs (FEED_ALL_ATOM, CATEGORY_FEED_ATOM de pelicanconf.py), avec des liens vers le site en ligne.
FEED_DOMAIN = SITEURL

# GitHub Pages sert le site sous ce nom de domaine tant que le fichier CNAME est à la racine.
EXTRA_PATH_METADATA = {**EXTRA_PATH_METADATA, "extra/CNAME": {"path": "CNAME"}}  # noqa: F405
IGNORE_FILES = [motif for motif in IGNORE_FILES if motif != "CNAME"]  # noqa: F405

# Un lien interne cassé refuse la publication (il n'est que signalé dans l'aperçu).
LIENS_INTERNES_CASSES = "refuser"

# L'éditeur en ligne (/admin/) enregistre dans le dépôt GitHub de l'association, à travers son service
# d'authentification : tant que EDITEUR_DEPOT et EDITEUR_AUTHENTIFICATION ne sont pas écrits ici, /admin/
# publié est une page qui le dit (voir le README, « Écrire en ligne »).
EDITEUR_EN_LIGNE = True
