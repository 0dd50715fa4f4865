"""Le contrat de contenu : quels champs chaque type de document accepte, et ce qu'ils doivent valoir.

Pur : les listes fermées (pôles, natures, chiffres…) arrivent des réglages sous forme de dict.
Chaque problème trouvé est un `Probleme` qui nomme le fichier, la ligne, le champ et ce qui est attendu.
"""

import datetime
import os
import re
from dataclasses import dataclass, field

from pelican.utils import slugify

from . import frontmatter

# Dossier de content/ -> type de document. Le dossier donne le type ; rien d'autre.
TYPES = {
    "communiques": "communique",
    "lettres": "lettre",
    "fiches-pratiques": "fiche",
    "actions": "action",
    "pages": "page",
    "rapports": "rapport",
}
NOMS_TYPES = {
    "communique": "communiqué",
    "lettre": "lettre d'information",
    "fiche": "fiche pratique",
    "action": "action",
    "page": "page",
    "rapport": "rapport d'activité",
}
# Adresses produites par le site lui-même : une page ne peut pas les prendre.
ADRESSES_RESERVEES = (
    "admin", "agenda", "chronologie", "feeds", "images", "pagefind", "rapports", "recherche",
    "sujets", "theme", "hors-ligne",
)
# Fichiers écrits à la racine du site : une ancienne adresse ne peut pas les remplacer.
FICHIERS_RACINE = (
    "index.html", "404.html", "robots.txt", "sitemap.xml", "favicon.svg", "CNAME", ".nojekyll",
    "chronologie.json", "chronologie.csv", "chronologie.ics", "agenda.ics",
)


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

    @classmethod
    def depuis_reglages(cls, reglages):
        return cls(
            poles=dict(reglages["POLES"]),
            natures=dict(reglages["NATURES"]),
            chiffres=dict(reglages["CHIFFRES"]),
            publics=dict(reglages["PUBLICS"]),
            themes=dict(reglages["THEMES_FICHES"]),
            substitutions=tuple(tuple(s) for s in reglages.get("SLUG_REGEX_SUBSTITUTIONS", ())),
        )


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

    @property
    def slug(self):
        return self.meta.get("slug") or slugify(str(self.meta.get("title", "")), regex_subs=self.substitutions)

    @property
    def brouillon(self):
        return self.meta.get("status") == "draft"

    @property
    def adresse(self):
        """Adresse publique, relative à la racine du site (sans / au début)."""
        if self.type == "page":
            return f"{self.slug}/"
        dossier = next(d for d, t in TYPES.items() if t == self.type)
        return f"{dossier}/{self.slug}/"


# --- Vérification d'une valeur : renvoie (valeur convertie, None) ou (None, ce qui est attendu) ---

_EXEMPLE_DATE = "une date réelle au format AAAA-MM-JJ, par exemple 2020-09-21"


def _date(valeur, _listes):
    if isinstance(valeur, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", valeur.strip()):
        try:
            return datetime.date.fromisoformat(valeur.strip()), None
        except ValueError:
            return None, f"la date « {valeur} » n'existe pas ; attendu : {_EXEMPLE_DATE}"
    return None, f"« {valeur} » n'est pas une date ; attendu : {_EXEMPLE_DATE}"


def _texte(valeur, _listes):
    if isinstance(valeur, str) and valeur.strip():
        return valeur.strip(), None
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool):
        return str(valeur), None
    return None, "attendu : un texte non vide"


def _liste_textes(valeur, _listes):
    if isinstance(valeur, list) and all(isinstance(v, str) and v.strip() for v in valeur):
        return [v.strip() for v in valeur], None
    return None, "attendu : une liste de textes, par exemple [Anafé, Médecins du Monde]"


