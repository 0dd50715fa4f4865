"""Branchement du contrat dans Pelican : lecteur YAML, refus du build au premier fichier invalide, le site
du build (contrat.site) donné aux capacités, filtres de dates pour les gabarits."""

import contextlib
import datetime
import hashlib
import marshal
import os
import pickle
import sys
from html import escape
from types import MappingProxyType

import caches
import formats
from caches import empreinte_du_code
import jinja2
from jinja2 import BytecodeCache
from jinja2.ext import Extension
from markdown import Markdown
from pelican import signals
from pelican.contents import Page
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Tag
from pelican.utils import SafeDatetime
from urllib.parse import urlsplit

from . import assainir, dates, frontmatter, pelican_compat, records, regles, signaux, typographie
from .productions import Productions
from .site import CLE_DU_SITE, Site, site_du_build
from .verification import ContratInvalide, compte, liens_internes, markdown_du_site, rendre_corps, valider


# La clé, dans le contexte d'un build, de ce que sa vérification laisse à `preparer_site`.
CLE_DE_LA_VERIFICATION = "_CONTRAT_VERIFICATION"


class Verification:
    """Ce que la vérification du début d'un build laisse aux lecteurs et à `preparer_site` de ce même build.

    Rangée dans le contexte du build (Pelican en fait un neuf à chaque build, reconstructions de `make serve`
    comprises : rien ne passe d'un build à l'autre) et dans ses lecteurs ; retirée quand le site est prêt.
    Hors des réglages, que le cache de contenu de Pelican enregistre avec chaque document (pickle).
    """

    def __init__(self, sources=None, rapports=(), publications=(), liens_casses=(), compte="", traductions=()):
        self.sources = sources or {}  # chemin complet -> (en-tête lu et validé, corps rendu et vérifié ou None)
        self.rapports = rapports  # chemins relatifs des textes de content/rapports/, publiés
        self.publications = publications  # chemins relatifs des fichiers de content/publications/, publiés
        self.liens_casses = liens_casses
        self.compte = compte
        self.traductions = traductions  # les `records.Traduction` de content/traductions/, que Pelican ne lit pas


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
        self._md = markdown_du_site(self.settings)  # une instance par lecteur, remise à zéro à chaque fichier
        # Les lectures de la vérification de ce build (`donner_les_lectures`) : un lecteur ne sert qu'à un build.
        self.lectures = {}

    def read(self, source_path):
        self._source_path = source_path
        # L'en-tête a déjà été lu et validé au début du build : on reprend cette lecture.
        # Le corps aussi, s'il a été rendu pour être vérifié ; sinon (déjà vérifié à un build précédent)
        # on le rend ici, par le même chemin : Markdown, typographie, nh3.
        source, contenu = self.lectures.pop(source_path, None) or (frontmatter.lire(source_path), None)
        if contenu is None:
            contenu, _ = rendre_corps(self._md, source.corps)
        meta = {}
        if "slug" not in source.meta and source.meta.get("title"):
            # Le slug vient du titre tel qu'écrit, comme le calcule le contrat : la typographie ne change
            # jamais une adresse.
            meta["slug"] = regles.slugify(str(source.meta["title"]), regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"])
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
# Le lecteur publie le HTML que nh3 laisse passer (assainir) : sa liste fait partie du lecteur.
CODE_DU_LECTEUR = empreinte_du_code(frontmatter, typographie, assainir, sys.modules[__name__])


def oublier_les_lectures_d_un_autre_lecteur(pelican):
    dossier = pelican.settings["CACHE_PATH"]
    # Un cache écrit avec l'autre valeur de GZIP_CACHE est oublié aussi, sans bruit.
    for chemin in pelican_compat.caches_d_un_autre_format(dossier, pelican.settings.get("GZIP_CACHE")):
        with contextlib.suppress(FileNotFoundError):
            os.remove(chemin)
    temoin = os.path.join(dossier, "contrat", "lecteur.empreinte")
    with contextlib.suppress(OSError), open(temoin, encoding="ascii") as fichier:
        if fichier.read() == CODE_DU_LECTEUR:
            return
    for nom in pelican_compat.CACHES_DE_CONTENU:
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
    generator.context[CLE_DE_LA_VERIFICATION] = Verification(
        liens_casses=tuple(casses),
        compte=compte(documents),
        rapports=tuple(os.path.relpath(d.fichier, generator.settings["PATH"]) for d in documents
                       if d.type == "rapport" and not d.brouillon),
        publications=tuple(os.path.relpath(d.fichier, generator.settings["PATH"]) for d in documents
                           if d.type == "publication" and not d.brouillon),
        # Les lecteurs reprennent ces lectures au lieu de relire chaque fichier (une lecture par build, pas deux).
        sources={d.fichier: (d.source, d.html) for d in documents},
        # Pelican ne lit pas content/traductions/ : les traductions vérifiées vont au site du build.
        traductions=tuple(
            records.traduction_depuis(d.langue, d.slug, d.meta, d.corps, d.chemin)
            for d in documents if d.type in ("traduction", "accueil")
        ),
    )
    donner_les_lectures(generator)


def donner_les_lectures(generator):
    """Le lecteur Markdown d'un générateur (articles, pages) reçoit les lectures de la vérification de son build."""
    verification = generator.context.get(CLE_DE_LA_VERIFICATION)
    lecteur = pelican_compat.lecteur_markdown(generator.readers)
    if verification is not None and isinstance(lecteur, LecteurYaml):
        lecteur.lectures = verification.sources


def _textes_rapports(generator, relatifs):
    """{année: Page} des textes rédigés de content/rapports/ (rapports/2020.md), lus une fois, ici, par les
    lecteurs de Pelican (donc notre lecteur : typographie, liens {filename})."""
    textes = {}
    for relatif in relatifs:
        texte = generator.readers.read_file(
            base_path=generator.path, path=relatif, content_class=Page, context=generator.context
        )
        textes[int(os.path.splitext(os.path.basename(relatif))[0])] = texte
    return textes


def _publications(generator, relatifs):
    """Les enregistrements de content/publications/ : pas des articles (aucune page à eux), lus une fois, ici,
    par notre lecteur (typographie du titre et du résumé), triés par (date, slug)."""
    liste = []
    schema = regles.SchemaAdresses.depuis_reglages(generator.settings)
    for relatif in relatifs:
        lu = generator.readers.read_file(base_path=generator.path, path=relatif, content_class=Page,
                                         context=generator.context)
        liste.append(records.record_depuis("publication", dict(lu.metadata, slug=lu.slug),
                                           schema.adresse("publication", lu.slug), relatif))
    return tuple(sorted(liste, key=lambda r: (r.date, r.slug)))


def preparer_site(generator):
    """Articles et pages sont lus (et leurs caches enregistrés), rien n'est écrit : les adresses sont figées,
    chaque article reçoit le gabarit de son type, puis le site du build est construit, une fois, et donné aux
    capacités et aux gabarits."""
    context, reglages = generator.context, generator.settings
    verification = context.pop(CLE_DE_LA_VERIFICATION, None) or Verification()
    pelican_compat.figer_adresses(context)
    contenus = {c.relative_source_path: c for c in (*context.get("articles", ()), *context.get("pages", ()))}
    liste = []
    for source, c in contenus.items():
        type_ = type_du_contenu(c, reglages)
        liste.append(records.record_depuis(type_, dict(c.metadata, slug=c.slug), c.url, source))
        if type_ in regles.GABARITS:
            pelican_compat.choisir_gabarit(c, regles.GABARITS[type_])
    # Un article caché (status: hidden) n'est pas dans le site du build, mais sa page s'écrit : même gabarit.
    for c in context.get("hidden_articles", ()):
        gabarit = regles.GABARITS.get(type_du_contenu(c, reglages))
        if gabarit:
            pelican_compat.choisir_gabarit(c, gabarit)
    liste.sort(key=lambda r: (r.date, r.slug))
    site = Site(
        records=tuple(liste),
        aujourdhui=records.aujourdhui(reglages.get("AUJOURDHUI", "")),
        schema=regles.SchemaAdresses.depuis_reglages(reglages),
        sorties=regles.sorties_des_capacites(reglages.get("PLUGINS") or ()),
        version_css=version_css(reglages),
        liens_casses=verification.liens_casses,
        compte=verification.compte,
        traductions=verification.traductions,
        textes_rapports=MappingProxyType(_textes_rapports(generator, verification.rapports)),
        publications=_publications(generator, verification.publications),
        html_de=lambda source: contenus[source].content,
        fichier_de=lambda source: contenus[source].save_as,
        productions=Productions(reglages.get("PLUGINS") or ()),
    )
    context[CLE_DU_SITE] = site
    # Pour les gabarits des actions (« suite de … », « suites : … »).
    context["ACTIONS_PAR_SLUG"] = site.actions_par_slug
    context["SUITES"] = site.suites
    signaux.site_pret.send(site)


def type_du_contenu(contenu, reglages):
    relatif = os.path.relpath(contenu.source_path, reglages["PATH"])
    return regles.type_du_chemin(relatif)


def preciser_les_flux(context, feed):
    """Les flux Atom de Pelican : une entrée datée au mois ou à l'année commence par cette date en toutes
    lettres, une entrée reconstituée par sa note. Un lecteur de flux n'affiche que `published`, qui tombe
    le 1er du mois : le texte dit « décembre 2018 » et d'où il vient, comme la page."""
    par_adresse = site_du_build(context).par_url
    for item in feed.items:
        record = par_adresse.get(urlsplit(item["link"]).path.lstrip("/"))
        if record is None:
            continue
        tete = []  # (texte, en italique)
        if not record.au_jour_pres:
            tete.append((dates.periode_fr(record.date, record.date_fin, record.precision), False))
        if record.reconstitue:
            tete.append((typographie.typographie_francaise(context.get("TEXTE_RECONSTITUE", "")) + ".", True))
        if not tete:
            continue
        if item.get("content"):
            item["content"] = "".join(
                f"<p><em>{escape(t, quote=False)}</em></p>" if italique else f"<p>{escape(t, quote=False)}</p>"
                for t, italique in tete
            ) + item["content"]
        # Le résumé est du texte (type="text", atom.FluxAtom) : la même tête, en texte.
        if item.get("description"):
            item["description"] = "\n\n".join([*(t for t, _ in tete), item["description"]])


def version_css(reglages):
    # Le nom de la feuille de style change avec son contenu : les navigateurs la gardent en cache sans risque.
    with open(os.path.join(reglages["THEME"], "static", "css", "site.css"), "rb") as fichier:
        return hashlib.sha256(fichier.read()).hexdigest()[:10]


def donner_ecrivain(_pelican):
    return pelican_compat.Ecrivain


class TypographieDesGabarits(Extension):
    """Le texte écrit dans les gabarits HTML reçoit la typographie du contenu, une fois, à leur compilation."""

    def preprocess(self, source, name, filename=None):
        if name and name.endswith(".html"):
            return typographie.typographie_du_gabarit(source)
        return source


class GabaritsCompiles(BytecodeCache):
    """Le code compilé des gabarits, partagé entre les environnements Jinja des générateurs de Pelican (chacun
    compilait à nouveau les mêmes : 50 compilations de 37 gabarits par build, base.html 8 fois), et gardé d'un
    build à l'autre dans CACHE_PATH (~0,2 s par build tiède à N = 4000).

    La clé comprend ce qui change la compilation (extensions, réglages du lexer, filtres et tests connus) ;
    Jinja compare la source (somme de contrôle) à chaque fois ; le fichier est oublié quand Python, Jinja ou
    le code de la typographie des gabarits changent (VERSION)."""

    VERSION = repr((sys.version, jinja2.__version__, empreinte_du_code(typographie, sys.modules[__name__])))

    def __init__(self):
        self.codes = {}  # clé -> (somme de contrôle de la source, code compilé)
        self.fichier = None
        self.nouveaux = False

    @staticmethod
    def reglage(environnement):
        def appels(fonctions):
            # Ce que Jinja passe à un filtre (contexte, environnement…) se décide à la compilation.
            return tuple(sorted((nom, str(getattr(f, "jinja_pass_arg", None))) for nom, f in fonctions.items()))

        return repr((
            type(environnement), sorted(environnement.extensions), environnement.autoescape,
            environnement.trim_blocks, environnement.lstrip_blocks, environnement.keep_trailing_newline,
            environnement.newline_sequence, environnement.optimized, environnement.is_async, environnement.finalize,
            getattr(environnement, "newstyle_gettext", None), sorted(environnement.policies.items(), key=repr),
            environnement.block_start_string, environnement.variable_start_string,
            environnement.comment_start_string, environnement.line_statement_prefix,
            environnement.line_comment_prefix, appels(environnement.filters), appels(environnement.tests),
        ))

    def charger(self, fichier):
        """Reprend les gabarits compilés au build précédent (une fois par build, au premier générateur)."""
        if fichier == self.fichier:
            return
        self.fichier, self.nouveaux = fichier, False
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            with open(fichier, "rb") as entree:
                version, codes = pickle.load(entree)
            if version == self.VERSION:
                for cle, (somme, octets) in codes.items():
                    self.codes.setdefault(cle, (somme, marshal.loads(octets)))

    def enregistrer(self):
        if not self.nouveaux or not self.fichier:
            return
        codes = {cle: (somme, marshal.dumps(code)) for cle, (somme, code) in self.codes.items()}
        with contextlib.suppress(OSError):  # un cache qu'on ne peut pas écrire n'empêche pas le build
            caches.ecrire(self.fichier, pickle.dumps((self.VERSION, codes), protocol=pickle.HIGHEST_PROTOCOL))
        self.nouveaux = False

    def get_bucket(self, environment, name, filename, source):
        return super().get_bucket(environment, f"{self.reglage(environment)}\0{name}", filename, source)

    def load_bytecode(self, bucket):
        somme, code = self.codes.get(bucket.key, (None, None))
        if somme == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket):
        self.codes[bucket.key] = (bucket.checksum, bucket.code)
        self.nouveaux = True


