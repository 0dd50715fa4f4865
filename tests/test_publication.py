"""Publier : le site en ligne est construit avec publishconf.py dans un dossier temporaire, ses liens sont
vérifiés, puis il est poussé sur la branche gh-pages d'un vrai dépôt git (ici un dépôt nu sur le disque,
à la place de GitHub). Tant que rien n'est poussé, gh-pages ne bouge pas."""

import gzip
import io
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

import tasks
from conftest import AUJOURDHUI, RACINE, Contenu, avertissements_inattendus, ecrire_document
from outils import liens

EN_LIGNE = "https://tousmigrants.org"
COMMUNIQUE = dict(title='"Un communiqué à publier"', date="2020-05-04", summary='"En bref."')


def git(depot, *arguments):
    return subprocess.run(["git", *arguments], cwd=depot, check=True, capture_output=True, text=True).stdout.strip()


def commit_publie(distant):
    """Le commit de gh-pages dans le dépôt nu, ou None s'il n'y a pas (encore) de gh-pages."""
    resultat = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"],
                              cwd=distant, capture_output=True, text=True)
    return resultat.stdout.strip() or None


def nombre_de_commits(distant):
    return int(git(distant, "rev-list", "--count", "refs/heads/gh-pages"))


def extraire(distant, commit, dossier):
    """Les fichiers de ce commit, tels que GitHub Pages les servira."""
    archive = subprocess.run(["git", "archive", commit], cwd=distant, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dossier, filter="data")
    return Path(dossier)


class Projet:
    """Un dépôt du site (un vrai dépôt git, avec un commit) dont le remote « origin » est un dépôt nu,
    et une copie du contenu à publier."""

    def __init__(self, dossier, cache):
        self.distant = dossier / "en-ligne.git"
        git(dossier, "init", "--quiet", "--bare", str(self.distant))
        self.depot = dossier / "projet"
        self.depot.mkdir()
        git(self.depot, "init", "--quiet", "--initial-branch=main")
        (self.depot / "README.md").write_text("Le site.\n", encoding="utf-8")
        git(self.depot, "add", "README.md")
        git(self.depot, "-c", "user.name=Essai", "-c", "user.email=essai@example.org", "commit", "--quiet", "-m", "Début")
        git(self.depot, "remote", "add", "origin", str(self.distant))
        self.contenu = Contenu(dossier / "content", cache)
        shutil.copytree(RACINE / "content", self.contenu.dossier)
        self.cache = cache

    def publier(self):
        return tasks.publier(self.contenu.dossier, self.depot, "origin", AUJOURDHUI=AUJOURDHUI, CACHE_PATH=str(self.cache))


@pytest.fixture(scope="module")
def cache_module(tmp_path_factory):
    return tmp_path_factory.mktemp("cache-publication")


@pytest.fixture(scope="module")
def premiere(tmp_path_factory, cache_module):
    """La première publication d'un contenu qui a un brouillon ; renvoie (projet, publication, fichiers publiés)."""
    dossier = tmp_path_factory.mktemp("premiere")
    projet = Projet(dossier, cache_module)
    ecrire_document(projet.contenu, "communiques/brouillon.md",
                    **{**COMMUNIQUE, "title": '"Brouillon secret Zanzibar"', "slug": "brouillon-secret", "status": "draft"})
    publication = projet.publier()
    return projet, publication, extraire(projet.distant, publication.commit, dossier / "publie")


def test_la_premiere_publication_cree_gh_pages(premiere):
    projet, publication, _ = premiere
    assert publication.nouveau
    assert commit_publie(projet.distant) == publication.commit
    assert nombre_de_commits(projet.distant) == 1
    source = git(projet.depot, "rev-parse", "--short", "main")
    assert git(projet.distant, "log", "-1", "--format=%s", publication.commit) == (
        f"Publication du site depuis {source} : {publication.pages} pages"
    )
    assert publication.branche == "gh-pages" and publication.distant == "origin"
    assert publication.site == EN_LIGNE
    assert publication.pages > 100
    assert avertissements_inattendus(publication) == []


def test_publier_ne_touche_ni_la_branche_de_travail_ni_ses_fichiers(premiere):
    projet, _, _ = premiere
    assert git(projet.depot, "rev-parse", "--abbrev-ref", "HEAD") == "main"
    assert git(projet.depot, "status", "--porcelain") == ""
    assert git(projet.depot, "log", "--format=%s", "main") == "Début"


def test_le_site_publie_a_son_cname_et_pas_de_jekyll(premiere):
    _, _, publie = premiere
    assert (publie / "CNAME").read_text(encoding="utf-8").strip() == "tousmigrants.org"
    assert (publie / ".nojekyll").exists()
    assert (publie / "index.html").exists() and (publie / "404.html").exists()
    assert not (publie / "extra").exists()


