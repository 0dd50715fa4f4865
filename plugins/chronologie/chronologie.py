"""La chronologie : chaque action, communiqué et lettre qui a eu lieu, du plus récent au plus ancien,
et ses exports pour les rédactions (TimelineJS, CSV, iCalendar, Atom).

Pur : des enregistrements du contrat et les listes fermées en entrée, des données simples en sortie.
Toutes les vues (page, pages filtrées, exports) partent de la même liste `entrees(...)` : une entrée de
plus ou de moins se voit partout à la fois, dans le même ordre.
"""

import csv
import datetime
import io
import itertools
import json
from dataclasses import dataclass
from html import escape

import calendrier
from formats import cellule_csv  # une fois pour tous les exports CSV du site (chiffres.csv aussi)
import formats
from atom import FluxAtom
from contrat import dates
from contrat.records import Record, passes
from contrat.regles import NOMS_TYPES
from contrat.typographie import typographie_francaise

TYPES = ("action", "communique", "lettre")
# Les communiqués et les lettres ont leur page filtrée, comme les pôles pour les actions.
FILTRES_TYPES = {"communique": ("communiques", "Communiqués"), "lettre": ("lettres", "Lettres d’information")}
# `precision` en dernier : les colonnes d'avant gardent leur place pour les tableurs déjà faits.
COLONNES_CSV = ("date", "date_fin", "type", "pole", "nature", "titre", "lieu", "partenaires", "url", "precision")


@dataclass(frozen=True)
class Renvoi:
    """Un lien vers une autre entrée (« suite de … », « suites : … »)."""

    ident: str
    titre: str
    date: datetime.date
    precision: str = dates.JOUR


@dataclass(frozen=True)
class Entree:
    record: Record
    ident: str  # l'ancre dans la page, l'unique_id de TimelineJS, le début de l'UID iCalendar
    genre: str  # « Communiqué », « Tribune · Plaidoyer »
    groupe: str  # le pôle en toutes lettres, ou « Communiqués », « Lettres d'information »
    filtre: str  # la page filtrée où elle figure aussi : un pôle, « communiques » ou « lettres »
    suite_de: Renvoi | None = None
    suites: tuple = ()


@dataclass(frozen=True)
class Filtre:
    """Une page /chronologie/<slug>/ : une année, un pôle, les communiqués ou les lettres."""

    slug: str
    titre: str  # « 2020 », « Plaidoyer », « Communiqués »
    famille: str  # « annee », « pole » ou « publication » : les lignes de liens en haut de la page
    entrees: tuple


def _renvoi(record):
    return Renvoi(calendrier.identifiant(record), record.title, record.date, record.precision)


def entrees(records, jour, poles, natures):
    """Les entrées de la chronologie au jour donné, la plus récente d'abord.

    En O(n) : les suites sont reliées par dictionnaire, sans recherche dans la liste ; le tri porte sur
    des enregistrements que le contrat donne déjà par date, ce que Timsort parcourt en temps linéaire.

    Seul ce qui a eu lieu au jour du build y figure : une action annoncée entre dans la chronologie au
    premier build après sa date, sans qu'on touche au fichier.

    Dans une année, ce qui n'est daté qu'à l'année vient en tête ; dans un mois, ce qui n'est daté qu'au
    mois, puis les jours du plus récent au plus ancien ; dans un jour, par type puis slug à rebours
    (lettre, communiqué, action) : l'ordre ne dépend que du contenu, deux builds donnent la même page.
    """
    retenus = sorted(
        (r for r in passes(records, jour) if r.type in TYPES),
        key=lambda r: (r.type, r.slug),
        reverse=True,
    )
    retenus.sort(key=lambda r: dates.cle_de_tri_recente(r.date, r.precision))  # tri stable : garde l'ordre du jour
    actions = {r.slug: r for r in retenus if r.type == "action"}
    suites = {}
    for r in reversed(retenus):  # du plus ancien au plus récent : les suites dans l'ordre où elles sont venues
        if r.suite_de in actions:
            suites.setdefault(r.suite_de, []).append(_renvoi(r))
    liste = []
    for r in retenus:
        if r.type == "action":
            genre, groupe, filtre = f"{natures[r.nature][0]} · {poles[r.pole]}", poles[r.pole], r.pole
        else:
            filtre, groupe = FILTRES_TYPES[r.type]
            # Le nom du type est écrit pour les messages du terminal ; sur le site, il prend la typographie.
            genre = typographie_francaise(NOMS_TYPES[r.type].capitalize())
        avant = actions.get(r.suite_de) if r.type == "action" else None
        liste.append(Entree(
            record=r,
            ident=calendrier.identifiant(r),
            genre=genre,
            groupe=groupe,
            filtre=filtre,
            suite_de=_renvoi(avant) if avant else None,
            suites=tuple(suites.get(r.slug, ())) if r.type == "action" else (),
        ))
    return liste


