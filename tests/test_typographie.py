"""Typographie française : pas de ligne coupée entre « et son mot, ni avant un deux-points ; l'apostrophe
typographique partout. Une seule règle pour tout ce que le site imprime : corps, titres, « En bref »,
métadonnées, flux Atom, lettres par courriel, PDF."""

import os
import re
import subprocess
import zlib
from email import policy
from email.parser import BytesParser
from html.parser import HTMLParser

import pytest

from conftest import ecrire_document
from contrat.typographie import espaces_insecables, typographie_du_gabarit, typographie_francaise


@pytest.mark.parametrize(
    "avant, apres",
    [
        ("<p>« Darmanin s'étouffe »</p>", "<p>«\u00a0Darmanin s\u2019étouffe\u00a0»</p>"),
        ("<p>Saisine : le Conseil</p>", "<p>Saisine\u00a0: le Conseil</p>"),
        ("<p>Restons solidaires !</p>", "<p>Restons solidaires\u202f!</p>"),
        # Avant ; et ? une espace fine insécable (U+202F), pas l'espace insécable ordinaire du deux-points.
        ("<p>Maraudes ; refuge</p>", "<p>Maraudes\u202f; refuge</p>"),
        ("<p>Et demain ?</p>", "<p>Et demain\u202f?</p>"),
        ('<p><a href="/x/?a=1 ;b">lien</a></p>', '<p><a href="/x/?a=1 ;b">lien</a></p>'),
        ("<pre><code>cle : valeur</code></pre>", "<pre><code>cle : valeur</code></pre>"),
        ("<p>https://tousmigrants.org</p>", "<p>https://tousmigrants.org</p>"),
        ("<p>L'État d'urgence</p>", "<p>L\u2019État d\u2019urgence</p>"),
        ("<p>le \"Refuge\" reste</p>", "<p>le «\u00a0Refuge\u00a0» reste</p>"),
        ("<p>le &quot;Refuge&quot; reste</p>", "<p>le «\u00a0Refuge\u00a0» reste</p>"),
        ("<p>Et après...</p>", "<p>Et après\u2026</p>"),
        ("<p>Briançon - Gap</p>", "<p>Briançon \u2013 Gap</p>"),
        ("<p>Les 3+4+2+...</p>", "<p>Les 3+4+2+\u2026</p>"),
    ],
)
def test_espaces_insecables(avant, apres):
    assert espaces_insecables(avant) == apres


def test_le_site_construit_applique_la_typographie(site):
    html = site.texte("/communiques/darmanin-s-etouffe-la-justice-fait-son-travail/")
    corps = html.split('class="corps"', 1)[1]
    assert "« " not in corps and " »" not in corps


@pytest.mark.parametrize("texte", ["L'État ; la \"loi\" : x !", "<p>L'État... - le \"Refuge\" ?</p>"])
def test_la_typographie_ne_change_plus_un_texte_deja_traite(texte):
    une_fois = typographie_francaise(texte)
    assert typographie_francaise(une_fois) == une_fois


def test_dans_un_gabarit_seul_le_texte_change_jamais_le_code_jinja():
    gabarit = (
        """<a href="{{ SITEURL }}/"{% if x == 'a' %} aria-current="page"{% endif %}>L'association</a>"""
        """{# l'ancien "nom" : ne pas toucher #}<p>Presse : {{ "{:,}".format(n) }} ; {{ ' ; ' }}</p>"""
        """<script type="application/ld+json">{"name": "l'asso"}</script>"""
    )
    assert typographie_du_gabarit(gabarit) == (
        """<a href="{{ SITEURL }}/"{% if x == 'a' %} aria-current="page"{% endif %}>L\u2019association</a>"""
        """{# l'ancien "nom" : ne pas toucher #}<p>Presse\u00a0: {{ "{:,}".format(n) }}\u202f; {{ ' ; ' }}</p>"""
        """<script type="application/ld+json">{"name": "l'asso"}</script>"""
    )


# Un titre, un « En bref » et un lieu avec apostrophe, point-virgule et deux-points, écrits au clavier.
TITRE = "L'accueil des exilés ; l'État condamné"
ATTENDU = "L\u2019accueil des exilés\u202f; l\u2019État condamné"
EN_BREF = "L'État doit agir : c'est urgent."
EN_BREF_ATTENDU = "L\u2019État doit agir\u00a0: c\u2019est urgent."


