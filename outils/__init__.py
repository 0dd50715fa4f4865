"""La bibliothèque des tâches (tasks.py) : chaque tâche n'est qu'un appel à l'un de ces modules, que les tests
et le banc importent aussi.

Importer `outils` met `plugins/` sur le chemin des imports : c'est le seul endroit qui le fait pour les tâches,
les tests et le banc (pelicanconf.py le fait aussi, pour la commande `pelican` lancée seule).
"""

import os
import sys

RACINE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_PLUGINS = os.path.join(RACINE, "plugins")
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)

# Les lieux et les réglages par défaut des tâches (les options de `make` en changent certains).
CONFIG = {
    "settings_base": os.path.join(RACINE, "pelicanconf.py"),
    "settings_publish": os.path.join(RACINE, "publishconf.py"),
    "output": os.path.join(RACINE, "output"),
    "host": "127.0.0.1",
    "port": 8000,
    # GitHub Pages sert la branche gh-pages du dépôt ; `make publish REMOTE=…` en vise un autre.
    "remote": "origin",
    "branche_publiee": "gh-pages",
    # À part du cache de l'aperçu : les deux builds ne se disputent pas les PDF en cache.
    "cache_publication": os.path.join(RACINE, "cache", "publication"),
    # La trace complète d'une erreur imprévue : l'écran n'en montre qu'un message court (outils/erreurs.py).
    "derniere_erreur": os.path.join(RACINE, "cache", "derniere-erreur.txt"),
}
