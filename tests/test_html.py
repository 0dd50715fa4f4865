"""Le HTML produit : valide pour le Nu HTML Checker, décrit pour les moteurs et les réseaux sociaux."""

import json
import re
import subprocess

import pytest

from conftest import RACINE

VNU = RACINE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = "java"


def pages_html(site):
    return sorted(p for p in site.dossier.rglob("*.html") if "pagefind" not in p.parts)


def test_le_nu_html_checker_ne_trouve_aucune_erreur(site):
    if not VNU.exists():
        pytest.fail("vnu.jar manque dans node_modules : lancez les tests par `make test`, qui fait `npm ci`.")
    resultat = subprocess.run(
        # Le compilateur rapide de la JVM seul (C1) et un seul fil de ramasse-miettes : deux fois moins de temps
        # de processeur pour une seule passe sur les pages ; C1 empile plus profond, d'où une pile plus grande.
        [JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m", "-jar", str(VNU), "--errors-only", "--format", "json",
         *map(str, pages_html(site))],
        capture_output=True, text=True, timeout=600,
    )
    # vnu sort en 0 sans erreur, en 1 avec des erreurs (listées en JSON) ; tout autre cas (java absent,
    # jar illisible, sortie qui n'est pas du JSON) est un échec du test, jamais un succès silencieux.
    try:
        messages = json.loads(resultat.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu n'a pas rendu de rapport lisible (code {resultat.returncode}) :\n{resultat.stderr[-2000:]}")
    erreurs = [f"{m['url'].split(str(site.dossier))[-1]} : {m['message']}" for m in messages if m["type"] == "error"]
    assert erreurs == []
    assert resultat.returncode == 0, resultat.stderr[-2000:]
    assert len(pages_html(site)) > 100


def meta(html, nom):
    trouve = re.search(rf'<meta (?:name|property)="{re.escape(nom)}" content="([^"]*)"', html)
    return trouve and trouve.group(1)


def test_chaque_page_a_une_description(site):
    sans = [str(p.relative_to(site.dossier)) for p in pages_html(site)
            if "/admin/" not in p.as_posix() and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
            and not (meta(p.read_text(encoding="utf-8"), "description") or "").strip()]
    assert sans == []


@pytest.mark.parametrize("dossier", ["communiques", "actions"])
def test_communiques_et_actions_ont_leur_carte_de_partage(site, dossier):
    pages = [p for p in (site.dossier / dossier).glob("*/index.html") if p.parent.name != "page"]
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        slug = page.parent.name
        assert meta(html, "og:title"), page
        assert meta(html, "og:description"), page
        assert meta(html, "og:url") == f"https://tousmigrants.org/{dossier}/{slug}/"
        assert meta(html, "og:image") == "https://tousmigrants.org/images/tous-migrants-partage.png"
        assert meta(html, "twitter:card") == "summary_large_image"
    assert site.existe("/images/tous-migrants-partage.png")


def test_aucun_gabarit_ne_charge_une_ressource_d_un_autre_site():
    for gabarit in (RACINE / "theme").rglob("*.html"):
        texte = gabarit.read_text(encoding="utf-8")
        externes = re.findall(r'(?:src|href)="(?:https?:)?//[^"]+"', texte)
        assert externes == [], gabarit


def test_l_adresse_postale_est_datee_tant_que_l_association_ne_l_a_pas_confirmee(site):
    # L'adresse vient du rapport 2020 : le site ne la présente pas comme actuelle (ADRESSE_POSTALE_EN).
    assert "3 rue Aspirant Jan, 05100 Briançon (adresse en 2020)." in site.texte("/")
    assert "à confirmer par l’association" in site.texte("/mentions-legales/")
