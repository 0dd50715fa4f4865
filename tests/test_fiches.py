"""Fiches pratiques, sans Pelican : dates de vérification, groupes de l'index, tailles, cache des PDF,
et un rendu WeasyPrint qui ne demande rien au réseau."""

import datetime
import http.server
import json
import threading

import pytest
from weasyprint.urls import FatalURLFetchingError

import caches
import rendu_pdf
from contrat.records import Record
from fiches import fiches as coeur
from contrat import papier as pdf

PUBLICS = {"maraudeurs": "Maraudeurs", "exiles": "Personnes exilées", "benevoles": "Bénévoles"}
THEMES = {"police-justice": "Face à la police et à la justice", "solidarite": "Solidarité et maraudes"}
J = datetime.date


def fiche(slug, verifiee_le=J(2026, 11, 1), public=("maraudeurs",), theme="police-justice", title=None,
          verifiee_par="pôle action juridique"):
    return Record(type="fiche", slug=slug, title=title or slug.replace("-", " ").capitalize(), date=J(2026, 1, 1),
                  url=f"fiches-pratiques/{slug}/", modified=J(2026, 1, 1), verifiee_le=verifiee_le,
                  verifiee_par=verifiee_par,
                  public=tuple(public), theme=theme, source=f"fiches-pratiques/{slug}.md")


# --- Dates de vérification ------------------------------------------------------------------


@pytest.mark.parametrize("jour, mois, limite", [
    (J(2026, 11, 27), 12, J(2025, 11, 27)),
    (J(2026, 3, 31), 1, J(2026, 2, 28)),   # pas de 31 février : le dernier jour du mois
    (J(2024, 3, 31), 1, J(2024, 2, 29)),   # année bissextile
    (J(2026, 1, 15), 1, J(2025, 12, 15)),  # on change d'année
    (J(2026, 5, 10), 18, J(2024, 11, 10)),
])
def test_la_limite_est_des_mois_avant_le_jour_du_build(jour, mois, limite):
    assert coeur.limite_verification(jour, mois) == limite


def test_une_fiche_est_a_verifier_si_sa_verification_a_plus_de_douze_mois():
    jour = J(2026, 11, 27)
    fiches = [
        fiche("verifiee-hier", J(2026, 11, 26)),
        fiche("pile-douze-mois", J(2025, 11, 27)),
        fiche("douze-mois-et-un-jour", J(2025, 11, 26)),
        fiche("tres-ancienne", J(2021, 3, 1)),
    ]
    assert [f.slug for f in coeur.a_verifier(fiches, jour, 12)] == ["douze-mois-et-un-jour", "tres-ancienne"]
    assert [f.slug for f in coeur.a_verifier(fiches, jour, 72)] == []


def test_le_message_pour_le_pole_juridique_tient_en_une_ligne_en_francais():
    perimees = [fiche("garde-a-vue", J(2024, 10, 3), title="La garde à vue"),
                fiche("audition-libre", J(2023, 1, 1), title="L'audition libre")]
    message = coeur.message_a_verifier(perimees, 12)
    assert "\n" not in message
    assert message.startswith("2 fiches pratiques à vérifier (dernière vérification juridique il y a plus de 12 mois)")
    # La plus ancienne d'abord : c'est la plus urgente à relire.
    assert message.index("L'audition libre") < message.index("La garde à vue")
    assert "vérifiée le 3 octobre 2024" in message and "fiches-pratiques/garde-a-vue.md" in message
    assert coeur.message_a_verifier(perimees[:1], 12).startswith("1 fiche pratique à vérifier")


# --- L'index ---------------------------------------------------------------------------------


def test_les_fiches_sont_groupees_par_public_puis_par_theme_dans_l_ordre_des_reglages():
    fiches = [
        fiche("urgence", public=("exiles", "maraudeurs"), theme="solidarite", title="Urgence en montagne"),
        fiche("garde", public=("maraudeurs",), theme="police-justice", title="La garde à vue"),
        fiche("audition", public=("maraudeurs",), theme="police-justice", title="À l'audition"),
        fiche("sans-public", public=(), theme=None, title="Sans public"),
    ]
    groupes = coeur.groupes(fiches, PUBLICS, THEMES)
    resume = [(g.libelle, [(t.libelle, [f.slug for f in t.fiches]) for t in g.themes]) for g in groupes]
    assert resume == [
        # « À l'audition » se range avec les A, avant « La garde à vue ».
        ("Maraudeurs", [("Face à la police et à la justice", ["audition", "garde"]),
                        ("Solidarité et maraudes", ["urgence"])]),
        ("Personnes exilées", [("Solidarité et maraudes", ["urgence"])]),
        # Bénévoles : aucune fiche, pas de groupe vide. Une fiche sans public ni thème n'est pas perdue.
        ("Tous publics", [("Autres sujets", ["sans-public"])]),
    ]
    assert [g.nombre for g in groupes] == [3, 1, 1]


# --- PDF : ancres, réseau, cache -------------------------------------------------------------


