"""Les formats du site, chacun défini une fois : nombres, tailles de fichiers, accord au nombre, adresses
absolues, cellules des exports CSV, termes français dans un titre de droite à gauche.

Pas un plugin : un module commun, pur, que les capacités et les gabarits (filtres `nombre`, `taille` et `accord`)
partagent. Le style est le français des imprimeurs : espace fine insécable (U+202F) entre les milliers,
espace insécable (U+00A0) entre un nombre et son unité, virgule décimale, « Ko » et « Mo ».
"""

import re

from markupsafe import Markup, escape

ESPACE_FINE = "\u202f"
ESPACE_INSECABLE = "\u00a0"


def nombre_fr(n):
    """« 1 250 » (espace fine insécable), « 37 », « -1 200 » : un nombre entier à lire."""
    return f"{n:,}".replace(",", ESPACE_FINE)


def taille_fr(octets):
    """« 48 Ko », « 1,2 Mo » : ce qu'on lit à côté d'un lien de téléchargement (1 Ko = 1 000 octets)."""
    if octets < 1_000_000:
        return f"{max(1, round(octets / 1000))}{ESPACE_INSECABLE}Ko"
    return f"{octets / 1_000_000:.1f}".replace(".", ",") + f"{ESPACE_INSECABLE}Mo"


def accord(n, singulier, pluriel):
    """Le mot accordé au nombre, à la française : « 0 lettre », « 1 lettre », « 2 lettres » (le pluriel
    à partir de deux). Le filtre `accord` des gabarits : `{{ n }} {{ n|accord("entrée", "entrées") }}`."""
    return singulier if n < 2 else pluriel


def adresse_absolue(site, chemin=""):
    """« https://tousmigrants.org » + « fiches-pratiques/x/ » -> « https://tousmigrants.org/fiches-pratiques/x/ »."""
    return site.rstrip("/") + "/" + chemin.lstrip("/")


# Une cellule qui commence par l'un de ces caractères est une formule pour un tableur (Excel, LibreOffice) :
# « =HYPERLINK(…) » dans un titre s'exécuterait chez la rédaction qui ouvre le fichier.
_DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def cellule_csv(valeur):
    """La valeur telle quelle, ou précédée d'une apostrophe si un tableur la lirait comme une formule
    (la recommandation de l'OWASP, « CSV Injection ») : le tableur affiche alors le texte."""
    return "'" + valeur if valeur.startswith(_DEBUTS_DE_FORMULE) else valeur


# Entre parenthèses, au moins une lettre latine et aucune lettre arabe, persane ou pachto : « (garde à vue) ».
_TERME_LATIN = re.compile(r"\((?=[^()]*[A-Za-zÀ-ÿ])[^()\u0590-\u08ff\ufb50-\ufdff\ufe70-\ufeff]*\)")


def termes_francais(texte, sens="rtl"):
    """Un texte brut (titre, résumé) d'une page de droite à gauche -> HTML où chaque terme français entre
    parenthèses est isolé de gauche à droite : « <span lang="fr" dir="ltr">(garde à vue)</span> », comme dans le
    corps des traductions. Sans lui, un titre coupé au milieu du terme se lit « (garde à » puis « vue) ».
    Dans une page de gauche à droite (`sens="ltr"`), le texte est seulement échappé."""
    echappe = escape(texte)
    if sens != "rtl":
        return echappe
    return Markup(_TERME_LATIN.sub(lambda m: f'<span lang="fr" dir="ltr">{m.group(0)}</span>', str(echappe)))
