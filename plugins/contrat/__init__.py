"""Le contrat de contenu : champs, listes fermées, validation, enregistrements."""

from .pelican_wiring import ContratInvalide, aujourdhui, enregistrements, register, valider  # noqa: F401
