"""Ce qui est repris du cache (en-têtes lus, calendrier de la chronologie, courriels des lettres) suit le
contenu : un build après une retouche donne le même résultat qu'un build à froid."""

import email
import os
from email import policy

import pytest

from outils import construction
from conftest import ecrire_document

PLUGINS = {"PLUGINS": ["contrat", "chronologie", "lettres_email"], "GENERER_PDF": False}


def sujet(site, slug):
    message = email.message_from_bytes(site.octets(f"/lettres/{slug}/lettre.eml"), policy=policy.default)
    return message["Subject"]


def test_une_retouche_refait_le_calendrier_et_le_courriel_concernes(contenu, tmp_path):
    ecrire_document(contenu, "lettres/essai.md", title='"Lettre d\'essai"', date="2020-12-20", slug="lettre-essai")
    premier = contenu.construire(tmp_path / "un", **PLUGINS)
    assert "SUMMARY:Lettre d’essai" in premier.texte("/chronologie.ics")
    assert sujet(premier, "lettre-essai") == "Lettre d’essai"

    # Rien n'a changé : mêmes fichiers, repris du cache.
    second = contenu.construire(tmp_path / "deux", **PLUGINS)
    assert second.octets("/chronologie.ics") == premier.octets("/chronologie.ics")
    assert second.octets("/lettres/lettre-essai/lettre.eml") == premier.octets("/lettres/lettre-essai/lettre.eml")

    ecrire_document(contenu, "lettres/essai.md", title='"Lettre retouchée"', date="2020-12-20", slug="lettre-essai")
    troisieme = contenu.construire(tmp_path / "trois", **PLUGINS)
    assert "SUMMARY:Lettre retouchée" in troisieme.texte("/chronologie.ics")
    assert "Lettre d’essai" not in troisieme.texte("/chronologie.ics")
    assert sujet(troisieme, "lettre-essai") == "Lettre retouchée"
    assert len(list((contenu.cache / "chronologie").glob("*.ics"))) == 1
    # L'ancienne version du courriel a quitté le cache : il ne garde que celui de ce build.
    assert sorted(f.suffix for f in (contenu.cache / "lettres_email").glob("lettre-essai-*")) == [".eml", ".html"]


def test_un_en_tete_inchange_est_repris_du_cache_et_un_fichier_modifie_est_relu(tmp_path):
    from contrat import frontmatter

    fichier, cache = tmp_path / "a.md", str(tmp_path / "cache" / "entetes.pickle")
    fichier.write_text("---\ntitle: Avant\n---\n\nCorps.\n", encoding="utf-8")
    lectures = frontmatter.LecturesEnCache(cache, "v1")
    assert lectures.lire(str(fichier)).meta["title"] == "Avant"
    lectures.enregistrer()

    # Même taille, même date de modification : le cache répond, sans relire le fichier.
    etat = fichier.stat()
    fichier.write_text("---\ntitle: Apres\n---\n\nCorps.\n", encoding="utf-8")
    os.utime(fichier, ns=(etat.st_atime_ns, etat.st_mtime_ns))
    assert frontmatter.LecturesEnCache(cache, "v1").lire(str(fichier)).meta["title"] == "Avant"
    # Un autre code de lecture oublie tout ; une autre date de modification fait relire.
    assert frontmatter.LecturesEnCache(cache, "v2").lire(str(fichier)).meta["title"] == "Apres"
    os.utime(fichier, ns=(etat.st_atime_ns, etat.st_mtime_ns + 1_000_000))
    assert frontmatter.LecturesEnCache(cache, "v1").lire(str(fichier)).meta["title"] == "Apres"


def test_apres_un_build_une_retouche_et_une_erreur_sont_vues_malgre_le_cache_des_en_tetes(contenu, tmp_path):
    ecrire_document(contenu, "communiques/essai.md", title='"Premier titre"', date="2020-12-20",
                    summary='"En bref."', slug="essai")
    premier = contenu.construire(tmp_path / "un", **PLUGINS)
    assert "Premier titre" in premier.texte("/communiques/essai/")
    assert (contenu.cache / "contrat" / "entetes.pickle").exists()

    ecrire_document(contenu, "communiques/essai.md", title='"Second titre, plus long"', date="2020-12-20",
                    summary='"En bref."', slug="essai")
    second = contenu.construire(tmp_path / "deux", **PLUGINS)
    assert "Second titre, plus long" in second.texte("/communiques/essai/")

    ecrire_document(contenu, "communiques/essai.md", title='"Second titre, plus long"', date="2020-12-32",
                    summary='"En bref."', slug="essai")
    with pytest.raises(construction.BuildRefuse, match="la date « 2020-12-32 » n'existe pas"):
        contenu.construire(tmp_path / "trois", **PLUGINS)


