"""Branchement du contrat dans Pelican : lecteur YAML, refus du build au premier fichier invalide,
enregistrements partagés avec les autres plugins, filtres de dates pour les gabarits."""

import contextlib
import datetime
import hashlib
import os
import sys
from html import escape
from urllib.parse import urlsplit

import caches
from caches import empreinte_du_code
from jinja2.ext import Extension
from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.writers import Writer
from pelican.urlwrappers import Tag
from pelican.utils import SafeDatetime, slugify

from . import dates, frontmatter, liens, records, regles, typographie


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
    adresses = liens.adresses_du_site(documents, statiques, reglages.get("SITE_CANONIQUE", ""), substitutions)
    return liens.liens_casses(documents, adresses)


def compte(documents):
    """Le compte du contenu, le même dans chaque commande (check, build, serve, publish) : « 116 documents »."""
    brouillons = sum(1 for d in documents if d.brouillon)
    n = len(documents) - brouillons
    texte = f"{n} document{'s' if n > 1 else ''}"
    if brouillons:
        texte += f" (et {brouillons} brouillon{'s' if brouillons > 1 else ''}, non publié{'s' if brouillons > 1 else ''})"
    return texte


# Les champs de l'en-tête que le site imprime tels quels : ils reçoivent la typographie du corps, ici, une
# fois, et tout ce qui les imprime (pages, flux, courriels, PDF, exports) reçoit le même texte. Les clés des
# listes fermées, les dates, les slugs et les adresses ne sont pas du texte à lire : on n'y touche pas.
CHAMPS_DE_TEXTE = ("title", "summary", "lieu")
LISTES_DE_TEXTE = ("partenaires",)


