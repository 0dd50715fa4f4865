"""Le serveur de l'aperçu local (`make serve`) : il sert output/, montre dans le navigateur pourquoi une
reconstruction a été refusée, et recharge la page après chaque reconstruction réussie.

Rien de tout cela n'est écrit dans output/ ni publié : le serveur ajoute aux pages HTML qu'il sert un
`<script src="/_apercu/apercu.js">`, un fichier à part (la Content-Security-Policy des pages interdit
les scripts écrits dans la page), qui demande `/_apercu/etat` chaque seconde. Il n'écoute que sur
cet ordinateur (127.0.0.1).
"""

import errno
import html
import json
import os
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "apercu.js")
BALISE = '<script src="/_apercu/apercu.js" defer></script>'
# L'éditeur visuel (/admin/) garde ce qu'on y tape : il ne doit pas se recharger à chaque enregistrement.
SANS_RECHARGEMENT = ("/admin/",)


class PortOccupe(Exception):
    """Le port demandé est déjà pris (souvent par un autre aperçu resté ouvert)."""


class Etat:
    """Ce que le navigateur doit savoir : un numéro qui change à chaque reconstruction, et, si la
    dernière a été refusée, le message (en français) qui dit pourquoi."""

    def __init__(self):
        self._verrou = threading.Lock()
        self.version = 0
        self.refus = None
        self.avertissements = None

    def reussie(self, avertissements=None):
        with self._verrou:
            self.version += 1
            self.refus = None
            self.avertissements = avertissements or None

    def refusee(self, message):
        with self._verrou:
            self.version += 1
            self.refus = message

    def en_json(self):
        with self._verrou:
            return json.dumps({"version": self.version, "refus": self.refus, "avertissements": self.avertissements},
                              ensure_ascii=False)


def injecter(page):
    """La page HTML avec le script de l'aperçu, juste avant </head> (ou à la fin s'il n'y en a pas)."""
    position = page.lower().find("</head>")
    if position < 0:
        return page + BALISE
    return page[:position] + BALISE + page[position:]


def page_de_refus(message):
    """La page montrée quand aucun site n'a encore pu être construit : les problèmes, en français."""
    return injecter(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Aperçu : à corriger</title></head>'
        "<body><h1>L'aperçu n'a pas pu être construit</h1>"
        "<p>Corrigez le fichier nommé ci-dessous et enregistrez-le : cette page se recharge toute seule.</p>"
        f'<pre id="apercu-page-refus">{html.escape(message)}</pre></body></html>'
    )


class _Gestionnaire(SimpleHTTPRequestHandler):
    def __init__(self, *args, etat, **kwargs):
        self.etat = etat
        super().__init__(*args, **kwargs)

    def log_message(self, *args):
        pass  # une ligne par fichier servi noierait les messages utiles

    def end_headers(self):
        # L'aperçu change à chaque enregistrement : le navigateur ne garde rien.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _envoyer(self, corps, type_, code=200):
        octets = corps.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", type_)
        self.send_header("Content-Length", str(len(octets)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(octets)

    def _page_html(self):
        """Le fichier HTML que cette adresse sert, ou None (autre type de fichier, ou absent)."""
        chemin = self.translate_path(self.path)
        if os.path.isdir(chemin):
            if not urlsplit(self.path).path.endswith("/"):
                return None  # SimpleHTTPRequestHandler redirige vers l'adresse avec « / »
            chemin = os.path.join(chemin, "index.html")
        return chemin if chemin.endswith(".html") and os.path.isfile(chemin) else None

    def do_GET(self):
        adresse = unquote(urlsplit(self.path).path)
        if adresse == "/_apercu/etat":
            return self._envoyer(self.etat.en_json(), "application/json; charset=utf-8")
        if adresse == "/_apercu/apercu.js":
            with open(SCRIPT, encoding="utf-8") as fichier:
                return self._envoyer(fichier.read(), "text/javascript; charset=utf-8")
        if not os.path.isdir(self.directory):
            return self._envoyer(page_de_refus(self.etat.refus or "Le site est en cours de construction."),
                                 "text/html; charset=utf-8", 503)
        page = self._page_html()
        if page is None or adresse.startswith(SANS_RECHARGEMENT):
            return super().do_GET()
        with open(page, encoding="utf-8") as fichier:
            return self._envoyer(injecter(fichier.read()), "text/html; charset=utf-8")


def demarrer(dossier, hote, port, etat):
    """Sert `dossier` sur hote:port dans un fil à part ; renvoie le serveur (`shutdown()` pour l'arrêter).

    Lève PortOccupe si le port est déjà pris."""
    try:
        serveur = ThreadingHTTPServer((hote, int(port)), partial(_Gestionnaire, directory=dossier, etat=etat))
    except OSError as erreur:
        if erreur.errno == errno.EADDRINUSE:
            raise PortOccupe(port) from None
        raise
    serveur.daemon_threads = True
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    return serveur


# Ce que les éditeurs de texte écrivent à côté d'un fichier le temps de l'enregistrer.
_TEMPORAIRES = ("~", ".swp", ".swx", ".tmp", ".part")
_AJOUTE = 1  # watchfiles.Change.added


def fichiers_changes(changements, racine):
    """Les fichiers vraiment changés, une fois chacun : chemins relatifs à `racine`, triés.

    Un seul enregistrement donne souvent plusieurs changements (le fichier écrit deux fois, un fichier
    temporaire créé puis effacé aussitôt) : on compte des fichiers, pas des changements.
    `changements` : des paires (genre, chemin) de watchfiles.
    """
    genres = {}
    for genre, chemin in changements:
        nom = os.path.basename(chemin)
        if nom.startswith((".", "#")) or nom.endswith(_TEMPORAIRES) or nom == "4913":  # 4913 : l'essai de vim
            continue
        genres.setdefault(chemin, set()).add(int(genre))
    return sorted(
        os.path.relpath(chemin, racine) for chemin, vus in genres.items()
        if not os.path.isdir(chemin) and (os.path.exists(chemin) or _AJOUTE not in vus)
    )
