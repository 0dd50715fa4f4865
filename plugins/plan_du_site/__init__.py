"""Plan du site (sitemap.xml) de toutes les pages HTML écrites pendant le build."""

from .pelican_wiring import register  # noqa: F401
