"""L'éditeur visuel (Decap CMS) à /admin/ : sa configuration vient du contrat de contenu et des listes de
pelicanconf.py ; en local, ce qu'il enregistre passe le contrat et devient une page au build suivant, sans
qu'aucune requête ne quitte l'ordinateur."""

import logging
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

import contrat
import pelicanconf
from outils import construction
from outils.servir import attendre_port
from conftest import RACINE, Contenu, Site, ecrire_document, servir
from contrat import frontmatter, regles
from editeur import configuration

LISTES = regles.Listes.depuis_reglages(vars(pelicanconf))
DECAP_SERVER = RACINE / "node_modules" / ".bin" / "decap-server"
POLES_PLUS_UN = {**pelicanconf.POLES, "cuisine": "Cuisine solidaire"}
DOSSIERS = {"communique": "communiques", "lettre": "lettres", "fiche": "fiches-pratiques", "action": "actions", "page": "pages",
            "publication": "publications"}


def config_du_site(site):
    return yaml.safe_load(site.texte("/admin/config.yml"))


def collection(config, dossier):
    return next(c for c in config["collections"] if c["name"] == dossier)


def champ(config, dossier, nom):
    return next(f for f in collection(config, dossier)["fields"] if f["name"] == nom)


# --- La configuration, générée au build --------------------------------------------------------------


def test_config_yml_liste_exactement_les_poles_natures_et_chiffres_de_pelicanconf(site):
    config = config_du_site(site)
    poles = champ(config, "actions", "pole")
    assert poles["widget"] == "select"
    assert [(o["value"], o["label"]) for o in poles["options"]] == list(pelicanconf.POLES.items())
    natures = champ(config, "actions", "nature")
    assert [(o["value"], o["label"]) for o in natures["options"]] == [(k, s) for k, (s, _) in pelicanconf.NATURES.items()]
    chiffres = champ(config, "actions", "chiffres")
    assert [f["name"] for f in chiffres["fields"]] == list(pelicanconf.CHIFFRES)
    assert all(f["widget"] == "number" and f["value_type"] == "int" and f["required"] is False for f in chiffres["fields"])
    assert champ(config, "actions", "chiffres")["fields"][0]["label"] == "Personnes secourues"
    publics = champ(config, "fiches-pratiques", "public")
    assert [o["value"] for o in publics["options"]] == list(pelicanconf.PUBLICS) and publics["multiple"] is True
    assert [o["label"] for o in champ(config, "fiches-pratiques", "theme")["options"]] == list(pelicanconf.THEMES_FICHES.values())


def test_une_collection_par_type_avec_les_champs_et_les_obligations_du_contrat(site):
    config = config_du_site(site)
    assert [c["name"] for c in config["collections"]] == list(DOSSIERS.values())
    for type_, dossier in DOSSIERS.items():
        c = collection(config, dossier)
        assert c["folder"] == f"content/{dossier}" and c["format"] == "yaml-frontmatter" and c["extension"] == "md"
        champs = {f["name"]: f for f in c["fields"] if f["name"] != "body"}
        assert set(champs) == set(regles.champs_du_type(type_)), dossier
        exiges = {nom for nom, f in champs.items() if f.get("required", True)}
        assert exiges == regles.obligatoires(type_), dossier
        assert c["fields"][-1] == {"name": "body", "label": "Texte", "widget": "markdown", "required": False}


def test_les_dates_sont_des_widgets_date_au_format_du_contrat(site):
    config = config_du_site(site)
    vues = 0
    for type_, dossier in DOSSIERS.items():
        for nom, verifier in regles.champs_du_type(type_).items():
            if verifier is regles._date:
                f = champ(config, dossier, nom)
                assert (f["widget"], f["format"], f["time_format"]) == ("datetime", "YYYY-MM-DD", False), (dossier, nom)
                vues += 1
    assert vues == 6 + 2 + 1  # date partout, modified et verifiee_le des fiches, date_fin des actions


def test_les_fichiers_sont_nommes_comme_ceux_de_invoke_new(site):
    config = config_du_site(site)
    for dossier in ("communiques", "lettres", "fiches-pratiques", "actions"):
        assert collection(config, dossier)["slug"] == "{{fields.date}}-{{slug}}"
    assert collection(config, "pages")["slug"] == "{{slug}}"  # content/pages/association.md


