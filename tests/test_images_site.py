"""Les images dans le site construit : rien de la photo d'origine (GPS, appareil, XMP) dans aucun fichier
publié (pages, images, PDF, courriels), image de partage, variantes servies au téléphone, cache tiède,
refus du contrat, et dans Chromium : octets des images, poids de la page, accessibilité (Lighthouse).

Sur une copie du contenu, jamais sur le vrai : on n'ajoute pas de photo inventée au site."""

import email
import io
import json
import re
import shutil
import subprocess
from email import policy
from pathlib import Path

import pytest
from PIL import Image

from outils import construction
from conftest import MESURES, Contenu, amorcer_cache, copier_contenu, lighthouse, servir
from images_essai import photo_de_telephone, traces

COMMUNIQUE = "communiques/2020-01-13-11-personnes-secourues-montgenevre.md"
ADRESSE = "/communiques/11-personnes-secourues-montgenevre/"
ALT = "Des pompiers et des bénévoles dans la neige, de nuit, au col de Montgenèvre"


def _inserer(contenu, relatif, texte):
    """Ajoute `texte` au début du corps d'un document de la copie."""
    chemin = contenu.dossier / relatif
    source = chemin.read_text(encoding="utf-8")
    fin_entete = source.index("\n---\n", 3) + 5
    chemin.write_text(source[:fin_entete] + "\n" + texte + "\n" + source[fin_entete:], encoding="utf-8")


def _premier(dossier, motif):
    return sorted(Path(dossier).glob(motif))[0].relative_to(dossier).as_posix()


@pytest.fixture(scope="module")
def avec_photos(tmp_path_factory, cache_session):
    """Une copie du contenu où une photo de téléphone (GPS, série, XMP) illustre un communiqué, une fiche et
    une lettre ; un second communiqué a deux images (la seconde se charge à l'approche)."""
    racine = tmp_path_factory.mktemp("images")
    # La fiche à la photo garde ses traductions (la photo est aussi au verso français de leurs PDF) ; sans celles
    # des autres fiches, chaque langue n'a qu'une fiche dans le recueil que la photo fait refaire.
    contenu = Contenu(copier_contenu(racine / "content", traductions=("garde-a-vue",)),
                      amorcer_cache(cache_session, racine / "cache"))
    (contenu.dossier / "images" / "col").mkdir()
    (contenu.dossier / "images" / "col" / "photo.jpg").write_bytes(photo_de_telephone(orientation=1))
    (contenu.dossier / "images" / "debout.jpg").write_bytes(photo_de_telephone(1600, 1200, orientation=6))
    _inserer(contenu, COMMUNIQUE, f"![{ALT}](/images/col/photo.jpg)")
    autre = _premier(contenu.dossier, "communiques/2019*.md")
    _inserer(contenu, autre, "![Une personne marche dans la neige](/images/debout.jpg)\n\nUn paragraphe.\n\n"
             f"![{ALT}](/images/col/photo.jpg)")
    fiche = _premier(contenu.dossier, "fiches-pratiques/*garde-a-vue.md")
    _inserer(contenu, fiche, "![Une personne retenue à la frontière, vue de dos](/images/debout.jpg)")
    lettre = _premier(contenu.dossier, "lettres/*.md")
    _inserer(contenu, lettre, f"![{ALT}](/images/col/photo.jpg)")
    livret = contenu.dossier / "publications" / "2020-03-07-au-nom-de-la-loi.md"
    livret.write_text(livret.read_text(encoding="utf-8").replace("\nnature:", "\ncouverture: /images/col/photo.jpg\nnature:", 1),
                      encoding="utf-8")
    sortie = racine / "output"
    site = contenu.construire(sortie)
    return contenu, site, {"autre": autre, "fiche": fiche, "lettre": lettre}


def test_aucun_fichier_publie_ne_garde_gps_appareil_ni_xmp(avec_photos):
    contenu, site, _ = avec_photos
    publies = [p for p in site.dossier.rglob("*") if p.is_file()]
    images_publiees = [p for p in publies if p.suffix in (".jpg", ".png", ".webp", ".gif")]
    assert len([p for p in images_publiees if "col/photo" in p.as_posix()]) == 10  # original, 8 variantes, partage
    for chemin in images_publiees:
        assert traces(chemin.read_bytes()) == [], chemin
    # Pages, PDF, courriels, flux : aucun ne contient un octet des métadonnées.
    for chemin in publies:
        octets = chemin.read_bytes()
        for motif in (b"CanonSecret", b"SN-987654321", b"position-du-photographe", b"xmpmeta"):
            assert motif not in octets, (chemin, motif)
    # L'original n'est pas copié tel quel : il est réencodé.
    source = (contenu.dossier / "images" / "col" / "photo.jpg").read_bytes()
    assert site.octets("/images/col/photo.jpg") != source
    assert Image.open(io.BytesIO(site.octets("/images/col/photo.jpg"))).size == (4000, 3000)


