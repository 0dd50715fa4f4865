"""Typographie française de tout ce que le site imprime : le HTML du Markdown et les champs de texte
de l'en-tête (titre, « En bref », lieu, partenaires), en une passe.

Pur. Une seule règle pour tout le site : le lecteur du contrat l'applique une fois au corps et aux champs
de texte, et tout ce qui les imprime ensuite (pages, flux Atom, lettres par courriel, PDF, exports de la
chronologie) reçoit le même texte. Apostrophe typographique, guillemets « » pour les guillemets droits, points de suspension,
tiret demi-cadratin entre espaces, et espaces insécables autour des guillemets et avant : ; ! ?
(sans elles, une ligne peut se couper entre « et le mot qui suit, ou avant un deux-points).
Seul le texte est touché, jamais l'intérieur des balises (adresses, attributs) ni le code.
Chaque règle est une expression régulière appliquée au document entier (le moteur C fait le travail) ;
`(?![^<>]*>)` écarte ce qui est à l'intérieur d'une balise. ~0,1 ms par document, contre ~0,9 ms pour
l'extension smarty de Markdown.
"""

import re

_HORS_BALISE = r"(?![^<>]*>)"


def _espace_avant(signe):
    # Avant ; ! ? une espace fine insécable, avant : et » une espace insécable (usage de l'Imprimerie nationale).
    return ("\u202f" if signe.group(1) in ";!?" else "\u00a0") + signe.group(1)


# Chaque motif commence par un caractère fixe quand c'est possible : le moteur saute alors directement
# d'une occurrence à l'autre au lieu d'essayer chaque position (l'apostrophe : 3 fois plus rapide).
_REGLES = tuple(
    (re.compile(motif + _HORS_BALISE), remplacement)
    for motif, remplacement in (
        (r"'(?<=\w')(?=\w)", "\u2019"),
        (r"&quot;", '"'),
        (r'"([^"<>]+)"', "« \\1 »"),
        (r"\.\.\.", "\u2026"),
        (r" -- | - ", " \u2013 "),
        (r"« +", "«\u00a0"),
        # Les espaces avant » : ; ! ? en une seule passe.
        (r" +(»|:(?=\s|<|$)|[;!?])", _espace_avant),
    )
)
# Ni le code, ni les scripts, ni les styles : leurs guillemets et apostrophes sont de la syntaxe.
_CODE = re.compile(r"(<(pre|code|script|style|textarea)\b.*?</\2>)", re.S)


_CODE_POSSIBLE = re.compile(r"<(pre|code|script|style|textarea)\b")


def _texte(html):
    for motif, remplacement in _REGLES:
        html = motif.sub(remplacement, html)
    return html


def typographie_francaise(html):
    """Le texte (HTML ou texte simple) avec la typographie française ; idempotent."""
    if not _CODE_POSSIBLE.search(html):
        return _texte(html)
    morceaux = _CODE.split(html)
    # split donne : texte, bloc de code, nom de balise, texte, … : seul le texte est retouché.
    return "".join(_texte(m) if i % 3 == 0 else (m if i % 3 == 1 else "") for i, m in enumerate(morceaux))


_APOSTROPHE = _REGLES[0]


def apostrophes(html):
    """Seulement l'apostrophe typographique (’), hors code : pour un texte dans une autre langue que le
    français (anglais, ou mots français cités dans une fiche en arabe), où les espaces insécables et les
    guillemets « » de la typographie française n'ont pas leur place."""
    motif, remplacement = _APOSTROPHE
    if not _CODE_POSSIBLE.search(html):
        return motif.sub(remplacement, html)
    morceaux = _CODE.split(html)
    return "".join(motif.sub(remplacement, m) if i % 3 == 0 else (m if i % 3 == 1 else "")
                   for i, m in enumerate(morceaux))


# Une expression, une instruction ou un commentaire Jinja : du code, pas du texte.
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# Un repère de remplacement sans lettre, ni guillemet, ni chevron : les règles passent à côté sans le toucher.
_REPERE = re.compile("\ue000(\\d+)\ue001")


def typographie_du_gabarit(source):
    """Le texte écrit dans un gabarit HTML (Jinja) avec la même typographie que le contenu.

    Appliqué une fois, à la compilation du gabarit : « L'association », « Presse : » écrits au clavier dans
    un gabarit sortent comme le reste du site. Les constructions Jinja sont mises de côté pendant la passe
    (elles contiennent des guillemets et des apostrophes de code), puis remises telles quelles.
    """
    morceaux = []

    def _de_cote(trouve):
        morceaux.append(trouve.group(0))
        return f"\ue000{len(morceaux) - 1}\ue001"

    texte = typographie_francaise(_JINJA.sub(_de_cote, source))
    return _REPERE.sub(lambda r: morceaux[int(r.group(1))], texte)


# L'ancien nom, gardé pour les appels existants.
espaces_insecables = typographie_francaise
