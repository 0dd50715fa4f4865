"""Jamais de traceback : une erreur que personne n'a prévue, pendant make build, check, serve ou publish, donne
un message court en français et un code de sortie non nul ; la trace complète va dans un fichier. Et un texte
piège (des dizaines de milliers de « [ ») est refusé avant que Markdown ne s'y perde."""

import subprocess
import sys

import markdown
import pytest

import pelicanconf
import tasks
from outils import construction
from conftest import RACINE, Contenu, ecrire_document
from contrat import frontmatter, regles

LISTES = regles.Listes.depuis_reglages(vars(pelicanconf))

# La tâche, lancée par invoke comme `make` le fait, dans un autre processus ; `cible` (une fonction que la tâche
# appelle) est remplacée par une erreur imprévue, levée pendant qu'un fichier du contenu est en cours.
SCRIPT = """
import sys
sys.path.insert(0, {racine!r})
import tasks
from invoke import Collection, Program
from outils import construction, installations, publication
import contrat

def imprevu(*args, **kwargs):
    source_path = {fichier!r}
    raise KeyError("boum imprévu")

tasks.CONFIG["derniere_erreur"] = {details!r}
installations.installer_npm = lambda c: None  # pas de npm ci pendant le test
module, nom = {cible!r}.rsplit(".", 1)
setattr(eval(module), nom, imprevu)
Program(namespace=Collection.from_module(tasks)).run(["invoke", {tache!r}])
"""

FICHIER = RACINE / "content" / "pages" / "association.md"


@pytest.mark.parametrize("tache, cible, inchange", [
    ("build", "construction.construire", "Rien n'a été publié ; le dossier output/ n'a pas changé."),
    ("check", "contrat.valider", "Rien n'a été construit ni publié."),
    ("serve", "construction.construire", "Rien n'a été publié ; l'aperçu est arrêté (relancez make serve)."),
    ("publish", "publication.publier", "Rien n'a été publié : le site en ligne n'a pas changé."),
])
def test_une_erreur_imprevue_donne_un_message_court_en_francais_et_la_trace_dans_un_fichier(tmp_path, tache, cible, inchange):
    details = tmp_path / "cache" / "derniere-erreur.txt"
    script = SCRIPT.format(racine=str(RACINE), fichier=str(FICHIER), details=str(details), cible=cible, tache=tache)
    resultat = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert resultat.returncode == 1
    assert "Traceback" not in resultat.stdout + resultat.stderr
    assert resultat.stderr.splitlines() == [
        f"Erreur inattendue pendant « make {tache} » : KeyError : 'boum imprévu'",
        "Fichier en cause : content/pages/association.md",
        inchange,
        f"Les détails techniques sont dans {details} : joignez ce fichier si vous demandez de l'aide.",
    ]
    trace = details.read_text(encoding="utf-8")
    assert f"make {tache}" in trace and "Traceback (most recent call last)" in trace
    assert "KeyError: 'boum imprévu'" in trace and "def imprevu" not in trace and "in imprevu" in trace


def test_les_refus_prevus_passent_tels_quels(tmp_path, monkeypatch, capsys):
    """Un refus déjà expliqué (SystemExit) n'est pas pris pour une erreur imprévue."""
    monkeypatch.setitem(tasks.CONFIG, "derniere_erreur", str(tmp_path / "derniere-erreur.txt"))
    monkeypatch.setattr(construction, "construire", lambda **k: (_ for _ in ()).throw(construction.BuildRefuse("Refus en français.")))
    with pytest.raises(SystemExit) as sortie:
        tasks.build.body(None)
    assert sortie.value.code == 1
    assert capsys.readouterr().err == "Refus en français.\n"
    assert not (tmp_path / "derniere-erreur.txt").exists()


# --- Un texte de 30 000 « [ » ---------------------------------------------------------------------------

PIEGE = "[" * 30000


def test_un_paragraphe_de_30_000_crochets_est_refuse_en_francais_avec_sa_ligne():
    source = frontmatter.lire_texte(f'---\ntitle: "Piège"\ndate: 2026-11-20\n---\n\nUn début.\n\n{PIEGE}\n')
    document, problemes = regles.valider_source("content/pages/piege.md", "page", source, LISTES)
    assert document is None
    assert [str(p) for p in problemes] == [
        "content/pages/piege.md, ligne 8 :\n    ce paragraphe a 30000 crochets « [ » (au plus 300) : la mise en page "
        "prendrait des minutes. Un lien s'écrit [texte](adresse) ; un crochet seul, \\[ ; ou coupez le paragraphe "
        "par une ligne vide."
    ]


def test_des_crochets_ordinaires_passent(tmp_path):
    liens = " ".join(f"[lien {i}](/a/)" for i in range(regles.CROCHETS_PAR_PARAGRAPHE))
    source = frontmatter.lire_texte(f'---\ntitle: "Beaucoup de liens"\ndate: 2026-11-20\n---\n\n{liens}\n\n{liens}\n')
    assert regles.valider_source("content/pages/liens.md", "page", source, LISTES)[1] == []


def test_le_build_refuse_le_piege_avant_de_le_donner_a_markdown(tmp_path, monkeypatch):
    """Le refus vient avant la mise en page : Markdown ne voit jamais ce texte (c'est lui qui y passerait des
    minutes, son travail croissant comme le carré du nombre de crochets)."""
    vus = []
    convertir = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda self, texte: (vus.append(len(texte)), convertir(self, texte))[1])
    contenu = Contenu(tmp_path / "content", tmp_path / "cache")
    ecrire_document(contenu, "communiques/un.md", title='"Un communiqué"', date="2026-11-20", summary='"En bref."')
    ecrire_document(contenu, "communiques/piege.md", title='"Piège"', date="2026-11-20", summary='"En bref."', corps=PIEGE)
    with pytest.raises(construction.BuildRefuse) as refus:
        contenu.construire(tmp_path / "output")
    assert "content/communiques/piege.md, ligne 7 :\n    ce paragraphe a 30000 crochets « [ »" in str(refus.value)
    assert not (tmp_path / "output").exists()
    assert all(taille < 30000 for taille in vus)


def test_une_erreur_de_disque_imprevue_est_dite_en_francais(tmp_path):
    from outils import erreurs

    try:
        raise OSError(28, "No space left on device", "output/.output-neuf-x/index.html")
    except OSError as erreur:
        texte = erreurs.message(erreur, "make build", "Rien n'a été publié.", str(tmp_path / "d.txt"), str(RACINE))
    assert texte.splitlines() == [
        "« make build » n'a pas pu aller au bout : le disque est plein (en écrivant output/.output-neuf-x/index.html).",
        "Libérez de la place (le dossier cache/ peut être supprimé sans risque, il se refait), "
        "ou vérifiez vos droits sur le dossier du site, puis relancez.",
        "Rien n'a été publié.",
        f"Les détails techniques sont dans {tmp_path / 'd.txt'} : joignez ce fichier si vous demandez de l'aide.",
    ]
