"""Le HTML permis dans le texte d'un document, vérifié par nh3 (le nettoyeur Ammonia, en Rust).

Pur : ni Pelican ni réglages. Un corps Markdown peut contenir du HTML brut, que Markdown recopie tel
quel : sans ce contrôle, un `<script>`, un `onerror=` ou un lien `javascript:` écrit dans un
communiqué s'exécuterait sur le site, dans les flux et dans les courriels — sur le même site que
/admin/, où vit le jeton GitHub d'une personne qui édite.

nh3 décide seul de ce qui reste : `nettoyer` renvoie le HTML qu'il produit (c'est lui qui est
publié), et `retraits` compare l'avant et l'après pour dire ce qu'il a enlevé — ce qui refuse le
build, avec le nom de la balise ou de l'attribut et ce qu'il faut écrire à la place.
"""

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# Ce que Markdown produit (extensions extra, toc, sane_lists), et ce qu'une personne qui écrit
# peut vouloir de plus. Rien qui lance un script, charge une ressource d'ailleurs ou change la mise en page.
BALISES = frozenset({
    # Markdown
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "code", "pre", "blockquote",
    "hr", "br", "img", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "dl", "dt", "dd",
    "abbr", "sup", "div",  # abréviations et notes de bas de page (extension extra)
    # en plus, écrites à la main
    "sub", "figure", "figcaption", "details", "summary", "caption", "span", "small", "mark", "del", "ins",
    "s", "q", "cite", "kbd", "b", "i",
})
ATTRIBUTS = {
    # id : ancres des intertitres et des notes ; lang, dir : une citation en anglais, en arabe…
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"align", "colspan", "rowspan"},  # align : colonnes alignées d'un tableau Markdown
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "details": {"open"},
}
# Les liens : le web, un courriel, un téléphone ; une adresse sans schéma (/…, ../…, #ancre) est une page du site.
# Une image d'un autre site passe ce contrôle, mais la politique de sécurité des pages (img-src 'self') ne
# la charge pas, et le build avertit pour une lettre : les images vont dans content/images/.
SCHEMAS = frozenset({"http", "https", "mailto", "tel"})


_NETTOYEUR = nh3.Cleaner(
    tags=set(BALISES),
    attributes={balise: set(noms) for balise, noms in ATTRIBUTS.items()},
    url_schemes=set(SCHEMAS),
    link_rel=None,  # rien d'ajouté : on veut le HTML de l'auteur, ou un refus
    strip_comments=False,
)


def nettoyer(html):
    """Le HTML que nh3 laisse passer (identique à l'entrée quand elle est permise)."""
    # html5ever écrit l'espace insécable en entité ; on garde le caractère, posé par la typographie.
    return _NETTOYEUR.clean(html).replace("&nbsp;", "\u00a0")


@dataclass(frozen=True)
class Retrait:
    """Une chose que nh3 a retirée : une balise (`attribut` None) ou un attribut d'une balise."""

    balise: str
    attribut: str | None = None
    valeur: str | None = None

    def message(self):
        if self.attribut is None:
            return _message_balise(self.balise)
        return _message_attribut(self.balise, self.attribut, self.valeur or "")

    def motifs(self):
        """Ce qu'on cherche dans le Markdown pour trouver la ligne, du plus précis au plus large."""
        if self.attribut is None:
            return [re.compile(rf"<{re.escape(self.balise)}\b", re.I)]
        motifs = []
        if self.valeur and len(self.valeur) > 2:
            motifs.append(re.compile(re.escape(self.valeur.strip()[:60])))
        motifs.append(re.compile(rf"\b{re.escape(self.attribut)}\s*=", re.I))
        return motifs


class _Elements(HTMLParser):
    """Les balises ouvrantes et leurs attributs, dans l'ordre."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, balise, attributs):
        self.elements.append((balise, tuple((nom, valeur or "") for nom, valeur in attributs)))


def _elements(html):
    lecteur = _Elements()
    lecteur.feed(html)
    lecteur.close()
    return lecteur.elements


def retraits(html, propre=None):
    """Ce que nh3 a retiré de `html` (liste vide : tout est permis). `propre` : nettoyer(html), s'il est déjà calculé."""
    propre = nettoyer(html) if propre is None else propre
    if propre == html:
        return []
    avant, apres = _elements(html), _elements(propre)
    balises = Counter(b for b, _ in avant) - Counter(b for b, _ in apres)
    attributs = Counter((b, n, v) for b, attrs in avant for n, v in attrs) - Counter(
        (b, n, v) for b, attrs in apres for n, v in attrs
    )
    trouves = [Retrait(b) for b in balises]
    trouves += [Retrait(b, n, v) for b, n, v in attributs if b not in balises]
    ordre = {}
    for i, (b, attrs) in enumerate(avant):
        ordre.setdefault((b, None), i)
        for n, _ in attrs:
            ordre.setdefault((b, n), i)
    return sorted(trouves, key=lambda r: ordre.get((r.balise, r.attribut), 0))


