"""Ce qu'un fichier de content/ ne peut pas faire : lire un fichier de la machine dans un PDF, suivre un
lien symbolique, écrire hors de output/ ou à la place d'un fichier du site, faire exploser l'en-tête.

Les règles se vérifient d'abord sur du texte, par les fonctions pures du contrat et du rendu PDF
(rapide) ; quelques refus passent par un vrai build, et par les vraies commandes `invoke check` et
`invoke build`, qui doivent toujours dire la même chose du même contenu.
"""

import os
import shutil
import subprocess
import sys

import pytest

import contrat
import rendu_pdf
from outils import construction
from conftest import RACINE, ecrire_document
from contrat import frontmatter, regles
from redirections.anciennes_adresses import fichier_de
from test_contrat import ACTION, COMMUNIQUE, FICHE, _copie_du_projet, _invoke, refus

REGLAGES = construction.reglages()
LISTES = regles.Listes.depuis_reglages(REGLAGES)
SITE = "https://tousmigrants.org"


def document(relatif, entete):
    """(Document ou None, [messages]) d'un fichier écrit `entete` (YAML brut) + un corps, sans build."""
    try:
        source = frontmatter.lire_texte(f"---\n{entete}\n---\n\nTexte.\n")
    except frontmatter.ErreurLecture as erreur:
        return None, [f"ligne {erreur.ligne} : {erreur.message}"]
    doc, problemes = regles.valider_source(f"content/{relatif}", regles.type_du_chemin(relatif), source, LISTES)
    return doc, [str(p) for p in problemes]


def entete(**champs):
    return "\n".join(f"{cle}: {valeur}" for cle, valeur in champs.items())


# --- 1. Les PDF ne lisent que les fichiers du site ----------------------------------------------------


def recuperateur():
    return rendu_pdf.Recuperateur(RACINE / "theme", RACINE / "content", SITE)


def rendre(corps):
    return rendu_pdf.rendre(f'<html lang="fr"><body>{corps}<p>Texte</p></body></html>', f"{SITE}/rapports/2020/",
                            recuperateur())


@pytest.mark.parametrize("corps, attendu", [
    ('<link rel="attachment" href="file:///proc/self/environ">', "joindre un fichier"),
    ('<link rel="attachment" href="/images/tous-migrants-partage.png">', "joindre un fichier"),
    ('<a rel="attachment" href="file:///etc/hostname">pièce</a>', "joindre un fichier"),
    (f'<img alt="" src="file://{RACINE}/.git/config">', "hors des dossiers permis"),
    ('<img alt="" src="file:///proc/self/environ">', "hors des dossiers permis"),
    (f'<img alt="" src="{SITE}/images/%2e%2e/%2e%2e/.git/config">', "hors des dossiers permis"),
    (f'<img alt="" src="{SITE}/admin/config.yml">', "n'est pas un fichier du site"),
    (f'<img alt="" src="{SITE}/images/%2Fetc%2Fpasswd">', "hors des dossiers permis"),
    (f'<img alt="" src="{SITE}/images/x%00.png">', "caractère invisible"),
    ('<img alt="" src="https://example.org/suivi.png">', "n'est pas un fichier du site"),
    ('<img alt="" src="ftp://example.org/x.png">', "n'est pas un fichier du site"),
    ('<style>@import url("file:///etc/passwd");</style>', "hors des dossiers permis"),
    ('<style>p { background: url("file:///etc/passwd"); }</style>', "hors des dossiers permis"),
    ('<img alt="" src="/images/absente.png">', "n'existe pas"),
])
def test_le_rendu_pdf_refuse_tout_fichier_hors_du_site_et_toute_piece_jointe(corps, attendu):
    with pytest.raises(rendu_pdf.PdfRefuse, match=attendu):
        rendre(corps)


def test_le_rendu_pdf_lit_les_images_du_site_par_leur_adresse_ou_leur_chemin(tmp_path):
    image = RACINE / "content" / "images" / "tous-migrants-partage.png"
    for src in ("/images/tous-migrants-partage.png", f"file://{image}"):
        chemin = tmp_path / "essai.pdf"
        chemin.write_bytes(rendre(f'<img alt="" src="{src}">'))
        assert "0 embedded files" in subprocess.run(["pdfdetach", "-list", str(chemin)],
                                                    capture_output=True, text=True, check=True).stdout
        assert " 1200   630 " in subprocess.run(["pdfimages", "-list", str(chemin)], capture_output=True, text=True).stdout


