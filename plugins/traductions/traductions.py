"""Pur : ce que le site sait des traductions des fiches, d'après les enregistrements du contrat.

Quelle traduction est à jour, à revoir (le français a changé depuis), non relue ou manquante ; l'index de
chaque langue (les fiches traduites, puis celles qui n'existent qu'en français) ; les autres langues d'une
fiche ; et les liens du texte traduit, récrits vers la fiche dans la même langue quand elle existe.
Rien ici ne connaît Pelican.
"""

import re
from dataclasses import dataclass

from babel.units import format_unit
from contrat.dates import date_fr

# Le public des fiches à traduire.
PUBLIC = "exiles"
RUBRIQUE = "fiches-pratiques"
# Les états d'une fiche dans une langue, dans l'ordre du tableau de bord : libellé français.
ETATS = {
    "a-jour": "à jour",
    "a-revoir": "à revoir",
    "non-relue": "non relue",
    "manquante": "manquante",
}


@dataclass(frozen=True)
class Langue:
    code: str
    nom: str  # dans sa propre écriture : « العربية »
    sens: str  # « ltr » ou « rtl »
    locale: str = ""  # la variante de Babel pour les dates (« fa_AF ») ; vide : le code de la langue

    @property
    def locale_des_dates(self):
        return self.locale or self.code


def langues_de(reglage, locales=None):
    """LANGUES de pelicanconf.py ({code: (nom, sens)}) en liste ordonnée de `Langue` ; `locales` (LANGUES_LOCALES,
    {code: locale de Babel}) pour une langue dont les dates s'écrivent comme dans un pays précis."""
    locales = locales or {}
    return [Langue(code, nom, sens, locales.get(code, "")) for code, (nom, sens) in reglage.items()]


def fiches_a_traduire(fiches):
    """Les fiches écrites pour les personnes exilées : celles que chaque langue doit avoir."""
    return [f for f in fiches if PUBLIC in f.public]


def adresse(langue, slug=""):
    """/<langue>/ ou /<langue>/fiches-pratiques/<slug>/, relative à la racine du site comme les autres adresses."""
    return f"{langue}/{RUBRIQUE}/{slug}/" if slug else f"{langue}/"


def adresse_pdf(langue, slug=""):
    """Le PDF d'une fiche traduite, à côté de sa page (/<langue>/fiches-pratiques/<slug>.pdf) ; sans slug, le
    recueil de la langue (/<langue>/fiches-pratiques/fiches-pratiques.pdf), comme celui des fiches françaises."""
    return f"{langue}/{RUBRIQUE}/{slug or RUBRIQUE}.pdf"


def taille(octets, langue):
    """La taille d'un PDF dans la langue de la page, par Babel : « 45 kB », « 45 كيلوبايت », « 45 کیلوبایت ».

    La forme courte de CLDR, sauf si elle est en lettres latines et que la longue ne l'est pas : CLDR écrit
    « kB » en persan et en pachto dans sa forme courte, mais « کیلوبایت » dans la longue.
    """
    valeur, unite = ((max(1, round(octets / 1000)), "digital-kilobyte") if octets < 1_000_000
                     else (round(octets / 1_000_000, 1), "digital-megabyte"))
    formes = [format_unit(valeur, unite, longueur, locale=langue) for longueur in ("short", "long")]
    return next((f for f in formes if not re.search("[A-Za-z]", f)), formes[0])


def a_revoir(traduction, fiche):
    """Le texte français a changé depuis la version traduite."""
    return fiche.modified is not None and traduction.version_fr < fiche.modified


def etat(traduction, fiche):
    if traduction is None:
        return "manquante"
    if a_revoir(traduction, fiche):
        return "a-revoir"
    if not traduction.relue_par:
        return "non-relue"
    return "a-jour"


@dataclass(frozen=True)
class Case:
    """Une fiche dans une langue, pour le tableau de bord."""

    langue: Langue
    etat: str
    url: str | None  # la page traduite, s'il y en a une

    @property
    def libelle(self):
        return ETATS[self.etat]


def par_langue(traductions):
    """{(langue, slug): traduction} des traductions de fiches ; {langue: accueil} des pages d'accueil."""
    fiches = {(t.langue, t.slug): t for t in traductions if not t.accueil}
    accueils = {t.langue: t for t in traductions if t.accueil}
    return fiches, accueils


