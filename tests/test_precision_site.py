"""Le site construit, sur une copie du contenu à laquelle on ajoute quelques documents : une date connue au
mois ou à l'année s'écrit ainsi partout (page, chronologie, rapport, exports, courriel) et n'entre dans
aucun calendrier ; un texte reconstitué le dit ; une fiche sans relecteur dit que sa relecture est en
attente ; les mentions légales montrent ce qui manque. Un seul build, lu par de vrais lecteurs."""

import csv
import io
import json
import shutil
import subprocess
from email import policy
from email.parser import BytesParser

import feedparser
import icalendar
import pytest
import tinyhtml5

from outils import construction
from conftest import RACINE, Contenu, amorcer_cache, ecrire_document
from contrat.typographie import typographie_francaise

SANS_PDF_NI_RAPPORT = ["contrat", "chronologie", "agenda", "mentions_legales"]

# Des années que le vrai contenu n'a pas : tout ce qui y est daté vient de ces documents.
EN_MARS = dict(title='"Une action de mars 2013"', date="2013-03-01", precision="mois", slug="action-de-mars",
               pole="plaidoyer", nature="appel", summary='"Connue au mois près."')
LE_15 = dict(title='"Une action du 15 mars 2013"', date="2013-03-15", slug="action-du-15-mars",
             pole="plaidoyer", nature="appel")
EN_2012 = dict(title='"Une action de 2012"', date="2012-01-01", precision="annee", slug="action-de-2012",
               pole="sensibilisation", nature="evenement")
ANNONCE = dict(title='"Une rencontre en mars 2027"', date="2027-03-01", precision="mois", slug="rencontre-mars-2027",
               pole="sensibilisation", nature="rencontre")
COMMUNIQUE = dict(title='"Un communiqué reconstitué"', date="2013-04-01", precision="mois", origine="reconstitue",
                  slug="communique-reconstitue", summary='"Récrit d\'après le rapport."')
ORIGINAL = dict(title='"Un communiqué original"', date="2013-05-02", slug="communique-original",
                summary='"Le texte publié à l\'époque."')
LETTRE = dict(title='"Lettre de mars 2013"', date="2013-03-01", precision="mois", origine="reconstitue",
              slug="lettre-mars-2013", summary='"La lettre du mois."')
FICHE = dict(title='"Une fiche en attente"', date="2026-11-01", modified="2026-11-01", slug="fiche-en-attente",
             summary='"Pas encore relue."', public="[maraudeurs]", theme="solidarite", origine="reconstitue")
FICHE_RELUE = dict(title='"Une fiche relue"', date="2026-11-01", modified="2026-11-01", slug="fiche-relue",
                   summary='"Relue."', public="[maraudeurs]", theme="solidarite",
                   verifiee_par='"pôle action juridique"', verifiee_le="2026-11-20")
# Le réglage TEXTE_RECONSTITUE, imprimé avec la typographie du site (apostrophes courbes).
NOTE = typographie_francaise("Texte reconstitué d'après le rapport d'activité 2020")


def arbre(html):
    return tinyhtml5.parse(html, namespace_html_elements=False)


def texte(element):
    # Chaque morceau de texte séparé des autres : « Relue par » (dt) et « pôle… » (dd) ne se collent pas.
    return " ".join(" ".join(element.itertext()).split())


def texte_pdf(chemin):
    return " ".join(subprocess.run(["pdftotext", str(chemin), "-"], capture_output=True, text=True, check=True).stdout.split())


def dates_de(html, titre):
    """(datetime, texte) du <time> de l'entrée (article ou li, la plus intérieure) qui porte le lien vers `titre`."""
    entrees = [e for e in arbre(html).iter() if e.tag in ("article", "li") and any(texte(a) == titre for a in e.iter("a"))]
    assert entrees, f"« {titre} » introuvable"
    time = next(entrees[-1].iter("time"))  # l'ordre du document : la dernière trouvée est la plus intérieure
    return time.get("datetime"), texte(time)


