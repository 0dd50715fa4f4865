"""Le contrat de contenu : quels champs chaque type de document accepte, et ce qu'ils doivent valoir.

Pur : les listes fermées (pôles, natures, chiffres…) arrivent des réglages sous forme de dict.
Chaque problème trouvé est un `Probleme` qui nomme le fichier, la ligne, le champ et ce qui est attendu.
"""

import datetime
import fnmatch
import functools
import importlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

import unidecode
from babel import Locale, UnknownLocaleError
from markupsafe import Markup

from . import assainir, dates, frontmatter, images_du_texte

# Dossier de content/ -> type de document. Le dossier donne le type ; rien d'autre.
TYPES = {
    "communiques": "communique",
    "lettres": "lettre",
    "fiches-pratiques": "fiche",
    "actions": "action",
    "pages": "page",
    "rapports": "rapport",
    "publications": "publication",
}
NOMS_TYPES = {
    "communique": "communiqué",
    "lettre": "lettre d'information",
    "fiche": "fiche pratique",
    "action": "action",
    "page": "page",
    "rapport": "rapport d'activité",
    "publication": "publication",
    "traduction": "traduction d'une fiche",
    "accueil": "page d'accueil d'une langue",
}
# Le gabarit de la page d'un document, par type : un par genre de page (theme/templates/<gabarit>.html, qui
# étend article.html) ; les autres types d'articles gardent `article`. Le thème ne choisit pas d'après la rubrique.
GABARITS = {"communique": "communique", "fiche": "fiche", "action": "action"}
# Les traductions des fiches : content/traductions/<langue>/<slug de la fiche française>.md, et la page
# d'accueil de chaque langue, content/traductions/<langue>/accueil.md. Un dossier par langue de LANGUES
# (pelicanconf.py) ; leurs adresses sont /<langue>/… : ni le dossier ni une langue ne peuvent être une page.
DOSSIER_TRADUCTIONS = "traductions"
NOM_ACCUEIL = "accueil.md"
# Pour les messages : « pour un communiqué », « pour une fiche pratique ».
AVEC_ARTICLE = {
    "communique": "un communiqué",
    "lettre": "une lettre d'information",
    "fiche": "une fiche pratique",
    "action": "une action",
    "page": "une page",
    "rapport": "un rapport d'activité",
    "publication": "une publication",
    "traduction": "une traduction",
    "accueil": "la page d'accueil d'une langue",
}
# Ce que `invoke new` écrit là où il faut écrire : le contrat refuse tout fichier qui le contient
# encore. En capitales avec « : », pour ne pas confondre avec « un formulaire à remplir » dans un texte.
A_REMPLIR = "À REMPLIR :"
# Adresses que Pelican, le thème et l'index de recherche écrivent : une page ne peut pas les prendre.
# Celles des capacités (agenda/, chronologie.ics…), chacune les déclare dans son paquet (`SORTIES`) ;
# le contrat les réunit avec `sorties_des_capacites`.
ADRESSES_RESERVEES = ("feeds", "fichiers", "images", "pagefind", "recherche", "sujets", "theme")
# Fichiers écrits à la racine du site par Pelican et le thème : une ancienne adresse ne peut pas les remplacer.
FICHIERS_RACINE = ("index.html", "404.html", "robots.txt", "favicon.svg", "CNAME", ".nojekyll")
# Le plus long segment d'adresse accepté, en octets UTF-8 : les systèmes de fichiers s'arrêtent à 255,
# et un segment devient un nom de dossier ou de fichier (« slug.pdf », « slug/index.html »).
SEGMENT_MAX = 200
# Les années qu'une date peut prendre : au-delà, les exports (calendrier, e-mails) ne savent plus l'écrire.
ANNEES = (1900, 2100)


def slugify(valeur, regex_subs=()):
    """Le slug d'un titre ou d'un sujet, exactement comme `pelican.utils.slugify` (Pelican 4.12, sans
    preserve_case ni use_unicode) : le contrat le calcule avant Pelican, sans le charger.
    tests/test_modules_purs.py vérifie l'égalité sur le vrai contenu et sur le corpus du banc."""
    if not isinstance(valeur, str):
        return _slugify(valeur, regex_subs)
    # Le même sujet revient dans des milliers de documents, le même titre à chaque adresse demandée : chaque
    # slug est calculé une fois (~8 000 appels par build à N = 4000, pour quelques milliers de textes).
    return _slug_en_memoire(valeur, tuple(tuple(s) for s in regex_subs))


@functools.lru_cache(maxsize=65536)
def _slug_en_memoire(valeur, regex_subs):
    return _slugify(valeur, regex_subs)


def _slugify(valeur, regex_subs):
    valeur = unicodedata.normalize("NFKC", Markup(valeur).striptags())
    valeur = unidecode.unidecode(valeur)
    for motif, remplacement in regex_subs:
        valeur = re.sub(unicodedata.normalize("NFKC", motif), unicodedata.normalize("NFKC", remplacement), valeur,
                        flags=re.IGNORECASE)
    return valeur.lower().strip()


def dossier_du_type(type_):
    """Le dossier de content/ d'un type de document, qui est aussi sa rubrique sur le site : « fiches-pratiques »."""
    return next(dossier for dossier, t in TYPES.items() if t == type_)


@dataclass(frozen=True)
class Sorties:
    """Ce que les capacités écrivent hors des pages de documents : des dossiers (« agenda/ ») et des
    fichiers à la racine (« agenda.ics »). Chaque capacité le déclare dans son paquet (`SORTIES`)."""

    dossiers: tuple = ()  # sans « / » : « agenda »
    fichiers: tuple = ()


def sorties_des_capacites(plugins):
    """Réunit les `SORTIES` déclarées par les paquets nommés dans PLUGINS (un paquet sans elles n'écrit
    rien de plus). Importer un paquet de capacité ne charge pas Pelican : son __init__ ne branche rien."""
    dossiers, fichiers = [], []
    for nom in plugins:
        for sortie in getattr(importlib.import_module(nom.split(".")[0]), "SORTIES", ()):
            if sortie.endswith("/"):
                dossiers.append(sortie.rstrip("/"))
            else:
                fichiers.append(sortie)
    return Sorties(tuple(dossiers), tuple(fichiers))


@dataclass(frozen=True)
class SchemaAdresses:
    """Les adresses des documents, telles que les réglages ARTICLE_URL et PAGE_URL les écrivent.

    Le contrat en a besoin avant Pelican (adresses en double, liens internes) : il lit les mêmes
    réglages, et ne connaît que `{slug}` et `{category}` (le dossier du document, USE_FOLDER_AS_CATEGORY).
    """

    article: str = "{category}/{slug}/"
    page: str = "{slug}/"

    @classmethod
    def depuis_reglages(cls, reglages):
        return cls(article=reglages.get("ARTICLE_URL", cls.article), page=reglages.get("PAGE_URL", cls.page))

    def adresse(self, type_, slug):
        """Adresse publique d'un document, relative à la racine du site (sans / au début)."""
        if type_ == "page":
            return self.page.format(slug=slug)
        if type_ == "publication":
            # Une publication n'a pas de page à elle : c'est une entrée (une ancre) de /publications/.
            return f"{dossier_du_type(type_)}/#{slug}"
        return self.article.format(category=dossier_du_type(type_), slug=slug)


