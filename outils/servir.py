"""`make serve` et `make edit` : l'aperçu local, servi depuis output/ (outils/apercu.py) et reconstruit à chaque
enregistrement ; et, pour `make edit`, le serveur local de l'éditeur visuel à côté."""

import os
import shutil
import socket
import subprocess
import sys
import time

import watchfiles
from pelican.utils import FileChangeFilter

from outils import CONFIG, RACINE, apercu, construction, installations
from outils.erreurs import sortir

# Les plugins, sur le chemin des imports depuis `import outils`.
from editeur.pelican_wiring import reglage as reglage_editeur


def changements(settings):
    """Les lots de changements de fichiers sous content/, theme/ et pelicanconf.py, l'un après l'autre.

    Un seul observateur pour toute la session (Pelican en crée un par attente) : ce qui est enregistré
    pendant une reconstruction est gardé pour la suivante, au lieu d'être perdu."""
    chemins = [os.path.abspath(p) for p in (CONFIG["settings_base"], settings["THEME"], settings["PATH"]) if os.path.exists(p)]
    return watchfiles.watch(*chemins, watch_filter=FileChangeFilter(ignore_file_patterns=set(settings["IGNORE_FILES"])),
                            rust_timeout=0)


def reconstruire(etat, fichiers=None, deja_dits=None):
    """Construit l'aperçu, dit ce qui s'est passé dans le terminal et au navigateur (via `etat`) ; les
    avertissements de `deja_dits` (ceux des builds précédents de la session) ne sont pas répétés."""
    debut = time.monotonic()
    try:
        fait = construction.construire(recherche=False)
    except construction.BuildRefuse as erreur:
        etat.refusee(str(erreur))
        print(f"{erreur}\nLe navigateur affiche ces problèmes ; l'aperçu montre encore la version d'avant.",
              file=sys.stderr)
        return
    duree = f"{time.monotonic() - debut:.1f}".replace(".", ",")
    if fichiers is None:
        print(f"Site construit en {duree} s : {fait.compte}.")
    else:
        noms = ", ".join(fichiers[:3]) + (", …" if len(fichiers) > 3 else "")
        print(f"{construction.pluriel(len(fichiers), 'fichier modifié', 'fichiers modifiés')} ({noms}) : "
              f"site reconstruit en {duree} s, {fait.compte}.")
    construction.dire_avertissements(fait, deja_dits)
    etat.reussie("\n".join(f"- {p}" for p in fait.liens) or None)


def servir(port, commande):
    """Sert output/ sur 127.0.0.1:port et le reconstruit à chaque enregistrement, jusqu'à Ctrl+C."""
    construction.journal()
    settings = construction.reglages()
    etat = apercu.Etat()
    try:
        serveur = apercu.demarrer(CONFIG["output"], CONFIG["host"], port, etat)
    except apercu.PortOccupe:
        sortir(f"Le port {port} est déjà pris : un autre aperçu ({commande}) est sans doute ouvert dans un autre "
               f"terminal. Arrêtez-le là-bas avec Ctrl+C, ou prenez un autre port : {commande} PORT={int(port) + 1}")
    adresse = f"http://{CONFIG['host']}:{port}/"
    print(f"Aperçu : construction du site ; la page {adresse} se remplira toute seule…")
    deja_dits = set()  # les avertissements (fiches à relire, mentions légales…) : dits une fois par session
    try:
        reconstruire(etat, deja_dits=deja_dits)
        print(f"Aperçu : {adresse} (Ctrl+C pour arrêter). La page se recharge dès que vous sauvegardez un fichier.")
        for lot in changements(settings):
            fichiers = apercu.fichiers_changes(lot, RACINE)
            if fichiers:
                reconstruire(etat, fichiers, deja_dits)
    except KeyboardInterrupt:
        pass
    finally:
        serveur.shutdown()
        serveur.server_close()
    print("Aperçu arrêté.")


def attendre_port(hote, port, processus, delai=20):
    """Attend qu'un serveur lancé à part écoute ; False s'il s'est arrêté avant, ou n'écoute toujours pas."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin and processus.poll() is None:
        try:
            socket.create_connection((hote, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def editer(c, port):
    """L'éditeur visuel en local : decap-server écrit dans content/ ce qu'on enregistre sur /admin/ de l'aperçu."""
    if not shutil.which("node") or not shutil.which("npm"):
        sortir("L'éditeur visuel a besoin de Node.js 20 (avec npm) : installez-le, puis relancez `make edit`.")
    installations.installer_npm(c)
    port_cms = int(reglage_editeur(construction.reglages(), "EDITEUR_PORT_LOCAL"))
    # decap-server reçoit les enregistrements de l'éditeur et les écrit dans content/ ; il n'écoute que
    # sur cet ordinateur (127.0.0.1), et seulement les pages servies par lui-même (son réglage ORIGIN).
    serveur_cms = subprocess.Popen(
        [os.path.join(RACINE, "node_modules", ".bin", "decap-server")], cwd=RACINE,
        env={**os.environ, "PORT": str(port_cms), "BIND_HOST": CONFIG["host"], "GIT_REPO_DIRECTORY": RACINE,
             "MODE": "fs", "LOG_LEVEL": "warn"},
    )
    try:
        if not attendre_port(CONFIG["host"], port_cms, serveur_cms):
            sortir(f"Le serveur local de l'éditeur (decap-server) n'a pas démarré sur le port {port_cms} : "
                   "un autre `make edit` tourne-t-il déjà ?")
        print(f"Éditeur : http://{CONFIG['host']}:{port}/admin/ puis « Se connecter » ; il écrit dans content/. "
              'Pour mettre en ligne : make enregistrer MESSAGE="…" (le site en ligne suit tout seul).')
        servir(port, "make edit")
    finally:
        serveur_cms.terminate()
        serveur_cms.wait()
