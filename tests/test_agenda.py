"""L'agenda : les actions annoncées sont sur /agenda/, dans agenda.ics et sur l'accueil ; au premier build
après leur date, elles passent d'elles-mêmes dans la chronologie. « Aujourd'hui » est fixé pour chaque build."""

import csv
import datetime
import io
import json
import re
import shutil
from html.parser import HTMLParser

import feedparser
import icalendar
import pytest

from outils import construction
from agenda import agenda
from conftest import RACINE, Contenu, ecrire_document
from contrat.typographie import typographie_francaise
from contrat.records import Record

PARIS = "Europe/Paris"
SANS_PDF = [p for p in construction.reglages()["PLUGINS"] if p not in ("fiches", "rapports")]

# Le jour du build « avant » (celui de tous les tests) ; « après », tout ce qui suit est passé.
AVANT = "2026-11-27"
APRES = "2100-01-01"

ANNONCES = {
    # slug : champs de l'en-tête (YAML brut)
    "rassemblement-refuge": dict(title='"Rassemblement pour le Refuge, « ouvert à tous » & solidaire"', date="2026-12-05",
                                 heure='"18:30"', lieu='"Place de l\'Europe, Briançon"', pole="plaidoyer", nature="manifestation",
                                 summary='"Rendez-vous place de l\'Europe."'),
    "projection-debat": dict(title='"Projection-débat"', date="2026-12-01", pole="sensibilisation", nature="evenement",
                             lieu='"Cinéma Eden"'),
    "assemblee-generale-2027": dict(title='"Assemblée générale 2027"', date="2027-01-15", heure='"09:00"',
                                    pole="vie-associative", nature="assemblee-generale"),
    "grande-maraude-2027": dict(title='"Grande maraude 2027"', date="2027-02-01", pole="maraudes", nature="maraude"),
    # Commencée mais pas finie : dans l'agenda et déjà dans la chronologie.
    "festival-en-cours": dict(title='"Festival des solidarités"', date="2026-11-20", date_fin="2026-11-30",
                              pole="sensibilisation", nature="evenement"),
    # Finie la veille : seulement dans la chronologie.
    "reunion-d-hier": dict(title='"Réunion d\'hier"', date="2026-11-26", pole="reseaux", nature="rencontre"),
}
ORDRE_AGENDA = ["festival-en-cours", "projection-debat", "rassemblement-refuge", "assemblee-generale-2027", "grande-maraude-2027"]


class Liens(HTMLParser):
    """Les adresses des actions liées dans une page, dans l'ordre, et son texte."""

    def __init__(self, texte):
        super().__init__(convert_charrefs=True)
        self.actions, self.texte = [], ""
        self.feed(texte)

    def handle_starttag(self, balise, attributs):
        action = re.search(r"/actions/([a-z0-9-]+)/$", dict(attributs).get("href", ""))
        if balise == "a" and action:
            self.actions.append(action.group(1))

    def handle_data(self, texte):
        self.texte += texte


