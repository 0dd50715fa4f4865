"""Le rapport en PDF : rendu par le seul chemin des PDF du site (rendu_pdf : aucune requête réseau,
aucun fichier hors du site), et un cache qui évite de refaire le travail.

Sans Pelican : reçoit le HTML déjà rendu (gabarit, feuille de style et données du rapport compris)
et un dossier de cache. Le rendu coûte environ une seconde par rapport ; le HTML, lui, ne coûte
presque rien : on le rend à chaque build et son empreinte dit si le PDF en cache est encore le bon.
"""

import glob
import hashlib
import os

import caches
import rendu_pdf


def empreinte(html):
    """Change dès que le rapport, son gabarit, sa feuille de style, WeasyPrint ou rendu_pdf changent."""
    return hashlib.sha256(f"{rendu_pdf.VERSION}\n{html}".encode("utf-8")).hexdigest()[:20]


def pdf_en_cache(html, dossier_cache, nom, base_url, recuperateur):
    """Chemin du PDF de `html` dans le cache, rendu seulement s'il n'y est pas encore.

    Renvoie (chemin, rendu) : `rendu` dit si WeasyPrint a travaillé. Le cache ne garde qu'une version
    par `nom` : les anciennes sont effacées quand une nouvelle est rendue. `rendu_pdf.PdfRefuse` si le
    HTML demande un fichier que le site ne lit pas (rien n'est alors écrit dans le cache).
    """
    chemin = os.path.join(dossier_cache, f"{nom}-{empreinte(html)}.pdf")
    if os.path.exists(chemin):
        return chemin, False
    caches.annoncer_pdf(f"du rapport « {nom} »")
    caches.ecrire(chemin, rendu_pdf.rendre(html, base_url, recuperateur))
    for ancien in glob.glob(os.path.join(glob.escape(dossier_cache), f"{glob.escape(nom)}-*.pdf")):
        if ancien != chemin:
            os.remove(ancien)
    return chemin, True
