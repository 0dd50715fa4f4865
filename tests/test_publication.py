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
import yaml

import pelicanconf
import outils.installations
import outils.publication
import tasks
from outils import construction
from conftest import AUJOURDHUI, RACINE, Contenu, amorcer_cache, avertissements_inattendus, ecrire_document
from contrat import regles
from outils import depot as depot_git
from outils import liens

EN_LIGNE = "https://tousmigrants.org"
LISTES = regles.Listes.depuis_reglages(vars(pelicanconf))
# Daté de 2026 : un communiqué publié fait refaire le PDF du rapport de son année, court en 2026 (celui de 2020 : 3,5 s).
COMMUNIQUE = dict(title='"Un communiqué à publier"', date="2026-11-20", summary='"En bref."')


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


IDENTITE = ["-c", "user.name=Essai", "-c", "user.email=essai@example.org"]


class Projet:
    """Un vrai dépôt git du site (ses sources : content/, theme/, plugins/, réglages…) dont le remote « origin »
    est un dépôt nu ; on y écrit, on enregistre (commit), on publie."""

    def __init__(self, dossier, cache):
        self.distant = dossier / "en-ligne.git"
        git(dossier, "init", "--quiet", "--bare", str(self.distant))
        self.depot = dossier / "projet"
        self.depot.mkdir()
        git(self.depot, "init", "--quiet", "--initial-branch=main")
        for nom in (*depot_git.SOURCES_DU_SITE, ".gitignore", "README.md"):
            source = RACINE / nom
            if source.is_dir():
                shutil.copytree(source, self.depot / nom, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.exists():
                shutil.copy(source, self.depot / nom)
        git(self.depot, "remote", "add", "origin", str(self.distant))
        self.contenu = Contenu(self.depot / "content", cache)
        self.cache = cache

    def enregistrer(self, message):
        git(self.depot, "add", "--all")
        git(self.depot, *IDENTITE, "commit", "--quiet", "-m", message)
        return git(self.depot, "rev-parse", "HEAD")

    def oublier_le_dernier_commit(self):
        git(self.depot, "reset", "--quiet", "--hard", "HEAD~1")

    def publier(self, distant="origin"):
        return outils.publication.publier(self.depot, distant, AUJOURDHUI=AUJOURDHUI, CACHE_PATH=str(self.cache))


@pytest.fixture(scope="module")
def cache_module(tmp_path_factory, cache_session):
    # Les PDF et les images du vrai site : ceux dont le HTML ne change pas en ligne sont repris.
    return amorcer_cache(cache_session, tmp_path_factory.mktemp("cache-publication"))


@pytest.fixture(scope="module")
def premiere(tmp_path_factory, cache_module):
    """La première publication d'un contenu qui a un brouillon ; renvoie (projet, publication, fichiers publiés)."""
    dossier = tmp_path_factory.mktemp("premiere")
    projet = Projet(dossier, cache_module)
    ecrire_document(projet.contenu, "communiques/brouillon.md",
                    **{**COMMUNIQUE, "title": '"Brouillon secret Zanzibar"', "slug": "brouillon-secret", "status": "draft"})
    # Une image que git ignore : elle est dans content/, mais dans aucun commit ; elle ne doit pas partir.
    (projet.depot / ".gitignore").write_text((RACINE / ".gitignore").read_text() + "content/images/prive-*\n")
    (projet.contenu.dossier / "images" / "prive-zanzibar.png").write_bytes(b"pas dans un commit")
    projet.enregistrer("Début")
    publication = projet.publier()
    return projet, publication, extraire(projet.distant, publication.commit, dossier / "publie")


def test_la_premiere_publication_cree_gh_pages(premiere):
    projet, publication, _ = premiere
    assert publication.nouveau
    assert commit_publie(projet.distant) == publication.commit
    assert nombre_de_commits(projet.distant) == 1
    source = git(projet.depot, "rev-parse", "main")  # le sha complet : le commit exact dont le site est construit
    assert publication.source == source
    assert git(projet.distant, "log", "-1", "--format=%s", publication.commit) == (
        f"Publication du site depuis {source} : {publication.pages} pages"
    )
    assert publication.branche == "gh-pages" and publication.distant == "origin" and publication.configure
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
    """Enregistre ce fichier en plus, publie ; renvoie le message du refus. Le commit est oublié ensuite."""
    ecrire_document(projet.contenu, relatif, **champs)
    projet.enregistrer(f"Ajout de {relatif}")
    try:
        with pytest.raises(outils.publication.PublicationRefusee) as refus:
            projet.publier()
    finally:
        projet.oublier_le_dernier_commit()
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
    message = _refus(projet, "communiques/2026-11-20-lien.md", **COMMUNIQUE,
                     corps="Voir [la page disparue](/sinformer/page-disparue/).")
    assert message.startswith("Publication refusée : rien n'a été envoyé, le site en ligne n'a pas changé.")
    assert ("content/communiques/2026-11-20-lien.md, ligne 7 :\n    le lien « [la page disparue](/sinformer/page-disparue/) » "
            "mène à /sinformer/page-disparue/, une adresse qu'aucune page du site n'a") in message
    # Une ancre absente de la page : trouvée par la vérification des pages construites.
    message = _refus(projet, "communiques/2026-11-20-lien.md", **COMMUNIQUE, corps="Voir [la fin](#nulle-part).")
    assert message.startswith("Publication refusée : rien n'a été envoyé, le site en ligne n'a pas changé.")
    assert "1 lien(s) interne(s) cassé(s) ; à corriger dans le contenu :" in message
    page = "communiques/un-communique-a-publier/index.html"
    assert re.search(rf"{page}, ligne \d+ : le lien « #nulle-part » mène à une ancre « #nulle-part » absente", message)
    assert commit_publie(projet.distant) == avant
    assert git(projet.depot, "rev-parse", "refs/heads/gh-pages") == avant


def test_seul_le_commit_est_publie_pas_un_fichier_que_git_ignore(premiere):
    projet, publication, publie = premiere
    assert (projet.contenu.dossier / "images" / "prive-zanzibar.png").exists()
    assert not (publie / "images" / "prive-zanzibar.png").exists()
    assert "prive-zanzibar" not in git(projet.distant, "ls-tree", "-r", "--name-only", publication.commit)


def test_un_fichier_non_enregistre_refuse_la_publication_en_disant_lesquels_et_comment(premiere):
    projet, _, _ = premiere
    avant = commit_publie(projet.distant)
    ecrire_document(projet.contenu, "communiques/2026-11-20-oublie.md", **COMMUNIQUE, slug="oublie")
    gabarit = projet.depot / "theme" / "templates" / "base.html"
    gabarit.write_text(gabarit.read_text(encoding="utf-8") + "<!-- retouche -->\n", encoding="utf-8")
    # Ce que macOS pose de lui-même dans un dossier ouvert : ni à enregistrer, ni à nommer (.gitignore).
    (projet.contenu.dossier / "images" / ".DS_Store").write_bytes(b"finder")
    try:
        with pytest.raises(outils.publication.PublicationRefusee) as refus:
            projet.publier()
    finally:
        projet.contenu.supprimer("communiques/2026-11-20-oublie.md")
        projet.contenu.supprimer("images/.DS_Store")
        git(projet.depot, "checkout", "--", "theme/templates/base.html")
    assert str(refus.value) == "\n".join([
        "Publication refusée : rien n'a été envoyé, le site en ligne n'a pas changé.",
        "",
        "make publish ne publie que ce qui est enregistré dans git (le dernier commit). Ces fichiers du site "
        "ont des changements qui ne le sont pas :",
        "- content/communiques/2026-11-20-oublie.md (nouveau, jamais enregistré)",
        "- theme/templates/base.html (modifié)",
        "",
        'Pour enregistrer ceux de content/ et les envoyer : make enregistrer MESSAGE="Communiqué du 4 mai sur les maraudes"',
        'Pour un autre fichier : git add <fichier> puis git commit -m "ce qui change" ; ou, pour annuler son '
        "changement, git restore <fichier> (un fichier nouveau : supprimez-le).",
        "Puis relancez make publish.",
    ])
    assert commit_publie(projet.distant) == avant
    assert git(projet.depot, "rev-parse", "refs/heads/gh-pages") == avant


def test_sans_reglages_l_editeur_en_ligne_n_est_pas_publie_et_la_publication_le_dit_une_fois(premiere):
    _, publication, publie = premiere
    page = (publie / "admin" / "index.html").read_text(encoding="utf-8")
    assert "L’éditeur en ligne n’est pas configuré" in page and '<meta name="robots" content="noindex">' in page
    assert "<code>EDITEUR_DEPOT</code> et <code>EDITEUR_AUTHENTIFICATION</code>" in page
    assert sorted(p.name for p in (publie / "admin").iterdir()) == ["index.html"]  # ni config.yml, ni Decap
    assert [r for r in publication.remarques if "éditeur" in r] == [
        "L'éditeur en ligne (/admin/) n'est pas configuré : EDITEUR_DEPOT et EDITEUR_AUTHENTIFICATION manquent "
        "dans publishconf.py ; la page /admin/ publiée le dit. Voir le README, « Écrire en ligne »."
    ]


def test_un_changement_de_contenu_fait_exactement_un_nouveau_commit(premiere):
    projet, _, _ = premiere
    avant, nombre = commit_publie(projet.distant), nombre_de_commits(projet.distant)
    ecrire_document(projet.contenu, "communiques/2026-11-20-nouveau.md", **COMMUNIQUE, slug="nouveau-communique")
    source = projet.enregistrer("Un nouveau communiqué")
    try:
        publication = projet.publier()
    finally:
        projet.oublier_le_dernier_commit()
    assert git(projet.distant, "log", "-1", "--format=%s", publication.commit) == (
        f"Publication du site depuis {source} : {publication.pages} pages")
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
    commit, nouveau = outils.publication.envoyer(site, depot, str(distant), "gh-pages", "Première")
    assert nouveau and commit_publie(distant) == commit
    # Le même dépôt, désigné cette fois par son nom de remote.
    assert outils.publication.envoyer(site, depot, "origin", "gh-pages", "Encore") == (commit, False)
    assert nombre_de_commits(distant) == 1
    assert git(depot, "rev-parse", "refs/heads/gh-pages") == commit


def test_chaque_poste_part_de_gh_pages_tel_qu_il_est_en_ligne(depots, tmp_path):
    """Un poste, puis GitHub Actions (un clone superficiel) dont la copie de gh-pages est en retard."""
    depot, distant = depots
    premier, _ = outils.publication.envoyer(petit_site(tmp_path / "site", "Un"), depot, "origin", "gh-pages", "Un")
    autre = tmp_path / "autre-clone"
    git(tmp_path, "clone", "--quiet", "--depth=1", f"file://{distant}", str(autre))
    second, _ = outils.publication.envoyer(petit_site(tmp_path / "site", "Deux"), depot, "origin", "gh-pages", "Deux")
    troisieme, nouveau = outils.publication.envoyer(petit_site(tmp_path / "site", "Trois"), autre, "origin", "gh-pages", "Trois")
    assert nouveau
    assert git(distant, "rev-list", "refs/heads/gh-pages").split() == [troisieme, second, premier]
    assert git(distant, "log", "--format=%s", "refs/heads/gh-pages").splitlines() == ["Trois", "Deux", "Un"]


def test_un_envoi_refuse_par_le_depot_ne_change_rien(depots, tmp_path):
    depot, distant = depots
    premier, _ = outils.publication.envoyer(petit_site(tmp_path / "site", "Un"), depot, "origin", "gh-pages", "Un")
    crochet = distant / "hooks" / "pre-receive"
    crochet.write_text("#!/bin/sh\necho 'branche protégée' >&2\nexit 1\n", encoding="utf-8")
    crochet.chmod(0o755)
    with pytest.raises(outils.publication.PublicationRefusee) as refus:
        outils.publication.envoyer(petit_site(tmp_path / "site", "Deux"), depot, "origin", "gh-pages", "Deux")
    assert str(refus.value).startswith("Publication refusée : rien n'a été envoyé, le site en ligne n'a pas changé.")
    assert "Le dépôt origin a refusé l'envoi" in str(refus.value) and "branche protégée" in str(refus.value)
    assert commit_publie(distant) == premier
    assert git(depot, "rev-parse", "refs/heads/gh-pages") == premier


def test_une_publication_arrivee_entre_la_lecture_et_l_envoi_n_est_jamais_ecrasee(depots, tmp_path, monkeypatch):
    """Garde-fou : l'envoi n'est jamais forcé. Un autre poste (ou GitHub Actions) publie juste après que celui-ci
    a lu gh-pages : l'envoi est refusé, rien n'est perdu, et relancer suffit."""
    depot, distant = depots
    premier, _ = outils.publication.envoyer(petit_site(tmp_path / "site", "Un"), depot, "origin", "gh-pages", "Un")
    autre = tmp_path / "autre-clone"
    git(tmp_path, "clone", "--quiet", f"file://{distant}", str(autre))
    lire = outils.publication.branche_en_ligne
    arrivees = []

    def lire_puis_un_autre_publie(*arguments):
        en_ligne = lire(*arguments)
        if not arrivees:
            arrivees.append("en cours")  # la publication de l'autre poste relit gh-pages elle aussi
            arrivees[0] = outils.publication.envoyer(petit_site(tmp_path / "site-autre", "Autre"), autre, "origin", "gh-pages",
                                        "Autre")[0]
        return en_ligne

    monkeypatch.setattr(outils.publication, "branche_en_ligne", lire_puis_un_autre_publie)
    with pytest.raises(outils.publication.PublicationRefusee) as refus:
        outils.publication.envoyer(petit_site(tmp_path / "site", "Deux"), depot, "origin", "gh-pages", "Deux")
    assert str(refus.value).startswith(
        "Publication refusée : rien n'a été envoyé, le site en ligne n'a pas changé.\n"
        "Le dépôt origin a refusé l'envoi : quelqu'un d'autre a publié pendant ce temps (la branche gh-pages a "
        "avancé). Rien n'a été écrasé ; relancez make publish, qui repartira de la nouvelle version.")
    assert git(distant, "log", "--format=%s", "refs/heads/gh-pages").splitlines() == ["Autre", "Un"]
    assert commit_publie(distant) == arrivees[0]
    assert git(depot, "rev-parse", "refs/heads/gh-pages") == premier  # la copie locale n'a pas bougé non plus

    monkeypatch.setattr(outils.publication, "branche_en_ligne", lire)
    troisieme, nouveau = outils.publication.envoyer(petit_site(tmp_path / "site", "Deux"), depot, "origin", "gh-pages", "Deux")
    assert nouveau and git(distant, "log", "--format=%s", "refs/heads/gh-pages").splitlines() == ["Deux", "Autre", "Un"]


def test_le_depot_configure_est_reconnu_par_son_nom_ou_son_adresse(depots, tmp_path):
    depot, distant = depots
    assert outils.publication.est_le_depot_configure(depot, "origin")
    assert outils.publication.est_le_depot_configure(depot, str(distant)) and outils.publication.est_le_depot_configure(depot, f"file://{distant}")
    assert not outils.publication.est_le_depot_configure(depot, str(tmp_path / "ailleurs.git"))


def test_un_depot_sans_commit_ne_publie_rien(depots):
    depot, distant = depots
    (depot / "content").mkdir()
    (depot / "content" / "a.md").write_text("pas enregistré", encoding="utf-8")
    with pytest.raises(outils.publication.PublicationRefusee) as refus:
        outils.publication.publier(depot, "origin")
    assert str(refus.value) == (
        "Publication refusée : rien n'a été envoyé, le site en ligne n'a pas changé.\n\nLe dépôt n'a encore aucun "
        "commit : rien n'est enregistré, rien ne peut être publié. Enregistrez d'abord le contenu : "
        'make enregistrer MESSAGE="Communiqué du 4 mai sur les maraudes"')
    assert commit_publie(distant) is None


def test_publier_un_commit_absent_de_main_en_ligne_est_signale(depots):
    """La publication automatique repart de main : un commit publié qui n'y est pas disparaîtrait à la suivante."""
    depot, distant = depots
    (depot / "a.md").write_text("un", encoding="utf-8")
    git(depot, "add", "a.md")
    git(depot, *IDENTITE, "commit", "--quiet", "-m", "Un")
    premier = git(depot, "rev-parse", "HEAD")
    assert outils.publication.remarque_main(depot, "origin", premier) == []  # pas encore de main en ligne : rien à dire
    git(depot, "push", "--quiet", "origin", "main")
    assert outils.publication.remarque_main(depot, "origin", premier) == []
    git(depot, *IDENTITE, "commit", "--quiet", "--allow-empty", "-m", "Deux, pas envoyé")
    second = git(depot, "rev-parse", "HEAD")
    assert outils.publication.remarque_main(depot, "origin", second) == [
        f"Le commit publié ({second[:12]}) n'est pas encore sur la branche main de origin : la prochaine publication "
        "automatique repartira de main et retirera ce qui n'y est pas. Envoyez-le : make enregistrer (ou git push)."]
    git(depot, "push", "--quiet", "origin", "main")
    assert outils.publication.remarque_main(depot, "origin", premier) == []  # un commit plus ancien de main : déjà dedans


def _publication(**champs):
    return outils.publication.Publication(**{
        "commit": "c" * 40, "pages": 180, "distant": "origin", "branche": "gh-pages", "site": EN_LIGNE,
        "nouveau": True, "avertissements": construction.Construction([], [], "118 documents"), "source": "a" * 40, "configure": True, "remarques": [], **champs})


@pytest.mark.parametrize("publication, fin", [
    (_publication(), "GitHub Pages met https://tousmigrants.org à jour dans les minutes qui suivent."),
    (_publication(distant="/tmp/essai.git", configure=False),
     "/tmp/essai.git n'est pas le dépôt configuré (origin) : https://tousmigrants.org n'est pas touché par cette publication."),
])
def test_la_derniere_ligne_nomme_le_depot_vraiment_utilise(publication, fin, monkeypatch, capsys):
    monkeypatch.setattr(outils.installations, "installer_npm", lambda c: None)
    monkeypatch.setattr(outils.publication, "publier", lambda distant, preparer: publication)
    tasks.publish.body(None, remote=publication.distant)
    lignes = capsys.readouterr().out.splitlines()
    assert re.fullmatch(rf"Publié en \d+ s : 118 documents, commit {'c' * 12} sur la branche gh-pages de "
                        rf"{re.escape(publication.distant)}, construit depuis le commit {'a' * 12}\.", lignes[0])
    assert lignes[1:] == [fin]


def test_un_depot_injoignable_refuse_la_publication(depots, tmp_path):
    depot, _ = depots
    with pytest.raises(outils.publication.PublicationRefusee) as refus:
        outils.publication.envoyer(petit_site(tmp_path / "site", "Un"), depot, str(tmp_path / "absent.git"), "gh-pages", "Un")
    assert str(refus.value).startswith("Publication refusée : rien n'a été envoyé")
    assert subprocess.run(["git", "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"], cwd=depot).returncode != 0


# --- make publish, de bout en bout ------------------------------------------------------------


def _copie_du_projet(dossier, cache_pdf):
    copie = dossier / "projet"
    ignorer = shutil.ignore_patterns(".venv", ".git", "output*", "cache", "node_modules", "__pycache__", "bench")
    shutil.copytree(RACINE, copie, ignore=ignorer)
    os.symlink(RACINE / ".venv", copie / ".venv")
    # Les outils npm déjà installés (le .gitignore ignore aussi un lien) : pas de `npm ci` de 30 s et 500 Mo.
    os.symlink(RACINE / "node_modules", copie / "node_modules")
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


def test_make_publish_publie_un_commit_vers_origin_ou_refuse_en_francais(tmp_path, cache_module):
    projet = _copie_du_projet(tmp_path, cache_module)
    distant = tmp_path / "en-ligne.git"
    git(tmp_path, "init", "--quiet", "--bare", str(distant))
    git(projet, "remote", "add", "origin", str(distant))

    resultat = _make_publish(projet, "origin")
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    commit, source = commit_publie(distant), git(projet, "rev-parse", "HEAD")
    assert re.search(rf"Publié en \d+ s : \d+ documents, commit {commit[:12]} sur la branche gh-pages de origin, "
                     rf"construit depuis le commit {source[:12]}\.", resultat.stdout)
    assert git(distant, "log", "-1", "--format=%s", commit).startswith(f"Publication du site depuis {source} : ")
    assert resultat.stdout.splitlines()[-1] == "GitHub Pages met https://tousmigrants.org à jour dans les minutes qui suivent."
    assert resultat.stderr.count("L'éditeur en ligne (/admin/) n'est pas configuré") == 1
    assert not (projet / "output").exists()

    # Un fichier écrit mais pas enregistré : refusé avant tout build, en le nommant.
    (projet / "content" / "actions" / "faute.md").write_text(
        '---\ntitle: "Faute"\ndate: 2020-02-30\npole: plaidoyer\nnature: appel\n---\nTexte\n', encoding="utf-8")
    resultat = _make_publish(projet, "origin")
    assert resultat.returncode != 0
    assert "Publication refusée : rien n'a été envoyé" in resultat.stderr
    assert "- content/actions/faute.md (nouveau, jamais enregistré)" in resultat.stderr
    assert "make enregistrer MESSAGE=" in resultat.stderr
    assert "Traceback" not in resultat.stdout + resultat.stderr

    # Enregistré, il est vérifié comme le reste : refusé pour sa date.
    git(projet, "add", "content/actions/faute.md")
    git(projet, "-c", "user.name=Essai", "-c", "user.email=essai@example.org", "commit", "--quiet", "-m", "Faute")
    resultat = _make_publish(projet, "origin")
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


# --- L'éditeur en ligne, une fois configuré ------------------------------------------------------------------


def test_l_editeur_en_ligne_configure_est_publie_avec_ses_reglages_et_sans_valeur_inventee(tmp_path):
    from editeur import configuration

    contenu = Contenu(tmp_path / "content", tmp_path / "cache")
    ecrire_document(contenu, "communiques/un.md", title='"Un communiqué"', date="2026-11-20", summary='"En bref."')
    site = contenu.construire(tmp_path / "output", fichier=outils.CONFIG["settings_publish"],
                              EDITEUR_DEPOT="asso/site", EDITEUR_AUTHENTIFICATION="https://auth.example.org")
    config = yaml.safe_load(site.texte("/admin/config.yml"))
    assert config["backend"]["name"] == "github"
    assert config["backend"]["repo"] == "asso/site" and config["backend"]["base_url"] == "https://auth.example.org"
    assert site.existe("/admin/decap-cms.js")
    # Sans réglage, rien d'inventé : ni dépôt, ni service d'authentification.
    sans = configuration.configuration(LISTES, None, "main", None, EN_LIGNE)["backend"]
    assert "repo" not in sans and "base_url" not in sans and "auth_endpoint" not in sans


# --- make enregistrer : content/ dans un commit, envoyé sur main ---------------------------------------------


@pytest.fixture
def equipe(tmp_path):
    """Le dépôt central (nu) et deux bénévoles qui en ont chacune un clone : Alice et Bob."""
    central = tmp_path / "central.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(central))
    depart = tmp_path / "depart"
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(depart))
    (depart / "content" / "communiques").mkdir(parents=True)
    (depart / "content" / "communiques" / "a.md").write_text("Ligne un.\nLigne deux.\n", encoding="utf-8")
    (depart / "content" / "communiques" / "vieux.md").write_text("Ancien.\n", encoding="utf-8")
    (depart / "README.md").write_text("Le site.\n", encoding="utf-8")
    git(depart, "add", ".")
    git(depart, *IDENTITE, "commit", "--quiet", "-m", "Début")
    git(depart, "push", "--quiet", str(central), "main")
    clones = []
    for nom in ("alice", "bob"):
        clone = tmp_path / nom
        git(tmp_path, "clone", "--quiet", str(central), str(clone))
        git(clone, "config", "user.name", nom.capitalize())
        git(clone, "config", "user.email", f"{nom}@example.org")
        clones.append(clone)
    return central, *clones