class LecteurYaml(MarkdownReader):
    """Markdown avec en-tête YAML, lu par le contrat (chargeur C de libyaml, dates en texte)."""

    file_extensions = ["md"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # L'en-tête est lu par le contrat : l'extension meta de Markdown n'a rien à faire.
        reglages = dict(self.settings["MARKDOWN"])
        reglages["extensions"] = [e for e in reglages["extensions"] if e != "markdown.extensions.meta"]
        self._md = Markdown(**reglages)  # une instance par lecteur, remise à zéro à chaque fichier

    def read(self, source_path):
        self._source_path = source_path
        # L'en-tête a déjà été lu et validé au début du build : on reprend cette lecture.
        source = self.settings.get("TM_SOURCES", {}).pop(source_path, None) or frontmatter.lire(source_path)
        self._md.reset()
        contenu = typographie.typographie_francaise(self._md.convert(source.corps))
        meta = {}
        if "slug" not in source.meta and source.meta.get("title"):
            # Le slug vient du titre tel qu'écrit, comme le calcule le contrat : la typographie ne change
            # jamais une adresse.
            meta["slug"] = slugify(str(source.meta["title"]), regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"])
        for nom, valeur in source.meta.items():
            if valeur is None:
                continue
            if nom in ("date", "modified"):
                jour = datetime.date.fromisoformat(str(valeur))
                meta[nom] = SafeDatetime(jour.year, jour.month, jour.day)
            elif nom in ("date_fin", "verifiee_le"):
                meta[nom] = datetime.date.fromisoformat(str(valeur))
            elif nom == "tags":
                meta[nom] = [Tag(t, self.settings) for t in valeur]
            elif nom in CHAMPS_DE_TEXTE:
                meta[nom] = typographie.typographie_francaise(str(valeur))
            elif nom in LISTES_DE_TEXTE:
                meta[nom] = [typographie.typographie_francaise(str(v)) for v in valeur]
            else:
                meta[nom] = valeur
        return contenu, meta


# Le cache de contenu de Pelican garde, fichier par fichier, ce que notre lecteur a produit (corps, titre,
# « En bref » avec leur typographie) et ne le refait que si le fichier change : un lecteur modifié ne se
# verrait pas sur les fichiers inchangés (vieux titres à apostrophe droite à côté des nouveaux). L'empreinte
# du code du lecteur est gardée à côté de ce cache ; quand elle change, le cache est oublié, une fois.
CODE_DU_LECTEUR = empreinte_du_code(frontmatter, typographie, sys.modules[__name__])
# Les noms des fichiers de cache de Pelican 4.12 (un par générateur, au niveau « reader » ou « generator »).
CACHES_DE_CONTENU = ("ArticlesGenerator-Readers", "PagesGenerator-Readers", "ArticlesGenerator", "PagesGenerator")


def oublier_les_lectures_d_un_autre_lecteur(pelican):
    dossier = pelican.settings["CACHE_PATH"]
    temoin = os.path.join(dossier, "contrat", "lecteur.empreinte")
    with contextlib.suppress(OSError), open(temoin, encoding="ascii") as fichier:
        if fichier.read() == CODE_DU_LECTEUR:
            return
    for nom in CACHES_DE_CONTENU:
        with contextlib.suppress(FileNotFoundError):
            os.remove(os.path.join(dossier, nom))
    caches.ecrire(temoin, CODE_DU_LECTEUR.encode("ascii"))


def ajouter_lecteur(readers):
    readers.reader_classes["md"] = LecteurYaml


def refuser_contenu_invalide(generator):
    # Au début de chaque build (et de chaque reconstruction de `make serve`), avant toute lecture :
    # un fichier invalide arrête tout, et rien n'est écrit.
    documents, problemes = valider(generator.settings, avec_cache=generator.settings.get("LOAD_CONTENT_CACHE", False))
    if problemes:
        raise ContratInvalide(problemes)
    # Un lien interne cassé : refusé pour le site publié (publishconf.py), signalé dans l'aperçu, où
    # l'on écrit souvent un lien vers une page qui n'existe pas encore.
    casses = liens_internes(generator.settings, documents)
    if casses and generator.settings.get("LIENS_INTERNES_CASSES") == "refuser":
        raise ContratInvalide(casses)
    generator.settings["TM_LIENS_CASSES"] = casses
    generator.settings["TM_COMPTE"] = compte(documents)
    # Le lecteur reprend ces lectures au lieu de relire chaque fichier (une lecture par build, pas deux).
    generator.settings["TM_SOURCES"] = {d.fichier: d.source for d in documents}


def oublier_sources_des_articles(generator):
    # Les articles sont lus ; Pelican va enregistrer son cache, qui emporte les réglages avec lui :
    # on n'y laisse pas les en-têtes des articles (ceux du cache n'ont pas été repris, ils pèseraient).
    sources = generator.settings.get("TM_SOURCES", {})
    generator.settings["TM_SOURCES"] = {
        chemin: source for chemin, source in sources.items()
        if regles.type_du_chemin(os.path.relpath(chemin, generator.settings["PATH"])) in ("page", "rapport")
    }


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
    generator.tags = {sujet: ArticlesRanges(articles) for sujet, articles in generator.tags.items()}
    generator.categories = [(rubrique, ArticlesRanges(articles)) for rubrique, articles in generator.categories]
    generator.context["tags"] = list(generator.tags.items())
    generator.context["categories"] = generator.categories


def type_du_contenu(contenu, reglages):
    relatif = os.path.relpath(contenu.source_path, reglages["PATH"])
    return regles.type_du_chemin(relatif)


def enregistrements(context):
    """Les enregistrements de tout ce qui est publié (ni brouillon ni page cachée), triés par date.

    Calculés une fois par build, à la première demande d'un plugin, et gardés dans le contexte
    (qui est neuf à chaque build : rien ne survit d'une reconstruction à l'autre).
    """
    if "tm_records" not in context:
        figer_adresses(context)
        reglages = context
        liste = []
        for contenu in [*context.get("articles", ()), *context.get("pages", ())]:
            type_ = type_du_contenu(contenu, reglages)
            meta = dict(contenu.metadata, slug=contenu.slug)
            liste.append(records.record_depuis(type_, meta, contenu.url, contenu.relative_source_path))
        liste.sort(key=lambda r: (r.date, r.slug))
        context["tm_records"] = liste
    return context["tm_records"]


def aujourdhui(reglages):
    return records.aujourdhui(reglages.get("AUJOURDHUI", ""))


def figer_adresses(context):
    """Chaque document garde son adresse, calculée une fois.

    Pelican recalcule `url` à chaque lecture (format du réglage, copie des métadonnées, chemin
    relatif) : une dizaine de fois par document (pages, listes, flux, chronologie, rapports). Son
    propre mécanisme `override_url` la fige ; on le pose avec les enregistrements, quand tout est lu
    (articles et pages, caches de contenu enregistrés) et que rien n'est encore écrit.
    """
    for cle in ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages"):
        for contenu in context.get(cle, ()):
            if not hasattr(contenu, "override_url"):
                contenu.override_url = contenu.url
            for traduction in getattr(contenu, "translations", ()):
                if not hasattr(traduction, "override_url"):
                    traduction.override_url = traduction.url


def relier_documents(generators):
    # Après la lecture de tout le contenu, avant l'écriture : chaque action connaît celle qu'elle
    # suit et celles qui la suivent (« suite de … », « suites : … »).
    context = generators[0].context
    liste = enregistrements(context)
    context["ACTIONS_PAR_SLUG"] = {r.slug: r for r in liste if r.type == "action"}
    suites = {}
    for r in liste:
        if r.suite_de:
            suites.setdefault(r.suite_de, []).append(r)
    context["SUITES"] = suites


def preciser_les_flux(context, feed):
    """Les flux Atom de Pelican : une entrée datée au mois ou à l'année commence par cette date en toutes
    lettres, une entrée reconstituée par sa note. Un lecteur de flux n'affiche que `published`, qui tombe
    le 1er du mois : le texte dit « décembre 2018 » et d'où il vient, comme la page."""
    par_adresse = {r.url: r for r in enregistrements(context)}
    for item in feed.items:
        record = par_adresse.get(urlsplit(item["link"]).path.lstrip("/"))
        if record is None:
            continue
        tete = ""
        if not record.au_jour_pres:
            tete += f"<p>{escape(dates.periode_fr(record.date, record.date_fin, record.precision))}</p>"
        if record.reconstitue:
            tete += f"<p><em>{escape(context.get('TEXTE_RECONSTITUE', ''))}.</em></p>"
        for cle in ("content", "description"):
            if tete and item.get(cle):
                item[cle] = tete + item[cle]


def _empreinte(chemin):
    with open(chemin, "rb") as fichier:
        return hashlib.sha256(fichier.read()).hexdigest()[:10]


class Ecrivain(Writer):
    """Le writer de Pelican, sauf le titre des entrées des flux Atom.

    Pelican passe ce titre par `Markup.striptags()`, qui remplace toute espace par une espace simple : les
    espaces insécables de la typographie (« Saisine\u00a0: … ») disparaissaient des flux. Nos titres sont du
    texte sans balise (l'en-tête YAML, échappé à l'écriture) : on remet le titre du document tel quel.
    """

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        feed.items[-1]["title"] = str(item.title)


def donner_ecrivain(_pelican):
    return Ecrivain


class TypographieDesGabarits(Extension):
    """Le texte écrit dans les gabarits HTML reçoit la typographie du contenu, une fois, à leur compilation."""

    def preprocess(self, source, name, filename=None):
        if name and name.endswith(".html"):
            return typographie.typographie_du_gabarit(source)
        return source


def preparer_gabarits(generator):
    env = generator.env
    env.add_extension(TypographieDesGabarits)
    env.filters.update(
        date_fr=dates.date_fr, periode_fr=dates.periode_fr, mois_fr=dates.mois_fr, iso=dates.iso,
        heure_fr=dates.heure_fr,
        # Pour un texte composé par le code (messages, listes jointes) : la même règle que le reste.
        typographie=typographie.typographie_francaise,
    )
    # Le nom de la feuille de style change avec son contenu : les navigateurs la gardent en cache sans risque.
    env.globals["VERSION_CSS"] = _empreinte(os.path.join(generator.settings["THEME"], "static", "css", "site.css"))


def register():
    # Avant toute lecture : un cache de contenu écrit par un autre lecteur est oublié.
    signals.initialized.connect(oublier_les_lectures_d_un_autre_lecteur)
    # Notre lecteur remplace celui de Markdown pour les .md.
    signals.readers_init.connect(ajouter_lecteur)
    # Le premier générateur créé à chaque build : le bon moment pour tout vérifier, avant la lecture.
    signals.article_generator_init.connect(refuser_contenu_invalide)
    # Tous les articles sont lus, le cache des articles n'est pas encore enregistré.
    signals.article_generator_pretaxonomy.connect(oublier_sources_des_articles)
    # Les articles sont rangés par sujet et par rubrique : des listes à appartenance rapide.
    signals.article_generator_finalized.connect(ranger_articles)
    # Chaque générateur a son environnement Jinja : les filtres de dates vont dans chacun.
    signals.generator_init.connect(preparer_gabarits)
    # Les flux gardent les espaces insécables des titres.
    signals.get_writer.connect(donner_ecrivain)
    # Tout est lu, rien n'est encore écrit : on relie les suites d'actions pour les gabarits.
    signals.all_generators_finalized.connect(relier_documents)
    # Chaque flux de Pelican, avant son écriture : la date telle qu'on la connaît, en tête du texte.
    signals.feed_generated.connect(preciser_les_flux)