@dataclass(frozen=True)
class Probleme:
    fichier: str
    message: str
    champ: str | None = None
    ligne: int | None = None

    def __str__(self):
        ou = self.fichier
        if self.ligne:
            ou += f", ligne {self.ligne}"
        if self.champ:
            ou += f", champ « {self.champ} »"
        return f"{ou} :\n    {self.message}"


@dataclass(frozen=True)
class Listes:
    """Les listes fermées du contrat, lues une fois dans les réglages."""

    poles: dict
    natures: dict
    chiffres: dict
    publics: dict
    themes: dict
    substitutions: tuple = ()  # SLUG_REGEX_SUBSTITUTIONS : le slug calculé ici est celui de Pelican
    substitutions_sujets: tuple = ()  # TAG_REGEX_SUBSTITUTIONS : l'adresse d'un sujet, comme Pelican la calcule
    gabarits: frozenset | None = None  # les gabarits de page du thème (template:) ; None : non vérifiés
    ignores: tuple = ()  # IGNORE_FILES : les fichiers que Pelican ne lit pas, le contrat non plus
    schema: SchemaAdresses = SchemaAdresses()  # ARTICLE_URL, PAGE_URL
    sorties: Sorties = Sorties()  # ce qu'écrivent les capacités de PLUGINS : une page ne peut pas le prendre
    natures_publications: dict = field(default_factory=dict)  # livret, tract, affiche… (NATURES_PUBLICATIONS)
    racine: str | None = None  # content/ : un fichier nommé (PDF, couverture) doit y être ; None : non vérifié
    langues: tuple = ()  # les codes de LANGUES (« en », « ar »…) : les dossiers de content/traductions/
    site: str = ""  # SITE_CANONIQUE : une image https://tousmigrants.org/images/… est une image du site

    @classmethod
    def depuis_reglages(cls, reglages):
        return cls(
            poles=dict(reglages["POLES"]),
            natures=dict(reglages["NATURES"]),
            chiffres=dict(reglages["CHIFFRES"]),
            publics=dict(reglages["PUBLICS"]),
            themes=dict(reglages["THEMES_FICHES"]),
            substitutions=tuple(tuple(s) for s in reglages.get("SLUG_REGEX_SUBSTITUTIONS", ())),
            substitutions_sujets=tuple(tuple(s) for s in reglages.get(
                "TAG_REGEX_SUBSTITUTIONS", reglages.get("SLUG_REGEX_SUBSTITUTIONS", ()))),
            gabarits=gabarits_de_page(reglages.get("THEME")),
            ignores=tuple(reglages.get("IGNORE_FILES", ())),
            schema=SchemaAdresses.depuis_reglages(reglages),
            sorties=sorties_des_capacites(reglages.get("PLUGINS") or ()),
            natures_publications=dict(reglages.get("NATURES_PUBLICATIONS", {})),
            racine=reglages.get("PATH"),
            langues=tuple(reglages.get("LANGUES", {})),
            site=reglages.get("SITE_CANONIQUE", ""),
        )


def gabarits_de_page(theme):
    """Les noms possibles pour « template: » : page.html et les gabarits qui l'étendent (presse.html…).

    Un autre gabarit du thème (index, tags…) attend d'autres données que celles d'une page : il ferait
    échouer le build en anglais. None si le thème n'est pas trouvé (réglages partiels d'un outil).
    """
    dossier = os.path.join(theme, "templates") if theme else None
    if not dossier or not os.path.isdir(dossier):
        return None
    noms = set()
    for nom in os.listdir(dossier):
        if not nom.endswith(".html"):
            continue
        with open(os.path.join(dossier, nom), encoding="utf-8") as fichier:
            if nom == "page.html" or re.search(r"{%-?\s*extends\s+[\"']page\.html[\"']", fichier.read()):
                noms.add(nom.removesuffix(".html"))
    return frozenset(noms)


@dataclass
class Document:
    """Un fichier lu et vérifié : ses champs sont convertis (dates en `datetime.date`…)."""

    chemin: str  # relatif à content/, pour les messages
    type: str
    meta: dict
    corps: str
    source: frontmatter.Source = field(repr=False)
    substitutions: tuple = ()
    fichier: str = ""  # chemin complet sur le disque
    schema: SchemaAdresses = SchemaAdresses()
    html: str | None = None  # le corps rendu et vérifié, s'il l'a été pendant cette vérification

    @property
    def slug(self):
        # Une traduction garde l'adresse de la fiche qu'elle traduit : /ar/fiches-pratiques/garde-a-vue/.
        if self.type == "traduction":
            return self.meta["traduction_de"]
        if self.type == "accueil":
            return ""
        return self.meta.get("slug") or slugify(str(self.meta.get("title", "")), regex_subs=self.substitutions)

    @property
    def brouillon(self):
        return self.meta.get("status") == "draft"

    @property
    def adresse(self):
        """Adresse publique, relative à la racine du site (sans / au début)."""
        if self.type == "accueil":
            return f"{self.langue}/"
        if self.type == "traduction":
            return f"{self.langue}/fiches-pratiques/{self.slug}/"
        return self.schema.adresse(self.type, self.slug)

    @property
    def langue(self):
        """La langue d'une traduction : son dossier (content/traductions/<langue>/…) ; None pour le français."""
        parties = self.chemin.split("/")
        if len(parties) == 4 and parties[1] == DOSSIER_TRADUCTIONS:
            return parties[2]
        return None


# Les caractères de contrôle (catégorie Unicode Cc) et les séparateurs de ligne et de paragraphe (Zl, Zp).
_INVISIBLES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _montrer(texte, longueur=80):
    """Un texte à citer dans un message : court, et ses caractères invisibles rendus visibles (« \ufffd »)."""
    return _INVISIBLES.sub("\ufffd", texte[:longueur])


# --- Les adresses : une seule règle, pour tout ce qui devient un chemin dans output/ ---------------


def chemin_sur(adresse):
    """Une adresse relative du site -> (ses segments, décodés une fois, None) ou (None, ce qui ne va pas).

    La seule règle des adresses : anciennes adresses, slugs, sujets et gabarits y passent tous. Les
    %xx sont décodés une fois (le serveur cherche le fichier sous le nom décodé), puis tout le reste
    se vérifie sur le texte décodé : un « %2e%2e » est un « .. », un « %2F » une barre. Un « / » au
    début et un à la fin sont permis ; rien ne sort du site, rien n'est caché, aucun nom n'est trop
    long pour un système de fichiers.
    """
    if not isinstance(adresse, str):
        return None, "ce n'est pas un texte"
    try:
        decodee = unquote(adresse, errors="strict")
    except UnicodeDecodeError:
        return None, "un code %xx qui ne donne aucune lettre"
    if _INVISIBLES.search(decodee):
        return None, "un caractère invisible (retour à la ligne, tabulation, caractère de contrôle)"
    for interdit, raison in (("\\", "une barre « \\ »"), ("%", "un « % » (adresse encodée deux fois ?)"),
                             ("?", "un « ? »"), ("#", "un « # »"), (" ", "une espace")):
        if interdit in decodee:
            return None, raison
    segments = decodee.removeprefix("/").removesuffix("/").split("/")
    if segments == [""]:
        return None, "une adresse vide"
    for segment in segments:
        if segment == "":
            return None, "deux « / » qui se suivent"
        if segment in (".", ".."):
            return None, f"un segment « {segment} »"
        if segment.startswith("."):
            return None, f"un nom qui commence par un point (« {segment[:40]} »)"
        if segment.endswith("."):
            return None, f"un nom qui finit par un point (« {segment[-40:]} »)"
        if len(segment.encode("utf-8")) > SEGMENT_MAX:
            return None, f"un nom de plus de {SEGMENT_MAX} caractères (une lettre accentuée compte double)"
    return tuple(segments), None


