"""Les lettres d'information, prêtes à envoyer par courriel (lettre.eml et lettre-email.html)."""

from .pelican_wiring import register  # noqa: F401
