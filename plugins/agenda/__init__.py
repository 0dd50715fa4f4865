"""L'agenda : les prochaines actions, sur /agenda/, en calendrier à suivre et sur la page d'accueil."""

from .pelican_wiring import register  # noqa: F401
