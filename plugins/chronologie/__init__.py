"""La chronologie pour les rédactions : /chronologie/, ses pages filtrées et ses exports."""

from .pelican_wiring import register  # noqa: F401
