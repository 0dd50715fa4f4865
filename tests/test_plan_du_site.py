"""Le plan du site (sitemap.xml) : chaque page publique, la page d'accueil comprise, avec la date de sa
dernière modification."""

import datetime
import re
from types import SimpleNamespace

from conftest import RACINE
from contrat import frontmatter
from plan_du_site import pelican_wiring
from plan_du_site.plan import plan_xml

SITE = "https://tousmigrants.org"


def adresses(xml):
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_la_page_d_accueil_est_dans_le_plan_a_la_racine_du_site():
    xml = plan_xml([("index.html", None), ("communiques/x/index.html", None), ("404.html", None)], SITE)
    assert adresses(xml) == [f"{SITE}/", f"{SITE}/404.html", f"{SITE}/communiques/x/"]


def test_le_plan_du_vrai_site_commence_par_la_page_d_accueil(site):
    plan = adresses(site.texte("/sitemap.xml"))
    assert plan[0] == f"{SITE}/"
    assert len(plan) == len(set(plan)) > 100


def test_la_date_du_plan_est_celle_de_la_derniere_modification_pas_celle_de_la_premiere_publication(tmp_path):
    pelican_wiring.commencer(None)
    fiche = SimpleNamespace(date=datetime.datetime(2024, 1, 10, 0, 0), modified=datetime.datetime(2025, 6, 3, 0, 0))
    communique = SimpleNamespace(date=datetime.datetime(2020, 1, 13, 0, 0), modified=None)
    pelican_wiring.noter(str(tmp_path / "fiches-pratiques/f/index.html"), {"article": fiche, "OUTPUT_PATH": str(tmp_path)})
    pelican_wiring.noter(str(tmp_path / "communiques/c/index.html"), {"article": communique, "OUTPUT_PATH": str(tmp_path)})
    xml = plan_xml(pelican_wiring._Plan.pages, SITE)
    pelican_wiring.commencer(None)
    assert f"<loc>{SITE}/fiches-pratiques/f/</loc>\n    <lastmod>2025-06-03</lastmod>" in xml
    assert f"<loc>{SITE}/communiques/c/</loc>\n    <lastmod>2020-01-13</lastmod>" in xml


def test_chaque_fiche_du_vrai_site_porte_sa_date_de_mise_a_jour_dans_le_plan(site):
    plan = site.texte("/sitemap.xml")
    fiches = sorted((RACINE / "content" / "fiches-pratiques").glob("*.md"))
    assert fiches
    for chemin in fiches:
        meta = frontmatter.lire(chemin).meta
        slug = meta.get("slug") or chemin.stem[len("AAAA-MM-JJ-"):]
        attendu = f"<loc>{SITE}/fiches-pratiques/{slug}/</loc>\n    <lastmod>{meta['modified']}</lastmod>"
        assert attendu in plan, chemin.name


def test_une_page_traduite_porte_ses_versions_dans_les_autres_langues():
    versions = [("fr", "fiches-pratiques/f/"), ("ar", "ar/fiches-pratiques/f/")]
    xml = plan_xml([("fiches-pratiques/f/index.html", None), ("ar/fiches-pratiques/f/index.html", None)], SITE,
                   alternatives={"fiches-pratiques/f/": versions, "ar/fiches-pratiques/f/": versions})
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in xml
    for adresse in ("fiches-pratiques/f/", "ar/fiches-pratiques/f/"):
        bloc = xml.split(f"<loc>{SITE}/{adresse}</loc>", 1)[1].split("</url>", 1)[0]
        assert f'<xhtml:link rel="alternate" hreflang="ar" href="{SITE}/ar/fiches-pratiques/f/"/>' in bloc
        assert f'<xhtml:link rel="alternate" hreflang="fr" href="{SITE}/fiches-pratiques/f/"/>' in bloc
    assert "xmlns:xhtml" not in plan_xml([("index.html", None)], SITE)
