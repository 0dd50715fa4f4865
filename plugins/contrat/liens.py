"""Les liens internes écrits dans le texte des documents : chacun doit mener à une adresse du site.

Pur : reçoit les documents lus par le contrat et la liste des fichiers statiques ; ne lit rien d'autre.
On lit le Markdown tel qu'il est écrit (et non les pages construites) pour nommer le fichier, la ligne
et le lien tels que la personne les a tapés. Les adresses des pages que les plugins écrivent eux-mêmes
(rapports, chronologie, agenda…) sont acceptées en bloc ; le vérificateur des pages construites
(outils/liens.py, à la publication) voit le détail, ainsi que les ancres « #… ».
"""

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from .regles import ADRESSES_RESERVEES, FICHIERS_RACINE, TYPES, Probleme, Sorties, slugify

# [texte](adresse "titre") et ![image](adresse) ; le texte peut contenir une paire de crochets.
# Le motif commence par « [ » (le « ! » d'une image est repris à part, voir liens_du_texte) : le moteur saute
# alors d'un crochet au suivant au lieu d'essayer chaque position d'un paragraphe (~7 fois plus rapide).
_LIEN = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^\s)>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
# [nom]: adresse (les liens « par référence »)
_REFERENCE = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?([^\s>]+)>?")
# <a href="…">, <img src="…"> écrits en HTML dans le Markdown
_HTML = re.compile(r"""<[a-zA-Z][^>]*?\s(?:href|src)\s*=\s*(["'])(.*?)\1[^>]*>""")
_CODE = re.compile(r"`+[^`]*`+")
_PAGINATION = re.compile(r"^(.*/)page/[1-9]\d*/$")
# Les dossiers de Pelican vérifiés un par un (fichiers/ : les PDF des publications) ; les autres dossiers
# réservés (feeds/, ceux des capacités…) sont acceptés en bloc.
VERIFIES_UN_PAR_UN = ("sujets", "images", "fichiers")
# Les catégories de Pelican : une page de liste par dossier d'articles.
CATEGORIES = ("communiques", "lettres", "fiches-pratiques", "actions")


@dataclass(frozen=True)
class Lien:
    ligne: int  # dans le fichier, à partir de 1
    ecrit: str  # tel qu'il est écrit dans le Markdown
    adresse: str


def liens_du_texte(corps, premiere_ligne):
    """Les liens du corps Markdown ; `premiere_ligne` est le numéro, dans le fichier, de sa première ligne."""
    en_code = False
    for i, ligne in enumerate(corps.split("\n")):
        if ligne.lstrip().startswith(("```", "~~~")):
            en_code = not en_code
            continue
        # Chaque forme de lien commence par « [ » ou « < » : une ligne sans l'un ni l'autre n'en a aucun.
        if en_code or ("[" not in ligne and "<" not in ligne):
            continue
        if "`" in ligne:
            ligne = _CODE.sub(lambda m: " " * len(m.group(0)), ligne)  # `[exemple](/x/)` est du code, pas un lien
        numero = premiere_ligne + i
        for m in _LIEN.finditer(ligne):
            # Le « ! » qui précède le crochet fait du lien une image : il fait partie du lien tel qu'écrit.
            debut = m.start()
            yield Lien(numero, "!" + m.group(0) if debut and ligne[debut - 1] == "!" else m.group(0), m.group(2))
        m = _REFERENCE.match(ligne)
        if m:
            yield Lien(numero, m.group(0).strip(), m.group(2))
        for m in _HTML.finditer(ligne):
            yield Lien(numero, m.group(0), m.group(2))


@dataclass(frozen=True)
class AdressesDuSite:
    pages: frozenset  # « communiques/un-slug/ », « » pour l'accueil
    dossiers_de_documents: tuple  # sous l'adresse d'un document, ses fichiers (lettre-email.html…)
    fichiers: frozenset  # fichiers statiques et fichiers écrits à la racine
    dossiers_statiques: tuple  # « images/ » : tout lien dessous doit viser un fichier présent
    sources: frozenset  # chemins des fichiers de content/, pour {filename}, {static}, {attach}
    categories: frozenset
    sujets: frozenset
    domaines: tuple  # les noms du site en ligne : un lien complet vers eux est un lien interne
    sections: tuple = ()  # dossiers dont Pelican ou une capacité écrit les pages : acceptés en bloc


