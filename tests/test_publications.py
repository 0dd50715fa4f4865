"""Les publications : le contrat de content/publications/ et de content/fichiers/, la couverture tirée d'un
PDF, et la page /publications/ (groupes, liens, PDF des rapports et recueil listés tout seuls)."""

import datetime
import io
import os
import re

import pytest
from PIL import Image

import formats
import pelicanconf
from conftest import RACINE
from contrat import frontmatter, regles
from publications import publications as coeur

NATURES = pelicanconf.NATURES_PUBLICATIONS


def un_pdf(largeur=595, hauteur=842, auteur="Une personne à protéger"):
    """Un vrai PDF d'une page (Pillow), avec un auteur dans ses métadonnées."""
    sortie = io.BytesIO()
    Image.new("RGB", (largeur, hauteur), (200, 30, 40)).save(sortie, "PDF", author=auteur, title="Livret secret")
    return sortie.getvalue()


def listes(racine):
    return regles.Listes.depuis_reglages({**vars(pelicanconf), "PATH": str(racine), "THEME": None})


def valider(racine, entete):
    texte = "---\n" + entete.strip() + "\n---\n"
    return regles.valider_source("content/publications/x.md", "publication", frontmatter.lire_texte(texte), listes(racine))


PUBLICATION = 'title: "Un livret"\ndate: 2020-03-07\nnature: livret\nsummary: "Ce que c\'est."'


# --- Le contrat (pur) -------------------------------------------------------------------------------


def test_une_publication_sans_fichier_est_acceptee(tmp_path):
    document, problemes = valider(tmp_path, PUBLICATION)
    assert problemes == []
    assert document.meta["nature"] == "livret" and document.adresse == "publications/#un-livret"


def test_une_publication_avec_son_pdf_et_sa_couverture_est_acceptee(tmp_path):
    (tmp_path / "fichiers").mkdir()
    (tmp_path / "fichiers" / "livret.pdf").write_bytes(un_pdf())
    (tmp_path / "images").mkdir()
    Image.new("RGB", (30, 40)).save(tmp_path / "images" / "couv.jpg")
    document, problemes = valider(tmp_path, PUBLICATION + "\nfichier: /fichiers/livret.pdf\ncouverture: /images/couv.jpg")
    assert problemes == []
    assert (document.meta["fichier"], document.meta["couverture"]) == ("/fichiers/livret.pdf", "/images/couv.jpg")


@pytest.mark.parametrize("ligne, champ, attendu", [
    ("nature: brochure", "nature", "« brochure » n'est pas une nature de publication connue ; attendu : l'un de livret, livre, tract"),
    ("fichier: /fichiers/absent.pdf", "fichier", "le fichier content/fichiers/absent.pdf n'existe pas ; copiez-le dans content/fichiers/"),
    ("fichier: /images/livret.pdf", "fichier", "« /images/livret.pdf » n'est pas dans content/fichiers/"),
    ("fichier: /fichiers/livret.docx", "fichier", "« /fichiers/livret.docx » n'est pas un PDF"),
    ("fichier: /fichiers/../../.git/config.pdf", "fichier", "contient un segment « .. »"),
    ("couverture: /images/absente.jpg", "couverture", "le fichier content/images/absente.jpg n'existe pas"),
    ("couverture: /images/couv.svg", "couverture", "n'est pas une image JPEG, PNG, GIF ou WebP"),
    ("action: Une Action", "action", "« Une Action » n'est pas un slug valide"),
])
def test_un_champ_fautif_d_une_publication_est_refuse_en_francais_avec_sa_ligne(tmp_path, ligne, champ, attendu):
    entete = "\n".join(l for l in PUBLICATION.split("\n") if not l.startswith(ligne.split(":")[0] + ":")) + "\n" + ligne
    _, problemes = valider(tmp_path, entete)
    assert len(problemes) == 1, problemes
    assert problemes[0].champ == champ and problemes[0].ligne == entete.count("\n") + 2  # la dernière ligne
    assert attendu in problemes[0].message


def test_une_publication_sans_resume_ni_nature_est_refusee(tmp_path):
    _, problemes = valider(tmp_path, 'title: "Un livret"\ndate: 2020-03-07')
    assert {(p.champ, p.message.split(" ;")[0]) for p in problemes} == {
        ("nature", "champ obligatoire manquant pour une publication"),
        ("summary", "champ obligatoire manquant pour une publication"),
    }


def test_une_publication_liee_a_une_action_qui_n_existe_pas_est_refusee(tmp_path):
    (tmp_path / "publications").mkdir()
    (tmp_path / "publications" / "livret.md").write_text(f"---\n{PUBLICATION}\naction: action-inconnue\n---\n", encoding="utf-8")
    _, problemes = regles.valider_arbre(str(tmp_path), listes(tmp_path))
    assert [(p.fichier, p.champ, p.ligne) for p in problemes] == [("content/publications/livret.md", "action", 6)]
    assert "« action-inconnue » ne désigne aucune action publiée" in problemes[0].message


