"""Petits outils partagés des caches du build (pas un plugin : un module commun).

- Le code qui fabrique un fichier fait partie de la clé de son cache : changer ce code refait le
  fichier, même si les données n'ont pas bougé (`empreinte_du_code`).
- Les PDF (fiches, recueil, rapports, et ceux à venir) ont un seul cache, `CachePdf` : rangés par
  empreinte de ce qui les fait, un journal par build, sans charger WeasyPrint tant qu'il n'y a rien à rendre.
- Un fichier de cache s'écrit d'un coup (`ecrire`) : un build interrompu ou un build voisin ne laisse
  jamais sous le nom final un fichier tronqué, que le build suivant reprendrait tel quel.
"""

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass

import formats


def empreinte_du_code(*modules):
    empreinte = hashlib.sha256()
    for module in modules:
        with open(module.__file__, "rb") as fichier:
            empreinte.update(fichier.read())
    return empreinte.hexdigest()


def ecrire(chemin, octets):
    """Écrit `octets` dans un fichier provisoire du même dossier, puis le met à la place de `chemin`."""
    dossier = os.path.dirname(chemin)
    os.makedirs(dossier, exist_ok=True)
    descripteur, provisoire = tempfile.mkstemp(dir=dossier, suffix=".provisoire")
    try:
        with os.fdopen(descripteur, "wb") as fichier:
            fichier.write(octets)
        os.replace(provisoire, chemin)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(provisoire)
        raise


def images_publiees(reglages):
    """Le dossier des images telles que le site les publie (plugin images) : les PDF les lisent là,
    réencodées et sans métadonnées, jamais dans content/images/."""
    return os.path.join(reglages["CACHE_PATH"], "images", "publiees")


def annoncer_pdf(quoi):
    """Un signe de vie avant de rendre un PDF absent du cache : WeasyPrint passe une seconde sur une fiche, 4 à
    10 s sur le recueil ou un rapport (deux cœurs occupés), et un premier build en rend une quinzaine."""
    print(f"Fabrication du PDF {quoi} (quelques secondes)…", flush=True)


def empreinte(*parties):
    """Empreinte de textes ou d'octets : deux builds qui donnent la même ont le même fichier."""
    h = hashlib.sha256()
    for partie in parties:
        donnees = partie if isinstance(partie, bytes) else str(partie).encode("utf-8")
        h.update(len(donnees).to_bytes(8, "big"))  # la frontière entre deux parties compte
        h.update(donnees)
    return h.hexdigest()


JOURNAL_PDF = "dernier-build.json"


@dataclass(frozen=True)
class Telechargement:
    """Un PDF du site, tel que les gabarits l'annoncent : son adresse et sa taille en français."""

    url: str  # relative à la racine du site, comme les autres adresses : « fiches-pratiques/garde-a-vue.pdf »
    octets: int
    cache: str  # le fichier du cache à copier dans le site
    empreinte: str  # la clé du PDF dans son cache (CachePdf.cle) : la version hors ligne en dépend

    @property
    def taille(self):
        return formats.taille_fr(self.octets)

    def publier(self, dossier):
        """Copie le PDF du cache à son adresse dans le site construit (`dossier` : le dossier de sortie)."""
        destination = os.path.join(dossier, self.url)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        shutil.copyfile(self.cache, destination)


class CachePdf:
    """Un dossier de PDF rangés par empreinte, hors de output/ : on peut le supprimer sans risque.

    `obtenir` ne rend un PDF que s'il n'est pas déjà là ; `terminer` écrit le journal du build (ce qui
    a été rendu, ce qui a été repris) et retire les PDF qu'aucun document de ce build n'utilise. La clé
    d'un PDF couvre ce qui le fait : son HTML, ses feuilles de style et `version` (rendu_pdf.VERSION :
    WeasyPrint et le récupérateur) ; `fabriquer` n'est appelé que si le PDF manque.
    """

    def __init__(self, dossier, version):
        self.dossier = dossier
        self.version = version
        os.makedirs(dossier, exist_ok=True)
        self.rendus = []
        self.reutilises = []
        self._utilises = set()

    def cle(self, html, feuilles=()):
        return empreinte(html, *feuilles, self.version)

    def obtenir(self, nom, cle_pdf, fabriquer, quoi=None):
        """Le chemin du PDF de clé `cle_pdf` (`cle`) ; `fabriquer()` (-> octets) n'est appelé que s'il manque.
        `quoi` : ce que le signe de vie annonce (« de la fiche « garde-a-vue » »). Le fichier porte le nom
        du document et la clé : « garde-a-vue-<clé>.pdf »."""
        (resultat,) = self.obtenir_tous([(nom, cle_pdf, None, quoi)], lambda _travaux: [fabriquer()])
        return resultat

    def obtenir_tous(self, demandes, fabriquer_tous):
        """[(nom, cle_pdf, travail, quoi)] -> [chemin du PDF, ou l'exception qui l'a empêché], dans l'ordre.

        `fabriquer_tous([travail…])` (-> [octets ou exception], dans l'ordre) ne reçoit que les PDF qui
        manquent, tous d'un coup : il peut les rendre en parallèle (rendu_pdf.rendre_plusieurs).
        """
        chemins = [os.path.join(self.dossier, f"{nom}-{cle_pdf}.pdf") for nom, cle_pdf, _, _ in demandes]
        self._utilises.update(os.path.basename(c) for c in chemins)
        manquants = [i for i, chemin in enumerate(chemins) if not os.path.exists(chemin)]
        for i, (nom, _, _, quoi) in enumerate(demandes):
            if i not in manquants:
                self.reutilises.append(nom)
            else:
                annoncer_pdf(quoi or f"« {nom} »")
        resultats = list(chemins)
        if manquants:
            for i, octets in zip(manquants, fabriquer_tous([demandes[i][2] for i in manquants]), strict=True):
                if isinstance(octets, BaseException):
                    resultats[i] = octets
                    continue
                ecrire(chemins[i], octets)
                self.rendus.append(demandes[i][0])
        return resultats

    def terminer(self):
        for nom in os.listdir(self.dossier):
            if nom.endswith(".pdf") and nom not in self._utilises:
                os.remove(os.path.join(self.dossier, nom))
        journal = {"rendus": self.rendus, "reutilises": self.reutilises}
        with open(os.path.join(self.dossier, JOURNAL_PDF), "w", encoding="utf-8") as fichier:
            json.dump(journal, fichier, ensure_ascii=False, indent=1)
        return journal