@pytest.fixture(scope="module")
def site(tmp_path_factory, cache_session):
    racine = tmp_path_factory.mktemp("precision")
    contenu = Contenu(racine / "content", amorcer_cache(cache_session, racine / "cache"))
    shutil.copytree(RACINE / "content", contenu.dossier)
    for relatif, champs in (("actions/2013-03-01-mars.md", EN_MARS), ("actions/2013-03-15-le-15.md", LE_15),
                            ("actions/2012-01-01-annee.md", EN_2012), ("actions/2027-03-01-annonce.md", ANNONCE),
                            ("communiques/2013-04-01-reconstitue.md", COMMUNIQUE),
                            ("communiques/2013-05-02-original.md", ORIGINAL),
                            ("lettres/2013-03-01-lettre.md", LETTRE),
                            ("fiches-pratiques/2026-11-01-en-attente.md", FICHE),
                            ("fiches-pratiques/2026-11-01-relue.md", FICHE_RELUE)):
        ecrire_document(contenu, relatif, **champs)
    return contenu.construire(racine / "output")


# --- Une date connue au mois ou à l'année -------------------------------------------------------------


def test_la_page_d_une_action_de_mars_2013_dit_mars_2013(site):
    entete = next(p for p in arbre(site.texte("/actions/action-de-mars/")).iter("p") if p.get("class") == "date")
    (time,) = entete.iter("time")
    assert (time.get("datetime"), texte(time)) == ("2013-03", "mars 2013")
    assert "1er mars 2013" not in site.texte("/actions/action-de-mars/")
    # Dans la liste des actions (paginée, du plus récent au plus ancien : vers la fin).
    pages = sorted(site.dossier.glob("actions/page/*/index.html"), key=lambda p: int(p.parent.name))
    liste = next(p.read_text(encoding="utf-8") for p in pages if "Une action de mars 2013" in p.read_text(encoding="utf-8"))
    assert dates_de(liste, "Une action de mars 2013") == ("2013-03", "mars 2013")
    # Comme dans la chronologie : en tête de son mois, avant le 15 mars (la liste va du plus récent au plus ancien).
    toutes = "".join(p.read_text(encoding="utf-8") for p in [site.chemin("/actions/"), *pages])
    assert toutes.index("Une action de mars 2013") < toutes.index("Une action du 15 mars 2013")
    (time,) = next(p for p in arbre(site.texte("/actions/action-de-2012/")).iter("p") if p.get("class") == "date").iter("time")
    assert (time.get("datetime"), texte(time)) == ("2012", "2012")


def test_la_chronologie_ecrit_mars_2013_et_le_met_en_tete_de_son_mois(site):
    html = site.texte("/chronologie/")
    assert dates_de(html, "Une action de mars 2013") == ("2013-03", "mars 2013")
    assert dates_de(html, "Une action de 2012") == ("2012", "2012")
    # Sous « Mars 2013 » : ce qui n'est connu qu'au mois d'abord (la lettre et l'action, dans l'ordre d'un
    # même jour : par type puis slug à rebours), puis le 15 mars ; avril avant mars, le plus récent d'abord.
    ordre = [a.get("id") for a in arbre(site.texte("/chronologie/2013/")).iter("article")]
    assert ordre == ["communique-communique-original", "communique-communique-reconstitue", "lettre-lettre-mars-2013",
                     "action-action-de-mars",
                     "action-action-du-15-mars"]
    titres = [texte(h) for h in arbre(site.texte("/chronologie/2012/")).iter("h3")]
    assert titres == ["Dans l’année, sans mois précis"]
    assert "Le calendrier (.ics) ne tient que les entrées datées au jour près" in texte(arbre(html))


def test_le_rapport_de_2013_ecrit_mars_2013(site):
    html = site.texte("/rapports/2013/")
    assert dates_de(html, "Une action de mars 2013") == ("2013-03", "mars 2013")
    assert dates_de(html, "Lettre de mars 2013") == ("2013-03", "mars 2013")
    assert dates_de(html, "Un communiqué reconstitué") == ("2013-04", "avril 2013")
    assert "1er mars 2013" not in html
    pdf = texte_pdf(site.chemin("/rapports/2013/rapport-activite-2013.pdf"))
    assert "mars 2013" in pdf and "1er mars 2013" not in pdf


