"""Les chiffres des actions, par clé et par année, et les entrées de la chronologie par mois.

Pur : ni Pelican ni réglages. Des enregistrements du contrat (objets à attributs : type, date, url,
title, pole, precision, chiffres…) et les listes fermées en entrée, des données simples en sortie ;
graphiques.py en fait des SVG, les gabarits des tableaux.

Une action compte dans l'année où elle a commencé, comme dans les rapports d'activité : un chiffre de
/chiffres/ est toujours celui du rapport de la même année.
"""

import csv
import datetime
import io
import json
from dataclasses import dataclass

from contrat import dates
from formats import adresse_absolue, cellule_csv, nombre_fr

COLONNES = ("annee", "cle", "valeur", "actions")
# La bande des mois de la chronologie : ce que la chronologie montre, groupé comme dans ses filtres.
TYPES_CHRONOLOGIE = ("action", "communique", "lettre")
GROUPES_PUBLICATIONS = (("communique", "Communiqués"), ("lettre", "Lettres d’information"))


@dataclass(frozen=True)
class Source:
    """Une action qui porte le chiffre : ce qui rend un total vérifiable."""

    titre: str
    url: str  # relative à la racine du site
    valeur: int


@dataclass(frozen=True)
class Point:
    annee: int
    valeur: int
    sources: tuple  # de Source, dans l'ordre des dates


@dataclass(frozen=True)
class Serie:
    """Une clé de chiffre (« personnes_secourues ») année par année, la plus ancienne d'abord.

    Seules les années où une action porte la clé y sont : une année sans chiffre n'est pas un zéro."""

    cle: str
    libelle: str
    points: tuple

    @property
    def titre(self):
        """« Interventions de l'UMMA » : la majuscule en tête, le reste tel qu'il est écrit (pas `capitalize`)."""
        return self.libelle[:1].upper() + self.libelle[1:]

    def jusqu_a(self, annee):
        """La série vue depuis le rapport d'une année : cette année et celles d'avant."""
        return Serie(self.cle, self.libelle, tuple(p for p in self.points if p.annee <= annee))

    def point(self, annee):
        return next((p for p in self.points if p.annee == annee), None)

    @property
    def constat(self):
        """La phrase de la légende : « 192 personnes secourues en 2020, contre 77 en 2019. »"""
        *avant, dernier = self.points
        phrase = f"{nombre_fr(dernier.valeur)} {self.libelle} en {dernier.annee}"
        if avant:
            precedent = avant[-1]
            phrase += f", contre {nombre_fr(precedent.valeur)} en {precedent.annee}"
        else:
            phrase += ", première année chiffrée"
        return phrase + "."


def _ordre(connus):
    rang = {cle: i for i, cle in enumerate(connus)}
    return lambda cle: (rang.get(cle, len(rang)), cle)


def series(enregistrements, libelles):
    """Une `Serie` par clé portée par au moins une action, dans l'ordre de `libelles` (clé -> libellé).

    `enregistrements` : ce qui est publié (l'appelant écarte brouillons et actions à venir)."""
    par_cle = {}
    for r in sorted((r for r in enregistrements if r.type == "action"), key=lambda r: (r.date, r.title)):
        for cle, valeur in r.chiffres:
            par_cle.setdefault(cle, {}).setdefault(r.date.year, []).append(Source(r.title, r.url, valeur))
    return [
        Serie(cle, libelles.get(cle, cle), tuple(
            Point(annee, sum(s.valeur for s in sources), tuple(sources))
            for annee, sources in sorted(par_cle[cle].items())
        ))
        for cle in sorted(par_cle, key=_ordre(libelles))
    ]


def actions_par_pole(enregistrements, annee, poles):
    """[(libellé du pôle, nombre d'actions commencées dans l'année)], dans l'ordre des pôles ; pôles vides omis."""
    compte = {}
    for r in enregistrements:
        if r.type == "action" and r.date.year == annee:
            compte[r.pole] = compte.get(r.pole, 0) + 1
    return [(poles.get(pole, pole), compte[pole]) for pole in sorted(compte, key=_ordre(poles))]