def messages(depot, ref="main"):
    return git(depot, "log", "--format=%s", ref).splitlines()


def test_enregistrer_sans_changement_le_dit(equipe):
    central, alice, _ = equipe
    assert depot_git.enregistrer(alice, "Rien") == (
        "Rien à enregistrer : content/ n'a pas changé depuis le dernier enregistrement, "
        "et tout est déjà envoyé sur main (origin).")
    assert messages(central) == ["Début"]


def test_enregistrer_sans_changement_quand_les_autres_ont_avance_le_dit_sans_rien_envoyer(equipe):
    central, alice, bob = equipe
    (bob / "content" / "communiques" / "de-bob.md").write_text("Bob.\n", encoding="utf-8")
    depot_git.enregistrer(bob, "Le communiqué de Bob")
    assert depot_git.enregistrer(alice, "") == (
        "Rien à enregistrer : content/ n'a pas changé depuis le dernier enregistrement, et tout est déjà envoyé. "
        "D'autres ont envoyé des changements sur main depuis : make recuperer pour les avoir.")
    assert messages(central) == ["Le communiqué de Bob", "Début"]


def test_enregistrer_sans_message_refuse_et_ne_touche_a_rien(equipe):
    central, alice, _ = equipe
    (alice / "content" / "communiques" / "b.md").write_text("Nouveau.\n", encoding="utf-8")
    with pytest.raises(depot_git.GitRefuse) as refus:
        depot_git.enregistrer(alice, "  ")
    assert str(refus.value) == (
        "Rien n'a été enregistré : dites en une phrase ce que vous avez changé, par exemple\n"
        '  make enregistrer MESSAGE="Communiqué du 4 mai sur les maraudes"\n\n'
        "Fichiers à enregistrer :\n- content/communiques/b.md (nouveau, jamais enregistré)")
    assert git(alice, "status", "--porcelain") == "?? content/communiques/b.md"
    assert messages(alice) == messages(central) == ["Début"]


