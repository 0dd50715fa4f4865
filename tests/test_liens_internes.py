"""Les liens internes écrits dans le texte : un lien vers une adresse qu'aucune page n'a est trouvé dès
`make check` et `make build`, avec le fichier .md, la ligne et le lien tel qu'il est écrit ; il refuse
le site publié (publishconf.py) et n'est qu'un avertissement dans l'aperçu."""

import pytest

import contrat
import outils
from outils import construction
from conftest import amorcer_cache, avertissements_inattendus, ecrire_document
from test_contrat import _copie_du_projet, _invoke

COMMUNIQUE = dict(title='"Essai de liens"', date="2020-05-04", summary='"En bref."', tags="[frontière]")
CONSEIL = " ; corrigez l'adresse (celle d'une page se lit dans la barre d'adresse de l'aperçu, make serve)"


def liens_casses(contenu, corps):
    ecrire_document(contenu, "communiques/liens.md", corps=corps, **COMMUNIQUE)
    reglages = construction.reglages(**contenu.reglages())
    documents, problemes = contrat.valider(reglages)
    assert problemes == []
    return [str(p) for p in contrat.liens_internes(reglages, documents)]


# Le texte commence ligne 7 : « --- », 4 lignes d'en-tête, « --- », puis une ligne vide.
@pytest.mark.parametrize("ecrit, message", [
    ("[le refuge](/refuge-solidaire/)", "mène à /refuge-solidaire/, une adresse qu'aucune page du site n'a"),
    ("[le refuge](/refuge-solidaire)", "mène à /refuge-solidaire, une adresse qu'aucune page du site n'a"),
    ("[un communiqué](/communiques/n-existe-pas/)", "mène à /communiques/n-existe-pas/, une adresse qu'aucune page du site n'a"),
    ("[relatif](../../refuge/)", "mène à /refuge/, une adresse qu'aucune page du site n'a"),
    ("[complet](https://tousmigrants.org/refuge/)", "mène à /refuge/, une adresse qu'aucune page du site n'a"),
    ("[un sujet](/sujets/n-existe-pas/)", "mène à /sujets/n-existe-pas/, une adresse qu'aucune page du site n'a"),
    # Un lien vers une image absente ; une image absente montrée dans le texte (![…](…)) est refusée plus tôt,
    # par la règle des images du contrat (test_images_coeur, test_images_site).
    ("[une photo](/images/absente.jpg)", "mène à /images/absente.jpg, une adresse qu'aucune page du site n'a"),
    ('<a href="/refuge/">en HTML</a>', "mène à /refuge/, une adresse qu'aucune page du site n'a"),
    ("[une fiche]({filename}/fiches-pratiques/absente.md)", "mène au fichier content/fiches-pratiques/absente.md, qui n'existe pas"),
    ("[une rubrique]({category}inconnue)", "mène à la rubrique « inconnue », qui n'existe pas ; rubriques : actions, communiques, fiches-pratiques, lettres"),
])
def test_un_lien_casse_est_nomme_avec_son_fichier_sa_ligne_et_son_texte(contenu, ecrit, message):
    trouves = liens_casses(contenu, f"Premier paragraphe.\n\nVoir {ecrit} pour la suite.\n")
    lien = ecrit if not ecrit.startswith("<a") else '<a href="/refuge/">'
    assert trouves == [f"content/communiques/liens.md, ligne 10 :\n    le lien « {lien} » {message}{CONSEIL}"]


def test_un_lien_par_reference_est_verifie_a_la_ligne_de_sa_definition(contenu):
    trouves = liens_casses(contenu, "Voir [le refuge][r].\n\n[r]: /refuge-solidaire/\n")
    assert trouves == [f"content/communiques/liens.md, ligne 10 :\n    le lien « [r]: /refuge-solidaire/ » "
                       f"mène à /refuge-solidaire/, une adresse qu'aucune page du site n'a{CONSEIL}"]


