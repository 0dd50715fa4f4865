"""Les PDF des fiches : rendu WeasyPrint sans réseau, QR code, et cache des PDF d'un build à l'autre.

Sans Pelican : on reçoit du HTML déjà produit (le gabarit PDF rempli) et on rend des octets. Le
cache garde un PDF par empreinte de ce HTML (+ feuille de style + version de WeasyPrint) : un build
ne refait que les PDF dont la fiche a changé.
"""

import json
import os
import re
import urllib.parse
import urllib.request

import caches
import memoire
import segno
import weasyprint
from weasyprint.urls import URLFetcher

from .fiches import empreinte

JOURNAL = "dernier-build.json"


class RecuperateurLocal(URLFetcher):
    """Ce que WeasyPrint peut charger : des fichiers locaux connus, jamais le réseau.

    `adresses` associe une adresse publique (https://tousmigrants.org/images/x.jpg) au fichier source
    correspondant : une image du site est lue sur le disque. `racines` limite les fichiers lisibles.
    Tout le reste (http, https, ftp…) est refusé ; WeasyPrint le signale, et le build est refusé.
    """

    def __init__(self, adresses=None, racines=()):
        super().__init__(allowed_protocols={"file", "data"})
        self._adresses = dict(adresses or {})
        self._racines = [os.path.realpath(r) for r in racines]

    def fetch(self, url, headers=None):
        sans_fragment = url.split("#", 1)[0]
        if sans_fragment in self._adresses:
            url = "file://" + urllib.request.pathname2url(os.path.realpath(self._adresses[sans_fragment]))
        if url.startswith("file:"):
            chemin = os.path.realpath(urllib.request.url2pathname(urllib.parse.urlsplit(url).path))
            if not any(os.path.commonpath([chemin, r]) == r for r in self._racines):
                raise ValueError(f"fichier hors du site, non chargé : {chemin}")
        return super().fetch(url, headers)


def qr_svg(adresse):
    """Le QR code d'une adresse, en SVG à insérer dans le HTML (taille fixée par la feuille de style)."""
    return segno.make(adresse, error="m", micro=False).svg_inline(
        border=2, omitsize=True, svgclass=None, lineclass=None, title=adresse
    )


_ID = re.compile(r'(?<![\w-])(id|href)="(#?)([^"]*)"')


def prefixer_ancres(html, prefixe):
    """Préfixe les id d'un contenu et ses liens internes (#…) : le recueil réunit plusieurs fiches
    dont les intertitres ont les mêmes id (« ce-que-dit-la-loi »), et une ancre doit être unique."""

    def remplacer(m):
        attribut, diese, valeur = m.groups()
        if attribut == "id":
            return f'id="{prefixe}{valeur}"'
        if diese:
            return f'href="#{prefixe}{valeur}"'
        return m.group(0)

    return _ID.sub(remplacer, html)


_RACINE = re.compile(r'(?<![\w-])(href|src)="/(?!/)')


def absolutiser(html, site):
    """Les liens « /fiches-pratiques/… » deviennent « https://tousmigrants.org/fiches-pratiques/… ».

    Sur papier, seul un lien complet a un sens ; et le HTML (donc l'empreinte du PDF) est le même que
    le site soit construit pour l'aperçu (liens relatifs) ou pour la publication (liens absolus).
    """
    return _RACINE.sub(lambda m: f'{m.group(1)}="{site.rstrip("/")}/', html)


def cle(html, css):
    """Ce qui fait le PDF : le HTML rempli, la feuille de style, et la version du moteur de rendu."""
    return empreinte(html, css, weasyprint.__version__)


def rendre(html, css, base_url, recuperateur):
    """Un document HTML -> les octets du PDF (le format A4 est dans la feuille de style)."""
    with memoire.seuils_ordinaires():  # les déchets de WeasyPrint partent au fil des PDF
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=recuperateur)
        feuille = weasyprint.CSS(string=css, url_fetcher=recuperateur)
        return document.write_pdf(stylesheets=[feuille])


class CachePdf:
    """Un dossier de PDF rangés par empreinte, hors de output/ : on peut le supprimer sans risque.

    `obtenir` ne rend un PDF que s'il n'est pas déjà là ; `terminer` écrit le journal du build (ce qui
    a été rendu, ce qui a été repris) et retire les PDF qu'aucune fiche de ce build n'utilise.
    """

    def __init__(self, dossier):
        self.dossier = dossier
        os.makedirs(dossier, exist_ok=True)
        self.rendus = []
        self.reutilises = []
        self._utilises = set()

    def obtenir(self, nom, cle_pdf, fabriquer):
        """Le chemin du PDF de cette empreinte ; `fabriquer()` (-> octets) n'est appelé que s'il manque."""
        chemin = os.path.join(self.dossier, cle_pdf + ".pdf")
        self._utilises.add(os.path.basename(chemin))
        if os.path.exists(chemin):
            self.reutilises.append(nom)
            return chemin
        caches.ecrire(chemin, fabriquer())
        self.rendus.append(nom)
        return chemin

    def terminer(self):
        for nom in os.listdir(self.dossier):
            if nom.endswith(".pdf") and nom not in self._utilises:
                os.remove(os.path.join(self.dossier, nom))
        journal = {"rendus": self.rendus, "reutilises": self.reutilises}
        with open(os.path.join(self.dossier, JOURNAL), "w", encoding="utf-8") as fichier:
            json.dump(journal, fichier, ensure_ascii=False, indent=1)
        return journal
