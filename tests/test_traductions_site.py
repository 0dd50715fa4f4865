"""Les fiches traduites sur le site construit : pages par langue, liens entre les langues, avis honnêtes,
tableau de bord ; puis dans un vrai navigateur (Chromium), l'arabe de droite à gauche à 390 px."""

import re
import subprocess
import unicodedata
from urllib.parse import urlsplit

import pytest

from conftest import RACINE, SORTIE_TESTS, Contenu, amorcer_cache, copier_contenu, servir

FICHE_AR = "/ar/fiches-pratiques/garde-a-vue/"
PDF_AR = "/ar/fiches-pratiques/garde-a-vue.pdf"
FRANCAISE = "content/fiches-pratiques/2026-11-25-garde-a-vue.md"


def test_une_fiche_traduite_a_sa_langue_son_sens_et_ses_autres_langues(site):
    html = site.texte(FICHE_AR)
    assert '<html lang="ar" dir="rtl">' in html
    # Les autres versions, dans l'en-tête (les deux sens) et à l'écran, chacune par son nom.
    for code in ("fr", "en", "fa", "ps"):
        assert re.search(rf'<link rel="alternate" hreflang="{code}" href="https://tousmigrants.org/'
                         rf'{code + "/" if code != "fr" else ""}fiches-pratiques/garde-a-vue/">', html), code
    assert 'hreflang="fr" lang="fr" dir="ltr">Français</a>' in html
    francaise = site.texte("/fiches-pratiques/garde-a-vue/")
    assert '<html lang="fr">' in francaise
    assert '<link rel="alternate" hreflang="ar" href="https://tousmigrants.org/ar/fiches-pratiques/garde-a-vue/">' in francaise
    assert 'hreflang="ar" lang="ar" dir="rtl">العربية</a>' in francaise
    # Le menu et les avis dans la langue de la page (catalogue ar), et l'avis aussi en français.
    assert ">أوراق عملية</a>" in html
    assert 'data-avis="traduction-non-relue"' in html and "Traduction non relue." in html


def test_un_lien_vers_une_autre_fiche_mene_a_sa_traduction_sinon_au_francais(site):
    html = site.texte("/en/fiches-pratiques/controles-identite-amendes/")
    corps = html.split('data-pagefind-body>', 1)[1]
    assert 'href="/en/fiches-pratiques/droits-frontiere-asile/"' in corps  # traduite en anglais
    assert 'href="/fiches-pratiques/audition-libre/"' in corps  # en français seulement
    assert "{filename}" not in corps


def test_l_accueil_et_l_index_francais_montrent_chaque_langue_dans_son_ecriture(site):
    for adresse in ("/", "/fiches-pratiques/"):
        html = site.texte(adresse)
        for code, nom in (("en", "English"), ("ar", "العربية"), ("fa", "دری"), ("ps", "پښتو")):
            assert f'<a href="/{code}/" hreflang="{code}" lang="{code}"' in html and f">{nom}</a>" in html, (adresse, code)


def test_le_tableau_des_traductions_est_hors_du_plan_et_de_la_recherche(site):
    html = site.texte("/traductions/")
    assert '<meta name="robots" content="noindex">' in html
    assert "data-pagefind-body" not in html
    assert html.count('data-etat="non-relue"') == 16
    assert "/traductions/" not in site.texte("/sitemap.xml")
    assert any(m.startswith("Traductions des fiches : 0 à jour, 0 à revoir, 16 non relues, 0 manquante.")
               for m in site.avertissements), site.avertissements


@pytest.fixture
def contenu_garde_a_vue(tmp_path, cache_session):
    """Une copie du contenu où seule la garde à vue est traduite : le mécanisme est le même pour chaque fiche, et
    chaque langue n'a qu'une fiche dans son recueil PDF, que le changement du français fait refaire (deux fois)."""
    return Contenu(copier_contenu(tmp_path / "content", traductions=("garde-a-vue",)),
                   amorcer_cache(cache_session, tmp_path / "cache"))