@pytest.fixture(scope="module")
def site_typographie(tmp_path_factory, cache_session):
    from conftest import RACINE, Contenu, amorcer_cache
    import shutil

    dossier = tmp_path_factory.mktemp("typographie")
    shutil.copytree(RACINE / "content", dossier / "content")
    contenu = Contenu(dossier / "content", amorcer_cache(cache_session, dossier / "cache"))
    commun = dict(title=f'"{TITRE}"', summary=f'"{EN_BREF}"')
    # Tous datés de 2026 : le rapport de cette année-là, court, se refait, pas celui de 2020 (3,5 s de rendu).
    ecrire_document(contenu, "communiques/2026-11-20-typographie.md", date="2026-11-20", **commun)
    ecrire_document(contenu, "lettres/2026-11-20-typographie.md", date="2026-11-20", numero=99, **commun)
    ecrire_document(
        contenu, "fiches-pratiques/typographie.md", date="2026-11-20", modified="2026-11-20",
        verifiee_le="2026-11-20", verifiee_par='"pôle action juridique"', public="[maraudeurs]", theme="solidarite", **commun,
    )
    ecrire_document(
        contenu, "actions/2026-11-20-typographie.md", date="2026-11-20", pole="plaidoyer", nature="appel",
        lieu='"Col de l\'Échelle"', partenaires="[\"L'Anafé\"]", **commun,
    )
    return contenu.construire(dossier / "output")


def test_titre_et_en_bref_ont_la_typographie_du_corps_sur_la_page(site_typographie):
    html = site_typographie.texte("/communiques/l-accueil-des-exiles-l-etat-condamne/")
    assert f"<h1 data-pagefind-meta=\"title\">{ATTENDU}</h1>" in html
    assert f"<title>{ATTENDU} · Tous Migrants</title>" in html
    assert f"<p>{EN_BREF_ATTENDU}</p>" in html
    assert TITRE not in html and EN_BREF not in html


def test_lieu_et_partenaires_d_une_action_ont_la_meme_typographie(site_typographie):
    html = site_typographie.texte("/actions/l-accueil-des-exiles-l-etat-condamne/")
    assert "Col de l\u2019Échelle" in html and "L\u2019Anafé" in html


def test_le_flux_atom_garde_l_apostrophe_et_l_espace_fine(site_typographie):
    flux = site_typographie.texte("/feeds/tout.atom.xml")
    assert f"<title>{ATTENDU}</title>" in flux
    assert EN_BREF_ATTENDU in flux


def test_la_lettre_par_courriel_a_la_typographie_dans_le_sujet_et_le_texte(site_typographie):
    message = BytesParser(policy=policy.default).parsebytes(
        site_typographie.octets("/lettres/l-accueil-des-exiles-l-etat-condamne/lettre.eml")
    )
    assert message["Subject"] == ATTENDU
    texte = message.get_body(("plain",)).get_content()
    assert ATTENDU in texte and EN_BREF_ATTENDU in texte


def titres_des_signets(chemin):
    """Les titres des signets d'un PDF (chaînes UTF-16 des /Title), lus dans ses flux décompressés.

    pdftotext ne peut pas servir pour les espaces : il rend U+00A0 et U+202F comme des espaces simples.
    """
    brut = chemin.read_bytes()
    flux = [brut]
    for morceau in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", brut, re.S):
        try:
            flux.append(zlib.decompress(morceau.group(1)))
        except zlib.error:
            pass
    return [
        bytes.fromhex(h.decode()).decode("utf-16-be")
        for f in flux for h in re.findall(rb"/Title <feff([0-9a-f]+)>", f)
    ]


def test_le_pdf_de_la_fiche_a_la_typographie(site_typographie):
    chemin = site_typographie.chemin("/fiches-pratiques/l-accueil-des-exiles-l-etat-condamne.pdf")
    texte = subprocess.run(["pdftotext", str(chemin), "-"], capture_output=True, text=True, check=True).stdout
    assert "L\u2019accueil des exilés" in texte and "L\u2019État doit agir" in texte
    assert ATTENDU in titres_des_signets(chemin)


# Ce qui trahit un texte imprimé sans la typographie du site : apostrophe droite entre deux lettres, espace
# simple avant : ; ! ? » ou après «.
FAUTES = re.compile(r"\w'\w| [;!?»]| :(?=\s|$)|« ")
# Dans une page en une autre langue (anglais, arabe…), seule l'apostrophe suit la règle du site : les espaces
# avant « : ; ! ? » sont une règle du français.
FAUTES_AUTRE_LANGUE = re.compile(r"\w'\w")
ATTRIBUTS_LUS = {"title", "alt", "aria-label", "placeholder"}
SANS_TYPOGRAPHIE = {"code", "pre", "script", "style", "textarea"}


