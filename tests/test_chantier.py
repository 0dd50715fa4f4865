"""Des builds qui se croisent, un build tué, un disque plein : output/ est toujours un site complet, soit
l'ancien, soit le nouveau, et le build suivant repart seul. Un petit site (un communiqué) suffit."""

import errno
import fcntl
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pelican.writers import Writer

from conftest import AUJOURDHUI, RACINE, Contenu, ecrire_document
from outils import chantier, construction, recherche


def etat(dossier):
    """Tous les fichiers d'un site construit, avec leur contenu."""
    dossier = Path(dossier)
    return {str(f.relative_to(dossier)): f.read_bytes() for f in sorted(dossier.rglob("*")) if f.is_file()}


def restes(parent):
    """Ce qu'un build laisse à côté de output/ : rien d'autre que le fichier du verrou."""
    return sorted(p.name for p in Path(parent).iterdir() if p.name.startswith(".output") and p.name != ".output.verrou")


@pytest.fixture
def petit(tmp_path):
    """Un contenu d'un communiqué, déjà construit une fois dans tmp_path/output."""
    contenu = Contenu(tmp_path / "content", tmp_path / "cache")
    ecrire_document(contenu, "communiques/un.md", title='"Première version"', date="2026-11-20", summary='"En bref."')
    contenu.construire(tmp_path / "output")
    ecrire_document(contenu, "communiques/un.md", title='"Seconde version"', date="2026-11-20", summary='"En bref."')
    return contenu, tmp_path / "output"


def titre_publie(sortie):
    page = (sortie / "communiques" / "premiere-version" / "index.html")
    return "Première version" if page.exists() else "Seconde version"


def test_un_second_build_attend_le_premier_en_le_disant(petit, monkeypatch):
    contenu, sortie = petit
    annonces, annonce = [], threading.Event()
    monkeypatch.setattr(chantier, "_annoncer", lambda message: (annonces.append(message), annonce.set()))
    # Un autre build tient le verrou (ici le test lui-même, par un autre descripteur).
    descripteur = os.open(chantier.chemin_du_verrou(sortie), os.O_RDWR | os.O_CREAT)
    fcntl.flock(descripteur, fcntl.LOCK_EX)
    os.ftruncate(descripteur, 0)
    os.pwrite(descripteur, b"4242", 0)
    erreurs = []
    fil = threading.Thread(target=lambda: _construire_ou_noter(contenu, sortie, erreurs))
    try:
        fil.start()
        assert annonce.wait(30), "le second build n'a pas dit qu'il attendait"
        assert fil.is_alive()
        assert titre_publie(sortie) == "Première version"  # rien n'a bougé tant que l'autre tient le verrou
    finally:
        fcntl.flock(descripteur, fcntl.LOCK_UN)
        os.close(descripteur)
        fil.join(120)
    assert erreurs == []
    assert annonces == ["Un autre build est en train d'écrire output/ (processus 4242) : "
                        "celui-ci attend qu'il ait fini, puis commence."]
    assert titre_publie(sortie) == "Seconde version"
    assert restes(sortie.parent) == []


def _construire_ou_noter(contenu, sortie, erreurs):
    try:
        contenu.construire(sortie)
    except BaseException as erreur:  # noqa: BLE001
        erreurs.append(erreur)


def test_les_restes_d_un_build_tue_n_empechent_rien_et_sont_effaces(petit, monkeypatch):
    contenu, sortie = petit
    monkeypatch.setattr(chantier, "_annoncer", lambda message: pytest.fail(f"le build a attendu : {message}"))
    # Le verrou d'un processus mort, un chantier à moitié écrit, et output/ parti entre deux renommages.
    Path(chantier.chemin_du_verrou(sortie)).write_text("999999")
    (sortie.parent / ".output-neuf-abcd").mkdir()
    (sortie.parent / ".output-neuf-abcd" / "index.html").write_text("à moitié")
    sortie.rename(sortie.parent / ".output-ancien-efgh")
    contenu.construire(sortie)
    assert titre_publie(sortie) == "Seconde version"
    assert restes(sortie.parent) == []


def test_apres_un_build_tue_le_suivant_remet_l_ancien_site_avant_tout(petit):
    contenu, sortie = petit
    avant = etat(sortie)
    sortie.rename(sortie.parent / ".output-ancien-efgh")  # tué entre les deux renommages
    with pytest.raises(RuntimeError, match="arrêt voulu"):
        with chantier.chantier(str(sortie)) as neuf:
            assert Path(neuf).parent == sortie.parent and Path(neuf).name.startswith(".output-neuf-")
            assert etat(sortie) == avant  # l'ancien site est revenu avant même que le nouveau soit écrit
            raise RuntimeError("arrêt voulu")
    assert etat(sortie) == avant
    assert restes(sortie.parent) == []


