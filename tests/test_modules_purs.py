"""Les modules purs (cœurs des capacités, contrat) s'importent sans Pelican, et le slug que le contrat
calcule sans Pelican est celui de Pelican, sur le vrai contenu et sur le corpus du banc."""

import os
import subprocess
import sys

import pytest
from pelican.utils import slugify as slugify_de_pelican

import contrat
from outils import construction
from bench import corpus
from conftest import RACINE
from contrat import regles

# Tout ce qui n'est pas un branchement dans Pelican (pelican_wiring, pelican_compat) : paquets et cœurs.
PURS = [
    "contrat", "contrat.regles", "contrat.liens", "contrat.site", "contrat.records", "contrat.dates",
    "contrat.frontmatter", "contrat.typographie", "contrat.verification", "contrat.signaux",
    "agenda", "agenda.agenda", "chronologie", "chronologie.chronologie", "editeur", "editeur.configuration",
    "fiches", "fiches.fiches", "contrat.papier", "contrat.productions", "lettres_email", "lettres_email.courriel", "lettres_email.texte",
    "mentions_legales", "mentions_legales.mentions", "plan_du_site", "plan_du_site.plan", "rapports",
    "rapports.rapport", "redirections", "redirections.anciennes_adresses",
    "images", "images.images", "images.cache", "contrat.images_du_texte",
    "publications", "publications.publications", "caches", "calendrier", "formats", "memoire", "rendu_pdf",
    "traductions", "traductions.traductions", "traductions.catalogues",
    "chiffres", "chiffres.chiffres", "chiffres.graphiques",
]


def test_chaque_module_pur_s_importe_sans_charger_pelican():
    # Un seul processus neuf par module : un import d'un autre test ne peut pas masquer celui-ci.
    code = ("import importlib, sys; sys.path[:0] = [{plugins!r}, {racine!r}]; importlib.import_module(sys.argv[1]); "
            "sys.exit('pelican' in sys.modules)").format(plugins=str(RACINE / "plugins"), racine=str(RACINE))
    chargent_pelican = [m for m in PURS if subprocess.run([sys.executable, "-c", code, m]).returncode != 0]
    assert chargent_pelican == []


def test_chaque_plugin_de_pelicanconf_est_dans_la_liste_des_modules_purs():
    assert set(construction.reglages()["PLUGINS"]) <= set(PURS)


@pytest.fixture(scope="module")
def titres_et_sujets(tmp_path_factory):
    """Tous les titres et sujets du vrai contenu et d'un corpus du banc de 1000 documents."""
    banc = tmp_path_factory.mktemp("banc") / "content"
    corpus.ecrire(banc, 1000)
    textes = set()
    for dossier in (os.path.join(RACINE, "content"), str(banc)):
        documents, problemes = contrat.valider(construction.reglages(PATH=dossier))
        assert problemes == []
        for d in documents:
            textes.add(str(d.meta.get("title", "")))
            textes.update(str(t) for t in d.meta.get("tags", ()))
    assert len(textes) > 500
    return sorted(textes)


PIEGES = ["L'État <em>et</em> nous", "Œuvre ﬁnale — « 12 » ½", "  --Tirets--  ", "ÉTÉ 2020 : Montgenèvre", "😀 émoji",
          "Saisine\u00a0: le tribunal", "a&amp;b", "x/y\\z", "İstanbul"]


def test_le_slug_du_contrat_est_celui_de_pelican(titres_et_sujets):
    reglages = construction.reglages()
    for substitutions in (reglages["SLUG_REGEX_SUBSTITUTIONS"], reglages.get("TAG_REGEX_SUBSTITUTIONS", ())):
        differents = [t for t in [*titres_et_sujets, *PIEGES]
                      if regles.slugify(t, regex_subs=substitutions) != slugify_de_pelican(t, regex_subs=substitutions)]
        assert differents == []


def test_chaque_tache_de_tasks_py_n_est_qu_un_appel_a_outils():
    # Comme les tasks.py de Pelican et de pelican-plugins : une tâche tient en quelques lignes, le travail est
    # dans outils/, que les tests importent aussi. Une tâche qui grossit est une fonction d'outils/ à écrire.
    import ast

    arbre = ast.parse((RACINE / "tasks.py").read_text(encoding="utf-8"))
    taches = {f.name: len(f.body) for f in arbre.body if isinstance(f, ast.FunctionDef)
              and any(getattr(d, "id", None) == "task" for d in f.decorator_list)}
    assert {"build", "check", "serve", "edit", "new", "publish", "enregistrer", "recuperer", "test", "bench"} <= set(taches)
    assert {nom: n for nom, n in taches.items() if n > 6} == {}
