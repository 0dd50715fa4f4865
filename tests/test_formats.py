"""Les formats du site (formats.py), définis une fois : nombres, tailles de fichiers, adresses absolues."""

import pytest

import formats


@pytest.mark.parametrize("octets, texte", [
    (312, "1\u00a0Ko"), (48_200, "48\u00a0Ko"), (245_400, "245\u00a0Ko"), (999_000, "999\u00a0Ko"),
    (1_240_000, "1,2\u00a0Mo"),
])
def test_la_taille_d_un_pdf_se_lit_en_francais(octets, texte):
    assert formats.taille_fr(octets) == texte


@pytest.mark.parametrize("n, texte", [
    (0, "0"), (37, "37"), (999, "999"), (1250, "1\u202f250"), (1_234_567, "1\u202f234\u202f567"), (-1200, "-1\u202f200"),
])
def test_les_milliers_se_separent_par_une_espace_fine_insecable(n, texte):
    assert formats.nombre_fr(n) == texte


@pytest.mark.parametrize("site, chemin", [
    ("https://tousmigrants.org", "fiches-pratiques/x/"), ("https://tousmigrants.org/", "/fiches-pratiques/x/"),
])
def test_une_adresse_absolue_n_a_qu_une_barre_entre_le_site_et_le_chemin(site, chemin):
    assert formats.adresse_absolue(site, chemin) == "https://tousmigrants.org/fiches-pratiques/x/"


def test_les_gabarits_n_ecrivent_plus_les_nombres_a_la_main():
    # Un seul format : le filtre `nombre` (formats.nombre_fr), jamais "{:,}".format(…) dans un gabarit.
    from pathlib import Path

    gabarits = Path(__file__).resolve().parent.parent / "theme" / "templates"
    assert [p.name for p in gabarits.rglob("*.html") if "{:," in p.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize("n, mot", [(0, "lettre"), (1, "lettre"), (2, "lettres"), (14, "lettres")])
def test_un_mot_s_accorde_au_pluriel_a_partir_de_deux(n, mot):
    assert formats.accord(n, "lettre", "lettres") == mot


def test_les_gabarits_n_accordent_plus_les_mots_a_la_main():
    # Un seul accord : le filtre `accord` (formats.accord), jamais « entrée{{ 's' if n > 1 }} » dans un gabarit.
    import re
    from pathlib import Path

    gabarits = Path(__file__).resolve().parent.parent / "theme" / "templates"
    a_la_main = re.compile(r"'s' if|singulier if|\|length > 1 %\}")
    assert [p.name for p in gabarits.rglob("*.html") if a_la_main.search(p.read_text(encoding="utf-8"))] == []


@pytest.mark.parametrize("titre, html", [
    ("الاحتجاز لدى الشرطة (garde à vue): حقوقك",
     'الاحتجاز لدى الشرطة <span lang="fr" dir="ltr">(garde à vue)</span>: حقوقك'),
    ("د هویت کتنه (contrôle d’identité) او (OQTF)",
     'د هویت کتنه <span lang="fr" dir="ltr">(contrôle d’identité)</span> او <span lang="fr" dir="ltr">(OQTF)</span>'),
    ("112 (بلا مقابل)", "112 (بلا مقابل)"),  # des parenthèses en arabe : rien à isoler
    ("(2020)", "(2020)"),  # ni un nombre seul
    ("A <b> & (x)", 'A &lt;b&gt; &amp; <span lang="fr" dir="ltr">(x)</span>'),  # le texte est échappé, jamais du HTML
])
def test_un_terme_francais_entre_parentheses_reste_de_gauche_a_droite_dans_un_titre_traduit(titre, html):
    assert str(formats.termes_francais(titre, "rtl")) == html


def test_un_titre_de_gauche_a_droite_n_est_qu_echappe():
    assert str(formats.termes_francais("Police custody (garde à vue) & <rights>", "ltr")) == (
        "Police custody (garde à vue) &amp; &lt;rights&gt;")