def test_les_exports_gardent_la_precision_et_les_calendriers_n_en_gardent_que_le_jour(site):
    lignes = {l["url"].rsplit("/", 2)[1]: l for l in csv.DictReader(io.StringIO(site.octets("/chronologie.csv").decode()))}
    assert (lignes["action-de-mars"]["date"], lignes["action-de-mars"]["precision"]) == ("2013-03", "mois")
    assert (lignes["action-de-2012"]["date"], lignes["action-de-2012"]["precision"]) == ("2012", "annee")
    assert (lignes["action-du-15-mars"]["date"], lignes["action-du-15-mars"]["precision"]) == ("2013-03-15", "jour")

    evenements = {e["unique_id"]: e for e in json.loads(site.octets("/chronologie.json"))["events"]}
    assert evenements["action-action-de-mars"]["start_date"] == {"year": 2013, "month": 3}
    assert evenements["action-action-de-mars"]["display_date"] == "mars 2013"
    assert evenements["action-action-de-2012"]["start_date"] == {"year": 2012}

    chronologie = [str(e["UID"]) for e in icalendar.Calendar.from_ical(site.octets("/chronologie.ics")).walk("VEVENT")]
    assert "action-action-du-15-mars@tousmigrants.org" in chronologie
    for absent in ("action-action-de-mars", "action-action-de-2012", "lettre-lettre-mars-2013",
                   "communique-communique-reconstitue"):
        assert f"{absent}@tousmigrants.org" not in chronologie
    # Annoncée « en mars 2027 » : sur la page de l'agenda, pas dans son calendrier.
    assert dates_de(site.texte("/agenda/"), "Une rencontre en mars 2027") == ("2027-03", "mars 2027")
    assert "pas dans le calendrier à suivre, qui ne tient que des dates sûres au jour près" in texte(arbre(site.texte("/agenda/")))
    agenda = [str(e["UID"]) for e in icalendar.Calendar.from_ical(site.octets("/agenda.ics")).walk("VEVENT")]
    assert "action-rencontre-mars-2027@tousmigrants.org" not in agenda


# --- Un texte reconstitué, une lettre datée au mois ---------------------------------------------------


def test_un_texte_reconstitue_le_dit_sur_sa_page(site):
    entete = next(e for e in arbre(site.texte("/communiques/communique-reconstitue/")).iter("header")
                  if e.get("class") == "document-entete")
    assert NOTE + "." in [texte(p) for p in entete.iter("p")]
    assert NOTE not in site.texte("/communiques/communique-original/")


def test_le_courriel_d_une_lettre_reconstituee_dit_mars_2013_et_d_ou_vient_son_texte(site):
    message = BytesParser(policy=policy.default).parsebytes(site.octets("/lettres/lettre-mars-2013/lettre.eml"))
    html = texte(arbre(message.get_body(("html",)).get_content()))
    brut = " ".join(message.get_body(("plain",)).get_content().split())
    for partie in (html, brut, texte(arbre(site.texte("/lettres/lettre-mars-2013/")))):
        assert "mars 2013" in partie and "1er mars 2013" not in partie
        assert NOTE in partie
    assert "Lettre d’information · mars 2013" in html


def test_le_flux_des_lettres_dit_mars_2013_et_d_ou_vient_le_texte(site):
    # Un lecteur de flux montre la date de publication (le 1er mars) : le texte de l'entrée dit la vraie.
    flux = feedparser.parse(site.octets("/feeds/lettres.atom.xml"))
    (entree,) = [e for e in flux.entries if e.link.endswith("/lettres/lettre-mars-2013/")]
    assert texte(arbre(entree.content[0].value)).startswith(f"mars 2013 {NOTE}.")


# --- Les fiches : relecture juridique en attente ------------------------------------------------------


