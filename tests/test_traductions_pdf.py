"""Les PDF des fiches traduites : bilingues (la traduction, puis la fiche française), de droite à gauche en
arabe, dari et pachto, avec une police incorporée qui a toutes leurs lettres ; et le rendu en parallèle.

Les PDF sont lus par pdftotext et pdffonts (poppler), les pages par leur HTML.
"""

import json
import os
import re
import subprocess
import unicodedata

import pytest
from fontTools.ttLib import TTFont

import rendu_pdf
from conftest import RACINE
from traductions import catalogues
from traductions import traductions as coeur

LANGUES = ("en", "ar", "fa", "ps")
ECRITURE_ARABE = ("ar", "fa", "ps")
# Les lettres propres au pachto, que ni l'arabe ni le persan n'ont (ۍ manque à DejaVu Sans et à Noto Sans).
LETTRES_PACHTO = "ټډړږښګڼېۍځڅ"


def traductions(langue):
    """{slug: (titre, corps)} des fiches traduites dans une langue (content/traductions/<langue>/)."""
    resultat = {}
    for chemin in sorted((RACINE / "content" / "traductions" / langue).glob("*.md")):
        if chemin.stem == "accueil":
            continue
        _, entete, corps = chemin.read_text(encoding="utf-8").split("---", 2)
        resultat[chemin.stem] = (re.search(r'^title: "(.*)"', entete, re.M).group(1), corps)
    return resultat


def titre_francais(slug):
    for chemin in (RACINE / "content" / "fiches-pratiques").glob("*.md"):
        entete = chemin.read_text(encoding="utf-8").split("---", 2)[1]
        if re.search(rf"^slug: {slug}$", entete, re.M):
            return re.search(r'^title: "(.*)"', entete, re.M).group(1)
    raise AssertionError(slug)


def lettres(texte):
    """Les seules lettres, dans l'ordre : pdftotext place la ponctuation d'une ligne de droite à gauche à sa
    guise, perd l'antiliant persan (U+200C) et détache parfois une voyelle brève ; les lettres, elles, restent."""
    return "".join(c for c in unicodedata.normalize("NFC", texte) if unicodedata.category(c).startswith("L"))


def pages_pdf(chemin):
    brut = subprocess.run(["pdftotext", str(chemin), "-"], capture_output=True, text=True, check=True).stdout
    return brut.split("\f")[:-1]


