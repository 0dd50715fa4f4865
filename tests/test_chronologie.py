"""La chronologie construite : la page, ses pages filtrées et ses exports (JSON TimelineJS, CSV, iCalendar,
Atom) tiennent les mêmes entrées, une pour une, dans le même ordre ; lus avec de vrais lecteurs."""

import csv
import datetime
import html
import io
import json
import re
import shutil
from html.parser import HTMLParser

import feedparser
import icalendar
import pytest

import contrat
from contrat import dates
from outils import construction
from conftest import AUJOURDHUI, RACINE, Contenu, ecrire_document
from contrat.typographie import typographie_francaise

SITE = "https://tousmigrants.org"
SANS_PDF = [p for p in construction.reglages()["PLUGINS"] if p not in ("fiches", "rapports")]


class PageChronologie(HTMLParser):
    """Lit une page de chronologie comme un lecteur : titres dans l'ordre, et chaque entrée avec son
    ancre, sa date, son lien et son texte."""

    def __init__(self, texte):
        super().__init__(convert_charrefs=True)
        self.titres = []  # (niveau, texte)
        self.entrees = []  # dicts : id, date, href, titre, texte
        self.liens = []  # tous les href de la page
        self.meta = {}
        self.canonique = None
        self.dans_corps = False
        self._pile = []
        self._titre = None
        self.feed(texte)

    def handle_starttag(self, balise, attributs):
        a = dict(attributs)
        if balise == "a" and "href" in a:
            self.liens.append(a["href"])
        if balise == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        if balise == "link" and a.get("rel") == "canonical":
            self.canonique = a["href"]
        if "data-pagefind-body" in a:
            self.dans_corps = True
        if balise == "article" and "entree" in a.get("class", ""):
            self.entrees.append({"id": a.get("id"), "texte": "", "corps": self.dans_corps, "dates": []})
        if self.entrees and balise == "time":
            self.entrees[-1]["dates"].append(a["datetime"])
        if re.fullmatch(r"h[1-6]", balise):
            self._titre = [int(balise[1]), ""]
        if balise == "a" and self._titre and self._titre[0] == 4:
            self.entrees[-1]["href"] = a["href"]
        if balise not in ("meta", "link", "br", "img", "input"):
            self._pile.append(balise)

    def handle_endtag(self, balise):
        if self._titre and balise == f"h{self._titre[0]}":
            self.titres.append(tuple(self._titre))
            if self._titre[0] == 4:
                self.entrees[-1]["titre"] = self._titre[1]
            self._titre = None
        while self._pile and self._pile.pop() != balise:
            pass

    def handle_data(self, texte):
        if self._titre:
            self._titre[1] += texte
        if self.entrees and "article" in self._pile:
            self.entrees[-1]["texte"] += texte

    def ids(self):
        return [e["id"] for e in self.entrees]


def chronologie(site, adresse="/chronologie/"):
    return PageChronologie(site.texte(adresse))


def attendus(dossier_contenu, jour):
    """Ce qui doit être dans la chronologie, d'après les fichiers eux-mêmes (pas d'après le plugin)."""
    reglages = construction.reglages(PATH=str(dossier_contenu))
    documents, problemes = contrat.valider(reglages)
    assert not problemes
    return {
        f"{d.type}-{d.slug}" for d in documents
        if d.type in ("action", "communique", "lettre") and not d.brouillon and d.meta["date"] <= jour
    }


def date_timeline(date):
    """Une date de TimelineJS écrite comme <time datetime> : « 2020-01-13 », « 2018-12 » ou « 2018 »."""
    return "-".join(f"{date[cle]:02d}" for cle in ("year", "month", "day") if cle in date)


def exports(site):
    """Les identifiants, dans l'ordre, de chaque export, chacun lu par un vrai lecteur."""
    timeline = json.loads(site.octets("/chronologie.json").decode("utf-8"))
    lignes = list(csv.DictReader(io.StringIO(site.octets("/chronologie.csv").decode("utf-8"))))
    cal = icalendar.Calendar.from_ical(site.octets("/chronologie.ics"))
    flux = feedparser.parse(site.octets("/feeds/chronologie.atom.xml"))
    return timeline, lignes, cal.walk("VEVENT"), flux


