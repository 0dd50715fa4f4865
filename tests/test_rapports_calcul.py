"""Le calcul des rapports d'activité, sur des enregistrements écrits à la main (sans Pelican)."""

import datetime

import pytest

from contrat.records import Record
from rapports import rapport
from rapports.rapport import rapports_annuels

POLES = {"sensibilisation": "Sensibilisation", "plaidoyer": "Plaidoyer", "juridique": "Actions juridiques",
         "maraudes": "Maraudes", "communication": "Communication"}
NATURES = {"tribune": ("Tribune", "Tribunes"), "evenement": ("Événement", "Événements"),
           "refere": ("Référé", "Référés"), "decision": ("Décision de justice", "Décisions de justice"),
           "maraude": ("Maraude", "Maraudes"), "publication": ("Publication", "Publications")}
CHIFFRES = {"personnes_secourues": "personnes secourues", "interventions_umma": "interventions de l'UMMA",
            "signatures": "signatures"}


def jour(texte):
    return datetime.date.fromisoformat(texte)


def doc(type_, date, titre=None, **champs):
    titre = titre or f"{type_} du {date}"
    if "date_fin" in champs:
        champs["date_fin"] = jour(champs["date_fin"])
    if "chiffres" in champs:
        champs["chiffres"] = tuple(champs["chiffres"].items())
    return Record(type=type_, slug=titre.lower().replace(" ", "-"), title=titre, date=jour(date),
                  url=f"{type_}s/{titre}/", **champs)


def action(date, pole="plaidoyer", nature="tribune", **champs):
    return doc("action", date, pole=pole, nature=nature, **champs)


def calculer(documents):
    return rapports_annuels(documents, POLES, NATURES, CHIFFRES)


def par_annee(documents):
    return {r.annee: r for r in calculer(documents)}


def test_sans_document_il_n_y_a_aucun_rapport():
    assert calculer([]) == []


def test_une_annee_apparait_des_qu_un_document_y_est_date_et_les_plus_recentes_viennent_d_abord():
    rapports = calculer([doc("communique", "2019-05-02"), doc("lettre", "2021-01-10"), doc("fiche", "2017-03-01")])
    assert [r.annee for r in rapports] == [2021, 2019, 2017]


def test_une_annee_sans_action_ni_chiffre_a_un_rapport_vide_mais_valide():
    seul = par_annee([doc("lettre", "2018-06-01")])[2018]
    assert (len(seul.communiques), len(seul.lettres), len(seul.actions)) == (0, 1, 0)
    assert seul.chiffres == () and seul.actions_par_pole == ()
    assert [s.pole for s in seul.sections] == ["communication"]


def test_les_pages_du_site_ne_font_pas_un_rapport():
    assert calculer([doc("page", "2026-11-25", "Mentions légales")]) == []


def test_les_communiques_sont_dans_l_ordre_des_dates_quel_que_soit_l_ordre_recu():
    communiques = [doc("communique", d) for d in ("2020-12-16", "2020-01-13", "2020-07-30", "2020-04-04")]
    r = par_annee(communiques)[2020]
    assert [c.date for c in r.communiques] == sorted(c.date for c in communiques)
    plaidoyer = next(s for s in r.sections if s.pole == "plaidoyer")
    assert plaidoyer.communiques == r.communiques


def test_une_action_a_cheval_sur_deux_annees_compte_une_fois_dans_l_annee_ou_elle_commence():
    hiver = action("2020-09-01", "maraudes", "maraude", date_fin="2021-01-15",
                   chiffres={"personnes_secourues": 192})
    rapports = par_annee([hiver, doc("communique", "2021-01-20")])
    assert rapports[2020].actions == (hiver,)
    assert rapports[2021].actions == ()
    assert [c.total for c in rapports[2020].chiffres] == [192]
    assert rapports[2021].chiffres == ()


def test_chaque_cle_de_chiffres_est_additionnee_sur_les_actions_de_l_annee():
    r = par_annee([
        action("2020-01-10", "maraudes", "maraude", chiffres={"personnes_secourues": 100, "interventions_umma": 30}),
        action("2020-11-10", "maraudes", "maraude", chiffres={"interventions_umma": 28, "personnes_secourues": 92}),
        action("2020-09-21", chiffres={"signatures": 40000}),
    ])[2020]
    # Dans l'ordre de la liste CHIFFRES, avec leurs libellés.
    assert [(c.cle, c.libelle, c.total) for c in r.chiffres] == [
        ("personnes_secourues", "personnes secourues", 192),
        ("interventions_umma", "interventions de l'UMMA", 58),
        ("signatures", "signatures", 40000),
    ]


def test_le_chiffre_de_l_annee_precedente_est_donne_quand_il_existe():
    rapports = par_annee([
        action("2019-11-15", "maraudes", "maraude", date_fin="2020-02-28",
               chiffres={"personnes_secourues": 77, "interventions_umma": 54}),
        action("2020-09-01", "maraudes", "maraude", chiffres={"personnes_secourues": 192, "interventions_umma": 58}),
        action("2020-09-21", chiffres={"signatures": 40000}),
    ])
    chiffres = {c.cle: c for c in rapports[2020].chiffres}
    assert chiffres["personnes_secourues"].precedent == 77
    assert chiffres["interventions_umma"].precedent == 54
    assert chiffres["signatures"].precedent is None  # aucune signature comptée en 2019
    assert all(c.precedent is None for c in rapports[2019].chiffres)  # pas de 2018