def fichier_de_redirection(segments):
    """Les segments d'une ancienne adresse -> le fichier que la redirection écrit dans le site.

    Un hébergeur statique sert /x/index.html pour /x/ et redirige /x vers /x/ : une adresse sans
    extension devient un dossier et son index.html ; une adresse en .html devient ce fichier-là.
    """
    chemin = "/".join(segments)
    return chemin if re.search(r"\.html?$", chemin) else chemin + "/index.html"


# --- Vérification d'une valeur : renvoie (valeur convertie, None) ou (None, ce qui est attendu) ---

_EXEMPLE_DATE = "une date réelle au format AAAA-MM-JJ, par exemple 2020-09-21"


def _date(valeur, _listes):
    if isinstance(valeur, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", valeur.strip()):
        try:
            jour = datetime.date.fromisoformat(valeur.strip())
        except ValueError:
            return None, f"la date « {valeur} » n'existe pas ; attendu : {_EXEMPLE_DATE}"
        if not ANNEES[0] <= jour.year <= ANNEES[1]:
            return None, (f"l'année {jour.year} est hors des limites ; attendu : une date entre "
                          f"{ANNEES[0]} et {ANNEES[1]}, par exemple 2020-09-21")
        return jour, None
    # « 2018-12 » ou « 2018 » : on ne connaît que le mois ou l'année ; le contrat a une façon de le dire.
    mois = re.fullmatch(r"(\d{4})-(\d{2})", str(valeur).strip())
    if mois and 1 <= int(mois.group(2)) <= 12:
        return None, (f"« {valeur} » n'est pas une date complète ; pour un fait connu au mois près, écrivez "
                      f"« {mois.group(1)}-{mois.group(2)}-01 » et ajoutez la ligne « precision: mois »")
    if re.fullmatch(r"\d{4}", str(valeur).strip()):
        return None, (f"« {valeur} » n'est pas une date complète ; pour un fait connu à l'année près, écrivez "
                      f"« {str(valeur).strip()}-01-01 » et ajoutez la ligne « precision: annee »")
    return None, f"« {valeur} » n'est pas une date ; attendu : {_EXEMPLE_DATE}"


def _invisible(texte, lignes_permises=False):
    """Le premier caractère de contrôle du texte, dit en français, ou None.

    Un retour à la ligne dans un titre casse l'objet d'un e-mail et les lignes d'un calendrier ; un
    caractère de contrôle n'a jamais sa place dans une page. Seul un texte sur plusieurs lignes (le
    résumé) garde ses retours à la ligne.
    """
    for trouve in _INVISIBLES.finditer(texte):
        caractere = trouve.group()
        if lignes_permises and caractere == "\n":
            continue
        if caractere in "\n\r\u2028\u2029\x85":
            return "un retour à la ligne"
        if caractere == "\t":
            return "une tabulation"
        return f"un caractère de contrôle invisible (U+{ord(caractere):04X})"
    return None


def _un_texte(valeur, lignes_permises):
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool):
        return str(valeur), None
    if not (isinstance(valeur, str) and valeur.strip()):
        return None, "attendu : un texte non vide"
    invisible = _invisible(valeur.strip(), lignes_permises)
    if invisible:
        ou = "" if lignes_permises else " sur une seule ligne"
        return None, f"ce texte contient {invisible} ; attendu : un texte{ou}, sans caractère invisible"
    return valeur.strip(), None


def _texte(valeur, _listes):
    return _un_texte(valeur, lignes_permises=False)


def _texte_long(valeur, _listes):
    return _un_texte(valeur, lignes_permises=True)


def _liste_textes(valeur, _listes):
    if isinstance(valeur, list) and all(isinstance(v, str) and v.strip() for v in valeur):
        for v in valeur:
            invisible = _invisible(v.strip())
            if invisible:
                return None, f"« {_montrer(v.strip(), 60)} » contient {invisible} ; attendu : un texte sur une seule ligne"
        return [v.strip() for v in valeur], None
    return None, "attendu : une liste de textes, par exemple [Anafé, Médecins du Monde]"


@functools.lru_cache(maxsize=4096)
def _adresse_de_sujet(texte, substitutions):
    # Les mêmes sujets reviennent dans des centaines de documents : leur slug se calcule une fois.
    return chemin_sur(slugify(texte, regex_subs=substitutions))


def _sujets(valeur, listes):
    """Chaque sujet devient une adresse (/sujets/<slug>/), calculée comme Pelican la calcule."""
    textes, attendu = _liste_textes(valeur, listes)
    if attendu:
        return None, attendu.replace("[Anafé, Médecins du Monde]", "[frontière, maraudes]")
    for texte in textes:
        _, probleme = _adresse_de_sujet(texte, listes.substitutions_sujets)
        if probleme == "une adresse vide":
            return None, (f"le sujet « {texte} » ne donne aucune adresse (/sujets/…/) ; "
                          "attendu : un sujet avec au moins une lettre ou un chiffre")
        if probleme:
            return None, f"le sujet « {_montrer(texte, 60)}… » donne une adresse impossible : {probleme}"
    return textes, None


# Les motifs d'un slug et d'une heure, les mêmes ici et dans le formulaire de l'éditeur (editeur/configuration.py).
MOTIF_SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
MOTIF_HEURE = r"([01]\d|2[0-3]):[0-5]\d"


def _slug(valeur, _listes):
    if isinstance(valeur, str) and re.fullmatch(MOTIF_SLUG, valeur):
        _, probleme = chemin_sur(valeur)
        if probleme:
            return None, f"ce slug est trop long ({len(valeur)} caractères) ; attendu : {SEGMENT_MAX} au plus"
        return valeur, None
    return None, (
        f"« {valeur} » n'est pas un slug valide ; attendu : des minuscules sans accent, "
        "des chiffres et des tirets, par exemple grande-maraude-2020"
    )


def _gabarit(valeur, listes):
    nom, attendu = _texte(valeur, listes)
    possibles = ", ".join(sorted(listes.gabarits or ()))
    if not attendu:
        segments, probleme = chemin_sur(nom)
        if probleme or len(segments) != 1 or not re.fullmatch(r"[a-z0-9_-]+", nom):
            attendu = f"« {nom} » n'est pas un nom de gabarit"
        elif listes.gabarits is not None and nom not in listes.gabarits:
            attendu = f"le gabarit « {nom} » n'existe pas dans le thème (theme/templates/)"
        else:
            return nom, None
    return None, f"{attendu} ; attendu : l'un de {possibles}, ou rien (la page ordinaire)"


