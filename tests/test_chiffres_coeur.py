"""Les chiffres et leurs graphiques sans Pelican : des enregistrements en entrée, des séries, des SVG
et des exports en sortie."""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

import formats
import pelicanconf
from chiffres import chiffres, graphiques
from contrat.records import Record
from contrat.typographie import typographie_francaise as typo

CHIFFRES, POLES = pelicanconf.CHIFFRES, pelicanconf.POLES
BASE = "https://tousmigrants.org"
SVG = "{http://www.w3.org/2000/svg}"


def record(type_, slug, date, precision="jour", **champs):
    dossier = {"action": "actions", "communique": "communiques", "lettre": "lettres"}[type_]
    if type_ == "action":
        champs = {"pole": "maraudes", "nature": "maraude", **champs}
    return Record(type=type_, slug=slug, title=champs.pop("title", slug.capitalize()),
                  date=datetime.date.fromisoformat(date), url=f"{dossier}/{slug}/", precision=precision, **champs)


HIVER_2019 = record("action", "hiver-2019", "2019-11-01", chiffres=(("interventions_umma", 54), ("personnes_secourues", 77)))
HIVER_2020 = record("action", "hiver-2020", "2020-09-01", chiffres=(("personnes_secourues", 150),))
GRANDE_MARAUDE = record("action", "grande-maraude", "2020-03-07", chiffres=(("personnes_secourues", 42),))
TRIBUNE = record("action", "tribune", "2020-05-02", pole="plaidoyer", nature="tribune")
RECORDS = [HIVER_2020, TRIBUNE, HIVER_2019, GRANDE_MARAUDE, record("communique", "c1", "2020-03-01")]


def serie(cle, records=RECORDS):
    return next(s for s in chiffres.series(records, CHIFFRES) if s.cle == cle)


def test_un_chiffre_est_la_somme_des_actions_de_l_annee_avec_ses_sources():
    secourues = serie("personnes_secourues")
    assert [(p.annee, p.valeur) for p in secourues.points] == [(2019, 77), (2020, 192)]
    assert [(s.titre, s.url, s.valeur) for s in secourues.points[1].sources] == [
        ("Grande-maraude", "actions/grande-maraude/", 42), ("Hiver-2020", "actions/hiver-2020/", 150)]


def test_les_cles_suivent_l_ordre_des_reglages_et_une_annee_sans_chiffre_n_est_pas_un_zero():
    liste = chiffres.series(RECORDS, CHIFFRES)
    assert [s.cle for s in liste] == ["personnes_secourues", "interventions_umma"]
    assert [p.annee for p in serie("interventions_umma").points] == [2019]


def test_une_action_a_cheval_sur_deux_annees_compte_dans_celle_ou_elle_commence():
    hiver = record("action", "hiver", "2019-12-20", date_fin=datetime.date(2020, 1, 10), chiffres=(("personnes_secourues", 5),))
    assert [(p.annee, p.valeur) for p in serie("personnes_secourues", [hiver]).points] == [(2019, 5)]


def test_la_legende_dit_le_constat_avec_l_annee_d_avant():
    assert serie("personnes_secourues").constat == "192 personnes secourues en 2020, contre 77 en 2019."
    assert serie("personnes_secourues").jusqu_a(2019).constat == "77 personnes secourues en 2019, première année chiffrée."
    grand = record("action", "petition", "2020-09-25", chiffres=(("signatures", 40000),))
    assert serie("signatures", [grand]).constat == "40\u202f000 signatures en 2020, première année chiffrée."


def test_les_actions_par_pole_d_une_annee():
    assert chiffres.actions_par_pole(RECORDS, 2020, POLES) == [("Plaidoyer", 1), ("Maraudes", 2)]
    assert chiffres.actions_par_pole(RECORDS, 2018, POLES) == []


def test_csv_et_json_disent_les_memes_enregistrements_avec_les_adresses_des_actions():
    donnees = chiffres.donnees(chiffres.series(RECORDS, CHIFFRES), BASE)
    assert donnees[1] == {"annee": 2020, "cle": "personnes_secourues", "valeur": 192, "actions": [
        f"{BASE}/actions/grande-maraude/", f"{BASE}/actions/hiver-2020/"]}
    assert json.loads(chiffres.json_texte(donnees)) == donnees
    lignes = list(csv.DictReader(io.StringIO(chiffres.csv_texte(donnees))))
    assert list(lignes[0]) == ["annee", "cle", "valeur", "actions"]
    assert [{**l, "annee": int(l["annee"]), "valeur": int(l["valeur"]), "actions": l["actions"].split(" ")}
            for l in lignes] == donnees


def test_aucune_cellule_du_csv_n_est_une_formule_pour_un_tableur():
    donnees = [{"annee": 2020, "cle": "=1+1", "valeur": 3, "actions": ["@SUM(A1)"]}]
    assert chiffres.csv_texte(donnees).splitlines()[1] == "2020,'=1+1,3,'@SUM(A1)"


# --- Les mois de la chronologie ----------------------------------------------------------------


