"""Les liens internes d'un site construit : chaque lien mène à un fichier qui existe, et chaque ancre
(« #… ») à un id de la page visée.

Pur : ne lit que le dossier construit, sans Pelican. `verifier(dossier, site)` renvoie la liste des
problèmes, en français ; une liste vide veut dire que tout va bien.
"""

import os
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit


# Les balises de fusion des outils d'envoi de courriel (« [[DESINSCRIPTION]] » dans lettre-email.html) :
# l'outil les remplace par un vrai lien pour chaque abonné ; ce ne sont pas des liens du site.
BALISE_DE_FUSION = re.compile(r"^\[\[[A-Z_]+\]\]$")


class _Page(HTMLParser):
    """Les liens (avec leur ligne) et les ancres d'une page HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.liens = []
        self.ancres = set()

    def handle_starttag(self, tag, attrs):
        ligne = self.getpos()[0]
        attributs = {nom: valeur for nom, valeur in attrs if valeur is not None}
        for nom, valeur in attributs.items():
            if nom == "id" or (tag == "a" and nom == "name"):
                self.ancres.add(valeur)
            elif nom in ("href", "src"):
                self.liens.append((ligne, valeur.strip()))
            elif nom == "srcset":
                self.liens += [(ligne, candidat.split()[0]) for candidat in valeur.split(",") if candidat.strip()]
        # Les pages de redirection n'ont que ce lien-là pour emmener le navigateur.
        if tag == "meta" and attributs.get("http-equiv", "").lower() == "refresh":
            _, _, cible = attributs.get("content", "").partition("=")
            if cible:
                self.liens.append((ligne, cible.strip().strip("'\"")))

    handle_startendtag = handle_starttag


def _lire(chemin):
    page = _Page()
    with open(chemin, encoding="utf-8") as fichier:
        page.feed(fichier.read())
    page.close()
    return page


def _interne(adresse, site):
    """L'adresse vue depuis la racine du site, ou None si elle mène ailleurs (autre site, mailto:…)."""
    if BALISE_DE_FUSION.match(adresse):
        return None
    if site and (adresse == site or adresse.startswith((site + "/", site + "#", site + "?"))):
        return adresse[len(site):] or "/"
    morceaux = urlsplit(adresse)
    if morceaux.scheme or morceaux.netloc:
        return None
    return adresse


def fichier_vise(dossier, chemin):
    """Le fichier que servirait un hébergeur statique (GitHub Pages) pour ce chemin, ou None."""
    relatif = unquote(chemin).lstrip("/")
    complet = os.path.join(dossier, relatif)
    if not relatif or relatif.endswith("/") or os.path.isdir(complet):
        complet = os.path.join(complet, "index.html")
    return complet if os.path.isfile(complet) else None


def verifier(dossier, site=""):
    """Vérifie tous les liens internes de toutes les pages .html de `dossier`.

    `site` est l'adresse du site en ligne (SITEURL) : les liens absolus qui commencent par elle
    sont internes. Renvoie la liste des problèmes, en français, triée par page.
    """
    dossier = os.path.abspath(dossier)
    site = site.rstrip("/")
    pages = {}

    def page(chemin):
        if chemin not in pages:
            pages[chemin] = _lire(chemin)
        return pages[chemin]

    problemes = []
    for repertoire, _, fichiers in os.walk(dossier):
        for nom in sorted(fichiers):
            if not nom.endswith(".html"):
                continue
            source = os.path.join(repertoire, nom)
            relatif = os.path.relpath(source, dossier).replace(os.sep, "/")
            for ligne, adresse in page(source).liens:
                interne = _interne(adresse, site)
                if interne is None or not interne.strip():
                    continue
                cible = urlsplit(urljoin("/" + relatif, interne))
                fichier = fichier_vise(dossier, cible.path)
                if fichier is None:
                    probleme = "mène à une page qui n'existe pas"
                elif cible.fragment and fichier.endswith(".html") and unquote(cible.fragment) not in page(fichier).ancres:
                    probleme = f"mène à une ancre « #{unquote(cible.fragment)} » absente de la page"
                else:
                    continue
                problemes.append((relatif, ligne, f"{relatif}, ligne {ligne} : le lien « {adresse} » {probleme}"))
    return [message for _, _, message in sorted(problemes)]