def _slug(valeur, _listes):
    if isinstance(valeur, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", valeur):
        return valeur, None
    return None, (
        f"« {valeur} » n'est pas un slug valide ; attendu : des minuscules sans accent, "
        "des chiffres et des tirets, par exemple grande-maraude-2020"
    )


def _statut(valeur, _listes):
    if valeur in ("draft", "published"):
        return valeur, None
    return None, f"« {valeur} » n'est pas un statut connu ; attendu : draft (brouillon) ou published"


def _entier_positif(valeur, _listes):
    if isinstance(valeur, int) and not isinstance(valeur, bool) and valeur > 0:
        return valeur, None
    return None, f"« {valeur} » n'est pas un numéro ; attendu : un nombre entier, par exemple 7"


def _heure(valeur, _listes):
    if isinstance(valeur, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", valeur.strip()):
        return valeur.strip(), None
    return None, f"« {valeur} » n'est pas une heure ; attendu : HH:MM entre guillemets, par exemple \"18:30\""


def _chemins(valeur, _listes):
    if isinstance(valeur, list) and valeur and all(
        isinstance(v, str) and v.startswith("/") and len(v) > 1 and ".." not in v and " " not in v
        for v in valeur
    ):
        return valeur, None
    return None, (
        "attendu : une liste d'adresses de l'ancien site commençant par /, "
        "par exemple [/sinformer/pour-le-droit-de-manifester]"
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


CHAMPS_COMMUNS = {
    "title": _texte,
    "date": _date,
    "summary": _texte,
    "tags": _liste_textes,
    "slug": _slug,
    "status": _statut,
    "anciennes_urls": _chemins,
}
# type -> (champs obligatoires en plus de title et date, champs propres au type)
CHAMPS_PAR_TYPE = {
    "communique": ({"summary"}, {"partenaires": _liste_textes}),
    "lettre": (set(), {"numero": _entier_positif}),
    "fiche": (
        {"modified", "verifiee_le"},
        {
            "modified": _date,
            "verifiee_le": _date,
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
    "page": (set(), {"template": _texte}),
    "rapport": (set(), {}),
}


def champs_du_type(type_):
    """Tous les champs acceptés pour un type, dans l'ordre où on les documente."""
    return {**CHAMPS_COMMUNS, **CHAMPS_PAR_TYPE[type_][1]}


def obligatoires(type_):
    return {"title", "date"} | CHAMPS_PAR_TYPE[type_][0]


def type_du_chemin(chemin_relatif):
    """Le type d'un fichier d'après son dossier de premier niveau dans content/, ou None."""
    dossier = chemin_relatif.replace(os.sep, "/").split("/", 1)[0]
    return TYPES.get(dossier)


def valider_source(chemin, type_, source, listes):
    """Vérifie un fichier lu ; renvoie (Document ou None, [Probleme])."""
    problemes = []
    meta = {}
    acceptes = champs_du_type(type_)
    for nom, valeur in source.meta.items():
        ligne = source.ligne_de(str(nom))
        if nom not in acceptes:
            problemes.append(Probleme(
                chemin, f"champ inconnu pour un·e {NOMS_TYPES[type_]} ; champs possibles : {', '.join(acceptes)}",
                str(nom), ligne,
            ))
            continue
        if valeur is None:
            if nom in obligatoires(type_):
                problemes.append(Probleme(chemin, "ce champ est vide ; il est obligatoire", nom, ligne))
            continue
        converti, attendu = acceptes[nom](valeur, listes)
        if attendu:
            problemes.append(Probleme(chemin, attendu, nom, ligne))
        else:
            meta[nom] = converti
    for nom in sorted(obligatoires(type_) - set(source.meta)):
        problemes.append(Probleme(
            chemin, f"champ obligatoire manquant pour un·e {NOMS_TYPES[type_]} ; à ajouter dans l'en-tête", nom,
        ))
    if isinstance(meta.get("date_fin"), datetime.date) and isinstance(meta.get("date"), datetime.date):
        if meta["date_fin"] < meta["date"]:
            problemes.append(Probleme(
                chemin, f"la date de fin ({meta['date_fin']}) est avant la date de début ({meta['date']})",
                "date_fin", source.ligne_de("date_fin"),
            ))
    if problemes:
        return None, problemes
    document = Document(chemin=chemin, type=type_, meta=meta, corps=source.corps, source=source,
                        substitutions=listes.substitutions)
    return document, []


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


def valider_ensemble(documents, dossiers_generes=()):
    """Règles qui portent sur plusieurs fichiers : adresses en double, suite_de, anciennes adresses."""
    problemes = []
    publies = [d for d in documents if not d.brouillon and d.type != "rapport"]
    prises = {f"{r}/": "le site lui-même" for r in (*ADRESSES_RESERVEES, *TYPES, *dossiers_generes)}
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
        if cible and cible == doc.slug:
            problemes.append(Probleme(doc.chemin, "une action ne peut pas être la suite d'elle-même",
                                      "suite_de", doc.source.ligne_de("suite_de")))

    anciennes = {}
    for doc in publies:
        for chemin in doc.meta.get("anciennes_urls", ()):
            cle = chemin.strip("/")
            derniere = cle.rsplit("/", 1)[-1]
            if cle in anciennes:
                message = f"l'ancienne adresse {chemin} est déjà redirigée par {anciennes[cle]}"
            elif cle in FICHIERS_RACINE:
                message = f"l'ancienne adresse {chemin} est un fichier du nouveau site"
            elif "." in derniere and not derniere.endswith((".html", ".htm")):
                message = (f"l'ancienne adresse {chemin} n'est pas une page : une redirection ne peut "
                           "s'écrire qu'à une adresse sans extension ou terminée par .html")
            elif cle + "/" in prises or cle.split("/", 1)[0] in (*ADRESSES_RESERVEES, *dossiers_generes, *TYPES):
                message = f"l'ancienne adresse {chemin} tombe sur une page du nouveau site"
            else:
                anciennes[cle] = doc.chemin
                continue
            problemes.append(Probleme(doc.chemin, message, "anciennes_urls", doc.source.ligne_de("anciennes_urls")))
    return problemes


def valider_arbre(racine, listes, dossiers_generes=(), lire=frontmatter.lire):
    """Lit tout content/ ; renvoie (documents valides, tous les problèmes, triés par fichier)."""
    documents, problemes = [], []
    for dossier in TYPES:
        base = os.path.join(racine, dossier)
        for repertoire, _, fichiers in os.walk(base):
            for nom in sorted(fichiers):
                if not nom.endswith(".md") or nom.startswith("."):
                    continue
                relatif = os.path.relpath(os.path.join(repertoire, nom), racine)
                doc, erreurs = lire_document(racine, relatif, listes, lire)
                problemes.extend(erreurs)
                if doc:
                    documents.append(doc)
    problemes.extend(valider_ensemble(documents, dossiers_generes))
    return documents, sorted(problemes, key=lambda p: (p.fichier, p.ligne or 0))


def rapport_problemes(problemes):
    """Le message complet, en français, pour un build refusé."""
    n = len(problemes)
    titre = "1 problème à corriger" if n == 1 else f"{n} problèmes à corriger"
    lignes = [f"Le site n'a pas été construit : {titre}. Le site déjà en ligne et le dossier output/ n'ont pas changé.", ""]
    lignes += [f"- {p}" for p in problemes]
    return "\n".join(lignes)
