"""Mentions légales : ce que la loi exige (LCEN, art. 6), tiré des réglages, et signalé tant qu'il manque."""

from .pelican_wiring import register  # noqa: F401
