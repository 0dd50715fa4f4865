"""Les images publiées : recadrées à la bonne taille, sans aucune métadonnée, et décrites pour la page.

Pur : Pillow et la bibliothèque standard, ni Pelican ni réglages. Des octets d'une image en entrée ; en
sortie, les fichiers à publier (octets, nom, dimensions) et le HTML qui les montre.

Pourquoi tout réencoder, même l'original : une photo de téléphone porte dans ses EXIF la position GPS,
l'heure, le numéro de série de l'appareil, parfois une vignette de l'image avant recadrage, et des
paquets XMP/IPTC. Une photo prise à la frontière dirait où, quand et par qui. Une image refaite à partir
de ses seuls pixels (info vidée) ne peut rien emporter de tout cela.
"""

import html
import io
import re
from urllib.parse import unquote
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps

# Les largeurs proposées au navigateur (px) : 720 sert un téléphone de 390 px en densité 2 (la colonne
# du texte y fait ~360 px) sans passer à 960, deux fois plus lourd.
LARGEURS = (480, 720, 960, 1440)
# L'image de partage (Open Graph) : la taille que Facebook, Mastodon et LinkedIn affichent sans recadrer.
PARTAGE = (1200, 630)
# La colonne du texte (site.css : --largeur 46rem moins ses marges) : le navigateur choisit dans srcset
# la plus petite variante qui couvre cette largeur à la densité de l'écran.
TAILLES = "(max-width: 46rem) calc(100vw - 2rem), 44rem"
QUALITE_JPEG = 78
QUALITE_WEBP = 72
# Le format publié de chaque format accepté (content/images/ n'a que ceux-là, voir le contrat).
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Les fichiers de content/images/ que le contrat accepte (regles.FORMATS_IMAGES).
EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")


class ImageIllisible(Exception):
    """Le fichier n'est pas une image que Pillow sait lire (tronqué, autre format renommé)."""


@dataclass(frozen=True)
class Fichier:
    """Un fichier publié sous images/ : son nom relatif (« manif/photo-720.webp »), ses dimensions."""

    nom: str
    largeur: int
    hauteur: int
    octets: bytes = b""

    @property
    def extension(self):
        return self.nom.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Photo:
    """Une image de content/images/ et tout ce qui en est publié.

    `original` : l'image entière, réencodée sans métadonnées ; `variantes` : les largeurs réduites, dans
    le format de l'original et en WebP (la plus grande est l'original quand il est plus étroit que la
    plus grande largeur) ; `partage` : l'image Open Graph de 1200 × 630.
    """

    nom: str  # relatif à content/images/, avec des « / »
    original: Fichier
    variantes: tuple  # de Fichier, par largeur croissante
    partage: Fichier

    @property
    def fichiers(self):
        return (self.original, *self.variantes, self.partage)

    def sans_octets(self):
        """La même description, sans les octets : ce qu'on garde en mémoire pour écrire les pages."""
        vide = lambda f: Fichier(f.nom, f.largeur, f.hauteur)  # noqa: E731
        return Photo(self.nom, vide(self.original), tuple(vide(v) for v in self.variantes), vide(self.partage))


