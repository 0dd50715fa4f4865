"""L'éditeur visuel (Decap CMS) servi à /admin/, configuré à chaque build depuis le contrat de contenu."""

from .pelican_wiring import register  # noqa: F401
