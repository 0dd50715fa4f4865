"""Les flux Atom du site, tous d'une seule façon (pas un plugin : un module commun).

Dans le contrat, le résumé (« En bref », `summary`) est du texte. Pelican l'écrit dans
`<summary type="html">` : un `<b>` ou un `&` écrit dans un résumé devenait du HTML chez le lecteur du
flux (et un `<script>` y serait exécuté par les lecteurs qui n'assainissent pas). Ici le résumé
de chaque entrée est écrit `type="text"` : le lecteur affiche exactement le texte écrit. Les flux de
Pelican passent par `contrat.pelican_compat.Ecrivain`, celui de la chronologie directement par `FluxAtom`.
"""

import feedgenerator
from markupsafe import Markup


class FluxAtom(feedgenerator.Atom1Feed):
    """Atom 1.0, avec un résumé en texte brut ; le contenu (`content`) reste du HTML vérifié."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        # L'ordre des éléments d'une entrée Atom est libre : le résumé vient après les autres.
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def resume_en_texte(document):
    """Le résumé d'un document de Pelican, en texte : son « En bref » tel qu'écrit, ou, sans lui,
    le début de son texte (que Pelican coupe en HTML), sans les balises."""
    if "summary" in document.metadata:
        return document.metadata["summary"]
    return Markup(document.summary).striptags()
