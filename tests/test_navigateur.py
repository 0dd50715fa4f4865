"""Le site dans un vrai navigateur : accessibilité (axe-core), vie privée, poids, recherche, Lighthouse.

Chaque genre de page est servi en local et ouvert dans le Chromium de Debian. Pour qu'un humain les regarde,
output-tests/ reçoit le premier écran de chaque page à 390 et 1280 px (`<page>-390.png`, `<page>-1280.png` :
ce qu'on voit en l'ouvrant), et la page entière au téléphone pour quelques genres (`<page>-390-entiere.png`,
PAGES_ENTIERES). Les captures ne vérifient rien : celle de toute la page coûtait jusqu'à 1 s par largeur sur
les longues pages (chronologie, rapport), pour chacune des 28 pages.
"""

import re
from urllib.parse import urlsplit

import pytest

from conftest import (MESURES, RACINE, SORTIE_TESTS, arreter_lighthouse, lancer_lighthouse, parametres_choisis,
                      rapport_lighthouse)

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
PAGES_ENTIERES = {"accueil", "communique", "fiche", "fiche-ar"}
AXE = RACINE / "node_modules" / "axe-core" / "axe.min.js"
REGLES_WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# resultTypes : axe vérifie toutes les règles mais ne détaille que les violations (les autres catégories gardent
# un exemple) ; les tests ne lisent que les violations, et chaque passage d'axe prend deux fois moins de temps.
OPTIONS_AXE = "resultTypes: ['violations']"


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail("axe-core manque dans node_modules : lancez les tests par `make test`, qui fait `npm ci`.")
    return AXE.read_text(encoding="utf-8")


AUDITEES = ["accueil", "communique", "fiche", "chronologie", "rapport"]


@pytest.fixture(scope="module", autouse=True)
def audits_lighthouse(request, url_site, tmp_path_factory):
    """Les audits Lighthouse des pages auditées, lancés ensemble (un Chromium chacun) dès le premier test du
    module : un audit attend surtout (lancement de Chromium, chargement, pauses de Lighthouse) ; cinq à la
    suite, avant, attendaient cinq fois, alors qu'ils tournent maintenant pendant les tests d'axe. Chaque test
    Lighthouse attend et lit le rapport de sa page. Seulement ceux que la session lance (pas sous un -k)."""
    noms = parametres_choisis(request, "test_lighthouse_mobile_accessibilite_bonnes_pratiques_et_seo_au_moins_095", "nom")
    dossier = tmp_path_factory.mktemp("lighthouse")
    lances = {nom: (lancer_lighthouse(url_site + PAGES[nom], dossier / f"{nom}.json"), dossier / f"{nom}.json")
              for nom in noms}
    yield lances
    for processus, _ in lances.values():
        arreter_lighthouse(processus)  # ceux qu'aucun test n'a attendus (arrêt en route)


def contexte_de_test(navigateur, largeur, sombre=False):
    # bypass_csp : axe-core s'injecte par un script, que la politique de sécurité des pages refuse.
    # La politique elle-même est vérifiée, sans contournement, par test_securite_navigateur.py.
    return navigateur.new_context(
        viewport={"width": largeur, "height": 900}, color_scheme="dark" if sombre else "light",
        service_workers="block", bypass_csp=True,
    )


def ouvrir(navigateur, url, largeur):
    """Ouvre une page dans un contexte neuf (cache vide) ; renvoie (contexte, page, requêtes vues, réponse)."""
    contexte = contexte_de_test(navigateur, largeur)
    page = contexte.new_page()
    requetes = []
    page.on("request", lambda r: requetes.append(r.url))
    # « load » : la feuille de style, les images et les scripts de la page sont là (le site n'a pas de police
    # à télécharger) ; « networkidle » attendait en plus 500 ms sans requête. La recherche charge Pagefind à
    # la demande : ses tests attendent leurs résultats.
    reponse = page.goto(url, wait_until="load")
    return contexte, page, requetes, reponse


