"""Les images, sans Pelican : variantes et tailles, métadonnées retirées, HTML des pages, cache, et la règle
du contrat sur les images écrites dans le texte."""

import io
import json

import pytest
from PIL import Image

from contrat import images_du_texte
from images import cache as cache_images
from images import images
from images_essai import GPS, photo_de_telephone, traces


@pytest.fixture(scope="module")
def grande_photo():
    return photo_de_telephone(orientation=6)  # 4000 × 3000, couchée : l'appareil était tenu debout


@pytest.fixture(scope="module")
def publiee(grande_photo):
    return images.publier("manif/photo.jpg", grande_photo)


def test_la_photo_d_essai_porte_bien_gps_serie_et_xmp(grande_photo):
    # Sans cela, le test suivant ne prouverait rien.
    exif = Image.open(io.BytesIO(grande_photo)).getexif()
    assert exif.get_ifd(0x8825)[2] == GPS[2]
    assert len(traces(grande_photo)) >= 6
    assert len(grande_photo) > 5_000_000


def test_aucun_fichier_publie_ne_garde_une_metadonnee(publiee):
    for fichier in publiee.fichiers:
        assert traces(fichier.octets) == [], fichier.nom


def test_l_orientation_est_appliquee_avant_d_oublier_l_exif(publiee):
    # Orientation 6 : la photo de 4000 × 3000 se regarde debout, 3000 × 4000.
    assert (publiee.original.largeur, publiee.original.hauteur) == (3000, 4000)
    assert Image.open(io.BytesIO(publiee.original.octets)).size == (3000, 4000)


def test_les_variantes_aux_largeurs_prevues_en_jpeg_et_en_webp(publiee):
    noms = {(f.largeur, f.extension) for f in publiee.variantes}
    assert noms == {(w, e) for w in images.LARGEURS for e in ("jpg", "webp")}
    for f in publiee.variantes:
        image = Image.open(io.BytesIO(f.octets))
        assert image.size == (f.largeur, f.hauteur) and f.hauteur == round(f.largeur * 4000 / 3000)
        assert image.format == ("WEBP" if f.extension == "webp" else "JPEG")
    assert [v.nom for v in publiee.variantes][:2] == ["manif/photo-480.jpg", "manif/photo-480.webp"]


def test_la_variante_d_un_telephone_pese_peu(publiee):
    # 390 px de large en densité 2 : 720 px ; une photo de 6 Mo ne doit pas coûter plus de ~150 Ko.
    webp_720 = next(f for f in publiee.variantes if f.nom.endswith("-720.webp"))
    jpeg_720 = next(f for f in publiee.variantes if f.nom.endswith("-720.jpg"))
    assert len(webp_720.octets) < 150_000 and len(jpeg_720.octets) < 150_000


@pytest.mark.parametrize("largeur, attendues", [
    (4000, [480, 720, 960, 1440]),
    (1440, [480, 720, 960, 1440]),
    (1000, [480, 720, 960, 1000]),
    (600, [480, 600]),
    (300, [300]),
])
def test_une_image_n_est_jamais_agrandie(largeur, attendues):
    assert images.largeurs_pour(largeur) == attendues


def test_une_petite_image_png_garde_son_format_et_sa_taille():
    sortie = io.BytesIO()
    Image.new("RGBA", (300, 200), (200, 30, 30, 128)).save(sortie, "PNG")
    photo = images.publier("carte.png", sortie.getvalue())
    assert [(f.nom, f.largeur) for f in photo.variantes] == [("carte-300.png", 300), ("carte-300.webp", 300)]
    assert Image.open(io.BytesIO(photo.original.octets)).mode == "RGBA"


def test_l_image_de_partage_fait_1200_sur_630(publiee):
    image = Image.open(io.BytesIO(publiee.partage.octets))
    assert image.size == (1200, 630) and image.format == "JPEG"
    assert publiee.partage.nom == "manif/photo-partage.jpg"


def test_deux_images_qui_demandent_le_meme_fichier_publie_sont_signalees(publiee):
    photo = publiee.sans_octets()
    variante = images.Photo("manif/photo-480.jpg", images.Fichier("manif/photo-480.jpg", 480, 640), (),
                            images.Fichier("manif/photo-480-partage.jpg", 1200, 630))
    assert images.collisions([photo, variante]) == [("manif/photo-480.jpg", "manif/photo.jpg", "manif/photo-480.jpg")]
    assert images.collisions([photo]) == []


def test_un_fichier_qui_n_est_pas_une_image_est_dit_illisible():
    with pytest.raises(images.ImageIllisible):
        images.publier("faux.jpg", b"<html>pas une image</html>")


# --- Le HTML des pages ---------------------------------------------------------------------------------


def test_la_premiere_image_est_chargee_tout_de_suite_les_suivantes_a_l_approche(publiee):
    photos = {"manif/photo.jpg": publiee.sans_octets()}
    html = ('<p><img alt="Premier rang" src="/images/manif/photo.jpg" title="t"></p>'
            '<p><img alt="Second" src="/images/manif/photo.jpg" /></p><p><img alt="a" src="/theme/x.png"></p>')
    resultat, premiere = images.remplacer_images(html, photos)
    assert premiere[1] == "Premier rang"
    premier, second = resultat.split("</picture>")[:2]
    assert 'loading="lazy"' not in premier and 'loading="lazy"' in second
    for morceau in (premier, second):
        assert 'width="3000" height="4000"' in morceau and 'decoding="async"' in morceau
        assert '<source type="image/webp" srcset="/images/manif/photo-480.webp 480w' in morceau
        assert 'src="/images/manif/photo-720.jpg"' in morceau
    assert 'title="t"' in premier
    assert resultat.endswith('<p><img alt="a" src="/theme/x.png"></p>')  # une image du thème n'est pas touchée