def donnees(liste_series, base):
    """Les enregistrements de /chiffres.json et /chiffres.csv : un par clé et par année, adresses absolues."""
    return [
        {"annee": p.annee, "cle": s.cle, "valeur": p.valeur,
         "actions": [adresse_absolue(base, source.url) for source in p.sources]}
        for s in liste_series for p in s.points
    ]


def json_texte(enregistrements):
    return json.dumps(enregistrements, ensure_ascii=False, indent=1) + "\n"


def csv_texte(enregistrements):
    """Le CSV : `actions` tient les adresses séparées par une espace (une adresse n'en contient pas).
    Aucune cellule de texte n'est une formule pour un tableur (`cellule_csv`, comme la chronologie)."""
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, lineterminator="\r\n")
    ecrivain.writerow(COLONNES)
    for e in enregistrements:
        ecrivain.writerow([e["annee"], cellule_csv(e["cle"]), e["valeur"], cellule_csv(" ".join(e["actions"]))])
    return sortie.getvalue()


@dataclass(frozen=True)
class Mois:
    debut: datetime.date  # premier jour du mois
    comptes: tuple  # un nombre par groupe, dans l'ordre des groupes
    detail: tuple = ()  # (libellé du groupe, nombre) des seuls groupes présents ce mois-là

    @property
    def total(self):
        return sum(self.comptes)

    @property
    def ancre(self):
        """L'id du mois dans la page de la chronologie (même format que son gabarit : « mois-2020-12 »)."""
        return "mois-" + dates.iso(self.debut, dates.MOIS)


@dataclass(frozen=True)
class BandeMois:
    groupes: tuple  # libellés : les pôles, puis « Communiqués », « Lettres d'information »
    mois: tuple  # de Mois, du plus ancien au plus récent, sans trou : un mois vide se voit
    sans_mois: int  # entrées datées à l'année seulement, hors de la bande

    @property
    def constat(self):
        plein = max(self.mois, key=lambda m: (m.total, m.debut))
        debut, fin = self.mois[0].debut, self.mois[-1].debut
        return (f"{sum(m.total for m in self.mois)} entrées de {dates.date_fr(debut, dates.MOIS)} "
                f"à {dates.date_fr(fin, dates.MOIS)} ; le mois le plus chargé est "
                f"{dates.date_fr(plein.debut, dates.MOIS)}, avec {plein.total} entrées.")


def bande_mois(enregistrements, jour, poles):
    """Les entrées de la chronologie au jour donné (actions par pôle, communiqués, lettres) mois par mois.

    Même règle que la chronologie : ce qui a eu lieu au jour du build, daté par son début. None s'il n'y
    a aucune entrée datée au mois."""
    retenus = [r for r in enregistrements if r.type in TYPES_CHRONOLOGIE and r.date <= jour]
    cles = [*(("action", p) for p in poles), *((t, None) for t, _ in GROUPES_PUBLICATIONS)]
    libelles = [*poles.values(), *(libelle for _, libelle in GROUPES_PUBLICATIONS)]
    rang = {cle: i for i, cle in enumerate(cles)}
    compte = {}
    sans_mois = 0
    for r in retenus:
        if r.precision == dates.ANNEE:
            sans_mois += 1
            continue
        cle = (r.type, r.pole if r.type == "action" else None)
        mois = (r.date.year, r.date.month)
        compte.setdefault(mois, [0] * len(cles))[rang[cle]] += 1
    if not compte:
        return None
    (annee, mois), fin = min(compte), max(compte)
    liste = []
    while (annee, mois) <= fin:
        liste.append(Mois(datetime.date(annee, mois, 1), tuple(compte.get((annee, mois), [0] * len(cles)))))
        annee, mois = (annee + 1, 1) if mois == 12 else (annee, mois + 1)
    # Un groupe qui n'a rien sur toute la bande n'y prend pas de place.
    gardes = [i for i in range(len(cles)) if any(m.comptes[i] for m in liste)]
    return BandeMois(
        groupes=tuple(libelles[i] for i in gardes),
        mois=tuple(Mois(m.debut, tuple(m.comptes[i] for i in gardes),
                        tuple((libelles[i], m.comptes[i]) for i in gardes if m.comptes[i])) for m in liste),
        sans_mois=sans_mois,
    )