# Pour tout le processus : une source modifiée (make serve) change sa somme de contrôle, et se recompile.
GABARITS_COMPILES = GabaritsCompiles()


def enregistrer_gabarits(_pelican):
    GABARITS_COMPILES.enregistrer()


def preparer_gabarits(generator):
    env = generator.env
    env.add_extension(TypographieDesGabarits)
    GABARITS_COMPILES.charger(os.path.join(generator.settings["CACHE_PATH"], "contrat", "gabarits.pickle"))
    env.bytecode_cache = GABARITS_COMPILES
    env.filters.update(
        date_fr=dates.date_fr, periode_fr=dates.periode_fr, mois_fr=dates.mois_fr, iso=dates.iso,
        heure_fr=dates.heure_fr,
        # Nombres, tailles de fichiers, mots accordés au nombre : un seul format pour tout le site (formats.py).
        nombre=formats.nombre_fr, taille=formats.taille_fr, accord=formats.accord,
        # Un titre traduit de droite à gauche : ses termes français entre parenthèses restent entiers.
        termes_francais=formats.termes_francais,
        # Pour un texte composé par le code (messages, listes jointes) : la même règle que le reste.
        typographie=typographie.typographie_francaise,
    )
    # Pour base.html : l'adresse de la feuille de style (le site du build en garde la même valeur).
    env.globals["VERSION_CSS"] = version_css(generator.settings)