# Un build lancé dans un autre processus, tué (os._exit, sans aucun nettoyage) au moment choisi.
SCRIPT_TUE = """
import os, sys
sys.path.insert(0, {racine!r})
from outils import chantier, construction, recherche
from pelican.writers import Writer
moment = {moment!r}
if moment == "pendant l'écriture des pages":
    ecrire, compte = Writer.write_file, [0]
    def write_file(self, *args, **kwargs):
        compte[0] += 1
        if compte[0] == 5:
            os.kill(os.getpid(), 9)
        return ecrire(self, *args, **kwargs)
    Writer.write_file = write_file
elif moment == "pendant l'index de recherche":
    recherche.PAGEFIND = [sys.executable, "-c", "import os; os.kill(os.getppid(), 9)"]
elif moment == "entre les deux renommages":
    chantier._renameat2 = None  # comme hors de Linux : deux renommages
    renommer = os.rename
    def rename(a, b):
        renommer(a, b)
        if os.path.abspath(a) == {sortie!r}:
            os.kill(os.getpid(), 9)
    os.rename = rename
elif moment == "juste après l'échange":
    # Tué dès l'échange fait, avant l'effacement de l'ancien site (et non à la première suppression de
    # dossier venue : les capacités en effacent aussi pendant le build).
    echanger = chantier._echanger
    def _echanger(a, b):
        echanger(a, b)
        os.kill(os.getpid(), 9)
    chantier._echanger = _echanger
construction.construire(destination={sortie!r}, recherche=True, PATH={contenu!r}, CACHE_PATH={cache!r}, AUJOURDHUI={aujourdhui!r})
print("le build est allé au bout")
"""


@pytest.mark.parametrize("moment", ["pendant l'écriture des pages", "pendant l'index de recherche",
                                    "entre les deux renommages", "juste après l'échange"])
def test_un_build_tue_a_tout_moment_laisse_output_complet_et_le_suivant_repart(petit, moment):
    contenu, sortie = petit
    avant = etat(sortie)
    script = SCRIPT_TUE.format(racine=str(RACINE), moment=moment, sortie=str(sortie), contenu=str(contenu.dossier),
                               cache=str(contenu.cache), aujourdhui=AUJOURDHUI)
    tue = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert tue.returncode == -9 and "allé au bout" not in tue.stdout, tue.stderr
    if moment == "juste après l'échange":
        assert titre_publie(sortie) == "Seconde version"  # l'échange était fait : le nouveau site, complet
    elif moment != "entre les deux renommages":
        assert etat(sortie) == avant
    contenu.construire(sortie)
    assert titre_publie(sortie) == "Seconde version"
    assert restes(sortie.parent) == []


def test_un_disque_plein_refuse_le_build_en_francais_et_laisse_output(petit, monkeypatch):
    contenu, sortie = petit
    avant = etat(sortie)
    ecrire, compte = Writer.write_file, [0]

    def write_file(self, name, *args, **kwargs):
        compte[0] += 1
        if compte[0] == 3:
            raise OSError(errno.ENOSPC, "No space left on device", os.path.join(self.output_path, name))
        return ecrire(self, name, *args, **kwargs)

    monkeypatch.setattr(Writer, "write_file", write_file)
    with pytest.raises(construction.BuildRefuse) as refus:
        contenu.construire(sortie)
    message = str(refus.value)
    assert message.startswith("Le site n'a pas été construit : le disque est plein (en écrivant ")
    assert "Le dossier output/ n'a pas changé." in message and "Libérez de la place" in message
    assert etat(sortie) == avant
    assert restes(sortie.parent) == []


def test_un_cache_qu_on_ne_peut_pas_ecrire_refuse_le_build_en_francais_et_laisse_output(petit, tmp_path):
    contenu, sortie = petit
    avant = etat(sortie)
    bloque = tmp_path / "bloque"
    bloque.write_text("un fichier, pas un dossier", encoding="utf-8")
    for cache in (bloque, bloque / "cache"):  # le cache est un fichier ; son dossier parent est un fichier
        with pytest.raises(construction.BuildRefuse) as refus:
            contenu.construire(sortie, CACHE_PATH=str(cache))
        assert str(refus.value).startswith(f"Le site n'a pas été construit : le dossier de cache {cache} "
                                           "ne peut pas être écrit")
        assert "Le dossier output/ n'a pas changé." in str(refus.value)
        assert etat(sortie) == avant
        assert restes(sortie.parent) == []


FAUX_PAGEFIND = """
import os, sys
# Comme Pagefind sur un disque plein : il finit sans erreur, mais ses fichiers sont vides.
site = sys.argv[sys.argv.index("--site") + 1]
racine = os.path.join(site, "pagefind")
for nom in ("pagefind.js", "pagefind-ui.js", "pagefind-entry.json", "pagefind.fr_1.pf_meta",
            "index/fr_1.pf_index", "fragment/fr_1.pf_fragment"):
    os.makedirs(os.path.dirname(os.path.join(racine, nom)), exist_ok=True)
    open(os.path.join(racine, nom), "w").close()
"""


def test_un_index_de_recherche_vide_refuse_le_build_et_laisse_output(petit, tmp_path, monkeypatch):
    contenu, sortie = petit
    contenu.construire(sortie, recherche=True)
    assert recherche.verifier_index(str(sortie)) == []  # le vrai Pagefind : un index complet
    avant = etat(sortie)
    script = tmp_path / "faux_pagefind.py"
    script.write_text(FAUX_PAGEFIND, encoding="utf-8")
    monkeypatch.setattr(recherche, "PAGEFIND", [sys.executable, str(script)])
    with pytest.raises(construction.BuildRefuse) as refus:
        contenu.construire(sortie, recherche=True)
    message = str(refus.value)
    assert message.startswith("L'index de recherche (Pagefind) est incomplet, sans doute faute de place sur le disque")
    assert "- pagefind/pagefind-entry.json est vide" in message and "- pagefind/index/fr_1.pf_index est vide" in message
    assert etat(sortie) == avant
    assert restes(sortie.parent) == []
