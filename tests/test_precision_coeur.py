"""Des dates aussi précises qu'on les connaît, l'origine d'un texte et la relecture des fiches, sans Pelican :
les fonctions pures du contrat, de la chronologie, du calendrier, de l'agenda, des rapports et des fiches."""

import csv
import datetime
import io
import json

import icalendar
import pytest

import calendrier
import pelicanconf
from agenda import agenda
from chronologie import chronologie
from contrat import dates, frontmatter, regles
from contrat.records import Record
from fiches import fiches as coeur_fiches
from rapports import rapport

J = datetime.date
POLES, NATURES = pelicanconf.POLES, pelicanconf.NATURES
LISTES = regles.Listes.depuis_reglages(vars(pelicanconf))
BASE = "https://tousmigrants.org"


def record(type_, slug, date, **champs):
    dossier = {"action": "actions", "communique": "communiques", "lettre": "lettres", "fiche": "fiches-pratiques"}
    if type_ == "action":
        champs = {"pole": "plaidoyer", "nature": "appel", **champs}
    return Record(type=type_, slug=slug, title=champs.pop("title", slug), date=J.fromisoformat(date),
                  url=f"{dossier[type_]}/{slug}/", **champs)


# --- Les dates en français ------------------------------------------------------------------------


@pytest.mark.parametrize("precision, texte, machine", [
    ("jour", "1er mars 2013", "2013-03-01"),
    ("mois", "mars 2013", "2013-03"),
    ("annee", "2013", "2013"),
    (None, "1er mars 2013", "2013-03-01"),  # un document qui ne dit rien est daté au jour près
])
def test_une_date_s_ecrit_aussi_precise_qu_on_la_connait(precision, texte, machine):
    assert dates.date_fr(J(2013, 3, 1), precision) == texte
    assert dates.periode_fr(J(2013, 3, 1), None, precision) == texte
    assert dates.iso(J(2013, 3, 1), precision) == machine


@pytest.mark.parametrize("debut, fin, precision, texte", [
    (J(2018, 10, 1), J(2018, 12, 1), "mois", "octobre à décembre 2018"),
    (J(2018, 12, 1), J(2019, 2, 1), "mois", "décembre 2018 à février 2019"),
    (J(2018, 12, 1), J(2018, 12, 1), "mois", "décembre 2018"),
    (J(2018, 1, 1), J(2020, 1, 1), "annee", "2018 à 2020"),
    (J(2020, 10, 3), J(2020, 10, 11), "jour", "3 au 11 octobre 2020"),
])
def test_une_periode_s_ecrit_aussi_precise_qu_on_la_connait(debut, fin, precision, texte):
    assert dates.periode_fr(debut, fin, precision) == texte


def test_une_date_au_mois_pres_couvre_tout_le_mois_et_a_l_annee_toute_l_annee():
    assert dates.dernier_jour(J(2024, 2, 1), "mois") == J(2024, 2, 29)
    assert dates.dernier_jour(J(2018, 12, 1), "mois") == J(2018, 12, 31)
    assert dates.dernier_jour(J(2018, 1, 1), "annee") == J(2018, 12, 31)
    assert record("action", "a", "2027-03-01", precision="mois").fin == J(2027, 3, 31)


# --- Le contrat ---------------------------------------------------------------------------------------


def valider(type_, entete):
    source = frontmatter.lire_texte("---\n" + entete + "---\n\nTexte.\n")
    return regles.valider_source(f"content/{type_}.md", type_, source, LISTES)


ACTION = 'title: "Une action"\npole: plaidoyer\nnature: appel\n'


@pytest.mark.parametrize("entete", [
    "date: 2013-03-01\nprecision: mois\n",
    "date: 2013-01-01\nprecision: annee\n",
    "date: 2013-03-01\ndate_fin: 2013-05-01\nprecision: mois\n",
    "date: 2013-03-17\nprecision: jour\n",
])
def test_le_contrat_accepte_une_date_ecrite_selon_sa_precision(entete):
    document, problemes = valider("action", ACTION + entete)
    assert problemes == []
    assert document.meta.get("precision", "jour") in dates.PRECISIONS