def test_la_page_montre_l_image_avec_ses_variantes_et_sa_place_reservee(avec_photos):
    _, site, _ = avec_photos
    html = site.texte(ADRESSE)
    image = re.search(r"<picture>.*?</picture>", html).group()
    assert '<source type="image/webp" srcset="/images/col/photo-480.webp 480w, /images/col/photo-720.webp 720w' in image
    assert 'width="4000" height="3000"' in image and f'alt="{ALT}"' in image
    assert 'loading="lazy"' not in image  # la première image de la page est dans le premier écran
    for nom in re.findall(r"/images/([^\s\"]+)", image):
        assert site.existe(f"/images/{nom}"), nom


def test_apres_la_premiere_image_les_suivantes_attendent_l_approche(avec_photos):
    _, site, sources = avec_photos
    pages = [p for p in Path(site.dossier, "communiques").glob("*/index.html") if "debout-720" in p.read_text()]
    assert len(pages) == 1
    premiere, seconde = re.findall(r"<picture>.*?</picture>", pages[0].read_text())
    assert 'loading="lazy"' not in premiere and 'loading="lazy"' in seconde
    # La photo prise debout (EXIF orientation 6) est publiée debout : 1200 × 1600.
    assert 'width="1200" height="1600"' in premiere


def _meta(html, propriete):
    return re.search(rf'<meta property="{propriete}" content="([^"]*)"', html).group(1)


def test_la_premiere_image_devient_l_image_de_partage(avec_photos):
    _, site, _ = avec_photos
    html = site.texte(ADRESSE)
    assert _meta(html, "og:image") == "https://tousmigrants.org/images/col/photo-partage.jpg"
    assert _meta(html, "og:image:alt") == ALT
    partage = Image.open(io.BytesIO(site.octets("/images/col/photo-partage.jpg")))
    assert partage.size == (1200, 630) and traces(site.octets("/images/col/photo-partage.jpg")) == []
    # Sans image, l'image du site.
    sans = site.texte("/communiques/")
    autres = [p for p in Path(site.dossier, "communiques").glob("*/index.html") if "<picture>" not in p.read_text()]
    assert _meta(autres[0].read_text(), "og:image") == "https://tousmigrants.org/images/tous-migrants-partage.png"
    assert "og:image" not in sans


def test_la_couverture_d_une_publication_est_une_petite_variante_sans_metadonnees(avec_photos):
    _, site, _ = avec_photos
    couverture = re.search(r'<img class="couverture" src="([^"]*col/photo[^"]*)" width="(\d+)" height="(\d+)"',
                           site.texte("/publications/"))
    assert couverture.groups() == ("/images/col/photo-480.jpg", "480", "360")
    assert traces(site.octets("/images/col/photo-480.jpg")) == []


def test_le_courriel_de_la_lettre_montre_la_meme_image_par_son_adresse_complete(avec_photos):
    _, site, _ = avec_photos
    emls = [p for p in Path(site.dossier, "lettres").glob("*/lettre.eml") if b"photo" in p.read_bytes()]
    assert len(emls) == 1
    message = email.message_from_bytes(emls[0].read_bytes(), policy=policy.default)
    html = message.get_body(("html",)).get_content()
    image = re.search(r"<img [^>]*>", html).group()
    assert 'src="https://tousmigrants.org/images/col/photo-720.jpg"' in image
    srcset = re.search(r'srcset="([^"]*)"', image).group(1)
    assert all(c.strip().startswith("https://tousmigrants.org/images/col/photo-") for c in srcset.split(","))
    assert f"[{ALT}]" in " ".join(message.get_body(("plain",)).get_content().split())  # coupé à 72 colonnes


def test_le_pdf_de_la_fiche_embarque_une_variante_sans_metadonnees(avec_photos):
    _, site, _ = avec_photos
    pdf = site.dossier / "fiches-pratiques" / "garde-a-vue.pdf"
    liste = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    # La variante de 720 px (debout : 720 × 960), pas la photo de 1600 px d'origine.
    assert re.search(r"\s720\s+960\s", liste), liste
    assert not re.search(r"\s1200\s+1600\s|\s1600\s+1200\s", liste), liste


