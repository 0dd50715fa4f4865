"""Des photos d'essai fabriquées avec Pillow : une grande photo de téléphone bruitée, avec position GPS,
numéro de série, orientation EXIF et paquet XMP — tout ce qu'aucun fichier publié ne doit garder."""

import io
import struct

from PIL import Image, ImageDraw

# Ce que l'appareil écrit, et ce qu'on cherche ensuite, octet par octet, dans tout le site.
MARQUE, SERIE, XMP_SECRET = "CanonSecret", "SN-987654321", b"position-du-photographe"
GPS = {1: "N", 2: (44.0, 53.0, 45.6), 3: "E", 4: (6.0, 45.0, 12.3)}


def photo_de_telephone(largeur=4000, hauteur=3000, orientation=1, bruit=30, qualite=95):
    """Une photo JPEG de ~6 Mo (4000 × 3000, du grain comme un capteur de téléphone), bavarde en métadonnées."""
    base = Image.linear_gradient("L").resize((largeur, hauteur)).convert("RGB")
    dessin = ImageDraw.Draw(base)
    for i in range(40):
        x, y = i * 97 % largeur, i * 53 % hauteur
        dessin.ellipse((x, y, x + largeur // 10, y + hauteur // 10), fill=(i * 6 % 255, 120, 255 - i * 5 % 255))
    # Du détail à toutes les échelles, comme une vraie photo : des taches (qui restent à 720 px) et du grain
    # de capteur (qui disparaît à la réduction). Un bruit fin seul se réduirait en aplat de quelques Ko.
    taches = Image.merge("RGB", [Image.effect_noise((largeur // 8, hauteur // 8), 60)
                                 .resize((largeur, hauteur), Image.Resampling.BICUBIC) for _ in range(3)])
    grain = Image.merge("RGB", [Image.effect_noise((largeur, hauteur), bruit) for _ in range(3)])
    image = Image.blend(Image.blend(base, taches, 0.3), grain, 0.25)
    exif = Image.Exif()
    exif[0x010F] = MARQUE  # Make
    exif[0xA431] = SERIE  # BodySerialNumber
    exif[0x0112] = orientation
    exif.get_ifd(0x8825).update(GPS)
    sortie = io.BytesIO()
    image.save(sortie, "JPEG", quality=qualite, exif=exif,
               xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + XMP_SECRET + b"</x:xmpmeta>")
    return sortie.getvalue()


def traces(octets):
    """Ce qu'un fichier publié garde encore des métadonnées de la photo (liste vide : rien)."""
    trouvees = []
    image = Image.open(io.BytesIO(octets))
    if dict(image.getexif()):
        trouvees.append(f"EXIF {dict(image.getexif())}")
    for cle in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "photoshop"):
        if image.info.get(cle):
            trouvees.append(f"info[{cle}]")
    for motif in (MARQUE.encode(), SERIE.encode(), XMP_SECRET, b"Exif\x00", b"xmpmeta", b"adobe:ns:meta",
                  b"http://ns.adobe.com/xap", *_latitude_en_octets()):
        if motif in octets:
            trouvees.append(repr(motif))
    return trouvees


def _latitude_en_octets():
    # La latitude telle que TIFF l'écrit (rationnels 44/1, 53/1), dans les deux boutismes.
    return [struct.pack(f"{b}IIII", 44, 1, 53, 1) for b in "<>"]
