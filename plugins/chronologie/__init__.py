"""La chronologie pour les rédactions : /chronologie/, ses pages filtrées et ses exports."""

# Ce que cette capacité écrit hors des pages de documents : le contrat le réserve (regles.Sorties).
SORTIES = ("chronologie/", "chronologie.json", "chronologie.csv", "chronologie.ics")


def register():
    # Le branchement dans Pelican n'est importé que par Pelican : importer ce paquet (ou son cœur pur) ne
    # charge pas Pelican.
    from .pelican_wiring import register as brancher

    brancher()
