"""Dates en français, par Babel (jamais la locale du système, souvent absente des machines de CI).

Une date est aussi précise qu'on la connaît (champ `precision` du contrat) : « 1er décembre 2018 »
(jour), « décembre 2018 » (mois) ou « 2018 » (année). Chaque fonction qui écrit une date la prend en
argument : un fait connu au mois près ne devient jamais « le 1er » d'un mois, nulle part.
"""

import datetime
import functools

from babel.dates import format_date

LOCALE = "fr_FR"
# Du plus précis au moins précis ; `jour` quand le document ne dit rien.
PRECISIONS = ("jour", "mois", "annee")
JOUR, MOIS, ANNEE = PRECISIONS


@functools.lru_cache(maxsize=8192)
def _format(jour, motif):
    # Babel coûte une dizaine de µs par appel, et les gabarits redemandent sans cesse les mêmes dates (la
    # date d'un document revient dans chaque liste où il figure) : ~40 000 appels pour 4000 documents.
    return format_date(jour, motif, locale=LOCALE)


def _en_date(jour):
    if isinstance(jour, datetime.datetime):
        return jour.date()
    return jour


def _precision(precision):
    # Un gabarit passe `article.precision`, absent quand le fichier ne le donne pas : c'est le jour.
    return precision if precision in PRECISIONS else JOUR


def date_fr(jour, precision=JOUR):
    """« 21 septembre 2020 » (et « 1er » pour le premier du mois, comme on l'écrit en français),
    « septembre 2020 » au mois près, « 2020 » à l'année près."""
    if jour is None:
        return ""
    jour = _en_date(jour)
    precision = _precision(precision)
    if precision == ANNEE:
        return str(jour.year)
    if precision == MOIS:
        return mois_fr(jour)
    texte = _format(jour, "d MMMM y")
    return "1er" + texte[1:] if jour.day == 1 else texte


def mois_fr(jour):
    """« septembre 2020 »."""
    return _format(_en_date(jour), "MMMM y")


def periode_fr(debut, fin=None, precision=JOUR):
    """« 21 septembre 2020 », « 3 au 11 octobre 2020 », « 1er septembre 2020 au 15 janvier 2021 » ;
    au mois près « octobre à décembre 2018 », « décembre 2018 à février 2019 » ; à l'année près
    « 2018 à 2020 »."""
    debut, fin = _en_date(debut), _en_date(fin)
    precision = _precision(precision)
    if not fin or fin == debut:
        return date_fr(debut, precision)
    if precision == ANNEE:
        return f"{debut.year} à {fin.year}"
    if precision == MOIS:
        if debut.year == fin.year:
            return f"{_format(debut, 'MMMM')} à {mois_fr(fin)}"
        return f"{mois_fr(debut)} à {mois_fr(fin)}"
    if (debut.year, debut.month) == (fin.year, fin.month):
        premier = "1er" if debut.day == 1 else str(debut.day)
        return f"{premier} au {date_fr(fin)}"
    if debut.year == fin.year:
        premier = date_fr(debut).rsplit(" ", 1)[0]
        return f"{premier} au {date_fr(fin)}"
    return f"{date_fr(debut)} au {date_fr(fin)}"


def iso(jour, precision=JOUR):
    """La valeur de `<time datetime>` : « 2018-12-01 », « 2018-12 » au mois près, « 2018 » à l'année
    près (trois formes valides en HTML, et la même dans le CSV de la chronologie)."""
    jour = _en_date(jour)
    precision = _precision(precision)
    if precision == ANNEE:
        return f"{jour.year:04d}"
    if precision == MOIS:
        return f"{jour.year:04d}-{jour.month:02d}"
    return jour.isoformat()


def cle_de_tri(jour, precision=JOUR):
    """Clé de tri croissante : ce qui n'est connu qu'à l'année vient en tête de son année, ce qui n'est
    connu qu'au mois en tête de son mois, puis les jours dans l'ordre. Pour aller du plus récent au plus
    ancien, `cle_de_tri_recente` garde ces mêmes têtes de groupe."""
    jour = _en_date(jour)
    precision = _precision(precision)
    return (jour.year, precision != ANNEE, jour.month, precision != MOIS, jour.day)


def cle_de_tri_recente(jour, precision=JOUR):
    """Comme `cle_de_tri`, du plus récent au plus ancien (années, mois et jours à rebours)."""
    annee, pas_annee, mois, pas_mois, quantieme = cle_de_tri(jour, precision)
    return (-annee, pas_annee, -mois, pas_mois, -quantieme)


def dernier_jour(jour, precision=JOUR):
    """Le dernier jour que couvre une date : le jour même, le dernier du mois, ou le 31 décembre."""
    jour = _en_date(jour)
    precision = _precision(precision)
    if precision == ANNEE:
        return datetime.date(jour.year, 12, 31)
    if precision == MOIS:
        suivant = datetime.date(jour.year + jour.month // 12, jour.month % 12 + 1, 1)
        return suivant - datetime.timedelta(days=1)
    return jour


def heure_fr(heure):
    """« 18:30 » -> « 18 h 30 », « 09:00 » -> « 9 h »."""
    heures, minutes = heure.split(":")
    return f"{int(heures)} h" + ("" if minutes == "00" else f" {minutes}")