def test_aucun_brouillon_n_est_publie_nulle_part(premiere):
    _, _, publie = premiere
    trouves = []
    for fichier in publie.rglob("*"):
        if not fichier.is_file():
            continue
        octets = fichier.read_bytes()
        # Les fragments de l'index de recherche sont compressés : on les lit décompressés.
        if fichier.suffix == ".pf_fragment":
            octets = gzip.decompress(octets)
        if b"Zanzibar" in octets or b"brouillon-secret" in octets:
            trouves.append(fichier.relative_to(publie))
    assert trouves == []
    assert list(publie.glob("pagefind/fragment/*.pf_fragment")), "l'index de recherche est publié"


def test_les_adresses_ecrites_par_le_site_sont_absolues(premiere):
    """Gabarits, flux et plan du site mènent à https://tousmigrants.org (les liens écrits « /… » dans le
    texte d'un document restent tels quels : sur le site en ligne, ils mènent au même endroit)."""
    _, _, publie = premiere
    page = (publie / "communiques" / "mineurs-a-la-rue" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{EN_LIGNE}/communiques/mineurs-a-la-rue/">' in page
    for lien in ("/theme/css/site.css", "/communiques/", "/chronologie/", "/association/", "/feeds/tout.atom.xml"):
        assert f'href="{EN_LIGNE}{lien}' in page, lien
    textes = [f.read_text(encoding="utf-8") for f in publie.rglob("*.html")]
    balises_link = [href for texte in textes for href in re.findall(r'<link [^>]*href="([^"]*)"', texte)]
    redirections = [url for texte in textes for url in re.findall(r'http-equiv="refresh" content="0; url=([^"]*)"', texte)]
    assert balises_link and redirections
    assert [adresse for adresse in balises_link + redirections if not adresse.startswith(f"{EN_LIGNE}/")] == []
    flux = (publie / "feeds" / "tout.atom.xml").read_text(encoding="utf-8")
    assert f'href="{EN_LIGNE}/communiques/' in flux
    plan = (publie / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{EN_LIGNE}/communiques/mineurs-a-la-rue/</loc>" in plan
    assert re.findall(r"<loc>(?!https://tousmigrants\.org/)", plan) == []


def _refus(projet, relatif, **champs):
    """Publie avec ce fichier en plus ; renvoie le message du refus. Le fichier est retiré ensuite."""
    ecrire_document(projet.contenu, relatif, **champs)
    try:
        with pytest.raises(tasks.PublicationRefusee) as refus:
            projet.publier()
    finally:
        projet.contenu.supprimer(relatif)
    return str(refus.value)


def test_un_contenu_casse_refuse_la_publication_et_laisse_gh_pages_tel_quel(premiere):
    projet, _, _ = premiere
    avant = commit_publie(projet.distant)
    message = _refus(projet, "communiques/casse.md", **{**COMMUNIQUE, "date": "2020-02-30"})
    assert message.startswith("Publication refusée : rien n'a été envoyé, le site en ligne n'a pas changé.")
    assert "Le site n'a pas été construit : 1 problème à corriger." in message
    assert "content/communiques/casse.md, ligne 3, champ « date » :\n    la date « 2020-02-30 » n'existe pas" in message
    assert commit_publie(projet.distant) == avant
    assert git(projet.depot, "rev-parse", "refs/heads/gh-pages") == avant


def test_un_lien_casse_refuse_la_publication_et_laisse_gh_pages_tel_quel(premiere):
    projet, _, _ = premiere
    avant = commit_publie(projet.distant)
    # Un lien vers une adresse absente : refusé dès la lecture du contenu, avec le fichier .md, sa ligne et le lien.
    message = _refus(projet, "communiques/2020-05-04-lien.md", **COMMUNIQUE,
                     corps="Voir [la page disparue](/sinformer/page-disparue/).")
    assert message.startswith("Publication refusée : rien n'a été envoyé, le site en ligne n'a pas changé.")
    assert ("content/communiques/2020-05-04-lien.md, ligne 7 :\n    le lien « [la page disparue](/sinformer/page-disparue/) » "
            "mène à /sinformer/page-disparue/, une adresse qu'aucune page du site n'a") in message
    # Une ancre absente de la page : trouvée par la vérification des pages construites.
    message = _refus(projet, "communiques/2020-05-04-lien.md", **COMMUNIQUE, corps="Voir [la fin](#nulle-part).")
    assert message.startswith("Publication refusée : rien n'a été envoyé, le site en ligne n'a pas changé.")
    assert "1 lien(s) interne(s) cassé(s) ; à corriger dans le contenu :" in message
    page = "communiques/un-communique-a-publier/index.html"
    assert re.search(rf"{page}, ligne \d+ : le lien « #nulle-part » mène à une ancre « #nulle-part » absente", message)
    assert commit_publie(projet.distant) == avant
    assert git(projet.depot, "rev-parse", "refs/heads/gh-pages") == avant


def test_un_changement_de_contenu_fait_exactement_un_nouveau_commit(premiere):
    projet, _, _ = premiere
    avant, nombre = commit_publie(projet.distant), nombre_de_commits(projet.distant)
    ecrire_document(projet.contenu, "communiques/2020-05-04-nouveau.md", **COMMUNIQUE, slug="nouveau-communique")
    try:
        publication = projet.publier()
    finally:
        projet.contenu.supprimer("communiques/2020-05-04-nouveau.md")
    assert publication.nouveau and commit_publie(projet.distant) == publication.commit
    assert nombre_de_commits(projet.distant) == nombre + 1
    assert git(projet.distant, "log", "-1", "--format=%P", publication.commit) == avant
    assert "communiques/nouveau-communique/index.html" in git(projet.distant, "ls-tree", "-r", "--name-only", publication.commit)


# --- L'envoi sur gh-pages, avec un tout petit site (sans build) ----------------------------------------


@pytest.fixture
def depots(tmp_path):
    """Un dépôt nu (« en ligne ») et un dépôt de travail dont c'est le remote origin."""
    distant = tmp_path / "en-ligne.git"
    git(tmp_path, "init", "--quiet", "--bare", str(distant))
    depot = tmp_path / "projet"
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(depot))
    git(depot, "remote", "add", "origin", str(distant))
    return depot, distant


def petit_site(dossier, texte):
    dossier.mkdir(exist_ok=True)
    (dossier / "index.html").write_text(f"<h1>{texte}</h1>", encoding="utf-8")
    return dossier


def test_un_site_identique_n_est_pas_renvoye(depots, tmp_path):
    depot, distant = depots
    site = petit_site(tmp_path / "site", "Bonjour")
    commit, nouveau = tasks.envoyer(site, depot, str(distant), "gh-pages", "Première")
    assert nouveau and commit_publie(distant) == commit
    # Le même dépôt, désigné cette fois par son nom de remote.
    assert tasks.envoyer(site, depot, "origin", "gh-pages", "Encore") == (commit, False)
    assert nombre_de_commits(distant) == 1
    assert git(depot, "rev-parse", "refs/heads/gh-pages") == commit


def test_chaque_poste_part_de_gh_pages_tel_qu_il_est_en_ligne(depots, tmp_path):
    """Un poste, puis GitHub Actions (un clone superficiel) dont la copie de gh-pages est en retard."""
    depot, distant = depots
    premier, _ = tasks.envoyer(petit_site(tmp_path / "site", "Un"), depot, "origin", "gh-pages", "Un")
    autre = tmp_path / "autre-clone"
    git(tmp_path, "clone", "--quiet", "--depth=1", f"file://{distant}", str(autre))
    second, _ = tasks.envoyer(petit_site(tmp_path / "site", "Deux"), depot, "origin", "gh-pages", "Deux")
    troisieme, nouveau = tasks.envoyer(petit_site(tmp_path / "site", "Trois"), autre, "origin", "gh-pages", "Trois")
    assert nouveau
    assert git(distant, "rev-list", "refs/heads/gh-pages").split() == [troisieme, second, premier]
    assert git(distant, "log", "--format=%s", "refs/heads/gh-pages").splitlines() == ["Trois", "Deux", "Un"]


def test_un_envoi_refuse_par_le_depot_ne_change_rien(depots, tmp_path):
    depot, distant = depots
    premier, _ = tasks.envoyer(petit_site(tmp_path / "site", "Un"), depot, "origin", "gh-pages", "Un")
    crochet = distant / "hooks" / "pre-receive"
    crochet.write_text("#!/bin/sh\necho 'branche protégée' >&2\nexit 1\n", encoding="utf-8")
    crochet.chmod(0o755)
    with pytest.raises(tasks.PublicationRefusee) as refus:
        tasks.envoyer(petit_site(tmp_path / "site", "Deux"), depot, "origin", "gh-pages", "Deux")
    assert str(refus.value).startswith("Publication refusée : rien n'a été envoyé, le site en ligne n'a pas changé.")
    assert "Le dépôt origin a refusé l'envoi" in str(refus.value) and "branche protégée" in str(refus.value)
    assert commit_publie(distant) == premier
    assert git(depot, "rev-parse", "refs/heads/gh-pages") == premier


def test_un_depot_injoignable_refuse_la_publication(depots, tmp_path):
    depot, _ = depots
    with pytest.raises(tasks.PublicationRefusee) as refus:
        tasks.envoyer(petit_site(tmp_path / "site", "Un"), depot, str(tmp_path / "absent.git"), "gh-pages", "Un")
    assert str(refus.value).startswith("Publication refusée : rien n'a été envoyé")
    assert subprocess.run(["git", "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"], cwd=depot).returncode != 0


# --- make publish, de bout en bout ------------------------------------------------------------


def _copie_du_projet(dossier, cache_pdf):
    copie = dossier / "projet"
    ignorer = shutil.ignore_patterns(".venv", ".git", "output*", "cache", "node_modules", "__pycache__", "bench")
    shutil.copytree(RACINE, copie, ignore=ignorer)
    os.symlink(RACINE / ".venv", copie / ".venv")
    # Les PDF déjà rendus par les autres publications du module : même HTML, même PDF, pas de rendu à refaire.
    (copie / "cache").mkdir()
    os.symlink(cache_pdf, copie / "cache" / "publication")
    git(copie, "init", "--quiet", "--initial-branch=main")
    git(copie, "add", ".")
    git(copie, "-c", "user.name=Essai", "-c", "user.email=essai@example.org", "commit", "--quiet", "-m", "Le site")
    return copie


def _make_publish(projet, distant):
    # -o : le .venv (partagé, par un lien) est déjà prêt ; make ne doit pas le réinstaller.
    return subprocess.run(["make", "--no-print-directory", "publish", f"REMOTE={distant}", "-o", ".venv/.installe"],
                          cwd=projet, capture_output=True, text=True)


def test_make_publish_publie_vers_le_depot_donne_ou_refuse_en_francais(tmp_path, cache_module):
    projet = _copie_du_projet(tmp_path, cache_module)
    distant = tmp_path / "en-ligne.git"
    git(tmp_path, "init", "--quiet", "--bare", str(distant))

    resultat = _make_publish(projet, distant)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    commit = commit_publie(distant)
    assert re.search(rf"Publié en \d+ s : \d+ documents, commit {commit[:12]} sur la branche gh-pages de {re.escape(str(distant))}\.",
                     resultat.stdout)
    assert "GitHub Pages met https://tousmigrants.org à jour" in resultat.stdout
    assert not (projet / "output").exists()

    (projet / "content" / "actions" / "faute.md").write_text(
        '---\ntitle: "Faute"\ndate: 2020-02-30\npole: plaidoyer\nnature: appel\n---\nTexte\n', encoding="utf-8")
    resultat = _make_publish(projet, distant)
    assert resultat.returncode != 0
    assert "Publication refusée : rien n'a été envoyé" in resultat.stderr
    assert "content/actions/faute.md, ligne 3, champ « date » :" in resultat.stderr
    assert "Traceback" not in resultat.stdout + resultat.stderr
    assert commit_publie(distant) == commit


# --- La vérification des liens, seule ------------------------------------------------------------


def test_la_verification_des_liens_trouve_pages_et_ancres_manquantes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h1 id="x">A</h1><a name="y"></a>', encoding="utf-8")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "une photo.png").write_bytes(b"png")
    (tmp_path / "index.html").write_text("\n".join([
        '<meta http-equiv="refresh" content="0; url=/redirige/">',
        '<a href="/a/">ok</a> <a href="a/">ok</a> <a href="/a">ok, dossier</a> <a href="./a/index.html#y">ok</a>',
        '<a href="/a/#x">ok</a> <a href="https://tousmigrants.org/a/#x">ok</a> <a href="https://tousmigrants.org">ok</a>',
        '<img src="/images/une%20photo.png" srcset="/images/une%20photo.png 1x, /images/absente.png 2x">',
        '<a href="https://ailleurs.example/x">dehors</a> <a href="mailto:a@b.c">courriel</a> <a href="[[DESINSCRIPTION]]">x</a>',
        '<a href="#haut">ancre absente</a> <a href="/a/#z">ancre absente</a> <a href="/manque/">page absente</a>',
        '<a href="https://tousmigrants.org/manque.html">page absente</a>',
    ]), encoding="utf-8")
    assert liens.verifier(tmp_path, "https://tousmigrants.org") == [
        "index.html, ligne 1 : le lien « /redirige/ » mène à une page qui n'existe pas",
        "index.html, ligne 4 : le lien « /images/absente.png » mène à une page qui n'existe pas",
        "index.html, ligne 6 : le lien « #haut » mène à une ancre « #haut » absente de la page",
        "index.html, ligne 6 : le lien « /a/#z » mène à une ancre « #z » absente de la page",
        "index.html, ligne 6 : le lien « /manque/ » mène à une page qui n'existe pas",
        "index.html, ligne 7 : le lien « https://tousmigrants.org/manque.html » mène à une page qui n'existe pas",
    ]


def test_les_liens_du_vrai_site_menent_tous_quelque_part(site):
    assert liens.verifier(site.dossier, "") == []
