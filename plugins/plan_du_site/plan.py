"""Pur : la liste des pages écrites -> le XML du plan du site.

On n'utilise pas pelican-sitemap : son état vit au niveau du module et n'est remis à zéro qu'en fin de
build réussi ; après un build refusé (contenu invalide), `make serve` n'écrivait plus jamais le plan.
"""

import re
from xml.sax.saxutils import escape


def adresse_publique(chemin_relatif):
    """« communiques/x/index.html » -> « communiques/x/ » ; « 404.html » reste tel quel."""
    if chemin_relatif == "index.html":
        return ""
    if chemin_relatif.endswith("/index.html"):
        return chemin_relatif[: -len("index.html")]
    return chemin_relatif


def plan_xml(pages, site, exclusions=()):
    """pages : (chemin relatif du fichier écrit, date de dernière modification ou None)."""
    # Une seule expression pour toutes les exclusions : une recherche par page, pas une par motif.
    exclue = re.compile("|".join(f"(?:{m})" for m in exclusions)).search if exclusions else (lambda adresse: False)
    vues = {}
    for chemin, modifie in pages:
        if not chemin.endswith(".html"):
            continue
        adresse = adresse_publique(chemin)
        if exclue(adresse):
            continue
        vues[adresse] = modifie
    lignes = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for adresse in sorted(vues):
        lignes.append(f"  <url><loc>{escape(site.rstrip('/') + '/' + adresse)}</loc>")
        if vues[adresse]:
            lignes.append(f"    <lastmod>{vues[adresse].isoformat()}</lastmod>")
        lignes.append("  </url>")
    lignes.append("</urlset>")
    return "\n".join(lignes) + "\n"
