"""Le site dans un vrai navigateur : accessibilité (axe-core), vie privée, poids, recherche, Lighthouse.

Chaque genre de page est servi en local et ouvert dans le Chromium de Debian ; des captures à 390 et
1280 px sont écrites dans output-tests/ pour qu'un humain les regarde.
"""

import re
from urllib.parse import urlsplit

import pytest

from conftest import MESURES, RACINE, SORTIE_TESTS, lighthouse

# Une page de chaque genre.
PAGES = {
    "accueil": "/",
    "communiques": "/communiques/",
    "lettres": "/lettres/",
    "fiches": "/fiches-pratiques/",
    "actions": "/actions/",
    "communique": "/communiques/11-personnes-secourues-montgenevre/",
    "lettre": "/lettres/lettre-septembre-2020/",
    "fiche": "/fiches-pratiques/garde-a-vue/",
    "action": "/actions/proces-agents-paf/",
    "sujet": "/sujets/justice/",
    "sujets": "/sujets/",
    "chronologie": "/chronologie/",
    "chronologie-annee": "/chronologie/2020/",
    "rapport": "/rapports/2020/",
    "rapports": "/rapports/",
    "agenda": "/agenda/",
    "recherche": "/recherche/",
    "presse": "/presse/",
    "publications": "/publications/",
    "chiffres": "/chiffres/",
    "association": "/association/",
    "404": "/404.html",
    # Les fiches dans les langues des personnes exilées, de droite à gauche pour l'arabe, le dari et le pachto.
    "fiche-ar": "/ar/fiches-pratiques/garde-a-vue/",
    "fiches-fa": "/fa/fiches-pratiques/",
    "accueil-ps": "/ps/",
    "fiche-en": "/en/fiches-pratiques/urgence-en-montagne/",
    "recherche-ar": "/ar/recherche/",
}
LARGEURS = {"telephone": 390, "bureau": 1280}
AXE = RACINE / "node_modules" / "axe-core" / "axe.min.js"
REGLES_WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail("axe-core manque dans node_modules : lancez les tests par `make test`, qui fait `npm ci`.")
    return AXE.read_text(encoding="utf-8")


def ouvrir(navigateur, url, largeur, sombre=False):
    """Ouvre une page dans un contexte neuf (cache vide) ; renvoie (contexte, page, requêtes vues)."""
    # bypass_csp : axe-core s'injecte par un script en ligne, que la politique de sécurité des pages refuse.
    # La politique elle-même est vérifiée, sans contournement, par test_securite_navigateur.py.
    contexte = navigateur.new_context(
        viewport={"width": largeur, "height": 900}, color_scheme="dark" if sombre else "light",
        service_workers="block", bypass_csp=True,
    )
    page = contexte.new_page()
    requetes = []
    page.on("request", lambda r: requetes.append(r.url))
    reponse = page.goto(url, wait_until="networkidle")
    return contexte, page, requetes, reponse


@pytest.mark.parametrize("nom, adresse", PAGES.items(), ids=PAGES.keys())
def test_chaque_page_est_accessible_privee_et_capturee(navigateur, url_site, axe_source, nom, adresse):
    # Une seule ouverture par page : la fenêtre passe du téléphone au bureau, axe et la capture à chaque largeur.
    largeurs = list(LARGEURS.values())
    contexte, page, requetes, reponse = ouvrir(navigateur, url_site + adresse, largeurs[0])
    try:
        assert reponse.status == 200
        SORTIE_TESTS.mkdir(exist_ok=True)
        page.add_script_tag(content=axe_source)
        violations = {}
        for largeur in largeurs:
            page.set_viewport_size({"width": largeur, "height": 900})
            page.screenshot(path=str(SORTIE_TESTS / f"{nom}-{largeur}.png"), full_page=True)
            resultat = page.evaluate(
                "async (regles) => await axe.run(document, {runOnly: {type: 'tag', values: regles}})", REGLES_WCAG
            )
            trouvees = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in resultat["violations"]]
            if trouvees:
                violations[largeur] = trouvees
        assert violations == {}

        hotes = {urlsplit(u).netloc for u in requetes if not u.startswith(("data:", "blob:"))}
        assert hotes == {urlsplit(url_site).netloc}, f"requêtes vers d'autres hôtes : {hotes}"
        assert contexte.cookies() == []
    finally:
        contexte.close()


