"""L'agenda : les prochaines actions, sur /agenda/, en calendrier à suivre et sur la page d'accueil."""

# Ce que cette capacité écrit hors des pages de documents : le contrat le réserve (regles.Sorties).
SORTIES = ("agenda/", "agenda.ics")


def register():
    # Le branchement dans Pelican n'est importé que par Pelican : importer ce paquet (ou son cœur pur) ne
    # charge pas Pelican.
    from .pelican_wiring import register as brancher

    brancher()