def test_l_interface_est_en_francais_et_le_serveur_local_sur_127_0_0_1(site):
    config = config_du_site(site)
    assert config["locale"] == "fr"
    assert config["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    # Sans dépôt GitHub réglé (l'aperçu), l'éditeur ne parle qu'au serveur local.
    assert config["backend"]["name"] == "proxy" and config["backend"]["proxy_url"] == config["local_backend"]["url"]


def test_le_yaml_est_ecrit_par_une_bibliotheque_et_se_relit_a_l_identique():
    listes = regles.Listes.depuis_reglages({
        **vars(pelicanconf), "POLES": {**pelicanconf.POLES, "essai": "Pôle « essai » : deux-points, # dièse et 'apostrophe'"},
    })
    config = configuration.configuration(listes, "asso/site", "main", "https://auth.example.org", "https://example.org")
    texte = configuration.config_yaml(config)
    assert yaml.safe_load(texte) == config
    assert "Pôle « essai »" in texte  # allow_unicode : lisible par un humain, pas \xF4


def test_un_champ_du_contrat_sans_presentation_arrete_le_build(monkeypatch):
    obligatoires, propres = regles.CHAMPS_PAR_TYPE["lettre"]
    monkeypatch.setitem(regles.CHAMPS_PAR_TYPE, "lettre", (obligatoires, {**propres, "couleur": lambda v, listes: (v, None)}))
    with pytest.raises(configuration.ChampSansPresentation, match="couleur"):
        configuration.champs("lettre", LISTES)


# --- La page /admin/ --------------------------------------------------------------------------------


def test_admin_est_hors_du_plan_du_site_de_la_recherche_et_des_flux(site):
    html = site.texte("/admin/")
    assert '<meta name="robots" content="noindex">' in html
    assert "data-pagefind-body" not in html
    assert "/admin/" not in site.texte("/sitemap.xml")
    for flux in (site.dossier / "feeds").glob("*.xml"):
        assert "/admin/" not in flux.read_text(encoding="utf-8"), flux
    assert "Disallow: /admin/" in site.texte("/robots.txt")


def test_seul_admin_charge_decap_et_depuis_le_site_lui_meme(site):
    html = site.texte("/admin/")
    assert '<script src="decap-cms.js?v=3.16.3"></script>' in html
    assert site.existe("/admin/decap-cms.js") and site.existe("/admin/editeur.js")
    assert "connect-src 'self' data: blob: http://127.0.0.1:8081 https://api.github.com" in html.replace("&#39;", "'")
    ailleurs = [p for p in site.dossier.rglob("*.html") if "admin" not in p.parts and b"decap-cms" in p.read_bytes()]
    assert ailleurs == []


def test_sans_node_modules_le_build_reussit_et_admin_explique_quoi_faire(tmp_path, caplog):
    # Une machine neuve où `make build` tourne sans `npm ci` ; un seul document suffit.
    caplog.set_level(logging.INFO)
    contenu = Contenu(tmp_path / "content", tmp_path / "cache")
    ecrire_document(contenu, "communiques/un.md", title='"Un communiqué"', date="2026-11-20", summary='"En bref."')
    site = contenu.construire(tmp_path / "output", EDITEUR_DECAP=str(tmp_path / "absent"))
    assert site.avertissements == []  # une information dans le journal, pas un avertissement
    assert [r.levelname for r in caplog.records if "npm ci" in r.getMessage()] == ["INFO"]
    html = site.texte("/admin/")
    assert "L’éditeur du site n’est pas installé" in html and "<code>npm ci</code>" in html
    assert '<meta name="robots" content="noindex">' in html and "data-pagefind-body" not in html
    assert site.existe("/admin/config.yml") and not site.existe("/admin/decap-cms.js")


# --- En local, dans un vrai navigateur ----------------------------------------------------------------


@dataclass
class EditeurLocal:
    racine: Path  # la copie du projet où decap-server écrit (son content/)
    contenu: Contenu
    site: Site
    adresse: str  # le site construit, servi en local

    def reglages(self):
        return construction.reglages(**self.contenu.reglages())


def port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def editeur_local(tmp_path_factory):
    """Une copie temporaire du contenu (communiqués, lettres, actions), le site construit depuis elle et servi
    en local, et decap-server (sur un port libre) qui écrit dans cette copie : le vrai content/ n'est jamais touché.

    Ce build-là voit un pôle de plus dans les réglages, comme après un ajout dans pelicanconf.py.
    """
    if not DECAP_SERVER.exists():
        pytest.fail("decap-server manque dans node_modules : lancez les tests par `make test`, qui fait `npm ci`.")
    racine = tmp_path_factory.mktemp("projet")
    # Les fiches et les rapports (leurs PDF) triplent la durée du build sans rien apporter ici.
    shutil.copytree(RACINE / "content", racine / "content", ignore=shutil.ignore_patterns("fiches-pratiques", "pages", "rapports", "traductions"))
    for vide in ("fiches-pratiques", "pages"):
        (racine / "content" / vide).mkdir()
    contenu = Contenu(racine / "content", racine / "cache")
    port = port_libre()
    # Sans les PDF : aucun test de l'éditeur n'en ouvre un (ceux des rapports, avec un pôle de plus, se refaisaient tous).
    site = contenu.construire(racine / "output", EDITEUR_PORT_LOCAL=port, POLES=POLES_PLUS_UN, GENERER_PDF=False)
    journal = open(racine / "decap-server.log", "w")
    processus = subprocess.Popen(
        [str(DECAP_SERVER)], cwd=racine, stdout=journal, stderr=subprocess.STDOUT,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "PORT": str(port), "BIND_HOST": "127.0.0.1",
             "GIT_REPO_DIRECTORY": str(racine), "MODE": "fs"},
    )
    try:
        if not attendre_port("127.0.0.1", port, processus):
            pytest.fail("decap-server n'a pas démarré :\n" + (racine / "decap-server.log").read_text())
        with servir(site.dossier) as adresse:
            yield EditeurLocal(racine, contenu, site, adresse)
    finally:
        processus.terminate()
        processus.wait()
        journal.close()


