"""L'agenda : les actions annoncées, de la plus proche à la plus lointaine.

Pur : des enregistrements du contrat et le jour du build en entrée. Une action y reste jusqu'à son
dernier jour inclus ; dès le lendemain, sans qu'on touche au fichier, elle n'est plus que dans la
chronologie (qui la prend, elle, dès son premier jour : une action en cours est dans les deux).
"""

import calendrier
from contrat.dates import cle_de_tri

PROCHAINS = 3  # rendez-vous montrés sur la page d'accueil


def a_venir(records, jour):
    """Les actions dont le dernier jour est aujourd'hui ou plus tard, la plus proche d'abord
    (le même jour : sans heure d'abord, puis par heure ; dans un mois, ce qui n'est annoncé qu'au mois
    d'abord). Une action annoncée au mois près y reste jusqu'au dernier jour du mois (`Record.fin`) ;
    elle est sur la page, pas dans agenda.ics, qui ne tient que les dates sûres au jour près."""
    return sorted(
        (r for r in records if r.type == "action" and r.fin >= jour),
        key=lambda r: (cle_de_tri(r.date, r.precision), r.heure or "", r.slug),
    )


def en_cours(record, jour):
    """Commencée mais pas finie au jour donné."""
    return record.date < jour <= record.fin


def ics(actions, base, domaine):
    """Le calendrier à suivre depuis un téléphone : à l'heure de Paris quand l'action en donne une."""
    return calendrier.calendrier(
        actions,
        nom="Agenda",
        description="Les prochains rendez-vous de Tous Migrants, à Briançon et ailleurs",
        base=base,
        domaine=domaine,
        avec_heure=True,
    )
