"""L'éditeur visuel (Decap CMS) servi à /admin/, configuré à chaque build depuis le contrat de contenu."""

# Ce que cette capacité écrit hors des pages de documents : le contrat le réserve (regles.Sorties).
SORTIES = ("admin/",)


def register():
    # Le branchement dans Pelican n'est importé que par Pelican : importer ce paquet (ou son cœur pur) ne
    # charge pas Pelican.
    from .pelican_wiring import register as brancher

    brancher()