@pytest.mark.parametrize("nom", ["accueil", "communique", "fiche", "chronologie", "rapport", "chiffres"])
def test_le_theme_sombre_reste_lisible(navigateur, url_site, axe_source, nom):
    contexte, page, _, _ = ouvrir(navigateur, url_site + PAGES[nom], 390, sombre=True)
    try:
        page.add_script_tag(content=axe_source)
        resultat = page.evaluate("async () => await axe.run(document, {runOnly: ['color-contrast']})")
        assert [v["nodes"][0]["target"] for v in resultat["violations"]] == []
    finally:
        contexte.close()


def poids_transfere(page):
    """Octets transférés au premier chargement, d'après la liste des ressources du navigateur."""
    return page.evaluate(
        """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                  .reduce((total, e) => total + e.transferSize, 0)"""
    )


@pytest.mark.parametrize("nom, plafond", [("accueil", 100_000), ("communique", 60_000), ("fiche", 60_000), ("fiche-ar", 60_000), ("chiffres", 60_000)])
def test_le_premier_chargement_reste_leger(navigateur, url_site, nom, plafond):
    contexte, page, _, _ = ouvrir(navigateur, url_site + PAGES[nom], 390)
    try:
        poids = poids_transfere(page)
        MESURES.append(f"Poids au premier chargement, {nom} : {poids} octets (plafond {plafond})")
        assert 0 < poids <= plafond
    finally:
        contexte.close()


@pytest.mark.parametrize("requete", ["Montgenèvre", "montgenevre"])
def test_la_recherche_trouve_le_communique_avec_ou_sans_accent(navigateur, url_site, requete):
    contexte, page, requetes, _ = ouvrir(navigateur, url_site + "/recherche/", 1280)
    try:
        page.fill(".pagefind-ui__search-input", requete)
        resultats = page.locator(".pagefind-ui__result-link")
        resultats.first.wait_for(timeout=10_000)
        titres = resultats.all_inner_texts()
        assert any("11 personnes secourues" in t for t in titres), titres
        assert {urlsplit(u).netloc for u in requetes} == {urlsplit(url_site).netloc}
    finally:
        contexte.close()


def test_la_recherche_n_indexe_que_le_contenu_des_documents(site):
    for adresse in ("/", "/communiques/", "/sujets/", "/404.html", "/recherche/", "/ar/recherche/"):
        assert "data-pagefind-body" not in site.texte(adresse), adresse
    assert "data-pagefind-body" in site.texte(PAGES["communique"])


@pytest.mark.parametrize("nom", ["accueil", "communique", "fiche", "chronologie", "rapport"])
def test_lighthouse_mobile_accessibilite_bonnes_pratiques_et_seo_au_moins_095(url_site, tmp_path, nom):
    """Le score de performance dépend de la charge de la machine : il est mesuré et affiché, jamais exigé.
    Ce qui le fait (octets, requêtes, ressources bloquantes) est vérifié à part, sans dépendre du temps."""
    lu = lighthouse(url_site + PAGES[nom], tmp_path)
    scores = {cle: categorie["score"] for cle, categorie in lu["categories"].items()}
    MESURES.append(f"Lighthouse (mobile), {nom} : " + ", ".join(f"{c} {s:.2f}" for c, s in scores.items()))
    assert {c: s for c, s in scores.items() if c != "performance" and s < 0.95} == {}
    audits = lu["audits"]
    assert audits["total-byte-weight"]["numericValue"] <= 100_000
    requetes = [r["url"] for r in audits["network-requests"]["details"]["items"]]
    assert requetes and {urlsplit(u).netloc for u in requetes if u.startswith("http")} == {urlsplit(url_site).netloc}


@pytest.mark.parametrize("nom", PAGES.keys())
def test_rien_ne_bloque_l_affichage_hors_la_feuille_de_style_du_site(site, nom):
    """Dans <head> : la feuille de style du site (et celle de Pagefind pour la recherche), aucun script bloquant."""
    tete = site.texte(PAGES[nom]).split("</head>", 1)[0]
    feuilles = re.findall(r'<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"', tete)
    # La page de recherche ajoute la feuille de Pagefind, servie par le site lui-même.
    attendues = 2 if nom.startswith("recherche") else 1
    assert len(feuilles) == attendues and "/theme/css/site.css" in feuilles[0], feuilles
    bloquants = [s for s in re.findall(r"<script\b[^>]*>", tete) if not re.search(r"\b(defer|async)\b|type=\"module\"", s)]
    assert bloquants == []