def test_enregistrer_met_content_dans_un_commit_et_l_envoie_sur_main(equipe):
    central, alice, _ = equipe
    (alice / "content" / "communiques" / "a.md").write_text("Ligne un, retouchée.\nLigne deux.\n", encoding="utf-8")
    (alice / "content" / "communiques" / "b.md").write_text("Nouveau.\n", encoding="utf-8")
    (alice / "content" / "communiques" / "vieux.md").unlink()
    (alice / "README.md").write_text("Une note qui n'est pas du contenu.\n", encoding="utf-8")
    git(alice, "add", "README.md")  # même déjà préparé par git add, ce qui n'est pas dans content/ reste à part
    reponse = depot_git.enregistrer(alice, "Communiqué b, retouche de a")
    commit = git(central, "rev-parse", "main")
    assert reponse == (f"Enregistré et envoyé sur main (origin) : « Communiqué b, retouche de a », commit {commit[:12]}, "
                       "3 fichiers de content/.")
    assert messages(central) == ["Communiqué b, retouche de a", "Début"]
    assert git(central, "show", "--name-status", "--format=", commit).splitlines() == [
        "M\tcontent/communiques/a.md", "A\tcontent/communiques/b.md", "D\tcontent/communiques/vieux.md"]
    assert git(central, "log", "-1", "--format=%an <%ae>", commit) == "Alice <alice@example.org>"
    assert git(alice, "status", "--porcelain") == "M  README.md"


