"""Tâches du site Tous Migrants (invoke). Le Makefile ne fait que préparer .venv et appeler ces tâches.

Chaque tâche appelle la bibliothèque `outils/` (que les tests importent aussi) ; importer `outils` met
`plugins/` sur le chemin des imports."""

import os
import shutil
import sys
import time

from invoke import task

from outils import CONFIG, RACINE, construction, depot, erreurs, installations, modeles, publication, servir
from outils.erreurs import sortir


def sans_trace(commande, inchange):
    """Les tâches des bénévoles : une erreur imprévue donne un message court en français, jamais de traceback."""
    return erreurs.sans_trace(commande, inchange, lambda: CONFIG["derniere_erreur"], RACINE)


@task
@sans_trace("make check", "Rien n'a été construit ni publié.")
def check(c):
    """Vérifie le contenu (en-têtes, dates, listes fermées, adresses, liens internes) sans construire le site."""
    compte, probleme = construction.verifier_contenu(construction.reglages())
    if probleme:
        sortir(probleme)
    print(f"Contenu valide : {compte}.")


@task
@sans_trace("make build", "Rien n'a été publié ; le dossier output/ n'a pas changé.")
def build(c, recherche=True):
    """Construit le site dans output/ (l'ancien output/ reste en place si le build échoue)."""
    construction.journal()
    debut = time.monotonic()
    try:
        fait = construction.construire(recherche=recherche)
    except construction.BuildRefuse as erreur:
        sortir(str(erreur))
    print(f"Site construit dans output/ en {time.monotonic() - debut:.0f} s : {fait.compte}.")
    construction.dire_avertissements(fait)


@task
@sans_trace("make serve", "Rien n'a été publié ; l'aperçu est arrêté (relancez make serve).")
def serve(c, port=CONFIG["port"]):
    """Aperçu sur http://127.0.0.1:8000 (make serve PORT=8001 : un autre port), reconstruit à chaque enregistrement."""
    servir.servir(port, "make serve")


# Invoke n'accepte pas de troisième argument positionnel facultatif : la langue se donne par --langue.
@task
def new(c, type, titre, langue=""):
    """Crée un fichier prêt à remplir : invoke new communique "Titre du communiqué" (ou lettre, fiche, action, publication),
    ou une traduction : invoke new traduction <slug de la fiche> --langue <langue>."""
    if type == "traduction":
        modeles.nouvelle_traduction(construction.reglages(), titre, langue)
    else:
        modeles.nouveau(construction.reglages(), type, titre)


@task
@sans_trace("make publish", "Rien n'a été publié : le site en ligne n'a pas changé.")
def publish(c, remote=CONFIG["remote"]):
    """Publie tousmigrants.org : build avec publishconf.py, liens vérifiés, branche gh-pages poussée sur `remote`."""
    construction.journal()
    debut = time.monotonic()
    # Sans node_modules, le site publié perdrait l'éditeur /admin/ : on l'installe avant le build (Node 20 est
    # requis), une fois le dépôt vérifié (un refus pour un fichier non enregistré n'attend pas npm).
    try:
        publiee = publication.publier(distant=remote,
                                      preparer=lambda: installations.installer_npm(c) if shutil.which("npm") else None)
    except publication.PublicationRefusee as erreur:
        sortir(str(erreur))
    publication.dire(publiee, time.monotonic() - debut)


@task
@sans_trace("make enregistrer", "Rien n'a été publié.")
def enregistrer(c, message=None, remote=CONFIG["remote"]):
    """Enregistre les changements de content/ (un commit avec MESSAGE) et les envoie sur main : make enregistrer MESSAGE="…"."""
    message = os.environ.get("MESSAGE", "") if message is None else message
    try:
        print(depot.enregistrer(RACINE, message, remote))
    except depot.GitRefuse as erreur:
        sortir(str(erreur))


@task
@sans_trace("make recuperer", "Rien n'a été publié.")
def recuperer(c, remote=CONFIG["remote"]):
    """Récupère les changements envoyés par les autres sur main (git pull --rebase), en gardant les vôtres."""
    try:
        print(depot.recuperer(RACINE, remote))
    except depot.GitRefuse as erreur:
        sortir(str(erreur))


@task
def test(c, options="", rapide=False):
    """Toute la suite de tests (prépare d'abord les outils npm et le navigateur) ; --rapide : sans le navigateur."""
    installations.preparer_outils(c)
    if rapide:
        options = f'-m "not navigateur" {options}'
    # Deux processus ou plus (pytest-xdist), un fichier de tests entier par processus : les sites construits
    # pour un fichier ne le sont qu'une fois ; le vrai site l'est une fois pour tous (tests/conftest.py).
    c.run(f"{sys.executable} -m pytest -n auto --dist loadfile {options}", pty=False)


@task
@sans_trace("make edit", "Rien n'a été publié ; l'éditeur local est arrêté.")
def edit(c, port=CONFIG["port"]):
    """L'éditeur visuel en local : http://127.0.0.1:8000/admin/ écrit dans content/ (Decap CMS et son serveur local)."""
    servir.editer(c, port)


@task
def bench(c, options=""):
    """Banc d'essai : le site entier contre Pelican nu, à 1000 et 4000 documents ; écrit bench/results.md, puis les scores Lighthouse (10 à 13 min)."""
    c.run(f"{sys.executable} {os.path.join(RACINE, 'bench', 'banc.py')} {options}", pty=False)
    # Puis les scores Lighthouse du site de output/ (une mesure, pas un test) ; s'il manque quelque chose, il le dit.
    c.run(f"{sys.executable} {os.path.join(RACINE, 'bench', 'lighthouse.py')}", pty=False, warn=True)