def test_le_francais_modifie_apres_la_traduction_l_annonce_puis_la_mise_a_jour_l_efface(contenu_garde_a_vue, tmp_path):
    contenu = contenu_garde_a_vue
    fiche = contenu.dossier / "fiches-pratiques" / "2026-11-25-garde-a-vue.md"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("modified: 2026-11-30", "modified: 2026-12-15"),
                     encoding="utf-8")
    site = contenu.construire(tmp_path / "avant")
    html = site.texte(FICHE_AR)
    avis = re.search(r'<p class="avertissement" role="note" data-avis="traduction-ancienne">(.*?)</p>', html, re.S)
    assert avis, "l'avis « texte français changé » manque"
    assert "تغيّر النص الفرنسي منذ هذه الترجمة." in avis.group(1)  # dans la langue de la page
    assert "Le texte français a changé depuis cette traduction" in avis.group(1)  # et en français
    assert 'href="/fiches-pratiques/garde-a-vue/"' in avis.group(1)
    # Le PDF le dit aussi, dans la langue et en français.
    pdf = subprocess.run(["pdftotext", "-l", "1", str(site.chemin(PDF_AR)), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert "Le texte français a changé depuis cette traduction" in " ".join(pdf.split())
    # Les seules lettres : pdftotext détache parfois la chadda (ّ) et place la ponctuation à sa guise.
    assert "تغيرالنصالفرنسيمنذهذهالترجمة" in "".join(c for c in pdf if unicodedata.category(c).startswith("L"))
    a_revoir = [m for m in site.avertissements if "à revoir, la fiche française ayant changé" in m]
    assert len(a_revoir) == 1 and all(f"{l}/garde-a-vue" in a_revoir[0] for l in ("en", "ar", "fa", "ps"))
    for langue in ("en", "ar", "fa", "ps"):
        traduction = contenu.dossier / "traductions" / langue / "garde-a-vue.md"
        traduction.write_text(traduction.read_text(encoding="utf-8").replace("version_fr: 2026-11-30",
                                                                              "version_fr: 2026-12-15"), encoding="utf-8")
    apres = contenu.construire(tmp_path / "apres")
    assert 'data-avis="traduction-ancienne"' not in apres.texte(FICHE_AR)
    pdf = subprocess.run(["pdftotext", str(apres.chemin(PDF_AR)), "-"], capture_output=True, text=True, check=True).stdout
    assert "Le texte français a changé" not in pdf and "Traduction non relue." in pdf
    assert not [m for m in apres.avertissements if "à revoir" in m and "fiche française ayant changé" in m]


def test_une_fiche_pour_les_exiles_non_traduite_est_annoncee_en_francais_seulement(contenu, tmp_path):
    contenu.ecrire("fiches-pratiques/2026-11-26-hebergement.md", (
        '---\ntitle: "Trouver un hébergement d’urgence"\ndate: 2026-11-26\nmodified: 2026-11-26\n'
        'slug: hebergement-urgence\nsummary: "Le 115."\npublic: [exiles]\ntheme: solidarite\n---\n\nAppelez le 115.\n'))
    # Seules les pages comptent ici : sans les PDF (la fiche nouvelle et le recueil français se referaient).
    site = contenu.construire(tmp_path / "sortie", GENERER_PDF=False)
    for langue, libelle in (("en", "Available in French only."), ("ar", "متوفرة بالفرنسية فقط."),
                            ("fa", "فقط به زبان فرانسوی موجود است."), ("ps", "یوازې په فرانسوي ژبه شته.")):
        html = site.texte(f"/{langue}/fiches-pratiques/")
        entree = html.split('href="/fiches-pratiques/hebergement-urgence/"', 1)
        assert len(entree) == 2, langue
        assert libelle in entree[1].split("</li>", 1)[0], langue
    assert site.texte("/traductions/").count('data-etat="manquante"') == 4


def test_une_fiche_traduite_dit_comme_la_francaise_que_sa_relecture_juridique_est_en_attente(site):
    # Aucune fiche n'est encore relue par un juriste : chaque traduction le dit, dans sa langue et en français.
    for langue, libelle in (("en", "Legal review pending."), ("ar", "لم تتم المراجعة القانونية بعد."),
                            ("fa", "بازبینی حقوقی هنوز انجام نشده است."), ("ps", "حقوقي کتنه لا نه ده شوې.")):
        html = site.texte(f"/{langue}/fiches-pratiques/garde-a-vue/")
        avis = re.search(r'<p class="avertissement" role="note" data-avis="relecture-juridique">(.*?)</p>', html, re.S)
        assert avis, langue
        assert libelle in avis.group(1), langue
        assert '<span lang="fr" dir="ltr"><strong>Relecture juridique en attente.</strong>' in avis.group(1), langue


def test_une_fiche_relue_il_y_a_plus_de_douze_mois_est_a_verifier_aussi_traduite(contenu, tmp_path):
    fiche = contenu.dossier / "fiches-pratiques" / "2026-11-25-garde-a-vue.md"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace(
        "modified: 2026-11-30", 'modified: 2026-11-30\nverifiee_par: "pôle action juridique"\nverifiee_le: 2025-01-15'),
        encoding="utf-8")
    # Seule la page compte ici : sans les PDF (ceux de la fiche et de ses quatre traductions se referaient).
    site = contenu.construire(tmp_path / "sortie", GENERER_PDF=False)
    html = site.texte("/fa/fiches-pratiques/garde-a-vue/")
    assert 'data-avis="relecture-juridique"' not in html
    avis = re.search(r'<p class="avertissement" role="note" data-avis="a-verifier">(.*?)</p>', html, re.S)
    assert avis, "l'avis « informations à vérifier » manque sur la fiche en dari"
    # La date en dari d'Afghanistan (Babel fa_AF) : « جنوری », pas l'iranien « ژانویه ».
    assert "این معلومات باید دوباره بررسی شود." in avis.group(1) and "15 جنوری 2025" in avis.group(1)
    assert "Informations à vérifier\u00a0:</strong> dernière vérification le 15 janvier 2025." in avis.group(1)


def test_les_dates_en_dari_ont_les_mois_d_afghanistan(site):
    html = site.texte("/fa/fiches-pratiques/garde-a-vue/")
    date = re.search(r'<p class="date">(.*?)</p>', html).group(1)
    assert "30 نومبر 2026" in date and "نوامبر" not in date
    assert '<html lang="fa" dir="rtl">' in html


def test_le_pied_de_page_est_une_phrase_dans_la_langue_de_la_page(site):
    import tinyhtml5

    def pied(adresse):
        racine = tinyhtml5.parse(site.texte(adresse), namespace_html_elements=False)
        return " ".join("".join(racine.find(".//footer//p").itertext()).split())

    assert pied("/") == ("Tous Migrants, mouvement citoyen, 3 rue Aspirant Jan, 05100 Briançon (adresse en 2020). "
                         "Presse : communication@tousmigrants.org.")
    # La virgule arabe, et l'adresse française isolée du texte de droite à gauche.
    assert pied("/ar/") == ("Tous Migrants، حركة مواطنين، 3 rue Aspirant Jan, 05100 Briançon (العنوان في عام 2020). "
                            "الصحافة: communication@tousmigrants.org.")
    assert '<bdi lang="fr">3 rue Aspirant Jan, 05100 Briançon</bdi>' in site.texte("/ar/")


# Ce qu'une page en arabe, en dari ou en pachto peut montrer en lettres latines hors du texte traduit et des
# passages marqués lang="fr" : le nom de l'association, des adresses électroniques, des noms de formats.
# « PDF », comme « JavaScript » : un nom de format que ces langues écrivent aussi en lettres latines.
LATIN_PERMIS = {"Tous", "Migrants", "Atom", "JavaScript", "PDF"}
ATTRIBUTS_LUS = ("aria-label", "title", "alt", "placeholder", "content", "data-pretes", "data-en-cours", "data-echec",
                 "data-impossible")


def textes_de_l_habillage(element, langue):
    """Les textes visibles ou lus à voix haute d'une page, hors du corps traduit (.corps, le contenu) et des
    passages dans une autre langue (lang="fr" : l'avis en français, les noms des autres langues)."""
    if element.get("lang") not in (None, langue) or "corps" in (element.get("class") or "").split():
        return
    if element.tag in ("script", "style"):
        return
    if element.tag == "meta" and element.get("name") not in ("description",):
        return
    yield from (element.get(a) for a in ATTRIBUTS_LUS if element.get(a))
    if element.text:
        yield element.text
    for enfant in element:
        yield from textes_de_l_habillage(enfant, langue)
        if enfant.tail:
            yield enfant.tail


def titres_et_resumes_traduits(langue):
    """Les titres et « En bref » des traductions d'une langue : du contenu (il peut citer un terme français entre
    parenthèses, « (garde à vue) »), que les listes de fiches montrent."""
    import yaml

    entetes = [yaml.safe_load(f.read_text(encoding="utf-8").split("---")[1])
               for f in (RACINE / "content" / "traductions" / langue).glob("*.md")]
    return {" ".join(str(e[champ]).split()) for e in entetes for champ in ("title", "summary") if e.get(champ)}


@pytest.mark.parametrize("langue", ["ar", "fa", "ps"])
def test_l_habillage_des_pages_traduites_n_a_plus_de_francais(site, langue):
    import tinyhtml5

    contenus = titres_et_resumes_traduits(langue)
    for adresse in (f"/{langue}/", f"/{langue}/fiches-pratiques/", f"/{langue}/fiches-pratiques/garde-a-vue/",
                    f"/{langue}/recherche/", f"/{langue}/hors-ligne/"):
        racine = tinyhtml5.parse(site.texte(adresse), namespace_html_elements=False)
        # Le <title> d'une fiche : son titre traduit, puis « · Tous Migrants ».
        textes = " ".join(t for t in textes_de_l_habillage(racine, langue)
                          if " ".join(t.split()).removesuffix(" · Tous Migrants") not in contenus)
        textes = re.sub(r"\S+@\S+", "", textes)  # les adresses électroniques
        latins = set(re.findall(r"[A-Za-zÀ-ÿ’']{2,}", textes)) - LATIN_PERMIS
        assert not latins, (adresse, sorted(latins))


# --- Dans un vrai navigateur ----------------------------------------------------------------------------


def test_la_fiche_arabe_se_lit_de_droite_a_gauche_sans_defilement_horizontal(navigateur, url_site):
    contexte = navigateur.new_context(viewport={"width": 390, "height": 900}, service_workers="block")
    page = contexte.new_page()
    try:
        page.goto(url_site + FICHE_AR, wait_until="networkidle")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
        # Le surtitre (un lien court) est à droite de la colonne de texte, pas à gauche.
        bords = page.evaluate("""() => { const t = document.querySelector('.surtitre a').getBoundingClientRect();
                                         const m = document.querySelector('main').getBoundingClientRect();
                                         return [m.right - t.right, t.left - m.left]; }""")
        assert bords[0] < bords[1], bords
        # Le terme français du titre, « (garde à vue) », tient sur une ligne : coupé, il se lisait « (garde à » … « vue) ».
        assert page.evaluate("""() => { const t = document.querySelector('h1 span[lang="fr"][dir="ltr"]');
            const r = document.createRange(); r.selectNodeContents(t);
            return [t.textContent, new Set([...r.getClientRects()].map(b => Math.round(b.top))).size]; }""") == [
            "(garde à vue)", 1]
        # Chaque avis dit le français dans un bloc à lui, de gauche à droite, qui commence au bord gauche.
        avis = page.evaluate("""() => [...document.querySelectorAll('.avertissement > span[lang="fr"]')].map(f => {
            const p = f.parentElement.getBoundingClientRect(), r = document.createRange(); r.selectNodeContents(f);
            const premiere = r.getClientRects()[0];
            return [getComputedStyle(f).display, Math.round(premiere.left - p.left) < 40]; })""")
        assert avis and all(a == ["block", True] for a in avis), avis
        largeurs = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert largeurs[0] <= largeurs[1], largeurs
        SORTIE_TESTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SORTIE_TESTS / "traduction-ar-garde-a-vue-390.png"), full_page=True)
    finally:
        contexte.close()