class TexteImprime(HTMLParser):
    """Le texte qu'une page montre (et ses attributs lus à voix haute), sans le code."""

    VIDES = {"br", "img", "meta", "link", "input", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pile, self.textes = [], []

    def handle_starttag(self, balise, attributs):
        if balise not in self.VIDES:
            self.pile.append(balise)
        for nom, valeur in attributs:
            if valeur and (nom in ATTRIBUTS_LUS or (balise == "meta" and nom == "content" and " " in valeur)):
                self.textes.append(valeur)

    def handle_endtag(self, balise):
        while self.pile and self.pile.pop() != balise:
            pass

    def handle_data(self, texte):
        if not SANS_TYPOGRAPHIE & set(self.pile):
            self.textes.append(texte)


def test_tout_le_texte_des_pages_a_la_typographie_du_site(site):
    """Contenu, champs de l'en-tête, gabarits, libellés de pelicanconf.py et du code : une seule règle."""
    fautes = []
    for chemin in sorted(site.dossier.rglob("*.html")):
        relatif = chemin.relative_to(site.dossier).as_posix()
        if relatif.startswith("admin/"):
            continue  # l'éditeur : l'interface de Decap, pas une page du site
        lecteur = TexteImprime()
        html = chemin.read_text(encoding="utf-8")
        lecteur.feed(html)
        regle = FAUTES if re.search(r'<html lang="fr"', html) else FAUTES_AUTRE_LANGUE
        for texte in lecteur.textes:
            for faute in regle.finditer(texte):
                fautes.append(f"{relatif} : …{texte[max(0, faute.start() - 25):faute.end() + 10].strip()}…")
    assert fautes == [], f"{len(fautes)} textes sans typographie, par exemple :\n" + "\n".join(sorted(set(fautes))[:20])


def test_un_lecteur_modifie_ne_laisse_pas_de_vieilles_lectures_dans_le_cache(contenu, tmp_path, monkeypatch):
    """Le cache de contenu de Pelican ne relit que les fichiers changés : après une mise à jour du lecteur
    (sa typographie par exemple), les fichiers inchangés doivent être relus quand même."""
    from contrat import pelican_wiring, typographie

    adresse = "/communiques/11-personnes-secourues-montgenevre/"
    premier = contenu.construire(tmp_path / "un", GENERER_PDF=False)
    temoin = contenu.cache / "contrat" / "lecteur.empreinte"
    assert temoin.read_text(encoding="ascii") == pelican_wiring.CODE_DU_LECTEUR
    # Une autre version du lecteur : sa typographie écrit « POMPIERS », son empreinte a changé.
    regle = typographie.typographie_francaise
    monkeypatch.setattr(typographie, "typographie_francaise", lambda texte: regle(texte).replace("pompiers", "POMPIERS"))
    monkeypatch.setattr(pelican_wiring, "CODE_DU_LECTEUR", "autre version du lecteur")
    second = contenu.construire(tmp_path / "deux", GENERER_PDF=False)
    assert "POMPIERS" not in premier.texte(adresse) and "POMPIERS" in second.texte(adresse)
    assert temoin.read_text(encoding="ascii") == "autre version du lecteur"


def test_un_gabarit_compile_n_est_repris_que_par_un_environnement_jinja_regle_de_meme():
    # Les générateurs de Pelican partagent le code compilé des gabarits (contrat.pelican_wiring) : un
    # environnement sans la typographie des gabarits ne doit jamais recevoir celui d'un environnement qui l'a.
    from jinja2 import DictLoader, Environment

    from contrat.pelican_wiring import GabaritsCompiles, TypographieDesGabarits

    cache = GabaritsCompiles()
    gabarits = DictLoader({"page.html": "L'association : {{ x }}"})
    avec = Environment(loader=gabarits, extensions=[TypographieDesGabarits], bytecode_cache=cache)
    sans = Environment(loader=gabarits, bytecode_cache=cache)
    assert avec.get_template("page.html").render(x=1) == "L’association\u00a0: 1"
    assert sans.get_template("page.html").render(x=1) == "L'association : 1"
    meme = Environment(loader=gabarits, extensions=[TypographieDesGabarits], bytecode_cache=cache)
    assert meme.get_template("page.html").render(x=1) == "L’association\u00a0: 1"
    assert len(cache.codes) == 2  # compilé une fois par réglage, repris par le troisième


def test_les_gabarits_compiles_sont_repris_au_build_suivant_sauf_source_ou_code_change(tmp_path, monkeypatch):
    from jinja2 import DictLoader, Environment

    from contrat.pelican_wiring import GabaritsCompiles, TypographieDesGabarits

    fichier = str(tmp_path / "gabarits.pickle")

    def environnement(cache, texte):
        return Environment(loader=DictLoader({"page.html": texte}), extensions=[TypographieDesGabarits],
                           bytecode_cache=cache)

    premier = GabaritsCompiles()
    premier.charger(fichier)
    assert environnement(premier, "L'accueil").get_template("page.html").render() == "L’accueil"
    premier.enregistrer()
    compilations = []
    compiler = Environment.compile
    monkeypatch.setattr(Environment, "compile", lambda self, *a, **k: compilations.append(a) or compiler(self, *a, **k))
    second = GabaritsCompiles()
    second.charger(fichier)
    assert environnement(second, "L'accueil").get_template("page.html").render() == "L’accueil"
    assert compilations == []  # repris du fichier, sans compiler
    assert environnement(second, "L'agenda").get_template("page.html").render() == "L’agenda"
    assert len(compilations) == 1  # une source modifiée se recompile
    monkeypatch.setattr(GabaritsCompiles, "VERSION", "un autre code de la typographie")
    troisieme = GabaritsCompiles()
    troisieme.charger(fichier)
    assert troisieme.codes == {}