def test_les_ancres_d_une_fiche_sont_prefixees_pour_le_recueil():
    html = ('<h2 id="vos-droits">Vos droits</h2><p><a href="#vos-droits">plus haut</a> '
            '<a href="https://tousmigrants.org/">site</a> <span data-id="x">x</span></p>')
    assert pdf.prefixer_ancres(html, "garde-a-vue--") == (
        '<h2 id="garde-a-vue--vos-droits">Vos droits</h2><p><a href="#garde-a-vue--vos-droits">plus haut</a> '
        '<a href="https://tousmigrants.org/">site</a> <span data-id="x">x</span></p>'
    )


@pytest.fixture
def serveur_espion():
    """Un serveur local qui note chaque requête reçue : WeasyPrint ne doit jamais l'appeler."""
    requetes = []

    class Espion(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requetes.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Espion)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{serveur.server_address[1]}", requetes
    serveur.shutdown()
    serveur.server_close()


def test_weasyprint_ne_demande_rien_au_reseau_mais_lit_les_images_du_site(serveur_espion, tmp_path):
    adresse, requetes = serveur_espion
    images = tmp_path / "content" / "images"
    images.mkdir(parents=True)
    (images / "carte.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    recuperateur = rendu_pdf.Recuperateur(tmp_path / "theme", tmp_path / "content", "https://tousmigrants.org")
    lues = []
    fetch = recuperateur.fetch
    recuperateur.fetch = lambda url, headers=None: lues.append(url) or fetch(url, headers)
    page = '<html lang="fr"><body><p>Texte</p><img alt="" src="/images/carte.svg">{}</body></html>'
    octets = rendu_pdf.rendre(page.format(""), "https://tousmigrants.org/fiches-pratiques/x/", recuperateur,
                              feuilles=["@page { size: A4 }"])
    assert octets.startswith(b"%PDF")
    # Rien d'autre que l'image, et nos polices si la page les nomme (ici, non).
    assert lues == ["https://tousmigrants.org/images/carte.svg"]
    # Une image ou une feuille de style d'ailleurs : rien n'est demandé, et le PDF est refusé en le disant.
    for autre in (f'<img alt="" src="{adresse}/espion.png">', f'<link rel="stylesheet" href="{adresse}/style.css">'):
        with pytest.raises(rendu_pdf.PdfRefuse, match="n'est pas un fichier du site"):
            rendu_pdf.rendre(page.format(autre), "https://tousmigrants.org/fiches-pratiques/x/", recuperateur,
                             feuilles=["@page { size: A4 }"])
    assert requetes == []


def test_un_fichier_hors_du_site_n_est_pas_lu(tmp_path):
    recuperateur = rendu_pdf.Recuperateur(tmp_path / "theme", tmp_path / "site")
    with pytest.raises(FatalURLFetchingError):
        recuperateur.fetch("file:///etc/passwd")
    with pytest.raises(FatalURLFetchingError):
        recuperateur.fetch("https://example.org/image.png")
    assert "hors des dossiers permis" in recuperateur.refus[0]
    assert "n'est pas un fichier du site" in recuperateur.refus[1]


def test_le_cache_ne_rend_que_les_pdf_qui_manquent_et_oublie_les_autres(tmp_path):
    dossier = tmp_path / "fiches"
    rendus = []

    def fabrique(nom):
        return lambda: rendus.append(nom) or f"%PDF {nom}".encode()

    premier = caches.CachePdf(str(dossier), "version")
    premier.obtenir("a", "cle-a", fabrique("a"))
    premier.obtenir("b", "cle-b", fabrique("b"))
    assert premier.terminer() == {"rendus": ["a", "b"], "reutilises": []}

    second = caches.CachePdf(str(dossier), "version")
    chemin_a = second.obtenir("a", "cle-a", fabrique("a"))
    second.obtenir("b", "cle-b2", fabrique("b"))  # b a changé
    assert second.terminer() == {"rendus": ["b"], "reutilises": ["a"]}
    assert rendus == ["a", "b", "b"]
    assert open(chemin_a, "rb").read() == b"%PDF a"
    # L'ancien PDF de b ne sert plus : il quitte le cache ; le journal du dernier build est lisible.
    assert sorted(p.name for p in dossier.iterdir()) == ["a-cle-a.pdf", "b-cle-b2.pdf", "dernier-build.json"]
    assert json.loads((dossier / "dernier-build.json").read_text()) == {"rendus": ["b"], "reutilises": ["a"]}


def test_le_qr_code_est_un_svg_a_la_taille_donnee_par_la_feuille_de_style():
    svg = pdf.qr_svg("https://tousmigrants.org/fiches-pratiques/garde-a-vue/")
    assert svg.startswith("<svg") and "viewBox=" in svg and "width=" not in svg
    assert "<title>https://tousmigrants.org/fiches-pratiques/garde-a-vue/</title>" in svg


def test_les_liens_d_une_fiche_sont_complets_dans_son_pdf():
    html = '<a href="/fiches-pratiques/audition-libre/">x</a> <img src="/images/col.png"> <a href="//cdn">y</a> <a href="#a">z</a>'
    assert pdf.absolutiser(html, "https://tousmigrants.org") == (
        '<a href="https://tousmigrants.org/fiches-pratiques/audition-libre/">x</a> '
        '<img src="https://tousmigrants.org/images/col.png"> <a href="//cdn">y</a> <a href="#a">z</a>'
    )
