"""Le cœur de la chronologie et le calendrier partagé, sans Pelican : des enregistrements en entrée,
des entrées, des pages filtrées et des exports en sortie."""

import csv
import datetime
import io
import json

import icalendar
import pytest

import calendrier
import pelicanconf
from chronologie import chronologie
from contrat.records import Record

POLES, NATURES = pelicanconf.POLES, pelicanconf.NATURES
JOUR = datetime.date(2020, 12, 31)
BASE = "https://tousmigrants.org"


def record(type_, slug, date, **champs):
    dossier = {"action": "actions", "communique": "communiques", "lettre": "lettres", "fiche": "fiches-pratiques"}
    if type_ == "action":
        champs = {"pole": "plaidoyer", "nature": "appel", **champs}
    return Record(type=type_, slug=slug, title=champs.pop("title", slug), date=datetime.date.fromisoformat(date),
                  url=f"{dossier.get(type_, '')}/{slug}/".lstrip("/"), **champs)


def idents(entrees):
    return [e.ident for e in entrees]


def test_seuls_les_faits_passes_au_jour_du_build_entrent_dans_la_chronologie_le_plus_recent_d_abord():
    records = [
        record("communique", "c1", "2020-01-10"),
        record("action", "a1", "2020-03-02"),
        record("lettre", "l1", "2020-02-01"),
        record("fiche", "f1", "2020-05-05"),  # une fiche n'est pas un fait daté
        record("page", "association", "2020-01-01"),
        record("action", "annoncee", "2021-01-15"),  # pas encore eu lieu
        record("action", "en-cours", "2020-12-20", date_fin=datetime.date(2021, 1, 3)),  # commencée : elle y est
    ]
    entrees = chronologie.entrees(records, JOUR, POLES, NATURES)
    assert idents(entrees) == ["action-en-cours", "action-a1", "lettre-l1", "communique-c1"]
    assert "action-annoncee" in idents(chronologie.entrees(records, datetime.date(2021, 1, 15), POLES, NATURES))


def test_un_communique_et_une_action_de_meme_slug_ont_des_ancres_distinctes_et_stables():
    records = [record("communique", "grande-maraude", "2020-02-24"), record("action", "grande-maraude", "2020-02-24")]
    entrees = chronologie.entrees(records, JOUR, POLES, NATURES)
    assert sorted(idents(entrees)) == ["action-grande-maraude", "communique-grande-maraude"]
    # Ajouter d'autres documents ne change l'ancre de personne.
    plus = chronologie.entrees([*records, record("action", "autre", "2020-02-24")], JOUR, POLES, NATURES)
    assert {"action-grande-maraude", "communique-grande-maraude"} < set(idents(plus))


def test_le_genre_est_en_francais():
    records = [
        record("action", "t", "2020-09-21", pole="plaidoyer", nature="tribune"),
        record("communique", "c", "2020-09-20"),
        record("lettre", "l", "2020-09-19"),
    ]
    assert [(e.genre, e.groupe, e.filtre) for e in chronologie.entrees(records, JOUR, POLES, NATURES)] == [
        ("Tribune · Plaidoyer", "Plaidoyer", "plaidoyer"),
        ("Communiqué", "Communiqués", "communiques"),
        ("Lettre d’information", "Lettres d’information", "lettres"),
    ]


def test_les_suites_sont_reliees_dans_les_deux_sens():
    records = [
        record("action", "proces", "2020-10-21", title="Procès en appel"),
        record("action", "delibere", "2020-12-16", title="Relaxe en appel", suite_de="proces"),
        record("action", "cassation", "2020-12-20", title="Pourvoi", suite_de="proces"),
        record("action", "audience", "2021-03-01", title="Audience à venir", suite_de="proces"),  # pas encore eu lieu
    ]
    par_ident = {e.ident: e for e in chronologie.entrees(records, JOUR, POLES, NATURES)}
    proces = par_ident["action-proces"]
    assert [s.ident for s in proces.suites] == ["action-delibere", "action-cassation"]
    assert proces.suite_de is None
    assert par_ident["action-delibere"].suite_de == chronologie.Renvoi("action-proces", "Procès en appel", datetime.date(2020, 10, 21))


def test_groupes_par_annee_puis_par_mois():
    records = [record("action", f"a{i}", d) for i, d in enumerate(["2019-11-20", "2020-01-13", "2020-01-01", "2020-12-18"])]
    groupes = chronologie.par_annee_et_mois(chronologie.entrees(records, JOUR, POLES, NATURES))
    assert [(annee, [(mois.month, idents(es)) for mois, es in mois_liste]) for annee, mois_liste in groupes] == [
        (2020, [(12, ["action-a3"]), (1, ["action-a1", "action-a2"])]),
        (2019, [(11, ["action-a0"])]),
    ]


def test_une_page_filtree_par_annee_pole_et_publication_qui_a_des_entrees():
    records = [
        record("action", "a", "2020-05-01", pole="juridique"),
        record("action", "b", "2019-05-01", pole="plaidoyer"),
        record("communique", "c", "2020-04-01"),
    ]
    filtres = chronologie.filtres(chronologie.entrees(records, JOUR, POLES, NATURES), POLES)
    assert [(f.slug, f.famille, idents(f.entrees)) for f in filtres] == [
        ("2020", "annee", ["action-a", "communique-c"]),
        ("2019", "annee", ["action-b"]),
        ("plaidoyer", "pole", ["action-b"]),  # l'ordre des pôles est celui des réglages
        ("juridique", "pole", ["action-a"]),
        ("communiques", "publication", ["communique-c"]),
    ]


