"""Dates en français, par Babel (jamais la locale du système, souvent absente des machines de CI)."""

import datetime
import functools

from babel.dates import format_date

LOCALE = "fr_FR"


@functools.lru_cache(maxsize=8192)
def _format(jour, motif):
    # Babel coûte une dizaine de µs par appel, et les gabarits redemandent sans cesse les mêmes dates (la
    # date d'un document revient dans chaque liste où il figure) : ~40 000 appels pour 4000 documents.
    return format_date(jour, motif, locale=LOCALE)


def date_fr(jour):
    """« 21 septembre 2020 » (et « 1er » pour le premier du mois, comme on l'écrit en français)."""
    if jour is None:
        return ""
    if isinstance(jour, datetime.datetime):
        jour = jour.date()
    texte = _format(jour, "d MMMM y")
    return "1er" + texte[1:] if jour.day == 1 else texte


def mois_fr(jour):
    """« septembre 2020 »."""
    return _format(jour, "MMMM y")


def periode_fr(debut, fin=None):
    """« 21 septembre 2020 », « 3 au 11 octobre 2020 », « 1er septembre 2020 au 15 janvier 2021 »."""
    if isinstance(debut, datetime.datetime):
        debut = debut.date()
    if isinstance(fin, datetime.datetime):
        fin = fin.date()
    if not fin or fin == debut:
        return date_fr(debut)
    if (debut.year, debut.month) == (fin.year, fin.month):
        premier = "1er" if debut.day == 1 else str(debut.day)
        return f"{premier} au {date_fr(fin)}"
    if debut.year == fin.year:
        premier = date_fr(debut).rsplit(" ", 1)[0]
        return f"{premier} au {date_fr(fin)}"
    return f"{date_fr(debut)} au {date_fr(fin)}"


def iso(jour):
    if isinstance(jour, datetime.datetime):
        jour = jour.date()
    return jour.isoformat()


def heure_fr(heure):
    """« 18:30 » -> « 18 h 30 », « 09:00 » -> « 9 h »."""
    heures, minutes = heure.split(":")
    return f"{int(heures)} h" + ("" if minutes == "00" else f" {minutes}")