def test_un_envoi_refuse_parce_que_quelqu_un_a_envoye_avant_ne_perd_rien_et_dit_comment_recuperer(equipe):
    central, alice, bob = equipe
    (bob / "content" / "communiques" / "de-bob.md").write_text("Bob.\n", encoding="utf-8")
    depot_git.enregistrer(bob, "Le communiqué de Bob")
    (alice / "content" / "communiques" / "d-alice.md").write_text("Alice.\n", encoding="utf-8")
    with pytest.raises(depot_git.GitRefuse) as refus:
        depot_git.enregistrer(alice, "Le communiqué d'Alice")
    local = git(alice, "rev-parse", "HEAD")
    assert str(refus.value) == (
        f"Votre changement est enregistré sur cet ordinateur (commit {local[:12]}), mais il n'est pas encore envoyé. "
        "Quelqu'un d'autre a envoyé des changements sur main entre-temps : git refuse d'écraser les siens "
        "(et c'est tant mieux).\nPour récupérer ses changements, puis envoyer les vôtres :\n"
        "  make recuperer\n  make enregistrer")
    assert messages(central) == ["Le communiqué de Bob", "Début"]  # rien d'écrasé
    assert messages(alice) == ["Le communiqué d'Alice", "Début"]  # rien de perdu

    assert depot_git.recuperer(alice) == "Récupéré : les derniers changements de main (origin) sont dans votre dossier."
    assert (alice / "content" / "communiques" / "de-bob.md").exists()
    assert depot_git.enregistrer(alice, "").startswith("Envoyé sur main (origin) : les enregistrements en attente")
    assert messages(central) == ["Le communiqué d'Alice", "Le communiqué de Bob", "Début"]
    assert depot_git.recuperer(bob).startswith("Récupéré") and depot_git.recuperer(bob).startswith("Déjà à jour")