def test_la_bande_des_mois_compte_par_pole_sans_trou_et_sans_l_avenir():
    records = [
        record("action", "a1", "2020-01-05"),
        record("action", "a2", "2020-01-20", pole="plaidoyer", nature="tribune"),
        record("communique", "c1", "2020-03-01"),
        record("lettre", "l1", "2020-03-02"),
        record("action", "a-l-annee", "2020-01-01", precision="annee"),
        record("action", "futur", "2021-06-01"),
    ]
    bande = chiffres.bande_mois(records, datetime.date(2020, 12, 31), POLES)
    assert bande.groupes == ("Plaidoyer", "Maraudes", "Communiqués", "Lettres d’information")
    assert [(m.debut.isoformat(), m.comptes) for m in bande.mois] == [
        ("2020-01-01", (1, 1, 0, 0)), ("2020-02-01", (0, 0, 0, 0)), ("2020-03-01", (0, 0, 1, 1))]
    assert [m.ancre for m in bande.mois] == ["mois-2020-01", "mois-2020-02", "mois-2020-03"]
    assert bande.sans_mois == 1
    assert bande.constat == "4 entrées de janvier 2020 à mars 2020 ; le mois le plus chargé est mars 2020, avec 2 entrées."
    assert chiffres.bande_mois(records[-1:], datetime.date(2020, 12, 31), POLES) is None


# --- Les SVG -----------------------------------------------------------------------------------


def lire(svg):
    return ET.fromstring(svg)


def test_un_graphique_a_son_role_son_titre_sa_description_et_aucun_attribut_style():
    f = graphiques.figure_serie(serie("personnes_secourues"), "chiffre-ps", annee_forte=2020)
    racine = lire(f.svg)
    assert racine.get("role") == "img"
    assert racine.find(f"{SVG}title").text == "Personnes secourues par année"
    assert racine.find(f"{SVG}desc").text == typo("Personnes secourues, par année : 2019 : 77 ; 2020 : 192.")
    assert racine.get("aria-labelledby") == "chiffre-ps-titre"
    assert not re.search(r"\sstyle=|<style|<script", f.svg)


def test_les_barres_sont_proportionnelles_et_portent_leur_annee_et_leur_valeur():
    f = graphiques.figure_serie(serie("personnes_secourues"), "ps", annee_forte=2020)
    racine = lire(f.svg)
    barres = racine.findall(f"{SVG}rect")
    largeurs = [float(b.get("width")) for b in barres if "barre" in (b.get("class") or "")]
    assert largeurs[1] == graphiques.LARGEUR - graphiques.PLACE_VALEUR
    assert abs(largeurs[0] / largeurs[1] - 77 / 192) < 0.001
    textes = [t.text for t in racine.iter(f"{SVG}text")]
    assert textes == ["2019", "77", "2020", "192"]
    # Noir et blanc : l'année d'avant est hachurée, celle du rapport pleine (pas de couleur seule).
    classes = [(b.get("class"), b.get("fill")) for b in barres if "barre" in (b.get("class") or "")]
    assert classes == [("barre", "url(#ps-hachures)"), ("barre barre-forte", None)]
    assert racine.find(f"{SVG}defs/{SVG}pattern").get("id") == "ps-hachures"


def test_le_tableau_d_une_figure_reprend_la_serie_du_graphique():
    s = serie("personnes_secourues")
    f = graphiques.figure_serie(s, "ps")
    assert f.donnees == s and f.constat == typo(s.constat)
    valeurs_svg = [t.text for t in lire(f.svg).iter(f"{SVG}text")][1::2]
    assert valeurs_svg == [formats.nombre_fr(p.valeur) for p in s.points]


def test_les_actions_par_pole_en_figure():
    f = graphiques.figure_poles([("Plaidoyer", 1), ("Maraudes", 2)], 2020, "poles-2020")
    assert f.constat == typo("3 actions en 2020 ; le pôle le plus actif : Maraudes, avec 2 actions.")
    assert [t.text for t in lire(f.svg).iter(f"{SVG}text")] == ["Plaidoyer", "1", "Maraudes", "2"]
    seule = graphiques.figure_poles([("Maraudes", 1)], 2017, "p")
    assert seule.constat == "1 action en 2017, toute du pôle Maraudes."


def test_la_bande_des_mois_mene_a_chaque_mois_non_vide_de_la_page():
    records = [record("action", "a1", "2020-01-05"), record("communique", "c1", "2020-03-01")]
    bande = chiffres.bande_mois(records, datetime.date(2020, 12, 31), POLES)
    f = graphiques.figure_bande(bande, "bande", lambda m: (f"#{m.ancre}", m.debut.strftime("%m/%Y")))
    racine = lire(f.svg)
    liens = [(a.get("href"), a.find(f"{SVG}title").text) for a in racine.iter(f"{SVG}a")]
    # Aucun texte affiché dans un lien : son nom est son titre, sans rien de visible qui n'y soit pas.
    assert not [a for a in racine.iter(f"{SVG}a") if a.find(f"{SVG}text") is not None]
    assert liens == [("#mois-2020-01", typo("01/2020 : 1 entrée")), ("#mois-2020-03", typo("03/2020 : 1 entrée"))]
    assert racine.get("role") is None  # des liens dans un role="img" seraient cachés aux lecteurs d'écran
    assert racine.find(f"{SVG}title").text and racine.find(f"{SVG}desc").text


def test_les_figures_d_un_build_une_par_cle_par_annee_et_par_pole():
    figures = graphiques.Figures(RECORDS, datetime.date(2020, 12, 31), POLES, CHIFFRES)
    assert [f.ident for f in figures.par_cle] == ["chiffre-personnes_secourues", "chiffre-interventions_umma"]
    assert figures.derniere_annee == 2020
    # Le rapport 2019 ne voit pas 2020 ; celui de 2020 ne montre que les clés de 2020.
    assert [[p.annee for p in f.donnees.points] for f in figures.de_l_annee[2019]] == [[2019], [2019]]
    assert [f.ident for f in figures.de_l_annee[2020]] == ["chiffres-2020-personnes_secourues"]
    assert figures.poles[2020].donnees == (("Plaidoyer", 1), ("Maraudes", 2))
    assert [m.ancre for m in figures.bande.donnees.mois][0] == "mois-2019-11"
