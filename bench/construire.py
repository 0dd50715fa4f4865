"""Un build de notre site (A) sur un corpus du banc, dans ce processus-ci : bench/banc.py en lance un
par mesure, pour que la mémoire de pointe soit celle d'un seul build.

C'est le build de `make build` (construction.construire : thème, tous les plugins, dossier neuf puis échange),
sans l'index de recherche ; les PDF des fiches et des rapports seulement avec --pdf.

Usage : .venv/bin/python bench/construire.py --contenu DOSSIER --sortie DOSSIER --cache DOSSIER [--pdf]
"""

import argparse
import logging
import os
import sys
import time

RACINE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, RACINE)

from outils import construction  # noqa: E402

from bench import corpus  # noqa: E402

# Le réglage qui coupe le rendu des PDF (fiches et rapports d'activité) ; lu par les deux plugins.
REGLAGE_PDF = "GENERER_PDF"


def construire(contenu, sortie, cache, pdf=False):
    return construction.construire(
        destination=sortie,
        recherche=False,
        PATH=os.path.abspath(contenu),
        CACHE_PATH=os.path.abspath(cache),
        AUJOURDHUI=corpus.AUJOURDHUI,
        **{REGLAGE_PDF: pdf},
    )


def main(arguments=None):
    analyse = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    analyse.add_argument("--contenu", required=True)
    analyse.add_argument("--sortie", required=True)
    analyse.add_argument("--cache", required=True)
    analyse.add_argument("--pdf", action="store_true", help="rendre aussi les PDF des fiches et des rapports")
    analyse.add_argument("--profil", help="écrire le profil cProfile du build dans ce fichier")
    options = analyse.parse_args(arguments)
    construction.journal()  # les avertissements de Pelican sur la sortie d'erreur, comme `make build`
    debut = time.perf_counter()
    if options.profil:
        import cProfile

        profileur = cProfile.Profile()
        avertissements = profileur.runcall(construire, options.contenu, options.sortie, options.cache, options.pdf)
        profileur.dump_stats(options.profil)
    else:
        avertissements = construire(options.contenu, options.sortie, options.cache, options.pdf)
    logging.shutdown()
    print(f"build {time.perf_counter() - debut:.3f} s, {len(avertissements)} avertissement(s)")


if __name__ == "__main__":
    main()