def polices(chemin):
    """[(nom sans préfixe de sous-ensemble, incorporée)] d'après pdffonts."""
    lignes = subprocess.run(["pdffonts", str(chemin)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [(ligne.split()[0].split("+", 1)[-1], ligne.split()[-5] == "yes") for ligne in lignes]


# --- La police, sans build ------------------------------------------------------------------------------


def test_la_police_arabe_a_chaque_lettre_des_traductions_et_du_theme():
    textes = [c.read_text(encoding="utf-8") for langue in ECRITURE_ARABE for c in (
        *(RACINE / "content" / "traductions" / langue).glob("*.md"),
        RACINE / "theme" / "translations" / langue / "LC_MESSAGES" / "messages.po")]
    ecrites = {c for texte in textes for c in texte if re.match(rf"[{LETTRES_PACHTO}\u0600-\u06ff\ufb50-\ufeff]", c)}
    assert set(LETTRES_PACHTO) <= ecrites  # le pachto est bien écrit avec ses propres lettres
    for graisse, chemin in rendu_pdf.POLICES_ARABES.items():
        cmap = TTFont(str(chemin)).getBestCmap()
        assert sorted(c for c in ecrites if ord(c) not in cmap) == [], graisse


# --- Sur le vrai site -----------------------------------------------------------------------------------


@pytest.mark.parametrize("langue", LANGUES)
def test_chaque_traduction_a_son_pdf_bilingue_la_traduction_puis_le_francais(site, langue):
    fiches = traductions(langue)
    assert fiches
    for slug, (titre, _) in fiches.items():
        pages = pages_pdf(site.chemin(f"/{langue}/fiches-pratiques/{slug}.pdf"))
        premiere = " ".join(pages[0].split())
        assert lettres(titre) in lettres(pages[0]), (langue, slug)
        # Le QR code et l'adresse imprimée mènent à la page dans la langue du PDF.
        assert f"https://tousmigrants.org/{langue}/fiches-pratiques/{slug}/" in premiere, (langue, slug)
        # « Traduction non relue », dans la langue puis en français, comme sur la page.
        assert "Traduction non relue." in premiere, (langue, slug)
        # Au verso, la fiche française, sur une page à elle.
        francais = lettres(titre_francais(slug))
        verso = [i for i, page in enumerate(pages) if francais in lettres(page)]
        assert verso and verso[0] > 0, (langue, slug)
        assert lettres(titre) not in lettres(pages[verso[0]]), (langue, slug)
        assert "Lire la fiche en français" not in pages[verso[0]]


@pytest.mark.parametrize("langue", LANGUES)
def test_l_avis_non_relue_du_pdf_est_aussi_dans_la_langue(site, langue):
    avis = catalogues.charger(RACINE / "theme", langue).gettext("Traduction non relue.")
    assert avis != "Traduction non relue."
    assert lettres(avis) in lettres(pages_pdf(site.chemin(f"/{langue}/fiches-pratiques/garde-a-vue.pdf"))[0])


@pytest.mark.parametrize("langue", ECRITURE_ARABE)
def test_le_pdf_incorpore_sa_police_et_garde_chaque_lettre(site, langue):
    for slug, (titre, corps) in traductions(langue).items():
        chemin = site.chemin(f"/{langue}/fiches-pratiques/{slug}.pdf")
        trouvees = polices(chemin)
        # Seulement des polices incorporées, et l'arabe dans la nôtre : rien ne vient des polices de la machine.
        assert all(incorporee for _, incorporee in trouvees), trouvees
        assert {nom for nom, _ in trouvees} <= {"Tous-Migrants-Arabe", "Tous-Migrants-Arabe-Bold",
                                                "Tous-Migrants-Sans", "Tous-Migrants-Sans-Bold",
                                                "Tous-Migrants-Sans-Italic", "Tous-Migrants-Sans-BoldItalic"}, trouvees
        assert "Tous-Migrants-Arabe" in {nom for nom, _ in trouvees}
        # Chaque lettre écrite dans la traduction se relit dans le PDF : aucune n'est tombée en glyphe manquant.
        texte = set(lettres(" ".join(pages_pdf(chemin))))
        ecrites = {c for c in lettres(corps + titre) if "\u0600" <= c <= "\u06ff"}
        assert sorted(ecrites - texte) == [], (langue, slug)
        if langue == "ps":
            assert set(LETTRES_PACHTO) & ecrites <= texte and "ۍ" in texte


def test_la_page_traduite_et_l_index_donnent_leur_pdf_avec_sa_taille_dans_la_langue(site):
    for langue in LANGUES:
        for slug in traductions(langue):
            pdf = f"/{langue}/fiches-pratiques/{slug}.pdf"
            lien = re.search(rf'<a href="{re.escape(pdf)}" download>[^<]+</a> <span class="discret">\(PDF, <bdi>([^<]+)</bdi>',
                             site.texte(f"/{langue}/fiches-pratiques/{slug}/"))
            assert lien, (langue, slug)
            assert lien.group(1) == coeur.taille(len(site.octets(pdf)), langue)
        recueil = f"/{langue}/fiches-pratiques/fiches-pratiques.pdf"
        assert f'<a href="{recueil}" download>' in site.texte(f"/{langue}/fiches-pratiques/")
    assert "كيلوبايت" in site.texte("/ar/fiches-pratiques/garde-a-vue/")  # la taille dite en arabe


def test_le_recueil_d_une_langue_a_chaque_fiche_traduite_et_son_francais(site):
    for langue in LANGUES:
        texte = lettres(" ".join(pages_pdf(site.chemin(f"/{langue}/fiches-pratiques/fiches-pratiques.pdf"))))
        for slug, (titre, _) in traductions(langue).items():
            assert lettres(titre) in texte and lettres(titre_francais(slug)) in texte, (langue, slug)


def test_le_service_worker_de_chaque_langue_garde_ses_pdf_hors_ligne(site):
    for langue in LANGUES:
        sw = site.texte(f"/{langue}/fiches-pratiques/sw.js")
        for slug in (*traductions(langue), "fiches-pratiques"):
            assert f'"{slug}.pdf"' in sw, (langue, slug)


def test_le_build_ne_refait_aucun_pdf_de_traduction_deja_rendu(site, contenu, tmp_path):
    contenu.construire(tmp_path / "sortie")
    journal = json.loads((contenu.cache / "traductions" / "dernier-build.json").read_text(encoding="utf-8"))
    assert journal["rendus"] == []
    assert len(journal["reutilises"]) == sum(len(traductions(l)) + 1 for l in LANGUES)


# --- Le rendu en parallèle ------------------------------------------------------------------------------


def test_plusieurs_pdf_se_rendent_en_parallele_et_un_refus_reste_a_sa_place(tmp_path):
    (tmp_path / "theme" / "static").mkdir(parents=True)
    recuperateur = rendu_pdf.Recuperateur(tmp_path / "theme", tmp_path / "content", "https://tousmigrants.org")
    page = '<html lang="{0}"><body><p>{1}</p></body></html>'
    travaux = [(page.format("fr", "Premier"), "https://tousmigrants.org/", recuperateur, ()),
               (page.format("fr", '<img src="https://ailleurs.example/x.png">'), "https://tousmigrants.org/", recuperateur, ()),
               (page.format("ps", "یخنۍ او ښځه"), "https://tousmigrants.org/", recuperateur, ())]
    premier, refus, pachto = rendu_pdf.rendre_plusieurs(travaux, processus=2)
    assert isinstance(refus, rendu_pdf.PdfRefuse) and "n'est pas un fichier du site" in str(refus)
    for octets, attendu in ((premier, "Premier"), (pachto, "یخنۍ او ښځه")):
        chemin = tmp_path / "x.pdf"
        chemin.write_bytes(octets)
        assert lettres(attendu) in lettres(" ".join(pages_pdf(chemin)))
    assert "Tous-Migrants-Arabe" in {nom for nom, _ in polices(chemin)}


def test_un_processus_par_coeur_jamais_plus_que_de_pdf():
    coeurs = len(os.sched_getaffinity(0))
    assert rendu_pdf.processus_pour(1) == 1
    assert rendu_pdf.processus_pour(1000) == coeurs
    assert rendu_pdf.processus_pour(2) == min(2, coeurs)


@pytest.mark.parametrize(("langue", "attendu"), [("en", "45 kB"), ("ar", "45 كيلوبايت"), ("fa", "45 کیلوبایت"),
                                                 ("ps", "45 کيلو بايټس")])
def test_la_taille_d_un_pdf_est_ecrite_dans_l_ecriture_de_la_langue(langue, attendu):
    assert coeur.taille(45_000, langue) == attendu
    assert not re.search("[A-Za-z]", coeur.taille(1_234_567, langue)) or langue == "en"
