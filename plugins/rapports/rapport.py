"""Le rapport d'activité d'une année, calculé à partir des enregistrements publiés.

Pur : ni Pelican ni réglages. Les enregistrements sont des objets à attributs (type, date, date_fin,
title, url, summary, pole, nature, lieu, partenaires, chiffres…), en pratique les `Record` du
contrat ; les listes fermées (pôles, natures, chiffres) arrivent sous forme de dict ordonnés, et
leur ordre est celui du rapport.

La structure suit celle du rapport écrit à la main par l'association (2020) : les chiffres de
l'année, puis une section par pôle, les actions groupées par nature ; les communiqués vont avec le
plaidoyer, les lettres d'information avec la communication, et les actions juridiques se lisent
comme une chronologie.
"""

import re
from dataclasses import dataclass

from contrat.dates import cle_de_tri

# Ce qui n'est pas une action trouve sa place dans la section d'un pôle, comme dans le rapport de 2020.
POLE_COMMUNIQUES = "plaidoyer"
POLE_LETTRES = "communication"
POLE_FICHES = "juridique"
# Ce dont un rapport rend compte. Les pages du site (« L'association », « Mentions légales »…) n'y
# figurent pas : leur date est celle de leur rédaction, pas celle d'une activité.
TYPES_RAPPORTES = ("communique", "lettre", "fiche", "action")
# Ces pôles se lisent dans l'ordre des dates plutôt que par nature : une procédure en suit une autre.
POLES_CHRONOLOGIQUES = ("juridique",)


@dataclass(frozen=True)
class Chiffre:
    """Un total de l'année (« 192 personnes secourues »), avec celui de l'année d'avant s'il existe."""

    cle: str
    libelle: str
    total: int
    precedent: int | None = None  # total de l'année précédente pour la même clé


@dataclass(frozen=True)
class Groupe:
    """Les actions d'une même nature dans une section (« Tribunes », « Référés »…)."""

    nature: str
    libelle: str  # au pluriel
    actions: tuple


@dataclass(frozen=True)
class Section:
    """Ce qu'un pôle a fait dans l'année."""

    pole: str
    libelle: str
    groupes: tuple = ()  # actions par nature ; vide pour un pôle chronologique
    chronologie: tuple = ()  # actions dans l'ordre des dates, pour un pôle chronologique
    communiques: tuple = ()
    lettres: tuple = ()
    fiches: tuple = ()

    @property
    def actions(self):
        return self.chronologie or tuple(a for g in self.groupes for a in g.actions)


@dataclass(frozen=True)
class Rapport:
    """Le rapport d'activité d'une année."""

    annee: int
    communiques: tuple
    lettres: tuple
    fiches: tuple
    actions: tuple
    actions_par_pole: tuple  # (clé du pôle, libellé, nombre d'actions), pôles sans action omis
    chiffres: tuple  # de Chiffre, dans l'ordre de la liste des chiffres
    sections: tuple  # de Section, dans l'ordre des pôles ; les pôles sans rien à dire sont omis
    dernier_jour: object  # date du document le plus récent de l'année
    precision_dernier_jour: str = "jour"  # sa précision : « jusqu'en décembre 2026 » s'il n'est daté qu'au mois

    @property
    def annee_precedente(self):
        return self.annee - 1


def _ordre(connus):
    """Clé de tri : l'ordre des listes fermées d'abord, puis tout inconnu par ordre alphabétique."""
    rang = {cle: i for i, cle in enumerate(connus)}
    return lambda cle: (rang.get(cle, len(rang)), cle or "")


def _chronologique(documents):
    # Les enregistrements du contrat arrivent déjà triés par date : ce tri ne coûte alors qu'un passage.
    # Dans un mois, ce qui n'est daté qu'au mois vient en tête (à l'année : en tête de l'année).
    return tuple(sorted(documents, key=lambda d: (
        cle_de_tri(d.date, d.precision), d.date_fin or d.date, d.title,
    )))


def _totaux(actions):
    totaux = {}
    for action in actions:
        for cle, nombre in action.chiffres:
            totaux[cle] = totaux.get(cle, 0) + nombre
    return totaux


def _section(pole, libelle, actions, natures, ordre_nature, par_type):
    if pole in POLES_CHRONOLOGIQUES:
        groupes, chronologie = (), actions
    else:
        par_nature = {}
        for action in actions:
            par_nature.setdefault(action.nature, []).append(action)
        groupes = tuple(
            Groupe(nature, natures[nature][1] if nature in natures else str(nature), tuple(liste))
            for nature, liste in sorted(par_nature.items(), key=lambda paire: ordre_nature(paire[0]))
        )
        chronologie = ()
    return Section(
        pole=pole,
        libelle=libelle,
        groupes=groupes,
        chronologie=chronologie,
        communiques=par_type["communique"] if pole == POLE_COMMUNIQUES else (),
        lettres=par_type["lettre"] if pole == POLE_LETTRES else (),
        fiches=par_type["fiche"] if pole == POLE_FICHES else (),
    )