def onglet_avec_axe(navigateur, axe_source, sombre):
    """Un onglet pour une suite de pages, axe-core dans chacune (add_init_script) : un contexte et un processus
    de page neufs, plus axe injecté à la main (550 Ko à compiler), coûtaient 0,8 s à chaque page ; dans le même
    onglet, Chromium garde axe compilé. Mêmes résultats d'axe, page par page, qu'à l'ancienne (vérifié sur les 28
    pages aux deux largeurs, en clair et en sombre)."""
    contexte = contexte_de_test(navigateur, LARGEURS["telephone"], sombre)
    contexte.add_init_script(axe_source)
    page = contexte.new_page()
    requetes = []
    page.on("request", lambda r: requetes.append(r.url))
    return contexte, page, requetes


@pytest.fixture(scope="module")
def onglet_clair(navigateur, axe_source):
    contexte, page, requetes = onglet_avec_axe(navigateur, axe_source, sombre=False)
    yield contexte, page, requetes
    contexte.close()


@pytest.fixture(scope="module")
def onglet_sombre(navigateur, axe_source):
    contexte, page, _ = onglet_avec_axe(navigateur, axe_source, sombre=True)
    yield page
    contexte.close()


@pytest.mark.parametrize("nom, adresse", PAGES.items(), ids=PAGES.keys())
def test_chaque_page_est_accessible_privee_et_capturee(onglet_clair, url_site, nom, adresse):
    # Une seule ouverture par page : la fenêtre passe du téléphone au bureau, axe et la capture à chaque largeur.
    contexte, page, requetes = onglet_clair
    largeurs = list(LARGEURS.values())
    requetes.clear()
    page.set_viewport_size({"width": largeurs[0], "height": 900})
    reponse = page.goto(url_site + adresse, wait_until="load")
    assert reponse.status == 200
    SORTIE_TESTS.mkdir(exist_ok=True)
    violations = {}
    for largeur in largeurs:
        page.set_viewport_size({"width": largeur, "height": 900})
        page.screenshot(path=str(SORTIE_TESTS / f"{nom}-{largeur}.png"))
        if nom in PAGES_ENTIERES and largeur == LARGEURS["telephone"]:
            page.screenshot(path=str(SORTIE_TESTS / f"{nom}-{largeur}-entiere.png"), full_page=True)
        resultat = page.evaluate(
            "async (regles) => await axe.run(document, {runOnly: {type: 'tag', values: regles}, " + OPTIONS_AXE + "})",
            REGLES_WCAG,
        )
        trouvees = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in resultat["violations"]]
        if trouvees:
            violations[largeur] = trouvees
    assert violations == {}

    # Aucune requête ailleurs, même tardive : attend que le réseau se taise (déjà fait, en général, pendant axe).
    page.wait_for_load_state("networkidle")
    hotes = {urlsplit(u).netloc for u in requetes if not u.startswith(("data:", "blob:"))}
    assert hotes == {urlsplit(url_site).netloc}, f"requêtes vers d'autres hôtes : {hotes}"
    assert contexte.cookies() == []


@pytest.mark.parametrize("nom", ["accueil", "communique", "fiche", "chronologie", "rapport", "chiffres"])
def test_le_theme_sombre_reste_lisible(onglet_sombre, url_site, nom):
    page = onglet_sombre
    page.goto(url_site + PAGES[nom], wait_until="load")
    resultat = page.evaluate("async () => await axe.run(document, {runOnly: ['color-contrast'], " + OPTIONS_AXE + "})")
    assert [v["nodes"][0]["target"] for v in resultat["violations"]] == []


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
        # Tout ce que la page demande, même après « load » (l'icône du site arrive parfois juste après : 618 octets).
        page.wait_for_load_state("networkidle")
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


@pytest.mark.parametrize("nom", AUDITEES)
def test_lighthouse_mobile_accessibilite_bonnes_pratiques_et_seo_au_moins_095(url_site, audits_lighthouse, nom):
    """Le score de performance dépend de la charge de la machine (et les audits tournent ensemble, pendant
    d'autres tests, qui leur prennent le processeur) : il est mesuré et affiché, jamais exigé. Ce qui le fait (octets, requêtes,
    ressources bloquantes) est vérifié à part, sans dépendre du temps."""
    lu = rapport_lighthouse(*audits_lighthouse[nom])
    scores = {cle: categorie["score"] for cle, categorie in lu["categories"].items()}
    MESURES.append(f"Lighthouse (mobile, {len(audits_lighthouse)} audits ensemble), {nom} : "
                   + ", ".join(f"{c} {s:.2f}" for c, s in scores.items()))
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
