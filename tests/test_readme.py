"""Le README dit vrai : ses exemples passent le contrat, chaque champ et chaque valeur des listes y figure."""

import re
import subprocess

import pytest

import pelicanconf
from conftest import RACINE
from contrat import frontmatter, regles

README = (RACINE / "README.md").read_text(encoding="utf-8")
LISTES = regles.Listes.depuis_reglages(vars(pelicanconf))


def exemples():
    """Chaque bloc ```markdown du README, avec le dossier nommé dans le titre qui le précède."""
    for titre, bloc in re.findall(r"### (.+?)\n.*?```markdown\n(.*?)```", README, flags=re.S):
        dossier = re.search(r"content/([a-z-]+)/", titre).group(1)
        yield pytest.param(dossier, bloc, id=dossier)


@pytest.mark.parametrize("dossier, texte", list(exemples()))
def test_chaque_exemple_du_readme_respecte_le_contrat(dossier, texte):
    # Un exemple de traduction est écrit comme s'il était dans le dossier d'une langue.
    type_ = regles.type_du_chemin(f"{dossier}/en/exemple.md") if dossier == regles.DOSSIER_TRADUCTIONS else regles.TYPES[dossier]
    document, problemes = regles.valider_source(f"README ({dossier})", type_, frontmatter.lire_texte(texte), LISTES)
    assert problemes == []
    assert regles.obligatoires(type_) <= set(document.meta)


def test_il_y_a_un_exemple_par_type_de_contenu():
    assert {p.values[0] for p in exemples()} == {"communiques", "lettres", "fiches-pratiques", "actions", "pages", "publications", "traductions"}


def test_chaque_champ_du_contrat_est_documente():
    champs = set(regles.CHAMPS_COMMUNS)
    for _, propres in (*regles.CHAMPS_PAR_TYPE.values(), *regles.CHAMPS_DES_TRADUCTIONS.values()):
        champs |= set(propres)
    for champ in champs:
        assert f"| `{champ}` |" in README, champ


@pytest.mark.parametrize("liste", ["poles", "natures", "chiffres", "publics", "themes", "natures_publications"])
def test_chaque_valeur_des_listes_fermees_est_documentee(liste):
    for cle in getattr(LISTES, liste):
        assert f"`{cle}`" in README, cle


@pytest.mark.parametrize("commande", ["make build", "make test", "make serve", "make check", "make publish", "make edit", "make bench", "invoke new communique", "make enregistrer", "make recuperer"])
def test_chaque_commande_est_documentee(commande):
    assert commande in README


def test_chaque_commande_make_du_readme_existe_dans_le_makefile():
    makefile = (RACINE / "Makefile").read_text(encoding="utf-8")
    cibles = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.M))
    commandes = set(re.findall(r"`make ([a-z][a-z-]*)", README)) | set(re.findall(r"^make ([a-z][a-z-]*)", README, flags=re.M))
    assert {"build", "test", "test-rapide", "check", "serve", "enregistrer", "recuperer", "publish", "edit"} <= commandes
    assert commandes - cibles == set()


def test_make_tout_seul_dit_les_commandes_en_francais():
    resultat = subprocess.run(["make", "--no-print-directory"], cwd=RACINE, capture_output=True, text=True)
    assert resultat.returncode == 0 and resultat.stderr == ""
    assert resultat.stdout.startswith("Les commandes du site (le détail est dans README.md) :\n")
    for commande in ("build", "serve", "check", "enregistrer", "recuperer", "publish", "edit", "test-rapide"):
        assert f"make {commande} " in resultat.stdout