def test_un_lien_symbolique_vers_l_exterieur_n_est_pas_lu_meme_depuis_les_images(tmp_path):
    # Le contrat refuse déjà un lien dans content/ ; le récupérateur, seconde barrière, suit le vrai chemin.
    images = tmp_path / "content" / "images"
    images.mkdir(parents=True)
    (images / "carte.png").symlink_to(RACINE / ".git" / "config")
    lecteur = rendu_pdf.Recuperateur(tmp_path / "theme", tmp_path / "content", SITE)
    with pytest.raises(rendu_pdf.PdfRefuse, match="hors des dossiers permis"):
        rendu_pdf.rendre('<img alt="" src="/images/carte.png">', f"{SITE}/x/", lecteur)


def test_une_image_svg_du_site_ne_fait_pas_lire_un_fichier_de_la_machine(tmp_path):
    # Une image permise peut en demander d'autres : elles passent par le même récupérateur.
    images = tmp_path / "content" / "images"
    images.mkdir(parents=True)
    (images / "piege.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f'<image href="file://{RACINE}/content/images/../../.git/config" width="10" height="10"/></svg>')
    (images / "detour.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<image href="../../secret.png" width="10" height="10"/></svg>')
    lecteur = rendu_pdf.Recuperateur(tmp_path / "theme", tmp_path / "content", SITE)
    for image in ("piege.svg", "detour.svg"):
        with pytest.raises(rendu_pdf.PdfRefuse):
            rendu_pdf.rendre(f'<img alt="" src="/images/{image}">', f"{SITE}/x/", lecteur)


def test_weasyprint_n_est_appele_que_par_rendu_pdf():
    # Un PDF à venir passe par le même récupérateur : aucun autre module ne parle à WeasyPrint.
    appelants = [str(chemin.relative_to(RACINE)) for dossier in ("plugins", "outils") for chemin in (RACINE / dossier).rglob("*.py")
                 if "weasyprint" in chemin.read_text(encoding="utf-8")]
    assert appelants == ["plugins/rendu_pdf.py"]
    assert "weasyprint" not in (RACINE / "tasks.py").read_text(encoding="utf-8")


def test_aucun_pdf_du_vrai_site_ne_joint_de_fichier(site):
    pdfs = sorted(site.dossier.rglob("*.pdf"))
    assert len(pdfs) >= 3
    for chemin in pdfs:
        liste = subprocess.run(["pdfdetach", "-list", str(chemin)], capture_output=True, text=True, check=True).stdout
        assert liste.strip() == "0 embedded files", chemin


def _sans_actions_ni_autres_annees(contenu):
    """Garde le contenu petit (moins de PDF à rendre) sans toucher à ce que le test regarde."""
    for dossier in ("actions", "publications"):  # une publication suit son action
        for nom in os.listdir(contenu.dossier / dossier):
            if not nom.startswith("2020-"):
                contenu.supprimer(f"{dossier}/{nom}")


def test_un_texte_de_rapport_qui_joint_un_fichier_de_la_machine_arrete_le_build(contenu, tmp_path):
    _sans_actions_ni_autres_annees(contenu)
    chemin = contenu.dossier / "rapports" / "2020.md"
    chemin.write_text(chemin.read_text(encoding="utf-8")
                      + '\n<link rel="attachment" href="file:///proc/self/environ">\n', encoding="utf-8")
    message = refus(contenu, tmp_path)
    assert "content/rapports/2020.md" in message
    assert "Traceback" not in message
    assert not (tmp_path / "output").exists()


def test_une_fiche_qui_montre_un_fichier_de_la_machine_arrete_le_build(contenu, tmp_path):
    _sans_actions_ni_autres_annees(contenu)
    ecrire_document(contenu, "fiches-pratiques/fuite.md", **FICHE,
                    corps=f'Voici : <img alt="" src="file://{RACINE}/.git/config">')
    message = refus(contenu, tmp_path)
    assert "content/fiches-pratiques/fuite.md" in message
    assert "Traceback" not in message
    assert not (tmp_path / "output").exists()


# --- 2 et 5. Ce que content/ peut contenir : des .md, des images, aucun lien symbolique ----------------


def _fichier(dossier, relatif, texte="x"):
    chemin = dossier / relatif
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(texte, encoding="utf-8")
    return chemin


MAUVAIS_FICHIERS = {
    "communiques/ancien.html": "renommez-le en « ancien.md »",
    "communiques/texte.rst": "renommez-le en « texte.md »",
    "communiques/texte.markdown": "renommez-le en « texte.md »",
    "communiques/CRIANT.MD": "renommez-le en « CRIANT.md »",
    "communiques/photo.jpg": "déplacez-le dans content/images/",
    "communiques/archives/vieux.md": "un dossier dans content/communiques/ n'est pas lu",
    "rapports/notes.md": "le texte d'un rapport s'appelle du nom de son année",
}


def _mauvais(dossier, relatif):
    return _fichier(dossier, relatif, "---\ntitle: \"Titre\"\ndate: 2020-01-01\nsummary: \"x\"\n---\n\nTexte.\n")


def _refuses(message):
    """Les fichiers nommés par un message de refus, une fois chacun."""
    return sorted({ligne.split(" :")[0].split(",")[0] for ligne in message.split("\n- ")[1:]})


@pytest.mark.parametrize("relatif", MAUVAIS_FICHIERS)
def test_seuls_les_fichiers_md_sont_des_documents_et_check_et_build_le_disent_pareil(contenu, tmp_path, relatif):
    _mauvais(contenu.dossier, relatif)
    nom = "communiques/archives" if "/archives/" in relatif else relatif
    _, problemes = contrat.valider(construction.reglages(**contenu.reglages()))
    check = regles.rapport_problemes(problemes)
    build = refus(contenu, tmp_path)
    for message in (check, build):
        assert f"content/{nom} :" in message
        assert MAUVAIS_FICHIERS[relatif] in message
        assert _refuses(message) == [f"content/{nom}"]


@pytest.mark.parametrize("relatif, cible", [
    ("communiques/lien.md", "{racine}/content/communiques/2020-01-13-11-personnes-secourues-montgenevre.md"),
    ("images/cle.png", "/etc/passwd"),
    ("images/depot", "{racine}/.git"),
    ("pages", "{racine}/content/pages"),
])
def test_un_lien_symbolique_dans_content_est_refuse_ou_qu_il_mene(contenu, tmp_path, relatif, cible):
    lien = contenu.dossier / relatif
    if lien.is_dir() and not lien.is_symlink():
        shutil.rmtree(lien)
    lien.symlink_to(cible.format(racine=RACINE))
    _, problemes = contrat.valider(construction.reglages(**contenu.reglages()))
    for message in (regles.rapport_problemes(problemes), refus(contenu, tmp_path)):
        assert f"content/{relatif} :\n    c'est un lien symbolique ; le site n'en suit aucun" in message
        assert "Traceback" not in message


def test_les_vraies_commandes_check_et_build_refusent_les_memes_fichiers(tmp_path):
    projet = _copie_du_projet(tmp_path)
    for relatif in MAUVAIS_FICHIERS:
        _mauvais(projet / "content", relatif)
    (projet / "content" / "images" / "cle.png").symlink_to("/etc/passwd")
    sorties = {}
    for commande in ("check", "build"):
        resultat = _invoke(projet, commande)
        assert resultat.returncode == 1
        sorties[commande] = resultat.stdout + resultat.stderr
        assert "Traceback" not in sorties[commande]
    assert _refuses(sorties["check"]) == _refuses(sorties["build"])
    assert len(_refuses(sorties["build"])) == len(MAUVAIS_FICHIERS) + 1
    assert not (projet / "output").exists()


def test_les_fichiers_caches_et_ignores_ne_sont_lus_ni_par_check_ni_par_build(contenu, tmp_path):
    # Un fichier caché de macOS ou d'un éditeur n'est pas un document : ni refusé, ni publié.
    _fichier(contenu.dossier, "communiques/.DS_Store", "\0\0binaire")
    _fichier(contenu.dossier, "communiques/._2020-01-13-x.md", "\0\0binaire")
    _fichier(contenu.dossier, "communiques/README.md", "Notes pour l'équipe, sans en-tête.")
    relatifs, problemes = regles.fichiers_du_contenu(str(contenu.dossier), LISTES.ignores)
    assert problemes == []
    assert not any(os.path.basename(r).startswith(".") or r.endswith("README.md") for r in relatifs)


# --- 3. Les adresses : une règle, décodée une fois ------------------------------------------------------


@pytest.mark.parametrize("adresse, raison", [
    ("/%2e%2e/%2e%2e/tmp/x", "« .. »"),
    ("/../x", "« .. »"),
    ("/%2E%2E%2Fx", "« .. »"),
    ("/a/./b", "« . »"),
    ("/a//b", "deux « / »"),
    ("//a", "deux « / »"),
    ("/a%2F%2Fb", "deux « / »"),
    ("/a\\b", "barre « \\ »"),
    ("/a%5Cb", "barre « \\ »"),
    ("/a%00b", "caractère invisible"),
    ("/a%0Ab", "caractère invisible"),
    ("/a\u2028b", "caractère invisible"),
    ("/" + "a" * 201, "plus de 200"),
    ("/" + "é" * 101, "plus de 200"),
    ("/page.", "finit par un point"),
    ("/page%2e", "finit par un point"),
    ("/.git/config", "commence par un point"),
    ("/%2enojekyll", "commence par un point"),
    ("/a%252e%252e", "encodée deux fois"),
    ("/a%ff", "%xx"),
    ("/a?b=1", "« ? »"),
    ("/", "adresse vide"),
])
def test_une_adresse_est_decodee_une_fois_puis_verifiee(adresse, raison):
    segments, probleme = regles.chemin_sur(adresse)
    assert segments is None
    assert raison in probleme


@pytest.mark.parametrize("adresse, segments", [
    ("/sinformer/pour-le-droit-de-manifester", ("sinformer", "pour-le-droit-de-manifester")),
    ("/sinformer/x/", ("sinformer", "x")),
    ("/uploads/lettre_pr%C3%A9sident", ("uploads", "lettre_président")),
    ("/" + "a" * 200, ("a" * 200,)),
])
def test_une_adresse_ordinaire_passe_la_regle(adresse, segments):
    assert regles.chemin_sur(adresse) == (segments, None)


@pytest.mark.parametrize("adresse", ["/%2e%2e/%2e%2e/tmp/x", "/a%00b", "/a//b", "/" + "x" * 300, "/a%5C..%5Cb"])
def test_une_ancienne_adresse_dangereuse_est_refusee_par_le_contrat(adresse):
    _, problemes = document("actions/a.md", entete(**ACTION, anciennes_urls=f'["{adresse}"]'))
    assert len(problemes) == 1
    assert "champ « anciennes_urls » :\n    l'ancienne adresse « " in problemes[0]
    with pytest.raises(ValueError):
        fichier_de(adresse)  # la redirection ne s'écrit jamais sans passer la même règle


def _ensemble(*documents):
    docs = []
    for relatif, texte in documents:
        doc, problemes = document(relatif, texte)
        assert problemes == []
        docs.append(doc)
    return [str(p) for p in regles.valider_ensemble(docs, LISTES.sorties)]


@pytest.mark.parametrize("adresse, attendu", [
    ("/%43NAME", "est un fichier du nouveau site"),
    ("/cname", "est un fichier du nouveau site"),
    ("/%72obots.txt", "est un fichier du nouveau site"),
    ("/%72obots.txt/", "est un fichier du nouveau site"),
    ("/sitemap%2Exml%2F", "est un fichier du nouveau site"),
    ("/uploads/%72apport.pdf", "n'est pas une page"),
    ("/ROBOTS.TXT", "est un fichier du nouveau site"),
    ("/index%2Ehtml", "est un fichier du nouveau site"),
    ("/%34%30%34.html", "est un fichier du nouveau site"),
    ("/%66eeds/tout", "tombe sur une page du nouveau site"),
    ("/Communiques/x", "tombe sur une page du nouveau site"),
    ("/association/index.html", "tombe sur une page du nouveau site"),
    ("/%61ssociation", "tombe sur une page du nouveau site"),
])
def test_une_ancienne_adresse_encodee_ne_remplace_aucun_fichier_du_site(adresse, attendu):
    problemes = _ensemble(
        ("actions/a.md", entete(**ACTION, anciennes_urls=f'["{adresse}"]')),
        ("pages/association.md", entete(title='"L\'association"', date="2020-01-01", slug="association")),
    )
    assert len(problemes) == 1
    assert f"l'ancienne adresse {adresse} {attendu}" in problemes[0]


def test_une_page_ne_prend_pas_le_nom_d_un_fichier_de_la_racine_meme_en_minuscules():
    problemes = _ensemble(("pages/cname.md", entete(title='"CNAME"', date="2020-01-01")))
    assert problemes == ["content/pages/cname.md, ligne 2, champ « title » :\n"
                         "    l'adresse /cname/ est déjà prise par le site lui-même ; changez le titre ou donnez un autre « slug »"]


def test_deux_anciennes_adresses_qui_veulent_le_meme_nom_en_fichier_et_en_dossier_sont_refusees():
    problemes = _ensemble(("actions/a.md", entete(**ACTION, anciennes_urls='["/vieux.html", "/vieux.html/suite"]')))
    assert len(problemes) == 1
    assert "l'une comme fichier, l'autre comme dossier" in problemes[0]
    problemes = _ensemble(("actions/a.md", entete(**ACTION, anciennes_urls='["/Vieux/page", "/vieux/%70age/"]')))
    assert "est déjà redirigée par content/actions/a.md" in problemes[0]


def test_une_ancienne_adresse_qui_sortirait_de_output_arrete_le_build_en_francais(contenu, tmp_path):
    ecrire_document(contenu, "actions/evasion.md", **ACTION, anciennes_urls='["/%2e%2e/%2e%2e/evasion"]')
    message = refus(contenu, tmp_path)
    assert "content/actions/evasion.md, ligne 6, champ « anciennes_urls » :" in message
    assert "Traceback" not in message and "RuntimeError" not in message
    assert not (tmp_path / "evasion").exists() and not (tmp_path.parent / "evasion").exists()


# --- 4. Ce que `make check` refusait trop tard : sujets, gabarits, slugs trop longs ---------------------


@pytest.mark.parametrize("relatif, champs, attendu", [
    ("communiques/a.md", {**COMMUNIQUE, "tags": '["!!!"]'},
     "champ « tags » :\n    le sujet « !!! » ne donne aucune adresse"),
    ("communiques/a.md", {**COMMUNIQUE, "tags": '["« »"]'}, "ne donne aucune adresse"),
    ("communiques/a.md", {**COMMUNIQUE, "tags": f'["{"mot " * 60}"]'}, "donne une adresse impossible"),
    ("pages/a.md", {"title": '"Une page"', "date": "2020-01-01", "template": "inexistant"},
     "champ « template » :\n    le gabarit « inexistant » n'existe pas dans le thème"),
    ("pages/a.md", {"title": '"Une page"', "date": "2020-01-01", "template": "index"},
     "le gabarit « index » n'existe pas dans le thème (theme/templates/) ; attendu : l'un de "),
    ("pages/a.md", {"title": '"Une page"', "date": "2020-01-01", "template": '"../../../etc/passwd"'},
     "n'est pas un nom de gabarit"),
    ("communiques/a.md", {**COMMUNIQUE, "slug": "a" * 201}, "champ « slug » :\n    ce slug est trop long (201 caractères)"),
    ("communiques/a.md", {**COMMUNIQUE, "title": '"' + "mot " * 70 + '"'},
     "champ « title » :\n    le titre donne une adresse trop longue"),
    ("communiques/a.md", {**COMMUNIQUE, "title": '"!!!"'}, "champ « title » :\n    le titre ne donne aucune adresse"),
])
def test_make_check_refuse_ce_que_le_build_ne_saurait_pas_ecrire(relatif, champs, attendu):
    _, problemes = document(relatif, entete(**champs))
    assert len(problemes) == 1
    assert attendu in problemes[0]
    if "template" in champs:  # la liste proposée est celle des gabarits de page du thème
        assert "page, presse" in problemes[0] and ", index" not in problemes[0]


def test_un_gabarit_existant_et_un_slug_de_200_caracteres_passent():
    assert document("pages/a.md", entete(title='"Une page"', date="2020-01-01", template="presse"))[1] == []
    assert document("communiques/a.md", entete(**COMMUNIQUE, slug="a" * 200))[1] == []


def test_un_sujet_vide_et_un_gabarit_absent_sont_refuses_par_check_avant_le_build(contenu, tmp_path):
    ecrire_document(contenu, "communiques/sujet.md", **COMMUNIQUE, tags='["!!!"]')
    ecrire_document(contenu, "pages/gabarit.md", title='"Une page"', date="2020-01-01", template="inexistant")
    _, problemes = contrat.valider(construction.reglages(**contenu.reglages()))
    assert {p.fichier for p in problemes} == {"content/communiques/sujet.md", "content/pages/gabarit.md"}
    message = refus(contenu, tmp_path)
    assert "content/communiques/sujet.md" in message and "content/pages/gabarit.md" in message
    assert "Traceback" not in message


# --- 6 et 7. L'en-tête : ni ancres, ni doublons, ni caractères de contrôle, des années plausibles --------


BOMBE = "\n".join([
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    *(f"{n}: &{n} [{', '.join(['*' + p] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")),
    "title: *i",
    "date: 2020-01-01",
    'summary: "x"',
])


@pytest.mark.parametrize("texte, ligne, attendu", [
    (BOMBE, 2, "une ancre YAML, que le site n'accepte pas"),
    ('title: "x"\ndate: 2020-01-01\nsummary: &r "x"', 4, "une ancre YAML"),
    ('title: "x"\ndate: 2020-01-01\nsummary: "x"\ntags: [*r]', 5, "une ancre YAML"),
    ('title: "Premier"\ndate: 2020-01-01\nsummary: "x"\ntitle: "Second"', 5,
     "« title » est écrit deux fois (lignes 2 et 5) ; gardez-en un seul"),
    ('title: "x"\ndate: 2020-01-01\nsummary: "x"\nchiffres:\n  participants: 3\n  participants: 4', 7,
     "« participants » est écrit deux fois"),
])
def test_un_en_tete_avec_ancres_ou_doublons_est_refuse_court(texte, ligne, attendu):
    _, problemes = document("communiques/a.md", texte)
    assert problemes == [f"ligne {ligne} : " + problemes[0].split(" : ", 1)[1]]
    assert attendu in problemes[0]
    assert len(problemes[0]) < 400


@pytest.mark.parametrize("texte, attendu", [
    ('title: "x"\nnumero: ' + "9" * 5000, "une valeur impossible à lire (un nombre trop long ?)"),
    ("title: " + "[" * 11 + "x" + "]" * 11, "plus de 10 niveaux de listes"),
    ("title:\n" + "- " * 12 + "x", "plus de 10 niveaux de listes"),
    ("title: " + "{a: " * 12 + "x" + "}" * 12, "plus de 10 niveaux de listes"),
    ('title: "' + "x" * 60_000 + '"', "l'en-tête fait plus de 50 000 caractères"),
])
def test_un_en_tete_demesure_est_refuse_en_francais(texte, attendu):
    _, problemes = document("communiques/a.md", texte)
    assert len(problemes) == 1 and attendu in problemes[0]
    assert len(problemes[0]) < 400


def test_vingt_cinq_mille_crochets_ne_font_pas_tomber_la_lecture():
    # Le composeur de libyaml est récursif : sans limite de profondeur lue avant lui, le processus
    # s'arrêtait net (erreur de segmentation). Dans un processus à part, pour que l'échec se voie.
    code = ("import sys; sys.path.insert(0, 'plugins'); from contrat import frontmatter\n"
            "try:\n    frontmatter.lire_texte('---\\ntitle: ' + '[' * 24990 + ']' * 24990 + '\\n---\\n')\n"
            "except frontmatter.ErreurLecture as erreur:\n    print(erreur.message)\n")
    resultat = subprocess.run([sys.executable, "-c", code], cwd=RACINE, capture_output=True, text=True)
    assert resultat.returncode == 0, resultat.stderr
    assert "plus de 10 niveaux de listes" in resultat.stdout


def test_la_bombe_d_alias_est_refusee_par_le_build_avec_un_message_court(contenu, tmp_path):
    contenu.ecrire("communiques/bombe.md", f"---\n{BOMBE}\n---\n\nTexte.\n")
    message = refus(contenu, tmp_path)
    assert "content/communiques/bombe.md, ligne 2 :" in message
    assert len(message) < 1000


@pytest.mark.parametrize("champs, champ, attendu", [
    ({**COMMUNIQUE, "title": '"Ligne un\\nLigne deux"'}, "title", "un retour à la ligne"),
    ({**COMMUNIQUE, "title": '"Ligne un\\rLigne deux"'}, "title", "un retour à la ligne"),
    ({**COMMUNIQUE, "title": '"Titre\\u2028caché"'}, "title", "un retour à la ligne"),
    ({**COMMUNIQUE, "title": '"Titre\\ttabulé"'}, "title", "une tabulation"),
    ({**COMMUNIQUE, "title": '"Cloche\\a"'}, "title", "un caractère de contrôle invisible (U+0007)"),
    ({**COMMUNIQUE, "title": '"Nul\\0"'}, "title", "(U+0000)"),
    ({**COMMUNIQUE, "summary": '"Un\\x1bB"'}, "summary", "(U+001B)"),
    ({**COMMUNIQUE, "partenaires": '["Anafé\\nMédecins"]'}, "partenaires", "un retour à la ligne"),
    ({**COMMUNIQUE, "tags": '["frontière\\n"]'}, "tags", None),  # le retour final s'efface, comme les espaces
    ({**ACTION, "lieu": '"Briançon\\nMontgenèvre"'}, "lieu", "un retour à la ligne"),
])
def test_un_texte_d_une_ligne_refuse_les_caracteres_de_controle(champs, champ, attendu):
    relatif = "actions/a.md" if "pole" in champs else "communiques/a.md"
    _, problemes = document(relatif, entete(**champs))
    if attendu is None:
        assert problemes == []
    else:
        assert len(problemes) == 1
        assert f"champ « {champ} » :\n    " in problemes[0]
        assert attendu in problemes[0]


def test_un_resume_garde_ses_retours_a_la_ligne():
    doc, problemes = document("communiques/a.md", entete(**{**COMMUNIQUE, "summary": '"Première phrase.\\nSeconde."'}))
    assert problemes == []
    assert doc.meta["summary"] == "Première phrase.\nSeconde."


@pytest.mark.parametrize("champ, valeur", [
    ("date", "9999-12-31"), ("date", "0001-01-01"), ("date", "1899-12-31"), ("date_fin", "2101-01-01"),
])
def test_une_date_reste_entre_1900_et_2100(champ, valeur):
    champs = {**ACTION, champ: valeur}
    _, problemes = document("actions/a.md", entete(**champs))
    assert any(f"champ « {champ} » :\n    l'année {int(valeur[:4])} est hors des limites ; "
               "attendu : une date entre 1900 et 2100" in p for p in problemes)


def test_les_dates_limites_passent():
    for valeur in ("1900-01-01", "2100-12-31"):
        assert document("actions/a.md", entete(**{**ACTION, "date": valeur, "date_fin": "2100-12-31"}))[1] == []


def test_un_titre_sur_deux_lignes_ou_une_annee_9999_arretent_le_build_en_francais(contenu, tmp_path):
    ecrire_document(contenu, "lettres/deux-lignes.md", title='"Lettre\\nde novembre"', date="2020-11-01",
                    numero=9, summary='"x"')
    ecrire_document(contenu, "actions/lointaine.md", **{**ACTION, "date": "9999-01-01"})
    message = refus(contenu, tmp_path)
    assert "content/lettres/deux-lignes.md, ligne 2, champ « title »" in message
    assert "content/actions/lointaine.md, ligne 3, champ « date »" in message
    assert "Traceback" not in message


# --- Les fichiers copiés tels quels : rien qui puisse porter un script -------------------------------


@pytest.mark.parametrize("nom, texte, refuse", [
    ("images/photo.jpg", b"\xff\xd8\xff", False),
    ("images/carte.PNG", b"\x89PNG", False),
    ("images/carte.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', True),
    ("images/page.html", b"<p>x</p>", True),
    ("extra/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1"/></svg>', False),
    ("extra/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', True),
    ("extra/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', True),
    ("extra/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>', True),
    ("extra/logo.svg", b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', True),
])
def test_un_fichier_statique_qui_pourrait_porter_un_script_est_refuse(tmp_path, nom, texte, refuse):
    (tmp_path / nom).parent.mkdir(parents=True)
    (tmp_path / nom).write_bytes(texte)
    _, problemes = regles.fichiers_du_contenu(str(tmp_path), LISTES.ignores)
    assert bool(problemes) == refuse, problemes
    if refuse:
        assert problemes[0].fichier == f"content/{nom}"


def test_les_fichiers_statiques_du_vrai_contenu_sont_acceptes():
    _, problemes = regles.fichiers_du_contenu(str(RACINE / "content"), LISTES.ignores)
    assert problemes == []