@pytest.mark.parametrize("entete, champ, attendu", [
    ("date: 2013-03-17\nprecision: mois\n", "date",
     "avec « precision: mois », la date s'écrit au 1er du mois ; attendu : 2013-03-01 pour mars 2013"),
    ("date: 2013-03-01\nprecision: annee\n", "date",
     "avec « precision: annee », la date s'écrit au 1er janvier ; attendu : 2013-01-01 pour l'année 2013"),
    ("date: 2013-03-01\ndate_fin: 2013-05-31\nprecision: mois\n", "date_fin",
     "avec « precision: mois », la date s'écrit au 1er du mois ; attendu : 2013-05-01 pour mai 2013"),
    ("date: 2013-01-01\ndate_fin: 2014-06-01\nprecision: annee\n", "date_fin",
     "avec « precision: annee », la date s'écrit au 1er janvier ; attendu : 2014-01-01"),
    ("date: 2013-03-01\nprecision: semaine\n", "precision",
     "« semaine » n'est pas une précision connue ; attendu : jour"),
    ("date: 2013-03-01\nprecision: mois\nheure: \"18:30\"\n", "heure",
     "une heure suppose une date sûre au jour près"),
    ("date: 2013-03-01\norigine: recopie\n", "origine",
     "« recopie » n'est pas une origine connue ; attendu : reconstitue"),
])
def test_le_contrat_refuse_une_date_plus_precise_que_sa_precision(entete, champ, attendu):
    document, problemes = valider("action", ACTION + entete)
    assert document is None
    (probleme,) = problemes
    assert probleme.champ == champ and attendu in probleme.message
    assert probleme.ligne == ACTION.count("\n") + 2 + entete.split("\n").index(
        next(l for l in entete.split("\n") if l.startswith(champ + ":")))


@pytest.mark.parametrize("date, attendu", [
    ("2018-12", "pour un fait connu au mois près, écrivez « 2018-12-01 » et ajoutez la ligne « precision: mois »"),
    ("2018", "pour un fait connu à l'année près, écrivez « 2018-01-01 » et ajoutez la ligne « precision: annee »"),
])
def test_une_date_sans_jour_dit_comment_ecrire_sa_precision(date, attendu):
    _, (probleme,) = valider("action", ACTION + f"date: {date}\n")
    assert probleme.champ == "date" and probleme.message == f"« {date} » n'est pas une date complète ; {attendu}"


def test_une_fiche_relue_dit_par_qui_et_quand_et_une_fiche_sans_relecture_est_acceptee():
    fiche = 'title: "Une fiche"\ndate: 2026-11-01\nmodified: 2026-11-01\n'
    assert valider("fiche", fiche)[1] == []
    assert valider("fiche", fiche + 'verifiee_par: "pôle action juridique"\nverifiee_le: 2026-11-02\n')[1] == []
    _, (probleme,) = valider("fiche", fiche + 'verifiee_par: "pôle action juridique"\n')
    assert probleme.champ == "verifiee_par" and "ajoutez « verifiee_le: AAAA-MM-JJ »" in probleme.message
    _, (probleme,) = valider("fiche", fiche + "verifiee_le: 2026-11-02\n")
    assert probleme.champ == "verifiee_le" and probleme.ligne == 5
    assert probleme.message.startswith("une date de relecture juridique sans relecteur ; ajoutez qui a relu")


@pytest.mark.parametrize("type_, entete", [
    ("communique", 'title: "C"\ndate: 2020-04-01\nsummary: "En bref."\norigine: reconstitue\nprecision: mois\n'),
    ("lettre", 'title: "L"\ndate: 2020-11-01\norigine: reconstitue\nprecision: mois\n'),
    ("page", 'title: "P"\ndate: 2020-01-01\nprecision: annee\n'),
])
def test_chaque_type_date_accepte_precision_et_origine(type_, entete):
    assert valider(type_, entete)[1] == []


# --- L'ordre : dans un mois, ce qui n'est daté qu'au mois d'abord ---------------------------------------

MARS = [
    record("action", "le-15", "2013-03-15"),
    record("communique", "le-1er", "2013-03-01"),
    record("action", "en-mars", "2013-03-01", precision="mois"),
    record("action", "le-20", "2013-03-20"),
    record("lettre", "en-2013", "2013-01-01", precision="annee"),
    record("action", "le-2-janvier", "2013-01-02"),
    record("action", "en-avril", "2013-04-01", precision="mois"),
]


