"""Chaque page publique porte une politique de sécurité (Content-Security-Policy, en <meta>) qui
n'exécute que les scripts et les styles du site : aucun script ni style écrit dans la page, pas
d'eval, pas de cadre. Vérifié sur les fichiers construits, puis dans le vrai Chromium, qui ne doit
signaler aucune violation, recherche comprise."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from outils import construction
from test_navigateur import PAGES

# Écrits dans le build mais pas des pages du site : l'éditeur (sa propre politique) et la version
# courriel des lettres (à coller dans un outil d'envoi, styles en ligne obligatoires).
HORS_POLITIQUE = ("admin/", "lettre-email.html")


class Page(HTMLParser):
    def __init__(self, texte):
        super().__init__()
        self.politiques, self.scripts_en_ligne, self.attributs_interdits = [], 0, []
        self._dans_script = False
        self.feed(texte)
        self.close()

    def handle_starttag(self, balise, attributs):
        attributs = dict(attributs)
        if balise == "meta" and (attributs.get("http-equiv") or "").lower() == "content-security-policy":
            self.politiques.append(attributs["content"])
        if balise == "script" and "src" not in attributs and attributs.get("type") != "application/ld+json":
            self.scripts_en_ligne += 1
        if balise == "style":
            self.attributs_interdits.append("<style>")
        self.attributs_interdits += [f"{balise} {nom}" for nom in attributs if nom == "style" or nom.startswith("on")]
        self.attributs_interdits += [f"{balise} {nom}" for nom, v in attributs.items()
                                     if nom in ("href", "src") and (v or "").strip().lower().startswith("javascript:")]


def directives(politique):
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in politique.split(";")) if d}


PAGES_DE_RECHERCHE = {"recherche/index.html"} | {f"{langue}/recherche/index.html" for langue in construction.reglages()["LANGUES"]}


def test_chaque_page_publique_porte_la_politique_et_rien_d_ecrit_en_ligne(site):
    pages = [p for p in site.dossier.rglob("*.html")
             if not any(h in p.relative_to(site.dossier).as_posix() for h in HORS_POLITIQUE)]
    assert len(pages) > 100
    for chemin in pages:
        page = Page(chemin.read_text(encoding="utf-8"))
        relatif = chemin.relative_to(site.dossier).as_posix()
        assert len(page.politiques) == 1, relatif
        d = directives(page.politiques[0])
        assert d["default-src"] == ["'self'"] and d["style-src"] == ["'self'"], relatif
        assert d["object-src"] == ["'none'"] and d["frame-src"] == ["'none'"], relatif
        assert d["base-uri"] == ["'self'"] and d["form-action"] == ["'self'"], relatif
        # Les pages de recherche seules (en français et dans chaque langue) : l'icône data: de la feuille de
        # style de Pagefind.
        recherche = relatif in PAGES_DE_RECHERCHE
        assert d["script-src"] == ["'self'"], relatif
        assert d["img-src"] == (["'self'", "data:"] if recherche else ["'self'"]), relatif
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:"} & {v for vs in d.values() for v in vs}, relatif
        assert page.scripts_en_ligne == 0, relatif
        assert page.attributs_interdits == [], relatif


ECOUTE = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def onglet_sous_politique(navigateur):
    """Un onglet qui ne contourne pas la politique des pages, service workers permis ; chaque violation est notée
    (dans la page et dans la console), chaque requête aussi."""
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 900}, service_workers="allow")
    page = contexte.new_page()
    page.add_init_script(ECOUTE)
    journal = []
    page.on("console", lambda m: journal.append(m.text) if "Content Security Policy" in m.text else None)
    requetes = []
    page.on("request", lambda r: requetes.append(r.url))
    return contexte, page, journal, requetes


def ouvrir_sous_politique(navigateur, url):
    """Ouvre une page dans un onglet neuf sous sa politique (onglet_sous_politique)."""
    contexte, page, journal, requetes = onglet_sous_politique(navigateur)
    reponse = page.goto(url, wait_until="networkidle")
    return contexte, page, journal, requetes, reponse


@pytest.fixture(scope="module")
def onglet_partage(navigateur):
    """Un seul onglet pour toutes les pages du test suivant : un contexte et un processus de page neufs coûtaient
    0,3 s à chacune. Le service worker des fiches, inscrit par la première page de fiches ouverte, sert les
    suivantes, comme chez une lectrice qui parcourt le site ; la politique est celle de chaque page."""
    contexte, page, journal, requetes = onglet_sous_politique(navigateur)
    yield page, journal
    contexte.close()


@pytest.mark.parametrize("nom, adresse", PAGES.items(), ids=PAGES.keys())
def test_aucune_page_ne_viole_sa_politique_de_securite_dans_chromium(onglet_partage, url_site, nom, adresse):
    page, journal = onglet_partage
    journal.clear()
    # « load » : les scripts différés (hors ligne des fiches) ont tourné, ils passent avant ; puis 500 ms sans
    # requête (« networkidle »). Les 300 ms d'attente fixe qui suivaient n'ajoutaient rien.
    reponse = page.goto(url_site + adresse, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert reponse.status == 200
    assert page.evaluate("window.__violations") == []
    assert journal == []


def test_la_recherche_marche_sous_sa_politique_sans_violation(navigateur, url_site):
    contexte, page, journal, requetes, _ = ouvrir_sous_politique(navigateur, url_site + "/recherche/?q=Montgenèvre")
    try:
        resultats = page.locator(".pagefind-ui__result-link")
        resultats.first.wait_for(timeout=10_000)
        assert any("11 personnes secourues" in t for t in resultats.all_inner_texts())
        assert page.evaluate("window.__violations") == [] and journal == []
        assert {urlsplit(u).netloc for u in requetes if not u.startswith(("data:", "blob:"))} == {urlsplit(url_site).netloc}
    finally:
        contexte.close()


def test_un_script_glisse_dans_une_page_ne_s_execute_pas(navigateur, url_site, site):
    """La politique est bien appliquée : un script en ligne ajouté à une page construite est refusé."""
    chemin = site.chemin("/association/")
    original = chemin.read_text(encoding="utf-8")
    piege = original.replace("</main>", "<script>document.title = 'pirate'</script></main>")
    (chemin.parent / "piege.html").write_text(piege, encoding="utf-8")
    try:
        contexte, page, journal, _, _ = ouvrir_sous_politique(navigateur, url_site + "/association/piege.html")
        try:
            assert page.title() != "pirate"
            assert any("script-src" in v for v in page.evaluate("window.__violations"))
        finally:
            contexte.close()
    finally:
        (chemin.parent / "piege.html").unlink()
