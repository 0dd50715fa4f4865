"""Mentions légales : ce que la loi exige (LCEN, art. 6), tiré des réglages, et signalé tant qu'il manque."""

def register():
    # Le branchement dans Pelican n'est importé que par Pelican : importer ce paquet (ou son cœur pur) ne
    # charge pas Pelican.
    from .pelican_wiring import register as brancher

    brancher()