def ligne_dans(corps, retrait):
    """L'indice (à partir de 0) de la ligne du Markdown où est écrit ce qui a été retiré, ou None."""
    lignes = corps.split("\n")
    for motif in retrait.motifs():
        for i, ligne in enumerate(lignes):
            if motif.search(ligne):
                return i
    return None


# --- Les messages : ce qui est refusé, et ce qu'on écrit à la place --------------------------------

_PERMISES = "paragraphes, intertitres ##, listes, liens, images du site, tableaux, <abbr>, <sup>, <sub>, <br>, <figure>, <details>"
_CONSEILS = {
    "script": "aucun script ne peut venir d'un texte ; retirez-la",
    "noscript": "aucun script ne peut venir d'un texte ; retirez-la",
    "style": "la mise en forme vient de la feuille de style du site ; écrivez en Markdown (**gras**, *italique*, ## intertitre)",
    "link": "la mise en forme vient de la feuille de style du site ; retirez-la",
    "meta": "retirez-la : l'en-tête de la page est fait par le site",
    "base": "retirez-la : l'en-tête de la page est fait par le site",
    "iframe": "mettez plutôt un lien vers la page qui montre la vidéo ou le document : [Voir la vidéo](https://…)",
    "frame": "mettez plutôt un lien : [Voir le document](https://…)",
    "object": "mettez plutôt un lien vers le document : [Lire le document (PDF)](/images/document.pdf)",
    "embed": "mettez plutôt un lien vers le document : [Lire le document (PDF)](/images/document.pdf)",
    "video": "mettez plutôt un lien vers la vidéo : [Voir la vidéo](https://…)",
    "audio": "mettez plutôt un lien vers l'enregistrement : [Écouter](https://…)",
    "form": "mettez plutôt un lien vers le formulaire : [Remplir le formulaire](https://…)",
    "h1": "le titre du document (title) est déjà le titre de la page ; commencez les intertitres à ## ",
    "svg": "enregistrez l'image dans content/images/ et écrivez ![description](/images/nom.svg)",
    "font": "écrivez en Markdown (**gras**, *italique*) : l'apparence vient de la feuille de style du site",
    "center": "écrivez en Markdown : l'apparence vient de la feuille de style du site",
}
for _balise in ("input", "button", "select", "textarea", "option", "label", "fieldset"):
    _CONSEILS[_balise] = _CONSEILS["form"]


def _message_balise(balise):
    if balise in BALISES:
        return (f"la balise <{balise}> est mal placée (hors de la liste ou du tableau qui doit la contenir ?) ; "
                "vérifiez ce HTML, ou écrivez-le en Markdown")
    conseil = _CONSEILS.get(balise, f"écrivez en Markdown ; sont permis : {_PERMISES}")
    return f"la balise <{balise}> n'est pas permise dans le texte : {conseil}"


def _message_attribut(balise, attribut, valeur):
    if attribut.startswith("on"):
        return f"l'attribut « {attribut} » (sur <{balise}>) lance un script : retirez-le"
    if attribut == "style":
        return (f"l'attribut « style » (sur <{balise}>) n'est pas permis : l'apparence vient de la feuille de "
                "style du site ; écrivez en Markdown (**gras**, *italique*, ## intertitre)")
    if attribut == "src":
        return (f"l'image « {valeur[:80]} » n'est pas permise : une image est enregistrée dans content/images/ "
                "et s'écrit ![description](/images/nom.jpg)")
    if attribut == "href":
        return (f"l'adresse « {valeur[:80]} » n'est pas permise : un lien commence par https://, http://, "
                "mailto:, tel:, / (une page du site) ou # (une ancre)")
    permis = sorted(ATTRIBUTS.get(balise, set()) | ATTRIBUTS["*"])
    return f"l'attribut « {attribut} » n'est pas permis sur <{balise}> ; retirez-le (permis : {', '.join(permis)})"
