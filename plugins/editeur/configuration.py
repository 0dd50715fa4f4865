"""Pur : la configuration de l'éditeur visuel (Decap CMS, `admin/config.yml`), tirée du contrat de contenu.

Le contrat (`contrat.regles`) dit quels champs chaque type accepte et lesquels sont obligatoires ; les
listes fermées (pôles, natures, chiffres, publics, thèmes) arrivent des réglages dans un `regles.Listes`.
Ce module ne décide que de la présentation : le libellé français et le widget de chaque champ. Un champ
ajouté au contrat sans sa présentation ici arrête le build (`ChampSansPresentation`) : l'éditeur ne doit
jamais écrire un fichier que le contrat refuse, ni ignorer un champ qu'il accepte.
"""

import re

import yaml

from contrat import regles

FORMAT_DATE = "YYYY-MM-DD"  # le seul que le contrat accepte (regles._date)
LOGO = "../logo.svg"  # content/extra/logo.svg, publié à la racine du site (EXTRA_PATH_METADATA)
PORT_LOCAL = 8081  # celui de decap-server quand PORT n'est pas donné

# type -> (libellé, libellé au singulier, description affichée au-dessus de la liste)
COLLECTIONS = {
    "communique": ("Communiqués", "Communiqué", "Les communiqués de presse. L'« En bref » est obligatoire : "
                   "les journalistes le lisent en premier."),
    "lettre": ("Lettres d'information", "Lettre d'information", "Les lettres envoyées aux abonnés, à lire en ligne."),
    "fiche": ("Fiches pratiques", "Fiche pratique", "Informations juridiques générales, datées et vérifiées. "
              "Après chaque relecture juridique, remplissez « Relue par » et « Vérifiée le »."),
    "action": ("Actions", "Action", "Toutes les actions datées : elles nourrissent l'agenda, la chronologie "
               "et le rapport d'activité."),
    "page": ("Pages", "Page", "Les pages simples du site (l'association, presse, mentions légales…)."),
    "publication": ("Publications", "Publication", "Livrets, tracts, affiches, livres, films : la page "
                    "/publications/. Sans PDF, la page dit « sur demande » avec l'adresse du pôle communication."),
}
# Le nom de fichier que donne `invoke new` : AAAA-MM-JJ-titre.md. La date est celle du champ, écrite telle
# quelle : les {{year}}-{{month}}-{{day}} de Decap lisent la date à minuit heure locale puis la convertissent
# en UTC, ce qui donne la veille en France (27 novembre -> 2026-11-26-…).
NOM_DE_FICHIER = "{{fields.date}}-{{slug}}"
NOM_DE_PAGE = "{{slug}}"  # les pages n'ont pas de date dans leur nom (content/pages/association.md)


class ChampSansPresentation(Exception):
    """Le contrat accepte un champ que l'éditeur ne sait pas présenter."""


def _texte(libelle, indice=None, motif=None, widget="string"):
    champ = {"label": libelle, "widget": widget}
    if indice:
        champ["hint"] = indice
    if motif:
        champ["pattern"] = list(motif)
    return champ


def _date(libelle, indice=None):
    # Un champ <input type="date"> ; la valeur est écrite « 2026-11-27 », sans heure ni fuseau.
    champ = {"label": libelle, "widget": "datetime", "format": FORMAT_DATE, "date_format": FORMAT_DATE,
             "time_format": False, "picker_utc": False}
    return {**champ, "hint": indice} if indice else champ


def _choix(libelles, libelle, multiple=False):
    """Un menu des clés d'une liste fermée, chacune sous son libellé français (le singulier des natures)."""
    options = [{"label": t if isinstance(t, str) else t[0], "value": cle} for cle, t in libelles.items()]
    champ = {"label": libelle, "widget": "select", "options": options}
    return {**champ, "multiple": True} if multiple else champ