def _statut(valeur, _listes):
    if valeur in ("draft", "published"):
        return valeur, None
    return None, f"« {valeur} » n'est pas un statut connu ; attendu : draft (brouillon) ou published"


def _entier_positif(valeur, _listes):
    if isinstance(valeur, int) and not isinstance(valeur, bool) and valeur > 0:
        return valeur, None
    return None, f"« {valeur} » n'est pas un numéro ; attendu : un nombre entier, par exemple 7"


def _heure(valeur, _listes):
    if isinstance(valeur, str) and re.fullmatch(MOTIF_HEURE, valeur.strip()):
        return valeur.strip(), None
    return None, f"« {valeur} » n'est pas une heure ; attendu : HH:MM entre guillemets, par exemple \"18:30\""


def _chemins(valeur, _listes):
    attendu = ("attendu : une liste d'adresses de l'ancien site commençant par /, "
               "par exemple [/sinformer/pour-le-droit-de-manifester]")
    if not (isinstance(valeur, list) and valeur and all(isinstance(v, str) for v in valeur)):
        return None, attendu
    for v in valeur:
        if not v.startswith("/"):
            return None, f"{attendu} ; « {_montrer(v)} » ne commence pas par /"
        _, probleme = chemin_sur(v)
        if probleme:
            return None, f"l'ancienne adresse « {_montrer(v)} » contient {probleme} ; {attendu}"
    return valeur, None


def _precision(valeur, _listes):
    if valeur in dates.PRECISIONS:
        return valeur, None
    return None, (
        f"« {valeur} » n'est pas une précision connue ; attendu : jour (la date est sûre au jour près, "
        "c'est le cas par défaut), mois (on ne sait que le mois) ou annee (on ne sait que l'année)"
    )


ORIGINES = ("original", "reconstitue")


def _origine(valeur, _listes):
    if valeur in ORIGINES:
        return valeur, None
    return None, (
        f"« {valeur} » n'est pas une origine connue ; attendu : reconstitue (le texte a été récrit "
        "d'après le rapport d'activité) ou original (le texte publié à l'époque, c'est le cas par défaut)"
    )


def _parmi(nom_liste, libelle):
    def verifier(valeur, listes):
        choix = getattr(listes, nom_liste)
        if isinstance(valeur, str) and valeur in choix:
            return valeur, None
        return None, f"« {valeur} » n'est pas {libelle} ; attendu : l'un de {', '.join(choix)}"

    return verifier


def _sous_liste(nom_liste, libelle):
    un = _parmi(nom_liste, libelle)

    def verifier(valeur, listes):
        if not isinstance(valeur, list) or not valeur:
            return None, f"attendu : une liste, par exemple [{next(iter(getattr(listes, nom_liste)))}]"
        for v in valeur:
            _, attendu = un(v, listes)
            if attendu:
                return None, attendu
        return valeur, None

    return verifier


def _chiffres(valeur, listes):
    exemple = "par exemple « personnes_secourues: 192 » sur une ligne en retrait sous « chiffres: »"
    if not isinstance(valeur, dict) or not valeur:
        return None, f"attendu : une liste de chiffres, {exemple}"
    for cle, nombre in valeur.items():
        if cle not in listes.chiffres:
            return None, f"« {cle} » n'est pas un chiffre connu ; attendu : l'un de {', '.join(listes.chiffres)}"
        if not isinstance(nombre, int) or isinstance(nombre, bool) or nombre < 0:
            return None, f"« {cle}: {nombre} » : attendu un nombre entier positif ou nul, sans espace ni texte"
    return dict(valeur), None


FORMATS_IMAGES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


def _fichier_du_site(dossier, extensions, quoi, exemple):
    """Un fichier de content/<dossier>/, nommé par son adresse sur le site (« /fichiers/livret.pdf »)."""

    def verifier(valeur, listes):
        attendu = f"attendu : l'adresse d'{quoi} de content/{dossier}/, par exemple {exemple}"
        if not isinstance(valeur, str) or not valeur.strip():
            return None, attendu
        segments, probleme = chemin_sur(valeur.strip())
        if probleme:
            return None, f"« {_montrer(valeur)} » contient {probleme} ; {attendu}"
        if segments[0] != dossier or len(segments) < 2:
            return None, f"« {_montrer(valeur)} » n'est pas dans content/{dossier}/ ; {attendu}"
        if not segments[-1].lower().endswith(extensions):
            return None, f"« {_montrer(valeur)} » n'est pas {quoi} ; {attendu}"
        if listes.racine is not None:
            # Le fichier lui-même, sans lien symbolique en chemin (ni le fichier, ni un de ses dossiers).
            chemin = os.path.join(os.path.realpath(listes.racine), *segments)
            if os.path.realpath(chemin) != chemin or not os.path.isfile(chemin):
                return None, (f"le fichier content/{'/'.join(segments)} n'existe pas ; copiez-le dans "
                              f"content/{dossier}/ ou corrigez son nom (majuscules et accents comptent)")
        return "/" + "/".join(segments), None

    return verifier


CHAMPS_COMMUNS = {
    "title": _texte,
    "date": _date,
    "summary": _texte_long,
    "tags": _sujets,
    "slug": _slug,
    "status": _statut,
    "anciennes_urls": _chemins,
    "precision": _precision,
    "origine": _origine,
}
# type -> (champs obligatoires en plus de title et date, champs propres au type)
CHAMPS_PAR_TYPE = {
    "communique": ({"summary"}, {"partenaires": _liste_textes}),
    "lettre": (set(), {"numero": _entier_positif}),
    "fiche": (
        {"modified"},
        {
            "modified": _date,
            "verifiee_le": _date,
            "verifiee_par": _texte,
            "public": _sous_liste("publics", "un public connu"),
            "theme": _parmi("themes", "un thème connu"),
        },
    ),
    "action": (
        {"pole", "nature"},
        {
            "pole": _parmi("poles", "un pôle connu"),
            "nature": _parmi("natures", "une nature d'action connue"),
            "date_fin": _date,
            "heure": _heure,
            "lieu": _texte,
            "partenaires": _liste_textes,
            "chiffres": _chiffres,
            "suite_de": _slug,
        },
    ),
    "page": (set(), {"template": _gabarit}),
    "rapport": (set(), {}),
    # Livrets, tracts, affiches, livres, films : une entrée de /publications/, sans page à elle.
    "publication": (
        {"nature", "summary"},
        {
            "nature": _parmi("natures_publications", "une nature de publication connue"),
            "fichier": _fichier_du_site("fichiers", (".pdf",), "un PDF", "/fichiers/au-nom-de-la-loi.pdf"),
            "couverture": _fichier_du_site("images", FORMATS_IMAGES, "une image JPEG, PNG, GIF ou WebP",
                                           "/images/couverture-livret.jpg"),
            "action": _slug,
        },
    ),
}
# Une traduction n'a ni date ni sujets à elle : ceux de la fiche française valent pour elle. Ses champs
# sont les siens seuls (type -> (obligatoires, champs)).
CHAMPS_DES_TRADUCTIONS = {
    "traduction": (
        {"title", "traduction_de", "version_fr"},
        {"title": _texte, "summary": _texte_long, "traduction_de": _slug, "version_fr": _date, "relue_par": _texte},
    ),
    "accueil": ({"title"}, {"title": _texte, "summary": _texte_long, "relue_par": _texte}),
}


