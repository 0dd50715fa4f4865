"""Le texte brut d'un courriel, tiré de son HTML : lisible seul, comme une lettre tapée à la machine.

Pur (bibliothèque standard seulement). Titres soulignés (= puis -), listes à tirets, paragraphes
coupés vers 72 colonnes, liens en notes numérotées [1] dont les adresses viennent à la fin.

Pourquoi pas html2text (PyPI) : il écrit du Markdown (liens `[texte](url)`, titres `## `, gras
`**`), ce qui se lit mal dans un client de courrier, et il ne souligne pas les titres. Ce qu'il faut
ici tient en une centaine de lignes sur html.parser.
"""

import re
import textwrap
from html.parser import HTMLParser

LARGEUR = 72

# Chaque élément de ce type commence un nouveau bloc de texte.
BLOCS = {
    "address", "article", "blockquote", "body", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
    "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
# Ce qui ne se lit pas : métadonnées, styles, scripts.
IGNORES = {"head", "script", "style", "template", "title"}
TITRES = {"h1": "=", "h2": "-", "h3": "-", "h4": "-", "h5": "-", "h6": "-"}
# Seuls les blancs ASCII se fusionnent : l'espace insécable reste insécable.
BLANCS = re.compile(r"[ \t\n\r\f\v]+")
# Attache l'appel de note au mot qui précède : « communiqué [1] » ne se coupe pas en fin de ligne.
INSECABLE = "\u00a0"
# Un <br> : distinct des retours à la ligne du source HTML, qui ne sont que des espaces.
SAUT = "\u2028"


class _Bloc:
    def __init__(self, texte, genre="p", marque="", retrait="", serre=False):
        self.texte = texte
        self.genre = genre  # p, h1…h6, pre, hr
        self.marque = marque  # « - » ou « 1. » pour le premier bloc d'un élément de liste
        self.retrait = retrait  # listes imbriquées, citations
        self.serre = serre  # les éléments d'une même liste se suivent sans ligne vide


class _Lecteur(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocs = []
        self.morceaux = []  # le texte du bloc en cours
        self.liens = []  # adresses des notes, dans l'ordre du premier appel
        self.ouverts = []  # pour chaque <a> ouvert : (adresse, position dans morceaux)
        self.listes = []  # pour chaque liste ouverte : [genre, compteur]
        self.elements = []  # pour chaque élément de liste ouvert : la largeur de sa marque
        self.marque = ""  # en attente du premier bloc de l'élément de liste
        self.citations = 0
        self.ignore = 0
        self.pre = 0
        self.titre = None

    # --- blocs ---
    def _retrait(self):
        # Le texte d'un élément de liste s'aligne après sa marque ; la marque, elle, après celles
        # des listes qui l'entourent.
        largeurs = self.elements[:-1] if self.marque else self.elements
        return " " * sum(largeurs) + "    " * self.citations

    def _vider(self):
        brut = "".join(self.morceaux)
        self.morceaux = []
        if self.pre:
            texte = brut.replace(SAUT, "\n").strip("\n")
        else:
            texte = "\n".join(BLANCS.sub(" ", ligne).strip() for ligne in brut.split(SAUT)).strip()
        if not texte:
            return
        dans_liste = bool(self.listes)
        self.blocs.append(
            _Bloc(texte, self.titre or ("pre" if self.pre else "p"), self.marque, self._retrait(), serre=dans_liste)
        )
        self.marque = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in IGNORES:
            self.ignore += 1
            return
        if self.ignore:
            return
        if tag in BLOCS:
            self._vider()
        if tag in TITRES:
            self.titre = tag
        elif tag in ("ul", "ol"):
            self.listes.append([tag, 0])
        elif tag == "li" and self.listes:
            liste = self.listes[-1]
            liste[1] += 1
            self.marque = "- " if liste[0] == "ul" else f"{liste[1]}. "
            self.elements.append(len(self.marque))
        elif tag == "blockquote":
            self.citations += 1
        elif tag == "pre":
            self.pre += 1
        elif tag == "hr":
            self.blocs.append(_Bloc("* * *", "hr", retrait=self._retrait()))
        elif tag == "br":
            self.morceaux.append(SAUT)
        elif tag == "a":
            self.ouverts.append((attrs.get("href") or "", len(self.morceaux)))
        elif tag == "img" and attrs.get("alt"):
            self.morceaux.append(f"[{attrs['alt']}]")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "img"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in IGNORES:
            self.ignore = max(self.ignore - 1, 0)
            return
        if self.ignore:
            return
        if tag == "a" and self.ouverts:
            adresse, debut = self.ouverts.pop()
            self._appel_de_note(adresse, BLANCS.sub(" ", "".join(self.morceaux[debut:])).strip())
        if tag in BLOCS:
            self._vider()
        if tag in TITRES:
            self.titre = None
        elif tag in ("ul", "ol") and self.listes:
            self.listes.pop()
        elif tag == "li" and self.elements:
            self.elements.pop()
            self.marque = ""  # un élément vide ne laisse pas sa marque au bloc suivant
        elif tag == "blockquote":
            self.citations = max(self.citations - 1, 0)
        elif tag == "pre":
            self.pre = max(self.pre - 1, 0)

    def handle_data(self, data):
        if not self.ignore:
            self.morceaux.append(data)

    def _appel_de_note(self, adresse, texte_du_lien):
        # Une ancre interne ne mène nulle part hors du HTML ; un lien dont le texte est déjà
        # l'adresse n'a pas besoin de note.
        if not adresse or adresse.startswith("#"):
            return
        if texte_du_lien in (adresse, adresse.removeprefix("mailto:")):
            return
        if adresse not in self.liens:
            self.liens.append(adresse)
        self.morceaux.append(f"{INSECABLE}[{self.liens.index(adresse) + 1}]")


def _rendre(bloc, largeur):
    if bloc.genre == "pre":
        return "\n".join(bloc.retrait + ligne for ligne in bloc.texte.split("\n"))
    if bloc.genre == "hr":
        return bloc.retrait + bloc.texte
    suite = bloc.retrait + " " * len(bloc.marque)
    lignes = []
    for i, ligne in enumerate(bloc.texte.split("\n")):  # les <br> forcent un retour à la ligne
        debut = bloc.retrait + bloc.marque if i == 0 else suite
        lignes.extend(
            textwrap.wrap(ligne, largeur, initial_indent=debut, subsequent_indent=suite,
                          break_long_words=False, break_on_hyphens=False) or [debut.rstrip()]
        )
    if bloc.genre in TITRES:
        lignes.append(TITRES[bloc.genre] * max(len(ligne) for ligne in lignes))
    return "\n".join(lignes)


def html_vers_texte(html, largeur=LARGEUR):
    """Le texte brut d'un document HTML, suivi de la liste numérotée des adresses de ses liens."""
    lecteur = _Lecteur()
    lecteur.feed(html)
    lecteur.close()
    lecteur._vider()
    morceaux = []
    precedent = None
    for bloc in lecteur.blocs:
        if precedent is not None:
            morceaux.append("\n" if precedent.serre and bloc.serre else "\n\n")
        morceaux.append(_rendre(bloc, largeur))
        precedent = bloc
    texte = "".join(morceaux)
    if lecteur.liens:
        texte += "\n\n" + "\n".join(f"[{n}] {adresse}" for n, adresse in enumerate(lecteur.liens, 1))
    return texte + "\n"