def _srgb(image):
    """Les pixels convertis en sRGB si l'image porte un autre profil ICC ; le profil n'est pas publié.

    Un profil ICC décrit l'appareil (modèle, fabricant) : on ne le garde pas, mais une photo en Display P3
    d'un téléphone récent, publiée sans son profil, aurait des couleurs fausses ; on la convertit donc."""
    profil = image.info.get("icc_profile")
    if not profil:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profil))
        mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
        return ImageCms.profileToProfile(image.convert(mode), source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # un profil illisible : les pixels tels quels, le profil ne sera pas publié


def ouvrir(octets):
    """Les pixels d'une image, tournés selon son EXIF, en sRGB, et sans plus aucune métadonnée.

    Renvoie (image Pillow, format publié : « jpg », « png »…). Seule la première image d'un GIF animé ou
    d'un WebP animé est gardée : une animation n'a pas sa place dans une page qui doit rester légère.
    """
    try:
        image = Image.open(io.BytesIO(octets))
        format_ = FORMATS.get(image.format)
        if format_ is None:
            raise ImageIllisible(f"format {image.format} non accepté")
        image.seek(0)
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as erreur:
        raise ImageIllisible(str(erreur)) from erreur
    image = ImageOps.exif_transpose(image)  # l'orientation avant d'oublier l'EXIF qui la donne
    image = _srgb(image)
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode == "LA":
        image = image.convert("RGBA")
    propre = Image.new(image.mode, image.size)
    propre.paste(image)  # une image neuve : aucun `info` (exif, xmp, icc, commentaire, dpi) ne la suit
    return propre, format_


def encoder(image, format_):
    """Les octets d'une image dans un format publié, sans rien d'autre que ses pixels."""
    sortie = io.BytesIO()
    if format_ == "jpg":
        if image.mode != "RGB":
            fond = Image.new("RGB", image.size, "white")
            fond.paste(image, mask=image.getchannel("A") if "A" in image.mode else None)
            image = fond
        image.save(sortie, "JPEG", quality=QUALITE_JPEG, optimize=True, progressive=True)
    elif format_ == "webp":
        image.save(sortie, "WEBP", quality=QUALITE_WEBP, method=4)
    elif format_ == "png":
        image.save(sortie, "PNG", optimize=True)
    elif format_ == "gif":
        image.save(sortie, "GIF", optimize=True)
    else:
        raise ValueError(format_)
    return sortie.getvalue()


def largeurs_pour(largeur_originale, largeurs=LARGEURS):
    """Les largeurs des variantes : jamais plus large que l'original (jamais agrandie).

    Un original plus étroit que la plus grande largeur devient lui-même la plus grande variante."""
    retenues = [w for w in largeurs if w < largeur_originale]
    if largeur_originale <= max(largeurs):
        retenues.append(largeur_originale)
    return retenues


def _hauteur(image, largeur):
    return max(1, round(image.height * largeur / image.width))


def publier(nom, octets, largeurs=LARGEURS):
    """Une image de content/images/ -> la `Photo` et les octets de chacun de ses fichiers publiés."""
    image, format_ = ouvrir(octets)
    base, _ = nom.rsplit(".", 1)
    # L'original garde son nom (un lien [photo](/images/photo.jpeg) du texte reste bon), pas ses métadonnées.
    original = Fichier(nom, image.width, image.height, encoder(image, format_))
    variantes = []
    for largeur in largeurs_pour(image.width, largeurs):
        hauteur = _hauteur(image, largeur)
        reduite = image if largeur == image.width else image.resize((largeur, hauteur), Image.Resampling.LANCZOS)
        for f in dict.fromkeys((format_, "webp")):
            variantes.append(Fichier(f"{base}-{largeur}.{f}", largeur, hauteur, encoder(reduite, f)))
    # Recadrée au centre, un peu au-dessus du milieu : les visages sont plus souvent en haut d'une photo.
    cadre = ImageOps.fit(image, PARTAGE, Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    partage = Fichier(f"{base}-partage.jpg", *PARTAGE, encoder(cadre, "jpg"))
    return Photo(nom, original, tuple(variantes), partage)


def collisions(photos):
    """Les fichiers publiés que deux images demandent (« photo-480.jpg » de photo.jpg et une photo-480.jpg) :
    [(nom publié, image, autre image)] ; l'une écraserait l'autre dans le site."""
    proprietaires, trouvees = {}, []
    for photo in photos:
        for f in photo.fichiers:
            autre = proprietaires.setdefault(f.nom, photo.nom)
            if autre != photo.nom:
                trouvees.append((f.nom, autre, photo.nom))
    return trouvees


# --- Le HTML des pages ---------------------------------------------------------------------------------


def _srcset(fichiers, prefixe):
    return ", ".join(f"{prefixe}{f.nom} {f.largeur}w" for f in fichiers)


def balise(photo, alt, prefixe="/images/", premiere=False, autres_attributs=""):
    """Le HTML d'une image dans une page : <picture> avec sa source WebP, et une <img> de repli.

    `width`/`height` (celles de l'original) réservent la place : rien ne bouge quand l'image arrive
    (site.css : img { max-width: 100%; height: auto }). Toutes les images sauf la première de la page
    attendent d'approcher de l'écran (loading="lazy") ; la première est souvent dans le premier écran.
    """
    originales = [v for v in photo.variantes if v.extension != "webp"] or list(photo.variantes)
    webp = [v for v in photo.variantes if v.extension == "webp"]
    repli = next((v for v in originales if v.largeur >= 720), originales[-1])
    chargement = 'decoding="async"' if premiere else 'loading="lazy" decoding="async"'
    sources = ""
    if any(v.extension != "webp" for v in photo.variantes):
        sources = f'<source type="image/webp" srcset="{_srcset(webp, prefixe)}" sizes="{TAILLES}">'
    return (
        f'<picture>{sources}<img src="{prefixe}{repli.nom}" srcset="{_srcset(originales, prefixe)}" '
        f'sizes="{TAILLES}" width="{photo.original.largeur}" height="{photo.original.hauteur}" '
        f'alt="{html.escape(alt)}"{autres_attributs} {chargement}></picture>'
    )


_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTRIBUT = re.compile(r'([\w:-]+)\s*=\s*("[^"]*"|\'[^\']*\'|[^\s>"\']+)')


def _attributs(balise_img):
    return {nom.lower(): html.unescape(valeur.strip("\"'")) for nom, valeur in _ATTRIBUT.findall(balise_img)}


# « {static}/images/x.png » ou « {static}../images/x.png » (syntaxe de Pelican) : l'image /images/x.png.
_PELICAN = re.compile(r"^\{(?:static|attach)\}(?:/|\.\./)?(?=images/)")


def nom_d_image(src, sites=()):
    """« /images/manif/photo.jpg » (ou https://tousmigrants.org/images/…) -> « manif/photo.jpg », sinon None."""
    src = _PELICAN.sub("/", src)
    for site in sites:
        if site and src.startswith(site.rstrip("/") + "/"):
            src = src[len(site.rstrip("/")):]
    if not src.startswith("/images/"):
        return None
    return unquote(src.split("#", 1)[0].split("?", 1)[0][len("/images/"):])


def remplacer_images(contenu, photos, prefixe="/images/", sites=()):
    """Le HTML d'un document dont chaque <img> d'une image du site devient sa <picture> ; et la première photo.

    Renvoie (html, (Photo, texte alternatif) de la première image, ou None). Les autres attributs écrits (title, class, id)
    sont gardés ; width, height, loading, src viennent de l'image elle-même.
    """
    premiere = []

    def remplacer(trouve):
        attributs = _attributs(trouve.group())
        photo = photos.get(nom_d_image(attributs.get("src", ""), sites) or "")
        if photo is None:
            return trouve.group()
        gardes = "".join(f' {n}="{html.escape(v)}"' for n, v in attributs.items()
                         if n in ("title", "class", "id", "lang", "dir"))
        texte = balise(photo, attributs.get("alt", ""), prefixe, premiere=not premiere, autres_attributs=gardes)
        premiere.append((photo, attributs.get("alt", "")))
        return texte

    resultat = _IMG.sub(remplacer, contenu)
    return resultat, (premiere[0] if premiere else None)
