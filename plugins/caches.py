"""Petits outils partagés des caches du build (pas un plugin : un module commun).

- Le code qui fabrique un fichier fait partie de la clé de son cache : changer ce code refait le
  fichier, même si les données n'ont pas bougé (`empreinte_du_code`).
- Un fichier de cache s'écrit d'un coup (`ecrire`) : un build interrompu ou un build voisin ne laisse
  jamais sous le nom final un fichier tronqué, que le build suivant reprendrait tel quel.
"""

import contextlib
import hashlib
import os
import tempfile


def empreinte_du_code(*modules):
    empreinte = hashlib.sha256()
    for module in modules:
        with open(module.__file__, "rb") as fichier:
            empreinte.update(fichier.read())
    return empreinte.hexdigest()


def ecrire(chemin, octets):
    """Écrit `octets` dans un fichier provisoire du même dossier, puis le met à la place de `chemin`."""
    dossier = os.path.dirname(chemin)
    os.makedirs(dossier, exist_ok=True)
    descripteur, provisoire = tempfile.mkstemp(dir=dossier, suffix=".provisoire")
    try:
        with os.fdopen(descripteur, "wb") as fichier:
            fichier.write(octets)
        os.replace(provisoire, chemin)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(provisoire)
        raise


def annoncer_pdf(quoi):
    """Un signe de vie avant de rendre un PDF absent du cache : WeasyPrint y passe environ une seconde,
    et un premier build en rend une quinzaine (un quart de minute sans rien à l'écran sinon)."""
    print(f"Fabrication du PDF {quoi} (environ une seconde)…", flush=True)
