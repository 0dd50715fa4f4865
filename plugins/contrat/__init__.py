"""Le contrat de contenu : champs, listes fermées, validation, et le site de chaque build (contrat.site)."""

from .site import site_du_build  # noqa: F401
from .verification import ContratInvalide, compte, liens_internes, valider  # noqa: F401


def register():
    # Le branchement dans Pelican n'est importé que par Pelican : importer le contrat (ou l'un de ses
    # modules purs) ne charge pas Pelican.
    from .pelican_wiring import register as brancher

    brancher()
