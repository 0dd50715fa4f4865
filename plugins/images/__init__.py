"""Images : variantes légères, sans métadonnées (ni GPS, ni appareil), image de partage par document."""

# Ce que cette capacité écrit hors des pages de documents : le contrat le réserve (regles.Sorties).
SORTIES = ("images/",)


def register():
    # Le branchement dans Pelican n'est importé que par Pelican : importer ce paquet (ou son cœur pur) ne
    # charge pas Pelican.
    from .pelican_wiring import register as brancher

    brancher()
