"""Fiches pratiques : PDF imprimables, dates de vérification, lecture hors ligne."""

from .pelican_wiring import register  # noqa: F401
