"""Les PDF des fiches : rendu par le seul chemin des PDF du site (rendu_pdf : ni réseau, ni fichier hors
du site, ni pièce jointe), QR code, et cache des PDF d'un build à l'autre.

Sans Pelican : on reçoit du HTML déjà produit (le gabarit PDF rempli) et on rend des octets. Le
cache garde un PDF par empreinte de ce HTML (+ feuille de style + version de WeasyPrint) : un build
ne refait que les PDF dont la fiche a changé.
"""

import json
import os
import re

import caches
import rendu_pdf
import segno

from .fiches import empreinte

JOURNAL = "dernier-build.json"


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
    """Ce qui fait le PDF : le HTML rempli, la feuille de style, le moteur de rendu et son récupérateur."""
    return empreinte(html, css, rendu_pdf.VERSION)


def rendre(html, css, base_url, recuperateur):
    """Un document HTML -> les octets du PDF (le format A4 est dans la feuille de style), ou PdfRefuse."""
    return rendu_pdf.rendre(html, base_url, recuperateur, feuilles=[css])


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
        caches.annoncer_pdf(f"de la fiche « {nom} »")
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
