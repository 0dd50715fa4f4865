"""Les lettres d'information, prêtes à envoyer par courriel (lettre.eml et lettre-email.html)."""

def register():
    # Le branchement dans Pelican n'est importé que par Pelican : importer ce paquet (ou son cœur pur) ne
    # charge pas Pelican.
    from .pelican_wiring import register as brancher

    brancher()