def adresses_du_site(documents, fichiers_statiques, site_canonique="", substitutions=(), sorties=Sorties()):
    """Toutes les adresses qu'un lien peut viser. `fichiers_statiques` : {chemin dans content/: adresse} ;
    `sorties` : ce qu'écrivent les capacités (Listes.sorties)."""
    publies = [d for d in documents if not d.brouillon and d.type != "rapport"]
    pages = {"", "sujets/", "404.html"}
    # Une publication n'est pas un article : /publications/ est écrite par sa capacité, pas une rubrique ; une
    # traduction non plus (/ar/… est écrit par la capacité traductions).
    categories = {d.adresse.split("/", 1)[0] for d in publies if d.type not in ("page", "publication", "traduction", "accueil")}
    pages |= {f"{c}/" for c in categories}
    # Les pages des langues : l'index des fiches de chaque langue traduite (/ar/fiches-pratiques/).
    pages |= {d.adresse.rsplit("/", 2)[0] + "/" for d in publies if d.type == "traduction"}
    sujets = {slugify(t, regex_subs=substitutions) for d in publies for t in d.meta.get("tags", ())}
    pages |= {f"sujets/{s}/" for s in sujets}
    for d in publies:
        pages.add(d.adresse)
        for ancienne in d.meta.get("anciennes_urls", ()):
            cle = ancienne.strip("/")
            pages.add(cle if cle.endswith((".html", ".htm")) else cle + "/")
    domaine = urlsplit(site_canonique).netloc
    return AdressesDuSite(
        pages=frozenset(pages),
        dossiers_de_documents=tuple(d.adresse for d in publies if d.type != "accueil"),
        fichiers=frozenset({*fichiers_statiques.values(), *FICHIERS_RACINE, *sorties.fichiers}),
        dossiers_statiques=tuple(sorted({a.split("/", 1)[0] + "/" for a in fichiers_statiques.values() if "/" in a})),
        sources=frozenset({d.chemin.removeprefix("content/") for d in documents} | set(fichiers_statiques)),
        categories=frozenset(categories),
        sujets=frozenset(sujets),
        domaines=(domaine, "www." + domaine) if domaine else (),
        sections=tuple(f"{r}/" for r in (*ADRESSES_RESERVEES, *sorties.dossiers) if r not in VERIFIES_UN_PAR_UN),
    )


def _source_visee(doc, cible):
    """{filename}/a/b.md (depuis content/) ou {filename}b.md (depuis le dossier du document) -> « a/b.md »."""
    chemin = unquote(urlsplit(cible).path)
    if chemin.startswith("/"):
        return posixpath.normpath(chemin.lstrip("/"))
    dossier = posixpath.dirname(doc.chemin.removeprefix("content/"))
    return posixpath.normpath(posixpath.join(dossier, chemin))


def _existe(chemin, adresses):
    """`chemin` (depuis la racine du site, sans / au début) mène-t-il à une page ou un fichier du site ?"""
    if chemin.endswith("index.html"):
        chemin = chemin[: -len("index.html")]
    dernier = chemin.rsplit("/", 1)[-1]
    if chemin and not chemin.endswith("/") and "." not in dernier:
        chemin += "/"  # GitHub Pages mène /presse à /presse/
    if chemin in adresses.pages or chemin in adresses.fichiers:
        return True
    pagination = _PAGINATION.match(chemin)
    if pagination and pagination.group(1) in adresses.pages:
        return True
    if chemin.startswith(adresses.sections) or chemin.startswith(adresses.dossiers_de_documents):
        return True
    if chemin.startswith(adresses.dossiers_statiques):
        return False
    # Un autre fichier (.pdf, .ics, .xml…) ailleurs : les plugins l'écrivent, le vérificateur des pages
    # construites le contrôle à la publication.
    return "." in dernier and not dernier.endswith((".html", ".htm"))


def probleme_du_lien(doc, lien, adresses):
    """Ce qui ne va pas avec ce lien (en français), ou None s'il mène bien quelque part."""
    cible = lien.adresse.strip()
    if not cible or cible.startswith("#"):
        return None  # une ancre de la même page : vérifiée sur les pages construites
    if cible.startswith("{"):
        genre, _, reste = cible[1:].partition("}")
        if genre in ("filename", "static", "attach"):
            source = _source_visee(doc, reste)
            if source in adresses.sources:
                return None
            return f"mène au fichier content/{source}, qui n'existe pas"
        if genre == "category" and reste.strip("/") not in adresses.categories:
            return f"mène à la rubrique « {reste} », qui n'existe pas ; rubriques : {', '.join(sorted(adresses.categories))}"
        if genre == "tag" and slugify(reste, regex_subs=doc.substitutions) not in adresses.sujets:
            return f"mène au sujet « {reste} », qu'aucun document ne porte"
        return None
    morceaux = urlsplit(cible)
    if morceaux.scheme in ("http", "https") and morceaux.netloc in adresses.domaines:
        chemin = morceaux.path or "/"
    elif morceaux.scheme or morceaux.netloc:
        return None  # un autre site, mailto:, tel:…
    else:
        chemin = urlsplit(urljoin("/" + doc.adresse, cible)).path
    chemin = unquote(chemin).lstrip("/")
    if _existe(chemin, adresses):
        return None
    return f"mène à /{chemin}, une adresse qu'aucune page du site n'a"


def liens_casses(documents, adresses):
    """Un `Probleme` par lien interne qui ne mène nulle part, avec le fichier, la ligne et le lien tel qu'écrit.

    Les brouillons ne sont publiés nulle part : leurs liens attendent qu'ils le soient."""
    problemes = []
    for doc in documents:
        if doc.brouillon:
            continue
        premiere = len(doc.source.lignes_entete) + 3  # la ligne qui suit le second « --- »
        for lien in liens_du_texte(doc.corps, premiere):
            probleme = probleme_du_lien(doc, lien, adresses)
            if probleme:
                problemes.append(Probleme(
                    doc.chemin,
                    f"le lien « {lien.ecrit} » {probleme} ; corrigez l'adresse (celle d'une page se lit dans "
                    "la barre d'adresse de l'aperçu, make serve)",
                    ligne=lien.ligne,
                ))
    return problemes