def test_content_fichiers_n_accepte_que_des_pdf_et_aucun_lien_symbolique(tmp_path):
    fichiers = tmp_path / "fichiers"
    fichiers.mkdir()
    (fichiers / "livret.pdf").write_bytes(un_pdf())
    (fichiers / "page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (fichiers / "deguise.pdf").write_text("<script>alert(1)</script>", encoding="utf-8")  # un nom de PDF, pas un PDF
    os.symlink(fichiers / "livret.pdf", fichiers / "lien.pdf")
    _, problemes = regles.fichiers_du_contenu(str(tmp_path))
    refuses = {p.fichier: p.message for p in problemes}
    assert set(refuses) == {"content/fichiers/page.html", "content/fichiers/deguise.pdf", "content/fichiers/lien.pdf"}
    assert refuses["content/fichiers/page.html"].startswith("seuls les PDF vont dans content/fichiers/")
    assert "lien symbolique" in refuses["content/fichiers/lien.pdf"]


def test_un_dossier_fichiers_qui_est_un_lien_symbolique_est_refuse(tmp_path):
    ailleurs = tmp_path / "ailleurs"
    ailleurs.mkdir()
    (ailleurs / "livret.pdf").write_bytes(un_pdf())
    contenu = tmp_path / "content"
    contenu.mkdir()
    os.symlink(ailleurs, contenu / "fichiers")
    _, problemes = regles.fichiers_du_contenu(str(contenu))
    assert [p.fichier for p in problemes] == ["content/fichiers"]
    _, problemes = valider(contenu, PUBLICATION + "\nfichier: /fichiers/livret.pdf")
    assert "n'existe pas" in problemes[0].message  # ni le lien, ni ce qu'il y a derrière


# --- La couverture tirée d'un PDF (pur) ------------------------------------------------------------


def test_la_couverture_est_la_premiere_page_en_jpeg_de_300_px_sans_metadonnees():
    jpeg, largeur, hauteur = coeur.couverture_de_pdf(un_pdf(595, 842), 300)
    image = Image.open(io.BytesIO(jpeg))
    image.verify()
    image = Image.open(io.BytesIO(jpeg))
    assert image.format == "JPEG" and image.size == (largeur, hauteur) == (300, round(300 * 842 / 595))
    assert image.getpixel((150, 200))[0] > 150  # la page rouge, rendue
    assert not image.getexif() and "icc_profile" not in image.info and "xmp" not in image.info
    assert b"Exif" not in jpeg and b"http://ns.adobe.com/xap" not in jpeg
    assert "protéger".encode() not in jpeg and b"Livret secret" not in jpeg


def test_la_couverture_est_gardee_en_cache_par_l_empreinte_du_pdf(tmp_path, monkeypatch):
    pdf = tmp_path / "livret.pdf"
    pdf.write_bytes(un_pdf(595, 842))
    premiere = coeur.couverture_en_cache(str(pdf), str(tmp_path / "cache"), 300)
    # Le même PDF : reprise du cache, pdfium n'est pas appelé.
    monkeypatch.setattr(coeur, "couverture_de_pdf", lambda *a: pytest.fail("rendue à nouveau"))
    assert coeur.couverture_en_cache(str(pdf), str(tmp_path / "cache"), 300) == premiere
    # Un autre PDF sous le même nom : une autre couverture.
    monkeypatch.undo()
    pdf.write_bytes(un_pdf(842, 595))
    autre = coeur.couverture_en_cache(str(pdf), str(tmp_path / "cache"), 300)
    assert autre[0] != premiere[0] and autre[1:] == (300, round(300 * 595 / 842))


def test_les_groupes_suivent_les_natures_la_plus_recente_d_abord_sans_groupe_vide():
    def e(ancre, nature, annee):
        return coeur.Entree(ancre=ancre, titre=ancre, nature=nature, date=datetime.date(annee, 1, 1))

    groupes = coeur.groupes([e("a", "tract", 2019), e("b", "livret", 2020), e("c", "tract", 2020)], NATURES)
    assert [(g.libelle, [x.ancre for x in g.entrees]) for g in groupes] == [("Livrets", ["b"]), ("Tracts", ["c", "a"])]


# --- La page /publications/ ------------------------------------------------------------------------


def entree(site, ancre, adresse="/publications/"):
    trouve = re.search(rf'<li id="{ancre}" class="publication">(.*?)</li>', site.texte(adresse), re.S)
    assert trouve, ancre
    return trouve.group(1)


def test_la_page_groupe_par_nature_et_donne_sur_demande_sans_fichier(site):
    html = site.texte("/publications/")
    titres = re.findall(r'<h2 id="nature-([a-z]+)">', html)
    assert titres == [n for n in NATURES if n in titres]  # dans l'ordre de NATURES_PUBLICATIONS
    assert {"livret", "livre", "tract", "affiche", "rapport", "recueil"} <= set(titres)
    livret = entree(site, "au-nom-de-la-loi")
    assert "<h3>Livret «\u00a0Au nom de la loi\u00a0»</h3>" in livret and '<time datetime="2020-03-07">7 mars 2020</time>' in livret
    assert 'Sur demande à <a href="mailto:communication@tousmigrants.org">communication@tousmigrants.org</a>' in livret
    assert 'href="/actions/livret-au-nom-de-la-loi/"' in livret and site.existe("/actions/livret-au-nom-de-la-loi/")
    assert '<time datetime="2020">2020</time>' in entree(site, "trouver-refuge")
    assert "style=" not in html and "<script" not in html
    assert "/publications/</loc>" in site.texte("/sitemap.xml")
    assert 'href="../publications/"' in site.texte("/presse/") or 'href="/publications/"' in site.texte("/presse/")


def test_les_pdf_des_rapports_et_le_recueil_des_fiches_sont_listes_tout_seuls(site):
    annees = sorted({int(a) for a in re.findall(r'href="/rapports/(\d{4})/"', site.texte("/rapports/"))})
    assert annees
    for annee in annees:
        rapport = entree(site, f"rapport-{annee}")
        pdf = f"/rapports/{annee}/rapport-activite-{annee}.pdf"
        assert f'href="{pdf}"' in rapport and site.existe(pdf)
        assert re.search(r"\(\d+(,\d)?\u00a0[KM]o\)", rapport)  # le format du site (plugins/formats.py)
    recueil = entree(site, "recueil-fiches-pratiques")
    assert 'href="/fiches-pratiques/fiches-pratiques.pdf"' in recueil and site.existe("/fiches-pratiques/fiches-pratiques.pdf")
    couverture = re.search(r'<img class="couverture" src="(/publications/couvertures/recueil-fiches-pratiques\.jpg)" '
                           r'width="300" height="(\d+)" alt="([^"]+)"', recueil)
    assert couverture and couverture.group(3) in recueil.split("<h3>", 1)[1]  # le texte de remplacement est le titre
    with Image.open(site.chemin(couverture.group(1))) as image:
        assert image.size == (300, int(couverture.group(2))) and not image.getexif()


def test_un_pdf_mis_en_ligne_donne_lien_taille_et_couverture(contenu, tmp_path):
    (contenu.dossier / "fichiers").mkdir()
    (contenu.dossier / "fichiers" / "au-nom-de-la-loi.pdf").write_bytes(un_pdf(595, 842))
    chemin = contenu.dossier / "publications" / "2020-03-07-au-nom-de-la-loi.md"
    chemin.write_text(chemin.read_text(encoding="utf-8").replace(
        "nature: livret\n", "nature: livret\nfichier: /fichiers/au-nom-de-la-loi.pdf\n"), encoding="utf-8")
    site = contenu.construire(tmp_path / "output", GENERER_PDF=False)
    livret = entree(site, "au-nom-de-la-loi")
    assert 'href="/fichiers/au-nom-de-la-loi.pdf" type="application/pdf" download' in livret
    assert site.octets("/fichiers/au-nom-de-la-loi.pdf") == (contenu.dossier / "fichiers" / "au-nom-de-la-loi.pdf").read_bytes()
    octets = os.path.getsize(contenu.dossier / "fichiers" / "au-nom-de-la-loi.pdf")
    assert f"({formats.taille_fr(octets)})" in livret and "\u00a0Ko)" in livret
    assert "Sur demande" not in livret
    assert ('<img class="couverture" src="/publications/couvertures/au-nom-de-la-loi.jpg" width="300" '
            f'height="{round(300 * 842 / 595)}" alt="Livret «\u00a0Au nom de la loi\u00a0»"') in livret
    with Image.open(site.chemin("/publications/couvertures/au-nom-de-la-loi.jpg")) as image:
        assert image.format == "JPEG" and image.width == 300
    # Sans PDF de rapport ni de recueil (GENERER_PDF = False), ni entrée ni lien vers un PDF absent.
    assert 'id="rapport-' not in site.texte("/publications/")


def test_invoke_new_publication_cree_un_fichier_a_remplir(tmp_path):
    from test_contrat import _copie_du_projet, _invoke

    projet = _copie_du_projet(tmp_path)
    resultat = _invoke(projet, "new", "publication", "Livret d'essai")
    assert resultat.returncode == 0, resultat.stderr
    (cree,) = (projet / "content" / "publications").glob("*-livret-d-essai.md")
    resultat = _invoke(projet, "check")
    sortie = resultat.stdout + resultat.stderr
    relatif = cree.relative_to(projet).as_posix()
    assert resultat.returncode == 1 and "Traceback" not in sortie
    assert f"{relatif}, ligne 5, champ « nature » :\n    pas encore rempli" in sortie
    assert f"{relatif}, ligne 4, champ « summary » :\n    pas encore rempli" in sortie
    texte = cree.read_text(encoding="utf-8")
    texte = re.sub(r"summary: .*", 'summary: "Un livret."', texte)
    cree.write_text(re.sub(r"nature: .*", "nature: livret", texte), encoding="utf-8")
    resultat = _invoke(projet, "check")
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