def champs_du_type(type_):
    """Tous les champs acceptés pour un type, dans l'ordre où on les documente."""
    if type_ in CHAMPS_DES_TRADUCTIONS:
        return dict(CHAMPS_DES_TRADUCTIONS[type_][1])
    return {**CHAMPS_COMMUNS, **CHAMPS_PAR_TYPE[type_][1]}


def obligatoires(type_):
    if type_ in CHAMPS_DES_TRADUCTIONS:
        return set(CHAMPS_DES_TRADUCTIONS[type_][0])
    return {"title", "date"} | CHAMPS_PAR_TYPE[type_][0]


def type_du_chemin(chemin_relatif):
    """Le type d'un fichier d'après son dossier de premier niveau dans content/, ou None."""
    parties = chemin_relatif.replace(os.sep, "/").split("/")
    if parties[0] == DOSSIER_TRADUCTIONS and len(parties) == 3:
        return "accueil" if parties[2] == NOM_ACCUEIL else "traduction"
    return TYPES.get(parties[0])


def _a_remplir(valeur):
    if isinstance(valeur, str):
        return A_REMPLIR in valeur
    if isinstance(valeur, list):
        return any(_a_remplir(v) for v in valeur)
    if isinstance(valeur, dict):
        return any(_a_remplir(v) for v in valeur.values())
    return False


def _textes_du_modele(chemin, type_, source):
    """Les champs et les lignes du texte encore tels que `invoke new` les a écrits (« À REMPLIR : … »)."""
    problemes = []
    for nom, valeur in source.meta.items():
        if not _a_remplir(valeur):
            continue
        modele = valeur if isinstance(valeur, str) else next(v for v in valeur if _a_remplir(v))
        facultatif = "" if nom in obligatoires(type_) else " (ou supprimez la ligne : ce champ est facultatif)"
        problemes.append(Probleme(chemin, f"pas encore rempli : remplacez « {modele} » par la vraie valeur{facultatif}",
                                  str(nom), source.ligne_de(str(nom))))
    if A_REMPLIR in source.corps:
        premiere = len(source.lignes_entete) + 3  # la ligne qui suit le second « --- »
        for i, ligne in enumerate(source.corps.split("\n")):
            if A_REMPLIR in ligne:
                problemes.append(Probleme(
                    chemin, f"le texte est encore celui du modèle (« {ligne.strip()} ») ; écrivez le vrai texte",
                    ligne=premiere + i,
                ))
    return problemes


# Python-Markdown cherche, pour chaque « [ », son « ] » jusqu'au bout du paragraphe (liens, images, références) :
# le temps croît comme le carré du nombre de crochets d'un paragraphe (4 000 « [ » : 4 s ; 30 000 : plusieurs
# minutes). Un vrai paragraphe en a quelques dizaines ; au-delà de cette borne, le fichier est refusé.
CROCHETS_PAR_PARAGRAPHE = 300


def _crochets(chemin, source):
    """Le premier paragraphe du texte qui a trop de « [ », en Probleme ; ou None."""
    ligne = len(source.lignes_entete) + 3  # la première ligne du texte, après les deux lignes « --- »
    for paragraphe in re.split(r"(\n[ \t]*\n)", source.corps):
        nombre = paragraphe.count("[")
        if nombre > CROCHETS_PAR_PARAGRAPHE:
            return Probleme(chemin, f"ce paragraphe a {nombre} crochets « [ » (au plus {CROCHETS_PAR_PARAGRAPHE}) : "
                            "la mise en page prendrait des minutes. Un lien s'écrit [texte](adresse) ; "
                            "un crochet seul, \\[ ; ou coupez le paragraphe par une ligne vide.",
                            ligne=ligne + len(re.match(r"\s*", paragraphe).group(0).split("\n")) - 1)
        ligne += paragraphe.count("\n")
    return None


def valider_source(chemin, type_, source, listes):
    """Vérifie un fichier lu ; renvoie (Document ou None, [Probleme])."""
    problemes = []
    meta = {}
    acceptes = champs_du_type(type_)
    # La ligne d'un champ n'est cherchée que pour un problème (chaque champ de chaque fichier à chaque build
    # sinon : ~30 000 recherches à N = 4000).
    for nom, valeur in source.meta.items():
        if nom not in acceptes:
            problemes.append(Probleme(
                chemin, f"champ inconnu pour {AVEC_ARTICLE[type_]} ; champs possibles : {', '.join(acceptes)}",
                str(nom), source.ligne_de(str(nom)),
            ))
            continue
        if valeur is None:
            if nom in obligatoires(type_):
                exemple = f" ; attendu : {_EXEMPLE_DATE}" if acceptes[nom] is _date else ""
                problemes.append(Probleme(chemin, f"ce champ est vide ; il est obligatoire{exemple}", nom,
                                          source.ligne_de(str(nom))))
            continue
        if _a_remplir(valeur):
            continue  # signalé par _textes_du_modele, une fois, sans le message de la règle du champ
        converti, attendu = acceptes[nom](valeur, listes)
        if attendu:
            problemes.append(Probleme(chemin, attendu, nom, source.ligne_de(str(nom))))
        else:
            meta[nom] = converti
    for nom in sorted(obligatoires(type_) - set(source.meta)):
        exemple = f", au format AAAA-MM-JJ : par exemple « {nom}: 2020-09-21 »" if acceptes[nom] is _date else ""
        problemes.append(Probleme(
            chemin, f"champ obligatoire manquant pour {AVEC_ARTICLE[type_]} ; à ajouter dans l'en-tête{exemple}", nom,
        ))
    problemes += _textes_du_modele(chemin, type_, source)
    if isinstance(meta.get("date_fin"), datetime.date) and isinstance(meta.get("date"), datetime.date):
        if meta["date_fin"] < meta["date"]:
            problemes.append(Probleme(
                chemin, f"la date de fin ({meta['date_fin']}) est avant la date de début ({meta['date']})",
                "date_fin", source.ligne_de("date_fin"),
            ))
    problemes += _dates_selon_precision(chemin, meta, source)
    # Relu par qui, et quand : l'un ne va pas sans l'autre. Une date seule prétendrait à une relecture
    # juridique que personne ne signe.
    if "verifiee_par" in meta and "verifiee_le" not in meta:
        problemes.append(Probleme(
            chemin, "une relecture juridique se date : ajoutez « verifiee_le: AAAA-MM-JJ », le jour de la relecture",
            "verifiee_par", source.ligne_de("verifiee_par"),
        ))
    if "verifiee_le" in meta and "verifiee_par" not in meta:
        problemes.append(Probleme(
            chemin, "une date de relecture juridique sans relecteur ; ajoutez qui a relu "
            "(« verifiee_par: \"pôle action juridique\" » ou le nom d'une personne), ou retirez cette ligne",
            "verifiee_le", source.ligne_de("verifiee_le"),
        ))
    crochets = _crochets(chemin, source)
    if crochets:
        problemes.append(crochets)
    if problemes:
        return None, problemes
    document = Document(chemin=chemin, type=type_, meta=meta, corps=source.corps, source=source,
                        substitutions=listes.substitutions, schema=listes.schema)
    if type_ not in ("rapport", "traduction", "accueil") and "slug" not in meta:
        # Le slug tiré du titre devient un nom de dossier : il lui faut au moins une lettre, et pas trop.
        _, probleme = chemin_sur(document.slug)
        if probleme:
            raison = ("ne donne aucune adresse (il n'a ni lettre ni chiffre)" if probleme == "une adresse vide"
                      else f"donne une adresse trop longue ({len(document.slug)} caractères, {SEGMENT_MAX} au plus)")
            return None, [Probleme(chemin, f"le titre {raison} ; donnez un « slug » court, par exemple grande-maraude-2020",
                                   "title", source.ligne_de("title"))]
    return document, []


