"""Chaque lettre d'information publiée part aussi par courriel : lettre.eml (texte + HTML) et
lettre-email.html, construits à partir du même Markdown que la page du site."""

import datetime
import gzip
import re
from email import policy
from email.parser import BytesParser
from html.parser import HTMLParser

import pytest

import contrat
from outils import construction
from conftest import SORTIE_TESTS, ecrire_document
from contrat.typographie import typographie_francaise
from lettres_email import courriel
from lettres_email.texte import html_vers_texte

SITE = "https://tousmigrants.org"
DESINSCRIPTION = "[[DESINSCRIPTION]]"


def lettres_publiees():
    documents, _ = contrat.valider(construction.reglages())
    return [
        pytest.param(d, id=d.slug)
        for d in documents
        if d.type == "lettre" and d.meta.get("status", "published") == "published"
    ]


LETTRES = lettres_publiees()


class Balises(HTMLParser):
    """Les balises d'un document HTML, avec leurs attributs."""

    def __init__(self, texte):
        super().__init__()
        self.balises = []
        self.feed(texte)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.balises.append((tag, dict(attrs)))

    def noms(self):
        return {tag for tag, _ in self.balises}

    def adresses(self):
        return [a[nom] for _, a in self.balises for nom in ("href", "src") if nom in a]


def lire_eml(site, document):
    return BytesParser(policy=policy.default).parsebytes(site.octets(f"/{document.adresse}lettre.eml"))


# --- Le texte brut : lisible seul -------------------------------------------------------------


def test_les_titres_sont_soulignes_et_les_paragraphes_separes():
    texte = html_vers_texte("<h1>Lettre de mars</h1><p>Bonjour.</p><h2>À la frontière</h2><p>Suite.</p>")
    assert texte == "Lettre de mars\n==============\n\nBonjour.\n\nÀ la frontière\n--------------\n\nSuite.\n"


def test_les_liens_deviennent_des_notes_numerotees_avec_leurs_adresses_a_la_fin():
    texte = html_vers_texte(
        '<p>Lire <a href="https://tousmigrants.org/a/">le communiqué</a>, '
        '<a href="https://tousmigrants.org/b/">la chronologie</a> et encore '
        '<a href="https://tousmigrants.org/a/">le communiqué</a>.</p>'
        '<p><a href="https://tousmigrants.org/">https://tousmigrants.org/</a> '
        '<a href="#haut">haut</a></p>'
    )
    assert texte == (
        "Lire le communiqué\u00a0[1], la chronologie\u00a0[2] et encore le communiqué\u00a0[1].\n\n"
        "https://tousmigrants.org/ haut\n\n"
        "[1] https://tousmigrants.org/a/\n"
        "[2] https://tousmigrants.org/b/\n"
    )


def test_les_listes_ont_des_tirets_ou_des_numeros_et_se_suivent_sans_ligne_vide():
    texte = html_vers_texte(
        "<p>Avant.</p><ul><li>un</li><li>deux<ul><li>deux bis</li></ul></li></ul>"
        "<ol><li>premier</li><li>second</li></ol><p>Après.</p>"
    )
    assert texte == "Avant.\n\n- un\n- deux\n  - deux bis\n1. premier\n2. second\n\nAprès.\n"


def test_le_texte_d_un_element_de_liste_s_aligne_apres_sa_marque():
    texte = html_vers_texte(
        "<ol><li><p>Premier paragraphe.</p><p>Second paragraphe.</p><ul><li>détail</li></ul></li>"
        "<li></li><li>deux</li></ol>"
    )
    assert texte == "1. Premier paragraphe.\n   Second paragraphe.\n   - détail\n3. deux\n"


def test_les_paragraphes_sont_coupes_vers_72_colonnes_et_les_listes_en_retrait():
    phrase = "La mobilisation citoyenne n'a pas faibli depuis cinq ans à Briançon. " * 6
    texte = html_vers_texte(f"<p>{phrase}</p><ul><li>{phrase}</li></ul>")
    lignes = texte.splitlines()
    assert max(len(ligne) for ligne in lignes) <= 72
    assert len(lignes) > 12
    liste = lignes[lignes.index("") + 1:]
    assert liste[0].startswith("- ") and all(ligne.startswith("  ") for ligne in liste[1:])


