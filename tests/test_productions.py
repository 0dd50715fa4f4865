"""Le registre de ce que chaque capacité a produit pendant un build (contrat.productions) : le seul canal
entre capacités. Un ordre de build changé échoue en le disant, au lieu de donner une liste vide."""

import ast

import pytest

from conftest import RACINE
from contrat.productions import ProduitPasPret, Productions


def test_un_produit_depose_se_lit_tel_quel():
    productions = Productions(["contrat", "rapports", "publications"])
    productions.deposer("pdf_des_rapports", {2020: "rapports/2020/rapport-activite-2020.pdf"}, par="rapports")
    assert productions.lire("pdf_des_rapports", par="publications") == {2020: "rapports/2020/rapport-activite-2020.pdf"}


def test_lire_avant_le_producteur_est_une_erreur_qui_nomme_les_deux_capacites():
    productions = Productions(["contrat", "rapports", "publications"])
    with pytest.raises(ProduitPasPret, match="« publications » lit « pdf_des_rapports » avant que la capacité « rapports »"):
        productions.lire("pdf_des_rapports", par="publications", sans_producteur={})


def test_sans_sa_capacite_dans_plugins_un_produit_vaut_ce_que_le_lecteur_dit():
    productions = Productions(["contrat", "publications"])
    assert productions.lire("pdf_des_rapports", par="publications", sans_producteur={}) == {}


def test_seul_le_producteur_declare_depose_et_une_seule_fois():
    productions = Productions(["fiches", "traductions"])
    with pytest.raises(RuntimeError, match="seule la capacité « fiches »"):
        productions.deposer("fiches_sur_papier", {}, par="traductions")
    productions.deposer("fiches_sur_papier", {}, par="fiches")
    with pytest.raises(RuntimeError, match="deux fois"):
        productions.deposer("fiches_sur_papier", {}, par="fiches")
    with pytest.raises(KeyError, match="produit inconnu"):
        productions.lire("fiches_papier", par="traductions")


def _cles_ecrites(arbre):
    """Les clés qu'un module range dans le contexte ou les réglages de Pelican : `context["X"] = …`,
    `settings[CLE] = …` (CLE, une constante du module)."""
    constantes = {cible.id: noeud.value.value for noeud in arbre.body if isinstance(noeud, ast.Assign)
                  for cible in noeud.targets
                  if isinstance(cible, ast.Name) and isinstance(noeud.value, ast.Constant)}
    for noeud in ast.walk(arbre):
        for cible in getattr(noeud, "targets", ()):
            if not isinstance(cible, ast.Subscript):
                continue
            porteur = cible.value.attr if isinstance(cible.value, ast.Attribute) else getattr(cible.value, "id", "")
            if porteur not in ("context", "contexte", "settings", "reglages"):
                continue
            cle = cible.slice
            if isinstance(cle, ast.Constant):
                yield cle.value
            elif isinstance(cle, ast.Name) and cle.id in constantes:
                yield constantes[cle.id]


def test_aucune_capacite_ne_lit_ce_qu_une_autre_range_dans_le_contexte_ou_les_reglages():
    # Le contexte et les réglages de Pelican sont pour les gabarits et pour le site : une capacité qui y lit la
    # clé d'une autre contourne les productions du build (un ordre changé y donne un {} silencieux, pas une
    # erreur). Le contrat, qui donne le site du build à toutes, n'est pas une capacité.
    plugins = RACINE / "plugins"
    sources = {paquet.name: {f: f.read_text(encoding="utf-8") for f in sorted(paquet.rglob("*.py"))}
               for paquet in sorted(plugins.iterdir()) if (paquet / "__init__.py").exists() and paquet.name != "contrat"}
    ecrites = {cle: capacite for capacite, fichiers in sources.items() for texte in fichiers.values()
               for cle in _cles_ecrites(ast.parse(texte))}
    assert {"IMAGES_PUBLIEES", "FICHES_PDF", "AGENDA_PROCHAINS"} <= set(ecrites)  # le détecteur voit les écritures
    lues_par_une_autre = sorted(
        f"{fichier.relative_to(RACINE)} lit « {noeud.value} », rangé par la capacité « {ecrites[noeud.value]} »"
        for capacite, fichiers in sources.items() for fichier, texte in fichiers.items()
        for noeud in ast.walk(ast.parse(texte))
        if isinstance(noeud, ast.Constant) and ecrites.get(noeud.value, capacite) != capacite
    )
    assert not lues_par_une_autre, "lisez-le par site.productions (contrat.productions.PRODUITS) :\n" + "\n".join(lues_par_une_autre)