def test_une_image_ecrite_a_la_facon_de_pelican_est_une_image_du_site(publiee):
    photos = {"manif/photo.jpg": publiee.sans_octets()}
    for src in ("{static}/images/manif/photo.jpg", "{static}../images/manif/photo.jpg"):
        html, premiere = images.remplacer_images(f'<img alt="x" src="{src}">', photos)
        assert premiere is not None and 'src="/images/manif/photo-720.jpg"' in html


def test_une_adresse_complete_du_site_est_une_image_du_site(publiee):
    photos = {"manif/photo.jpg": publiee.sans_octets()}
    html, premiere = images.remplacer_images('<img alt="x" src="https://tousmigrants.org/images/manif/photo.jpg">',
                                             photos, sites=("https://tousmigrants.org",))
    assert premiere is not None and "<picture>" in html


# --- Le cache ------------------------------------------------------------------------------------------


def test_un_build_tiede_ne_reencode_rien(tmp_path):
    source = tmp_path / "a.jpg"
    source.write_bytes(photo_de_telephone(1600, 1200))
    dossier = tmp_path / "cache"
    premier = cache_images.CacheImages(str(dossier))
    premier.obtenir("a.jpg", str(source))
    assert premier.terminer() == {"encodees": ["a.jpg"], "reprises": []}
    second = cache_images.CacheImages(str(dossier))
    photo = second.obtenir("a.jpg", str(source))
    assert second.terminer() == {"encodees": [], "reprises": ["a.jpg"]}
    assert json.loads((dossier / cache_images.JOURNAL).read_text())["reprises"] == ["a.jpg"]
    publiees = {p.name for p in (dossier / cache_images.PUBLIEES).iterdir()}
    assert publiees == {f.nom for f in photo.fichiers}
    # Une photo changée est refaite, et l'ancienne quitte le cache.
    source.write_bytes(photo_de_telephone(1200, 900))
    troisieme = cache_images.CacheImages(str(dossier))
    assert troisieme.obtenir("a.jpg", str(source)).original.largeur == 1200
    assert troisieme.terminer()["encodees"] == ["a.jpg"]
    assert len([p for p in dossier.iterdir() if p.is_dir() and p.name != cache_images.PUBLIEES]) == 1


# --- La règle du contrat -------------------------------------------------------------------------------

FICHIERS = frozenset({"photo.jpg", "manif/2020.png"})


@pytest.mark.parametrize("ligne, attendu", [
    ("![](/images/photo.jpg)", "sans texte alternatif"),
    ("![  ](/images/photo.jpg)", "sans texte alternatif"),
    ("![IMG_1234.jpg](/images/photo.jpg)", "nom de fichier"),
    ("![IMG_1234](/images/photo.jpg)", "nom de fichier"),
    ("![photo.jpg](/images/photo.jpg)", "nom de fichier"),
    ("![photo](/images/photo.jpg)", "nom de fichier"),
    ("![DSC0042](/images/photo.jpg)", "nom de fichier"),
    ("![Une maraude](/images/absente.jpg)", "content/images/absente.jpg n'existe pas"),
    ("![Une maraude](/images/Photo.jpg)", "n'existe pas"),
    ("![Une maraude](https://exemple.org/photo.jpg)", "d'un autre site (exemple.org)"),
    ("![Une maraude](//exemple.org/photo.jpg)", "d'un autre site"),
    ("![Une maraude](http://tousmigrants.org.exemple.org/images/photo.jpg)", "d'un autre site"),
    ("![Une maraude](images/photo.jpg)", "s'écrit /images/son-nom.jpg"),
    ("![Une maraude](data:image/png;base64,AAAA)", "data:"),
    ('<img src="/images/photo.jpg">', "sans texte alternatif"),
    ('<img alt="Une maraude" src="https://exemple.org/x.png">', "d'un autre site"),
    ("![Une maraude][ref]\n\n[ref]: https://exemple.org/x.jpg", "d'un autre site"),
])
def test_le_contrat_refuse_une_image_mal_ecrite(ligne, attendu):
    trouves = images_du_texte.problemes("Un paragraphe.\n\n" + ligne, FICHIERS, "https://tousmigrants.org", 8)
    assert len(trouves) == 1, trouves
    assert trouves[0][0] == 10  # la ligne dans le fichier
    assert attendu in trouves[0][1]


@pytest.mark.parametrize("ligne", [
    "![Des bénévoles au col de Montgenèvre](/images/photo.jpg)",
    '![Un rassemblement à Briançon](/images/manif/2020.png "Le 7 mars")',
    "![Une carte \\[détail\\]](https://tousmigrants.org/images/photo.jpg)",
    '<img alt="Une carte de la frontière" src="/images/manif/2020.png">',
    "```\n![](https://exemple.org/dans-un-exemple-de-code.png)\n```",
    "![Une carte du col de l'Échelle]({static}/images/photo.jpg)",
    "![Une carte du col de l'Échelle]({static}../images/manif/2020.png)",
    "[un lien, pas une image](https://exemple.org/x.jpg)",
])
def test_le_contrat_accepte_une_image_bien_ecrite(ligne):
    assert images_du_texte.problemes(ligne, FICHIERS, "https://tousmigrants.org") == []