@pytest.fixture
def page_editeur(navigateur, editeur_local):
    """L'éditeur ouvert à l'heure de Briançon ; on note chaque requête et chaque refus de la CSP."""
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Europe/Paris",
                                      locale="fr-FR", service_workers="block")
    page = contexte.new_page()
    page.requetes, page.refus = [], []
    page.on("request", lambda r: page.requetes.append(r.url))
    page.on("console", lambda m: page.refus.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(editeur_local.adresse + "/admin/")
    page.get_by_role("button", name="Se connecter").click()
    yield page
    hotes = {urlsplit(u).hostname for u in page.requetes if not u.startswith(("data:", "blob:"))}
    contexte.close()
    assert hotes == {"127.0.0.1"}, f"requêtes vers d'autres hôtes : {hotes}"
    assert page.refus == []


def nouveau(page, editeur_local, dossier):
    page.goto(f"{editeur_local.adresse}/admin/#/collections/{dossier}/new")
    page.get_by_label("Titre").wait_for()


def ecrire_le_texte(page, texte):
    page.locator("[data-slate-editor]").click()
    page.keyboard.type(texte)


def publier(page):
    page.get_by_role("button", name="Publier").first.click()
    page.get_by_text("Publier maintenant").click()


def test_un_communique_ecrit_dans_l_editeur_passe_le_contrat_et_devient_une_page(page_editeur, editeur_local, tmp_path):
    page = page_editeur
    nouveau(page, editeur_local, "communiques")
    page.get_by_label("Titre").fill("Nuit glaciale à Montgenèvre : douze personnes secourues")
    page.get_by_label("Date", exact=True).fill("2026-11-20")
    page.get_by_label("En bref").fill("Le 20 novembre 2026, douze personnes ont été secourues au col de Montgenèvre.")
    page.get_by_label("Sujets").fill("frontière, maraudes")
    ecrire_le_texte(page, "Cette nuit-là, il faisait -15 °C au col.")
    publier(page)
    page.wait_for_url("**/collections/communiques/entries/**")
    page.get_by_text("Entrée enregistrée").wait_for()

    # Le nom de fichier de `invoke new`, avec la date du communiqué (pas la veille en heure UTC).
    fichier = editeur_local.racine / "content" / "communiques" / "2026-11-20-nuit-glaciale-a-montgenevre-douze-personnes-secourues.md"
    texte = fichier.read_text(encoding="utf-8")
    assert "\ndate: 2026-11-20\n" in texte  # une date simple, que le contrat accepte
    source = frontmatter.lire_texte(texte)
    assert source.meta == {
        "title": "Nuit glaciale à Montgenèvre : douze personnes secourues", "date": "2026-11-20",
        "summary": "Le 20 novembre 2026, douze personnes ont été secourues au col de Montgenèvre.",
        "tags": ["frontière", "maraudes"],
    }
    assert source.corps.strip() == "Cette nuit-là, il faisait -15 °C au col."
    documents, problemes = contrat.valider(editeur_local.reglages())
    assert problemes == []
    assert not list((RACINE / "content" / "communiques").glob("*nuit-glaciale-a-montgenevre*"))

    suivant = editeur_local.contenu.construire(tmp_path / "output", GENERER_PDF=False)
    html = suivant.texte("/communiques/nuit-glaciale-a-montgenevre-douze-personnes-secourues/")
    assert "Le 20 novembre 2026, douze personnes ont été secourues" in html
    assert '<time datetime="2026-11-20">20 novembre 2026</time>' in html
    # La copie n'a ni pages ni fiches : les liens des autres documents vers elles y sont cassés ; ceux du
    # communiqué écrit ici, et tout le reste, ne donnent aucun avertissement.
    assert [m for m in suivant.avertissements if "le lien «" not in m or "nuit-glaciale" in m] == []


def test_l_editeur_refuse_un_communique_sans_en_bref(page_editeur, editeur_local):
    page = page_editeur
    nouveau(page, editeur_local, "communiques")
    page.get_by_label("Titre").fill("Un communiqué sans en bref")
    ecrire_le_texte(page, "Du texte, mais pas d'en bref.")
    publier(page)
    page.get_by_text("Le champ En bref est requis.").wait_for()
    page.get_by_text("Oops, il manque un champ requis.", exact=False).wait_for()
    assert page.url.endswith("/collections/communiques/new")
    assert not list((editeur_local.racine / "content" / "communiques").glob("*sans-en-bref*"))


def test_une_action_prend_ses_listes_fermees_et_n_ecrit_pas_les_champs_vides(page_editeur, editeur_local):
    page = page_editeur
    nouveau(page, editeur_local, "actions")
    page.get_by_label("Titre").fill("Maraude de nuit au Montgenèvre")
    page.get_by_label("Date", exact=True).fill("2026-11-21")
    page.get_by_label("Pôle").click()
    page.get_by_text("Maraudes", exact=True).click()
    page.get_by_label("Nature de l'action").click()
    page.get_by_text("Maraude", exact=True).click()
    page.get_by_label("Heure").fill("20:30")
    page.get_by_label("Lieu").fill("Montgenèvre")
    page.get_by_label("Lieu").fill("")  # tapé puis effacé : ne doit pas devenir « lieu: "" »
    page.locator("[id^=chiffres-field] [data-testid=expand-button]").click()
    page.get_by_label("Personnes secourues").fill("12")
    page.get_by_label("Participants").fill("3")
    page.get_by_label("Participants").fill("")
    ecrire_le_texte(page, "Récit de la maraude.")
    publier(page)
    page.wait_for_url("**/collections/actions/entries/**")

    fichier = editeur_local.racine / "content" / "actions" / "2026-11-21-maraude-de-nuit-au-montgenevre.md"
    meta = frontmatter.lire_texte(fichier.read_text(encoding="utf-8")).meta
    assert meta == {"title": "Maraude de nuit au Montgenèvre", "date": "2026-11-21", "heure": "20:30",
                    "pole": "maraudes", "nature": "maraude", "chiffres": {"personnes_secourues": 12}}
    _, problemes = contrat.valider(editeur_local.reglages())
    assert problemes == []


def test_un_pole_ajoute_dans_pelicanconf_est_dans_l_editeur_au_build_suivant(page_editeur, editeur_local):
    options = champ(config_du_site(editeur_local.site), "actions", "pole")["options"]
    assert options[-1] == {"label": "Cuisine solidaire", "value": "cuisine"}
    nouveau(page_editeur, editeur_local, "actions")
    page_editeur.get_by_label("Pôle").click()
    page_editeur.get_by_text("Cuisine solidaire", exact=True).wait_for()
