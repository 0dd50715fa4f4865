"""Les adresses de l'ancien site (tousmigrants.weebly.com), citées par la presse et les réseaux, mènent
à la bonne page du nouveau : à chaque ancienne adresse déclarée (`anciennes_urls`), une petite page
qui redirige tout de suite, hors du plan du site et de la recherche."""

import datetime
import gzip
import re
import shutil
from html.parser import HTMLParser

import pytest

import contrat
from outils import construction
from conftest import ecrire_document
from contrat.typographie import typographie_francaise
from redirections.anciennes_adresses import Redirection, fichier_de, redirections

EN_LIGNE = "https://tousmigrants.org"
ACTION = dict(title='"Une action déménagée"', date="2020-05-04", pole="plaidoyer", nature="appel")


class _Balises(HTMLParser):
    """Les balises d'une page de redirection : <html>, <meta>, <link>, <a> et leur texte."""

    def __init__(self, texte):
        super().__init__(convert_charrefs=True)
        self.balises, self.liens, self._lien = [], [], None
        self.feed(texte)

    def handle_starttag(self, tag, attrs):
        attributs = dict(attrs)
        self.balises.append((tag, attributs))
        if tag == "a":
            self._lien = [attributs.get("href"), ""]

    def handle_data(self, data):
        if self._lien:
            self._lien[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._lien:
            self.liens.append(tuple(self._lien))
            self._lien = None

    def attribut(self, tag, cle, valeur, voulu):
        return next(a.get(voulu) for t, a in self.balises if t == tag and a.get(cle) == valeur)


def redirection_de(site, ancienne):
    """Ce que dit la page écrite à l'ancienne adresse : où elle emmène, son lien canonique, son lien visible."""
    page = _Balises(site.texte(fichier_de(ancienne)))
    rafraichir = page.attribut("meta", "http-equiv", "refresh", "content")
    delai, url = re.fullmatch(r"(\d+); url=(.+)", rafraichir).groups()
    return {
        "delai": int(delai),
        "cible": url,
        "canonique": page.attribut("link", "rel", "canonical", "href"),
        "robots": page.attribut("meta", "name", "robots", "content"),
        "langue": next(a for t, a in page.balises if t == "html").get("lang"),
        "liens": page.liens,
    }


def anciennes_adresses_declarees():
    """(ancienne adresse, adresse de la page, titre) de tout le vrai contenu publié, lu par le contrat."""
    documents, problemes = contrat.valider(construction.reglages())
    assert problemes == []
    return [(ancienne, d.adresse, typographie_francaise(d.meta["title"])) for d in documents if not d.brouillon
            for ancienne in d.meta.get("anciennes_urls", ())]


# --- Le calcul, sans Pelican ----------------------------------------------------------------------


@pytest.mark.parametrize("ancienne, fichier", [
    ("/sinformer/pour-le-droit-de-manifester", "sinformer/pour-le-droit-de-manifester/index.html"),
    ("/sinformer/pour-le-droit-de-manifester/", "sinformer/pour-le-droit-de-manifester/index.html"),
    ("/communiqueacute-caffim-du-41219.html", "communiqueacute-caffim-du-41219.html"),
    ("/archives/vieille-page.htm", "archives/vieille-page.htm"),
    ("/uploads/lettre_pr%C3%A9sident", "uploads/lettre_président/index.html"),
])
def test_une_ancienne_adresse_donne_le_fichier_que_le_serveur_cherchera(ancienne, fichier):
    assert fichier_de(ancienne) == fichier


def test_chaque_ancienne_adresse_de_chaque_document_donne_une_redirection():
    records = [
        contrat.records.Record(type="communique", slug="b", title="B", date=datetime.date(2020, 1, 2), url="communiques/b/",
                               anciennes_urls=("/sinformer/b", "/b.html")),
        contrat.records.Record(type="action", slug="a", title="A", date=datetime.date(2020, 1, 1), url="actions/a/"),
    ]
    assert redirections(records) == [
        Redirection("b.html", "communiques/b/", "B", "/b.html"),
        Redirection("sinformer/b/index.html", "communiques/b/", "B", "/sinformer/b"),
    ]
    assert [r.adresse for r in redirections(records)] == ["b.html", "sinformer/b/"]


# --- Le vrai site ------------------------------------------------------------------------------------


def test_chaque_ancienne_adresse_du_contenu_mene_a_sa_page(site):
    declarees = anciennes_adresses_declarees()
    assert len(declarees) >= 3
    for ancienne, adresse, titre in declarees:
        redirection = redirection_de(site, ancienne)
        assert redirection["delai"] == 0, ancienne
        assert redirection["cible"] == f"/{adresse}", ancienne
        assert redirection["canonique"] == f"{EN_LIGNE}/{adresse}", ancienne
        assert redirection["liens"] == [(f"/{adresse}", titre)], ancienne
        assert redirection["robots"] == "noindex"
        assert redirection["langue"] == "fr"
        assert site.existe(f"/{adresse}")


def test_les_redirections_restent_hors_du_plan_du_site_et_de_la_recherche(site):
    declarees = anciennes_adresses_declarees()
    plan = site.texte("/sitemap.xml")
    indexees = {
        re.match(rb'pagefind_dcd\{"url":"([^"]+)"', gzip.decompress(f.read_bytes())).group(1).decode()
        for f in (site.dossier / "pagefind" / "fragment").glob("*.pf_fragment")
    }
    assert indexees, "la recherche a bien indexé le site"
    for ancienne, adresse, _ in declarees:
        publique = fichier_de(ancienne).removesuffix("index.html")
        assert f"/{publique}<" not in plan, ancienne
        assert f"/{adresse}</loc>" in plan
        assert f"/{publique}" not in indexees, ancienne
        assert "data-pagefind-body" not in site.texte(fichier_de(ancienne))


def test_un_navigateur_qui_suit_l_ancienne_adresse_arrive_sur_la_page(navigateur, url_site):
    onglet = navigateur.new_page()
    try:
        for ancienne, adresse, titre in anciennes_adresses_declarees():
            # Sans barre finale, comme dans les articles de presse : le serveur ajoute la barre, la page redirige.
            onglet.goto(url_site + ancienne.rstrip("/"))
            onglet.wait_for_url(f"{url_site}/{adresse}")
            assert onglet.locator("h1").inner_text() == titre
    finally:
        onglet.close()


# --- Le contenu : écrire, refuser -----------------------------------------------------------------------


def test_une_action_qui_declare_ses_anciennes_adresses_les_fait_rediriger(contenu, tmp_path):
    # Sans les autres actions ni les fiches (ni ce qui les nomme : publications, traductions), pas de rapport
    # ni de fiche en PDF à rendre : le build reste court.
    for dossier in ("actions", "fiches-pratiques", "publications", "traductions"):
        shutil.rmtree(contenu.dossier / dossier)
    ecrire_document(contenu, "actions/demenagee.md", **ACTION,
                    anciennes_urls="[/sinformer/action-demenagee, /action-demenagee.html]")
    ecrire_document(contenu, "actions/brouillon.md", **{**ACTION, "title": '"Un brouillon"', "status": "draft"},
                    anciennes_urls="[/sinformer/brouillon]")
    site = contenu.construire(tmp_path / "output")
    for ancienne in ("/sinformer/action-demenagee", "/action-demenagee.html"):
        assert redirection_de(site, ancienne)["cible"] == "/actions/une-action-demenagee/"
    assert not site.existe("/sinformer/brouillon/")


def test_une_ancienne_adresse_reclamee_par_deux_documents_est_refusee(contenu, tmp_path):
    ecrire_document(contenu, "actions/une.md", **ACTION, anciennes_urls="[/sinformer/la-meme]")
    ecrire_document(contenu, "actions/deux.md", **{**ACTION, "title": '"Une autre action"'},
                    anciennes_urls="[/sinformer/la-meme/]")
    with pytest.raises(construction.BuildRefuse) as refus:
        contenu.construire(tmp_path / "output")
    assert (
        "content/actions/une.md, ligne 6, champ « anciennes_urls » :\n"
        "    l'ancienne adresse /sinformer/la-meme est déjà redirigée par content/actions/deux.md"
    ) in str(refus.value)
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("ancienne", ["/communiques/mineurs-a-la-rue", "/association/", "/chronologie/2020"])
def test_une_ancienne_adresse_qui_tombe_sur_une_vraie_page_est_refusee(contenu, tmp_path, ancienne):
    ecrire_document(contenu, "actions/une.md", **ACTION, anciennes_urls=f"[{ancienne}]")
    with pytest.raises(construction.BuildRefuse) as refus:
        contenu.construire(tmp_path / "output")
    assert (
        "content/actions/une.md, ligne 6, champ « anciennes_urls » :\n"
        f"    l'ancienne adresse {ancienne} tombe sur une page du nouveau site"
    ) in str(refus.value)