def depuis_iso(valeur):
    """« 2020 », « 2020-12 » ou « 2020-12-30 » (l'attribut datetime) : la date et sa précision."""
    morceaux = [int(m) for m in valeur.split("-")] + [1, 1]
    precision = {1: dates.ANNEE, 2: dates.MOIS}.get(valeur.count("-") + 1, dates.JOUR)
    return datetime.date(*morceaux[:3]), precision


# --- Sur le vrai contenu ------------------------------------------------------------------------------


def test_chaque_fait_publie_et_passe_y_est_une_fois_le_plus_recent_d_abord(site):
    page = chronologie(site)
    assert set(page.ids()) == attendus(RACINE / "content", datetime.date.fromisoformat(AUJOURDHUI))
    assert len(page.ids()) == len(set(page.ids()))
    debuts = [e["dates"][0] for e in page.entrees]
    # Du plus récent au plus ancien ; ce qui n'est connu qu'au mois ou à l'année vient en tête de son groupe.
    assert {len(d) for d in debuts} == {4, 7, 10}, "le vrai contenu a des dates au jour, au mois et à l'année près"
    assert debuts == sorted(debuts, key=lambda d: dates.cle_de_tri_recente(*depuis_iso(d)))
    assert all(e["corps"] for e in page.entrees), "la liste est indexée par la recherche (data-pagefind-body)"


def test_les_titres_se_suivent_annee_puis_mois_puis_entree(site):
    page = chronologie(site)
    niveaux = [n for n, _ in page.titres]
    assert niveaux[0] == 1 and niveaux.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(niveaux, niveaux[1:])), "aucun niveau de titre sauté"
    annees = [t for n, t in page.titres if n == 2]
    assert annees == sorted(annees, reverse=True) and all(t.isdigit() for t in annees)
    assert "Janvier 2020" in [t for n, t in page.titres if n == 3]
    assert page.meta["description"].startswith("Chronologie de Tous Migrants")


def test_chaque_entree_montre_sa_date_en_francais_son_genre_et_ses_chiffres(site):
    par_id = {e["id"]: e for e in chronologie(site).entrees}
    communique = par_id["communique-11-personnes-secourues-montgenevre"]
    assert communique["dates"] == ["2020-01-13"]
    assert "13 janvier 2020 · Communiqué" in communique["texte"]
    assert communique["href"] == "/communiques/11-personnes-secourues-montgenevre/"
    periodes = [e for e in par_id.values() if " au " in e["texte"].split("·")[0]]
    assert periodes, "une action sur plusieurs jours montre sa période"
    assert any(re.search(r"\d+ personnes secourues", e["texte"]) for e in par_id.values())


def test_chaque_export_tient_les_memes_entrees_que_la_page_dans_le_meme_ordre(site):
    page = chronologie(site)
    ids = page.ids()
    timeline, lignes, evenements, flux = exports(site)
    assert [ev["unique_id"] for ev in timeline["events"]] == ids
    assert [ligne["url"] for ligne in lignes] == [SITE + e["href"] for e in page.entrees]
    # Le calendrier ne tient que les entrées datées au jour près (<time datetime="AAAA-MM-JJ">).
    au_jour = [e for e in page.entrees if len(e["dates"][0]) == 10]
    assert [str(ev["UID"]) for ev in evenements] == [f"{e['id']}@tousmigrants.org" for e in au_jour]
    n = min(len(ids), 30)
    assert [entree.id.rsplit("/", 1)[1] for entree in flux.entries] == ids[:n], "le flux : les N dernières"
    # Les dates aussi, entrée par entrée.
    assert [date_timeline(ev["start_date"]) for ev in timeline["events"]] == [e["dates"][0] for e in page.entrees]
    assert [ligne["date"] for ligne in lignes] == [e["dates"][0] for e in page.entrees]
    assert [ev.start.isoformat() for ev in evenements] == [e["dates"][0] for e in au_jour]
    assert all(ev.end > ev.start for ev in evenements)
    assert not flux.bozo