def test_la_chronologie_met_en_tete_de_chaque_mois_ce_qui_n_est_date_qu_au_mois():
    entrees = chronologie.entrees(MARS, J(2020, 1, 1), POLES, NATURES)
    assert [e.record.slug for e in entrees] == [
        "en-2013",  # l'année seule, en tête de son année
        "en-avril",
        "en-mars", "le-20", "le-15", "le-1er",  # le mois seul, puis les jours du plus récent au plus ancien
        "le-2-janvier",
    ]
    groupes = [(annee, [(m, [e.record.slug for e in es]) for m, es in mois]) for annee, mois in chronologie.par_annee_et_mois(entrees)]
    assert groupes == [(2013, [
        (None, ["en-2013"]),
        (J(2013, 4, 1), ["en-avril"]),
        (J(2013, 3, 1), ["en-mars", "le-20", "le-15", "le-1er"]),
        (J(2013, 1, 1), ["le-2-janvier"]),
    ])]


def test_dans_un_jour_l_ordre_reste_celui_du_type_puis_du_slug():
    meme_jour = [record("action", "b", "2013-03-01"), record("communique", "a", "2013-03-01"),
                 record("lettre", "z", "2013-03-01"), record("action", "c", "2013-03-01")]
    entrees = chronologie.entrees(meme_jour, J(2020, 1, 1), POLES, NATURES)
    assert [e.ident for e in entrees] == ["lettre-z", "communique-a", "action-c", "action-b"]


def test_le_rapport_met_aussi_le_mois_seul_en_tete_de_son_mois():
    # Des titres qui, triés seuls, mettraient le jour avant le mois : c'est bien la précision qui range.
    actions = [record("action", "le-1er-mars", "2013-03-01", title="A"),
               record("action", "en-mars", "2013-03-01", precision="mois", title="Z"),
               record("action", "le-1er-janvier", "2013-01-01", title="A"),
               record("action", "en-2013", "2013-01-01", precision="annee", title="Z"),
               record("action", "le-15", "2013-03-15")]
    (r,) = rapport.rapports_annuels(actions, POLES, NATURES, {})
    assert [a.slug for a in r.actions] == ["en-2013", "le-1er-janvier", "en-mars", "le-1er-mars", "le-15"]


def test_le_rapport_de_l_annee_en_cours_dit_jusqu_a_quand_avec_la_precision_connue():
    (r,) = rapport.rapports_annuels([record("action", "le-25", "2026-11-25"),
                                     record("lettre", "en-decembre", "2026-12-01", precision="mois")], POLES, NATURES, {})
    assert (r.dernier_jour, r.precision_dernier_jour) == (J(2026, 12, 1), "mois")
    (r,) = rapport.rapports_annuels([record("lettre", "en-decembre", "2026-12-01", precision="mois"),
                                     record("action", "le-1er", "2026-12-01")], POLES, NATURES, {})
    assert (r.dernier_jour, r.precision_dernier_jour) == (J(2026, 12, 1), "jour")


def test_une_action_annoncee_au_mois_pres_reste_dans_l_agenda_jusqu_a_la_fin_du_mois():
    annonces = [record("action", "le-5", "2027-03-05"), record("action", "en-mars", "2027-03-01", precision="mois"),
                record("action", "a-le-1er", "2027-03-01")]
    assert [r.slug for r in agenda.a_venir(annonces, J(2027, 3, 1))] == ["en-mars", "a-le-1er", "le-5"]
    assert [r.slug for r in agenda.a_venir(annonces, J(2027, 3, 31))] == ["en-mars"]
    assert agenda.a_venir(annonces, J(2027, 4, 1)) == []


# --- Les exports ---------------------------------------------------------------------------------------