def _dates_selon_precision(chemin, meta, source):
    """Au mois près, une date s'écrit au 1er du mois ; à l'année près, au 1er janvier : la date écrite ne
    prétend jamais à un jour que l'on ne connaît pas (un lecteur du fichier le lit tel quel)."""
    precision = meta.get("precision", dates.JOUR)
    problemes = []
    for nom in ("date", "date_fin"):
        jour = meta.get(nom)
        if not isinstance(jour, datetime.date) or precision == dates.JOUR:
            continue
        if precision == dates.MOIS and jour.day != 1:
            attendu = jour.replace(day=1)
            message = (f"avec « precision: mois », la date s'écrit au 1er du mois ; attendu : {attendu.isoformat()} "
                       f"pour {dates.mois_fr(jour)}")
        elif precision == dates.ANNEE and (jour.month, jour.day) != (1, 1):
            message = (f"avec « precision: annee », la date s'écrit au 1er janvier ; attendu : {jour.year}-01-01 "
                       f"pour l'année {jour.year}")
        else:
            continue
        problemes.append(Probleme(chemin, message, nom, source.ligne_de(nom)))
    if precision != dates.JOUR and "heure" in meta:
        problemes.append(Probleme(
            chemin, f"une heure suppose une date sûre au jour près ; retirez « heure » ou « precision: {precision} »",
            "heure", source.ligne_de("heure"),
        ))
    return problemes


def lire_document(racine, chemin_relatif, listes, lire=frontmatter.lire):
    """Lit et vérifie content/<chemin_relatif> ; renvoie (Document ou None, [Probleme]).

    `lire` : frontmatter.lire, ou la méthode `lire` de frontmatter.LecturesEnCache."""
    type_ = type_du_chemin(chemin_relatif)
    nom = "content/" + chemin_relatif.replace(os.sep, "/")
    try:
        source = lire(os.path.join(racine, chemin_relatif))
    except frontmatter.ErreurLecture as erreur:
        return None, [Probleme(nom, erreur.message, ligne=erreur.ligne)]
    document, problemes = valider_source(nom, type_, source, listes)
    if document:
        document.fichier = os.path.join(racine, chemin_relatif)
    return document, problemes


def valider_ensemble(documents, sorties=Sorties()):
    """Règles qui portent sur plusieurs fichiers : adresses en double, suite_de, anciennes adresses.

    `sorties` : ce que les capacités écrivent elles-mêmes (Listes.sorties), réservé comme ce qu'écrit Pelican."""
    dossiers_generes = (*ADRESSES_RESERVEES, *sorties.dossiers)
    fichiers_du_site = (*FICHIERS_RACINE, *sorties.fichiers)
    problemes = _traductions(documents)
    publies = [d for d in documents if not d.brouillon and d.type not in ("rapport", "traduction", "accueil")]
    # Un fichier de la racine compte aussi : sur un disque qui confond les majuscules (macOS), une page
    # « cname » (dossier cname/) et le fichier CNAME du site publié se disputeraient le même nom.
    prises = {f"{r}/": "le site lui-même"
              for r in (*dossiers_generes, *TYPES, *(f.casefold() for f in fichiers_du_site))}
    for doc in publies:
        autre = prises.get(doc.adresse)
        if autre:
            problemes.append(Probleme(
                doc.chemin,
                f"l'adresse /{doc.adresse} est déjà prise par {autre} ; "
                "changez le titre ou donnez un autre « slug »",
                "slug" if "slug" in doc.meta else "title",
                doc.source.ligne_de("slug") or doc.source.ligne_de("title"),
            ))
        else:
            prises[doc.adresse] = doc.chemin

    actions = {d.slug for d in publies if d.type == "action"}
    for doc in documents:
        cible = doc.meta.get("suite_de")
        if cible and cible not in actions:
            problemes.append(Probleme(
                doc.chemin,
                f"« {cible} » ne désigne aucune action publiée ; attendu : le slug d'une action existante",
                "suite_de", doc.source.ligne_de("suite_de"),
            ))
        lien = doc.meta.get("action") if doc.type == "publication" else None
        if lien and lien not in actions:
            problemes.append(Probleme(
                doc.chemin, f"« {lien} » ne désigne aucune action publiée ; attendu : le slug d'une action existante "
                "(la fin de son adresse /actions/…/)", "action", doc.source.ligne_de("action"),
            ))
        if cible and cible == doc.slug:
            problemes.append(Probleme(doc.chemin, "une action ne peut pas être la suite d'elle-même",
                                      "suite_de", doc.source.ligne_de("suite_de")))

    # Les anciennes adresses, décodées par la même règle que partout (chemin_sur), puis comparées sans
    # tenir compte des majuscules : sur un disque qui les confond (macOS), « /Cname » écraserait CNAME.
    fichiers_racine = {f.casefold() for f in fichiers_du_site}
    reservees = {r.casefold() for r in (*dossiers_generes, *TYPES)}
    fichiers_des_pages = {adresse.casefold() + "index.html" for adresse in prises}
    anciennes, dossiers = {}, {}
    for doc in publies:
        for chemin in doc.meta.get("anciennes_urls", ()):
            segments, _ = chemin_sur(chemin)
            fichier = fichier_de_redirection(segments).casefold()
            derniere = segments[-1]
            # Les dossiers que ce fichier demande : aucun ne doit être le fichier d'une autre redirection.
            parents = ["/".join(segments[:i]).casefold() for i in range(1, len(fichier.split("/")))]
            if fichier in anciennes:
                message = f"l'ancienne adresse {chemin} est déjà redirigée par {anciennes[fichier]}"
            elif "/".join(segments).casefold() in fichiers_racine:
                message = f"l'ancienne adresse {chemin} est un fichier du nouveau site"
            elif "." in derniere and not derniere.endswith((".html", ".htm")):
                message = (f"l'ancienne adresse {chemin} n'est pas une page : une redirection ne peut "
                           "s'écrire qu'à une adresse sans extension ou terminée par .html")
            elif segments[0].casefold() in reservees or fichier in fichiers_des_pages:
                message = f"l'ancienne adresse {chemin} tombe sur une page du nouveau site"
            elif fichier in dossiers or any(parent in anciennes for parent in parents):
                message = (f"l'ancienne adresse {chemin} et une autre ancienne adresse demandent le même nom, "
                           "l'une comme fichier, l'autre comme dossier")
            else:
                anciennes[fichier] = doc.chemin
                dossiers.update(dict.fromkeys(parents, doc.chemin))
                continue
            problemes.append(Probleme(doc.chemin, message, "anciennes_urls", doc.source.ligne_de("anciennes_urls")))
    return problemes


