"""Les exports ne font rien exécuter chez ceux qui les lisent : le résumé d'un flux Atom est du texte
(jamais du HTML), et aucune cellule du CSV de la chronologie n'est une formule de tableur."""

import csv
import io
import re

import feedparser
import pytest

from outils import construction
from conftest import Contenu, ecrire_document
from contrat.typographie import typographie_francaise

SANS_PDF = [p for p in construction.reglages()["PLUGINS"] if p not in ("fiches", "rapports")]
RESUME = "Une <b>balise</b>, un & seul, un <script>alert(1)</script> et « l'été »."
RESUME_IMPRIME = typographie_francaise(RESUME)  # tel que le site l'imprime, avec sa typographie
FLUX = ("/feeds/tout.atom.xml", "/feeds/communiques.atom.xml", "/feeds/chronologie.atom.xml")


def yaml(texte):
    return "'" + texte.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def site_piege(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("exports")
    contenu = Contenu(dossier / "content", dossier / "cache")
    ecrire_document(contenu, "communiques/2020-05-04-piege.md", title='"Un communiqué piégé"', date="2020-05-04",
                    slug="piege", summary=yaml(RESUME))
    ecrire_document(contenu, "lettres/2020-05-05-sans-resume.md", title='"Une lettre sans En bref"', date="2020-05-05",
                    slug="sans-resume", corps="Le **début** de la lettre & la suite.")
    ecrire_document(contenu, "actions/2020-05-06-formules.md", title=yaml('=HYPERLINK("https://x.example","clic")'),
                    date="2020-05-06", slug="formules", pole="plaidoyer", nature="appel", lieu=yaml("@SOMME(A1:A9)"),
                    partenaires="['+33 Comité', 'Anafé']")
    ecrire_document(contenu, "actions/2020-05-07-moins.md", title=yaml("-10 % de places au refuge"),
                    date="2020-05-07", slug="moins", pole="maraudes", nature="maraude", lieu="Montgenèvre",
                    partenaires="['Médecins du Monde']")
    return contenu.construire(dossier / "output", PLUGINS=SANS_PDF, GENERER_PDF=False)


@pytest.mark.parametrize("adresse", FLUX)
def test_aucun_flux_ne_declare_son_resume_en_html(site_piege, adresse):
    xml = site_piege.texte(adresse)
    assert re.findall(r"<summary[^>]*>", xml), adresse
    assert set(re.findall(r"<summary[^>]*>", xml)) == {'<summary type="text">'}


@pytest.mark.parametrize("adresse", FLUX[:2])
def test_un_lecteur_de_flux_lit_le_resume_tel_qu_il_est_ecrit(site_piege, adresse):
    (entree,) = [e for e in feedparser.parse(site_piege.octets(adresse)).entries if e.link.endswith("/piege/")]
    assert entree.summary_detail.type == "text/plain"
    assert entree.summary == RESUME_IMPRIME


def test_le_flux_de_la_chronologie_lit_aussi_le_resume_en_texte(site_piege):
    flux = feedparser.parse(site_piege.octets("/feeds/chronologie.atom.xml"))
    (entree,) = [e for e in flux.entries if e.link.endswith("/piege/")]
    assert entree.summary_detail.type == "text/plain"
    # La date en toutes lettres, puis l'« En bref » tel qu'écrit.
    assert entree.summary.split("\n\n")[:2] == ["4 mai 2020", RESUME_IMPRIME]


def test_sans_en_bref_le_resume_du_flux_est_le_debut_du_texte_sans_balises(site_piege):
    flux = feedparser.parse(site_piege.octets("/feeds/tout.atom.xml"))
    (entree,) = [e for e in flux.entries if e.link.endswith("/sans-resume/")]
    assert entree.summary_detail.type == "text/plain"
    assert entree.summary == "Le début de la lettre & la suite."
    # Le texte entier reste du HTML (vérifié par le contrat), dans content.
    assert "<strong>début</strong>" in entree.content[0].value


def test_aucune_cellule_du_csv_n_est_une_formule(site_piege):
    lignes = list(csv.DictReader(io.StringIO(site_piege.octets("/chronologie.csv").decode("utf-8"))))
    par_url = {ligne["url"].rstrip("/").rsplit("/", 1)[1]: ligne for ligne in lignes}
    formules = par_url["formules"]
    t = typographie_francaise  # les textes sont imprimés avec la typographie du site
    assert formules["titre"] == "'" + t('=HYPERLINK("https://x.example","clic")')
    assert formules["lieu"] == "'" + t("@SOMME(A1:A9)")
    assert formules["partenaires"] == "'" + t("+33 Comité") + "; Anafé"
    assert par_url["moins"]["titre"] == "'" + t("-10 % de places au refuge")
    # Les valeurs ordinaires ne changent pas.
    assert par_url["moins"]["lieu"] == "Montgenèvre"
    assert par_url["moins"]["partenaires"] == "Médecins du Monde"
    assert par_url["moins"]["date"] == "2020-05-07"
    assert par_url["piege"]["titre"] == t("Un communiqué piégé")
    debuts = {cellule[:1] for ligne in lignes for cellule in ligne.values()}
    assert not debuts & {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize(
    "valeur, attendue",
    [
        ("=1+1", "'=1+1"), ("+33 6", "'+33 6"), ("-2", "'-2"), ("@SOMME(A1)", "'@SOMME(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("Briançon", "Briançon"), ("", ""), ("2020-05-04", "2020-05-04"),
        ("a=b", "a=b"),
    ],
)
def test_une_cellule_qui_serait_une_formule_commence_par_une_apostrophe(valeur, attendue):
    from chronologie.chronologie import cellule_csv

    assert cellule_csv(valeur) == attendue