CONFLIT_SUR_A = ("Rien n'a été changé : vos changements et ceux de quelqu'un d'autre touchent les mêmes lignes de :\n"
                 "- content/communiques/a.md\nVotre dossier est revenu comme avant.")


def bob_envoie_sa_version_de_a(bob):
    (bob / "content" / "communiques" / "a.md").write_text("Ligne un, version de Bob.\nLigne deux.\n", encoding="utf-8")
    depot_git.enregistrer(bob, "Version de Bob")


def test_recuperer_en_conflit_remet_tout_comme_avant_et_le_dit(equipe):
    central, alice, bob = equipe
    bob_envoie_sa_version_de_a(bob)
    (alice / "content" / "communiques" / "a.md").write_text("Ligne un, version d'Alice.\nLigne deux.\n", encoding="utf-8")
    with pytest.raises(depot_git.GitRefuse):
        depot_git.enregistrer(alice, "Version d'Alice")
    avant = git(alice, "rev-parse", "HEAD")
    with pytest.raises(depot_git.GitRefuse) as refus:
        depot_git.recuperer(alice)
    assert str(refus.value).startswith(CONFLIT_SUR_A)
    assert git(alice, "rev-parse", "HEAD") == avant and git(alice, "status", "--porcelain") == ""
    assert "version d'Alice" in (alice / "content" / "communiques" / "a.md").read_text(encoding="utf-8")
    assert messages(central) == ["Version de Bob", "Début"]


