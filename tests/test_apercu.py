"""L'aperçu local (`make serve`) dit la vérité : une reconstruction refusée se voit dans le navigateur,
la page se recharge d'elle-même après chaque reconstruction réussie, un port déjà pris donne un message
français, et le terminal compte les fichiers changés, pas les événements du disque.

Le serveur de l'aperçu tourne pour de vrai (`invoke serve`, dans un processus à part, sur une copie du
projet), et la page est ouverte dans Chromium. Rien de l'aperçu n'est écrit dans output/."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import RACINE
from outils import apercu
from test_contrat import _copie_du_projet

INVOKE = os.path.join(RACINE, ".venv", "bin", "invoke")
COMMUNIQUE = "content/communiques/2020-01-13-11-personnes-secourues-montgenevre.md"
ADRESSE = "/communiques/11-personnes-secourues-montgenevre/"
# La politique que les pages du site imposent (scripts et styles du site seulement, rien d'écrit dans la page) :
# le script de l'aperçu doit marcher avec elle.
CSP = ('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\'; '
       'style-src \'self\'; connect-src \'self\'">')


def _port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _etat(base):
    with urllib.request.urlopen(f"{base}/_apercu/etat", timeout=5) as reponse:
        return json.load(reponse)


def _attendre(condition, delai=240):
    """Attend que `condition()` soit vraie (le délai n'est qu'un garde-fou contre un test bloqué)."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("l'aperçu n'a pas répondu à temps")


@pytest.fixture
def projet(tmp_path):
    projet = _copie_du_projet(tmp_path)
    if (RACINE / "cache").is_dir():  # les PDF déjà rendus : le premier build de l'aperçu va plus vite
        shutil.copytree(RACINE / "cache", projet / "cache", ignore=shutil.ignore_patterns("publication"))
    base = projet / "theme" / "templates" / "base.html"
    page = base.read_text(encoding="utf-8")
    if "Content-Security-Policy" not in page:
        base.write_text(page.replace("<head>", "<head>\n  " + CSP, 1), encoding="utf-8")
    return projet


def _lancer(projet, port, sortie):
    return subprocess.Popen(
        [INVOKE, "serve", "--port", str(port)], cwd=projet, stdout=open(sortie / "sortie.txt", "w"),
        stderr=open(sortie / "erreurs.txt", "w"), env={**os.environ, "TM_AUJOURDHUI": "2026-11-27"},
    )


def _remplacer(chemin, avant, apres):
    texte = chemin.read_text(encoding="utf-8")
    assert avant in texte
    chemin.write_text(texte.replace(avant, apres), encoding="utf-8")


def test_l_apercu_montre_les_problemes_dans_le_navigateur_et_se_recharge_apres_correction(projet, tmp_path, navigateur):
    fichier = projet / COMMUNIQUE
    _remplacer(fichier, "date: 2020-01-13", "date: 2020-13-45")  # cassé avant même le premier build
    port = _port_libre()
    base = f"http://127.0.0.1:{port}"
    processus = _lancer(projet, port, tmp_path)
    try:
        _attendre(lambda: _etat(base)["version"] >= 1)
        page = navigateur.new_page()
        erreurs_csp = []
        page.on("console", lambda m: erreurs_csp.append(m.text) if "Content Security Policy" in m.text else None)

        # Aucun site n'a encore pu être construit : une page à part dit quoi corriger, en français.
        page.goto(base + ADRESSE)
        assert page.locator("h1").inner_text() == "L'aperçu n'a pas pu être construit"
        assert f"{COMMUNIQUE}, ligne 3, champ « date » :" in page.locator("#apercu-page-refus").inner_text()
        assert "la date « 2020-13-45 » n'existe pas" in page.locator("#apercu-page-refus").inner_text()

        # Corrigé : la page se recharge seule et montre le communiqué.
        _remplacer(fichier, "date: 2020-13-45", "date: 2020-01-13")
        page.locator("h1", has_text="11 personnes").wait_for(timeout=240_000)

        # Cassé pendant qu'on regarde : un bandeau sur la page dit le problème, la page reste celle d'avant.
        _remplacer(fichier, "date: 2020-01-13", "date: 13/01/2020")
        bandeau = page.locator("#apercu-refus")
        bandeau.wait_for(timeout=240_000)
        assert "votre dernier enregistrement n'a pas été pris en compte" in bandeau.inner_text()
        assert f"{COMMUNIQUE}, ligne 3, champ « date » :\n    « 13/01/2020 » n'est pas une date" in bandeau.inner_text()
        assert "11 personnes" in page.locator("h1").inner_text()

        # Corrigé, avec un nouveau titre : la page se recharge et le montre, sans bandeau.
        _remplacer(fichier, "date: 13/01/2020", "date: 2020-01-13")
        _remplacer(fichier, 'title: "11 personnes', 'title: "Onze personnes')
        page.locator("h1", has_text="Onze personnes").wait_for(timeout=240_000)
        assert page.locator("#apercu-refus").count() == 0

        # Un lien cassé n'empêche pas l'aperçu : la page se recharge, et un bandeau dit qu'il faut le corriger.
        fichier.write_text(fichier.read_text(encoding="utf-8") + "\nVoir [le refuge](/refuge-solidaire/).\n", encoding="utf-8")
        avertissement = page.locator("#apercu-avertissements")
        avertissement.wait_for(timeout=240_000)
        assert "à corriger avant de publier" in avertissement.inner_text()
        assert "le lien « [le refuge](/refuge-solidaire/) » mène à /refuge-solidaire/" in avertissement.inner_text()
        assert page.locator("#apercu-refus").count() == 0
        assert erreurs_csp == []
    finally:
        processus.send_signal(signal.SIGINT)
        processus.wait(timeout=60)
    sortie = (tmp_path / "sortie.txt").read_text(encoding="utf-8")
    erreurs = (tmp_path / "erreurs.txt").read_text(encoding="utf-8")
    assert re.search(rf"1 fichier modifié \({re.escape(COMMUNIQUE)}\) : site reconstruit en \d+,\d s, \d+ documents\.", sortie)
    assert "Attention : 1 lien interne cassé" in erreurs
    assert "fichier(s)" not in sortie and "Aperçu arrêté." in sortie
    assert "Le navigateur affiche ces problèmes" in erreurs
    for anglais in ("Traceback", "WARNING", "Done: Processed", "Error"):
        assert anglais not in sortie + erreurs
    # L'aperçu n'écrit rien de lui-même dans le site construit.
    assert not [p for p in (projet / "output").rglob("*") if p.is_file() and b"_apercu" in p.read_bytes()]


