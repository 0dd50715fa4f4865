"""Empreintes pour les caches du build (pas un plugin : un petit module partagé).

Le code qui fabrique un fichier fait partie de la clé de son cache : changer ce code refait le fichier,
même si les données n'ont pas bougé.
"""

import hashlib


def empreinte_du_code(*modules):
    empreinte = hashlib.sha256()
    for module in modules:
        with open(module.__file__, "rb") as fichier:
            empreinte.update(fichier.read())
    return empreinte.hexdigest()