def _mois(entree):
    """Le mois d'une entrée, ou None pour ce qui n'est daté qu'à l'année (en tête de son année)."""
    r = entree.record
    return None if r.precision == dates.ANNEE else r.date.month


def par_annee_et_mois(liste):
    """[(année, [(premier jour du mois ou None, [entrées])])], dans l'ordre de la liste (la plus récente
    d'abord) ; None : le groupe de ce qui n'est daté qu'à l'année, en tête de l'année."""
    return [
        (annee, [
            (datetime.date(annee, mois, 1) if mois else None, list(du_mois))
            for mois, du_mois in itertools.groupby(de_l_annee, key=_mois)
        ])
        for annee, de_l_annee in itertools.groupby(liste, key=lambda e: e.record.date.year)
    ]


def filtres(liste, poles):
    """Les pages filtrées qui ont au moins une entrée : années (récentes d'abord), pôles (dans l'ordre
    des réglages), puis communiqués et lettres."""
    par_filtre = {}
    par_annee = {}
    for e in liste:
        par_filtre.setdefault(e.filtre, []).append(e)
        par_annee.setdefault(e.record.date.year, []).append(e)
    resultat = [Filtre(str(annee), str(annee), "annee", tuple(es)) for annee, es in par_annee.items()]
    familles = [*(("pole", p) for p in poles.items()), *(("publication", t) for t in FILTRES_TYPES.values())]
    resultat += [
        Filtre(slug, titre, famille, tuple(par_filtre[slug])) for famille, (slug, titre) in familles if slug in par_filtre
    ]
    return resultat


# --- Exports ------------------------------------------------------------------------------------------


def _details(e):
    """Lieu et partenaires, en une ligne de texte."""
    r = e.record
    morceaux = []
    if r.lieu:
        morceaux.append(f"Lieu : {r.lieu}")
    if r.partenaires:
        morceaux.append("Avec : " + ", ".join(r.partenaires))
    return " · ".join(morceaux)


def _paragraphes(e, libelles_chiffres):
    """Le texte d'une entrée, en paragraphes de texte brut : l'« En bref », le lieu et les partenaires, les chiffres."""
    r = e.record
    paragraphes = [r.summary] if r.summary else []
    if _details(e):
        paragraphes.append(_details(e))
    if r.chiffres:
        paragraphes.append(" · ".join(formats.nombre_fr(n) + f" {libelles_chiffres[cle]}" for cle, n in r.chiffres))
    return paragraphes


def _texte_html(e, base, libelles_chiffres):
    """Le texte d'une entrée en HTML (TimelineJS l'affiche comme du HTML) : tout est échappé."""
    paragraphes = [escape(p, quote=False) for p in _paragraphes(e, libelles_chiffres)]
    paragraphes.append(f'<a href="{escape(formats.adresse_absolue(base, e.record.url))}">Lire sur tousmigrants.org</a>')
    return "".join(f"<p>{p}</p>" for p in paragraphes)


def _date_timeline(jour, precision):
    """Une date de TimelineJS, sans le jour (ou le mois) qu'on ne connaît pas : TimelineJS affiche alors
    « décembre 2018 » ou « 2018 » et place l'entrée au début de la période."""
    date = {"year": jour.year}
    if precision != dates.ANNEE:
        date["month"] = jour.month
    if precision == dates.JOUR:
        date["day"] = jour.day
    return date


