"""Branchement des images dans Pelican : réencodées au début du build, montrées par <picture> dans les
pages, publiées sous images/ (jamais le fichier de content/images/ tel quel), image de partage par document.

Ordre d'un build :
1. `article_generator_init` (avant toute lecture) : chaque image de content/images/ est réencodée, ou reprise
   du cache ; publiees/ reçoit les fichiers du site (les PDF, rendus plus tard, y lisent leurs images) ;
2. `content_object_init` (chaque document lu) : ses <img> deviennent des <picture>, sa première image devient
   son image de partage ;
3. `generate_output` : les fichiers publiés sont copiés dans output/images/.
"""

import logging
import os
import shutil
from types import MappingProxyType

import caches
import contrat
from pelican import signals
from pelican.generators import Generator

from . import cache as cache_images
from . import images

logger = logging.getLogger(__name__)

DOSSIER = "images"  # dans content/ comme sur le site
# Dans le contexte du build : nom relatif -> Photo, pour cette capacité seule (ses documents, sa copie) ; les
# autres capacités lisent le produit « images_publiees » des productions du build.
CLE = "IMAGES_PUBLIEES"


def dossier_cache(reglages):
    return os.path.dirname(caches.images_publiees(reglages))


def preparer(generator):
    # Au début de chaque build (et de chaque reconstruction de `make serve`) : rien ne survit d'un build à l'autre.
    reglages = generator.settings
    source = os.path.join(reglages["PATH"], DOSSIER)
    cache = cache_images.CacheImages(dossier_cache(reglages))
    photos = {}
    for repertoire, dossiers, fichiers in os.walk(source):
        dossiers[:] = sorted(d for d in dossiers if not d.startswith("."))
        for nom in sorted(fichiers):
            if nom.startswith(".") or not nom.lower().endswith(images.EXTENSIONS):
                continue  # le contrat refuse tout autre fichier ; un fichier caché n'est jamais publié
            chemin = os.path.join(repertoire, nom)
            relatif = os.path.relpath(chemin, source).replace(os.sep, "/")
            try:
                photos[relatif] = cache.obtenir(relatif, chemin)
            except images.ImageIllisible as erreur:
                logger.error("content/images/%s : ce fichier ne se lit pas comme une image (%s) ; exportez-le "
                             "à nouveau en JPEG ou en PNG depuis votre logiciel de photo.", relatif, erreur)
    for nom, une, autre in images.collisions(photos.values()):
        logger.error("content/images/%s et content/images/%s : les deux demandent le fichier publié images/%s ; "
                     "renommez l'une des deux (par exemple sans « -480 », « -partage » à la fin du nom).", une, autre, nom)
    journal = cache.terminer()
    if journal["encodees"]:
        logger.info("Images : %d réencodée(s) %s, %d reprise(s) du cache.",
                    len(journal["encodees"]), journal["encodees"], len(journal["reprises"]))
    generator.context[CLE] = photos


def montrer_images(contenu):
    # Chaque document lu (article, page) : ses images deviennent des <picture> ; la première, son image de partage.
    texte = getattr(contenu, "_content", None)
    photos = getattr(contenu, "_context", {}).get(CLE)
    if not isinstance(texte, str) or not photos or "<img" not in texte:
        return
    reglages = contenu.settings
    texte, premiere = images.remplacer_images(
        texte, photos, prefixe=f"{reglages.get('SITEURL', '')}/images/",
        sites=(reglages.get("SITEURL", ""), reglages.get("SITE_CANONIQUE", "")),
    )
    contenu._content = texte
    if premiere is not None:
        photo, alt = premiere
        contenu.image_partage = f"images/{photo.partage.nom}"
        contenu.image_partage_alt = alt


class GenerateurImages(Generator):
    """Copie dans le site les fichiers publiés des images (et seulement eux)."""

    def generate_context(self):
        # Le site du build existe (page_generator_finalized est passé) : les images publiées y deviennent un
        # produit, que /publications/ lit pour ses couvertures.
        contrat.site_du_build(self.context).productions.deposer(
            "images_publiees", MappingProxyType(dict(self.context.get(CLE, {}))), par="images")

    def generate_output(self, writer):
        publie = cache_images.dossier_publie(dossier_cache(self.settings))
        for photo in self.context.get(CLE, {}).values():
            for f in photo.fichiers:
                destination = os.path.join(self.output_path, DOSSIER, f.nom)
                os.makedirs(os.path.dirname(destination), exist_ok=True)
                shutil.copyfile(os.path.join(publie, f.nom), destination)


def generateur(_pelican):
    return GenerateurImages


def register():
    # Le premier générateur créé à chaque build, avant toute lecture : les images sont prêtes pour les
    # documents (leurs dimensions) et pour les PDF (les fichiers publiés).
    signals.article_generator_init.connect(preparer)
    # Chaque document, dès sa lecture : ses <img> prennent leurs variantes, ses dimensions, son chargement.
    signals.content_object_init.connect(montrer_images)
    # Après les articles et les pages : la copie des fichiers publiés dans output/images/.
    signals.get_generators.connect(generateur)
