"""Pur : ce que le site sait des fiches pratiques d'un build.

Lesquelles sont à vérifier (dernière vérification juridique trop ancienne), comment les grouper pour
l'index (par public, puis par thème). Tout part des enregistrements du contrat ; rien ici ne connaît Pelican.
"""

import datetime
import unicodedata
from dataclasses import dataclass

from contrat.dates import date_fr

# Groupes de repli : le contrat n'oblige ni à donner un public ni à donner un thème.
TOUS_PUBLICS = ("tous", "Tous publics")
AUTRES_THEMES = ("autres", "Autres sujets")


def fiches_de(records):
    return [r for r in records if r.type == "fiche"]


def limite_verification(jour, mois):
    """Le jour avant lequel une vérification est trop ancienne : `mois` mois avant `jour`.

    Le 31 mars moins un mois donne le 28 (ou 29) février : on garde le dernier jour du mois.
    """
    total = jour.year * 12 + (jour.month - 1) - mois
    annee, mois_limite = divmod(total, 12)
    mois_limite += 1
    suivant = datetime.date(annee + mois_limite // 12, mois_limite % 12 + 1, 1)
    dernier_jour = (suivant - datetime.timedelta(days=1)).day
    return datetime.date(annee, mois_limite, min(jour.day, dernier_jour))


def a_verifier(fiches, jour, mois):
    """Les fiches relues dont la dernière vérification juridique a plus de `mois` mois au `jour` du build.

    Une fiche que personne n'a relue (sans `verifiee_par`) n'est pas « à revérifier » : elle est en
    attente de sa première relecture (`en_attente_de_relecture`)."""
    limite = limite_verification(jour, mois)
    return [f for f in fiches if f.relu and f.verifiee_le < limite]


def en_attente_de_relecture(fiches):
    """Les fiches sans relecture juridique (`verifiee_par` absent), par titre."""
    return sorted((f for f in fiches if not f.relu), key=cle_de_titre)


def message_en_attente(fiches):
    """Une ligne, pour le pôle juridique : les fiches que personne n'a encore relues."""
    pluriel = "s" if len(fiches) > 1 else ""
    liste = " ; ".join(f"{f.title} ({f.source or f.slug})" for f in fiches)
    return (f"{len(fiches)} fiche{pluriel} pratique{pluriel} en attente de relecture juridique (sans « verifiee_par » "
            f"dans l'en-tête ; la page et le PDF disent « Relecture juridique en attente ») : {liste}")


def message_a_verifier(perimees, mois):
    """Une ligne, pour le pôle juridique : quelles fiches relire, et depuis quand elles ne l'ont pas été."""
    liste = " ; ".join(
        f"{f.title} ({f.source or f.slug}, vérifiée le {date_fr(f.verifiee_le)})"
        for f in sorted(perimees, key=lambda f: (f.verifiee_le, f.slug))
    )
    pluriel = "s" if len(perimees) > 1 else ""
    return (f"{len(perimees)} fiche{pluriel} pratique{pluriel} à vérifier (dernière vérification juridique "
            f"il y a plus de {mois} mois) : {liste}")


def cle_de_titre(fiche):
    # Ordre alphabétique français approché : « À la frontière » se range avec les A, sans casse.
    sans_accents = unicodedata.normalize("NFKD", fiche.title).encode("ascii", "ignore").decode()
    return (sans_accents.casefold(), fiche.slug)


@dataclass(frozen=True)
class Theme:
    cle: str
    libelle: str
    fiches: tuple


@dataclass(frozen=True)
class Groupe:
    """Les fiches d'un public, rangées par thème (dans l'ordre des réglages)."""

    cle: str
    libelle: str
    themes: tuple

    @property
    def nombre(self):
        return sum(len(t.fiches) for t in self.themes)


def groupes(fiches, publics, themes):
    """Par public (l'ordre de PUBLICS), puis par thème (l'ordre de THEMES_FICHES), fiches par titre.

    Une fiche qui vise plusieurs publics apparaît dans chacun : chacun trouve tout ce qui le concerne.
    Les groupes vides sont omis.
    """
    ordre_publics = [*publics.items(), TOUS_PUBLICS]
    ordre_themes = [*themes.items(), AUTRES_THEMES]
    resultat = []
    for cle_public, libelle_public in ordre_publics:
        du_public = [
            f for f in fiches
            if cle_public in f.public or (cle_public == TOUS_PUBLICS[0] and not set(f.public) & set(publics))
        ]
        par_theme = []
        for cle_theme, libelle_theme in ordre_themes:
            du_theme = [
                f for f in du_public
                if f.theme == cle_theme or (cle_theme == AUTRES_THEMES[0] and f.theme not in themes)
            ]
            if du_theme:
                par_theme.append(Theme(cle_theme, libelle_theme, tuple(sorted(du_theme, key=cle_de_titre))))
        if par_theme:
            resultat.append(Groupe(cle_public, libelle_public, tuple(par_theme)))
    return resultat