def tableau(fiches, traductions, langues):
    """[(fiche, [Case par langue])] : chaque fiche pour les exilés, dans chaque langue."""
    traduites, _ = par_langue(traductions)
    lignes = []
    for fiche in sorted(fiches_a_traduire(fiches), key=lambda f: f.title.casefold()):
        cases = []
        for langue in langues:
            t = traduites.get((langue.code, fiche.slug))
            cases.append(Case(langue, etat(t, fiche), adresse(langue.code, fiche.slug) if t else None))
        lignes.append((fiche, cases))
    return lignes


def resume(lignes):
    """Le résumé du tableau en une ligne française : « Traductions : 14 à jour, 2 à revoir, … »."""
    comptes = dict.fromkeys(ETATS, 0)
    for _, cases in lignes:
        for case in cases:
            comptes[case.etat] += 1
    return "Traductions des fiches : " + ", ".join(
        f"{n} {ETATS[e]}{'s' if n > 1 and e in ('non-relue', 'manquante') else ''}" for e, n in comptes.items()) + "."


def message_a_revoir(lignes):
    """L'avertissement du build : les traductions dont la fiche française a changé depuis, en une ligne ; ou ''."""
    noms = [f"{case.langue.code}/{fiche.slug} (français du {date_fr(fiche.modified)})"
            for fiche, cases in lignes for case in cases if case.etat == "a-revoir"]
    if not noms:
        return ""
    return (f"{len(noms)} traduction{'s' if len(noms) > 1 else ''} à revoir, la fiche française ayant changé "
            f"depuis : {', '.join(noms)} ; retraduisez, puis mettez « version_fr » à jour.")


@dataclass(frozen=True)
class Entree:
    """Une fiche dans l'index d'une langue : traduite, ou seulement en français (lien vers la page française)."""

    slug: str
    title: str
    summary: str
    url: str
    traduite: bool


def index_de(langue, fiches, traductions):
    """L'index d'une langue : ses fiches traduites, puis les fiches pour les exilés qui n'existent qu'en français."""
    traduites, _ = par_langue(traductions)
    entrees, en_francais = [], []
    for fiche in sorted(fiches_a_traduire(fiches), key=lambda f: f.title.casefold()):
        t = traduites.get((langue, fiche.slug))
        if t:
            entrees.append(Entree(fiche.slug, t.title, t.summary, adresse(langue, fiche.slug), True))
        else:
            en_francais.append(Entree(fiche.slug, fiche.title, fiche.summary, fiche.url, False))
    return entrees + en_francais


def versions(slug, url_francaise, traductions, langues):
    """Toutes les versions d'une fiche, le français en tête : [(code, nom, url)] (la page elle-même comprise)."""
    traduites, _ = par_langue(traductions)
    liste = [("fr", "Français", url_francaise)]
    liste += [(l.code, l.nom, adresse(l.code, slug)) for l in langues if (l.code, slug) in traduites]
    return liste if len(liste) > 1 else []


# Un lien écrit vers une fiche : {filename}/fiches-pratiques/<fichier>.md (la forme que la traduction garde du
# français) ou son adresse /fiches-pratiques/<slug>/, suivi d'une ancre facultative.
_LIEN_FICHIER = re.compile(r"\{filename\}/?(?P<source>[^)\s#\"]+\.md)(?P<ancre>#[^)\s\"]*)?")
_LIEN_ADRESSE = re.compile(r"(?<=\]\()/" + RUBRIQUE + r"/(?P<slug>[a-z0-9-]+)/(?P<ancre>#[^)\s\"]*)?(?=[)\s])")


def recrire_liens(corps, langue, adresses_des_sources, slugs_des_adresses, traduites, siteurl=""):
    """Le Markdown d'une traduction, ses liens vers les fiches menant à la fiche dans la même langue si elle
    existe, en français sinon ; les autres liens {filename} vers l'adresse du document français.

    `adresses_des_sources` : {chemin dans content/ : adresse} ; `slugs_des_adresses` : {adresse d'une fiche : slug} ;
    `traduites` : les slugs des fiches traduites dans cette langue.
    """
    def vers(url, ancre):
        slug = slugs_des_adresses.get(url)
        if slug in traduites:
            url = adresse(langue, slug)
        return f"{siteurl}/{url}{ancre or ''}"

    def depuis_fichier(m):
        url = adresses_des_sources.get(m.group("source").lstrip("/"))
        return m.group(0) if url is None else vers(url, m.group("ancre"))

    corps = _LIEN_FICHIER.sub(depuis_fichier, corps)
    return _LIEN_ADRESSE.sub(lambda m: vers(f"{RUBRIQUE}/{m.group('slug')}/", m.group("ancre")), corps)