def _liste(libelle, indice):
    # Sans sous-champ, le widget list de Decap est une ligne de texte dont les virgules séparent les valeurs.
    return {"label": libelle, "widget": "list", "hint": indice}


def _chiffres(listes):
    # Le contrat veut un dictionnaire « clé: nombre » ; un objet à un champ nombre par chiffre connu l'écrit
    # tel quel (les cases laissées vides sont retirées avant l'enregistrement, par editeur.js).
    return {
        "label": "Chiffres",
        "widget": "object",
        "collapsed": True,
        "hint": "Seulement les chiffres de cette action : ceux d'une année s'additionnent dans son rapport.",
        "fields": [
            {"name": cle, "label": libelle[:1].upper() + libelle[1:], "widget": "number", "value_type": "int",
             "min": 0, "required": False}
            for cle, libelle in listes.chiffres.items()
        ],
    }


_SLUG = (f"^{regles.MOTIF_SLUG}$", "Des minuscules sans accent, des chiffres et des tirets")
_HEURE = (f"^{regles.MOTIF_HEURE}$", "Une heure HH:MM, par exemple 18:30")
_STATUTS = {"draft": "Brouillon", "published": "Publié"}
_PRECISIONS = {"jour": "Au jour près", "mois": "Au mois près", "annee": "À l'année près"}  # dates.PRECISIONS
_ORIGINES = {"original": "Texte original", "reconstitue": "Reconstitué d'après le rapport d'activité"}  # regles.ORIGINES

# Chaque champ du contrat, dans l'ordre du formulaire et de l'en-tête écrit : nom -> présentation.
PRESENTATIONS = {
    "title": lambda listes: _texte("Titre"),
    "date": lambda listes: {**_date("Date"), "default": "{{now}}"},
    "date_fin": lambda listes: _date("Date de fin", "Pour une action sur plusieurs jours ; pas avant la date."),
    "precision": lambda listes: {**_choix(_PRECISIONS, "Date connue"), "hint": (
        "Laisser vide si le jour est sûr. Au mois près, la date s'écrit au 1er du mois ; à l'année près, "
        "au 1er janvier : le site n'affiche alors que « décembre 2018 » ou « 2018 »."
    )},
    "heure": lambda listes: _texte("Heure", "HH:MM, par exemple 18:30", _HEURE),
    "lieu": lambda listes: _texte("Lieu"),
    "pole": lambda listes: _choix(listes.poles, "Pôle"),
    "nature": lambda listes: _choix(listes.natures, "Nature de l'action"),
    "summary": lambda listes: _texte("En bref", "Une ou deux phrases : qui, quoi, quand, où. Sans mise en forme.",
                                     widget="text"),
    "modified": lambda listes: _date("Dernière mise à jour"),
    "verifiee_le": lambda listes: _date("Vérifiée le", "Date de la dernière relecture juridique, avec « Relue par »."),
    "verifiee_par": lambda listes: _texte("Relue par", "Qui a fait la relecture juridique : une personne ou "
                                          "« pôle action juridique ». Vide : « Relecture juridique en attente »."),
    "public": lambda listes: _choix(listes.publics, "Pour qui", multiple=True),
    "theme": lambda listes: _choix(listes.themes, "Thème"),
    "numero": lambda listes: {**_texte("Numéro", widget="number"), "value_type": "int", "min": 1},
    "partenaires": lambda listes: _liste("Partenaires", "Organisations cosignataires ou partenaires, "
                                         "séparées par des virgules."),
    "chiffres": _chiffres,
    "suite_de": lambda listes: _texte("Suite de", "L'adresse courte (slug) de l'action que celle-ci prolonge, "
                                      "par exemple proces-agents-paf.", _SLUG),
    "tags": lambda listes: _liste("Sujets", "Mots séparés par des virgules, par exemple : frontière, maraudes."),
    "slug": lambda listes: _texte("Fin de l'adresse", "Facultatif : sinon tirée du titre. Minuscules sans accent, "
                                  "chiffres et tirets.", _SLUG),
    "status": lambda listes: {**_choix(_STATUTS, "Statut"), "hint": "Un brouillon n'apparaît nulle part sur le site."},
    "origine": lambda listes: {**_choix(_ORIGINES, "Origine du texte"), "hint": (
        "« Reconstitué » : le texte a été récrit d'après le rapport d'activité, la page le dit. "
        "Laisser vide pour le texte original."
    )},
    "fichier": lambda listes: {"label": "Fichier PDF", "widget": "file", "media_folder": "/content/fichiers",
                               "public_folder": "/fichiers", "hint": "Le PDF à télécharger ; sans lui, la page dit "
                               "« sur demande ». Sans couverture, le site en fait une avec sa première page."},
    "couverture": lambda listes: {"label": "Couverture", "widget": "image", "hint": "Une image JPEG ou PNG ; "
                                  "facultatif si le PDF est donné."},
    "action": lambda listes: _texte("Action liée", "L'adresse courte (slug) de l'action qui la présente, "
                                    "par exemple livret-au-nom-de-la-loi.", _SLUG),
    "template": lambda listes: _texte("Gabarit particulier", "Par exemple presse ; sinon laisser vide."),
    "anciennes_urls": lambda listes: _liste("Anciennes adresses", "Adresses de l'ancien site qui redirigent ici, "
                                            "commençant par /."),
}
# Un champ du même nom qui, pour un type, se présente autrement : la nature d'une publication (livret,
# tract…) n'est pas celle d'une action.
PRESENTATIONS_DU_TYPE = {
    "publication": {
        "nature": lambda listes: _choix(listes.natures_publications, "Nature de la publication"),
        "summary": lambda listes: _texte("Résumé", "Deux ou trois phrases : ce que c'est, pour qui, quand. "
                                         "Sans mise en forme.", widget="text"),
    },
}
CORPS = {"name": "body", "label": "Texte", "widget": "markdown", "required": False}  # le contrat ne l'exige pas