def timeline(liste, base, libelles_chiffres):
    """Le JSON de TimelineJS3 (dict), chargeable tel quel par une rédaction.

    TimelineJS affiche `headline` et `text` comme du HTML : le titre y est donc échappé (« & » y
    devient « &amp; »), pour s'afficher tel qu'il est écrit et ne jamais injecter de balise.
    """
    evenements = []
    for e in liste:
        r = e.record
        evenement = {
            "unique_id": e.ident,
            "start_date": _date_timeline(r.date, r.precision),
            "display_date": dates.periode_fr(r.date, r.date_fin, r.precision),
            "text": {"headline": escape(r.title, quote=False), "text": _texte_html(e, base, libelles_chiffres)},
            "group": e.groupe,
        }
        if r.date_fin and r.date_fin != r.date:
            evenement["end_date"] = _date_timeline(r.date_fin, r.precision)
        evenements.append(evenement)
    return {
        "title": {"text": {
            "headline": "Tous Migrants\u00a0: chronologie",
            "text": "<p>Actions, communiqués et lettres d’information de Tous Migrants, Briançon.</p>",
        }},
        "events": evenements,
    }


def timeline_json(liste, base, libelles_chiffres):
    return json.dumps(timeline(liste, base, libelles_chiffres), ensure_ascii=False, indent=1) + "\n"


def csv_texte(liste, base, poles, natures):
    """Le CSV (texte) : une ligne d'en-tête, puis une ligne par entrée ; libellés en français.

    Les dates y sont aussi précises qu'on les connaît : « 2018-12-01 », « 2018-12 » (mois) ou « 2018 »
    (année), et la colonne `precision` le dit (jour, mois, annee) pour un tableur qui trie ou filtre.
    Aucune cellule n'est une formule (`cellule_csv`)."""
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, lineterminator="\r\n")
    ecrivain.writerow(COLONNES_CSV)
    for e in liste:
        r = e.record
        ecrivain.writerow(cellule_csv(cellule) for cellule in [
            dates.iso(r.date, r.precision),
            dates.iso(r.date_fin, r.precision) if r.date_fin else "",
            NOMS_TYPES[r.type],
            poles[r.pole] if r.pole else "",
            natures[r.nature][0] if r.nature else "",
            r.title,
            r.lieu or "",
            "; ".join(r.partenaires),
            formats.adresse_absolue(base, r.url),
            r.precision,
        ])
    return sortie.getvalue()


def ics(liste, base, domaine):
    """Le calendrier de la chronologie : une journée entière par entrée (du premier au dernier jour).
    Seules les entrées datées au jour près y sont (calendrier.calendrier écarte les autres)."""
    genres = {e.ident: e.genre for e in liste}
    return calendrier.calendrier(
        [e.record for e in liste],
        nom="Chronologie",
        description="Actions, communiqués et lettres d’information de Tous Migrants",
        base=base,
        domaine=domaine,
        categories=lambda r: genres[calendrier.identifiant(r)],
    )


def atom(liste, base, domaine, nombre, libelles_chiffres):
    """Le flux Atom des `nombre` entrées les plus récentes (texte XML)."""
    racine = base.rstrip("/")
    flux = FluxAtom(
        title="Tous Migrants\u00a0: chronologie",
        link=f"{racine}/chronologie/",
        description="Actions, communiqués et lettres d’information de Tous Migrants, datés.",
        language="fr",
        feed_url=f"{racine}/feeds/chronologie.atom.xml",
        feed_guid=f"tag:{domaine},2015:chronologie",
        author_name="Tous Migrants",
    )
    for e in liste[:nombre]:
        r = e.record
        flux.add_item(
            title=r.title,
            link=formats.adresse_absolue(base, r.url),
            # Du texte (type="text"), comme le résumé de tous les flux du site ; le lien de l'entrée mène à la page.
            # La date en toutes lettres en tête : un lecteur de flux n'affiche que `published`, qui tombe le 1er
            # du mois pour un fait connu au mois près ; le texte dit « décembre 2018 ».
            description="\n\n".join([dates.periode_fr(r.date, r.date_fin, r.precision), *_paragraphes(e, libelles_chiffres)]),
            # L'id ne dépend pas de l'adresse du build (aperçu ou publié) : un lecteur ne voit pas de doublon.
            unique_id=f"tag:{domaine},2015:chronologie/{e.ident}",
            pubdate=datetime.datetime.combine(r.date, datetime.time(), calendrier.PARIS),
            categories=[e.genre],
        )
    return flux.writeString("utf-8")
