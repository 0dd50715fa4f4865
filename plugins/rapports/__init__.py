"""Rapports d'activité annuels, en HTML et en PDF, calculés à partir de ce qui est publié."""

# Ce que cette capacité écrit hors des pages de documents : le contrat le réserve (regles.Sorties).
SORTIES = ("rapports/",)


def register():
    # Le branchement dans Pelican n'est importé que par Pelican : importer ce paquet (ou son cœur pur) ne
    # charge pas Pelican.
    from .pelican_wiring import register as brancher

    brancher()
