"""Le rapport en PDF : WeasyPrint, sans aucune requête réseau, et un cache qui évite de refaire le travail.

Sans Pelican : reçoit le HTML déjà rendu (gabarit, feuille de style et données du rapport compris)
et un dossier de cache. Le rendu coûte environ une seconde par rapport ; le HTML, lui, ne coûte
presque rien : on le rend à chaque build et son empreinte dit si le PDF en cache est encore le bon.
"""

import glob
import hashlib
import os

import caches
import memoire
import weasyprint
from weasyprint.urls import URLFetcher


def empreinte(html):
    """Change dès que le rapport, son gabarit, sa feuille de style ou la version de WeasyPrint changent."""
    return hashlib.sha256(f"{weasyprint.__version__}\n{html}".encode("utf-8")).hexdigest()[:20]


def rendre(html, base_url):
    """Le PDF (octets). Seuls les fichiers locaux peuvent être lus : aucune police ni image venue d'ailleurs."""
    lecteur = URLFetcher(allowed_protocols={"file"})
    with memoire.seuils_ordinaires():  # les déchets de WeasyPrint partent au fil des PDF
        return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=lecteur).write_pdf()


def pdf_en_cache(html, dossier_cache, nom, base_url):
    """Chemin du PDF de `html` dans le cache, rendu seulement s'il n'y est pas encore.

    Renvoie (chemin, rendu) : `rendu` dit si WeasyPrint a travaillé. Le cache ne garde qu'une version
    par `nom` : les anciennes sont effacées quand une nouvelle est rendue.
    """
    chemin = os.path.join(dossier_cache, f"{nom}-{empreinte(html)}.pdf")
    if os.path.exists(chemin):
        return chemin, False
    caches.ecrire(chemin, rendre(html, base_url))
    for ancien in glob.glob(os.path.join(glob.escape(dossier_cache), f"{glob.escape(nom)}-*.pdf")):
        if ancien != chemin:
            os.remove(ancien)
    return chemin, True