def _traductions(documents):
    """Chaque traduction traduit une fiche publiée, une seule fois par langue, d'après une version qui existe."""
    problemes = []
    fiches = {d.slug: d for d in documents if d.type == "fiche" and not d.brouillon}
    vues = {}
    for doc in documents:
        if doc.type != "traduction":
            continue
        cible = doc.slug
        ligne = doc.source.ligne_de("traduction_de")
        fiche = fiches.get(cible)
        if fiche is None:
            problemes.append(Probleme(
                doc.chemin, f"« {cible} » ne désigne aucune fiche pratique publiée ; attendu : le slug d'une fiche "
                "de content/fiches-pratiques/, tel qu'il apparaît dans son adresse (/fiches-pratiques/<slug>/), "
                "par exemple « garde-a-vue »", "traduction_de", ligne))
            continue
        deja = vues.get((doc.langue, cible))
        if deja:
            problemes.append(Probleme(
                doc.chemin, f"la fiche « {cible} » a déjà une traduction dans cette langue : {deja} ; "
                "une fiche n'a qu'une traduction par langue, gardez-en une", "traduction_de", ligne))
        else:
            vues[(doc.langue, cible)] = doc.chemin
        version, modifiee = doc.meta["version_fr"], fiche.meta["modified"]
        if version > modifiee:
            problemes.append(Probleme(
                doc.chemin, f"la version française {version.isoformat()} n'existe pas : la fiche {fiche.chemin} a été "
                f"modifiée pour la dernière fois le {modifiee.isoformat()} ; attendu : la date « modified » de la fiche "
                "française d'après laquelle la traduction a été faite", "version_fr", doc.source.ligne_de("version_fr")))
    return problemes


def _ignore(nom, ignores):
    return any(fnmatch.fnmatch(nom, motif) for motif in ignores)


_NOM_TEXTE_RAPPORT = re.compile(r"^\d{4}\.md$")


# Les dossiers copiés tels quels sur le site (STATIC_PATHS) : servis depuis la même origine que /admin/,
# où vit le jeton GitHub d'un éditeur. Un fichier qui peut porter un script (HTML, SVG) y serait exécuté
# par le navigateur qui l'ouvre directement : aucune Content-Security-Policy de page ne le protège.
DOSSIERS_STATIQUES = ("images", "extra", "fichiers")
_SVG_INTERDIT = re.compile(r"<\s*(script|foreignObject|iframe|object|embed|!ENTITY|!DOCTYPE)\b|\son\w+\s*=|javascript:"
                           r"|\b(?:xlink:)?href\s*=\s*[\"'](?!#)", re.I)


def fichier_statique_refuse(chemin, dossier):
    """Pourquoi ce fichier de content/images/, extra/ ou fichiers/ ne peut pas être publié (None s'il le peut)."""
    nom = os.path.basename(chemin).lower()
    if dossier == "images" and not nom.endswith(FORMATS_IMAGES):
        return ("seules les photos et images JPEG, PNG, GIF ou WebP vont dans content/images/ "
                "(un SVG ou une page HTML pourraient y porter un script) ; exportez l'image en PNG ou en JPEG")
    if dossier == "fichiers":
        # Les documents de l'association à télécharger (publications) : des PDF, rien d'autre.
        with open(chemin, "rb") as fichier:
            debut = fichier.read(5)
        if not nom.endswith(".pdf") or debut != b"%PDF-":
            return ("seuls les PDF vont dans content/fichiers/ (les documents à télécharger) ; "
                    "enregistrez le document en PDF, ou mettez une image dans content/images/")
        return None
    if nom.endswith(".svg"):
        with open(chemin, encoding="utf-8", errors="replace") as fichier:
            if _SVG_INTERDIT.search(fichier.read()):
                return ("ce SVG contient un script, un lien ou un objet externe (script, onload=, href, "
                        "foreignObject, DOCTYPE) ; le site ne publie que des SVG purement graphiques")
    return None


def _locale_de_babel(valeur):
    """Vrai si Babel connaît cette locale (« fa_AF », « ar ») : c'est elle qui écrit les dates et les tailles."""
    try:
        Locale.parse(valeur)
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True


def problemes_des_langues(reglages):
    """LANGUES et LANGUES_LOCALES de pelicanconf.py, vérifiés au début du build : une locale que Babel ne
    connaît pas arrêterait le build au milieu, avec son message anglais."""
    langues, locales = reglages.get("LANGUES", {}), reglages.get("LANGUES_LOCALES") or {}
    problemes = []

    def refus(champ, message):
        problemes.append(Probleme("pelicanconf.py", message, champ=champ))

    for code, valeur in langues.items():
        if not isinstance(code, str) or not _locale_de_babel(code):
            refus("LANGUES", f"langue « {code} » inconnue : la clé est un code de langue connu de Babel, "
                             f"en minuscules (« en », « ar », « fa », « ps »)")
        elif not (isinstance(valeur, (tuple, list)) and len(valeur) == 2 and valeur[1] in ("ltr", "rtl")
                  and isinstance(valeur[0], str) and valeur[0].strip()):
            refus("LANGUES", f"« {code} » : {valeur!r} ; attendu : (nom de la langue dans sa propre écriture, "
                             f"sens « ltr » ou « rtl »), par exemple (\"العربية\", \"rtl\")")
    for code, locale in locales.items():
        if code not in langues:
            refus("LANGUES_LOCALES", f"« {code} » n'est pas une langue de LANGUES ({', '.join(langues) or 'aucune'})")
        elif not isinstance(locale, str) or not _locale_de_babel(locale) or locale.split("_")[0] != code:
            refus("LANGUES_LOCALES", f"« {code} » : locale « {locale} » inconnue ; attendu : une locale de Babel "
                                     f"de cette langue, code de langue et de pays séparés par « _ » "
                                     f"(par exemple « fa_AF » pour le dari d'Afghanistan)")
    return problemes


