"""Ce que le HTML d'un texte devient sur papier : QR code, ancres uniques dans un recueil, liens complets.

La première moitié de l'unique chemin vers un PDF du site (fiches, traductions, et ce qui viendra) ; la
seconde est rendu_pdf (WeasyPrint, récupérateur), avec le cache des PDF (caches.CachePdf). Dans le contrat :
une capacité n'importe pas une autre capacité.

Sans Pelican ni WeasyPrint : du HTML en entrée, du HTML en sortie.
"""

import re

import segno


def qr_svg(adresse):
    """Le QR code d'une adresse, en SVG à insérer dans le HTML (taille fixée par la feuille de style)."""
    return segno.make(adresse, error="m", micro=False).svg_inline(
        border=2, omitsize=True, svgclass=None, lineclass=None, title=adresse
    )


_ID = re.compile(r'(?<![\w-])(id|href)="(#?)([^"]*)"')


def prefixer_ancres(html, prefixe):
    """Préfixe les id d'un contenu et ses liens internes (#…) : le recueil réunit plusieurs fiches
    dont les intertitres ont les mêmes id (« ce-que-dit-la-loi »), et une ancre doit être unique."""

    def remplacer(m):
        attribut, diese, valeur = m.groups()
        if attribut == "id":
            return f'id="{prefixe}{valeur}"'
        if diese:
            return f'href="#{prefixe}{valeur}"'
        return m.group(0)

    return _ID.sub(remplacer, html)


_RACINE = re.compile(r'(?<![\w-])(href|src)="/(?!/)')


def absolutiser(html, site):
    """Les liens « /fiches-pratiques/… » deviennent « https://tousmigrants.org/fiches-pratiques/… ».

    Sur papier, seul un lien complet a un sens ; et le HTML (donc l'empreinte du PDF) est le même que
    le site soit construit pour l'aperçu (liens relatifs) ou pour la publication (liens absolus).
    """
    return _RACINE.sub(lambda m: f'{m.group(1)}="{site.rstrip("/")}/', html)
