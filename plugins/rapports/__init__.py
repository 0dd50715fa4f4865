"""Rapports d'activité annuels, en HTML et en PDF, calculés à partir de ce qui est publié."""

from .pelican_wiring import register  # noqa: F401