def test_les_exports_sont_lies_depuis_la_page(site):
    liens = chronologie(site).liens
    for export in ("/chronologie.json", "/chronologie.csv", "/chronologie.ics", "/feeds/chronologie.atom.xml"):
        assert export in liens
        assert site.existe(export)


def test_les_pages_filtrees_par_annee_et_par_pole_marchent_sans_javascript(site):
    page = chronologie(site)
    filtres = [lien for lien in page.liens if re.fullmatch(r"/chronologie/[a-z0-9-]+/", lien)]
    assert "/chronologie/2020/" in filtres and "/chronologie/communiques/" in filtres
    assert "/chronologie/juridique/" in filtres
    par_annee, par_type = [], []
    for lien in filtres:
        sous_page = chronologie(site, lien)
        assert sous_page.ids(), f"{lien} est vide"
        attendu = [i for i in page.ids() if i in set(sous_page.ids())]
        assert sous_page.ids() == attendu, f"{lien} garde l'ordre de la chronologie"
        (par_annee if lien[13:-1].isdigit() else par_type).append(sous_page.ids())
        if lien[13:-1].isdigit():
            assert all(e["dates"][0].startswith(lien[13:17]) for e in sous_page.entrees)
    # Chaque entrée est dans exactement une année et exactement un pôle (ou communiqués, lettres).
    assert sorted(i for ids in par_annee for i in ids) == sorted(page.ids())
    assert sorted(i for ids in par_type for i in ids) == sorted(page.ids())
    assert "<script" not in site.texte("/chronologie/")


def test_chaque_document_renvoie_a_son_ancre_dans_la_chronologie(site):
    for entree in chronologie(site).entrees:
        assert f'href="/chronologie/#{entree["id"]}"' in site.texte(entree["href"])
    fiche = site.texte("/fiches-pratiques/garde-a-vue/")
    assert "/chronologie/#" not in fiche, "une fiche pratique n'est pas dans la chronologie"


def test_les_suites_d_actions_sont_montrees_dans_les_deux_sens(site):
    page = chronologie(site)
    ids = set(page.ids())
    suites = [e for e in page.entrees if "Suite de\u00a0:" in e["texte"]]
    assert suites, "le vrai contenu a des actions qui en suivent d'autres"
    texte = site.texte("/chronologie/")
    for e in suites:
        bloc = texte[texte.index(f'id="{e["id"]}"'):].split("</article>", 1)[0]
        (cible,) = re.findall(r'Suite de\u00a0: <a href="#([^"]+)"', bloc)
        assert cible in ids
        retour = texte[texte.index(f'id="{cible}"'):].split("</article>", 1)[0]
        assert "Suites\u00a0: " in retour and f'href="#{e["id"]}"' in retour


def test_la_page_reste_legere(site):
    n = len(chronologie(site).ids())
    # Moins de 60 Ko pour 80 entrées, et pas plus par entrée quand il y en a davantage.
    assert len(site.octets("/chronologie/")) < 60_000 * max(1, n / 80)


# --- Un document de plus, un brouillon, des caractères difficiles ---------------------------------------

TITRE_PIEGE = 'Loi « asile & immigration » : <b>non</b> aux "refoulements" d\'État'
RESUME_PIEGE = "Une balise <script>alert(1)</script>, un & seul, des « guillemets » et des \"droits\" ; l'été à Briançon."
# Tels que le site les imprime : la typographie du site (apostrophe, guillemets, espaces insécables) et rien d'autre.
TITRE_IMPRIME = typographie_francaise(TITRE_PIEGE)
RESUME_IMPRIME = typographie_francaise(RESUME_PIEGE)


