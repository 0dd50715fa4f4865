"""Les rapports d'activité construits par Pelican : sur le vrai contenu, puis sur une copie qu'on modifie.

Les PDF sont lus par pdftotext et pdfinfo (poppler), les pages par un vrai analyseur HTML.
"""

import re
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import tinyhtml5

import contrat
from contrat import dates
import caches
import rendu_pdf
from outils import construction
from conftest import AUJOURDHUI, RACINE, Contenu, amorcer_cache, avertissements_inattendus, ecrire_document
from contrat.typographie import typographie_francaise

# --- Outils de lecture -----------------------------------------------------------------------


def arbre(html):
    return tinyhtml5.parse(html, namespace_html_elements=False)


def texte(element):
    return " ".join("".join(element.itertext()).split())


def imprime(champ):
    """Un champ de l'en-tête tel que la page l'imprime (typographie du site), espaces normalisées comme texte()."""
    return " ".join(typographie_francaise(champ).split())


def par_id(racine, ident):
    return next(e for e in racine.iter() if e.get("id") == ident)


def sous_titre(section, titre):
    """La liste qui suit le h3 `titre` dans une section."""
    enfants = list(section)
    debut = next(i for i, e in enumerate(enfants) if e.tag == "h3" and texte(e) == titre)
    return next(e for e in enfants[debut + 1:] if e.tag in ("ol", "ul"))


def dates_et_titres(liste):
    return [(li.find(".//time").get("datetime"), texte(li.find(".//a"))) for li in liste.iter("li")]


def texte_pdf(chemin, *options):
    return subprocess.run(["pdftotext", *options, str(chemin), "-"], capture_output=True, text=True, check=True).stdout


