"""En usage normal, les commandes parlent français : ni bilan anglais de Pelican, ni avertissement de
WeasyPrint, ni trace Python ; un seul compte du contenu, le même partout ; et les étapes longues le
disent avant de commencer."""

import re
import subprocess

import contrat
from outils import construction
from conftest import RACINE, amorcer_cache
from test_contrat import _copie_du_projet, _invoke

# Ce que le crochet commun signale dans `make check`, et les bavardages anglais connus des outils.
ANGLAIS = re.compile(r"Traceback|WARNING|Done: Processed|Error:|Using fontTools|added \d+ packages|HarfBuzz")


def test_check_et_build_parlent_francais_et_comptent_le_contenu_de_la_meme_facon(tmp_path, cache_session):
    projet = _copie_du_projet(tmp_path)
    # Les PDF du vrai site sont repris, sauf ceux d'une fiche et d'un rapport : ces deux-là se refont, et s'annoncent.
    cache = amorcer_cache(cache_session, projet / "cache" / "pelican")
    for refait in (*cache.glob("fiches/garde-a-vue-*.pdf"), *cache.glob("rapports/rapport-activite-2020-*.pdf")):
        refait.unlink()
    documents, _ = contrat.valider(construction.reglages(PATH=str(projet / "content")))
    compte = contrat.compte(documents)
    assert re.fullmatch(r"\d+ documents", compte)

    check = _invoke(projet, "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout == f"Contenu valide : {compte}.\n"

    # Un PDF absent du cache s'annonce avant d'être rendu.
    build = _invoke(projet, "build")
    assert build.returncode == 0, build.stderr
    lignes = build.stdout.splitlines()
    assert "Fabrication du PDF de la fiche « garde-a-vue » (quelques secondes)…" in lignes
    assert "Fabrication du PDF du rapport « rapport-activite-2020 » (quelques secondes)…" in lignes
    assert re.fullmatch(rf"Site construit dans output/ en \d+ s : {compte}\.", lignes[-1])
    # Sur la sortie d'erreur, seulement des avertissements en français (ceux qui attendent l'association).
    assert all(ligne.startswith("Avertissement : ") for ligne in build.stderr.splitlines()), build.stderr
    for sortie in (check.stdout + check.stderr, build.stdout + build.stderr):
        assert not ANGLAIS.search(sortie), sortie


def test_le_compte_dit_les_brouillons_a_part():
    class Doc:
        def __init__(self, brouillon):
            self.brouillon = brouillon

    assert contrat.compte([Doc(False)]) == "1 document"
    assert contrat.compte([Doc(False), Doc(False), Doc(True)]) == "2 documents (et 1 brouillon, non publié)"
    assert contrat.compte([Doc(False), Doc(True), Doc(True)]) == "1 document (et 2 brouillons, non publiés)"


def test_le_premier_make_build_annonce_l_installation_python_avant_pip(tmp_path):
    projet = _copie_du_projet(tmp_path)  # sans .venv : make l'installerait
    resultat = subprocess.run(["make", "-n", "build"], cwd=projet, capture_output=True, text=True)
    lignes = resultat.stdout.splitlines()
    annonce = next(i for i, l in enumerate(lignes) if "Installation des outils Python du site dans .venv" in l)
    pip = next(i for i, l in enumerate(lignes) if "pip install" in l)
    assert annonce < pip
    assert "environ une minute" in lignes[annonce]


def test_l_installation_npm_s_annonce_en_francais_et_tait_le_bilan_anglais_de_npm(tmp_path):
    # Un vrai `npm ci`, sur un package-lock.json sans dépendance : rien à télécharger.
    projet = _copie_du_projet(tmp_path)
    (projet / "package.json").write_text('{"name": "essai", "version": "1.0.0", "private": true}\n', encoding="utf-8")
    (projet / "package-lock.json").write_text(
        '{"name": "essai", "version": "1.0.0", "lockfileVersion": 3, "requires": true,\n'
        ' "packages": {"": {"name": "essai", "version": "1.0.0"}}}\n', encoding="utf-8")
    resultat = subprocess.run(
        [str(RACINE / ".venv" / "bin" / "python"), "-c", "import invoke; from outils import installations; installations.installer_npm(invoke.Context())"],
        cwd=projet, capture_output=True, text=True,
    )
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.splitlines() == [
        "Installation des outils npm épinglés (éditeur visuel, outils de test) dans node_modules : "
        "la première fois, une à deux minutes…",
        "Outils npm installés.",
    ]
    assert resultat.stderr == ""


def test_npm_ci_ne_passe_jamais_par_un_lien_vers_un_autre_node_modules(tmp_path):
    projet = _copie_du_projet(tmp_path)
    partage = tmp_path / "partage"
    (partage / "un-outil").mkdir(parents=True)
    (projet / "node_modules").symlink_to(partage)  # comme dans une copie de travail qui partage celui de main
    resultat = subprocess.run(
        [str(RACINE / ".venv" / "bin" / "python"), "-c", "import invoke; from outils import installations; installations.installer_npm(invoke.Context())"],
        cwd=projet, capture_output=True, text=True,
    )
    assert resultat.returncode == 1
    assert resultat.stderr.startswith(f"node_modules est un lien vers {partage}")
    assert (partage / "un-outil").is_dir()  # rien n'a été vidé
