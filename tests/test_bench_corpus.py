"""Le corpus synthétique du banc d'essai respecte le contrat de contenu et se construit : le banc mesure
donc le vrai site, pas un site qui refuse son contenu. (Aucune mesure de temps ici.)"""

import datetime
import os
import shutil
import statistics

import pytest

import contrat
from outils import construction
from bench import corpus
from conftest import Contenu

N = 60


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    chemin = tmp_path_factory.mktemp("corpus") / "content"
    corpus.ecrire(chemin, N)
    return chemin


def test_le_corpus_est_deterministe():
    assert corpus.documents(N) == corpus.documents(N)
    assert corpus.documents(N) != corpus.documents(N, graine=1)


def test_la_repartition_des_types_est_celle_du_site():
    assert corpus.repartition(4000) == {"communique": 1240, "lettre": 400, "fiche": 200, "action": 2160}
    assert sum(corpus.repartition(N).values()) == N


def test_le_corpus_respecte_le_contrat(dossier):
    documents, problemes = contrat.valider(construction.reglages(PATH=str(dossier), AUJOURDHUI=corpus.AUJOURDHUI))
    assert problemes == []
    assert len(documents) == N
    assert {d.type for d in documents} == {"communique", "lettre", "fiche", "action"}
    actions = [d for d in documents if d.type == "action"]
    assert len({d.meta["pole"] for d in actions}) >= 5
    assert any("chiffres" in d.meta for d in actions)
    assert any("suite_de" in d.meta for d in actions)
    annees = {d.meta["date"].year for d in documents}
    assert max(annees) - min(annees) >= 8
    # Des actions à venir, pour l'agenda.
    assert any(d.meta["date"] > datetime.date.fromisoformat(corpus.AUJOURDHUI) for d in actions)


def test_chaque_document_fait_environ_350_mots():
    mots = [len(texte.split("\n---\n", 1)[1].split()) for _, texte in corpus.documents(N)]
    assert 320 <= statistics.mean(mots) <= 390


def test_le_corpus_se_construit_sans_avertissement(dossier, tmp_path):
    contenu = Contenu(dossier, tmp_path / "cache")
    site = contenu.construire(tmp_path / "output", GENERER_PDF=False)
    assert site.avertissements == []
    documents, _ = contrat.valider(construction.reglages(PATH=str(dossier)))
    for document in documents:
        assert site.existe(document.adresse), document.adresse
    assert site.existe("/chronologie/")
    assert "<article" in site.texte("/communiques/")
    # GENERER_PDF=False (le banc mesure les PDF à part) : aucun PDF, et aucune page n'en annonce.
    assert not list(site.dossier.rglob("*.pdf"))
    assert ".pdf" not in site.texte("/fiches-pratiques/") + site.texte("/rapports/")
    annee = corpus.DERNIER_JOUR.year - 1
    assert ".pdf" not in site.texte(f"/rapports/{annee}/")


def test_un_second_build_reprend_le_cache_de_contenu(dossier, tmp_path):
    # Le banc mesure la reconstruction tiède : le cache de contenu doit s'enregistrer (pickle des réglages)
    # et se relire au build suivant. Preuve qu'il est relu : un corps changé à taille et date de fichier
    # égales (ce que le cache compare) garde au second build le texte du premier.
    copie = tmp_path / "content"
    shutil.copytree(dossier, copie)
    contenu = Contenu(copie, tmp_path / "cache")
    premier = contenu.construire(tmp_path / "output", GENERER_PDF=False)
    assert (tmp_path / "cache" / "ArticlesGenerator-Readers").stat().st_size > 0
    fichier = next(copie.glob("communiques/*.md"))
    texte = fichier.read_text(encoding="utf-8")
    mot = max((m for m in texte.split("\n---\n", 1)[1].split() if m.isalpha()), key=len)
    assert len(mot) >= 6 and mot.isalpha()
    temoin = "Z" * len(mot)
    dates = fichier.stat()
    fichier.write_text(texte.replace(mot, temoin), encoding="utf-8")
    os.utime(fichier, ns=(dates.st_atime_ns, dates.st_mtime_ns))
    second = contenu.construire(tmp_path / "output", GENERER_PDF=False)
    assert premier.avertissements == second.avertissements == []
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "output" / "communiques").glob("*/index.html"))
    assert mot in pages and temoin not in pages
