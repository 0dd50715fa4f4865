"""Branchement des mentions légales dans Pelican : leurs valeurs pour le gabarit, et l'avertissement du build."""

import logging

import contrat
from pelican import signals

from . import mentions

logger = logging.getLogger(__name__)


def preparer(generators):
    # Tout est lu, rien n'est écrit : la page des mentions légales trouvera MENTIONS_LEGALES dans le contexte.
    context = generators[0].context
    legales = mentions.mentions(generators[0].settings)
    context["MENTIONS_LEGALES"] = legales
    # Seulement si une page porte les mentions légales : un site d'essai sans cette page ne dit rien.
    pages = [r for r in contrat.site_du_build(context).du_type("page") if r.template == mentions.GABARIT]
    if pages and legales.manquantes:
        logger.warning(mentions.avertissement(legales.manquantes, "content/" + pages[0].source))


def register():
    signals.all_generators_finalized.connect(preparer)
