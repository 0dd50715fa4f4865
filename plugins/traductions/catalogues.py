"""Les catalogues de messages du thème (theme/translations/<langue>/LC_MESSAGES/messages.po), compilés à
chaque build, en mémoire : aucun .mo à tenir à jour dans le dépôt. Les msgid sont le texte français des
gabarits ; une langue sans catalogue (ou un message non traduit) garde le français."""

import gettext
import io
import os

from babel.messages import mofile, pofile


def _chemin(theme, langue):
    return os.path.join(theme, "translations", langue, "LC_MESSAGES", "messages.po")


def texte(theme, langue):
    """Le catalogue d'une langue tel qu'écrit (vide sans catalogue) : ce qui change quand ses messages changent."""
    chemin = _chemin(theme, langue)
    if not os.path.isfile(chemin):
        return ""
    with open(chemin, encoding="utf-8") as fichier:
        return fichier.read()


def charger(theme, langue):
    """Les traductions d'une langue (gettext.NullTranslations s'il n'y a pas de catalogue)."""
    chemin = _chemin(theme, langue)
    if not os.path.isfile(chemin):
        return gettext.NullTranslations()
    with open(chemin, "rb") as fichier:
        catalogue = pofile.read_po(fichier, locale=langue)
    binaire = io.BytesIO()
    mofile.write_mo(binaire, catalogue)
    binaire.seek(0)
    return gettext.GNUTranslations(binaire)
