"""Outils partagés des tests : le vrai site construit par Pelican, une copie du contenu à modifier,
un serveur local et un vrai navigateur (Chromium de Debian, piloté par Playwright)."""

import contextlib
import fcntl
import functools
import http.server
import json
import os
import shutil
import signal
import sys
import threading
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from outils import construction  # noqa: E402  (et, par outils, plugins/ sur le chemin des imports)

# Les tests construisent toujours « comme si » on était ce jour-là : agenda et chronologie reproductibles.
AUJOURDHUI = "2026-11-27"
CHROMIUM = "/usr/bin/chromium"
# Ce que le vrai contenu signale tant que l'association n'a pas donné ce qui lui revient : les mentions
# légales exigées par la loi et la relecture juridique des fiches. Tout autre avertissement est une faute.
# Les traductions attendent aussi leur relecture par des personnes de langue maternelle (« non relues »).
A_COMPLETER_PAR_L_ASSOCIATION = ("Mentions légales incomplètes (", " en attente de relecture juridique (sans « verifiee_par »",
                                 "Traductions des fiches : ")


def avertissements_inattendus(site):
    """Les avertissements d'un build, hors ceux qui attendent l'association (au plus une ligne de chaque)."""
    attendus = [m for m in site.avertissements if any(a in m for a in A_COMPLETER_PAR_L_ASSOCIATION)]
    assert len(attendus) <= len(A_COMPLETER_PAR_L_ASSOCIATION), attendus
    return [m for m in site.avertissements if m not in attendus]


class Site:
    """Un site construit : lire ses fichiers par leur chemin public."""

    def __init__(self, dossier, avertissements=()):
        self.dossier = Path(dossier)
        self.avertissements = list(avertissements)

    def chemin(self, adresse):
        chemin = self.dossier / adresse.lstrip("/")
        return chemin / "index.html" if adresse.endswith("/") or chemin.is_dir() else chemin

    def existe(self, adresse):
        return self.chemin(adresse).exists()

    def texte(self, adresse):
        return self.chemin(adresse).read_text(encoding="utf-8")

    def octets(self, adresse):
        return self.chemin(adresse).read_bytes()


class Contenu:
    """Une copie de content/ : un test y ajoute, change ou casse des fichiers, puis construit."""

    def __init__(self, dossier, cache):
        self.dossier = Path(dossier)
        self.cache = cache

    def ecrire(self, relatif, texte):
        chemin = self.dossier / relatif
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(texte, encoding="utf-8")
        return chemin

    def supprimer(self, relatif):
        (self.dossier / relatif).unlink()

    def reglages(self, **surcharges):
        return {"PATH": str(self.dossier), "AUJOURDHUI": AUJOURDHUI, "CACHE_PATH": str(self.cache), **surcharges}

    def construire(self, sortie, recherche=False, fichier=None, **surcharges):
        avertissements = construction.construire(fichier, destination=str(sortie), recherche=recherche, **self.reglages(**surcharges))
        return Site(sortie, avertissements)


@pytest.fixture(scope="session", autouse=True)
def plugins_enregistres_dans_l_ordre_du_site(tmp_path_factory):
    """Pelican garde branchés, pour tout le processus, les plugins d'un build (les signaux de blinker) : le
    premier build de la session fixe l'ordre des générateurs pour tous les suivants. Un test qui construit
    avec une partie des plugins (sans les PDF, par exemple) ne doit pas décider de cet ordre pour les autres :
    la session enregistre d'abord tous les plugins dans l'ordre de PLUGINS (les publications après les
    rapports et les fiches, dont elles listent les PDF), sans rien construire.

    Conséquence : `PLUGINS=[…]` dans un build de test ne retire aucun plugin déjà branché ; un build qui n'a
    pas besoin des PDF le dit par `GENERER_PDF=False` (sinon il rend tous ceux qui manquent à son cache)."""
    from pelican import Pelican

    Pelican(construction.reglages(CACHE_PATH=str(tmp_path_factory.mktemp("plugins"))))


