"""La vérification du contenu, commune à toutes les commandes (check, build, serve, publish) : tout content/,
les liens internes, le compte. Pur : des réglages (un dict) en entrée, des documents et des `Probleme` en sortie.
"""

import os

from caches import empreinte_du_code

from . import frontmatter, liens, regles


class ContratInvalide(Exception):
    """Le contenu ne respecte pas le contrat ; le message, en français, liste tous les problèmes."""

    def __init__(self, problemes):
        super().__init__(regles.rapport_problemes(problemes))
        self.problemes = problemes


CODE_DES_LECTURES = empreinte_du_code(frontmatter)


def valider(reglages, avec_cache=False):
    """Vérifie tout content/ ; renvoie les documents valides et la liste des problèmes.

    `avec_cache` (le build) : les en-têtes des fichiers inchangés depuis le build précédent sont repris
    de CACHE_PATH au lieu d'être relus ; toutes les règles passent quand même sur chaque fichier.
    """
    listes = regles.Listes.depuis_reglages(reglages)
    if not avec_cache:
        return regles.valider_arbre(reglages["PATH"], listes)
    lectures = frontmatter.LecturesEnCache(
        os.path.join(reglages["CACHE_PATH"], "contrat", "entetes.pickle"), CODE_DES_LECTURES
    )
    resultat = regles.valider_arbre(reglages["PATH"], listes, lire=lectures.lire)
    lectures.enregistrer()
    return resultat


def liens_internes(reglages, documents):
    """Les liens du texte des documents qui ne mènent à aucune adresse du site (liste de `Probleme`)."""
    statiques = {}
    chemins_publics = reglages.get("EXTRA_PATH_METADATA", {})
    for dossier in reglages.get("STATIC_PATHS", ()):
        for repertoire, _, fichiers in os.walk(os.path.join(reglages["PATH"], dossier)):
            for nom in fichiers:
                relatif = os.path.relpath(os.path.join(repertoire, nom), reglages["PATH"]).replace(os.sep, "/")
                statiques[relatif] = chemins_publics.get(relatif, {}).get("path", relatif)
    substitutions = tuple(tuple(s) for s in reglages.get("SLUG_REGEX_SUBSTITUTIONS", ()))
    adresses = liens.adresses_du_site(documents, statiques, reglages.get("SITE_CANONIQUE", ""), substitutions,
                                      regles.sorties_des_capacites(reglages.get("PLUGINS") or ()))
    return liens.liens_casses(documents, adresses)


def compte(documents):
    """Le compte du contenu, le même dans chaque commande (check, build, serve, publish) : « 116 documents »."""
    brouillons = sum(1 for d in documents if d.brouillon)
    n = len(documents) - brouillons
    texte = f"{n} document{'s' if n > 1 else ''}"
    if brouillons:
        texte += f" (et {brouillons} brouillon{'s' if brouillons > 1 else ''}, non publié{'s' if brouillons > 1 else ''})"
    return texte