def test_timelinejs_n_a_ni_jour_ni_mois_qu_on_ne_connait_pas():
    records = [record("action", "en-mars", "2013-03-01", precision="mois", date_fin=J(2013, 5, 1)),
               record("action", "en-2012", "2012-01-01", precision="annee"),
               record("action", "le-2", "2013-03-02")]
    entrees = chronologie.entrees(records, J(2020, 1, 1), POLES, NATURES)
    par_id = {e["unique_id"]: e for e in json.loads(chronologie.timeline_json(entrees, BASE, {}))["events"]}
    assert par_id["action-en-mars"]["start_date"] == {"year": 2013, "month": 3}
    assert par_id["action-en-mars"]["end_date"] == {"year": 2013, "month": 5}
    assert par_id["action-en-mars"]["display_date"] == "mars à mai 2013"
    assert par_id["action-en-2012"]["start_date"] == {"year": 2012}
    assert par_id["action-en-2012"]["display_date"] == "2012"
    assert par_id["action-le-2"]["start_date"] == {"year": 2013, "month": 3, "day": 2}


def test_le_csv_garde_la_precision_de_chaque_date():
    records = [record("action", "en-mars", "2013-03-01", precision="mois"),
               record("communique", "en-2012", "2012-01-01", precision="annee"),
               record("action", "le-2", "2013-03-02")]
    entrees = chronologie.entrees(records, J(2020, 1, 1), POLES, NATURES)
    lignes = list(csv.DictReader(io.StringIO(chronologie.csv_texte(entrees, BASE, POLES, NATURES))))
    assert [(l["titre"], l["date"], l["precision"]) for l in lignes] == [
        ("en-mars", "2013-03", "mois"), ("le-2", "2013-03-02", "jour"), ("en-2012", "2012", "annee"),
    ]


def test_un_calendrier_ne_tient_que_les_dates_sures_au_jour_pres():
    records = [record("action", "en-mars", "2013-03-01", precision="mois"),
               record("action", "en-2013", "2013-01-01", precision="annee"),
               record("action", "le-2", "2013-03-02", heure="18:30")]
    for avec_heure in (False, True):  # la chronologie (journées entières) et l'agenda (à l'heure dite)
        texte = calendrier.calendrier(records, nom="Essai", description="d", base=BASE, domaine="tousmigrants.org",
                                      avec_heure=avec_heure)
        uids = [str(ev["UID"]) for ev in icalendar.Calendar.from_ical(texte).walk("VEVENT")]
        assert uids == ["action-le-2@tousmigrants.org"]


def test_le_flux_atom_de_la_chronologie_dit_la_date_en_toutes_lettres():
    entrees = chronologie.entrees([record("action", "en-mars", "2013-03-01", precision="mois")], J(2020, 1, 1), POLES, NATURES)
    flux = chronologie.atom(entrees, BASE, "tousmigrants.org", 30, {})
    assert '<summary type="text">mars 2013' in flux  # le résumé des flux est du texte (test_securite_exports.py)
    assert "1er mars" not in flux


# --- Les fiches : la relecture juridique -------------------------------------------------------------


def fiche(slug, **champs):
    return Record(type="fiche", slug=slug, title=f"Fiche {slug}", date=J(2025, 1, 1), url=f"fiches-pratiques/{slug}/",
                  modified=J(2025, 6, 1), source=f"fiches-pratiques/{slug}.md", **champs)


def test_seules_les_fiches_relues_suivent_la_regle_des_douze_mois():
    relue_ancienne = fiche("ancienne", verifiee_par="Me Dupont", verifiee_le=J(2024, 1, 1))
    sans_relecteur = fiche("sans-relecteur", verifiee_le=J(2024, 1, 1))  # une date sans relecteur ne prouve rien
    jamais = fiche("jamais")
    fiches = [relue_ancienne, sans_relecteur, jamais]
    assert coeur_fiches.a_verifier(fiches, J(2026, 11, 27), 12) == [relue_ancienne]
    assert [f.slug for f in coeur_fiches.en_attente_de_relecture(fiches)] == ["jamais", "sans-relecteur"]


def test_les_fiches_en_attente_de_relecture_tiennent_en_une_ligne_qui_les_nomme():
    message = coeur_fiches.message_en_attente([fiche("jamais"), fiche("sans-relecteur")])
    assert "\n" not in message
    assert message.startswith("2 fiches pratiques en attente de relecture juridique (sans « verifiee_par »")
    assert "Fiche jamais (fiches-pratiques/jamais.md)" in message and "Relecture juridique en attente" in message
    assert coeur_fiches.message_en_attente([fiche("jamais")]).startswith("1 fiche pratique en attente")
