"""Le seul constructeur de fichiers iCalendar (.ics) du site, partagé par la chronologie et l'agenda.

Ce n'est pas un plugin : un module pur (ni Pelican ni réglages), pour que la chronologie et l'agenda
n'aient pas chacun leur copie et ne s'importent pas l'un l'autre. La chronologie y met tout ce qui a
eu lieu, en journées entières ; l'agenda, ce qui vient, à l'heure dite quand l'action en donne une.
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import formats
import icalendar

PARIS = ZoneInfo("Europe/Paris")
# Une action annoncée avec une heure mais sans heure de fin : deux heures, la durée d'une réunion publique.
DUREE_PAR_DEFAUT = datetime.timedelta(hours=2)
UN_JOUR = datetime.timedelta(days=1)


def identifiant(record):
    """`<type>-<slug>` : unique même quand un communiqué et une action ont le même slug, et stable
    tant que le document garde son adresse. Ancre de la chronologie, UID des calendriers, id des exports."""
    return f"{record.type}-{record.slug}"


def adresses(reglages):
    """(base, domaine) des exports. La base des liens est le site publié (SITEURL) ou, depuis un aperçu
    où SITEURL est vide, le site canonique : un lien copié d'un export marche toujours. Le domaine des
    identifiants (UID, id Atom) est toujours le canonique : un agenda abonné ne voit jamais de doublon."""
    return reglages.get("SITEURL") or reglages["SITE_CANONIQUE"], urlsplit(reglages["SITE_CANONIQUE"]).hostname


def _debut_et_fin(record, avec_heure):
    """(début, fin exclusive) : des dates pour une journée entière, des heures de Paris sinon."""
    if not (avec_heure and record.heure):
        return record.date, record.fin + UN_JOUR
    heures, minutes = (int(x) for x in record.heure.split(":"))
    debut = datetime.datetime.combine(record.modified or record.date, datetime.time(heures, minutes), PARIS)
    if record.date_fin and record.date_fin != record.date:
        # Sur plusieurs jours : de l'heure annoncée jusqu'à la fin du dernier jour.
        return debut, datetime.datetime.combine(record.date_fin + UN_JOUR, datetime.time(), PARIS)
    return debut, debut + DUREE_PAR_DEFAUT


def horodatage(record):
    """DTSTAMP : la dernière révision du document (`modified`, sinon `date`), à 0 h UTC. Un calendrier
    publié (METHOD:PUBLISH) peut y mettre la date de révision de l'information (RFC 5545, 3.8.7.2) :
    l'heure du build ferait différer deux builds du même commit et changer le fichier chaque jour."""
    return datetime.datetime.combine(record.modified or record.date, datetime.time(), datetime.timezone.utc)


def _description(record, base):
    morceaux = [record.summary]
    if record.partenaires:
        morceaux.append("Avec : " + ", ".join(record.partenaires) + ".")
    morceaux.append(formats.adresse_absolue(base, record.url))
    return "\n\n".join(m for m in morceaux if m)


def calendrier(records, *, nom, description, base, domaine, avec_heure=False, categories=None):
    """Le texte .ics (bytes) d'un calendrier : un événement par enregistrement daté au jour près, dans
    l'ordre donné. Ce qui n'est connu qu'au mois ou à l'année n'y est pas : un agenda le montrerait
    comme un événement du 1er du mois, un jour que personne ne connaît.

    `base` : adresse absolue du site, pour les liens ; `domaine` : celui des UID, qui ne doit pas changer
    d'un build à l'autre (sinon les agendas abonnés dupliquent tout) ; `categories(record)` : un libellé
    français facultatif (« Tribune · Plaidoyer »).
    """
    cal = icalendar.Calendar.new(
        prodid=f"-//Tous Migrants//{nom}//FR",
        uid=f"{nom.lower()}@{domaine}",
        name=f"Tous Migrants : {nom.lower()}",
        description=description,
        method="PUBLISH",
        # Les applications abonnées (téléphones) relisent le calendrier deux fois par jour.
        refresh_interval=datetime.timedelta(hours=12),
        url=base.rstrip("/") + "/",
    )
    cal["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # exigé par la RFC 7986
    cal.add("X-PUBLISHED-TTL", "PT12H")  # le même, pour Outlook et les anciens clients
    cal.add("X-WR-TIMEZONE", "Europe/Paris")
    annees = []
    for record in records:
        if not record.au_jour_pres:
            continue
        debut, fin = _debut_et_fin(record, avec_heure)
        cal.add_component(icalendar.Event.new(
            uid=f"{identifiant(record)}@{domaine}",
            summary=record.title,
            start=debut,
            end=fin,
            stamp=horodatage(record),
            url=formats.adresse_absolue(base, record.url),
            location=record.lieu,
            description=_description(record, base),
            categories=[categories(record)] if categories else (),
            transparency="TRANSPARENT",
        ))
        if isinstance(debut, datetime.datetime):
            annees += [debut.year, fin.year]
    if annees:
        # VTIMEZONE pour Europe/Paris, limité aux années utiles (sinon 70 ans de changements d'heure).
        cal.add_missing_timezones(
            first_date=datetime.date(min(annees), 1, 1), last_date=datetime.date(max(annees) + 1, 1, 1)
        )
    return en_octets(cal)


# RFC 5545 : une ligne de plus de 75 octets est repliée (CRLF puis une espace). icalendar le fait
# caractère par caractère, même pour une ligne courte ; sur des milliers d'événements, c'était le plus
# gros du temps d'écriture du calendrier. On replie par tranches d'octets, avec les mêmes règles.
LIGNE_MAX = 75
REPLI = b"\r\n "


def replier(ligne):
    """Une ligne de contenu en octets, repliée comme le fait icalendar (`Contentline.to_ical`) :
    tranches de 74 octets au plus, jamais au milieu d'un caractère UTF-8, et sans séparer une barre
    oblique inverse ou un ^ du caractère qu'il protège (icalendar, ticket 1501)."""
    octets = ligne.encode("utf-8")
    if len(octets) < LIGNE_MAX:
        return octets
    tranches = []
    debut = 0
    while len(octets) - debut >= LIGNE_MAX:
        coupe = debut + LIGNE_MAX - 1
        while octets[coupe] & 0xC0 == 0x80:  # octet de suite d'un caractère : couper avant lui
            coupe -= 1
        dernier = coupe - 1
        while octets[dernier] & 0xC0 == 0x80:
            dernier -= 1
        if octets[dernier] in b"\\^" and dernier > debut:
            coupe = dernier
        tranches.append(octets[debut:coupe])
        debut = coupe
    tranches.append(octets[debut:])
    return REPLI.join(tranches)


def en_octets(composant):
    """Le texte .ics d'un composant icalendar : le même que `composant.to_ical()`, octet pour octet
    (les tests le vérifient), en bien moins de temps sur un long calendrier."""
    return b"".join(replier(ligne) + b"\r\n" for ligne in composant.content_lines() if ligne)
