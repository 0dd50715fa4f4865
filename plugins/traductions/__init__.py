"""Les fiches pratiques dans les langues des personnes exilées (content/traductions/) : /<langue>/…"""

# Ce que cette capacité écrit hors des pages de documents : le contrat le réserve (regles.Sorties). Les
# dossiers des langues (/ar/, /en/…) viennent de LANGUES et sont réservés par le contrat lui-même.
SORTIES = ("traductions/",)


def register():
    # Le branchement dans Pelican n'est importé que par Pelican : importer ce paquet (ou son cœur pur) ne
    # charge pas Pelican.
    from .pelican_wiring import register as brancher

    brancher()