def _fichier_de_traduction(relatif, nom, est_dossier, langues):
    """Ce que content/traductions/ peut contenir : un dossier par langue connue, des .md dedans.

    `langues` : les codes de LANGUES ; None (un outil qui ne lit pas les réglages) : tout dossier est une langue.
    Renvoie (document ?, message de refus ou None, descendre dans ce dossier ?)."""
    parties = relatif.split(os.sep)
    connues = ", ".join(langues or ()) or "aucune"
    if len(parties) == 2 and est_dossier:
        if langues is None or nom in langues:
            return False, None, True
        return False, (f"langue inconnue « {nom} » : les langues du site sont celles de LANGUES dans pelicanconf.py "
                       f"({connues}) ; renommez le dossier, ou ajoutez la langue à LANGUES"), False
    if len(parties) == 2:
        return False, (f"une traduction va dans le dossier de sa langue : content/{DOSSIER_TRADUCTIONS}/<langue>/{nom} "
                       f"(langues : {connues})"), False
    if est_dossier:
        return False, (f"un dossier dans content/{DOSSIER_TRADUCTIONS}/{parties[1]}/ n'est pas lu ; mettez ses fichiers .md "
                       f"directement dans content/{DOSSIER_TRADUCTIONS}/{parties[1]}/"), False
    if not nom.endswith(".md"):
        return False, ("seuls les fichiers .md sont des traductions ; nommez-le du slug de la fiche française, "
                       "par exemple garde-a-vue.md"), False
    return True, None, False


def fichiers_du_contenu(racine, ignores=(), langues=None):
    """Ce que content/ contient : (chemins relatifs des documents, [Probleme] des fichiers refusés).

    La seule liste des documents : le build lit ceux-là, `make check` vérifie ceux-là. Dans un dossier
    typé, tout ce que Pelican ne néglige pas (IGNORE_FILES) doit être un fichier « .md » : un « .html »
    ou un « .markdown » serait lu par Pelican sans passer par le contrat, un « .MD » négligé sans un mot,
    un sous-dossier changerait la rubrique. Un lien symbolique, où qu'il soit dans content/, est refusé :
    le build ne suit jamais un lien qui pourrait mener hors du projet (une clé, /proc, .git).
    """
    documents, problemes = [], []
    for repertoire, dossiers, fichiers in os.walk(racine):
        relatif_rep = os.path.relpath(repertoire, racine)
        for nom in sorted(dossiers + fichiers):
            chemin = os.path.join(repertoire, nom)
            relatif = os.path.normpath(os.path.join(relatif_rep, nom))
            affiche = "content/" + relatif.replace(os.sep, "/")
            if os.path.islink(chemin):
                problemes.append(Probleme(affiche, (
                    "c'est un lien symbolique ; le site n'en suit aucun. Mettez ici le fichier lui-même "
                    "(une copie), pas un lien vers lui")))
                continue
            premier = relatif.split(os.sep, 1)[0]
            if premier in DOSSIERS_STATIQUES and nom in fichiers:
                refus = fichier_statique_refuse(chemin, premier)
                if refus:
                    problemes.append(Probleme(affiche, refus))
                continue
            if premier == DOSSIER_TRADUCTIONS and relatif_rep != "." and not _ignore(nom, ignores):
                lire, refus, _ = _fichier_de_traduction(relatif, nom, nom in dossiers, langues)
                if refus:
                    problemes.append(Probleme(affiche, refus))
                if lire:
                    documents.append(relatif)
                continue
            # Hors des dossiers typés (images/, extra/), et sous un sous-dossier déjà refusé : rien à lire.
            if premier not in TYPES or relatif_rep != premier or _ignore(nom, ignores):
                continue
            if nom in dossiers:
                problemes.append(Probleme(affiche, (
                    f"un dossier dans content/{premier}/ n'est pas lu comme les autres ; mettez ses fichiers .md "
                    f"directement dans content/{premier}/, et ses images dans content/images/")))
            elif not nom.endswith(".md"):
                image = nom.lower().endswith((".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".pdf"))
                dossier_fichier = "fichiers" if nom.lower().endswith(".pdf") else "images"
                conseil = (f"déplacez-le dans content/{dossier_fichier}/ et faites-y un lien depuis le texte" if image else
                           "un document s'écrit dans un fichier .md : renommez-le en "
                           f"« {os.path.splitext(nom)[0]}.md » (en Markdown), ou retirez-le de ce dossier")
                problemes.append(Probleme(affiche, f"seuls les fichiers .md sont des documents ; {conseil}"))
            elif TYPES[premier] == "rapport" and not _NOM_TEXTE_RAPPORT.match(nom):
                problemes.append(Probleme(affiche, (
                    "le texte d'un rapport s'appelle du nom de son année, par exemple content/rapports/2020.md ; "
                    "renommez-le ainsi")))
            else:
                documents.append(relatif)
        # Les dossiers que Pelican ne lit pas, et les liens (déjà refusés), ne sont pas parcourus.
        dossiers[:] = [d for d in dossiers if not os.path.islink(os.path.join(repertoire, d))
                       and not _ignore(d, ignores)
                       and (relatif_rep.split(os.sep)[0] != DOSSIER_TRADUCTIONS
                            or (relatif_rep == DOSSIER_TRADUCTIONS and (langues is None or d in langues)))]
    return sorted(documents), problemes


def valider_arbre(racine, listes, lire=frontmatter.lire):
    """Lit tout content/ ; renvoie (documents valides, tous les problèmes, triés par fichier)."""
    relatifs, problemes = fichiers_du_contenu(racine, listes.ignores, listes.langues)
    images = images_du_texte.fichiers_images(os.path.join(racine, "images"))
    documents = []
    for relatif in relatifs:
        doc, erreurs = lire_document(racine, relatif, listes, lire)
        problemes.extend(erreurs)
        if doc:
            documents.append(doc)
            # Le corps commence après « --- », l'en-tête et « --- » : ses lignes se comptent à partir de là.
            debut = len(doc.source.lignes_entete) + 3
            problemes.extend(Probleme(doc.chemin, message, ligne=ligne)
                             for ligne, message in images_du_texte.problemes(doc.corps, images, listes.site, debut))
    # Les pages des langues (/ar/…) et le tableau des traductions (/traductions/) : aucune page ne les prend.
    sorties = Sorties((*listes.sorties.dossiers, DOSSIER_TRADUCTIONS, *listes.langues), listes.sorties.fichiers)
    problemes.extend(valider_ensemble(documents, sorties))
    return documents, sorted(problemes, key=lambda p: (p.fichier, p.ligne or 0))


def problemes_du_corps(document, retraits):
    """Un problème par chose que nh3 a retirée du HTML du corps, à la ligne du Markdown où elle est écrite."""
    premiere_ligne_du_corps = len(document.source.lignes_entete) + 3  # ---, l'en-tête, ---
    problemes = []
    for retrait in retraits:
        i = assainir.ligne_dans(document.corps, retrait)
        ligne = None if i is None else premiere_ligne_du_corps + i
        problemes.append(Probleme(document.chemin, retrait.message(), ligne=ligne))
    return problemes


def rapport_problemes(problemes):
    """Le message complet, en français, pour un build refusé."""
    n = len(problemes)
    titre = "1 problème à corriger" if n == 1 else f"{n} problèmes à corriger"
    lignes = [f"Le site n'a pas été construit : {titre}. Le site déjà en ligne et le dossier output/ n'ont pas changé.", ""]
    lignes += [f"- {p}" for p in problemes]
    return "\n".join(lignes)
