"""Ce que chaque capacité a produit pendant un build : le seul canal entre capacités.

Une capacité qui a besoin de ce qu'une autre fabrique (les PDF des rapports pour /publications/, chaque
fiche telle que son PDF la montre pour les PDF des traductions…) le lit ici, par son nom ; la capacité qui
le fabrique l'y dépose, une fois. Chaque produit a un producteur déclaré (`PRODUITS`) : lire un produit
avant que son producteur l'ait déposé est une erreur qui le dit (un changement d'ordre des plugins ou des
signaux échoue alors bruyamment, au lieu de donner une liste vide sans rien dire).

Un registre neuf par build, porté par le site du build (`Site.productions`) : deux builds ne partagent rien.
Sans Pelican.
"""

from types import MappingProxyType

# {nom du produit : (capacité qui le dépose, à quel moment, ce qu'il contient)}.
PRODUITS = MappingProxyType({
    "images_publiees": ("images", "quand le site du build est prêt (generate_context de son générateur)",
                        "{nom relatif dans content/images/: la images.Photo publiée (variantes, partage)}"),
    "pdf_des_rapports": ("rapports", "à l'écriture de /rapports/ (generate_output)",
                         "{année: adresse du PDF écrit dans le site}"),
    "recueil_des_fiches": ("fiches", "quand tout est lu (all_generators_finalized)",
                           "le caches.Telechargement du recueil des fiches, ou None"),
    "fiches_sur_papier": ("fiches", "quand tout est lu (all_generators_finalized)",
                          "{slug: ce que le PDF d'une fiche montre}"),
    "alternatives_des_pages": ("traductions", "à la lecture (generate_context)",
                               "{adresse: [(langue, adresse)]} : chaque version d'une fiche connaît les autres"),
    "pages_de_redirection": ("redirections", "à la lecture (generate_context)",
                             "frozenset des adresses des pages de redirection écrites (« sinformer/x/ »)"),
})


class ProduitPasPret(RuntimeError):
    """Une capacité lit un produit que son producteur n'a pas (encore) déposé : une erreur d'ordre du build."""


class Productions:
    """Le registre d'un build. `capacites` : les paquets de PLUGINS de ce build."""

    def __init__(self, capacites=()):
        self._capacites = frozenset(nom.split(".")[0] for nom in capacites)
        self._deposes = {}

    @staticmethod
    def _declare(nom):
        try:
            return PRODUITS[nom]
        except KeyError:
            raise KeyError(f"produit inconnu « {nom} » : déclarez-le dans contrat.productions.PRODUITS "
                           "avec la capacité qui le dépose") from None

    def deposer(self, nom, valeur, par):
        """La capacité `par` dépose son produit `nom`, une seule fois par build."""
        producteur = self._declare(nom)[0]
        if par != producteur:
            raise RuntimeError(f"« {par} » dépose « {nom} », que seule la capacité « {producteur} » produit "
                               "(contrat.productions.PRODUITS)")
        if nom in self._deposes:
            raise RuntimeError(f"« {nom} » est déposé deux fois dans le même build (par « {par} »)")
        self._deposes[nom] = valeur

    def lire(self, nom, par, *, sans_producteur=None):
        """Le produit `nom`, lu par la capacité `par`.

        `sans_producteur` : ce qu'il vaut quand sa capacité n'est pas dans PLUGINS (elle ne produit rien dans ce
        build). Si elle y est et n'a pas encore déposé : ProduitPasPret, jamais une valeur vide.
        """
        producteur, moment, _ = self._declare(nom)
        if nom in self._deposes:
            return self._deposes[nom]
        if producteur not in self._capacites:
            return sans_producteur
        raise ProduitPasPret(
            f"« {par} » lit « {nom} » avant que la capacité « {producteur} » l'ait produit ({moment}) : "
            f"l'ordre du build a changé ; « {par} » doit le lire plus tard, ou « {producteur} » le produire plus tôt"
        )
