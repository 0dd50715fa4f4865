"""Pur : les anciennes adresses déclarées dans les documents (`anciennes_urls`) -> les pages de
redirection à écrire.

Le fichier qu'une ancienne adresse fait écrire est calculé par le contrat (`regles.chemin_sur`,
`regles.fichier_de_redirection`) : celui qui la vérifie est celui qui dit où elle s'écrit.
"""

from typing import NamedTuple

from contrat import regles


class Redirection(NamedTuple):
    fichier: str  # à écrire, relatif à la racine du site : « sinformer/x/index.html »
    url: str  # la page du nouveau site, relative à la racine : « communiques/x/ »
    titre: str  # le titre de cette page, pour le lien visible
    ancienne: str  # l'adresse telle que déclarée : « /sinformer/x »

    @property
    def adresse(self):
        """L'adresse publique de la page de redirection : « sinformer/x/ » ou « x.html »."""
        return self.fichier.removesuffix("index.html")


def fichier_de(ancienne):
    """« /sinformer/x » -> « sinformer/x/index.html » ; « /x.html » -> « x.html ».

    Décodée une seule fois, par la règle des adresses du contrat (le serveur cherche le fichier sous
    le nom décodé) ; le contrat a déjà refusé toute adresse qui sortirait du site.
    """
    segments, probleme = regles.chemin_sur(ancienne)
    if probleme:
        raise ValueError(f"ancienne adresse refusée par le contrat : {ancienne!r} ({probleme})")
    return regles.fichier_de_redirection(segments)


def redirections(records):
    """Une redirection par ancienne adresse de chaque document publié, triées par fichier.

    Les collisions (deux documents, ou une vraie page, à la même adresse) sont refusées plus tôt,
    par le contrat.
    """
    return sorted(
        (Redirection(fichier_de(ancienne), r.url, r.title, ancienne) for r in records for ancienne in r.anciennes_urls),
        key=lambda redirection: redirection.fichier,
    )
