"""Le ramasse-miettes de Python pendant un build.

Ce n'est pas un plugin : le build (outils/construction.py) règle le ramasse-miettes pour tout le build, et les plugins
qui rendent des PDF le remettent à ses seuils ordinaires le temps d'un rendu.

Un build crée des centaines de milliers d'objets qui vivent jusqu'à sa fin (documents, arbres Markdown,
pages) ; avec les seuils par défaut, Python les reparcourt un millier de fois pour presque rien libérer
(0,6 s sur un build de 12 s à 4 000 documents). Avec des seuils plus hauts : 0,3 s, pour une dizaine
de Mio de plus en pointe (mesuré par bench/). WeasyPrint, lui, laisse à chaque PDF beaucoup de
déchets cycliques : avec les seuils hauts, ils s'accumulaient (+60 Mio pour 60 PDF).
"""

import contextlib
import gc

SEUILS_PENDANT_LE_BUILD = (50_000, 20, 20)
SEUILS_ORDINAIRES = (700, 10, 10)  # ceux de CPython


@contextlib.contextmanager
def pendant_le_build():
    seuils = gc.get_threshold()
    gc.freeze()  # ce qui existe avant le build (modules, réglages) n'est plus reparcouru
    gc.set_threshold(*SEUILS_PENDANT_LE_BUILD)
    try:
        yield
    finally:
        gc.set_threshold(*seuils)
        gc.unfreeze()  # `make serve` enchaîne les builds : rien ne reste gelé d'un build à l'autre


@contextlib.contextmanager
def seuils_ordinaires():
    seuils = gc.get_threshold()
    gc.set_threshold(*SEUILS_ORDINAIRES)
    try:
        yield
    finally:
        gc.set_threshold(*seuils)