def test_recuperer_en_conflit_avec_un_changement_pas_encore_enregistre_remet_tout_comme_avant(equipe):
    # Alice écrit sans enregistrer ; Bob a changé la même ligne et l'a envoyée. git pull --autostash finit
    # sans erreur en laissant des marques <<<<<<< dans le fichier d'Alice : il faut le dire, et tout remettre.
    central, alice, bob = equipe
    bob_envoie_sa_version_de_a(bob)
    fichier = alice / "content" / "communiques" / "a.md"
    fichier.write_text("Ligne un, version d'Alice.\nLigne deux.\n", encoding="utf-8")
    (alice / "content" / "communiques" / "nouveau.md").write_text("Pas encore enregistré.\n", encoding="utf-8")
    avant = git(alice, "rev-parse", "HEAD")
    with pytest.raises(depot_git.GitRefuse) as refus:
        depot_git.recuperer(alice)
    assert str(refus.value).startswith(CONFLIT_SUR_A)
    assert git(alice, "rev-parse", "HEAD") == avant
    assert fichier.read_text(encoding="utf-8") == "Ligne un, version d'Alice.\nLigne deux.\n"
    assert git(alice, "status", "--porcelain").splitlines() == ["M content/communiques/a.md", "?? content/communiques/nouveau.md"]
    assert git(alice, "stash", "list") == ""