@pytest.fixture(scope="module")
def enrichi(tmp_path_factory):
    """Le vrai contenu, plus : un communiqué aux caractères difficiles, une action qui partage son slug,
    deux actions qui se suivent, un brouillon et une action annoncée pour plus tard."""
    dossier = tmp_path_factory.mktemp("chronologie")
    contenu = Contenu(dossier / "content", dossier / "cache")
    shutil.copytree(RACINE / "content", contenu.dossier)
    yaml_titre = "'" + TITRE_PIEGE.replace("'", "''") + "'"
    yaml_resume = "'" + RESUME_PIEGE.replace("'", "''") + "'"
    ecrire_document(contenu, "communiques/2020-05-04-piege.md", title=yaml_titre, date="2020-05-04", slug="piege",
                    summary=yaml_resume, partenaires="['Anafé & Cie']")
    ecrire_document(contenu, "actions/2020-05-04-piege.md", title='"Une action au même slug"', date="2020-05-04",
                    slug="piege", pole="juridique", nature="recours", lieu='"Gap"')
    ecrire_document(contenu, "actions/2019-06-01-premier-proces.md", title='"Premier procès"', date="2019-06-01",
                    slug="premier-proces", pole="juridique", nature="proces")
    ecrire_document(contenu, "actions/2019-09-01-jugement.md", title='"Le jugement"', date="2019-09-01",
                    slug="le-jugement", pole="juridique", nature="decision", suite_de="premier-proces")
    ecrire_document(contenu, "communiques/2020-05-05-brouillon.md", title='"Brouillon secret"', date="2020-05-05",
                    slug="brouillon-secret", summary='"Pas encore."', status="draft")
    ecrire_document(contenu, "actions/2026-12-05-annoncee.md", title='"Rassemblement annoncé"', date="2026-12-05",
                    slug="rassemblement-annonce", pole="plaidoyer", nature="manifestation")
    # Construit comme le site publié (adresses absolues, adresse canonique), sans les PDF des fiches et des
    # rapports, qui n'ont rien à voir ici et font l'essentiel du temps d'un build.
    return contenu.construire(dossier / "output", SITEURL=SITE, PLUGINS=SANS_PDF, GENERER_PDF=False)


AJOUTS = {"communique-piege", "action-piege", "action-premier-proces", "action-le-jugement"}


def test_un_document_ajoute_donne_une_entree_partout_un_brouillon_et_une_annonce_aucune(site, enrichi):
    avant, apres = chronologie(site).ids(), chronologie(enrichi).ids()
    assert set(apres) - set(avant) == AJOUTS and set(avant) < set(apres)
    assert len(apres) == len(avant) + len(AJOUTS)
    assert [i for i in apres if i in set(avant)] == avant, "les autres entrées gardent leur ancre et leur ordre"
    timeline, lignes, evenements, flux = exports(enrichi)
    assert [ev["unique_id"] for ev in timeline["events"]] == apres
    assert len(lignes) == len(apres)
    # Le calendrier ne garde que ce qui est connu au jour près ; le vrai contenu a aussi des mois et des années.
    assert len(evenements) == sum(ligne["precision"] == "jour" for ligne in lignes) < len(apres)
    au_jour = [e["id"] for e in chronologie(enrichi).entrees if len(e["dates"][0]) == 10]
    assert [str(ev["UID"]).split("@")[0] for ev in evenements] == au_jour and set(AJOUTS) <= set(au_jour)
    assert [e.id.rsplit("/", 1)[1] for e in flux.entries] == apres[: len(flux.entries)]
    for adresse in ("/chronologie/", "/chronologie.json", "/chronologie.csv", "/chronologie.ics", "/feeds/chronologie.atom.xml"):
        texte = enrichi.octets(adresse).decode("utf-8")
        assert "brouillon-secret" not in texte and "Brouillon secret" not in texte
        assert "rassemblement-annonce" not in texte, "une action à venir n'est pas encore de l'histoire"
    assert not enrichi.existe("/communiques/brouillon-secret/")


def test_une_action_suivie_montre_sa_suite_et_la_suite_montre_ce_qu_elle_suit(enrichi):
    texte = enrichi.texte("/chronologie/")
    jugement = texte[texte.index('id="action-le-jugement"'):].split("</article>", 1)[0]
    proces = texte[texte.index('id="action-premier-proces"'):].split("</article>", 1)[0]
    assert 'Suite de\u00a0: <a href="#action-premier-proces">Premier procès</a> (1er juin 2019)' in jugement
    assert 'Suites\u00a0: <a href="#action-le-jugement">Le jugement</a> (1er septembre 2019)' in proces
    # Sur la page du pôle, le lien mène à la chronologie entière (l'autre entrée peut être ailleurs).
    assert f'href="{SITE}/chronologie/#action-premier-proces"' in enrichi.texte("/chronologie/juridique/")