def champs(type_, listes):
    """Les champs du formulaire d'un type : ceux du contrat, obligatoires là où il les exige, puis le texte."""
    acceptes = regles.champs_du_type(type_)
    sans = sorted(set(acceptes) - set(PRESENTATIONS))
    if sans:
        raise ChampSansPresentation(
            f"l'éditeur ne sait pas présenter {', '.join(sans)} ({regles.NOMS_TYPES[type_]}) : "
            "ajoutez-les à PRESENTATIONS dans plugins/editeur/configuration.py"
        )
    obligatoires = regles.obligatoires(type_)
    resultat = []
    propres = PRESENTATIONS_DU_TYPE.get(type_, {})
    for nom, presenter in PRESENTATIONS.items():
        if nom in acceptes:
            champ = {"name": nom, **propres.get(nom, presenter)(listes)}
            if nom not in obligatoires:
                champ["required"] = False
            resultat.append(champ)
    return [*resultat, CORPS]


def collection(type_, listes):
    dossier = next(d for d, t in regles.TYPES.items() if t == type_)
    libelle, singulier, description = COLLECTIONS[type_]
    return {
        "name": dossier,
        "label": libelle,
        "label_singular": singulier,
        "description": description,
        "folder": f"content/{dossier}",
        "create": True,
        "extension": "md",
        "format": "yaml-frontmatter",
        "identifier_field": "title",
        "slug": NOM_DE_PAGE if type_ == "page" else NOM_DE_FICHIER,
        "summary": "{{title}}" if type_ == "page" else "{{date | date('DD/MM/YYYY')}} · {{title}}",
        "sortable_fields": [{"field": "date", "default_sort": "desc"}, "title"],
        "fields": champs(type_, listes),
    }