def register():
    # Un cache de contenu coupé par un Ctrl+C se relit comme absent, au lieu d'arrêter chaque build suivant.
    pelican_compat.lire_un_cache_coupe_comme_absent()
    # Avant toute lecture : un cache de contenu écrit par un autre lecteur est oublié.
    signals.initialized.connect(oublier_les_lectures_d_un_autre_lecteur)
    # Chaque build dit tous ses avertissements, même ceux d'un build précédent du même processus.
    signals.initialized.connect(pelican_compat.oublier_les_messages_deja_dits)
    # Notre lecteur remplace celui de Markdown pour les .md.
    signals.readers_init.connect(ajouter_lecteur)
    # Le premier générateur créé à chaque build : le bon moment pour tout vérifier, avant la lecture.
    signals.article_generator_init.connect(refuser_contenu_invalide)
    # Le générateur des pages, créé après celui des articles : son lecteur reçoit les mêmes lectures.
    signals.page_generator_init.connect(donner_les_lectures)
    # Les articles sont rangés par sujet et par rubrique : des listes à appartenance rapide.
    signals.article_generator_finalized.connect(pelican_compat.ranger_articles)
    # Articles et pages sont lus, les générateurs des capacités n'ont encore rien demandé : le site du build.
    signals.page_generator_finalized.connect(preparer_site)
    # Chaque générateur a son environnement Jinja : les filtres de dates vont dans chacun.
    signals.generator_init.connect(preparer_gabarits)
    # Le build a tout écrit : les gabarits compilés pour la première fois sont gardés pour le suivant.
    signals.finalized.connect(enregistrer_gabarits)
    # Les flux Atom : le résumé est du texte (type="text"), les titres gardent leurs espaces insécables.
    signals.get_writer.connect(donner_ecrivain)
    # Chaque flux de Pelican, avant son écriture : la date telle qu'on la connaît, en tête du texte.
    signals.feed_generated.connect(preciser_les_flux)
