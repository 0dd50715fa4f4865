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

Toutes les polices d'un PDF viennent de paquets PyPI épinglés et y sont incorporées : le texte latin avec
`POLICES_LATINES` (Noto Sans, Noto Serif), l'écriture arabe (arabe, dari, pachto) avec `POLICES_ARABES`
(Amiri). Rien ne dépend des polices installées sur la machine qui construit, et l'empreinte de chaque fichier
de police est dans la clé du cache des PDF (`VERSION`).
Quand plusieurs PDF sont à rendre, `rendre_plusieurs` les répartit sur les cœurs de la machine.

Sans Pelican : du HTML et des feuilles de style en entrée, des octets en sortie.
"""

import concurrent.futures
import importlib.resources
import logging
import os
import re
import sys
import urllib.parse
import urllib.request

import caches
import memoire
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

# Amiri (OFL 1.1), du paquet PyPI fontpkg-amiri épinglé dans requirements.txt : elle a toutes les lettres de
# l'arabe, du persan (dari) et du pachto (ټ ډ ړ ږ ښ ګ ڼ ې ۍ…), ce que DejaVu n'a pas (ۍ). Noto Sans Arabic les
# a aussi, mais elle dessine une lettre à points comme une forme sans point plus des points : le texte du PDF
# (copier, chercher, lecteur d'écran) en sortait faux (« هعه » pour « هغه ») ; celui d'Amiri est juste.
POLICES_ARABES = {graisse: importlib.resources.files("fontpkg_amiri") / "files" / f"Amiri-{nom}.ttf"
                  for graisse, nom in (("normal", "Regular"), ("bold", "Bold"))}
# Le nom sous lequel les feuilles de style des PDF la demandent : un nom à nous, qu'aucune police installée
# sur la machine ne porte (Fontconfig prendrait sinon celle-là).
FAMILLE_ARABE = "Tous Migrants Arabe"
# Les lettres, chiffres et signes de l'écriture arabe (et l'antiliant U+200C du persan) : le reste du texte
# (latin, chiffres 0-9) garde la police des PDF en français.
_PLAGES_ARABES = "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200F"
_ECRITURE_ARABE = re.compile("[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


# Noto Sans et Noto Serif (OFL 1.1), des paquets PyPI fontpkg-noto-sans et fontpkg-noto-serif épinglés dans
# requirements.txt : le texte latin de tous les PDF (fiches, rapports, traductions). Polices variables (toutes
# les graisses dans un fichier, l'italique dans un autre). Avant elles, les feuilles demandaient « DejaVu
# Sans » à Fontconfig : installer fonts-noto-core sur la machine changeait les PDF sans que le cache le voie.
# Les feuilles de style des PDF les demandent sous un nom à nous, qu'aucune police installée ne porte.
FAMILLE_SANS = "Tous Migrants Sans"
FAMILLE_SERIF = "Tous Migrants Serif"
POLICES_LATINES = {
    (famille, style): importlib.resources.files(paquet) / "files" / f"{nom}{suffixe}[wdth,wght].ttf"
    for famille, paquet, nom in ((FAMILLE_SANS, "fontpkg_noto_sans", "NotoSans"),
                                 (FAMILLE_SERIF, "fontpkg_noto_serif", "NotoSerif"))
    for style, suffixe in (("normal", ""), ("italic", "-Italic"))
}


def _url_de(chemin):
    return "file://" + urllib.request.pathname2url(str(chemin))


def _feuille_latine(familles):
    # Une règle par graisse, sur le même fichier variable : WeasyPrint 70 refuse une plage (« 100 900 ») en
    # @font-face, et Pango donne au fichier la graisse demandée.
    return "".join(
        f'@font-face {{ font-family: "{famille}"; font-style: {style}; font-weight: {graisse}; '
        f'src: url("{_url_de(chemin)}"); }}\n'
        for (famille, style), chemin in POLICES_LATINES.items() if famille in familles
        for graisse in ("normal", "bold")
    )


def _feuille_arabe():
    return "".join(
        f'@font-face {{ font-family: "{FAMILLE_ARABE}"; font-weight: {graisse}; '
        f'src: url("{_url_de(chemin)}"); unicode-range: {_PLAGES_ARABES}; }}\n'
        for graisse, chemin in POLICES_ARABES.items()
    )


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
        self._arguments = (theme, contenu, site, images)
        self._dossiers = {
            "theme/": os.path.realpath(os.path.join(theme, "static")),
            "images/": os.path.realpath(images or os.path.join(contenu, "images")),
        }
        # Nos polices se lisent aussi, par leur chemin seulement (`file:`) : aucune adresse du site n'y mène.
        self._permis = [*self._dossiers.values(), *{os.path.realpath(os.path.dirname(str(c))) for c in POLICES}]
        self._site = site.rstrip("/") + "/" if site else None
        self.refus = []

    def __reduce__(self):
        # Envoyé à un autre processus (rendre_plusieurs) par ses seuls réglages : l'ouvreur d'adresses de
        # WeasyPrint (et son contexte SSL) ne se copie pas d'un processus à l'autre.
        return (Recuperateur, self._arguments)

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
        if not any(os.path.commonpath([reel, dossier]) == dossier for dossier in self._permis):
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
    # La police arabe n'est chargée que pour un texte qui en a besoin : elle coûte du temps à chaque PDF.
    # WeasyPrint lit chaque police déclarée (2 Mo chacune) : seules celles que la page ou ses feuilles nomment.
    familles = {famille for famille in (FAMILLE_SANS, FAMILLE_SERIF) if famille in html or any(famille in f for f in feuilles)}
    feuilles = (_feuille_latine(familles), *((_feuille_arabe(),) if _ECRITURE_ARABE.search(html) else ()), *feuilles)
    polices = FontConfiguration()  # sans elle, WeasyPrint ignore les @font-face
    try:
        with memoire.seuils_ordinaires():  # les déchets de WeasyPrint partent au fil des PDF
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=recuperateur).render(
                stylesheets=[weasyprint.CSS(string=css, url_fetcher=recuperateur, font_config=polices)
                             for css in feuilles],
                font_config=polices,
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


class ErreurDeRendu(Exception):
    """Une erreur du moteur de rendu, rapportée d'un autre processus : `genre` est le nom de sa classe."""

    def __init__(self, genre, message):
        super().__init__(genre, message)
        self.genre, self.message = genre, message

    def __str__(self):
        return self.message