def test_ni_style_ni_script_ni_entites_brutes():
    texte = html_vers_texte(
        "<html><head><title>T</title><style>p{color:red}</style></head>"
        "<body><script>alert(1)</script><p>L&#8217;été&nbsp;: «&nbsp;fraternité&nbsp;»\n&amp; droits<br>à la ligne</p>"
        '<hr><p><img src="https://tousmigrants.org/images/a.png" alt="Banderole"></p></body></html>'
    )
    assert texte == "L’été\u00a0: «\u00a0fraternité\u00a0» & droits\nà la ligne\n\n* * *\n\n[Banderole]\n"


# --- Les adresses du HTML : toutes absolues, vers le site publié ------------------------------


@pytest.mark.parametrize("avant, apres", [
    ("/communiques/x/", f"{SITE}/communiques/x/"),
    ("../lettre-mars-avril-2020/", f"{SITE}/lettres/lettre-mars-avril-2020/"),
    ("annexe.pdf", f"{SITE}/lettres/lettre-novembre-2020/annexe.pdf"),
    ("#suite", f"{SITE}/lettres/lettre-novembre-2020/#suite"),
    ("https://www.liberation.fr/debats/", "https://www.liberation.fr/debats/"),
    ("mailto:communication@tousmigrants.org", "mailto:communication@tousmigrants.org"),
    ("http://127.0.0.1:8000/images/a.png", f"{SITE}/images/a.png"),
])
def test_chaque_lien_part_de_la_page_de_la_lettre_sur_le_site_publie(avant, apres):
    html = courriel.adresses_absolues(
        f'<a href="{avant}">x</a>', f"{SITE}/lettres/lettre-novembre-2020/", alias=["http://127.0.0.1:8000"]
    )
    assert html == f'<a href="{apres}">x</a>'


def test_le_reste_du_html_est_recopie_a_l_identique():
    avant = (
        '<!-- note --><p class="a">L&#8217;été &amp; <em>la</em> <a class="b" href="/c/">'
        "fraternité</a><br/><img alt='x &quot;y&quot;' src=\"/images/a.png\" /></p>"
    )
    apres = courriel.adresses_absolues(avant, f"{SITE}/lettres/x/")
    assert apres == (
        '<!-- note --><p class="a">L&#8217;été &amp; <em>la</em> <a class="b" href="https://tousmigrants.org/c/">'
        'fraternité</a><br/><img alt="x &quot;y&quot;" src="https://tousmigrants.org/images/a.png" /></p>'
    )


def test_une_image_hors_du_site_est_reperee():
    html = f'<img src="{SITE}/images/a.png"><img src="https://exemple.org/b.png">'
    assert courriel.images_hors_site(html, SITE) == ["https://exemple.org/b.png"]


