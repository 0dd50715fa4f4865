"""L'apparence dans un vrai navigateur : sur un téléphone, le premier écran montre la page et pas seulement
l'en-tête ; sur un écran large, le menu tient sur une ligne ; l'éditeur porte le logo de l'association.

Chromium de Debian (Playwright), pages servies en local ; des captures à 390 et 1280 px, en clair et en
sombre, sont écrites dans output-tests/apparence/ pour qu'un humain les regarde.
"""

from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from conftest import SORTIE_TESTS

PAGES = {
    "accueil": "/",
    "communique": "/communiques/11-personnes-secourues-montgenevre/",
    "fiche": "/fiches-pratiques/garde-a-vue/",
    "chronologie": "/chronologie/",
}
TELEPHONE, BUREAU = 390, 1280
ENTETE_MAX = 120  # px à 390 de large : au-delà, le titre de la page sort du premier écran


@pytest.fixture(scope="module")
def onglets(navigateur):
    """Un onglet par largeur et par thème (quatre au plus), gardé pour tout le module : un contexte et un processus
    de page neufs coûtaient 0,3 s à chacune des 30 ouvertures. Chaque test ouvre sa page par une navigation
    complète (document neuf : menu fermé, rien de sélectionné). Jamais plus de quatre onglets : une trentaine
    restés ouverts ralentissaient tout Chromium, jusqu'à l'éditeur à la fin du fichier."""
    ouverts = {}
    yield ouverts
    for contexte in ouverts.values():
        contexte.close()


@pytest.fixture
def ouvrir(onglets, navigateur, url_site):
    def _ouvrir(adresse, largeur, sombre=False):
        if (largeur, sombre) not in onglets:
            onglets[largeur, sombre] = navigateur.new_context(
                viewport={"width": largeur, "height": 844 if largeur == TELEPHONE else 800},
                color_scheme="dark" if sombre else "light", service_workers="block",
            )
        contexte = onglets[largeur, sombre]
        page = contexte.pages[0] if contexte.pages else contexte.new_page()
        # « load » : feuille de style, images et scripts de la page sont là (le site n'a pas de police à
        # télécharger) ; « networkidle » attendait en plus 500 ms sans requête, à chacune des 30 ouvertures.
        page.goto(url_site + adresse, wait_until="load")
        return page

    return _ouvrir


def boite(page, selecteur):
    return page.locator(selecteur).first.bounding_box()


@pytest.mark.parametrize("nom", ["accueil", "communique", "fiche"])
def test_sur_telephone_l_entete_est_court_et_le_titre_dans_le_premier_ecran(ouvrir, nom):
    page = ouvrir(PAGES[nom], TELEPHONE)
    entete = boite(page, "header.entete")
    assert entete["height"] <= ENTETE_MAX, f"en-tête de {entete['height']:.0f} px sur {nom}"
    # Le titre et le début du texte sont visibles sans faire défiler.
    titre = boite(page, "main h1")
    assert titre["y"] >= entete["height"] and titre["y"] + titre["height"] < 844 - 100
    # Le menu replié reste un vrai menu : « Menu » s'ouvre au clavier et montre tous les liens.
    menu = page.locator("nav[aria-label='Navigation principale']")
    liens = menu.locator("a")
    assert liens.count() == 7 and not liens.first.is_visible()
    page.locator("summary", has_text="Menu").focus()
    page.keyboard.press("Enter")
    assert all(liens.nth(i).is_visible() for i in range(liens.count()))


@pytest.mark.parametrize("nom", PAGES)
def test_sur_telephone_rien_ne_deborde_en_largeur(ouvrir, nom):
    page = ouvrir(PAGES[nom], TELEPHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= TELEPHONE


def test_le_menu_ouvert_au_telephone_marque_la_page_courante(ouvrir):
    page = ouvrir(PAGES["communique"], TELEPHONE)
    page.locator("summary", has_text="Menu").click()
    courant = page.locator("nav[aria-label='Navigation principale'] a[aria-current='page']")
    assert courant.count() == 1 and courant.inner_text() == "Communiqués" and courant.is_visible()


@pytest.mark.parametrize("nom", ["accueil", "communique", "fiche"])
def test_sur_ecran_large_le_menu_tient_sur_une_ligne(ouvrir, nom):
    page = ouvrir(PAGES[nom], BUREAU)
    liens = page.locator("nav[aria-label='Navigation principale'] a")
    assert liens.count() == 7
    assert all(liens.nth(i).is_visible() for i in range(7)), "un lien du menu est caché sur écran large"
    hauts = liens.evaluate_all("liens => liens.map(a => a.offsetTop)")
    assert len(set(hauts)) == 1, f"le menu passe à la ligne : {hauts}"
    assert not page.locator("summary", has_text="Menu").is_visible()


def test_l_accueil_ne_repete_pas_le_nom_et_ne_colle_rien(ouvrir):
    page = ouvrir("/", TELEPHONE)
    assert page.locator("main h1").inner_text() != "Tous Migrants"
    # « Tous les communiqués » est séparé du dernier résumé, la dernière section du pied.
    dernier = boite(page, "#communiques ~ .liste > .carte:last-child")
    lien = boite(page, "a[href$='/communiques/']:text('Tous les communiqués')")
    assert lien["y"] - (dernier["y"] + dernier["height"]) >= 12
    fin = page.evaluate("Math.max(...[...document.querySelectorAll('main > *')].map(e => e.getBoundingClientRect().bottom))")
    assert boite(page, "footer.pied")["y"] - fin >= 24


def test_un_communique_donne_son_contact_presse_une_seule_fois(ouvrir, site):
    html = site.texte(PAGES["communique"])
    assert html.count("mailto:communication@tousmigrants.org") == 1
    page = ouvrir(PAGES["communique"], TELEPHONE)
    assert page.get_by_text("communication@tousmigrants.org").count() == 1
    # Ailleurs, le pied de page garde le contact presse.
    assert site.texte(PAGES["fiche"]).count("mailto:communication@tousmigrants.org") == 1


@pytest.mark.parametrize("largeur", [TELEPHONE, BUREAU])
@pytest.mark.parametrize("sombre", [False, True], ids=["clair", "sombre"])
@pytest.mark.parametrize("nom", PAGES)
def test_captures_a_regarder(ouvrir, nom, largeur, sombre):
    page = ouvrir(PAGES[nom], largeur, sombre)
    dossier = SORTIE_TESTS / "apparence"
    dossier.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(dossier / f"{nom}-{largeur}-{'sombre' if sombre else 'clair'}.png"))
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == (
        "rgb(23, 21, 19)" if sombre else "rgb(255, 253, 249)"
    )


def test_l_editeur_montre_le_logo_de_l_association_servi_par_le_site(site, navigateur, url_site):
    config = yaml.safe_load(site.texte("/admin/config.yml"))
    logo = urljoin("/admin/", config["logo"]["src"])
    assert urlsplit(logo).netloc == "" and site.existe(logo)
    assert site.texte(logo).startswith("<svg") and "Tous Migrants" in site.texte(logo)
    # La page de connexion de Decap affiche ce logo, demandé au site lui-même.
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = contexte.new_page()
        requetes = []
        page.on("request", lambda r: requetes.append(r.url))
        page.goto(url_site + "/admin/")
        image = page.locator(f"img[src='{config['logo']['src']}']")
        # Decap (5 Mo de JavaScript) peut mettre longtemps à démarrer sur une machine chargée : un plafond large.
        image.wait_for(timeout=180_000)
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        assert url_site + logo in requetes
    finally:
        contexte.close()
