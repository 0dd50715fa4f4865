"""Les seuls endroits où le site s'appuie sur l'intérieur de Pelican 4.12 (et non sur ses signaux et réglages).

Chacun a un test épinglé sur la version de Pelican qu'il contourne (tests/test_pelican_compat.py) : une
mise à jour de Pelican échoue là, bruyamment, au lieu de rendre le build lent ou faux sans rien dire.
"""

import os

import feedgenerator
from atom import FluxAtom, resume_en_texte
from pelican.writers import Writer

# La version de Pelican dont ces contournements lisent l'intérieur (requirements.txt l'épingle).
VERSION_CONTOURNEE = "4.12.0"


# Les noms des fichiers du cache de contenu de Pelican (un par générateur, au niveau « reader » ou
# « generator ») : le contrat les efface quand son lecteur change (oublier_les_lectures_d_un_autre_lecteur).
CACHES_DE_CONTENU = ("ArticlesGenerator-Readers", "PagesGenerator-Readers", "ArticlesGenerator", "PagesGenerator")


def lire_un_cache_coupe_comme_absent():
    """Un Ctrl+C pendant que Pelican écrit son cache de contenu (à la fin d'un build de `make serve` ou de
    `make edit`) le laisse vide ou coupé. Pelican 4.12 lit un cache illisible comme absent, sauf quand la
    lecture finit en EOFError (fichier vide, pickle ou gzip coupé) : chaque build suivant s'arrêtait alors sur
    « Erreur inattendue : EOFError », jusqu'à ce qu'on supprime cache/ à la main. Ici, un cache coupé est lu
    comme absent : le build le refait, comme la première fois. Une seule enveloppe, même appelé deux fois."""
    from pelican.cache import FileDataCacher

    lire = FileDataCacher.__init__
    if getattr(lire, "lit_un_cache_coupe_comme_absent", False):
        return

    def __init__(self, settings, cache_name, caching_policy, load_policy):
        try:
            lire(self, settings, cache_name, caching_policy, load_policy)
        except EOFError:
            lire(self, settings, cache_name, caching_policy, False)

    __init__.lit_un_cache_coupe_comme_absent = True
    FileDataCacher.__init__ = __init__


def caches_d_un_autre_format(dossier, gzip):
    """Les fichiers du cache de contenu écrits avec l'autre valeur de GZIP_CACHE : Pelican ouvre son cache
    avec gzip.open ou open selon le réglage, et n'en lirait aucun (il le dit, en anglais, par un avertissement).
    Un fichier compressé commence par 1f 8b ; un pickle de Pelican, jamais (protocole 2 et plus : 80)."""
    autres = []
    for nom in CACHES_DE_CONTENU:
        chemin = os.path.join(dossier, nom)
        try:
            with open(chemin, "rb") as fichier:
                compresse = fichier.read(2) == b"\x1f\x8b"
        except OSError:
            continue
        if compresse != bool(gzip):
            autres.append(chemin)
    return autres


def oublier_les_messages_deja_dits(_pelican=None):
    """Pelican ne répète jamais un avertissement déjà émis dans le même processus (pelican.log.LimitFilter
    garde ses messages dans des attributs de classe) : `make serve`, qui reconstruit dans le même processus,
    taisait au second build un problème encore présent. Chaque build repart d'un filtre vide."""
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def lecteur_markdown(lecteurs):
    """Le lecteur des .md d'un générateur : Pelican crée une instance de chaque lecteur par générateur, rangée
    par extension dans `Readers.readers` (un attribut sans documentation)."""
    return lecteurs.readers.get("md")


def choisir_gabarit(contenu, gabarit):
    """La page d'un article s'écrit avec le gabarit de son type : Pelican écrit chaque article avec
    `get_template(article.template)`, « article » par défaut. Un `template:` de l'en-tête passe avant."""
    if contenu.template == contenu.default_template:
        contenu.template = gabarit


def figer_adresses(context):
    """Chaque document garde son adresse, calculée une fois.

    Pelican recalcule `url` à chaque lecture (format du réglage, copie des métadonnées, chemin
    relatif) : une dizaine de fois par document (pages, listes, flux, chronologie, rapports). Son
    propre mécanisme `override_url` la fige. Une étape du build, nommée, au signal où tout est lu
    (articles et pages, caches de contenu enregistrés, qui n'emportent donc pas override_url) et où
    rien n'est encore écrit : `contrat.pelican_wiring.preparer_site`.
    """
    for cle in ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages"):
        for contenu in context.get(cle, ()):
            if not hasattr(contenu, "override_url"):
                contenu.override_url = contenu.url
            for traduction in getattr(contenu, "translations", ()):
                if not hasattr(traduction, "override_url"):
                    traduction.override_url = traduction.url


class ArticlesRanges(list):
    """La liste des articles d'un sujet ou d'une rubrique, où `article in liste` se répond en O(1).

    Pelican écrit chaque page de sujet et de rubrique après `[a for a in self.dates if a in articles]` :
    un parcours de la liste par article du site, donc un temps en N × (taille de la liste), la seule
    partie quadratique d'un build (~0,3 s à 4 000 documents, quatre fois plus à chaque doublement).
    Ici l'appartenance se lit dans un ensemble d'identités : un document n'est égal qu'à lui-même.
    """

    def __init__(self, articles):
        super().__init__(articles)
        self._identites = {id(a) for a in articles}

    def __contains__(self, article):
        return id(article) in self._identites


def ranger_articles(generator):
    """Remplace les listes de sujets et de rubriques du générateur d'articles (attributs `tags`,
    `categories` et leurs copies dans le contexte) par des `ArticlesRanges`."""
    generator.tags = {sujet: ArticlesRanges(articles) for sujet, articles in generator.tags.items()}
    generator.categories = [(rubrique, ArticlesRanges(articles)) for rubrique, articles in generator.categories]
    generator.context["tags"] = list(generator.tags.items())
    generator.context["categories"] = generator.categories


class _ResumeEnTexte:
    """Un document vu par l'écrivain de flux de Pelican, dont le résumé est du texte (atom.resume_en_texte)."""

    def __init__(self, document):
        self._document = document

    def __getattr__(self, nom):
        return getattr(self._document, nom)

    @property
    def summary(self):
        return resume_en_texte(self._document)


class Ecrivain(Writer):
    """Le writer de Pelican, sauf dans les flux Atom (`_create_new_feed`, `_add_item_to_the_feed`, privées).

    - Le flux est un `atom.FluxAtom` et le résumé d'une entrée est du texte (`type="text"`) : Pelican
      l'écrivait `type="html"`, et un `<b>` ou un `&` d'un « En bref » devenait du HTML chez le lecteur.
    - Pelican passe le titre par `Markup.striptags()`, qui remplace toute espace par une espace simple : les
      espaces insécables de la typographie (« Saisine\u00a0: … ») disparaissaient des flux. Nos titres sont
      du texte sans balise (l'en-tête YAML, échappé à l'écriture) : on remet le titre du document tel quel.
    """

    def _create_new_feed(self, feed_type, feed_title, context):
        flux = super()._create_new_feed(feed_type, feed_title, context)
        if isinstance(flux, feedgenerator.Atom1Feed):
            flux.__class__ = FluxAtom  # la même classe, sauf l'écriture du résumé
        return flux

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, _ResumeEnTexte(item))
        feed.items[-1]["title"] = str(item.title)
