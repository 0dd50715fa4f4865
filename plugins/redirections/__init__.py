"""Les adresses de l'ancien site (tousmigrants.weebly.com) mènent aux pages du nouveau."""

from .pelican_wiring import register  # noqa: F401
