"""Les outils que le site ne contient pas : les paquets npm épinglés (éditeur visuel, outils de test),
Chromium, pdftotext et une police arabe (Noto) de Debian pour les tests."""

import os
import shutil
import subprocess

from outils import RACINE
from outils.erreurs import sortir

CHROMIUM = "/usr/bin/chromium"


def installer_npm(c):
    """Installe les outils npm épinglés de package-lock.json (tests, éditeur), s'ils manquent ou ont changé."""
    verrou = os.path.join(RACINE, "package-lock.json")
    temoin = os.path.join(RACINE, "node_modules", ".package-lock.json")
    if not os.path.exists(temoin) or os.path.getmtime(temoin) < os.path.getmtime(verrou):
        dossier = os.path.join(RACINE, "node_modules")
        if os.path.islink(dossier):
            # npm ci vide node_modules avant d'installer : à travers un lien, il viderait celui d'une autre copie.
            sortir(f"node_modules est un lien vers {os.path.realpath(dossier)}, installé pour un autre package-lock.json : "
                   "mettez-le à jour là-bas (npm ci), ou remplacez le lien par un vrai dossier.")
        print("Installation des outils npm épinglés (éditeur visuel, outils de test) dans node_modules : "
              "la première fois, une à deux minutes…", flush=True)
        # npm écrit son bilan en anglais (« added 865 packages ») : on le garde pour nous, sauf en cas d'échec.
        resultat = c.run("npm ci --no-audit --no-fund --no-progress --loglevel=error", pty=False, hide=True, warn=True)
        if not resultat.ok:
            sortir(f"L'installation des outils npm (npm ci) a échoué ; Node.js 20 et une connexion à Internet "
                   f"sont nécessaires. Message de npm :\n{(resultat.stdout + resultat.stderr).strip()}")
        print("Outils npm installés.")


def preparer_outils(c):
    """Installe ce dont les tests ont besoin : outils npm épinglés, et Chromium de Debian s'il manque."""
    installer_npm(c)
    if not os.path.exists(CHROMIUM) and shutil.which("apt-get") and os.geteuid() == 0:
        c.run("apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium poppler-utils", pty=False)
    if not shutil.which("pdftotext") and shutil.which("apt-get") and os.geteuid() == 0:
        c.run("apt-get install -y -qq --no-install-recommends poppler-utils", pty=False)
    # Les pages en arabe, dari et pachto comptent sur les polices du système (un téléphone les a) : sans police qui
    # couvre le pachto, les captures d'écran des tests montrent des carrés (ۍ…). Noto Naskh Arabic : fonts-noto-core.
    if shutil.which("fc-list") and shutil.which("apt-get") and os.geteuid() == 0 and not subprocess.run(
            ["fc-list", ":lang=ps"], capture_output=True, text=True).stdout.strip():
        c.run("apt-get install -y -qq --no-install-recommends fonts-noto-core", pty=False)
