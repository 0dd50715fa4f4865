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


def plan_xml(pages, site, exclusions=(), alternatives=None, exclues=frozenset()):
    """pages : (chemin relatif du fichier écrit, date de dernière modification ou None) ; exclusions : des
    expressions régulières ; exclues : des adresses exactes (les pages de redirection) ;
    alternatives : {adresse: [(langue, adresse)]}, les versions d'une page dans chaque langue (elle comprise)."""
    alternatives = alternatives or {}
    # Une seule expression pour toutes les exclusions : une recherche par page, pas une par motif. Les adresses
    # exactes vont dans un ensemble : en motifs « ^…$ », chaque page les essayait toutes à chaque position
    # (137 redirections du banc à N = 4000 : ~0,4 s).
    exclue = re.compile("|".join(f"(?:{m})" for m in exclusions)).search if exclusions else (lambda adresse: False)
    vues = {}
    for chemin, modifie in pages:
        if not chemin.endswith(".html"):
            continue
        adresse = adresse_publique(chemin)
        if adresse in exclues or exclue(adresse):
            continue
        vues[adresse] = modifie
    racine = site.rstrip("/") + "/"
    # L'espace de noms xhtml, seulement si une page a des versions dans d'autres langues (xhtml:link).
    xhtml = ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' if any(a in vues for a in alternatives) else ""
    lignes = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{xhtml}>']
    for adresse in sorted(vues):
        lignes.append(f"  <url><loc>{escape(racine + adresse)}</loc>")
        if vues[adresse]:
            lignes.append(f"    <lastmod>{vues[adresse].isoformat()}</lastmod>")
        for langue, autre in alternatives.get(adresse, ()):
            lignes.append(f'    <xhtml:link rel="alternate" hreflang="{escape(langue)}" href="{escape(racine + autre)}"/>')
        lignes.append("  </url>")
    lignes.append("</urlset>")
    return "\n".join(lignes) + "\n"
