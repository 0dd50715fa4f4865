"""L'enregistrement : ce que les capacités (rapports, chronologie, agenda, fiches…) savent d'un document.

Pur : construit à partir d'un dict de champs déjà vérifiés par le contrat. Aucune capacité ne relit
l'en-tête d'un fichier ; toutes partent de ces enregistrements.
"""

import datetime
from dataclasses import dataclass

from . import dates


def _jour(valeur):
    if isinstance(valeur, datetime.datetime):
        return valeur.date()
    return valeur


@dataclass(frozen=True)
class Record:
    type: str  # communique, lettre, fiche, action, page, publication
    slug: str
    title: str
    date: datetime.date
    url: str  # relative à la racine du site, sans / initial : « communiques/mineurs-a-la-rue/ »
    summary: str = ""
    date_fin: datetime.date | None = None
    precision: str = dates.JOUR  # jour, mois ou annee : ce que l'on sait de `date` et de `date_fin`
    origine: str = "original"  # reconstitue : le texte a été récrit d'après le rapport d'activité
    heure: str | None = None
    pole: str | None = None
    nature: str | None = None
    lieu: str | None = None
    partenaires: tuple = ()
    chiffres: tuple = ()  # paires (clé, nombre), dans l'ordre du fichier
    tags: tuple = ()
    suite_de: str | None = None
    numero: int | None = None
    modified: datetime.date | None = None
    verifiee_le: datetime.date | None = None
    verifiee_par: str | None = None  # qui a fait la relecture juridique d'une fiche ; sans elle, pas de date
    public: tuple = ()
    theme: str | None = None
    anciennes_urls: tuple = ()
    template: str | None = None  # le gabarit d'une page (« template: mentions-legales »), None pour page.html
    fichier: str | None = None  # publication : l'adresse de son PDF (« /fichiers/livret.pdf »), s'il est en ligne
    couverture: str | None = None  # publication : l'adresse de son image de couverture (« /images/… »)
    action: str | None = None  # publication : le slug de l'action qui la présente
    # Le chemin du fichier dans content/ (« communiques/x.md ») : la clé du document dans le site du build
    # (Site.par_source, Site.html_de) et le nom que les messages donnent.
    source: str = ""

    @property
    def fin(self):
        """Dernier jour de l'action (son jour unique si elle n'a pas de date de fin) ; au mois près, le
        dernier jour du mois : une action « en mars 2027 » reste annoncée jusqu'au 31 mars."""
        return dates.dernier_jour(self.date_fin or self.date, self.precision)

    @property
    def au_jour_pres(self):
        """Datée au jour près : seule une telle date va dans un calendrier (.ics)."""
        return self.precision == dates.JOUR

    @property
    def reconstitue(self):
        return self.origine == "reconstitue"

    @property
    def relu(self):
        """Une fiche relue par un juriste : elle dit qui et quand ; sinon, « relecture juridique en attente »."""
        return bool(self.verifiee_par and self.verifiee_le)

    @property
    def annee(self):
        """Une action à cheval sur deux années compte dans l'année où elle a commencé."""
        return self.date.year


def record_depuis(type_, meta, url, source=""):
    """Construit l'enregistrement d'un document à partir de ses champs vérifiés."""
    return Record(
        type=type_,
        slug=meta["slug"],
        title=str(meta["title"]),
        date=_jour(meta["date"]),
        url=url,
        summary=meta.get("summary") or "",
        date_fin=_jour(meta.get("date_fin")),
        precision=meta.get("precision") or dates.JOUR,
        origine=meta.get("origine") or "original",
        heure=meta.get("heure"),
        pole=meta.get("pole"),
        nature=meta.get("nature"),
        lieu=meta.get("lieu"),
        partenaires=tuple(meta.get("partenaires") or ()),
        chiffres=tuple((meta.get("chiffres") or {}).items()),
        tags=tuple(str(t) for t in meta.get("tags") or ()),
        suite_de=meta.get("suite_de"),
        numero=meta.get("numero"),
        modified=_jour(meta.get("modified")),
        verifiee_le=_jour(meta.get("verifiee_le")),
        verifiee_par=meta.get("verifiee_par"),
        public=tuple(meta.get("public") or ()),
        theme=meta.get("theme"),
        anciennes_urls=tuple(meta.get("anciennes_urls") or ()),
        template=meta.get("template"),
        fichier=meta.get("fichier"),
        couverture=meta.get("couverture"),
        action=meta.get("action"),
        source=source,
    )


@dataclass(frozen=True)
class Traduction:
    """Une traduction d'une fiche (content/traductions/<langue>/<slug>.md) ou la page d'accueil d'une langue
    (accueil.md : `slug` vide, sans version). `corps` : le Markdown, tel qu'écrit."""

    langue: str
    slug: str
    title: str
    summary: str
    corps: str
    source: str  # chemin du fichier, pour les messages
    version_fr: datetime.date | None = None
    relue_par: str | None = None

    @property
    def accueil(self):
        return not self.slug


def traduction_depuis(langue, slug, meta, corps, source):
    return Traduction(langue=langue, slug=slug, title=str(meta["title"]), summary=meta.get("summary") or "",
                      corps=corps, source=source, version_fr=_jour(meta.get("version_fr")),
                      relue_par=meta.get("relue_par"))


def aujourdhui(reglage=""):
    """La date du build, ou celle donnée par le réglage AUJOURDHUI (AAAA-MM-JJ) pour un build reproductible."""
    if reglage:
        return datetime.date.fromisoformat(str(reglage))
    return datetime.date.today()


def passes(records, jour):
    """Ce qui a eu lieu au jour donné : la chronologie et les rapports ne montrent que cela."""
    return [r for r in records if r.date <= jour]