def test_le_site_publie_a_des_adresses_canoniques_et_absolues(enrichi):
    for adresse in ("/chronologie/", "/chronologie/2020/", "/chronologie/juridique/"):
        assert chronologie(enrichi, adresse).canonique == SITE + adresse
    page = chronologie(enrichi)
    assert all(e["href"].startswith(f"{SITE}/") for e in page.entrees)


def test_les_caracteres_difficiles_sortent_justes_partout(enrichi):
    par_id = {e["id"]: e for e in chronologie(enrichi).entrees}
    piege = par_id["communique-piege"]
    assert piege["titre"] == TITRE_IMPRIME
    assert RESUME_IMPRIME in piege["texte"] and "Anafé & Cie" in piege["texte"]
    assert "<script>alert" not in enrichi.texte("/chronologie/")

    timeline, lignes, evenements, flux = exports(enrichi)
    (evenement,) = [ev for ev in timeline["events"] if ev["unique_id"] == "communique-piege"]
    # TimelineJS affiche le titre et le texte comme du HTML : ils doivent y être échappés.
    assert html.unescape(evenement["text"]["headline"]) == TITRE_IMPRIME
    assert "<b>" not in evenement["text"]["headline"] and "<script>" not in evenement["text"]["text"]
    assert RESUME_IMPRIME in html.unescape(evenement["text"]["text"])

    (ligne,) = [ligne for ligne in lignes if ligne["url"] == f"{SITE}/communiques/piege/"]
    assert ligne["titre"] == TITRE_IMPRIME and ligne["partenaires"] == "Anafé & Cie" and ligne["type"] == "communiqué"

    (ev,) = [ev for ev in evenements if str(ev["UID"]) == "communique-piege@tousmigrants.org"]
    assert str(ev["SUMMARY"]) == TITRE_IMPRIME
    assert RESUME_IMPRIME in str(ev["DESCRIPTION"])



def test_le_flux_atom_garde_les_caracteres_difficiles(tmp_path):
    """Le communiqué piégé seul, pour qu'il soit dans le flux (qui ne garde que les dernières entrées)."""
    contenu = Contenu(tmp_path / "content", tmp_path / "cache")
    (contenu.dossier / "communiques").mkdir(parents=True)
    ecrire_document(contenu, "communiques/2020-05-04-piege.md", title="'" + TITRE_PIEGE.replace("'", "''") + "'",
                    date="2020-05-04", slug="piege", summary="'" + RESUME_PIEGE.replace("'", "''") + "'")
    site = contenu.construire(tmp_path / "output", PLUGINS=SANS_PDF, GENERER_PDF=False)
    (entree,) = feedparser.parse(site.octets("/feeds/chronologie.atom.xml")).entries
    assert entree.title == TITRE_IMPRIME
    assert entree.link == f"{SITE}/communiques/piege/"
    # Le résumé du flux est du texte (type="text"), comme dans tous les flux du site : on y lit le texte exact.
    assert entree.summary_detail.type == "text/plain"
    assert RESUME_IMPRIME in entree.summary


def test_une_suite_qui_ne_designe_aucune_action_arrete_le_build(tmp_path):
    contenu = Contenu(tmp_path / "content", tmp_path / "cache")
    shutil.copytree(RACINE / "content", contenu.dossier)
    ecrire_document(contenu, "actions/2020-06-01-orpheline.md", title='"Une suite orpheline"', date="2020-06-01",
                    pole="juridique", nature="decision", suite_de="proces-qui-n-existe-pas")
    with pytest.raises(construction.BuildRefuse) as refus:
        contenu.construire(tmp_path / "output")
    message = str(refus.value)
    assert "content/actions/2020-06-01-orpheline.md" in message
    assert "champ « suite_de » :\n    « proces-qui-n-existe-pas » ne désigne aucune action publiée" in message