TERMES_COUPES = """() => [...document.querySelectorAll('.corps span[lang="fr"][dir="ltr"]')]
    .filter(terme => terme.textContent.includes('-'))
    .map(terme => { const r = document.createRange(); r.selectNodeContents(terme);
                    return [terme.textContent, new Set([...r.getClientRects()].map(b => Math.round(b.top))).size]; })
    .filter(([, lignes]) => lignes > 1)"""


@pytest.mark.parametrize("langue", ["ar", "fa", "ps"])
def test_un_terme_francais_a_trait_d_union_n_est_pas_coupe_en_fin_de_ligne_de_droite_a_gauche(navigateur, url_site, langue):
    # Coupé à son trait d'union au bout d'une ligne de droite à gauche, « (Hautes-Alpes) » se lisait « (-Hautes ».
    contexte = navigateur.new_context(viewport={"width": 390, "height": 900}, service_workers="block")
    page = contexte.new_page()
    try:
        for slug in ("", "garde-a-vue/", "controles-identite-amendes/", "droits-frontiere-asile/", "urgence-en-montagne/"):
            adresse = f"/{langue}/" + (f"fiches-pratiques/{slug}" if slug else "")
            page.goto(url_site + adresse, wait_until="networkidle")
            assert page.evaluate(TERMES_COUPES) == [], adresse
            largeurs = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert largeurs[0] <= largeurs[1], (adresse, largeurs)
        assert page.evaluate("document.querySelectorAll('.corps span[lang=\"fr\"][dir=\"ltr\"]').length") > 0
    finally:
        contexte.close()