def dossier_commun(tmp_path_factory):
    """Le dossier temporaire commun à toute la session : avec pytest-xdist (`make test` lance deux processus),
    celui que partagent les processus (la racine de --basetemp, vidée au début de chaque session)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def un_processus_a_la_fois(verrou):
    """Un seul processus de la session dans ce bloc à la fois (les autres attendent leur tour)."""
    with open(verrou, "w") as fichier:
        fcntl.flock(fichier, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fichier, fcntl.LOCK_UN)


def construire_une_fois(tmp_path_factory, nom, contenu, **options):
    """Le site construit depuis `contenu` (un dossier), une seule fois pour toute la session : avec pytest-xdist,
    le premier processus qui en a besoin le construit, les autres attendent puis lisent le même dossier (aucun
    test n'y écrit). Renvoie le `Site`, et son cache dans `site.cache`."""
    commun = dossier_commun(tmp_path_factory) / nom
    commun.mkdir(exist_ok=True)
    fait = commun / "avertissements.json"
    with un_processus_a_la_fois(commun / "verrou"):
        if not fait.exists():
            construit = Contenu(contenu, commun / "cache").construire(commun / "output", **options)
            fait.write_text(json.dumps(construit.avertissements, ensure_ascii=False), encoding="utf-8")
    site = Site(commun / "output", json.loads(fait.read_text(encoding="utf-8")))
    site.cache = commun / "cache"
    return site


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Le vrai site, construit une fois pour toute la session (et tous les processus) à partir de content/,
    avec la recherche : un seul build, et un seul rendu des PDF."""
    return construire_une_fois(tmp_path_factory, "site-de-la-session", RACINE / "content", recherche=True)


@pytest.fixture(scope="session")
def cache_session(tmp_path_factory):
    """Le cache du build du vrai site (ses PDF), à ne pas modifier : `amorcer_cache` en fait des copies.
    (Pas par la fixture `site` : un fichier de tests peut avoir la sienne, sous ce nom.)"""
    return construire_une_fois(tmp_path_factory, "site-de-la-session", RACINE / "content", recherche=True).cache


def amorcer_cache(source, cache, dossiers=("fiches", "rapports", "publications", "images", "traductions")):
    """Met dans `cache` les PDF (et couvertures, images) du cache `source`, rangés par l'empreinte de ce qui les fait :
    un PDF que la copie ne change pas est repris, pas refait ; un PDF changé a une autre clé et se refait.
    Le journal du dernier build n'est pas copié. Les tests qui mesurent le cache des PDF partent d'un cache vide."""
    for dossier in dossiers:
        if (source / dossier).is_dir():
            shutil.copytree(source / dossier, cache / dossier, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("dernier-build.json"))
    return cache


def copier_contenu(destination, traductions=None):
    """Copie content/ dans `destination` et rend ce dossier. `traductions` : les slugs des fiches dont la copie garde les
    traductions (chaque langue garde aussi sa page d'accueil), pour un test qui n'a pas besoin des autres. Chaque
    langue a alors un recueil PDF d'une fiche au lieu de quatre : quand une fiche française change, ses traductions
    (le français est au verso) et les quatre recueils se refont, et ces recueils coûtaient 3,4 à 4,4 s chacun."""

    def ignorer(dossier, noms):
        dossier = Path(dossier)
        if traductions is None or dossier.parent.name != "traductions" or dossier.parent.parent != RACINE / "content":
            return []
        return [nom for nom in noms if nom.endswith(".md") and nom[:-3] not in (*traductions, "accueil")]

    shutil.copytree(RACINE / "content", destination, ignore=ignorer)
    return Path(destination)


@pytest.fixture
def contenu(tmp_path, cache_session):
    """Une copie du vrai contenu, à modifier dans un test.

    Son cache part des PDF du vrai site (`amorcer_cache`) : un PDF que le test ne change pas est repris.
    """
    copie = tmp_path / "content"
    shutil.copytree(RACINE / "content", copie)
    return Contenu(copie, amorcer_cache(cache_session, tmp_path / "cache"))


def ecrire_document(contenu, relatif, **champs):
    """Écrit un document minimal ; `corps` donne le texte, les autres arguments l'en-tête (YAML brut)."""
    corps = champs.pop("corps", "Texte du document.")
    lignes = [f"{cle}: {valeur}" for cle, valeur in champs.items()]
    return contenu.ecrire(relatif, "---\n" + "\n".join(lignes) + "\n---\n\n" + corps + "\n")


class _Silencieux(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def servir(dossier):
    """Sert un dossier sur 127.0.0.1 (port libre) le temps d'un bloc ; donne l'adresse de base."""
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Silencieux, directory=str(dossier)))
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    try:
        yield f"http://127.0.0.1:{serveur.server_address[1]}"
    finally:
        serveur.shutdown()
        serveur.server_close()


@pytest.fixture(scope="session")
def url_site(site):
    with servir(site.dossier) as base:
        yield base


@pytest.fixture(scope="session")
def navigateur():
    """Chromium de Debian, sans téléchargement. Sans navigateur, les tests échouent en disant pourquoi."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} est introuvable : les tests du navigateur ne peuvent pas tourner. "
            "`make test` l'installe (apt-get install --no-install-recommends chromium) quand il en a le droit."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


def parametres_choisis(request, test, parametre):
    """Les valeurs de `parametre` des cas de `test` que la session lance vraiment (pas ceux qu'un -k laisse de
    côté) : pour une fixture qui prépare tous les cas d'un coup."""
    return [item.callspec.params[parametre] for item in request.session.items
            if getattr(item, "originalname", "") == test and item.module is request.module]


SORTIE_TESTS = RACINE / "output-tests"
LIGHTHOUSE = RACINE / "node_modules" / ".bin" / "lighthouse"
CATEGORIES_LIGHTHOUSE = ("performance", "accessibility", "best-practices", "seo")
# Ce que Lighthouse fait sans qu'aucun test le lise : la capture de toute la page (pour le rapport HTML), les
# vignettes du chargement et l'essai du cache « précédent/suivant » (une navigation de plus). Audits de poids 0 :
# aucun score n'en dépend. Mesuré : 1 s de processeur en moins par audit (7,5 au lieu de 8,5), le temps écoulé à peine.
SANS_LECTEUR = ["--disable-full-page-screenshot", "--skip-audits=screenshot-thumbnails,final-screenshot,bf-cache"]


def lancer_lighthouse(url, rapport, categories=CATEGORIES_LIGHTHOUSE):
    """Lance Lighthouse (mobile, Chromium de Debian) sur une page servie en local, sans l'attendre.
    Chaque lancement a son Chromium (chrome-launcher lui donne un port libre) et son fichier de rapport."""
    import subprocess

    rapport = Path(rapport)
    rapport.parent.mkdir(parents=True, exist_ok=True)
    # Les erreurs dans un fichier, pas dans un tube : plusieurs Lighthouse lancés ensemble ne se bloquent pas.
    with open(rapport.with_suffix(".erreurs.txt"), "w") as erreurs:
        return subprocess.Popen(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={rapport}",
             f"--only-categories={','.join(categories)}", *SANS_LECTEUR,
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"],
            stdout=subprocess.DEVNULL, stderr=erreurs, env={**os.environ, "CHROME_PATH": CHROMIUM},
            start_new_session=True,  # un Lighthouse bloqué s'arrête avec son Chromium (rapport_lighthouse)
        )


def rapport_lighthouse(processus, rapport, delai=180):
    """Attend un Lighthouse lancé ; son rapport lu en JSON (le test échoue avec la fin de son erreur)."""
    rapport = Path(rapport)
    try:
        processus.wait(timeout=delai)
    finally:
        arreter_lighthouse(processus)
    assert processus.returncode == 0, rapport.with_suffix(".erreurs.txt").read_text()[-2000:]
    return json.loads(rapport.read_text())


def arreter_lighthouse(processus):
    """Arrête un Lighthouse encore en cours, avec son Chromium."""
    if processus.poll() is None:
        os.killpg(processus.pid, signal.SIGKILL)
        processus.wait()


def lighthouse(url, dossier, categories=CATEGORIES_LIGHTHOUSE):
    """Le rapport Lighthouse d'une page servie en local, lu en JSON."""
    rapport = Path(dossier) / "lighthouse.json"
    return rapport_lighthouse(lancer_lighthouse(url, rapport, categories), rapport)


# Les chiffres mesurés par les tests (scores Lighthouse, poids des pages), affichés en fin de rapport
# même quand tout passe : pytest n'affiche pas les print() des tests réussis.
MESURES = []


def pytest_sessionfinish(session):
    # Avec pytest-xdist, chaque processus de tests a ses MESURES : il les rend au processus principal…
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["mesures"] = json.dumps(MESURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    # … qui les réunit pour les afficher (sans cela, la section « mesures » disparaissait du rapport).
    MESURES.extend(json.loads(getattr(node, "workeroutput", {}).get("mesures", "[]")))


def pytest_terminal_summary(terminalreporter):
    if MESURES:
        terminalreporter.section("mesures")
        for ligne in MESURES:
            terminalreporter.write_line(ligne)


# Les tests qui ouvrent un vrai navigateur (Chromium, Lighthouse) : `make test-rapide` les laisse de côté.
FICHIERS_NAVIGATEUR = {"test_navigateur.py", "test_apparence.py", "test_fiches_hors_ligne.py", "test_apercu.py"}


def pytest_configure(config):
    config.addinivalue_line("markers", "navigateur: ouvre un vrai navigateur (laissé de côté par make test-rapide)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "navigateur" in getattr(item, "fixturenames", ()) or item.path.name in FICHIERS_NAVIGATEUR:
            item.add_marker(pytest.mark.navigateur)
