"""Les chiffres en graphiques (SVG écrits au build) et en données (/chiffres/, .csv, .json)."""

# Ce que cette capacité écrit hors des pages de documents : le contrat le réserve (regles.Sorties).
SORTIES = ("chiffres/", "chiffres.csv", "chiffres.json")


def register():
    # Le branchement dans Pelican n'est importé que par Pelican : importer ce paquet (ou son cœur pur) ne
    # charge pas Pelican.
    from .pelican_wiring import register as brancher

    brancher()