def test_un_build_tiede_ne_reencode_aucune_image(avec_photos):
    contenu, _, _ = avec_photos
    contenu.construire(contenu.dossier.parent / "output-tiede")
    journal = json.loads((contenu.cache / "images" / "dernier-build.json").read_text())
    assert journal["encodees"] == [] and "col/photo.jpg" in journal["reprises"]


def test_le_contrat_refuse_une_image_mal_ecrite_en_nommant_le_fichier_et_la_ligne(avec_photos, tmp_path):
    contenu, _, _ = avec_photos
    copie = Contenu(tmp_path / "content", tmp_path / "cache")
    shutil.copytree(contenu.dossier, copie.dossier)
    chemin = copie.dossier / COMMUNIQUE
    texte = chemin.read_text(encoding="utf-8").replace(f"![{ALT}](/images/col/photo.jpg)", "![IMG_1234.jpg](/images/col/absente.jpg)")
    chemin.write_text(texte, encoding="utf-8")
    ligne = texte.split("\n").index("![IMG_1234.jpg](/images/col/absente.jpg)") + 1
    sortie = tmp_path / "output"
    with pytest.raises(construction.BuildRefuse) as refus:
        copie.construire(sortie)
    message = str(refus.value)
    assert f"content/{COMMUNIQUE}, ligne {ligne} :" in message
    assert "content/images/col/absente.jpg n'existe pas" in message and "nom de fichier" in message
    assert not sortie.exists()


# --- Dans Chromium ---------------------------------------------------------------------------------------


def _octets_des_images(navigateur, url, largeur, densite):
    contexte = navigateur.new_context(viewport={"width": largeur, "height": 844}, device_scale_factor=densite,
                                      service_workers="block")
    try:
        page = contexte.new_page()
        console = []
        page.on("console", lambda m: console.append(m.text))
        page.goto(url, wait_until="networkidle")
        # La politique de sécurité des pages (img-src 'self') laisse passer les images du site.
        assert [m for m in console if "Content Security Policy" in m] == []
        entrees = page.evaluate("""() => performance.getEntriesByType('navigation')
            .concat(performance.getEntriesByType('resource'))
            .map(e => [e.name, e.transferSize, e.initiatorType])""")
    finally:
        contexte.close()
    images = {nom: octets for nom, octets, genre in entrees if "/images/" in nom}
    return images, sum(octets for _, octets, _ in entrees)


@pytest.mark.parametrize("densite", [2, 1])
def test_une_photo_de_6_mo_coute_moins_de_150_ko_a_un_telephone(navigateur, avec_photos, densite):
    contenu, site, _ = avec_photos
    assert (contenu.dossier / "images" / "col" / "photo.jpg").stat().st_size > 5_000_000
    with servir(site.dossier) as base:
        images, total = _octets_des_images(navigateur, base + ADRESSE, 390, densite)
    poids = sum(images.values())
    MESURES.append(f"Photo de {(contenu.dossier / 'images/col/photo.jpg').stat().st_size} octets, téléphone 390 px "
                   f"densité {densite} : {poids} octets d'image ({', '.join(n.rsplit('/', 1)[1] for n in images)}), "
                   f"page entière {total} octets")
    assert len(images) == 1 and next(iter(images)).endswith(".webp")
    assert 0 < poids <= 150_000
    if densite == 1:
        # Le plafond du premier chargement d'un communiqué tient avec sa photo.
        assert total <= 60_000




@pytest.mark.navigateur
def test_lighthouse_accessibilite_100_sur_un_communique_avec_photo(avec_photos, tmp_path):
    _, site, _ = avec_photos
    with servir(site.dossier) as base:
        lu = lighthouse(base + ADRESSE, tmp_path, ("performance", "accessibility", "best-practices"))
    scores = {cle: c["score"] for cle, c in lu["categories"].items()}
    poids = lu["audits"]["total-byte-weight"]["numericValue"]
    MESURES.append(f"Lighthouse (mobile), communiqué avec photo : {scores}, {poids:.0f} octets")
    assert scores["accessibility"] == 1.0 and scores["best-practices"] >= 0.95
    # width et height : la place de l'image est réservée, rien ne saute quand elle arrive.
    assert lu["audits"]["unsized-images"]["score"] == 1