@pytest.mark.parametrize("ecrit", [
    "[accueil](/)", "[la presse](/presse/)", "[la presse](/presse)", "[un communiqué](/communiques/11-personnes-secourues-montgenevre/)",
    "[relatif](../../chronologie/)", "[les communiqués](/communiques/)", "[page 2](/actions/page/2/)",
    "[rapport](/rapports/2020/)", "[chronologie d'un pôle](/chronologie/plaidoyer/)", "[recueil](/fiches-pratiques/fiches-pratiques.pdf)",
    "[le sujet de ce document](/sujets/frontiere/)", "[une fiche]({filename}/fiches-pratiques/2026-11-25-garde-a-vue.md)",
    "[une fiche]({filename}../fiches-pratiques/2026-11-25-garde-a-vue.md#ce-que-dit-la-loi)",
    "[rubrique]({category}communiques)", "[flux](../../feeds/tout.atom.xml)", "[favicon](/favicon.svg)",
    "[ancienne adresse](/sinformer/11-personnes-secourues-par-les-pompiers-dans-la-nuit-et-le-froid-a-montgenevre)",
    "[plus bas](#plus-bas)", "[ailleurs](https://example.org/refuge/)", "[écrire](mailto:communication@tousmigrants.org)",
    "`[du code](/pas-un-lien/)`", "[lettre par courriel](/lettres/lettre-novembre-2020/lettre-email.html)",
])
def test_un_lien_qui_mene_quelque_part_ou_hors_du_site_n_est_pas_signale(contenu, ecrit):
    assert liens_casses(contenu, f"Voir {ecrit}.\n\n```\n[dans un bloc de code](/nulle-part/)\n```\n") == []


def test_les_liens_d_un_brouillon_attendent_sa_publication(contenu):
    ecrire_document(contenu, "communiques/brouillon.md", corps="[le refuge](/refuge-solidaire/)",
                    status="draft", **COMMUNIQUE)
    reglages = construction.reglages(**contenu.reglages())
    documents, _ = contrat.valider(reglages)
    assert contrat.liens_internes(reglages, documents) == []


def test_le_vrai_contenu_n_a_aucun_lien_interne_casse():
    reglages = construction.reglages()
    documents, _ = contrat.valider(reglages)
    assert contrat.liens_internes(reglages, documents) == []


def test_un_lien_casse_refuse_le_site_publie_et_n_est_qu_un_avertissement_dans_l_apercu(contenu, tmp_path):
    ecrire_document(contenu, "communiques/liens.md", corps="Voir [le refuge](/refuge-solidaire/).", **COMMUNIQUE)
    attendu = ("content/communiques/liens.md, ligne 8 :\n    le lien « [le refuge](/refuge-solidaire/) » mène à "
               "/refuge-solidaire/, une adresse qu'aucune page du site n'a")
    apercu = contenu.construire(tmp_path / "apercu", GENERER_PDF=False)
    assert avertissements_inattendus(apercu) == [attendu + CONSEIL]
    assert apercu.existe("/communiques/essai-de-liens/")
    with pytest.raises(construction.BuildRefuse) as refus:
        contenu.construire(tmp_path / "public", fichier=outils.CONFIG["settings_publish"], GENERER_PDF=False)
    assert attendu in str(refus.value)
    assert not (tmp_path / "public").exists()


def test_make_check_et_make_build_nomment_le_lien_casse_sans_anglais(tmp_path, cache_session):
    projet = _copie_du_projet(tmp_path)
    amorcer_cache(cache_session, projet / "cache" / "pelican")  # les PDF du vrai site : repris
    # Daté de 2026 : seul le PDF du rapport de 2026, court, est à refaire (celui de 2020 : 3,5 s).
    (projet / "content" / "communiques" / "liens.md").write_text(
        '---\ntitle: "Liens"\ndate: 2026-11-20\nsummary: "En bref."\n---\n\nVoir [le refuge](/refuge-solidaire/).\n',
        encoding="utf-8")
    attendu = "content/communiques/liens.md, ligne 7 :\n    le lien « [le refuge](/refuge-solidaire/) » mène à /refuge-solidaire/"
    check = _invoke(projet, "check")
    assert check.returncode == 1 and attendu in check.stderr
    build = _invoke(projet, "build", "--no-recherche")
    assert build.returncode == 0, build.stderr
    assert "Attention : 1 lien interne cassé ; le site est construit pour l'aperçu, mais make publish refusera" in build.stderr
    assert attendu in build.stderr
    assert "Traceback" not in check.stderr + build.stderr