def test_un_port_deja_pris_donne_un_message_francais_avec_la_solution(tmp_path):
    with socket.socket() as occupe:
        occupe.bind(("127.0.0.1", 0))
        occupe.listen()
        port = occupe.getsockname()[1]
        resultat = subprocess.run([INVOKE, "serve", "--port", str(port)], cwd=RACINE, capture_output=True, text=True,
                                  timeout=120)
    assert resultat.returncode == 1
    assert resultat.stderr.strip() == (
        f"Le port {port} est déjà pris : un autre aperçu (make serve) est sans doute ouvert dans un autre terminal. "
        f"Arrêtez-le là-bas avec Ctrl+C, ou prenez un autre port : make serve PORT={port + 1}"
    )
    assert resultat.stdout == ""


@pytest.mark.parametrize("commande", ["serve", "edit"])
def test_make_serve_et_make_edit_prennent_un_autre_port(commande):
    resultat = subprocess.run(["make", "-n", commande, "PORT=8001"], cwd=RACINE, capture_output=True, text=True)
    assert f'.venv/bin/invoke {commande} --port "8001"' in resultat.stdout


def test_un_enregistrement_compte_pour_un_fichier(tmp_path):
    texte = tmp_path / "content" / "communique.md"
    texte.parent.mkdir()
    texte.write_text("nouveau")
    image = tmp_path / "content" / "photo.jpg"
    image.write_text("x")
    # Ce que watchfiles rapporte pour un seul enregistrement dans un éditeur : le fichier écrit deux fois,
    # un fichier temporaire créé puis effacé, une copie de sauvegarde ; plus une image ajoutée.
    ajoute, modifie, efface = 1, 2, 3
    changements = {
        (modifie, str(texte)), (ajoute, str(texte)), (ajoute, str(tmp_path / "content" / "4913")),
        (efface, str(tmp_path / "content" / "4913")), (ajoute, str(tmp_path / "content" / ".communique.md.swp")),
        (ajoute, str(tmp_path / "content" / "communique.md~")), (ajoute, str(tmp_path / "content" / "tmp123")),
        (efface, str(tmp_path / "content" / "tmp123")), (ajoute, str(image)), (modifie, str(texte.parent)),
    }
    assert apercu.fichiers_changes(changements, tmp_path) == ["content/communique.md", "content/photo.jpg"]
    # Un fichier supprimé par la personne compte.
    assert apercu.fichiers_changes({(efface, str(tmp_path / "content" / "ancien.md"))}, tmp_path) == ["content/ancien.md"]


def test_le_script_de_l_apercu_est_ajoute_aux_pages_servies_seulement():
    assert apercu.injecter("<html><head><title>t</title></head><body></body></html>") == (
        '<html><head><title>t</title><script src="/_apercu/apercu.js" defer></script></head><body></body></html>'
    )
    assert "_apercu" not in (RACINE / "theme" / "templates" / "base.html").read_text(encoding="utf-8")


def test_l_apercu_ne_repete_pas_a_chaque_sauvegarde_les_avertissements_deja_dits(capsys):
    from types import SimpleNamespace

    from outils import construction

    fiches, mentions = "7 fiches pratiques en attente de relecture juridique", "Mentions légales incomplètes"
    deja_dits = set()
    construction.dire_avertissements(SimpleNamespace(liens=[], pelican=[fiches, mentions]), deja_dits)
    assert capsys.readouterr().err == f"Avertissement : {fiches}\nAvertissement : {mentions}\n"
    # La sauvegarde suivante : un lien cassé (toujours dit, il vient de ce qu'on écrit), un avertissement nouveau.
    lien = "content/communiques/a.md, ligne 9 : le lien « [le refuge](/refuge-solidaire/) » mène à /refuge-solidaire/"
    construction.dire_avertissements(SimpleNamespace(liens=[lien], pelican=[fiches, "Une image sans description", mentions]),
                                     deja_dits)
    assert capsys.readouterr().err.splitlines()[1:] == [
        f"- {lien}", "Avertissement : Une image sans description", "(2 avertissements inchangés, déjà dits plus haut.)"]
    # make build, make publish : sans ensemble, tout est dit.
    construction.dire_avertissements(SimpleNamespace(liens=[], pelican=[fiches]))
    assert capsys.readouterr().err == f"Avertissement : {fiches}\n"
