"""Pur : les entrées de /publications/, leurs groupes par nature, et la couverture tirée d'un PDF.

Sans Pelican. Une entrée vient d'un enregistrement du contrat (content/publications/) ou d'un PDF que
le site fabrique lui-même (un rapport d'activité, le recueil des fiches) : la page les montre de la
même façon, et personne ne recopie à la main ce que le site sait déjà.
"""

import datetime
import hashlib
import io
import os
import sys
from dataclasses import dataclass

import caches


@dataclass(frozen=True)
class Entree:
    """Ce que /publications/ montre d'une publication."""

    ancre: str  # l'id de l'entrée dans la page : /publications/#<ancre>
    titre: str
    nature: str  # une clé de NATURES_PUBLICATIONS
    date: datetime.date
    precision: str = "jour"
    resume: str = ""
    fichier: str | None = None  # adresse du PDF, relative à la racine du site ; None : « sur demande »
    octets: int | None = None
    couverture: "Couverture | None" = None
    action: str | None = None  # adresse de la page de l'action liée, relative à la racine du site


@dataclass(frozen=True)
class Couverture:
    url: str  # relative à la racine du site
    largeur: int
    hauteur: int


@dataclass(frozen=True)
class Groupe:
    nature: str
    libelle: str  # le pluriel : « Livrets »
    entrees: tuple


def entree_de(record, octets=None, couverture=None, action_url=None):
    """L'entrée d'une publication de content/publications/ (un enregistrement du contrat)."""
    return Entree(
        ancre=record.slug, titre=record.title, nature=record.nature, date=record.date, precision=record.precision,
        resume=record.summary, fichier=record.fichier.lstrip("/") if record.fichier else None, octets=octets,
        couverture=couverture, action=action_url,
    )


# Les textes écrits ici ont déjà la typographie du site (’, espaces insécables) : ils ne passent pas par celle
# du contenu.
def entree_de_rapport(annee, url, octets, couverture=None):
    """Le PDF du rapport d'activité d'une année, tel que le site le fabrique."""
    return Entree(
        ancre=f"rapport-{annee}", titre=f"Rapport d’activité {annee}", nature="rapport",
        date=datetime.date(annee, 1, 1), precision="annee", fichier=url, octets=octets, couverture=couverture,
        resume=f"Ce que Tous Migrants a fait en {annee}, pôle par pôle, avec les chiffres de l’année.",
    )


def entree_de_recueil(date, url, octets, couverture=None):
    """Le recueil de toutes les fiches pratiques, en un PDF à imprimer."""
    return Entree(
        ancre="recueil-fiches-pratiques", titre="Recueil des fiches pratiques", nature="recueil", date=date,
        fichier=url, octets=octets, couverture=couverture,
        resume="Toutes les fiches pratiques en un seul PDF, à imprimer ou à garder sur son téléphone.",
    )


def groupes(entrees, natures):
    """Les entrées par nature, dans l'ordre de NATURES_PUBLICATIONS ; dans un groupe, la plus récente
    d'abord. Les groupes vides sont omis."""
    resultat = []
    for cle, (_, pluriel) in natures.items():
        du_groupe = sorted((e for e in entrees if e.nature == cle), key=lambda e: (-e.date.toordinal(), e.titre))
        if du_groupe:
            resultat.append(Groupe(cle, pluriel, tuple(du_groupe)))
    return resultat


# --- La couverture tirée de la première page d'un PDF ----------------------------------------------

def couverture_de_pdf(octets_pdf, largeur):
    """La première page d'un PDF en JPEG de `largeur` pixels : (octets, largeur, hauteur).

    Pillow n'écrit dans le JPEG que ce qu'on lui donne : ni EXIF, ni XMP, ni ICC, ni vignette ; le
    rendu de pdfium ne porte rien du PDF (auteur, logiciel) dans l'image."""
    import pypdfium2  # ici : pdfium ne se charge que s'il y a une couverture à faire

    pdf = pypdfium2.PdfDocument(octets_pdf)
    try:
        page = pdf[0]
        echelle = largeur / page.get_width()
        image = page.render(scale=echelle).to_pil().convert("RGB")
    finally:
        pdf.close()
    if image.width != largeur:  # l'arrondi de pdfium peut donner un pixel de plus ou de moins
        image = image.resize((largeur, round(image.height * largeur / image.width)))
    sortie = io.BytesIO()
    image.save(sortie, "JPEG", quality=80, optimize=True, progressive=True)
    return sortie.getvalue(), image.width, image.height


# Le code qui fabrique la couverture fait partie de la clé du cache : le changer refait les couvertures.
CODE = caches.empreinte_du_code(sys.modules[__name__])[:12]


def couverture_en_cache(chemin_pdf, dossier_cache, largeur):
    """(chemin du JPEG en cache, largeur, hauteur) pour la première page de `chemin_pdf`.

    La clé est l'empreinte des octets du PDF (comme le cache des PDF du site) : un PDF remplacé, même
    sous le même nom, a une nouvelle couverture ; un PDF inchangé ne repasse pas par pdfium."""
    with open(chemin_pdf, "rb") as fichier:
        octets = fichier.read()
    cle = hashlib.sha256(octets + f"\n{largeur}\n{CODE}".encode("ascii")).hexdigest()[:20]
    chemin = os.path.join(dossier_cache, f"{cle}.jpg")
    taille = os.path.join(dossier_cache, f"{cle}.taille")
    if os.path.exists(chemin) and os.path.exists(taille):
        with open(taille, encoding="ascii") as fichier:
            l, h = (int(x) for x in fichier.read().split())
        return chemin, l, h
    jpeg, l, h = couverture_de_pdf(octets, largeur)
    caches.ecrire(chemin, jpeg)
    caches.ecrire(taille, f"{l} {h}".encode("ascii"))
    return chemin, l, h
