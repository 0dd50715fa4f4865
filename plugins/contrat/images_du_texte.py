"""Les images écrites dans le texte d'un document : chacune a un vrai texte alternatif, et son fichier est
dans content/images/.

Pur : le texte Markdown du corps, la liste des fichiers de content/images/ et l'adresse du site en entrée ;
des (ligne, message) en sortie. Une seule règle, pour `make check` comme pour le build.

Pourquoi refuser :
- sans texte alternatif, une personne aveugle entend « image » et rien d'autre ; un nom de fichier
  (« IMG_1234.jpg ») n'en dit pas plus ;
- une image d'un autre site ferait appeler cet autre site par chaque lecteur (la politique de sécurité
  des pages la bloque : img-src 'self') ;
- une image absente laisse un trou dans la page, le PDF et la lettre.
"""

import os
import re
from urllib.parse import unquote, urlsplit

# ![texte](adresse "titre") ; ![texte][ref] avec [ref]: adresse ; <img … src="…" alt="…">
_EN_LIGNE = re.compile(r"!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\(\s*<?(?P<src>[^\s)>]*)>?(?:\s+[\"'(][^)]*)?\s*\)")
_REFERENCE = re.compile(r"!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\s?\[(?P<ref>[^\]]*)\]")
_DEFINITION = re.compile(r"^ {0,3}\[(?P<ref>[^\]]+)\]:\s*<?(?P<src>\S+?)>?(?:\s+.*)?$")
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTRIBUT = re.compile(r'([\w:-]+)\s*=\s*("[^"]*"|\'[^\']*\'|[^\s>"\']+)')
_CLOTURE = re.compile(r"^ {0,3}(```|~~~)")
# Un texte qui n'est qu'un nom de fichier ou le nom que l'appareil donne : « IMG_1234 », « DSC0042.JPG ».
_NOM_DE_FICHIER = re.compile(r"^\S+\.(jpe?g|png|gif|webp|heic|heif|tiff?|bmp|svg)$"
                             r"|^(img|dsc|dscn|dcim|pxl|p|photo|image|screenshot|capture)[\s_-]?\d+$", re.I)
# La syntaxe de Pelican pour un fichier de content/ : « {static}/images/x.png » ou, depuis le dossier du
# document, « {static}../images/x.png ». Elle désigne la même image que « /images/x.png ».
_PELICAN = re.compile(r"^\{(?:static|attach)\}(?:/|\.\./)?(?=images/)")
EXEMPLE = "![Des bénévoles distribuent des couvertures au col de Montgenèvre](/images/maraude-2020.jpg)"


def _ne_decrit_rien(alt, src):
    texte = alt.strip()
    if not texte:
        return "sans texte alternatif"
    nom = unquote(src.rsplit("/", 1)[-1])
    racine = nom.rsplit(".", 1)[0]
    if _NOM_DE_FICHIER.match(texte) or texte.casefold() in (nom.casefold(), racine.casefold()):
        return f"dont le texte alternatif est un nom de fichier (« {texte[:60]} »)"
    return None


def _probleme_d_adresse(src, fichiers, site):
    """Ce qui ne va pas dans l'adresse d'une image, ou None."""
    if src.lower().startswith("data:"):
        return "écrite dans le texte (data:) ; mettez le fichier dans content/images/ et écrivez /images/son-nom.jpg"
    src = _PELICAN.sub("/", src)
    parties = urlsplit(src)
    chemin = parties.path
    if parties.scheme or src.startswith("//"):
        hote_du_site = urlsplit(site).hostname if site else None
        if parties.scheme not in ("http", "https") or not hote_du_site or parties.hostname != hote_du_site:
            return (f"d'un autre site ({parties.hostname or src[:60]}) : la page la ferait charger à chaque lecteur "
                    "par cet autre site, et le site ne l'affiche pas ; enregistrez-la dans content/images/ "
                    "(si vous avez le droit de la publier) et écrivez /images/son-nom.jpg")
    if not chemin.startswith("/images/"):
        return (f"à l'adresse « {src[:80]} » ; une image du site s'écrit /images/son-nom.jpg, "
                "avec son fichier dans content/images/")
    nom = unquote(chemin[len("/images/"):])
    if nom not in fichiers:
        return f"introuvable : content/images/{nom} n'existe pas (vérifiez le nom, majuscules comprises)"
    return None


def problemes(corps, fichiers, site="", premiere_ligne=1):
    """Les images fautives d'un corps Markdown : [(numéro de ligne dans le fichier, message)].

    `fichiers` : les noms des fichiers de content/images/ (relatifs, avec « / ») ; `site` : l'adresse du
    site publié (https://tousmigrants.org/images/x.jpg est une image du site) ; `premiere_ligne` : le
    numéro, dans le fichier, de la première ligne du corps.
    """
    # Toute image s'écrit « ![ » ou <img : un texte qui n'a ni l'un ni l'autre (la plupart) n'en a aucune.
    if "![" not in corps and not ("<" in corps and _IMG.search(corps)):
        return []
    lignes = corps.split("\n")
    definitions = {}
    for ligne in lignes:
        trouve = _DEFINITION.match(ligne)
        if trouve:
            definitions.setdefault(trouve["ref"].strip().casefold(), trouve["src"])
    trouves = []
    dans_du_code = False
    for i, ligne in enumerate(lignes):
        if _CLOTURE.match(ligne):
            dans_du_code = not dans_du_code
            continue
        if dans_du_code or ligne.startswith(("    ", "\t")) and not ligne.strip().startswith(("!", "<")):
            continue
        images = [(m["alt"], m["src"]) for m in _EN_LIGNE.finditer(ligne)]
        for m in _REFERENCE.finditer(ligne):
            ref = (m["ref"] or m["alt"]).strip().casefold()
            images.append((m["alt"], definitions.get(ref, "")))
        for balise in _IMG.findall(ligne):
            attributs = {n.lower(): v.strip("\"'") for n, v in _ATTRIBUT.findall(balise)}
            images.append((attributs.get("alt", ""), attributs.get("src", "")))
        for alt, src in images:
            alt = re.sub(r"\\(.)", r"\1", alt)
            adresse = _probleme_d_adresse(src, fichiers, site)
            if adresse:
                trouves.append((premiere_ligne + i, f"image {adresse}"))
            description = _ne_decrit_rien(alt, src)
            if description:
                trouves.append((premiere_ligne + i, (
                    f"image {description} ; décrivez ce qu'elle montre, pour qui ne la voit pas, entre les "
                    f"crochets : {EXEMPLE}")))
    return trouves


def fichiers_images(racine_images):
    """Les noms des fichiers de content/images/ (relatifs, avec « / »), sans les fichiers cachés."""
    noms = set()
    for repertoire, dossiers, fichiers in os.walk(racine_images):
        dossiers[:] = [d for d in dossiers if not d.startswith(".")]
        for nom in fichiers:
            if not nom.startswith("."):
                noms.add(os.path.relpath(os.path.join(repertoire, nom), racine_images).replace(os.sep, "/"))
    return frozenset(noms)
