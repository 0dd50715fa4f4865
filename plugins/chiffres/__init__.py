"""Les chiffres en graphiques (SVG écrits au build) et en données (/chiffres/, .csv, .json)."""

from .pelican_wiring import register  # noqa: F401