def pages_pdf(chemin):
    info = subprocess.run(["pdfinfo", str(chemin)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), info


def liens_pdf(chemin):
    sortie = subprocess.run(["pdfinfo", "-url", str(chemin)], capture_output=True, text=True, check=True).stdout
    return [ligne.split()[-1] for ligne in sortie.splitlines()[1:] if ligne.strip()]


def documents_publies(type_, annee):
    """Ce que le contrat lit dans content/, indépendamment du build : la référence des tests."""
    documents, _ = contrat.valider(construction.reglages())
    return sorted(
        (d for d in documents
         if d.type == type_ and not d.brouillon and d.meta["date"].year == annee
         and d.meta["date"].isoformat() <= AUJOURDHUI),
        # Dans l'ordre du rapport : ce qui n'est daté qu'au mois en tête de son mois (contrat/dates.py).
        key=lambda d: dates.cle_de_tri(d.meta["date"], d.meta.get("precision")),
    )


def date_imprimee(document):
    """La valeur de `<time datetime>` d'un document : « 2020-02 » pour une lettre datée au mois près."""
    return dates.iso(document.meta["date"], document.meta.get("precision", dates.JOUR))


# --- Le vrai contenu ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_2020(site):
    return arbre(site.texte("/rapports/2020/"))


def test_2020_liste_les_14_communiques_de_l_annee_dans_l_ordre_des_dates(page_2020):
    attendus = documents_publies("communique", 2020)
    liste = sous_titre(par_id(page_2020, "pole-plaidoyer"), "Communiqués de presse")
    assert dates_et_titres(liste) == [(date_imprimee(d), imprime(d.meta["title"])) for d in attendus]
    assert len(attendus) == 14


def test_2020_liste_les_7_lettres_d_information_de_l_annee(page_2020):
    attendus = documents_publies("lettre", 2020)
    section = par_id(page_2020, "pole-communication")
    assert dates_et_titres(sous_titre(section, "Lettres d’information")) == [
        (date_imprimee(d), imprime(d.meta["title"])) for d in attendus
    ]
    assert len(attendus) == 7
    assert "7 lettres d’information envoyées" in texte(section)


def test_2020_presente_les_actions_juridiques_en_chronologie_datee(page_2020):
    attendues = [d for d in documents_publies("action", 2020) if d.meta["pole"] == "juridique"]
    chronologie = dates_et_titres(sous_titre(par_id(page_2020, "pole-juridique"), "Chronologie"))
    assert attendues, "le contenu de 2020 doit contenir des actions juridiques"
    assert sorted(titre for _, titre in chronologie) == sorted(imprime(d.meta["title"]) for d in attendues)
    assert [date for date, _ in chronologie] == sorted(date for date, _ in chronologie)


def test_2020_additionne_les_chiffres_des_maraudes(page_2020):
    chiffres = texte(par_id(page_2020, "en-chiffres"))
    assert "58 interventions de l’UMMA" in chiffres
    assert "192 personnes secourues (77 en 2019)" in chiffres
    assert "14 communiqués de presse" in chiffres and "7 lettres d’information" in chiffres


def test_la_page_d_une_annee_a_un_titre_une_description_et_des_titres_en_ordre(page_2020):
    h1 = [texte(e) for e in page_2020.iter("h1")]
    assert h1 == ["Rapport d’activité 2020"]
    description = next(e for e in page_2020.iter("meta") if e.get("name") == "description").get("content")
    assert len(description) > 40
    corps = next(e for e in page_2020.iter() if "data-pagefind-body" in e.attrib)
    niveaux = [int(e.tag[1]) for e in corps.iter() if re.fullmatch(r"h[1-6]", str(e.tag))]
    assert niveaux[0] == 1 and all(b - a <= 1 for a, b in zip(niveaux, niveaux[1:]))
    poles = [texte(e) for e in corps.iter("h2")]
    assert poles.index("Plaidoyer") < poles.index("Actions juridiques") < poles.index("Communication")


def test_le_texte_redige_de_2020_encadre_les_sections_calculees(site, page_2020):
    if not (RACINE / "content/rapports/2020.md").exists():
        pytest.skip("content/rapports/2020.md n'est pas encore écrit")
    titres = [texte(e) for e in page_2020.iter("h2")]
    assert titres[0] == "Éditorial" and titres[-1] == "Conclusion"
    assert "Sisyphe" in texte(par_id(page_2020, "editorial"))
    assert "conclusion" not in site.texte("/rapports/2020/").split('id="editorial"')[1].split('id="en-chiffres"')[0]


def test_l_index_liste_les_annees_de_la_plus_recente_a_la_plus_ancienne_avec_leurs_chiffres(site):
    index = arbre(site.texte("/rapports/"))
    annees = [int(texte(h2).rsplit(" ", 1)[1]) for h2 in index.iter("h2")]
    assert annees == sorted(annees, reverse=True) and 2020 in annees and 2019 in annees
    assert "192 personnes secourues" in texte(index.find(".//main"))


def test_le_pdf_2020_est_lie_depuis_la_page_avec_sa_taille(site, page_2020):
    lien = next(a for a in page_2020.iter("a") if (a.get("href") or "").endswith(".pdf"))
    assert lien.get("href") == "/rapports/2020/rapport-activite-2020.pdf"
    taille = len(site.octets("/rapports/2020/rapport-activite-2020.pdf"))
    assert f"{round(taille / 1000)}\u00a0Ko" in site.texte("/rapports/2020/")


def test_le_pdf_2020_n_incorpore_que_nos_polices(site):
    # Noto Sans et Noto Serif des paquets PyPI épinglés (rendu_pdf.POLICES_LATINES), graphiques compris :
    # aucune police de la machine qui construit (installer fonts-noto-core changeait le PDF sans toucher au cache).
    sortie = subprocess.run(["pdffonts", str(site.chemin("/rapports/2020/rapport-activite-2020.pdf"))],
                            capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    trouvees = [(ligne.split()[0].split("+", 1)[-1], ligne.split()[-5] == "yes") for ligne in sortie]
    assert trouvees and all(incorporee for _, incorporee in trouvees), trouvees
    noms = {nom for nom, _ in trouvees}
    assert all(re.fullmatch(r"Tous-Migrants-(Sans|Serif)(-Bold|-Italic|-BoldItalic)?", nom) for nom in noms), noms
    assert {"Tous-Migrants-Sans", "Tous-Migrants-Serif"} <= noms


def test_le_pdf_2020_est_un_document_a4_avec_couverture_sommaire_et_pieds_de_page(site):
    chemin = site.chemin("/rapports/2020/rapport-activite-2020.pdf")
    nombre, info = pages_pdf(chemin)
    assert "A4" in info and "Title:           Rapport d’activité 2020" in info
    couverture = texte_pdf(chemin, "-f", "1", "-l", "1")
    assert "Rapport d’activité" in couverture and "2020" in couverture and "page 1" not in couverture
    sommaire = texte_pdf(chemin, "-layout", "-f", "2", "-l", "2")
    assert re.search(r"En chiffres\W+(\d+)\s*$", sommaire, re.M)
    assert re.search(r"Plaidoyer\W+(\d+)\s*$", sommaire, re.M)
    assert f"page 3 sur {nombre}" in texte_pdf(chemin, "-f", "3", "-l", "3")
    tout = texte_pdf(chemin)
    assert "192" in tout and "personnes secourues" in tout and "Chronologie" in tout


def test_le_pdf_renvoie_au_site_publie(site):
    liens = liens_pdf(site.chemin("/rapports/2020/rapport-activite-2020.pdf"))
    web = [u for u in liens if not u.startswith("mailto:")]
    assert "https://tousmigrants.org/rapports/2020/" in web
    assert any(u.startswith("https://tousmigrants.org/communiques/") for u in web)
    assert any(u.startswith("https://tousmigrants.org/lettres/") for u in web)
    # Hors du site publié, seules restent les sources publiques que le texte du rapport cite à la main.
    sources = set(re.findall(r"\]\((https://[^)\s]+)\)", (RACINE / "content/rapports/2020.md").read_text()))
    assert all(u.startswith("https://tousmigrants.org/") or u in sources for u in web)
    assert sources <= set(web)


def test_l_espace_presse_montre_les_chiffres_de_la_derniere_annee(site):
    # La dernière année qui a des actions passées, lue dans content/ et non dans le build.
    documents, _ = contrat.valider(construction.reglages())
    annee = max(d.meta["date"].year for d in documents
                if d.type == "action" and not d.brouillon and d.meta["date"].isoformat() <= AUJOURDHUI)
    assert annee > min(d.meta["date"].year for d in documents if d.type == "action")
    section = next(e for e in arbre(site.texte("/presse/")).iter("section") if e.get("aria-labelledby") == "chiffres-cles")
    assert texte(section.find("h2")) == f"Chiffres clés {annee}"
    assert f"/rapports/{annee}/" in [a.get("href") for a in section.iter("a")]
    # Les mêmes chiffres que la section « En chiffres » du rapport de cette année-là.
    du_rapport = par_id(arbre(site.texte(f"/rapports/{annee}/")), "en-chiffres")
    assert texte(section.find(".//div")) in texte(du_rapport)


def test_le_vrai_contenu_ne_donne_aucun_avertissement_des_rapports(site):
    assert not [m for m in site.avertissements if "rapport" in m.lower()]


# --- Une copie du contenu, avec une année nouvelle, des brouillons et le futur --------------------

# Sans apostrophe : Markdown (smarty) en ferait des apostrophes typographiques.
ACTION_2017 = "Maraude test au col de Montgenèvre"
COMMUNIQUE_2017 = "Premier communiqué de une année test"
BROUILLON_ACTION = "Brouillon de action jamais publié"
BROUILLON_COMMUNIQUE = "Brouillon de communiqué jamais publié"
ACTION_FUTURE = "Rassemblement prévu le mois prochain"
ACTION_DU_JOUR = "Rassemblement tenu le jour même du build"
EDITORIAL_2017 = "Éditorial test écrit à la main"
CONCLUSION_2017 = "Conclusion test écrite à la main"
TEXTE_BROUILLON = "Rapport 2018 encore en brouillon"
# Des mots longs dans un paragraphe justifié : la césure française doit couper certains d'entre eux.
PARAGRAPHE_LONG = " ".join(["Une administration départementale reconnaît une inconditionnalité de hospitalité"
                            " et une internationalisation des responsabilités gouvernementales."] * 12)


def ajouter_annee_2017(contenu):
    ecrire_document(contenu, "actions/2017-maraude-essai.md", title=f'"{ACTION_2017}"', date="2017-12-20",
                    date_fin="2018-01-10", summary='"Maraude de nuit."', pole="maraudes", nature="maraude",
                    lieu="Névache", partenaires="[Médecins du Monde]",
                    corps="Texte.\n", **{"chiffres": "\n  personnes_secourues: 12\n  interventions_umma: 5"})
    ecrire_document(contenu, "communiques/2017-premier.md", title=f'"{COMMUNIQUE_2017}"', date="2017-03-02",
                    summary='"Un communiqué."')
    contenu.ecrire("rapports/2017.md", f'---\ntitle: "Rapport 2017"\ndate: 2017-12-31\n'
                   f'summary: "Notre année 2017."\n---\n\n{EDITORIAL_2017}.\n\n{PARAGRAPHE_LONG}\n\n'
                   f"<!-- conclusion -->\n\n{CONCLUSION_2017}.\n")


@pytest.fixture(scope="module")
def essai(tmp_path_factory, cache_session):
    """Le vrai contenu plus une année 2017, des brouillons, une action future ; construit une fois."""
    dossier = tmp_path_factory.mktemp("rapports-essai")
    contenu = Contenu(dossier / "content", amorcer_cache(cache_session, dossier / "cache"))
    shutil.copytree(RACINE / "content", contenu.dossier)
    ajouter_annee_2017(contenu)
    ecrire_document(contenu, "actions/2017-brouillon.md", title=f'"{BROUILLON_ACTION}"', date="2017-06-01",
                    status="draft", pole="plaidoyer", nature="tribune", **{"chiffres": "\n  signatures: 999"})
    ecrire_document(contenu, "communiques/2020-brouillon.md", title=f'"{BROUILLON_COMMUNIQUE}"', date="2020-05-05",
                    status="draft", summary='"Brouillon."')
    ecrire_document(contenu, "actions/2026-futur.md", title=f'"{ACTION_FUTURE}"', date="2026-12-15",
                    pole="plaidoyer", nature="manifestation")
    ecrire_document(contenu, "actions/2026-du-jour.md", title=f'"{ACTION_DU_JOUR}"', date=AUJOURDHUI,
                    pole="plaidoyer", nature="manifestation")
    contenu.ecrire("rapports/2018.md", f'---\ntitle: "Rapport 2018"\ndate: 2018-12-31\nstatus: draft\n---\n\n{TEXTE_BROUILLON}.\n')
    # Comme le site publié : adresses absolues, donc adresses canoniques dans les pages.
    return contenu.construire(dossier / "output", SITEURL="https://tousmigrants.org")


def tout_le_texte(site):
    """Chaque page HTML et le texte de chaque PDF de rapport."""
    morceaux = [p.read_text(encoding="utf-8") for p in site.dossier.rglob("*.html")]
    morceaux += [texte_pdf(p) for p in site.dossier.glob("rapports/*/*.pdf")]
    return "\n".join(morceaux)


def test_une_annee_nouvelle_a_sa_page_son_pdf_et_sa_place_dans_l_index(essai):
    page = arbre(essai.texte("/rapports/2017/"))
    maraudes = par_id(page, "pole-maraudes")
    assert ACTION_2017 in texte(maraudes)
    assert "20 décembre 2017 au 10 janvier 2018" in texte(maraudes) and "Névache" in texte(maraudes)
    assert "Avec Médecins du Monde" in texte(maraudes)
    assert COMMUNIQUE_2017 in texte(par_id(page, "pole-plaidoyer"))
    assert "12 personnes secourues" in texte(par_id(page, "en-chiffres"))
    assert "2017" in [texte(h2).rsplit(" ", 1)[1] for h2 in arbre(essai.texte("/rapports/")).iter("h2")]

    texte_2017 = texte_pdf(essai.chemin("/rapports/2017/rapport-activite-2017.pdf"))
    assert ACTION_2017 in " ".join(texte_2017.split())
    assert COMMUNIQUE_2017 in " ".join(texte_2017.split())


def test_une_action_qui_finit_l_annee_suivante_n_est_comptee_qu_une_fois(essai):
    assert ACTION_2017 not in essai.texte("/rapports/2018/")
    assert "12 personnes secourues" not in essai.texte("/rapports/2018/")


def test_le_texte_redige_donne_l_editorial_et_la_conclusion_dans_la_page_et_le_pdf(essai):
    page = arbre(essai.texte("/rapports/2017/"))
    assert EDITORIAL_2017 in texte(par_id(page, "editorial"))
    assert CONCLUSION_2017 in texte(par_id(page, "conclusion"))
    assert EDITORIAL_2017 not in texte(par_id(page, "conclusion"))
    assert CONCLUSION_2017 not in texte(par_id(page, "editorial"))
    assert "Notre année 2017." in essai.texte("/rapports/2017/")  # le résumé fait la description
    en_pdf = " ".join(texte_pdf(essai.chemin("/rapports/2017/rapport-activite-2017.pdf")).split())
    assert EDITORIAL_2017 in en_pdf and CONCLUSION_2017 in en_pdf


def test_le_pdf_coupe_les_mots_a_la_francaise(essai):
    lignes = texte_pdf(essai.chemin("/rapports/2017/rapport-activite-2017.pdf")).splitlines()
    coupures = [ligne for ligne in lignes if re.search(r"\w[\u2010-]$", ligne)]
    assert coupures, "aucun mot coupé en fin de ligne dans un paragraphe justifié"


def test_un_brouillon_n_apparait_dans_aucune_page_ni_aucun_pdf(essai):
    partout = tout_le_texte(essai)
    for titre in (BROUILLON_ACTION, BROUILLON_COMMUNIQUE, TEXTE_BROUILLON):
        assert titre not in partout
    assert "999 signatures" not in partout


def test_ce_qui_a_lieu_le_jour_meme_du_build_est_dans_le_rapport_en_cours_et_la_chronologie(essai):
    page = essai.texte("/rapports/2026/")
    assert ACTION_DU_JOUR in texte(arbre(page).find(".//main"))
    assert "Année en cours" in page and "Année en cours" not in essai.texte("/rapports/2020/")
    assert ACTION_DU_JOUR in " ".join(texte_pdf(essai.chemin("/rapports/2026/rapport-activite-2026.pdf")).split())
    assert ACTION_DU_JOUR in essai.texte("/chronologie/")


def test_ni_les_brouillons_ni_le_futur_ne_sont_dans_le_plan_du_site_ni_dans_les_flux(essai):
    plan = essai.texte("/sitemap.xml")
    flux = "".join(p.read_text(encoding="utf-8") for p in (essai.dossier / "feeds").glob("*.xml"))
    assert ACTION_DU_JOUR in flux  # les flux lisent bien les actions de la copie
    for titre in (BROUILLON_ACTION, BROUILLON_COMMUNIQUE):
        assert titre not in flux
    assert "brouillon" not in plan and "drafts" not in plan


def test_ce_qui_n_a_pas_encore_eu_lieu_n_est_pas_dans_le_rapport(essai):
    page = arbre(essai.texte("/rapports/2026/"))
    assert ACTION_FUTURE not in texte(page.find(".//main"))
    # Cette année-là n'a que des fiches pratiques : les chiffres clés ne montrent pas « 0 action ».
    chiffres = texte(par_id(page, "en-chiffres"))
    assert "fiches pratiques" in chiffres and "0 action" not in chiffres
    assert ACTION_FUTURE not in " ".join(texte_pdf(essai.chemin("/rapports/2026/rapport-activite-2026.pdf")).split())


@pytest.mark.parametrize("adresse", ["/rapports/", "/rapports/2017/"])
def test_les_pages_des_rapports_ont_leur_adresse_canonique(essai, adresse):
    canonique = next(e for e in arbre(essai.texte(adresse)).iter("link") if e.get("rel") == "canonical")
    assert canonique.get("href") == "https://tousmigrants.org" + adresse


def test_la_copie_se_construit_sans_avertissement(essai):
    assert avertissements_inattendus(essai) == []


# --- Le cache des PDF ----------------------------------------------------------------------------


def etat_du_cache(contenu):
    return {p.name: p.stat().st_mtime_ns for p in (contenu.cache / "rapports").glob("*.pdf")}


def test_les_pdf_ne_sont_refaits_que_pour_les_annees_qui_changent(tmp_path, cache_session):
    # Une copie sans actions, communiqués, lettres ni publications : restent l'année des fiches (2026) et 2017. Avec
    # le vrai contenu, 2019 et 2020 (que 2017 change par leurs comparaisons) se refaisaient au premier build puis au
    # dernier, 3,5 s de rendu chacune, sans rien montrer de plus que 2026 : une année qui ne change pas.
    contenu = Contenu(tmp_path / "content", amorcer_cache(cache_session, tmp_path / "cache"))
    shutil.copytree(RACINE / "content", contenu.dossier,
                    ignore=shutil.ignore_patterns("actions", "communiques", "lettres", "publications", "rapports"))
    ajouter_annee_2017(contenu)
    # Quatre builds : seuls le contrat et les rapports tournent, les autres plugins n'ont rien à voir ici.
    reglages = {"PLUGINS": ["contrat", "rapports"]}
    premier = contenu.construire(tmp_path / "un", **reglages)
    avant = etat_du_cache(contenu)
    assert len(avant) == len(list(premier.dossier.glob("rapports/*/*.pdf"))) > 1

    second = contenu.construire(tmp_path / "deux", **reglages)
    assert etat_du_cache(contenu) == avant
    assert second.octets("/rapports/2017/rapport-activite-2017.pdf") == premier.octets("/rapports/2017/rapport-activite-2017.pdf")

    # Modifier un document de 2017 ne refait que le PDF de 2017 (l'ancien quitte le cache).
    chemin = contenu.dossier / "actions/2017-maraude-essai.md"
    chemin.write_text(chemin.read_text(encoding="utf-8").replace(ACTION_2017, "Maraude renommée"), encoding="utf-8")
    troisieme = contenu.construire(tmp_path / "trois", **reglages)
    apres = etat_du_cache(contenu)
    changes = {nom for nom in avant.keys() ^ apres.keys()}
    assert changes and all(nom.startswith("rapport-activite-2017-") for nom in changes)
    assert len(apres) == len(avant)
    assert {n: t for n, t in apres.items() if "2017" not in n} == {n: t for n, t in avant.items() if "2017" not in n}
    assert "Maraude renommée" in texte_pdf(troisieme.chemin("/rapports/2017/rapport-activite-2017.pdf"))

    # Supprimer les documents de 2017 fait disparaître l'année ; son texte rédigé est signalé.
    contenu.supprimer("actions/2017-maraude-essai.md")
    contenu.supprimer("communiques/2017-premier.md")
    quatrieme = contenu.construire(tmp_path / "quatre", **reglages)
    assert not quatrieme.existe("/rapports/2017/")
    assert "/rapports/2017/" not in quatrieme.texte("/rapports/")
    assert [m for m in quatrieme.avertissements if "rapports/2017.md" in m]


# --- Le rendu PDF ne sort jamais de la machine --------------------------------------------------


class _Compteur(BaseHTTPRequestHandler):
    demandes = []

    def do_GET(self):  # noqa: N802 (nom imposé par http.server)
        _Compteur.demandes.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_le_rendu_pdf_refuse_toute_adresse_qui_n_est_pas_un_fichier_local(tmp_path):
    serveur = ThreadingHTTPServer(("127.0.0.1", 0), _Compteur)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{serveur.server_address[1]}"
    try:
        html = (f'<html lang="fr"><head><link rel="stylesheet" href="{base}/style.css">'
                f'<style>@font-face {{ font-family: X; src: url({base}/police.woff2); }} p {{ font-family: X; }}</style>'
                f'</head><body><p>Bonjour</p><img src="{base}/image.png"></body></html>')
        # Le rendu est refusé (le build le dit en français) au lieu d'un PDF privé de ses ressources.
        with pytest.raises(rendu_pdf.PdfRefuse, match="n'est pas un fichier du site"):
            recuperateur = rendu_pdf.Recuperateur(RACINE / "theme", RACINE / "content", "https://tousmigrants.org")
            cache = caches.CachePdf(str(tmp_path / "cache"), rendu_pdf.VERSION)
            cache.obtenir(
                "essai", cache.cle(html),
                lambda: rendu_pdf.rendre(html, "https://tousmigrants.org/rapports/2020/", recuperateur))
    finally:
        serveur.shutdown()
        serveur.server_close()
    assert _Compteur.demandes == []
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
