"""`make serve` sur le vrai contenu : combien de temps entre l'enregistrement d'un communiqué et la page
servie qui montre le changement.

Tout se passe dans une copie du projet (dossier temporaire) : `invoke serve` y tourne sur un port libre,
avec son propre output/ et son propre cache ; le projet lui-même n'est pas touché. On attend le premier
build, puis on modifie un communiqué plusieurs fois, en interrogeant la page toutes les 20 ms.

Usage : .venv/bin/python bench/serve_latence.py
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

RACINE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, RACINE)  # lancé seul (python bench/serve_latence.py) comme depuis banc.py

from bench import corpus  # noqa: E402
PYTHON_SITE = os.path.join(RACINE, ".venv", "bin", "python")
# Ce qui n'est pas le projet : environnements, sorties, caches, outils de test.
IGNORES = (".venv", ".git", "node_modules", "output", "output.*", "output-*", ".output-*", "cache", ".cache",
           ".pytest_cache", "__pycache__", "bench", "*.pyc")
INTERVALLE = 0.02


def port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lire(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as reponse:
            return reponse.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def attendre(condition, limite):
    fin = time.perf_counter() + limite
    while time.perf_counter() < fin:
        if condition():
            return True
        time.sleep(INTERVALLE)
    return False


def _fin(journal, lignes=15):
    journal.flush()
    with open(journal.name, encoding="utf-8", errors="replace") as fichier:
        return "".join(fichier.readlines()[-lignes:])


def mesurer(editions=3, afficher=print):
    """Renvoie {"latences": [s, …]} ou {"erreur": "…"}."""
    copie = tempfile.mkdtemp(prefix="tm-serve-")
    journal = open(os.path.join(copie, "serve.log"), "w", encoding="utf-8")
    serveur = None
    try:
        projet = os.path.join(copie, "projet")
        shutil.copytree(RACINE, projet, ignore=shutil.ignore_patterns(*IGNORES), symlinks=True)
        dossier = os.path.join(projet, "content", "communiques")
        fichier = os.path.join(dossier, sorted(f for f in os.listdir(dossier) if f.endswith(".md"))[0])
        slug = corpus.slug_du_fichier(fichier)
        port = port_libre()
        url = f"http://127.0.0.1:{port}/communiques/{slug}/"
        # Son propre groupe de processus : on l'arrête (Ctrl+C) sans toucher à rien d'autre.
        serveur = subprocess.Popen([PYTHON_SITE, "-m", "invoke", "serve", "--port", str(port)], cwd=projet,
                                   stdout=journal, stderr=subprocess.STDOUT, start_new_session=True)
        if not attendre(lambda: lire(url) is not None, 120):
            return {"erreur": f"la page {url} n'a jamais été servie ; fin du journal :\n{_fin(journal)}"}
        time.sleep(1.0)  # le premier build est fini, la surveillance des fichiers a démarré
        latences = []
        for i in range(editions):
            marque = f"Correction-banc-{i}-{time.time_ns()}"
            with open(fichier, "a", encoding="utf-8") as f:
                f.write(f"\n{marque}\n")
            enregistre = time.perf_counter()
            if not attendre(lambda: marque in (lire(url) or ""), 30):
                return {"erreur": f"l'édition n° {i + 1} n'est pas apparue en 30 s ; fin du journal :\n{_fin(journal)}"}
            latences.append(time.perf_counter() - enregistre)
            afficher(f"  édition {i + 1} visible après {latences[-1]:.2f} s")
            time.sleep(1.0)
        return {"latences": latences}
    finally:
        if serveur is not None:
            if serveur.poll() is None:
                os.killpg(serveur.pid, signal.SIGINT)
                try:
                    serveur.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(serveur.pid, signal.SIGKILL)
                    serveur.wait()
        journal.close()
        shutil.rmtree(copie, ignore_errors=True)


if __name__ == "__main__":
    resultat = mesurer()
    print(resultat)
    sys.exit(1 if "erreur" in resultat else 0)
