"""La vérification du contenu, commune à toutes les commandes (check, build, serve, publish) : tout content/
(en-têtes, et HTML des textes après Markdown, par nh3), les liens internes, le compte. Pur : des réglages
(un dict) en entrée, des documents et des `Probleme` en sortie.
"""

import hashlib
import os
import pickle

import caches
import nh3
from caches import empreinte_du_code
from markdown import Markdown

from . import assainir, frontmatter, liens, regles, typographie


class ContratInvalide(Exception):
    """Le contenu ne respecte pas le contrat ; le message, en français, liste tous les problèmes."""

    def __init__(self, problemes):
        super().__init__(regles.rapport_problemes(problemes))
        self.problemes = problemes


CODE_DES_LECTURES = empreinte_du_code(frontmatter)


def markdown_du_site(reglages):
    """Le Markdown des réglages (MARKDOWN), sans l'extension meta : l'en-tête est lu par le contrat."""
    config = reglages["MARKDOWN"]
    extensions = [*config.get("extensions", ()), *config.get("extension_configs", {})]
    extensions = [e for i, e in enumerate(extensions) if e != "markdown.extensions.meta" and e not in extensions[:i]]
    return Markdown(**{**config, "extensions": extensions})


def rendre_corps(md, corps):
    """Le HTML publié d'un corps Markdown : Markdown, typographie, puis ce que nh3 en laisse.

    Renvoie (html, retraits) ; des retraits refusent le document (voir verifier_corps)."""
    md.reset()
    brut = typographie.typographie_francaise(md.convert(corps))
    propre = assainir.nettoyer(brut)
    return propre, assainir.retraits(brut, propre)


class CorpsVerifies:
    """Les corps déjà rendus et trouvés permis, d'un build à l'autre (par l'empreinte de leur texte).

    Sans lui, chaque build tiède referait le Markdown de tout le site pour le vérifier, alors que
    Pelican reprend les pages inchangées de son cache (~0,8 ms par document). La clé comprend le
    code qui rend et vérifie, nh3 et les réglages Markdown : un changement de l'un revérifie tout.
    """

    def __init__(self, fichier, reglages):
        self.fichier = fichier
        self.version = (empreinte_du_code(assainir, typographie), nh3.__version__, repr(reglages["MARKDOWN"]))
        self.connus = set()
        try:
            with open(fichier, "rb") as entree:
                version, connus = pickle.load(entree)
            if version == self.version:
                self.connus = connus
        except (OSError, EOFError, ValueError, TypeError, AttributeError, pickle.UnpicklingError):
            pass
        self.vus = set()

    @staticmethod
    def empreinte(corps):
        return hashlib.blake2b(corps.encode("utf-8"), digest_size=16).digest()

    def enregistrer(self):
        if self.vus == self.connus:
            return
        try:
            caches.ecrire(self.fichier, pickle.dumps((self.version, self.vus), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # un cache qu'on ne peut pas écrire n'empêche pas le build : le suivant revérifiera tout


def verifier_corps(documents, reglages, verifies=None):
    """Rend et vérifie le corps de chaque document ; renvoie ({fichier: html}, [Probleme]).

    `verifies` (CorpsVerifies, le build) : un corps déjà trouvé permis n'est ni rendu ni revérifié."""
    md = markdown_du_site(reglages)
    rendus, problemes = {}, []
    for document in documents:
        empreinte = verifies.empreinte(document.corps) if verifies else None
        if verifies and empreinte in verifies.connus:
            verifies.vus.add(empreinte)
            continue
        html, retraits = rendre_corps(md, document.corps)
        if retraits:
            problemes += regles.problemes_du_corps(document, retraits)
            continue
        rendus[document.fichier] = html
        if verifies:
            verifies.vus.add(empreinte)
    return rendus, problemes


def valider(reglages, avec_cache=False):
    """Vérifie tout content/ (en-têtes et HTML des corps) ; renvoie les documents valides et la liste
    des problèmes. Le HTML rendu pendant la vérification est gardé dans `document.html`.

    `avec_cache` (le build) : les en-têtes des fichiers inchangés depuis le build précédent sont repris
    de CACHE_PATH au lieu d'être relus, et un corps déjà vérifié n'est pas revérifié ; toutes les
    règles des en-têtes passent quand même sur chaque fichier.
    """
    reglages_fautifs = regles.problemes_des_langues(reglages)
    if reglages_fautifs:
        return [], reglages_fautifs
    listes = regles.Listes.depuis_reglages(reglages)
    if not avec_cache:
        documents, problemes = regles.valider_arbre(reglages["PATH"], listes)
        verifies = None
    else:
        dossier = os.path.join(reglages["CACHE_PATH"], "contrat")
        lectures = frontmatter.LecturesEnCache(os.path.join(dossier, "entetes.pickle"), CODE_DES_LECTURES)
        documents, problemes = regles.valider_arbre(reglages["PATH"], listes, lire=lectures.lire)
        lectures.enregistrer()
        verifies = CorpsVerifies(os.path.join(dossier, "corps-verifies.pickle"), reglages)
    rendus, refus = verifier_corps(documents, reglages, verifies)
    if verifies:
        verifies.enregistrer()
    for document in documents:
        document.html = rendus.get(document.fichier)
    refuses = {p.fichier for p in refus}
    documents = [d for d in documents if d.chemin not in refuses]
    return documents, sorted(problemes + refus, key=lambda p: (p.fichier, p.ligne or 0))


def liens_internes(reglages, documents):
    """Les liens du texte des documents qui ne mènent à aucune adresse du site (liste de `Probleme`)."""
    statiques = {}
    chemins_publics = reglages.get("EXTRA_PATH_METADATA", {})
    # content/images/ est publié par le plugin images, sous les mêmes noms.
    for dossier in dict.fromkeys((*reglages.get("STATIC_PATHS", ()), "images")):
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