def test_le_message_a_un_sujet_accentue_un_expediteur_une_date_et_pas_de_destinataire():
    jour = datetime.datetime(2020, 9, 25, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    message = courriel.message("Signez pour le Briançonnais !", "Tous Migrants", "communication@tousmigrants.org",
                               jour, "Texte.\n", "<p>HTML</p>")
    relu = BytesParser(policy=policy.default).parsebytes(courriel.octets_eml(message))
    assert relu["Subject"] == "Signez pour le Briançonnais !"
    assert relu["From"] == "Tous Migrants <communication@tousmigrants.org>"
    assert relu["Date"].datetime == jour
    assert relu["To"] is None
    assert [p.get_content() for p in relu.iter_parts()] == ["Texte.\n", "<p>HTML</p>\n"]


# --- Le vrai build : un courriel par lettre publiée -------------------------------------------


def test_chaque_lettre_publiee_a_son_courriel_et_rien_d_autre(site):
    attendus = {f"lettres/{p.values[0].slug}" for p in LETTRES}
    ecrits = {str(f.parent.relative_to(site.dossier)) for f in site.dossier.glob("**/lettre.eml")}
    assert len(attendus) >= 7
    assert ecrits == attendus
    assert {str(f.parent.relative_to(site.dossier)) for f in site.dossier.glob("**/lettre-email.html")} == attendus


@pytest.mark.parametrize("document", LETTRES)
def test_le_courriel_a_deux_parties_utf8_et_le_titre_pour_sujet(site, document):
    message = lire_eml(site, document)
    assert message.get_content_type() == "multipart/alternative"
    parties = list(message.iter_parts())
    assert [p.get_content_type() for p in parties] == ["text/plain", "text/html"]
    assert [p.get_content_charset() for p in parties] == ["utf-8", "utf-8"]
    assert message["Subject"] == typographie_francaise(document.meta["title"])
    assert message["From"] == "Tous Migrants <communication@tousmigrants.org>"
    assert message["Date"].datetime.date() == document.meta["date"]
    assert message["To"] is None


def test_le_sujet_garde_les_accents_et_la_ponctuation(site):
    (document,) = [p.values[0] for p in LETTRES if p.values[0].slug == "signez-pour-un-brianconnais-solidaire"]
    assert lire_eml(site, document)["Subject"] == (
        "Signez pour que le Briançonnais reste un territoire solidaire avec les exilés\u202f!"
    )


@pytest.mark.parametrize("document", LETTRES)
def test_la_partie_html_est_faite_pour_les_clients_de_courrier(site, document):
    html = lire_eml(site, document).get_body(("html",)).get_content()
    balises = Balises(html)
    assert not balises.noms() & {"link", "script", "style"}
    adresses = balises.adresses()
    # Aucune adresse relative (une adresse de courriel, « mailto: », n'en est pas une).
    assert all(a.startswith(("https://", "mailto:")) for a in adresses), adresses
    # L'outil d'envoi remplace ce texte par le lien de désinscription de l'abonné.
    assert html.count(f"Pour vous désinscrire&nbsp;: {DESINSCRIPTION}") == 1
    assert f"{SITE}/{document.adresse}" in adresses
    assert ("meta", {"name": "robots", "content": "noindex"}) in balises.balises
    assert "data-pagefind-body" not in html
    # Le CSS est en ligne (css-inline) : chaque titre porte son style.
    assert all("style" in a for tag, a in balises.balises if tag in ("h1", "h2", "p"))
    colonne = next(a for _, a in balises.balises if a.get("class") == "colonne")
    assert "max-width: 600px" in colonne["style"]
    assert '<!--[if mso]><table role="presentation" width="600"' in html  # Outlook pour Windows
    assert "Tous Migrants, 3 rue Aspirant Jan, 05100 Briançon" in html
    assert html.strip() == site.texte(f"/{document.adresse}lettre-email.html").strip()


@pytest.mark.parametrize("document", LETTRES)
def test_la_partie_texte_se_lit_seule(site, document):
    texte = lire_eml(site, document).get_body(("plain",)).get_content()
    titre = typographie_francaise(document.meta["title"])
    assert "<" not in texte.replace("« ", "")
    corps, notes = texte.rstrip("\n").rsplit("\n\n", 1)
    assert all(len(ligne) <= 72 for ligne in corps.splitlines())
    assert re.search(r"\n=+\n", texte) and re.search(r"\n-+\n", texte)  # titre et intertitres soulignés
    assert " ".join(titre.split()) in " ".join(corps.split())
    assert "Lire cette lettre sur le site\u00a0[" in corps
    assert f"Pour vous désinscrire\u00a0: {DESINSCRIPTION}" in re.sub(r"[ \n]+", " ", corps)
    lignes_notes = notes.splitlines()
    assert all(re.fullmatch(rf"\[{n}\] https://\S+", ligne) for n, ligne in enumerate(lignes_notes, 1))
    assert f"{SITE}/{document.adresse}" in notes
    assert len(re.findall(r"\u00a0\[\d+\]", corps)) >= len(lignes_notes)


def test_les_courriels_ne_sont_ni_dans_le_plan_du_site_ni_dans_la_recherche(site):
    plan = site.texte("/sitemap.xml")
    assert "lettres/lettre-novembre-2020/" in plan
    assert "lettre-email" not in plan and "lettre.eml" not in plan
    fragments = [gzip.decompress(f.read_bytes()) for f in (site.dossier / "pagefind" / "fragment").iterdir()]
    assert any(b'"url":"/lettres/lettre-novembre-2020/"' in f for f in fragments)
    assert not any(b"lettre-email" in f for f in fragments)


@pytest.mark.parametrize("largeur", [600, 360])
def test_le_courriel_tient_dans_la_largeur_sans_defilement_horizontal(navigateur, url_site, largeur):
    dossier = SORTIE_TESTS / "lettres-email"
    dossier.mkdir(parents=True, exist_ok=True)
    page = navigateur.new_page(viewport={"width": largeur, "height": 900})
    ailleurs = []
    # Rien ne doit partir ailleurs qu'au serveur local : ni feuille de style, ni police, ni script.
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url_site)
               else (ailleurs.append(route.request.url), route.abort()))
    try:
        for param in LETTRES:
            document = param.values[0]
            page.goto(f"{url_site}/{document.adresse}lettre-email.html")
            assert page.evaluate("document.documentElement.scrollWidth") <= largeur, document.slug
            page.screenshot(path=str(dossier / f"{document.slug}-{largeur}.png"), full_page=True)
    finally:
        page.close()
    assert ailleurs == []