def test_make_enregistrer_de_bout_en_bout(tmp_path, cache_module):
    projet = _copie_du_projet(tmp_path, cache_module)
    central = tmp_path / "central.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(central))
    git(projet, "remote", "add", "origin", str(central))
    git(projet, "push", "--quiet", "origin", "main")
    git(projet, "config", "user.name", "Bénévole")
    git(projet, "config", "user.email", "benevole@example.org")

    def make(*arguments):
        return subprocess.run(["make", "--no-print-directory", *arguments, "-o", ".venv/.installe"],
                              cwd=projet, capture_output=True, text=True)

    # Ce qui part sur main est publié tout seul : un contenu que la publication refuserait n'est pas enregistré.
    faute = ecrire_document(Contenu(projet / "content", None), "communiques/2020-05-04-faute.md",
                            **{**COMMUNIQUE, "date": "2020-02-30"})
    resultat = make("enregistrer", "MESSAGE=Un communiqué daté d'un jour qui n'existe pas")
    assert resultat.returncode != 0
    assert "- content/communiques/2020-05-04-faute.md, ligne 3, champ « date »" in resultat.stderr
    assert ("Rien n'a été enregistré ni envoyé : corrigez d'abord ce qui est dit ci-dessus, puis relancez la même "
            "commande.") in resultat.stderr
    assert messages(central) == ["Le site"] and messages(projet) == ["Le site"]
    faute.unlink()

    ecrire_document(Contenu(projet / "content", None), "communiques/2026-11-20-nouveau.md", **COMMUNIQUE)
    resultat = make("enregistrer")
    assert resultat.returncode != 0 and "dites en une phrase ce que vous avez changé" in resultat.stderr
    message = 'Le communiqué « du 4 mai », avec des "guillemets" et une $apostrophe\''
    resultat = make("enregistrer", f"MESSAGE={message}")
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.startswith(f"Enregistré et envoyé sur main (origin) : « {message} », commit ")
    assert resultat.stdout.rstrip().endswith(", 1 fichier de content/.")
    assert messages(central) == [message, "Le site"]
    resultat = make("enregistrer")
    assert resultat.returncode == 0 and resultat.stdout.startswith("Rien à enregistrer")
    assert "Traceback" not in resultat.stderr