def test_la_comparaison_se_fait_avec_l_annee_juste_avant_pas_avec_une_annee_plus_ancienne():
    rapports = par_annee([
        action("2017-05-01", "maraudes", "maraude", chiffres={"personnes_secourues": 10}),
        action("2019-05-01", "maraudes", "maraude", chiffres={"personnes_secourues": 20}),
    ])
    assert rapports[2019].chiffres[0].precedent is None


def test_les_sections_suivent_l_ordre_des_poles_et_les_groupes_l_ordre_des_natures():
    r = par_annee([
        action("2020-03-01", "maraudes", "maraude"),
        action("2020-02-01", "plaidoyer", "evenement", titre="Grande maraude"),
        action("2020-06-23", "plaidoyer", "tribune", titre="Tribune de juin"),
        action("2020-01-05", "sensibilisation", "publication"),
        action("2020-09-21", "plaidoyer", "tribune", titre="Tribune de septembre"),
    ])[2020]
    assert [s.pole for s in r.sections] == ["sensibilisation", "plaidoyer", "maraudes"]
    assert [s.libelle for s in r.sections] == ["Sensibilisation", "Plaidoyer", "Maraudes"]
    plaidoyer = r.sections[1]
    assert [(g.nature, g.libelle) for g in plaidoyer.groupes] == [("tribune", "Tribunes"), ("evenement", "Événements")]
    assert [a.title for a in plaidoyer.groupes[0].actions] == ["Tribune de juin", "Tribune de septembre"]
    assert r.actions_par_pole == (("sensibilisation", "Sensibilisation", 1), ("plaidoyer", "Plaidoyer", 3),
                                  ("maraudes", "Maraudes", 1))


def test_les_actions_juridiques_forment_une_chronologie_et_non_des_groupes():
    r = par_annee([
        action("2020-04-09", "juridique", "decision"),
        action("2020-03-27", "juridique", "refere"),
        action("2020-04-03", "juridique", "decision"),
    ])[2020]
    juridique = r.sections[0]
    assert juridique.groupes == ()
    assert [a.date for a in juridique.chronologie] == [jour("2020-03-27"), jour("2020-04-03"), jour("2020-04-09")]


def test_les_lettres_vont_avec_la_communication_et_les_fiches_avec_le_juridique():
    r = par_annee([doc("lettre", "2020-09-25"), doc("lettre", "2020-01-01"), doc("fiche", "2020-05-05")])[2020]
    sections = {s.pole: s for s in r.sections}
    assert [lettre.date.month for lettre in sections["communication"].lettres] == [1, 9]
    assert len(sections["juridique"].fiches) == 1
    assert "plaidoyer" not in sections  # ni action ni communiqué : rien à dire


def test_un_seul_passage_sur_les_enregistrements_suffit():
    # Le calcul accepte un flux lu une seule fois : il ne reparcourt pas tous les documents par année.
    flux = (doc("communique", f"{2000 + i % 20}-01-01", f"c{i}") for i in range(200))
    rapports = calculer(flux)
    assert len(rapports) == 20 and sum(len(r.communiques) for r in rapports) == 200


def test_le_jour_le_plus_recent_de_l_annee_est_connu():
    r = par_annee([doc("communique", "2026-03-01"), doc("fiche", "2026-11-25")])[2026]
    assert r.dernier_jour == jour("2026-11-25")


@pytest.mark.parametrize(
    "html, editorial, conclusion",
    [
        ("<p>Édito</p>", "<p>Édito</p>", ""),
        ("<p>Édito</p>\n<!-- conclusion -->\n<p>Fin</p>", "<p>Édito</p>", "<p>Fin</p>"),
        ("<p>A</p><!--conclusion--><p>B</p>", "<p>A</p>", "<p>B</p>"),
        ("", "", ""),
    ],
)
def test_le_texte_redige_se_coupe_en_editorial_et_conclusion(html, editorial, conclusion):
    assert rapport.separer_conclusion(html) == (editorial, conclusion)


def test_la_page_d_une_annee_mene_aux_annees_voisines_qui_ont_un_rapport():
    rapports = calculer([doc("communique", "2021-03-01"), doc("communique", "2020-03-01"), doc("communique", "2018-03-01")])
    assert rapport.annees_voisines(rapports, 2020) == (2018, 2021)  # 2019 n'a aucun document : sautée
    assert rapport.annees_voisines(rapports, 2018) == (None, 2020)
    assert rapport.annees_voisines(rapports, 2021) == (2020, None)


def test_les_chiffres_cles_sont_ceux_de_la_derniere_annee_qui_a_des_actions():
    rapports = calculer([doc("fiche", "2021-03-01"), action("2020-05-01"), action("2019-05-01")])
    assert rapport.rapport_des_chiffres_cles(rapports).annee == 2020  # 2021 n'a que des fiches
    assert rapport.rapport_des_chiffres_cles(calculer([doc("fiche", "2021-03-01")])) is None
