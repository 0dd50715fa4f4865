"""Les fiches pratiques construites par Pelican : sur le vrai contenu, puis sur une copie qu'on modifie.

Les PDF sont lus par pdftotext et pdfimages (poppler), les pages par un vrai analyseur HTML.
"""

import json
import re
import shutil
import subprocess

import pytest
import tinyhtml5
from PIL import Image

import contrat
from outils import construction
from conftest import RACINE, Contenu, amorcer_cache, ecrire_document
from contrat.typographie import typographie_francaise
from contrat.dates import date_fr
from formats import taille_fr as _taille_fr

CANONIQUE = "https://tousmigrants.org"


def arbre(html):
    return tinyhtml5.parse(html, namespace_html_elements=False)


def texte(element):
    return " ".join("".join(element.itertext()).split())


def taille_fr(octets):
    """La taille telle que `texte` la lit : ses espaces (insécables comprises) deviennent des espaces simples."""
    return " ".join(_taille_fr(octets).split())


def texte_pdf(chemin):
    """Le texte du PDF, une chaîne par page, espaces normalisés."""
    brut = subprocess.run(["pdftotext", str(chemin), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in brut.split("\f")[:-1]]


def fiches_publiees(dossier_contenu=None):
    """Les fiches de content/, lues par le contrat (le même lecteur que le build)."""
    reglages = construction.reglages(**({"PATH": str(dossier_contenu)} if dossier_contenu else {}))
    documents, _ = contrat.valider(reglages)
    return sorted((d for d in documents if d.type == "fiche" and not d.brouillon), key=lambda d: d.slug)


def imprime(champ):
    """Un champ de l'en-tête tel que pdftotext le rend : typographie du site, espaces simples."""
    return " ".join(typographie_francaise(champ).split())


def liens(element, fin):
    return [a for a in element.iter("a") if (a.get("href") or "").endswith(fin)]


def paragraphes_avec_lien(page, fin):
    return [p for p in page.iter("p") if liens(p, fin)]


# --- Le vrai contenu ---------------------------------------------------------------------------


def test_chaque_fiche_a_son_pdf_avec_titre_dates_adresse_et_contact(site):
    fiches = fiches_publiees()
    assert fiches, "aucune fiche dans content/fiches-pratiques/"
    for fiche in fiches:
        pages = texte_pdf(site.chemin(f"/fiches-pratiques/{fiche.slug}.pdf"))
        premiere = pages[0]
        assert imprime(fiche.meta["title"]) in premiere
        if "verifiee_par" in fiche.meta:
            assert f"Dernière vérification juridique {date_fr(fiche.meta['verifiee_le'])}" in premiere
            assert f"Relue par {fiche.meta['verifiee_par']}" in premiere
        else:
            # Sans relecteur, aucune date de vérification : la fiche dit que sa relecture est en attente.
            assert "Relecture juridique en attente" in premiere
            assert "Dernière vérification juridique" not in premiere
        assert f"Dernière mise à jour {date_fr(fiche.meta['modified'])}" in premiere
        assert f"{CANONIQUE}/fiches-pratiques/{fiche.slug}/" in premiere
        assert "Informations à vérifier" not in " ".join(pages)
        for numero, page in enumerate(pages, 1):
            assert "Pôle action juridique de Tous Migrants : actionjuridique@tousmigrants.org" in page
            assert f"page {numero} sur {len(pages)}" in page


def test_le_recueil_reunit_toutes_les_fiches_avec_un_sommaire_aux_bons_numeros(site):
    pages = texte_pdf(site.chemin("/fiches-pratiques/fiches-pratiques.pdf"))
    sommaire = pages[0]
    assert "Fiches pratiques de Tous Migrants" in sommaire and "Sommaire" in sommaire
    for fiche in fiches_publiees():
        titre = imprime(fiche.meta["title"])
        numero = int(re.search(re.escape(titre) + r" ?\.+ ?(\d+)", sommaire).group(1))
        # La fiche commence bien à la page annoncée : son titre ouvre la page, avant son cartouche.
        cartouche = "Dernière vérification juridique" if "verifiee_par" in fiche.meta else "Dernière mise à jour"
        assert f"{titre} {imprime(fiche.meta['summary'])} {cartouche}" in pages[numero - 1], titre


def polices_pdf(chemin):
    """[(nom sans préfixe de sous-ensemble, incorporée)] d'après pdffonts (poppler)."""
    lignes = subprocess.run(["pdffonts", str(chemin)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [(ligne.split()[0].split("+", 1)[-1], ligne.split()[-5] == "yes") for ligne in lignes]


def test_le_pdf_d_une_fiche_n_incorpore_que_nos_polices(site):
    # Noto Sans du paquet PyPI épinglé (rendu_pdf.POLICES_LATINES), jamais une police installée sur la machine :
    # une fiche construite ici et sur un clone neuf est le même PDF.
    for chemin in ("/fiches-pratiques/garde-a-vue.pdf", "/fiches-pratiques/fiches-pratiques.pdf"):
        trouvees = polices_pdf(site.chemin(chemin))
        assert trouvees and all(incorporee for _, incorporee in trouvees), trouvees
        assert {nom for nom, _ in trouvees} <= {"Tous-Migrants-Sans", "Tous-Migrants-Sans-Bold",
                                                "Tous-Migrants-Sans-Italic", "Tous-Migrants-Sans-BoldItalic"}, trouvees
        assert "Tous-Migrants-Sans" in {nom for nom, _ in trouvees}


def test_les_pages_annoncent_le_pdf_et_sa_taille(site):
    recueil = site.chemin("/fiches-pratiques/fiches-pratiques.pdf").stat().st_size
    index = arbre(site.texte("/fiches-pratiques/"))
    (annonce,) = paragraphes_avec_lien(index, "/fiches-pratiques/fiches-pratiques.pdf")
    assert texte(annonce) == f"Toutes les fiches en un seul PDF (PDF, {taille_fr(recueil)}, avec sommaire)"
    for fiche in fiches_publiees():
        pdf = f"/fiches-pratiques/{fiche.slug}.pdf"
        taille = taille_fr(site.chemin(pdf).stat().st_size)
        page = arbre(site.texte(f"/fiches-pratiques/{fiche.slug}/"))
        (lien,) = liens(page, pdf)
        assert lien.get("download") is not None
        (annonce,) = paragraphes_avec_lien(page, pdf)
        assert f"Télécharger la fiche en PDF ({taille}, à imprimer)" in texte(annonce)
        assert "Informations à vérifier" not in texte(page)
        # Sur l'index, la fiche est listée une fois pour chacun de ses publics, avec son PDF et sa taille.
        annonces = paragraphes_avec_lien(index, pdf)
        assert len(annonces) == len(fiche.meta.get("public") or ["tous"])
        assert all(texte(p).endswith(f"PDF de « {imprime(fiche.meta['title'])} » ({taille})") for p in annonces)


def test_l_index_range_les_fiches_par_public_puis_par_theme_avec_leurs_dates(site):
    reglages = construction.reglages()
    index = arbre(site.texte("/fiches-pratiques/"))
    sections = {s.find("h2").get("id"): s for s in index.iter("section") if "fiches-public" in (s.get("class") or "")}
    for fiche in fiches_publiees():
        for public in fiche.meta["public"]:
            section = sections[f"pour-{public}"]
            assert texte(section.find("h2")) == reglages["PUBLICS"][public]
            # La fiche est dans la liste qui suit le h3 de son thème.
            enfants = list(section)
            debut = next(i for i, e in enumerate(enfants)
                         if e.tag == "h3" and texte(e) == reglages["THEMES_FICHES"][fiche.meta["theme"]])
            entree = next(li for li in enfants[debut + 1].iter("li") if liens(li, f"/{fiche.slug}/"))
            verification = (f"vérifiée le {date_fr(fiche.meta['verifiee_le'])}" if "verifiee_par" in fiche.meta
                            else "Relecture juridique en attente")
            assert f"Mise à jour le {date_fr(fiche.meta['modified'])} · {verification}" in texte(entree)
    assert not list(index.iter("img")), "l'index se lit sans image"


def test_le_vrai_contenu_n_a_aucune_fiche_a_verifier(site):
    assert not [m for m in site.avertissements if "vérifier" in m]


def test_le_service_worker_garde_exactement_les_fiches_et_ce_qu_il_faut_pour_les_lire(site):
    sw = site.texte("/fiches-pratiques/sw.js")
    adresses = json.loads(re.search(r"const ADRESSES = (\[.*?\])\.map", sw).group(1))
    css = re.search(r'href="/(theme/css/site\.css\?v=\w+)"', site.texte("/fiches-pratiques/")).group(1)
    attendues = {"./", "fiches-pratiques.pdf", "hors-ligne.js", "../hors-ligne/", "../" + css}
    for fiche in fiches_publiees():
        attendues |= {f"{fiche.slug}/", f"{fiche.slug}.pdf"}
    assert set(adresses) == attendues
    for adresse in adresses:  # un seul fichier manquant et l'installation échoue (addAll est tout ou rien)
        assert site.existe("/fiches-pratiques/" + adresse.split("?")[0]), adresse
    assert re.search(r'const CACHE = PREFIXE \+ "[0-9a-f]{12}";', sw)


def test_seules_les_pages_des_fiches_inscrivent_le_service_worker(site):
    script = "/fiches-pratiques/hors-ligne.js"
    assert script in site.texte("/fiches-pratiques/")
    assert script in site.texte("/fiches-pratiques/garde-a-vue/")
    for ailleurs in ("/", "/communiques/", "/association/", "/hors-ligne/"):
        assert script not in site.texte(ailleurs), ailleurs
    assert "serviceWorker.register" in site.texte(script)


def test_la_page_hors_ligne_n_est_pas_indexee_et_mene_aux_fiches(site):
    page = arbre(site.texte("/hors-ligne/"))
    assert any(m.get("name") == "robots" and m.get("content") == "noindex" for m in page.iter("meta"))
    for fiche in fiches_publiees():
        assert liens(page, f"/fiches-pratiques/{fiche.slug}/")


# --- Une copie du contenu : fiches à vérifier, image, cache des PDF ------------------------------


class Chantier:
    """Trois builds de la même copie, dans le même cache : tel quel, à l'identique, après une retouche."""

    def __init__(self, racine):
        self.contenu = Contenu(racine / "content", racine / "cache")
        self.journal_chemin = racine / "cache" / "fiches" / "dernier-build.json"
        self.sites, self.journaux = [], []

    def construire(self, sortie, **surcharges):
        self.sites.append(self.contenu.construire(sortie, **surcharges))
        self.journaux.append(json.loads(self.journal_chemin.read_text(encoding="utf-8")))


def fiche_test(contenu, slug, verifiee_le, corps="## Ce que dit la loi\n\n- Un droit.\n- Un autre droit."):
    ecrire_document(
        contenu, f"fiches-pratiques/2025-01-01-{slug}.md", title=f'"Fiche {slug}"', date="2025-01-01",
        slug=slug, modified="2025-06-01", verifiee_le=verifiee_le, verifiee_par='"pôle action juridique"',
        summary='"Une fiche de test."',
        public="[maraudeurs]", theme="police-justice", corps=corps,
    )


@pytest.fixture(scope="module")
def chantier(tmp_path_factory, cache_session):
    racine = tmp_path_factory.mktemp("fiches")
    # Deux vraies fiches (celle qu'on retouche, celle qui ne change pas) et les pages : ces tests comptent les PDF
    # des fiches françaises et des rapports, chacun rendu deux ou trois fois, le recueil trois fois (3,3 s avec les
    # sept vraies fiches). Leurs liens vers les fiches laissées de côté ne sont que des avertissements. Les vingt PDF
    # traduits, refaits eux aussi au changement de feuille de style, doubleraient la durée du module ; et sans
    # actions, communiqués ni lettres, les rapports sont ceux des années des fiches (2025, 2026), de quelques pages :
    # ce sont aussi tous les PDF de rapports, que la feuille de style changée doit refaire (ceux de 2019 et 2020,
    # 3,3 s chacun, n'y ajouteraient rien). Les publications, qui citent des actions, partent avec elles.
    shutil.copytree(RACINE / "content", racine / "content", ignore=shutil.ignore_patterns(
        "traductions", "actions", "communiques", "lettres", "publications", "rapports"))
    for fiche in (racine / "content" / "fiches-pratiques").glob("*.md"):
        if not fiche.stem.endswith(("-garde-a-vue", "-audition-libre")):
            fiche.unlink()
    # Les images du vrai site ; les PDF des fiches, que ces tests comptent, partent d'un cache vide.
    amorcer_cache(cache_session, racine / "cache", dossiers=("images",))
    chantier = Chantier(racine)
    contenu = chantier.contenu
    # Build du 27 novembre 2026, limite à 12 mois : le 26 novembre 2025 est trop ancien, pas le 27.
    fiche_test(contenu, "trop-ancienne", "2025-11-26")
    fiche_test(contenu, "tout-juste", "2025-11-27")
    (contenu.dossier / "images").mkdir(exist_ok=True)
    Image.new("RGB", (120, 80), "gray").save(contenu.dossier / "images" / "col-de-l-echelle.png")
    fiche_test(contenu, "avec-carte", "2026-11-01",
               corps="## Le col\n\n![Carte du col de l'Échelle]({static}/images/col-de-l-echelle.png)")
    chantier.construire(racine / "un")
    chantier.construire(racine / "deux")
    garde_a_vue = next(contenu.dossier.glob("fiches-pratiques/*garde-a-vue.md"))
    garde_a_vue.write_text(garde_a_vue.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    chantier.construire(racine / "trois")
    # Seules les feuilles de style des PDF changent (une copie du thème) : tous les PDF doivent être refaits.
    theme = racine / "theme"
    shutil.copytree(RACINE / "theme", theme)
    for feuille in ("fiches/pdf.css", "rapports_pdf.css"):
        with open(theme / "templates" / feuille, "a", encoding="utf-8") as fichier:
            fichier.write("\nh1 { letter-spacing: 0.01em; }\n")
    chantier.rapports_avant = sorted(p.name for p in (racine / "cache" / "rapports").glob("*.pdf"))
    chantier.construire(racine / "quatre", THEME=str(theme))
    chantier.rapports_apres = sorted(p.name for p in (racine / "cache" / "rapports").glob("*.pdf"))
    return chantier


def test_une_fiche_trop_ancienne_est_signalee_au_build_en_une_ligne(chantier):
    site = chantier.sites[0]
    avertissements = [m for m in site.avertissements if "à vérifier" in m]
    assert len(avertissements) == 1
    (message,) = avertissements
    assert message.startswith("1 fiche pratique à vérifier (dernière vérification juridique il y a plus de 12 mois)")
    assert "Fiche trop-ancienne" in message and "vérifiée le 26 novembre 2025" in message
    assert "tout-juste" not in message


def test_une_fiche_trop_ancienne_porte_l_avis_sur_sa_page_et_dans_son_pdf(chantier):
    site = chantier.sites[0]
    avis = "Informations à vérifier : dernière vérification le 26 novembre 2025."
    page = arbre(site.texte("/fiches-pratiques/trop-ancienne/"))
    assert any(avis in texte(p) for p in page.iter("p") if "avertissement" in (p.get("class") or ""))
    assert avis in texte_pdf(site.chemin("/fiches-pratiques/trop-ancienne.pdf"))[0]
    index = texte(arbre(site.texte("/fiches-pratiques/")))
    assert "Fiche trop-ancienne Une fiche de test. Mise à jour le 1er juin 2025 · vérifiée le 26 novembre 2025 · informations à vérifier" in index
    # Le recueil le dit aussi, au sommaire et sur la fiche.
    recueil = texte_pdf(site.chemin("/fiches-pratiques/fiches-pratiques.pdf"))
    assert "Fiche trop-ancienne (à vérifier)" in recueil[0]
    assert any(avis in page for page in recueil[1:])


def test_une_fiche_verifiee_il_y_a_tout_juste_douze_mois_n_a_pas_d_avis(chantier):
    site = chantier.sites[0]
    assert "Informations à vérifier" not in site.texte("/fiches-pratiques/tout-juste/")
    assert "Informations à vérifier" not in " ".join(texte_pdf(site.chemin("/fiches-pratiques/tout-juste.pdf")))


def test_les_images_d_une_fiche_sont_dans_son_pdf(chantier):
    images = subprocess.run(["pdfimages", "-list", str(chantier.sites[0].chemin("/fiches-pratiques/avec-carte.pdf"))],
                            capture_output=True, text=True, check=True).stdout
    assert re.search(r"^\s*1\s+0\s+image\s+120\s+80\b", images, re.M), images


def test_un_pdf_n_est_refait_que_si_sa_fiche_a_change(chantier):
    fiches = [d.slug for d in fiches_publiees(chantier.contenu.dossier)]
    premier, second, troisieme, _ = chantier.journaux
    assert sorted(premier["rendus"]) == sorted([*fiches, "fiches-pratiques"]) and premier["reutilises"] == []
    assert second["rendus"] == [] and sorted(second["reutilises"]) == sorted([*fiches, "fiches-pratiques"])
    # Une fiche retouchée : son PDF et le recueil, rien d'autre.
    assert sorted(troisieme["rendus"]) == ["fiches-pratiques", "garde-a-vue"]
    un, deux, trois, _ = chantier.sites
    assert un.octets("/fiches-pratiques/audition-libre.pdf") == trois.octets("/fiches-pratiques/audition-libre.pdf")
    assert "Une phrase ajoutée." in " ".join(texte_pdf(trois.chemin("/fiches-pratiques/garde-a-vue.pdf")))


def test_changer_la_feuille_de_style_des_pdf_refait_tous_les_pdf(chantier):
    fiches = [d.slug for d in fiches_publiees(chantier.contenu.dossier)]
    quatrieme = chantier.journaux[3]
    assert sorted(quatrieme["rendus"]) == sorted([*fiches, "fiches-pratiques"]) and quatrieme["reutilises"] == []
    # Les rapports aussi : aucun PDF de rapport n'est repris tel quel du cache.
    assert chantier.rapports_avant and len(chantier.rapports_apres) == len(chantier.rapports_avant)
    assert not set(chantier.rapports_apres) & set(chantier.rapports_avant)


def test_le_cache_hors_ligne_change_de_nom_quand_une_fiche_change(chantier):
    def version(site):
        return re.search(r'const CACHE = PREFIXE \+ "(\w+)";', site.texte("/fiches-pratiques/sw.js")).group(1)

    un, deux, trois, _ = chantier.sites
    assert version(un) == version(deux) != version(trois)

