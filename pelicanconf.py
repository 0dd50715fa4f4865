"""Réglages du site Tous Migrants (aperçu local). `publishconf.py` n'en change que quelques-uns."""

import os
import sys

# Pelican charge les plugins par leur nom ; le contrat est aussi importé par outils/ et les tests.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins"))

from contrat.typographie import typographie_francaise  # noqa: E402

# --- Le site ---------------------------------------------------------------
AUTHOR = "Tous Migrants"
SITENAME = "Tous Migrants"
SITESUBTITLE = "Mouvement citoyen de défense des droits des personnes exilées, Briançon"
SITEURL = ""
# Adresse du site publié : les flux et les exports citent toujours celle-ci.
SITE_CANONIQUE = "https://tousmigrants.org"
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
LOCALE_BABEL = "fr_FR"
THEME = "theme"

# Adresses publiques (rapport d'activité 2020)
ADRESSE_POSTALE = "Tous Migrants, 3 rue Aspirant Jan, 05100 Briançon"
# L'année où cette adresse est attestée (le rapport 2020) : le site la date tant que l'association ne l'a
# pas confirmée pour aujourd'hui ; vider ce réglage une fois l'adresse confirmée.
ADRESSE_POSTALE_EN = "2020"
CONTACT_PRESSE = "communication@tousmigrants.org"
CONTACT_JURIDIQUE = "actionjuridique@tousmigrants.org"
# La note d'un document dont le texte a été récrit (origine: reconstitue), sur sa page, son PDF, son courriel.
TEXTE_RECONSTITUE = "Texte reconstitué d'après le rapport d'activité 2020"

# --- Mentions légales (article 6 de la loi n° 2004-575 du 21 juin 2004, LCEN) ----------------------
# Seule l'association peut les donner : tant qu'une valeur est vide, la page /mentions-legales/ affiche
# « À compléter par l'association » et chaque build le signale en une ligne.
# Prénom et nom d'une personne, ou de plusieurs (la loi dit « directeur ou codirecteur ») : un nom, pas une fonction.
DIRECTEUR_PUBLICATION = ""
TELEPHONE_ASSOCIATION = ""
CONTACT_ASSOCIATION = "secretariatgeneral@tousmigrants.org"
# Nom et adresse : déclaration de confidentialité de GitHub, section « Contact Us »
# (https://docs.github.com/en/site-policy/privacy-policies/github-general-privacy-statement), qui ne donne
# pas de numéro de téléphone : à demander à GitHub ou à trouver dans une source publique, puis à écrire ici.
HEBERGEUR_NOM = "GitHub, Inc."
HEBERGEUR_ADRESSE = "88 Colin P. Kelly Jr. Street, San Francisco, CA 94107, États-Unis"
HEBERGEUR_TELEPHONE = ""

# « Aujourd'hui » pour l'agenda et la chronologie : la date du build, sauf si
# TM_AUJOURDHUI=AAAA-MM-JJ est donnée (tests, aperçu d'une date future).
AUJOURDHUI = os.environ.get("TM_AUJOURDHUI", "")

# --- Le contrat de contenu : listes fermées --------------------------------
# L'ordre compte : c'est celui des sections du rapport d'activité.
POLES = {
    "sensibilisation": "Sensibilisation",
    "plaidoyer": "Plaidoyer",
    "juridique": "Actions juridiques",
    "maraudes": "Maraudes",
    "reseaux": "Réseaux inter-associatifs",
    "elus": "Partenariat avec les élus",
    "communication": "Communication",
    "vie-associative": "Vie du mouvement",
}

# clé : (singulier, pluriel). L'ordre est celui des groupes dans une section du rapport.
NATURES = {
    "tribune": ("Tribune", "Tribunes"),
    "lettre-ouverte": ("Lettre ouverte", "Lettres ouvertes"),
    "appel": ("Appel", "Appels"),
    "petition": ("Pétition", "Pétitions"),
    "conference-de-presse": ("Conférence de presse", "Conférences de presse"),
    "manifestation": ("Manifestation", "Manifestations"),
    "evenement": ("Événement", "Événements"),
    "hommage": ("Hommage", "Hommages"),
    "rencontre": ("Rencontre", "Rencontres"),
    "publication": ("Publication", "Publications"),
    "observation": ("Observation", "Observations"),
    "refere": ("Référé", "Référés"),
    "recours": ("Recours", "Recours"),
    "saisine": ("Saisine", "Saisines"),
    "poursuite": ("Poursuite contre des solidaires", "Poursuites contre des solidaires"),
    "proces": ("Procès", "Procès"),
    "decision": ("Décision de justice", "Décisions de justice"),
    "maraude": ("Maraude", "Maraudes"),
    "assemblee-generale": ("Assemblée générale", "Assemblées générales"),
}

