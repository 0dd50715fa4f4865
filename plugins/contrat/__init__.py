"""Le contrat de contenu : champs, listes fermées, validation, enregistrements."""

from .pelican_wiring import (  # noqa: F401
    ContratInvalide, aujourdhui, compte, enregistrements, liens_internes, register, valider,
)