def rapports_annuels(enregistrements, poles, natures, chiffres):
    """Un `Rapport` par année où au moins un document est daté, la plus récente d'abord.

    `enregistrements` : les documents publiés à prendre en compte (ni brouillon, ni futur : c'est à
    l'appelant de les écarter) ; seuls les types de TYPES_RAPPORTES comptent. Une action qui court
    sur deux années compte une fois, dans l'année où elle a commencé. `poles` : clé -> libellé ;
    `natures` : clé -> (singulier, pluriel) ; `chiffres` : clé -> libellé.

    Linéaire : un seul passage répartit les documents par année, puis chaque année ne travaille que
    sur les siens.
    """
    par_annee = {}
    for document in enregistrements:
        if document.type in TYPES_RAPPORTES:
            par_annee.setdefault(document.date.year, []).append(document)

    donnees = {}
    for annee, documents in par_annee.items():
        par_type = {type_: [] for type_ in TYPES_RAPPORTES}
        for document in _chronologique(documents):
            par_type[document.type].append(document)
        donnees[annee] = ({t: tuple(liste) for t, liste in par_type.items()}, documents)

    totaux = {annee: _totaux(par_type["action"]) for annee, (par_type, _) in donnees.items()}
    ordre_pole = _ordre(poles)
    ordre_chiffre = _ordre(chiffres)
    ordre_nature = _ordre(natures)

    rapports = []
    for annee in sorted(donnees, reverse=True):
        par_type, documents = donnees[annee]
        par_pole = {}
        for action in par_type["action"]:
            par_pole.setdefault(action.pole, []).append(action)
        # Les pôles qui ont des communiqués, des lettres ou des fiches à montrer ont leur section même sans action.
        for pole, type_ in ((POLE_COMMUNIQUES, "communique"), (POLE_LETTRES, "lettre"), (POLE_FICHES, "fiche")):
            if par_type[type_]:
                par_pole.setdefault(pole, [])
        poles_tries = sorted(par_pole, key=ordre_pole)

        annee_avant = totaux.get(annee - 1, {})
        # Le plus récent ; à date égale, celui qu'on connaît au jour près (« jusqu'au 1er décembre » est sûr).
        dernier = max(documents, key=lambda d: (d.date, d.precision == "jour"))
        rapports.append(Rapport(
            annee=annee,
            communiques=par_type["communique"],
            lettres=par_type["lettre"],
            fiches=par_type["fiche"],
            actions=par_type["action"],
            actions_par_pole=tuple(
                (pole, poles.get(pole, pole), len(par_pole[pole])) for pole in poles_tries if par_pole[pole]
            ),
            chiffres=tuple(
                Chiffre(cle, chiffres.get(cle, cle), total, annee_avant.get(cle))
                for cle, total in sorted(totaux[annee].items(), key=lambda paire: ordre_chiffre(paire[0]))
            ),
            sections=tuple(
                _section(pole, poles.get(pole, pole), tuple(par_pole[pole]), natures, ordre_nature, par_type)
                for pole in poles_tries
            ),
            dernier_jour=dernier.date,
            precision_dernier_jour=dernier.precision,
        ))
    return rapports


def annees_voisines(rapports, annee):
    """(l'année d'avant qui a un rapport, celle d'après), None s'il n'y en a pas : les liens « ← Rapport 2019 »
    et « Rapport 2021 → » de la page d'une année. Une année sans rapport (aucun document) est sautée."""
    avant = [r.annee for r in rapports if r.annee < annee]
    apres = [r.annee for r in rapports if r.annee > annee]
    return (max(avant) if avant else None), (min(apres) if apres else None)


def rapport_des_chiffres_cles(rapports):
    """Le rapport dont l'espace presse montre les chiffres clés : la dernière année qui a des actions (une
    année de seules fiches n'en a pas) ; None si aucune."""
    return max((r for r in rapports if r.actions), key=lambda r: r.annee, default=None)


_MARQUEUR_CONCLUSION = re.compile(r"<!--\s*conclusion\s*-->", re.IGNORECASE)


def separer_conclusion(html):
    """Le texte rédigé d'un rapport : (éditorial, conclusion). La conclusion suit la ligne `<!-- conclusion -->`."""
    avant, *apres = _MARQUEUR_CONCLUSION.split(html, maxsplit=1)
    return avant.strip(), (apres[0].strip() if apres else "")