@pytest.fixture(scope="module")
def contenu_annonces(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("agenda")
    contenu = Contenu(dossier / "content", dossier / "cache")
    shutil.copytree(RACINE / "content", contenu.dossier)
    for slug, champs in ANNONCES.items():
        ecrire_document(contenu, f"actions/{champs['date']}-{slug}.md", slug=slug, **champs)
    return contenu


@pytest.fixture(scope="module")
def avant(contenu_annonces):
    return contenu_annonces.construire(contenu_annonces.dossier.parent / "avant", AUJOURDHUI=AVANT, PLUGINS=SANS_PDF, GENERER_PDF=False)


@pytest.fixture(scope="module")
def apres(contenu_annonces):
    return contenu_annonces.construire(contenu_annonces.dossier.parent / "apres", AUJOURDHUI=APRES, PLUGINS=SANS_PDF, GENERER_PDF=False)


@pytest.fixture(scope="module")
def lendemain(contenu_annonces):
    # Le lendemain d'« avant » : aucune action n'y commence ni n'y finit, les calendriers ne changent pas.
    return contenu_annonces.construire(contenu_annonces.dossier.parent / "lendemain", AUJOURDHUI="2026-11-28",
                                       PLUGINS=SANS_PDF, GENERER_PDF=False)


def evenements(site):
    return icalendar.Calendar.from_ical(site.octets("/agenda.ics")).walk("VEVENT")


def chronologie(site):
    """Les slugs des actions de la chronologie : la page et chacun de ses exports, lus par de vrais lecteurs."""
    actions = re.compile(r"action-([a-z0-9-]+)")
    page = re.findall(r'<article class="entree" id="action-([a-z0-9-]+)"', site.texte("/chronologie/"))
    timeline = [ev["unique_id"] for ev in json.loads(site.octets("/chronologie.json"))["events"]]
    lignes = [ligne["url"] for ligne in csv.DictReader(io.StringIO(site.octets("/chronologie.csv").decode("utf-8")))]
    cal = [str(ev["UID"]) for ev in icalendar.Calendar.from_ical(site.octets("/chronologie.ics")).walk("VEVENT")]
    return {
        "page": set(page),
        "json": {m.group(1) for i in timeline if (m := actions.fullmatch(i))},
        "csv": {u.rstrip("/").rsplit("/", 1)[1] for u in lignes if "/actions/" in u},
        "ics": {m.group(1) for u in cal if (m := actions.fullmatch(u.split("@")[0]))},
        "atom": {m.group(1) for e in feedparser.parse(site.octets("/feeds/chronologie.atom.xml")).entries
                 if (m := actions.fullmatch(e.id.rsplit("/", 1)[1]))},
    }


def test_l_agenda_montre_les_actions_a_venir_la_plus_proche_d_abord(avant):
    page = Liens(avant.texte("/agenda/"))
    assert page.actions == ORDRE_AGENDA
    assert typographie_francaise("5 décembre 2026, à 18 h 30 · Place de l'Europe, Briançon") in page.texte
    assert typographie_francaise("Rassemblement pour le Refuge, « ouvert à tous » & solidaire") in page.texte
    assert typographie_francaise("Rendez-vous place de l'Europe.") in page.texte
    assert "20 au 30 novembre 2026 · en cours" in page.texte
    assert '<time datetime="2026-12-05T18:30">18 h 30</time>' in avant.texte("/agenda/")
    assert '<time datetime="2027-01-15T09:00">9 h</time>' in avant.texte("/agenda/")


@pytest.mark.parametrize("nom, action", [("/agenda.ics", "rassemblement-refuge"), ("/chronologie.ics", "reunion-d-hier")])
def test_un_calendrier_est_le_meme_octet_pour_octet_d_un_jour_a_l_autre(avant, lendemain, nom, action):
    assert lendemain.octets(nom) == avant.octets(nom)
    # DTSTAMP : la date du document (sans `modified`), à 0 h UTC, pas l'heure du build.
    tampons = {str(ev["UID"]): ev["DTSTAMP"].dt for ev in icalendar.Calendar.from_ical(avant.octets(nom)).walk("VEVENT")}
    date = datetime.date.fromisoformat(ANNONCES[action]["date"])
    assert tampons[f"action-{action}@tousmigrants.org"] == datetime.datetime.combine(date, datetime.time(), datetime.timezone.utc)


def test_agenda_ics_a_l_heure_de_paris_ou_en_journees_entieres(avant):
    cal = icalendar.Calendar.from_ical(avant.octets("/agenda.ics"))
    par_uid = {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}
    assert list(par_uid) == [f"action-{slug}@tousmigrants.org" for slug in ORDRE_AGENDA]
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == [PARIS]

    rassemblement = par_uid["action-rassemblement-refuge@tousmigrants.org"]
    assert rassemblement["DTSTART"].params["TZID"] == PARIS
    assert rassemblement.start == datetime.datetime(2026, 12, 5, 18, 30, tzinfo=rassemblement.start.tzinfo)
    assert rassemblement.start.utcoffset() == datetime.timedelta(hours=1)  # l'heure d'hiver de Paris
    assert rassemblement.end - rassemblement.start == datetime.timedelta(hours=2)
    assert str(rassemblement["SUMMARY"]) == typographie_francaise("Rassemblement pour le Refuge, « ouvert à tous » & solidaire")
    assert str(rassemblement["LOCATION"]) == typographie_francaise("Place de l'Europe, Briançon")
    assert str(rassemblement["URL"]) == "https://tousmigrants.org/actions/rassemblement-refuge/"

    projection = par_uid["action-projection-debat@tousmigrants.org"]
    assert (projection.start, projection.end) == (datetime.date(2026, 12, 1), datetime.date(2026, 12, 2))
    festival = par_uid["action-festival-en-cours@tousmigrants.org"]
    assert (festival.start, festival.end) == (datetime.date(2026, 11, 20), datetime.date(2026, 12, 1))


def test_l_agenda_dit_comment_s_abonner_depuis_un_telephone(avant):
    texte = avant.texte("/agenda/")
    assert 'href="/agenda.ics"' in texte and 'href="webcal://tousmigrants.org/agenda.ics"' in texte
    assert "téléphone" in Liens(texte).texte


def test_l_accueil_montre_les_trois_prochains_rendez_vous(avant):
    accueil = avant.texte("/")
    section = accueil[accueil.index('id="prochains"'):].split("</section>", 1)[0]
    assert Liens(section).actions == ORDRE_AGENDA[:3]


def test_une_action_a_venir_n_est_pas_encore_dans_la_chronologie(avant):
    vues = chronologie(avant)
    for vue, slugs in vues.items():
        assert "festival-en-cours" in slugs, vue  # commencée : déjà de l'histoire
        assert not set(ORDRE_AGENDA[1:]) & slugs, vue
    assert "reunion-d-hier" in vues["page"] and "reunion-d-hier" not in Liens(avant.texte("/agenda/")).actions
    # La page de l'action annoncée ne renvoie pas à une ancre qui n'existe pas encore.
    assert "/chronologie/#" not in avant.texte("/actions/rassemblement-refuge/")


def test_apres_sa_date_l_action_passe_d_elle_meme_de_l_agenda_a_la_chronologie(apres):
    for vue, slugs in chronologie(apres).items():
        if vue != "atom":  # le flux ne garde que les dernières entrées
            assert set(ORDRE_AGENDA) <= slugs, vue
    assert 'href="/chronologie/#action-rassemblement-refuge"' in apres.texte("/actions/rassemblement-refuge/")
    assert evenements(apres) == []
    assert 'id="prochains"' not in apres.texte("/")


def test_sans_rendez_vous_l_agenda_le_dit_et_renvoie_a_la_chronologie(apres):
    page = Liens(apres.texte("/agenda/"))
    assert page.actions == []
    assert "Aucun rendez-vous n’est annoncé pour le moment." in page.texte
    assert 'href="/chronologie/"' in apres.texte("/agenda/")


@pytest.mark.parametrize("heure", ['"18h30"', '"8:30"', '"24:00"', "1830", '"midi"'])
def test_une_heure_mal_ecrite_arrete_le_build_avec_un_message_francais(tmp_path, heure):
    contenu = Contenu(tmp_path / "content", tmp_path / "cache")
    ecrire_document(contenu, "actions/2026-12-05-mauvaise-heure.md", title='"Réunion"', date="2026-12-05",
                    heure=heure, pole="plaidoyer", nature="rencontre")
    with pytest.raises(construction.BuildRefuse) as refus:
        contenu.construire(tmp_path / "output")
    message = str(refus.value)
    assert "content/actions/2026-12-05-mauvaise-heure.md, ligne 4, champ « heure » :" in message
    assert f"« {heure.strip(chr(34))} » n'est pas une heure ; attendu : HH:MM entre guillemets" in message


def test_le_meme_jour_la_journee_entiere_passe_avant_les_heures_dans_l_ordre():
    def action(slug, date, **champs):
        return Record(type="action", slug=slug, title=slug, date=datetime.date.fromisoformat(date),
                      url=f"actions/{slug}/", pole="plaidoyer", nature="rencontre", **champs)

    jour = datetime.date(2026, 11, 27)
    records = [action("soir", "2026-12-05", heure="18:30"), action("matin", "2026-12-05", heure="09:00"),
               action("journee", "2026-12-05"), action("hier", "2026-11-26"),
               action("semaine", "2026-11-23", date_fin=datetime.date(2026, 11, 27))]
    assert [r.slug for r in agenda.a_venir(records, jour)] == ["semaine", "journee", "matin", "soir"]
    assert agenda.en_cours(records[4], jour) and not agenda.en_cours(records[0], jour)