def test_le_choix_de_langue_marche_dans_les_deux_sens(navigateur, url_site):
    contexte = navigateur.new_context(viewport={"width": 390, "height": 900}, service_workers="block")
    page = contexte.new_page()
    try:
        page.goto(url_site + "/fiches-pratiques/garde-a-vue/", wait_until="networkidle")
        page.locator("nav.langues a[hreflang=ar]").click()
        page.wait_for_url("**" + FICHE_AR)
        assert page.evaluate("document.documentElement.lang") == "ar"
        page.locator("nav.langues a[hreflang=fr]").click()
        page.wait_for_url("**/fiches-pratiques/garde-a-vue/")
        assert page.evaluate("[document.documentElement.lang, location.pathname]") == ["fr", "/fiches-pratiques/garde-a-vue/"]
    finally:
        contexte.close()


def test_un_mot_de_la_fiche_arabe_se_trouve_dans_l_index_arabe(navigateur, url_site):
    contexte = navigateur.new_context(service_workers="block")
    page = contexte.new_page()
    try:
        page.goto(url_site + "/ar/", wait_until="networkidle")
        adresses = page.evaluate("""async () => {
            const pagefind = await import('/pagefind/pagefind.js');
            await pagefind.init();
            const recherche = await pagefind.search('الاحتجاز');
            const pages = await Promise.all(recherche.results.map(r => r.data()));
            return pages.map(p => p.url);
        }""")
        assert "/ar/fiches-pratiques/garde-a-vue/" in adresses, adresses
        assert all(a.startswith("/ar/") for a in adresses), adresses
    finally:
        contexte.close()


