"""Les chiffres construits par Pelican, sur une copie du vrai contenu à laquelle on ajoute une année
(2017) : chaque graphique, chaque tableau et chaque export où elle a sa place change, aux valeurs près."""

import csv
import io
import json
import shutil

import pytest

from conftest import RACINE, Contenu, amorcer_cache
from contrat.typographie import typographie_francaise
from test_rapports_site import ACTION_2017, ajouter_annee_2017, arbre, par_id, texte, texte_pdf

SITE = "https://tousmigrants.org"
URL_2017 = f"{SITE}/actions/maraude-test-au-col-de-montgenevre/"
URL_2019 = f"{SITE}/actions/bilan-maraudes-hiver-2019-2020/"
URL_2020 = f"{SITE}/actions/bilan-maraudes-2020-2021/"
SVG = "{http://www.w3.org/2000/svg}"


def imprime(phrase):
    return " ".join(typographie_francaise(phrase).split())


@pytest.fixture(scope="module")
def avec_2017(tmp_path_factory, cache_session):
    dossier = tmp_path_factory.mktemp("chiffres-essai")
    contenu = Contenu(dossier / "content", amorcer_cache(cache_session, dossier / "cache"))
    shutil.copytree(RACINE / "content", contenu.dossier)
    ajouter_annee_2017(contenu)
    return contenu.construire(dossier / "output", SITEURL=SITE)


def figure(page, ident):
    element = par_id(arbre(page), ident)
    assert element.tag == "figure"
    return element


def lignes_du_tableau(fig):
    return [[texte(c) for c in tr if c.tag in ("th", "td")] for tr in fig.iter("tr")][1:]


def textes_svg(fig):
    svg = next(fig.iter(f"{SVG}svg"))
    return [texte(t) for t in svg.iter(f"{SVG}text")]


def test_les_exports_ont_la_nouvelle_annee_avec_l_adresse_de_son_action(avec_2017):
    lignes = list(csv.DictReader(io.StringIO(avec_2017.texte("/chiffres.csv"))))
    secourues = [l for l in lignes if l["cle"] == "personnes_secourues"]
    assert secourues == [
        {"annee": "2017", "cle": "personnes_secourues", "valeur": "12", "actions": URL_2017},
        {"annee": "2019", "cle": "personnes_secourues", "valeur": "77", "actions": URL_2019},
        {"annee": "2020", "cle": "personnes_secourues", "valeur": "192", "actions": URL_2020},
    ]
    donnees = json.loads(avec_2017.texte("/chiffres.json"))
    assert {"annee": 2017, "cle": "interventions_umma", "valeur": 5, "actions": [URL_2017]} in donnees
    # Les mêmes enregistrements dans les deux formats.
    assert [(d["annee"], d["cle"], d["valeur"], " ".join(d["actions"])) for d in donnees] == [
        (int(l["annee"]), l["cle"], int(l["valeur"]), l["actions"]) for l in lignes]


def test_la_page_des_chiffres_montre_la_nouvelle_annee_dans_le_graphique_et_le_tableau(avec_2017):
    fig = figure(avec_2017.texte("/chiffres/"), "chiffre-personnes_secourues")
    assert texte(fig.find("figcaption")) == imprime("192 personnes secourues en 2020, contre 77 en 2019.")
    assert textes_svg(fig) == ["2017", "12", "2019", "77", "2020", "192"]
    assert lignes_du_tableau(fig)[0] == ["2017", "12", imprime(f"{ACTION_2017} : 12")]
    assert [a.get("href") for a in fig.iter("a")][0] == URL_2017


def test_le_rapport_de_la_nouvelle_annee_a_ses_graphiques_et_celui_d_apres_s_y_compare(avec_2017):
    page_2017 = avec_2017.texte("/rapports/2017/")
    fig = figure(page_2017, "chiffres-2017-personnes_secourues")
    assert texte(fig.find("figcaption")) == imprime("12 personnes secourues en 2017, première année chiffrée.")
    poles = figure(page_2017, "poles-2017")
    assert texte(poles.find("figcaption")) == imprime("1 action en 2017, toute du pôle Maraudes.")
    assert lignes_du_tableau(poles) == [["Maraudes", "1"]]

    fig_2019 = figure(avec_2017.texte("/rapports/2019/"), "chiffres-2019-interventions_umma")
    assert texte(fig_2019.find("figcaption")) == imprime("54 interventions de l'UMMA en 2019, contre 5 en 2017.")
    assert textes_svg(fig_2019) == ["2017", "5", "2019", "54"]
    # L'année 2020 n'est pas dans le rapport 2019.
    assert [l[:2] for l in lignes_du_tableau(fig_2019)] == [["2017", "5"], ["2019", "54"]]
    # Les sources d'une autre année sont dans son rapport : le rapport 2019 n'imprime pas le titre d'une action de 2017.
    assert [l[2] for l in lignes_du_tableau(fig_2019)] == ["Rapport 2017", imprime("Maraudes de l'hiver 2019-2020 : 54 interventions de l'UMMA : 54")]

    pdf_2019 = " ".join(texte_pdf(avec_2017.chemin("/rapports/2019/rapport-activite-2019.pdf")).split())
    assert imprime("54 interventions de l'UMMA en 2019, contre 5 en 2017.") in pdf_2019


def test_l_espace_presse_montre_la_tendance_de_la_derniere_annee_chiffree(avec_2017):
    page = avec_2017.texte("/presse/")
    fig = figure(page, "chiffres-2020-personnes_secourues")
    assert [l[:2] for l in lignes_du_tableau(fig)] == [["2017", "12"], ["2019", "77"], ["2020", "192"]]
    assert f'href="{SITE}/chiffres/"' in page


def test_la_bande_des_mois_de_la_chronologie_commence_avec_la_nouvelle_annee(avec_2017):
    page = avec_2017.texte("/chronologie/")
    fig = figure(page, "bande-mois")
    racine = arbre(page)
    liens = [a.get("href") for a in fig.iter() if a.tag == f"{SVG}a" and a.get("href", "").startswith("#mois-")]
    assert liens[0] == "#mois-2017-03"  # le communiqué de mars 2017
    assert "#mois-2017-12" in liens and "#mois-2017-04" not in liens  # un mois vide n'a pas de lien
    # Chaque lien mène à un mois de la page.
    ids = {e.get("id") for e in racine.iter() if e.get("id")}
    assert {l[1:] for l in liens} <= ids
    mars, *_ = lignes_du_tableau(fig)
    assert mars == ["mars 2017", "1", "1 Communiqués"]


def test_la_page_des_chiffres_est_dans_le_plan_du_site_et_pas_ses_exports(avec_2017):
    plan = avec_2017.texte("/sitemap.xml")
    assert f"{SITE}/chiffres/" in plan
    assert "chiffres.csv" not in plan and "chiffres.json" not in plan
