"""Typographie française du texte rendu, en une passe sur le HTML du Markdown.

Pur. Apostrophe typographique, guillemets « » pour les guillemets droits, points de suspension,
tiret demi-cadratin entre espaces, et espaces insécables autour des guillemets et avant : ; ! ?
(sans elles, une ligne peut se couper entre « et le mot qui suit, ou avant un deux-points).
Seul le texte est touché, jamais l'intérieur des balises (adresses, attributs) ni le code.
Chaque règle est une expression régulière appliquée au document entier (le moteur C fait le travail) ;
`(?![^<>]*>)` écarte ce qui est à l'intérieur d'une balise. ~0,1 ms par document, contre ~0,9 ms pour
l'extension smarty de Markdown.
"""

import re

_HORS_BALISE = r"(?![^<>]*>)"
_REGLES = tuple(
    (re.compile(motif + _HORS_BALISE), remplacement)
    for motif, remplacement in (
        (r"(?<=\w)'(?=\w)", "\u2019"),
        (r"&quot;", '"'),
        (r'"([^"<>]+)"', "« \\1 »"),
        (r"\.\.\.", "\u2026"),
        (r" -- | - ", " \u2013 "),
        (r"« +", "«\u00a0"),
        (r" +»", "\u00a0»"),
        (r" +:(?=\s|<|$)", "\u00a0:"),
        (r" +([;!?])", "\u202f\\1"),
    )
)
_CODE = re.compile(r"(<(pre|code)\b.*?</\2>)", re.S)


def _texte(html):
    for motif, remplacement in _REGLES:
        html = motif.sub(remplacement, html)
    return html


def espaces_insecables(html):
    if "<code" not in html and "<pre" not in html:
        return _texte(html)
    morceaux = _CODE.split(html)
    # split donne : texte, bloc de code, nom de balise, texte, … : seul le texte est retouché.
    return "".join(_texte(m) if i % 3 == 0 else (m if i % 3 == 1 else "") for i, m in enumerate(morceaux))