def _rendre_un(travail):
    html, base_url, recuperateur, feuilles = travail
    try:
        return rendre(html, base_url, recuperateur, feuilles)
    except PdfRefuse:
        raise
    except Exception as erreur:  # noqa: BLE001 : une exception de WeasyPrint ne se copie pas toujours d'un processus à l'autre
        raise ErreurDeRendu(type(erreur).__name__, str(erreur)) from None


def processus_pour(n):
    """Combien de processus pour rendre `n` PDF : un par cœur disponible, jamais plus que de PDF."""
    coeurs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(n, coeurs))


def rendre_plusieurs(travaux, processus=None):
    """[(html, base_url, recuperateur, feuilles)] -> [octets, ou l'exception qui a empêché ce PDF], dans l'ordre.

    Un PDF occupe un cœur pendant environ une demi-seconde (WeasyPrint est en pur Python) : quand plusieurs
    sont à rendre, chacun des `processus` (par défaut, un par cœur) en rend une part. Un seul PDF, ou un seul
    cœur : le rendu se fait ici, sans processus de plus. Une erreur (PdfRefuse, ErreurDeRendu) n'arrête pas
    les autres PDF ; elle est rendue à sa place dans la liste.
    """
    processus = processus or processus_pour(len(travaux))
    if processus <= 1 or len(travaux) <= 1:
        resultats = []
        for travail in travaux:
            try:
                resultats.append(_rendre_un(travail))
            except (PdfRefuse, ErreurDeRendu) as erreur:
                resultats.append(erreur)
        return resultats
    with concurrent.futures.ProcessPoolExecutor(max_workers=processus) as groupe:
        futurs = [groupe.submit(_rendre_un, travail) for travail in travaux]
        return [f.exception() or f.result() for f in futurs]


def produire(cache, demandes, recuperateur, feuilles, journal):
    """Les PDF d'un build, repris du cache (caches.CachePdf) ou rendus, ceux qui manquent en parallèle.

    `demandes` : [(nom dans le cache, url sur le site, html, base_url, source, quoi)] ; `source` est ce que
    le message d'erreur nomme (« content/fiches-pratiques/x.md »), `quoi` ce que le signe de vie annonce.
    Rend [caches.Telechargement, ou None pour un PDF refusé ou en erreur], dans l'ordre ; chaque erreur est
    une erreur de build dite en français dans `journal` (le site n'est pas publié), jamais une trace Python.
    """
    feuilles = tuple(feuilles)
    cles = [cache.cle(html, feuilles) for _, _, html, *_ in demandes]
    chemins = cache.obtenir_tous(
        [(nom, cle, (html, base_url, recuperateur, feuilles), quoi)
         for (nom, _, html, base_url, _, quoi), cle in zip(demandes, cles)],
        rendre_plusieurs)
    telechargements = []
    for (_, url, _, _, source, _), cle, chemin in zip(demandes, cles, chemins):
        if isinstance(chemin, PdfRefuse):
            journal.error("%s : le PDF « %s » n'a pas été produit : %s.", source, url, chemin)
        elif isinstance(chemin, BaseException):
            journal.error("Le PDF « %s » n'a pas pu être produit par WeasyPrint : %s: %s",
                          url, getattr(chemin, "genre", type(chemin).__name__), chemin)
        else:
            telechargements.append(caches.Telechargement(url, os.path.getsize(chemin), chemin, cle))
            continue
        telechargements.append(None)
    return telechargements


# Tous les fichiers de police que les PDF incorporent.
POLICES = (*POLICES_LATINES.values(), *POLICES_ARABES.values())


def empreinte_des_polices(chemins):
    """L'empreinte des octets des fichiers de police (et de leur ordre) : un fichier changé, une autre empreinte."""
    return caches.empreinte(*(chemin.read_bytes() for chemin in chemins))[:12]


# Ce qui fait un PDF, en plus de son HTML : le moteur de rendu, ce module et les fichiers de nos polices. Les
# caches de PDF en tiennent compte : un PDF rendu par un ancien récupérateur (qui laissait passer une pièce
# jointe) ou avec une autre police n'est jamais repris.
VERSION = f"{weasyprint.__version__} {caches.empreinte_du_code(sys.modules[__name__])[:12]} {empreinte_des_polices(POLICES)}"
