"""Le cache des images publiées : chaque image n'est réencodée qu'une fois, tant qu'elle ne change pas.

Sans Pelican. Un dossier par image sous <CACHE_PATH>/images/, nommé par l'empreinte de ses octets, des
largeurs demandées et du code qui les fabrique (ce module et images.py, Pillow) : changer la photo, les
largeurs ou le code refait l'image ; rien d'autre. Un build tiède ne réencode rien (le journal le dit).

`publiees/` reçoit, à chaque build, exactement les fichiers que le site publie sous images/ (des liens
physiques vers le cache) : c'est là que les PDF lisent leurs images, jamais dans content/images/.
"""

import contextlib
import hashlib
import json
import os
import shutil
import sys

import caches
import PIL

from . import images

JOURNAL = "dernier-build.json"
PUBLIEES = "publiees"
CODE = caches.empreinte_du_code(images, sys.modules[__name__])


def dossier_publie(dossier_cache):
    return os.path.join(dossier_cache, PUBLIEES)


def cle(nom, octets, largeurs=images.LARGEURS):
    # Le nom en fait partie : les fichiers publiés portent son nom (la même photo sous deux noms, deux dossiers).
    return hashlib.sha256(repr((nom, hashlib.sha256(octets).hexdigest(), tuple(largeurs), CODE, PIL.__version__))
                          .encode("ascii")).hexdigest()[:24]


def _photo_depuis(description):
    f = lambda d: images.Fichier(d["nom"], d["largeur"], d["hauteur"])  # noqa: E731
    return images.Photo(description["nom"], f(description["original"]),
                        tuple(f(v) for v in description["variantes"]), f(description["partage"]))


def _description(photo):
    f = lambda x: {"nom": x.nom, "largeur": x.largeur, "hauteur": x.hauteur}  # noqa: E731
    return {"nom": photo.nom, "original": f(photo.original), "variantes": [f(v) for v in photo.variantes],
            "partage": f(photo.partage)}


class CacheImages:
    """Les images d'un build : `obtenir` réencode ou reprend, `terminer` publie, range et écrit le journal."""

    def __init__(self, dossier):
        self.dossier = dossier
        os.makedirs(dossier, exist_ok=True)
        self.encodees = []
        self.reprises = []
        self._utilises = {}  # clé -> Photo

    def obtenir(self, nom, chemin_source, largeurs=images.LARGEURS):
        """La `Photo` (sans octets) de content/images/<nom> ; ImageIllisible si Pillow ne la lit pas."""
        with open(chemin_source, "rb") as fichier:
            octets = fichier.read()
        cle_image = cle(nom, octets, largeurs)
        dossier = os.path.join(self.dossier, cle_image)
        description = os.path.join(dossier, "image.json")
        try:
            with open(description, encoding="utf-8") as entree:
                photo = _photo_depuis(json.load(entree))
            self.reprises.append(nom)
        except (OSError, ValueError, KeyError):
            # Un signe de vie : une photo de téléphone demande quelques secondes (dix fichiers à encoder).
            print(f"Préparation de l'image « {nom} » (tailles et formats, sans métadonnées)…", flush=True)
            photo = images.publier(nom, octets, largeurs)
            # La description s'écrit en dernier : un dossier sans elle (build interrompu) est refait.
            for f in photo.fichiers:
                caches.ecrire(os.path.join(dossier, f.nom), f.octets)
            caches.ecrire(description, json.dumps(_description(photo), ensure_ascii=False).encode("utf-8"))
            photo = photo.sans_octets()
            self.encodees.append(nom)
        self._utilises[cle_image] = photo
        return photo

    def terminer(self):
        """Remplit publiees/, retire les images qu'aucun fichier de content/images/ ne donne plus, écrit le journal."""
        publie = dossier_publie(self.dossier)
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(publie)
        for cle_image, photo in self._utilises.items():
            for f in photo.fichiers:
                cible = os.path.join(publie, f.nom)
                os.makedirs(os.path.dirname(cible), exist_ok=True)
                source = os.path.join(self.dossier, cle_image, f.nom)
                try:
                    os.link(source, cible)
                except OSError:
                    shutil.copyfile(source, cible)
        for nom in os.listdir(self.dossier):
            if nom not in self._utilises and nom not in (PUBLIEES, JOURNAL):
                chemin = os.path.join(self.dossier, nom)
                if os.path.isdir(chemin):
                    shutil.rmtree(chemin)
        journal = {"encodees": self.encodees, "reprises": self.reprises}
        caches.ecrire(os.path.join(self.dossier, JOURNAL), json.dumps(journal, ensure_ascii=False, indent=1).encode())
        return journal