def test_un_cache_des_en_tetes_qu_on_ne_peut_pas_ecrire_n_empeche_rien(tmp_path):
    from contrat import frontmatter

    fichier = tmp_path / "a.md"
    fichier.write_text("---\ntitle: Titre\n---\n", encoding="utf-8")
    (tmp_path / "bloque").write_text("un fichier, pas un dossier", encoding="utf-8")
    lectures = frontmatter.LecturesEnCache(str(tmp_path / "bloque" / "entetes.pickle"), "v1")
    assert lectures.lire(str(fichier)).meta["title"] == "Titre"
    lectures.enregistrer()  # ne lève rien


def test_chaque_fichier_est_lu_une_fois_par_build_et_chaque_build_lit_le_sien(tmp_path, monkeypatch):
    # La vérification lit chaque en-tête au début du build ; les lecteurs de Pelican (articles, pages) reprennent
    # cette lecture-là, celle de leur build : un second build, après une retouche, lit la nouvelle version.
    from conftest import Contenu
    from contrat import frontmatter

    lus = []
    analyser = frontmatter.lire_texte
    monkeypatch.setattr(frontmatter, "lire_texte", lambda texte: (lus.append(texte.split("\n")[1]), analyser(texte))[1])
    contenu = Contenu(tmp_path / "content", tmp_path / "cache")
    ecrire_document(contenu, "communiques/un.md", title='"Un communiqué"', date="2026-11-20", summary='"En bref."')
    ecrire_document(contenu, "pages/une-page.md", title='"Une page"', date="2026-11-20")
    sans_cache = {"GENERER_PDF": False, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    contenu.construire(tmp_path / "output", **sans_cache)
    assert sorted(lus) == ['title: "Un communiqué"', 'title: "Une page"']
    lus.clear()
    ecrire_document(contenu, "communiques/un.md", title='"Un communiqué retouché"', date="2026-11-20", summary='"En bref."')
    site = contenu.construire(tmp_path / "output", **sans_cache)
    assert sorted(lus) == ['title: "Un communiqué retouché"', 'title: "Une page"']
    assert "Un communiqué retouché" in site.texte("/communiques/un-communique-retouche/")


def test_un_cache_de_contenu_coupe_par_un_ctrl_c_est_refait_au_build_suivant(contenu, tmp_path):
    """Ctrl+C pendant que Pelican écrit son cache de contenu (fin d'un build de make serve ou make edit) le
    laisse vide ou coupé : le build suivant doit le refaire, pas s'arrêter sur une erreur inattendue."""
    contenu.construire(tmp_path / "un", PLUGINS=["contrat"], GENERER_PDF=False)
    articles, pages = contenu.cache / "ArticlesGenerator-Readers", contenu.cache / "PagesGenerator-Readers"
    entier = articles.read_bytes()
    articles.write_bytes(b"")  # coupé avant d'avoir rien écrit
    pages.write_bytes(pages.read_bytes()[: pages.stat().st_size // 2])  # coupé au milieu

    site = contenu.construire(tmp_path / "deux", PLUGINS=["contrat"], GENERER_PDF=False)
    assert "Montgenèvre" in site.texte("/communiques/11-personnes-secourues-montgenevre/")
    assert articles.stat().st_size > len(entier) // 2  # refait en entier


def test_la_cle_d_un_pdf_change_quand_un_fichier_de_nos_polices_change(tmp_path):
    # Les polices des PDF viennent de paquets PyPI épinglés (rendu_pdf.POLICES) : leurs octets sont dans la clé.
    import caches
    import rendu_pdf

    assert set(rendu_pdf.POLICES_LATINES.values()) | set(rendu_pdf.POLICES_ARABES.values()) == set(rendu_pdf.POLICES)
    copies = []
    for i, chemin in enumerate(rendu_pdf.POLICES):
        copie = tmp_path / f"police-{i}.ttf"
        copie.write_bytes(chemin.read_bytes())
        copies.append(copie)
    avant = rendu_pdf.empreinte_des_polices(copies)
    assert avant == rendu_pdf.empreinte_des_polices(rendu_pdf.POLICES) and avant in rendu_pdf.VERSION
    copies[0].write_bytes(copies[0].read_bytes() + b"\0")  # Noto Sans d'une autre version
    apres = rendu_pdf.empreinte_des_polices(copies)
    assert apres != avant
    version_apres = rendu_pdf.VERSION.replace(avant, apres)
    html = "<p>Garde à vue</p>"
    assert (caches.CachePdf(tmp_path / "a", rendu_pdf.VERSION).cle(html)
            != caches.CachePdf(tmp_path / "b", version_apres).cle(html))
