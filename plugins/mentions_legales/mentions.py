"""Pur : les mentions légales que la loi exige d'un site édité par une personne morale, et celles qui manquent.

L'article 6 de la loi n° 2004-575 du 21 juin 2004 (LCEN) demande à l'éditeur d'un site de donner au
public sa dénomination, son siège, son numéro de téléphone, le nom du directeur ou de la directrice de
la publication, et le nom, l'adresse et le numéro de téléphone de son hébergeur. Seule l'association
peut donner son téléphone et le nom d'une personne : rien ici n'est deviné. Une valeur vide dans les
réglages s'affiche « À compléter par l'association » et fait avertir chaque build.
"""

from dataclasses import dataclass

# Le gabarit de la page qui porte les mentions légales (champ `template` de la page).
GABARIT = "mentions-legales"

# (réglage, libellé sur la page, ce qui manque, dit dans l'avertissement), dans l'ordre de la page.
EDITEUR = (
    ("SITENAME", "Dénomination", "le nom de l'association"),
    ("ADRESSE_POSTALE", "Adresse", "l'adresse de l'association"),
    ("TELEPHONE_ASSOCIATION", "Téléphone", "le numéro de téléphone de l'association"),
    ("CONTACT_ASSOCIATION", "Courriel", "le courriel de l'association"),
)
DIRECTION = (
    ("DIRECTEUR_PUBLICATION", "Nom", "le nom du directeur ou de la directrice de la publication"),
)
HEBERGEUR = (
    ("HEBERGEUR_NOM", "Nom", "le nom de l'hébergeur"),
    ("HEBERGEUR_ADRESSE", "Adresse", "l'adresse de l'hébergeur"),
    ("HEBERGEUR_TELEPHONE", "Téléphone", "le numéro de téléphone de l'hébergeur"),
)


@dataclass(frozen=True)
class Mention:
    reglage: str
    libelle: str
    valeur: str  # vide : à compléter par l'association
    manque: str


@dataclass(frozen=True)
class Mentions:
    editeur: tuple
    direction: tuple
    hebergeur: tuple

    @property
    def manquantes(self):
        return tuple(m for m in (*self.editeur, *self.direction, *self.hebergeur) if not m.valeur)


def _mentions(reglages, champs):
    return tuple(Mention(cle, libelle, str(reglages.get(cle) or "").strip(), manque) for cle, libelle, manque in champs)


def mentions(reglages):
    """Les mentions légales lues dans les réglages (un dict), vides comprises."""
    return Mentions(_mentions(reglages, EDITEUR), _mentions(reglages, DIRECTION), _mentions(reglages, HEBERGEUR))


def avertissement(manquantes, page):
    """Une ligne, en français : ce qui manque, où le donner, et ce que la page montre en attendant."""
    return (f"Mentions légales incomplètes ({page}) : il manque {', '.join(m.manque for m in manquantes)}, "
            "exigés par l'article 6 de la LCEN ; à donner dans pelicanconf.py "
            f"({', '.join(m.reglage for m in manquantes)}). En attendant, la page affiche « À compléter par l'association ».")
