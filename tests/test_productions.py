"""Le registre de ce que chaque capacité a produit pendant un build (contrat.productions) : le seul canal
entre capacités. Un ordre de build changé échoue en le disant, au lieu de donner une liste vide."""

import pytest

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