def _png(largeur, hauteur):
    from io import BytesIO

    from PIL import Image

    sortie = BytesIO()
    Image.new("RGB", (largeur, hauteur), "gray").save(sortie, "PNG")
    return sortie.getvalue()


def test_une_lettre_avec_images_et_liens_relatifs(contenu, tmp_path):
    (contenu.dossier / "images" / "banderole.png").write_bytes(_png(1200, 300))
    ecrire_document(
        contenu, "lettres/2020-12-01-lettre-decembre-2020.md",
        title='"Lettre d\'information – décembre 2020"', date="2020-12-01", numero=8,
        summary='"Une banderole et des liens."',
        corps=(
            "![Banderole de la Grande Maraude](/images/banderole.png)\n\n"
            "Lire [la lettre précédente](../lettre-novembre-2020/) et [la suite](#suite).\n"
        ),
    )
    site = contenu.construire(tmp_path / "output")
    message = BytesParser(policy=policy.default).parsebytes(
        site.octets("/lettres/lettre-d-information-decembre-2020/lettre.eml"))
    html = message.get_body(("html",)).get_content()
    adresses = Balises(html).adresses()
    # L'image du site, refaite sans métadonnées (plugin images) : sa variante de 720 px, par son adresse complète.
    assert f"{SITE}/images/banderole-720.png" in adresses
    assert f"{SITE}/lettres/lettre-novembre-2020/" in adresses
    assert f"{SITE}/lettres/lettre-d-information-decembre-2020/#suite" in adresses
    assert "max-width: 100%" in re.search(r"<img[^>]*banderole[^>]*>", html).group(0)
    assert "[Banderole de la Grande Maraude]" in message.get_body(("plain",)).get_content()
    # Une image d'un autre site ne se contente plus d'un avertissement : le contrat la refuse (fichier, ligne).
    chemin = contenu.dossier / "lettres" / "2020-12-01-lettre-decembre-2020.md"
    chemin.write_text(chemin.read_text(encoding="utf-8") + "\n![Logo d'un partenaire](https://exemple.org/logo.png)\n",
                      encoding="utf-8")
    with pytest.raises(construction.BuildRefuse, match=r"lettre-decembre-2020\.md, ligne \d+ :\n    image d'un autre site \(exemple\.org\)"):
        contenu.construire(tmp_path / "refuse")
