"""Les adresses de l'ancien site (tousmigrants.weebly.com) mènent aux pages du nouveau."""

def register():
    # Le branchement dans Pelican n'est importé que par Pelican : importer ce paquet (ou son cœur pur) ne
    # charge pas Pelican.
    from .pelican_wiring import register as brancher

    brancher()