# clé : libellé qui suit le nombre (« 192 personnes secourues »).
# Les chiffres s'additionnent sur l'année : ne compter un fait qu'une fois.
CHIFFRES = {
    "personnes_secourues": "personnes secourues",
    "interventions_umma": "interventions de l'UMMA",
    "evacuations_pompiers": "personnes évacuées par les pompiers",
    "participants": "participants",
    "signatures": "signatures",
    "organisations_signataires": "organisations signataires",
    "gardes_a_vue": "gardes à vue",
    "auditions_libres": "auditions libres",
    "exemplaires_imprimes": "exemplaires imprimés",
    "euros_collectes": "euros collectés",
}

# Publications (content/publications/) : clé -> (singulier, pluriel), dans l'ordre des groupes de
# /publications/. « rapport » et « recueil » y sont aussi remplis tout seuls : les PDF des rapports
# d'activité et le recueil des fiches pratiques.
NATURES_PUBLICATIONS = {
    "livret": ("Livret", "Livrets"),
    "livre": ("Livre", "Livres"),
    "tract": ("Tract", "Tracts"),
    "affiche": ("Affiche", "Affiches"),
    "film": ("Film", "Films"),
    "rapport": ("Rapport", "Rapports d'activité"),
    "recueil": ("Recueil", "Recueils"),
}
# Une couverture tirée de la première page du PDF : sa largeur en pixels.
COUVERTURE_LARGEUR = 300

# Fiches pratiques
PUBLICS = {
    "maraudeurs": "Maraudeurs",
    "exiles": "Personnes exilées",
    "benevoles": "Bénévoles",
}
THEMES_FICHES = {
    "police-justice": "Face à la police et à la justice",
    "frontiere-asile": "Frontière et droit d'asile",
    "solidarite": "Solidarité et maraudes",
}
FICHE_VERIFICATION_MOIS = 12

# Les langues des fiches traduites (content/traductions/<code>/) : code -> (son nom dans sa langue, sens
# d'écriture). Une langue de plus = une ligne ici et son dossier, par exemple "ti": ("ትግርኛ", "ltr").
LANGUES = {"en": ("English", "ltr"), "ar": ("العربية", "rtl"), "fa": ("دری", "rtl"), "ps": ("پښتو", "rtl")}
# Les dates d'une langue écrites comme dans un pays (Babel) : le dari d'Afghanistan dit « جنوری، مارچ، نومبر »
# pour les mois grégoriens, l'iranien « ژانویه، مارس، نوامبر ». La page reste lang="fa" (lisible en Iran aussi).
LANGUES_LOCALES = {"fa": "fa_AF"}

# --- Lecture ----------------------------------------------------------------
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["contrat", "images", "plan_du_site", "rapports", "chronologie", "chiffres", "agenda", "fiches", "redirections", "lettres_email", "editeur", "mentions_legales", "publications", "traductions"]
USE_FOLDER_AS_CATEGORY = True
ARTICLE_PATHS = ["communiques", "lettres", "fiches-pratiques", "actions"]
PAGE_PATHS = ["pages"]
# content/images/ n'est pas copié tel quel : le plugin images en publie des versions réencodées, sans
# métadonnées (position GPS, appareil, XMP), et leurs variantes. fichiers/ : les PDF des publications.
STATIC_PATHS = ["extra", "fichiers"]
# Le CNAME ne sert qu'au site publié (publishconf.py). Les fichiers cachés (.DS_Store, ._x.md de macOS,
# .#x.md d'Emacs) ne sont jamais lus : le contrat suit cette même liste, il lit ce que Pelican lit.
IGNORE_FILES = [".*", "*~", "README.md", "CNAME"]
DEFAULT_DATE = None
# La date de chaque document est celle de son en-tête (obligatoire, vérifiée par le contrat) : celle que
# Pelican lit par défaut dans le nom du fichier (2020-09-21-…) était toujours remplacée, après un passage
# par dateutil pour chaque fichier de chaque build (~0,15 s à N = 4000).
FILENAME_METADATA = ""
SUMMARY_MAX_LENGTH = 40
FORMATTED_FIELDS = []  # le résumé (« En bref ») reste du texte, échappé par Jinja
# jinja2.ext.i18n : les gabarits écrivent _("texte français") ; une page traduite l'affiche dans sa langue
# (catalogues theme/translations/<langue>/LC_MESSAGES/messages.po, plugin traductions).
# auto_reload=False : chaque build (et chaque reconstruction de make serve) crée ses environnements Jinja, qui
# n'ont donc jamais un gabarit périmé ; sans lui, Jinja relit la date de chaque gabarit à chaque page (~19 000
# fois à N = 4000, ~0,1 s).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "extensions": ["jinja2.ext.i18n"],
                     "auto_reload": False}
