"""Le plan du site (sitemap.xml) : chaque page publique, la page d'accueil comprise, avec la date de sa
dernière modification."""

import datetime
import os
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


def _build(dossier):
    """Ce que les signaux de début et de fin d'un build donnent au plan : l'objet Pelican, son dossier de sortie."""
    dossier.mkdir(exist_ok=True)
    return SimpleNamespace(output_path=str(dossier), settings={"SITE_CANONIQUE": SITE})


def _ecrire_page(build, relatif, document):
    pelican_wiring.noter(os.path.join(build.output_path, relatif), {"article": document, "OUTPUT_PATH": build.output_path})


def test_la_date_du_plan_est_celle_de_la_derniere_modification_pas_celle_de_la_premiere_publication(tmp_path):
    build = _build(tmp_path)
    pelican_wiring.commencer(build)
    fiche = SimpleNamespace(date=datetime.datetime(2024, 1, 10, 0, 0), modified=datetime.datetime(2025, 6, 3, 0, 0))
    communique = SimpleNamespace(date=datetime.datetime(2020, 1, 13, 0, 0), modified=None)
    _ecrire_page(build, "fiches-pratiques/f/index.html", fiche)
    _ecrire_page(build, "communiques/c/index.html", communique)
    pelican_wiring.ecrire(build)
    xml = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE}/fiches-pratiques/f/</loc>\n    <lastmod>2025-06-03</lastmod>" in xml
    assert f"<loc>{SITE}/communiques/c/</loc>\n    <lastmod>2020-01-13</lastmod>" in xml


def test_deux_builds_du_meme_processus_ont_chacun_leur_plan(tmp_path):
    # make serve reconstruit dans le même processus ; deux builds peuvent même s'y chevaucher (chacun dans
    # son dossier neuf) : aucune page de l'un n'entre dans le plan de l'autre, ni dans celui du build suivant.
    un, deux = _build(tmp_path / "un"), _build(tmp_path / "deux")
    page = SimpleNamespace(date=datetime.datetime(2020, 1, 13, 0, 0), modified=None)
    pelican_wiring.commencer(un)
    pelican_wiring.commencer(deux)
    _ecrire_page(un, "communiques/a/index.html", page)
    _ecrire_page(deux, "communiques/b/index.html", page)
    pelican_wiring.ecrire(un)
    pelican_wiring.ecrire(deux)
    assert adresses((tmp_path / "un" / "sitemap.xml").read_text(encoding="utf-8")) == [f"{SITE}/communiques/a/"]
    assert adresses((tmp_path / "deux" / "sitemap.xml").read_text(encoding="utf-8")) == [f"{SITE}/communiques/b/"]
    trois = _build(tmp_path / "trois")
    pelican_wiring.commencer(trois)
    pelican_wiring.ecrire(trois)
    assert adresses((tmp_path / "trois" / "sitemap.xml").read_text(encoding="utf-8")) == []


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


def test_une_adresse_exclue_l_est_exactement_ni_ses_voisines_ni_les_pages_dessous():
    # Les pages de redirection : exclues par leur adresse exacte (un ensemble), pas par motif.
    pages = [("agir/x/index.html", None), ("agir/x/suite/index.html", None), ("agir/x-2/index.html", None),
             ("vieux.html", None)]
    xml = plan_xml(pages, SITE, exclues=frozenset({"agir/x/", "vieux.html"}))
    assert adresses(xml) == [f"{SITE}/agir/x-2/", f"{SITE}/agir/x/suite/"]