def serveur_local(port):
    # 127.0.0.1 et non localhost : la valeur par défaut de Decap (localhost) peut viser ::1, où
    # decap-server n'écoute pas quand on le lie à 127.0.0.1.
    return f"http://127.0.0.1:{int(port)}/api/v1"


def configuration(listes, depot, branche, authentification, site, port_local=PORT_LOCAL):
    """La configuration complète de Decap CMS, en structures Python simples.

    depot : « propriétaire/nom » du dépôt GitHub ; authentification : l'adresse du service OAuth
    (GitHub Pages ne peut pas échanger le code OAuth contre un jeton) ; site : l'adresse du site en ligne.
    Sans dépôt ni service (None), la configuration n'en invente pas : seul l'éditeur local (`make edit`,
    par decap-server) peut enregistrer.
    """
    messages = {
        "create": "Éditeur : création de « {{slug}} » ({{collection}})",
        "update": "Éditeur : modification de « {{slug}} » ({{collection}})",
        "delete": "Éditeur : suppression de « {{slug}} » ({{collection}})",
        "uploadMedia": "Éditeur : ajout de l'image {{path}}",
        "deleteMedia": "Éditeur : suppression de l'image {{path}}",
    }
    if depot:
        backend = {
            "name": "github", "repo": depot, "branch": branche,
            **({"base_url": authentification, "auth_endpoint": "auth"} if authentification else {}),
            "commit_messages": messages,
        }
    else:
        # Sans dépôt, le backend GitHub de Decap s'arrête au démarrage (« needs a repo ») : l'éditeur ne
        # parle alors qu'à decap-server (`make edit`), qui écrit dans content/.
        backend = {"name": "proxy", "proxy_url": serveur_local(port_local), "branch": branche,
                   "commit_messages": messages}
    return {
        "locale": "fr",
        "backend": backend,
        # En local (page servie par 127.0.0.1), Decap écrit par decap-server dans content/ au lieu de GitHub.
        "local_backend": {"url": serveur_local(port_local)},
        # Le logo de l'association sur la page de connexion, servi par le site lui-même : une adresse relative
        # à /admin/, juste en ligne comme en local (`make edit`), sans requête vers un autre site.
        "logo": {"src": LOGO},
        "site_url": site,
        "display_url": site,
        "show_preview_links": False,
        "media_folder": "content/images",
        "public_folder": "/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(type_, listes) for type_ in COLLECTIONS],
    }


def config_yaml(config):
    """Le texte de admin/config.yml, écrit par une bibliothèque YAML (jamais par concaténation)."""
    entete = "# Généré à chaque build depuis le contrat de contenu (plugins/editeur) : ne pas modifier à la main.\n"
    return entete + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120)


def politique_de_securite(config):
    """La Content-Security-Policy de la page de l'éditeur : le navigateur lui-même refuse toute requête vers
    un autre hôte que le site, le serveur local et l'API de GitHub (même la page d'état de GitHub, que Decap
    interroge sinon toutes les deux minutes).

    Decap a besoin d'eval (ajv compile ses schémas), de WebAssembly et de styles en ligne (emotion).
    """
    local = re.match(r"https?://[^/]+", config["local_backend"]["url"]).group(0)
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src 'self' data: blob: {local} https://api.github.com",
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
    ])


# Le bundle de decap-cms (dist/) : le script, ses morceaux chargés à la demande, leurs .wasm et la licence ;
# pas les .map (25 Mo), ni cms.js, l'ancien nom du même script.
_BUNDLE = re.compile(r"^(decap-cms\.js|decap-cms\.js\.LICENSE\.txt|\d+\.decap-cms\.js|[0-9a-f]+\.wasm)$")


def fichiers_du_bundle(noms):
    """Les fichiers de dist/ à copier dans admin/, triés ; vide si decap-cms.js n'y est pas."""
    retenus = sorted(n for n in noms if _BUNDLE.match(n))
    return retenus if "decap-cms.js" in retenus else []
