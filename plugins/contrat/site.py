"""Le site d'un build : l'objet unique que le contrat donne aux capacités, une fois tout le contenu lu.

Pur et immuable (sauf `productions`, le registre de ce que les capacités fabriquent, rempli au fil du
build). Les capacités (agenda, chronologie, fiches, rapports…) ne lisent rien d'autre de
l'état de Pelican : ni les réglages comme canal (TM_…), ni les globales des gabarits, ni les articles.
Construit une fois par build (`contrat.pelican_wiring.preparer_site`, au signal page_generator_finalized),
rendu par `contrat.site_du_build(context)`.
"""

import datetime
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

from . import regles
from .productions import Productions


def _figer(dico):
    return MappingProxyType({cle: tuple(valeurs) for cle, valeurs in dico.items()})


@dataclass(frozen=True)
class Site:
    records: tuple  # tout ce qui est publié (ni brouillon ni page cachée), trié par (date, slug)
    aujourdhui: datetime.date  # le jour du build, ou le réglage AUJOURDHUI
    schema: regles.SchemaAdresses  # ARTICLE_URL, PAGE_URL : les adresses des documents
    sorties: regles.Sorties  # ce que les capacités déclarent écrire (SORTIES de leur paquet)
    version_css: str  # l'empreinte de la feuille de style, dans son adresse (site.css?v=…)
    liens_casses: tuple = ()  # les liens internes cassés (des `Probleme`), dits à la fin du build
    compte: str = ""  # « 116 documents », le même dans chaque commande
    # Les traductions des fiches et les pages d'accueil des langues (`records.Traduction`), vérifiées
    traductions: tuple = ()
    # {année: texte rédigé de content/rapports/AAAA.md}, lu une fois par le contrat (brouillons exclus)
    textes_rapports: Mapping = field(default_factory=lambda: MappingProxyType({}))
    # Les publications de content/publications/ (livrets, tracts…), triées par (date, slug) : des entrées de
    # /publications/, pas des pages ; elles ne sont pas dans `records` (ni chronologie, ni rapport, ni flux).
    publications: tuple = ()
    # Le HTML d'un document, par sa source ; à ne demander qu'une fois tout lu (liens {filename} résolus)
    html_de: Callable = field(default=None, repr=False, compare=False)
    # Le fichier écrit pour un document, par sa source : « lettres/lettre-12/index.html »
    fichier_de: Callable = field(default=None, repr=False, compare=False)
    # Ce que chaque capacité a produit pendant le build (contrat.productions) : la seule partie qui se remplit
    # après la construction, un produit nommé à la fois, par sa capacité déclarée ; le seul canal entre capacités.
    productions: Productions = field(default_factory=Productions, repr=False, compare=False)

    par_type: Mapping = field(init=False, repr=False, compare=False)
    par_source: Mapping = field(init=False, repr=False, compare=False)
    par_url: Mapping = field(init=False, repr=False, compare=False)
    actions_par_slug: Mapping = field(init=False, repr=False, compare=False)
    suites: Mapping = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        par_type, suites = {}, {}
        for r in self.records:
            par_type.setdefault(r.type, []).append(r)
            if r.suite_de:
                suites.setdefault(r.suite_de, []).append(r)
        fixe = object.__setattr__  # une fois, à la construction : l'objet est immuable ensuite
        fixe(self, "par_type", _figer(par_type))
        fixe(self, "par_source", MappingProxyType({r.source: r for r in self.records}))
        fixe(self, "par_url", MappingProxyType({r.url: r for r in self.records}))
        fixe(self, "actions_par_slug", MappingProxyType({r.slug: r for r in par_type.get("action", ())}))
        # « suite de … », « suites : … » : chaque action connaît celles qui la suivent, calculé une fois.
        fixe(self, "suites", _figer(suites))

    def du_type(self, type_):
        return self.par_type.get(type_, ())

    def passes(self):
        """Ce qui a eu lieu au jour du build : la chronologie et les rapports ne montrent que cela."""
        return [r for r in self.records if r.date <= self.aujourdhui]


# La clé du site dans le contexte de Pelican : les gabarits le trouvent là, les capacités par `site_du_build`.
CLE_DU_SITE = "SITE_DU_BUILD"


def site_du_build(context):
    """Le site de ce build (sans effet de bord) : le contrat l'a construit quand tout a été lu."""
    try:
        return context[CLE_DU_SITE]
    except KeyError:
        raise RuntimeError("le site du build n'est pas prêt : une capacité le demande avant la fin de la "
                           "lecture des articles et des pages (signal page_generator_finalized)") from None