def test_le_plan_du_site_relie_chaque_fiche_a_ses_traductions(site):
    import xml.etree.ElementTree as ET

    racine = ET.fromstring(site.texte("/sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    liens = {u.find("s:loc", ns).text: {l.get("hreflang"): l.get("href") for l in u.findall("x:link", ns)}
             for u in racine.findall("s:url", ns)}
    attendu = {"fr": "https://tousmigrants.org/fiches-pratiques/garde-a-vue/",
               **{l: f"https://tousmigrants.org/{l}/fiches-pratiques/garde-a-vue/" for l in ("en", "ar", "fa", "ps")}}
    assert liens["https://tousmigrants.org/fiches-pratiques/garde-a-vue/"] == attendu
    assert liens["https://tousmigrants.org/ar/fiches-pratiques/garde-a-vue/"] == attendu


def test_les_fiches_arabes_ouvertes_une_fois_se_lisent_ensuite_sans_reseau(site, navigateur):
    contexte = navigateur.new_context()
    page = contexte.new_page()
    try:
        with servir(site.dossier) as base:
            page.goto(base + FICHE_AR)
            # Le service worker de /ar/fiches-pratiques/ a rempli son cache : il contrôle la page.
            page.wait_for_function("navigator.serviceWorker.controller !== null || "
                                   "navigator.serviceWorker.ready.then(() => true)", timeout=60_000)
            page.wait_for_function("""async () => { const noms = await caches.keys();
                return noms.some(n => n.startsWith('tm-ar-fiches-')); }""", timeout=60_000)
            page.wait_for_function("""async () => { const noms = await caches.keys();
                const c = await caches.open(noms.find(n => n.startsWith('tm-ar-fiches-')));
                return !!(await c.match(location.origin + '/ar/fiches-pratiques/urgence-en-montagne/')); }""",
                                   timeout=60_000)
        contexte.set_offline(True)
        page.goto(base + "/ar/fiches-pratiques/urgence-en-montagne/")
        assert page.evaluate("document.documentElement.lang") == "ar"
        assert "urgence" not in page.evaluate("document.querySelector('h1').textContent")
        page.goto(base + "/ar/fiches-pratiques/")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        # Une page jamais ouverte : la page de secours, en arabe, avec les fiches gardées.
        page.goto(base + "/ar/fiches-pratiques/pas-encore-ouverte/")
        assert page.evaluate("[document.documentElement.lang, document.querySelector('h1').textContent]") == [
            "ar", "أنت غير متصل بالإنترنت"]
        assert page.locator("a[href='/ar/fiches-pratiques/urgence-en-montagne/']").count() == 1
    finally:
        contexte.close()


@pytest.mark.parametrize("langue, mot, libelles", [
    ("ar", "الاحتجاز", {"champ": "ابحث في الأوراق", "bouton": "ابحث", "indice": "ابحث"}),
    # Pagefind n'a pas de textes en pachto : ceux du catalogue ps.
    ("ps", "توقیف", {"champ": "په پاڼو کې لټون", "bouton": "لټون", "indice": "لټون"}),
])
def test_chercher_depuis_une_page_traduite_trouve_la_fiche_dans_l_index_de_sa_langue(navigateur, url_site, langue, mot,
                                                                                      libelles):
    contexte = navigateur.new_context(viewport={"width": 390, "height": 900}, service_workers="block")
    page = contexte.new_page()
    try:
        page.goto(url_site + f"/{langue}/fiches-pratiques/urgence-en-montagne/", wait_until="networkidle")
        page.get_by_role("searchbox", name=libelles["champ"]).fill(mot)
        page.get_by_role("button", name=libelles["bouton"], exact=True).click()
        page.wait_for_url(f"**/{langue}/recherche/?q=*")
        resultats = page.locator(".pagefind-ui__result-link")
        resultats.first.wait_for(timeout=15_000)
        adresses = [urlsplit(a).path for a in resultats.evaluate_all("liens => liens.map(l => l.href)")]
        assert f"/{langue}/fiches-pratiques/garde-a-vue/" in adresses, adresses
        assert all(a.startswith(f"/{langue}/") for a in adresses), adresses  # l'index de cette langue seulement
        # L'interface de Pagefind dans la langue de la page, de droite à gauche, sans défilement horizontal.
        champ = page.locator(".pagefind-ui__search-input")
        assert champ.get_attribute("placeholder") == libelles["indice"]
        assert champ.evaluate("c => getComputedStyle(c).direction") == "rtl"
        # La loupe au début du champ (à droite) et « Effacer » à la fin (à gauche), comme le texte.
        cadre = page.locator(".pagefind-ui__form").bounding_box()
        milieu = cadre["x"] + cadre["width"] / 2
        loupe = page.evaluate("""() => { const f = document.querySelector('.pagefind-ui__form');
            const s = getComputedStyle(f, '::before');
            return f.getBoundingClientRect().x + parseFloat(s.left) + parseFloat(s.width) / 2; }""")
        effacer = page.locator(".pagefind-ui__search-clear").bounding_box()
        assert loupe > milieu > effacer["x"] + effacer["width"] / 2, (loupe, milieu, effacer)
        assert page.evaluate("document.documentElement.lang") == langue
        largeurs = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert largeurs[0] <= largeurs[1], largeurs
        SORTIE_TESTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SORTIE_TESTS / f"traduction-{langue}-recherche-390.png"), full_page=True)
    finally:
        contexte.close()
