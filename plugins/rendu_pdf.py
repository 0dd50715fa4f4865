"""Le seul chemin vers un PDF du site (rapports, fiches, recueil, et tout PDF à venir) : WeasyPrint,
avec un récupérateur qui ne lit que les fichiers du site et rien d'autre.

WeasyPrint lit tout ce qu'une page lui désigne : `file:` n'importe où sur le disque, le réseau, et il
joint au PDF les fichiers de `<link rel="attachment">` / `<a rel="attachment">`. Un texte écrit dans
content/ pourrait ainsi faire publier `.git/config` (qui contient un jeton pendant une publication)
ou `/proc/self/environ` dans un PDF public. Ici :
- seuls les fichiers sous le dossier static du thème et sous content/images/ sont lus, par leur
  chemin (`file:`) ou par leur adresse sur le site publié (https://tousmigrants.org/images/…) ;
- tout le reste (un autre fichier, un autre site, ftp…) est refusé, et une seule demande refusée
  arrête le rendu : le PDF n'est pas produit, le build est refusé avec un message en français ;
- aucune pièce jointe : un PDF qui en demande une est refusé avant d'être écrit.

Sans Pelican : du HTML et des feuilles de style en entrée, des octets en sortie.
"""

import logging
import os
import sys
import urllib.parse
import urllib.request

import caches
import memoire
import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher


def _sans_avertissement_harfbuzz(record):
    # Sans libharfbuzz-subset (Debian : libharfbuzz-subset0), WeasyPrint réduit les polices avec
    # fontTools, aussi bien, et le dit en anglais pour chaque police de chaque build : rien à faire pour
    # la personne qui construit le site.
    return not str(record.msg).startswith("Using fontTools instead of HarfBuzz-Subset")


logging.getLogger("weasyprint").addFilter(_sans_avertissement_harfbuzz)


class PdfRefuse(Exception):
    """Le PDF n'a pas été produit ; le message, en français, dit pourquoi et quoi faire."""


_CONSEIL = ("un PDF du site ne peut montrer que les images de content/images/ "
            "(par exemple ![Légende](/images/carte.png)) et les fichiers du thème")


class Recuperateur(URLFetcher):
    """Le `url_fetcher` de tous les PDF du site.

    `theme` : le dossier du thème (son sous-dossier static/ est lisible) ; `contenu` : le dossier
    content/ (son sous-dossier images/ est lisible) ; `site` : l'adresse du site publié, dont les
    adresses /theme/… et /images/… désignent ces mêmes fichiers. `refus` garde chaque demande refusée.
    `images` : le dossier des images telles que le site les publie (réencodées, sans métadonnées ni
    position GPS), lu à la place de content/images/ ; le build le donne toujours.
    """

    def __init__(self, theme, contenu, site="", images=None):
        # fail_on_errors : toute demande qui échoue arrête le rendu, au lieu d'un avertissement anglais.
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self._dossiers = {
            "theme/": os.path.realpath(os.path.join(theme, "static")),
            "images/": os.path.realpath(images or os.path.join(contenu, "images")),
        }
        self._site = site.rstrip("/") + "/" if site else None
        self.refus = []

    def _refuser(self, url, raison):
        self.refus.append(f"« {url[:120]} » : {raison}")
        raise FatalURLFetchingError(raison)

    def _fichier(self, url):
        """Le fichier du site que désigne `url`, ou None."""
        sans_fragment = url.split("#", 1)[0].split("?", 1)[0]
        if self._site and sans_fragment.startswith(self._site):
            reste = sans_fragment[len(self._site):]
            for prefixe, dossier in self._dossiers.items():
                if reste.startswith(prefixe):
                    return os.path.join(dossier, urllib.parse.unquote(reste[len(prefixe):]))
            return None
        if sans_fragment.lower().startswith("file:"):
            return urllib.request.url2pathname(urllib.parse.urlsplit(sans_fragment).path)
        return None

    def fetch(self, url, headers=None):
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)  # une donnée écrite dans la page même : rien n'est lu
        chemin = self._fichier(url)
        if chemin is None:
            self._refuser(url, f"cette adresse n'est pas un fichier du site ; {_CONSEIL}")
        # realpath : un « .. » ou un lien symbolique ne font pas sortir des deux dossiers permis.
        try:
            reel = os.path.realpath(chemin)
        except ValueError:  # un caractère nul (%00) dans le chemin
            self._refuser(url, "ce nom de fichier contient un caractère invisible")
        if not any(os.path.commonpath([reel, dossier]) == dossier for dossier in self._dossiers.values()):
            self._refuser(url, f"ce fichier est hors des dossiers permis ; {_CONSEIL}")
        if not os.path.isfile(reel):
            self._refuser(url, "ce fichier n'existe pas ; vérifiez le nom de l'image dans content/images/")
        return super().fetch("file://" + urllib.request.pathname2url(reel), headers)


def _pieces_jointes(document):
    """Les pièces jointes qu'un document rendu demanderait (<link rel="attachment">, <a rel="attachment">)."""
    pieces = ['<link rel="attachment">'] * len(document.metadata.attachments)
    for page in document.pages:
        pieces += [cible for genre, cible, *_ in page.links if genre == "attachment"]
    return pieces


def rendre(html, base_url, recuperateur, feuilles=()):
    """Un document HTML (et ses feuilles de style, en texte) -> les octets du PDF, ou PdfRefuse."""
    recuperateur.refus = []  # un récupérateur sert à plusieurs PDF : chacun ne répond que de ses demandes
    try:
        with memoire.seuils_ordinaires():  # les déchets de WeasyPrint partent au fil des PDF
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=recuperateur).render(
                stylesheets=[weasyprint.CSS(string=css, url_fetcher=recuperateur) for css in feuilles]
            )
            pieces = _pieces_jointes(document)
            if pieces:
                raise PdfRefuse(
                    f"il demande de joindre un fichier au PDF ({str(pieces[0])[:120]}) ; un PDF du site ne "
                    "joint aucun fichier : retirez le rel=\"attachment\" (un lien ordinaire suffit)"
                )
            octets = document.write_pdf()  # jamais d'attachments= : aucune pièce jointe, d'où qu'elle vienne
    except FatalURLFetchingError as erreur:
        # La raison est dans recuperateur.refus ; sinon, un fichier permis n'a pas pu être lu.
        raison = recuperateur.refus[0] if recuperateur.refus else f"un fichier n'a pas pu être lu ({erreur})"
    else:
        if not recuperateur.refus:
            return octets
        raison = recuperateur.refus[0]
    raise PdfRefuse(f"il demande un fichier que le site ne lit pas : {raison}")


# Ce qui fait un PDF, en plus de son HTML : le moteur de rendu et ce module. Les caches de PDF en
# tiennent compte : un PDF rendu par un ancien récupérateur (qui laissait passer une pièce jointe)
# n'est jamais repris.
VERSION = f"{weasyprint.__version__} {caches.empreinte_du_code(sys.modules[__name__])[:12]}"