# Pas d'extension smarty : elle doublait le coût du Markdown ; les apostrophes, guillemets et espaces
# insécables sont posés en une passe par contrat/typographie.py.
MARKDOWN = {
    "extension_configs": {
        # Tableaux : align="…" plutôt que style="text-align: …", que la politique de sécurité des pages
        # refuse (aucun style en ligne) et que le contrôle du HTML des textes retire.
        "markdown.extensions.extra": {"tables": {"use_align_attribute": True}},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# Un brouillon (status: draft) n'apparaît nulle part.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""

# --- Adresses (stables : ne pas changer sans redirection) -------------------
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
TAG_URL = "sujets/{slug}/"
TAG_SAVE_AS = "sujets/{slug}/index.html"
TAGS_URL = "sujets/"
TAGS_SAVE_AS = "sujets/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
INDEX_SAVE_AS = "index.html"
SLUGIFY_SOURCE = "title"
# Comme Pelican, mais l'apostrophe sépare les mots : « l'État » donne « l-etat », pas « letat ».
SLUG_REGEX_SUBSTITUTIONS = [
    (r"'", "-"),
    (r"[^\w\s-]", ""),
    (r"(?u)\A[\s-]*", ""),
    (r"(?u)[\s-]*\Z", ""),
    (r"[-\s]+", "-"),
]
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
# Du plus récent au plus ancien ; à date égale, par slug : deux builds du même contenu sont identiques
# (sinon l'ordre de lecture des fichiers, qui varie avec le cache, décide, et chaque publication change tout).
# Une fonction nommée, pas une lambda : le cache de contenu de Pelican enregistre les réglages avec pickle,
# qui ne sait pas enregistrer une lambda (le cache restait vide et le build suivant échouait).
# Un document daté au mois près (« décembre 2018 ») vient en tête de son mois, comme dans la chronologie.
def ordre_des_articles(article):
    from contrat.dates import cle_de_tri_recente

    return (*cle_de_tri_recente(article.date, article.metadata.get("precision")), article.slug)


ARTICLE_ORDER_BY = ordre_des_articles
DIRECT_TEMPLATES = ["index", "tags", "404", "recherche"]
RECHERCHE_SAVE_AS = "recherche/index.html"
RECHERCHE_URL = "recherche/"
PAGINATED_TEMPLATES = {"category": 20, "tag": 20}
DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Flux ---------------------------------------------------------------------
FEED_DOMAIN = SITE_CANONIQUE
FEED_ALL_ATOM = "feeds/tout.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_ATOM = None
FEED_RSS = None
FEED_ALL_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
FEED_MAX_ITEMS = 30

# --- Cache ----------------------------------------------------------------------
CACHE_PATH = "cache/pelican"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
# Le cache de contenu sans gzip : Pelican le réécrit en entier à chaque build (le HTML de tous les documents,
# ~12 Mo à N = 4000), et la compression en coûtait la plus grande part (~0,3 s par build). Le contrat oublie
# un cache écrit avec l'autre réglage (contrat/pelican_wiring.py, oublier_les_lectures_d_un_autre_lecteur).
GZIP_CACHE = False
# PDF des fiches pratiques et des rapports d'activité (WeasyPrint, gardés en cache d'un build à l'autre).
# Le banc d'essai (bench/) les coupe pour mesurer le reste du build, et mesure leur coût à part.
GENERER_PDF = True

# --- Sécurité ------------------------------------------------------------------
# La politique de sécurité (Content-Security-Policy) de chaque page publique, dans un <meta> : GitHub Pages
# n'envoie aucun en-tête. Scripts, styles, images et le reste : du site lui-même seulement ; aucun script ni
# style écrit dans une page, pas d'eval, pas de cadre, pas de plugin. /admin/ (l'éditeur) a la sienne.
# (frame-ancestors n'a pas d'effet dans un <meta> : il n'y est pas.)
POLITIQUE_SECURITE = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
    "frame-src 'none'; base-uri 'self'; form-action 'self'"
)
# La recherche : la feuille de style de Pagefind dessine la loupe par une image data: (vu dans Chromium).
# Son WebAssembly tourne dans un worker (/pagefind/pagefind-worker.js, du site), que la politique d'une page
# ne couvre pas : 'wasm-unsafe-eval' n'est pas nécessaire (essayé : recherche sans violation).
POLITIQUE_SECURITE_RECHERCHE = POLITIQUE_SECURITE.replace("img-src 'self'", "img-src 'self' data:")

# --- Thème -----------------------------------------------------------------------
def N_(texte):
    """Marque un libellé à traduire (pybabel extract -k N_) ; le gabarit le traduit à l'affichage (_())."""
    return texte


MENU = [
    ("communiques/", N_("Communiqués")),
    ("chronologie/", N_("Chronologie")),
    ("fiches-pratiques/", N_("Fiches pratiques")),
    ("agenda/", N_("Agenda")),
    ("rapports/", N_("Rapports")),
    ("association/", N_("L’association")),
    ("recherche/", N_("Recherche")),
]
CATEGORIES_LIBELLES = {
    "communiques": "Communiqués de presse",
    "lettres": "Lettres d'information",
    "fiches-pratiques": "Fiches pratiques",
    "actions": "Actions",
}
CATEGORIES_DESCRIPTIONS = {
    "communiques": "Les communiqués de presse de Tous Migrants, du plus récent au plus ancien, chacun avec son « En bref ».",
    "lettres": "Les lettres d'information envoyées aux abonnés, à lire en ligne.",
    "fiches-pratiques": "Des informations juridiques générales pour les maraudeurs, les bénévoles et les personnes exilées, datées et vérifiées, à imprimer ou à garder hors ligne.",
    "actions": "Toutes les actions datées : événements, actions en justice, plaidoyer, maraudes.",
}
EXTRA_PATH_METADATA = {
    "extra/favicon.svg": {"path": "favicon.svg"},
    "extra/logo.svg": {"path": "logo.svg"},  # aussi sur la page de connexion de l'éditeur (/admin/)
    "extra/robots.txt": {"path": "robots.txt"},
}

# Les libellés que le site affiche passent par la même typographie que le contenu (apostrophe, espaces
# insécables avant : ; ! ?) : on les écrit au clavier, ici comme dans les fichiers de content/.
def _typographie(valeur):
    if isinstance(valeur, str):
        return typographie_francaise(valeur)
    if isinstance(valeur, dict):
        return {cle: _typographie(v) for cle, v in valeur.items()}
    if isinstance(valeur, (list, tuple)):
        return type(valeur)(_typographie(v) for v in valeur)
    return valeur


(SITESUBTITLE, MENU, POLES, NATURES, CHIFFRES, PUBLICS, THEMES_FICHES, CATEGORIES_LIBELLES, CATEGORIES_DESCRIPTIONS,
 NATURES_PUBLICATIONS) = (
    _typographie(v) for v in (SITESUBTITLE, MENU, POLES, NATURES, CHIFFRES, PUBLICS, THEMES_FICHES,
                              CATEGORIES_LIBELLES, CATEGORIES_DESCRIPTIONS, NATURES_PUBLICATIONS)
)

# Pages absentes du plan du site (expressions régulières sur l'adresse)
PLAN_DU_SITE_EXCLUSIONS = ["^admin/", "^traductions/", "^hors-ligne/", "^[a-z]{2,3}/hors-ligne/", "lettre-email", "/page/\\d+/$", "^404\\.html$"]

# --- Liens internes -------------------------------------------------------------
# Un lien du texte vers une adresse qu'aucune page n'a : signalé dans l'aperçu (« avertir »),
# refusé pour le site publié (publishconf.py : « refuser »).
LIENS_INTERNES_CASSES = "avertir"