def test_le_csv_a_l_en_tete_demandee_et_des_adresses_absolues():
    records = [record("action", "a", "2020-05-01", date_fin=datetime.date(2020, 5, 3), lieu="Briançon",
                      partenaires=("Anafé", "Médecins du Monde"), pole="juridique", nature="refere")]
    lignes = list(csv.reader(io.StringIO(chronologie.csv_texte(
        chronologie.entrees(records, JOUR, POLES, NATURES), BASE, POLES, NATURES))))
    assert lignes == [
        ["date", "date_fin", "type", "pole", "nature", "titre", "lieu", "partenaires", "url", "precision"],
        ["2020-05-01", "2020-05-03", "action", "Actions juridiques", "Référé", "a", "Briançon",
         "Anafé; Médecins du Monde", "https://tousmigrants.org/actions/a/", "jour"],
    ]


def test_timelinejs_une_periode_a_une_date_de_fin_un_jour_n_en_a_pas():
    records = [record("action", "periode", "2020-10-03", date_fin=datetime.date(2020, 10, 11)), record("action", "jour", "2020-09-21")]
    evenements = json.loads(chronologie.timeline_json(chronologie.entrees(records, JOUR, POLES, NATURES), BASE, {}))["events"]
    assert evenements[0]["start_date"] == {"year": 2020, "month": 10, "day": 3}
    assert evenements[0]["end_date"] == {"year": 2020, "month": 10, "day": 11}
    assert evenements[0]["display_date"] == "3 au 11 octobre 2020"
    assert "end_date" not in evenements[1]


# --- Le calendrier partagé (chronologie et agenda) ------------------------------------------------------


def evenements(records, **options):
    texte = calendrier.calendrier(records, nom="Test", description="d", base=BASE, domaine="tousmigrants.org", **options)
    return icalendar.Calendar.from_ical(texte).walk("VEVENT")


def test_une_journee_entiere_finit_le_lendemain_du_dernier_jour():
    (jour,) = evenements([record("action", "a", "2020-10-03", date_fin=datetime.date(2020, 10, 11), heure="18:30")])
    assert jour.start == datetime.date(2020, 10, 3)
    assert jour.end == datetime.date(2020, 10, 12)  # DTEND exclusif
    assert str(jour["UID"]) == "action-a@tousmigrants.org"


@pytest.mark.parametrize(
    "date_fin, fin_attendue",
    [
        (None, datetime.datetime(2026, 12, 5, 20, 30)),  # deux heures par défaut
        (datetime.date(2026, 12, 6), datetime.datetime(2026, 12, 7, 0, 0)),  # jusqu'à la fin du dernier jour
    ],
)
def test_une_action_a_l_heure_dite_est_a_l_heure_de_paris(date_fin, fin_attendue):
    (action,) = evenements([record("action", "a", "2026-12-05", heure="18:30", date_fin=date_fin)], avec_heure=True)
    assert action.start == datetime.datetime(2026, 12, 5, 18, 30, tzinfo=calendrier.PARIS)
    assert action.end == fin_attendue.replace(tzinfo=calendrier.PARIS)
    assert action["DTSTART"].params["TZID"] == "Europe/Paris"


def test_dtstamp_est_la_derniere_revision_du_document_pas_l_heure_du_build():
    # Deux builds du même commit, un jour d'écart, donnent le même .ics : DTSTAMP vient du document.
    revise, jamais = evenements([record("action", "revise", "2020-10-03", modified=datetime.date(2021, 2, 4)),
                                 record("action", "jamais", "2020-10-05")])
    assert revise["DTSTAMP"].dt == datetime.datetime(2021, 2, 4, tzinfo=datetime.timezone.utc)
    assert jamais["DTSTAMP"].dt == datetime.datetime(2020, 10, 5, tzinfo=datetime.timezone.utc)


def test_le_texte_ics_est_celui_d_icalendar_octet_pour_octet():
    # Nos lignes sont repliées sans icalendar (pour la vitesse) : le résultat doit rester le sien,
    # lignes longues, accents, emoji, barres obliques inverses et ^ compris, à toutes les positions.
    records = []
    for n in range(40):
        resume = ("é" * (n % 3) + "x" * n + "\\ ; , ^ « guillemets » 🏔️ " + "mot " * n) * 2
        records.append(record("action", f"a{n}", "2020-06-01", title="Réunion " + "à" * n + "\\" * (n % 2),
                              summary=resume, lieu="Briançon ^" * (n % 4), heure="18:30"))
    for avec_heure in (False, True):
        cal = icalendar.Calendar.from_ical(calendrier.calendrier(
            records, nom="Essai", description="Essai", base=BASE, domaine="tousmigrants.org",
            avec_heure=avec_heure))
        assert calendrier.en_octets(cal) == cal.to_ical()
    for ligne in ["x" * 73, "x" * 74, "x" * 75, "é" * 37 + "x", "x" * 73 + "é" * 5, "x" * 73 + "\\n" + "y" * 80,
                  "x" * 72 + "^'" + "y" * 100, "a" + "\\" * 200]:
        assert calendrier.replier(ligne) == icalendar.parser.Contentline(ligne).to_ical()


def test_dans_une_meme_journee_l_ordre_est_fixe_et_ne_depend_pas_de_l_ordre_recu():
    # Le plus récent d'abord ; le même jour : par type puis par slug, en ordre décroissant (stable d'un build
    # à l'autre, et le même dans la page, les exports et le flux).
    jour = "2020-06-09"
    records = [record("action", "a-hommage", jour), record("communique", "c-appel", jour),
               record("action", "b-appel", jour), record("action", "veille", "2020-06-08")]
    attendu = ["communique-c-appel", "action-b-appel", "action-a-hommage", "action-veille"]
    assert idents(chronologie.entrees(records, JOUR, POLES, NATURES)) == attendu
    assert idents(chronologie.entrees(list(reversed(records)), JOUR, POLES, NATURES)) == attendu