def test_une_fiche_sans_relecteur_dit_relecture_juridique_en_attente_partout(site):
    page = texte(arbre(site.texte("/fiches-pratiques/fiche-en-attente/")))
    assert "Relecture juridique en attente." in page and "Dernière vérification juridique" not in page
    pdf = texte_pdf(site.chemin("/fiches-pratiques/fiche-en-attente.pdf"))
    assert "Relecture juridique en attente." in pdf and "Dernière vérification juridique" not in pdf
    assert NOTE + "." in pdf  # et une fiche reconstituée le dit dans son PDF
    (entree,) = [li for li in arbre(site.texte("/fiches-pratiques/")).iter("li")
                 if any(texte(a) == "Une fiche en attente" for a in li.iter("a"))]
    assert "Mise à jour le 1er novembre 2026 · Relecture juridique en attente" in texte(entree)


def test_une_fiche_relue_dit_par_qui_et_quand(site):
    page = texte(arbre(site.texte("/fiches-pratiques/fiche-relue/")))
    assert "Dernière vérification juridique 20 novembre 2026" in page and "Relue par pôle action juridique" in page
    assert "Relecture juridique en attente" not in page
    pdf = texte_pdf(site.chemin("/fiches-pratiques/fiche-relue.pdf"))
    assert "Dernière vérification juridique 20 novembre 2026 Relue par pôle action juridique" in pdf


def test_le_build_nomme_en_une_ligne_les_fiches_en_attente_de_relecture(site):
    (ligne,) = [m for m in site.avertissements if "en attente de relecture juridique" in m]
    assert "\n" not in ligne
    assert "Une fiche en attente (fiches-pratiques/2026-11-01-en-attente.md)" in ligne
    assert "Une fiche relue" not in ligne


# --- Les mentions légales -----------------------------------------------------------------------------


def test_les_mentions_legales_montrent_ce_qui_manque_et_le_build_le_signale(site):
    page = arbre(site.texte("/mentions-legales/"))
    (bloc,) = [d for d in page.iter("div") if "a-completer-bloc" in (d.get("class") or "")]
    assert texte(bloc).startswith("À compléter par l’association.")
    assert "le nom du directeur ou de la directrice de la publication" in texte(bloc)
    assert "le numéro de téléphone de l’association" in texte(bloc)
    assert texte(page).count("À compléter par l’association") >= 2
    assert "GitHub, Inc." in texte(page)
    (ligne,) = [m for m in site.avertissements if m.startswith("Mentions légales incomplètes")]
    assert "content/pages/mentions-legales.md" in ligne and "DIRECTEUR_PUBLICATION" in ligne and "\n" not in ligne


def test_des_mentions_legales_completes_ne_montrent_rien_a_completer(tmp_path):
    contenu = Contenu(tmp_path / "content", tmp_path / "cache")
    contenu.ecrire("pages/mentions-legales.md", (RACINE / "content/pages/mentions-legales.md").read_text(encoding="utf-8"))
    site = contenu.construire(tmp_path / "output", PLUGINS=SANS_PDF_NI_RAPPORT, GENERER_PDF=False, DIRECTEUR_PUBLICATION="Camille Martin",
                              TELEPHONE_ASSOCIATION="04 00 00 00 00", HEBERGEUR_TELEPHONE="+1 000 000 0000")
    page = texte(arbre(site.texte("/mentions-legales/")))
    assert "À compléter" not in page
    assert "Nom Camille Martin" in page and "Téléphone 04 00 00 00 00" in page
    assert site.avertissements == []


def test_une_date_au_mois_pres_ecrite_au_15_arrete_le_build_en_francais(tmp_path):
    contenu = Contenu(tmp_path / "content", tmp_path / "cache")
    ecrire_document(contenu, "actions/2013-03-15-mars.md", **{**EN_MARS, "date": "2013-03-15"})
    with pytest.raises(construction.BuildRefuse) as refus:
        contenu.construire(tmp_path / "output", PLUGINS=SANS_PDF_NI_RAPPORT, GENERER_PDF=False)
    assert ("content/actions/2013-03-15-mars.md, ligne 3, champ « date » :\n    avec « precision: mois », la date "
            "s'écrit au 1er du mois ; attendu : 2013-03-01 pour mars 2013") in str(refus.value)
    assert not (tmp_path / "output").exists()
