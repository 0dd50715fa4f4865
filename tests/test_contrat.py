"""Le contrat de contenu : chaque règle refuse un fichier fautif avec un message français qui nomme
le fichier, la ligne, le champ et ce qui est attendu ; rien n'est écrit."""

import datetime
import os
import re
import shutil
import subprocess

import pytest

import contrat
from outils import construction, modeles
from conftest import AUJOURDHUI, RACINE, Contenu, avertissements_inattendus, ecrire_document

ACTION = dict(title='"Une action"', date="2020-05-04", pole="plaidoyer", nature="appel")
COMMUNIQUE = dict(title='"Un communiqué"', date="2020-05-04", summary='"En bref."')
FICHE = dict(title='"Une fiche"', date="2026-11-01", modified="2026-11-01")


def refus(contenu, tmp_path):
    """Construit et renvoie le message du refus (le test échoue si le build passe)."""
    with pytest.raises(construction.BuildRefuse) as refuse:
        contenu.construire(tmp_path / "output")
    return str(refuse.value)


def refus_du_contrat(dossier, relatif=None, **champs):
    """Le message de refus du contrat pour content/ de `dossier` (avec ce document s'il est donné), sans build."""
    contenu = Contenu(dossier / "content", dossier / "cache")
    if relatif:
        ecrire_document(contenu, relatif, **champs)
    _, problemes = contrat.valider(construction.reglages(PATH=str(contenu.dossier), AUJOURDHUI=AUJOURDHUI))
    assert problemes, "le contrat a accepté le contenu"
    return contrat.regles.rapport_problemes(problemes)


@pytest.mark.parametrize(
    "relatif, champs, attendu",
    [
        ("actions/sans-titre.md", {**ACTION, "title": None}, "champ « title » :\n    champ obligatoire manquant"),
        ("actions/sans-date.md", {**ACTION, "date": None}, "champ « date » :\n    champ obligatoire manquant"),
        ("actions/date-francaise.md", {**ACTION, "date": "04/05/2020"}, "ligne 3, champ « date » :\n    « 04/05/2020 » n'est pas une date"),
        ("actions/date-impossible.md", {**ACTION, "date": "2020-02-30"}, "ligne 3, champ « date » :\n    la date « 2020-02-30 » n'existe pas"),
        ("actions/fin-avant-debut.md", {**ACTION, "date_fin": "2020-05-01"}, "champ « date_fin » :\n    la date de fin (2020-05-01) est avant la date de début (2020-05-04)"),
        ("actions/pole-inconnu.md", {**ACTION, "pole": "cuisine"}, "champ « pole » :\n    « cuisine » n'est pas un pôle connu ; attendu : l'un de sensibilisation, plaidoyer"),
        ("actions/nature-inconnue.md", {**ACTION, "nature": "pique-nique"}, "champ « nature » :\n    « pique-nique » n'est pas une nature d'action connue"),
        ("actions/sans-pole.md", {**ACTION, "pole": None}, "champ « pole » :\n    champ obligatoire manquant pour une action"),
        ("actions/chiffre-inconnu.md", {**ACTION, "chiffres": "{kilometres: 12}"}, "« kilometres » n'est pas un chiffre connu ; attendu : l'un de personnes_secourues"),
        ("actions/chiffre-negatif.md", {**ACTION, "chiffres": "{participants: -3}"}, "« participants: -3 » : attendu un nombre entier positif ou nul"),
        ("actions/chiffre-texte.md", {**ACTION, "chiffres": "{participants: environ 400}"}, "« participants: environ 400 » : attendu un nombre entier"),
        ("actions/heure.md", {**ACTION, "heure": '"25:00"'}, "champ « heure » :\n    « 25:00 » n'est pas une heure ; attendu : HH:MM"),
        ("actions/partenaires.md", {**ACTION, "partenaires": "Anafé"}, "champ « partenaires » :\n    attendu : une liste de textes"),
        ("communiques/sans-en-bref.md", {**COMMUNIQUE, "summary": None}, "champ « summary » :\n    champ obligatoire manquant pour un communiqué"),
        ("communiques/tags.md", {**COMMUNIQUE, "tags": "frontière"}, "champ « tags » :\n    attendu : une liste de textes"),
        ("communiques/champ-inconnu.md", {**COMMUNIQUE, "sumary": '"faute de frappe"'}, "ligne 5, champ « sumary » :\n    champ inconnu pour un communiqué"),
        ("communiques/slug.md", {**COMMUNIQUE, "slug": "Mon Slug"}, "champ « slug » :\n    « Mon Slug » n'est pas un slug valide"),
        ("communiques/statut.md", {**COMMUNIQUE, "status": "brouillon"}, "champ « status » :\n    « brouillon » n'est pas un statut connu"),
        ("communiques/pole.md", {**COMMUNIQUE, "pole": "plaidoyer"}, "champ « pole » :\n    champ inconnu pour un communiqué"),
        ("lettres/numero.md", {**COMMUNIQUE, "numero": "sept"}, "champ « numero » :\n    « sept » n'est pas un numéro"),
        ("fiches-pratiques/relue-sans-date.md", {**FICHE, "verifiee_le": None, "verifiee_par": '"pôle action juridique"'}, "champ « verifiee_par » :\n    une relecture juridique se date : ajoutez « verifiee_le: AAAA-MM-JJ »"),
        ("fiches-pratiques/sans-mise-a-jour.md", {**FICHE, "modified": None}, "champ « modified » :\n    champ obligatoire manquant"),
        ("fiches-pratiques/public.md", {**FICHE, "public": "[touristes]"}, "« touristes » n'est pas un public connu ; attendu : l'un de maraudeurs, exiles, benevoles"),
        ("fiches-pratiques/theme.md", {**FICHE, "theme": "cuisine"}, "« cuisine » n'est pas un thème connu"),
        ("actions/ancienne-adresse.md", {**ACTION, "anciennes_urls": "[sinformer/sans-barre]"}, "champ « anciennes_urls » :\n    attendu : une liste d'adresses de l'ancien site commençant par /"),
    ],
)
def test_un_champ_fautif_est_refuse_avec_un_message_precis(tmp_path, relatif, champs, attendu):
    # La règle elle-même, sur le seul fichier fautif : pas besoin de Pelican (les refus de bout en bout,
    # par un vrai build, sont testés plus bas sur quelques cas).
    message = refus_du_contrat(tmp_path, relatif, **{k: v for k, v in champs.items() if v is not None})
    assert f"content/{relatif}" in message
    assert attendu in message
    assert "Traceback" not in message


@pytest.mark.parametrize(
    "relatif, champs, attendu",
    [
        ("actions/date-impossible.md", {**ACTION, "date": "2020-02-30"}, "ligne 3, champ « date » :\n    la date « 2020-02-30 » n'existe pas"),
        ("communiques/champ-inconnu.md", {**COMMUNIQUE, "sumary": '"faute de frappe"'}, "ligne 5, champ « sumary » :\n    champ inconnu pour un communiqué"),
    ],
)
def test_un_champ_fautif_arrete_le_build_avec_un_message_precis(contenu, tmp_path, relatif, champs, attendu):
    ecrire_document(contenu, relatif, **champs)
    message = refus(contenu, tmp_path)
    assert f"content/{relatif}" in message
    assert attendu in message
    assert message == refus_du_contrat(tmp_path / "seul", relatif, **champs)
    assert "Traceback" not in message


@pytest.mark.parametrize(
    "texte, attendu",
    [
        ("Pas d'en-tête du tout.\n", "ligne 1 :\n    le fichier doit commencer par une ligne « --- »"),
        ("---\ntitle: \"Sans fin\"\ndate: 2020-01-01\n", "l'en-tête n'est pas refermé par une ligne « --- »"),
        ("---\ntitle: Deux points: ici\ndate: 2020-01-01\n---\n", "ligne 2 :\n    l'en-tête est illisible : un « : » inattendu dans une valeur"),
        ("---\ntitle: \"Guillemets ouverts\ndate: 2020-01-01\n---\n", "l'en-tête est illisible"),
        ("---\n- une\n- liste\n---\n", "l'en-tête doit être une suite de lignes « champ: valeur »"),
    ],
)
def test_un_en_tete_illisible_est_signale_sans_trace_python(tmp_path, texte, attendu):
    Contenu(tmp_path / "content", tmp_path / "cache").ecrire("communiques/illisible.md", texte)
    message = refus_du_contrat(tmp_path)
    assert "content/communiques/illisible.md" in message
    assert attendu in message


def test_deux_documents_a_la_meme_adresse_sont_refuses(contenu, tmp_path):
    ecrire_document(contenu, "communiques/a.md", **{**COMMUNIQUE, "slug": "meme-adresse"})
    ecrire_document(contenu, "communiques/b.md", **{**COMMUNIQUE, "slug": "meme-adresse"})
    message = refus(contenu, tmp_path)
    assert "content/communiques/b.md, ligne 5, champ « slug » :\n    l'adresse /communiques/meme-adresse/ est déjà prise par content/communiques/a.md" in message


def test_une_page_ne_peut_pas_prendre_une_adresse_du_site(contenu, tmp_path):
    ecrire_document(contenu, "pages/chronologie.md", title='"Chronologie"', date="2020-01-01")
    assert "l'adresse /chronologie/ est déjà prise par le site lui-même" in refus(contenu, tmp_path)


def test_le_titre_donne_l_adresse_quand_il_n_y_a_pas_de_slug(contenu, tmp_path):
    ecrire_document(contenu, "communiques/x.md", **{**COMMUNIQUE, "title": '"Été à Névache"'})
    ecrire_document(contenu, "communiques/y.md", **{**COMMUNIQUE, "title": '"ete a nevache"'})
    assert "l'adresse /communiques/ete-a-nevache/ est déjà prise" in refus(contenu, tmp_path)


def test_tous_les_problemes_d_un_build_sont_listes_ensemble(contenu, tmp_path):
    ecrire_document(contenu, "actions/un.md", **{**ACTION, "pole": "cuisine"})
    ecrire_document(contenu, "communiques/deux.md", **{**COMMUNIQUE, "date": "2021-02-29"})
    message = refus(contenu, tmp_path)
    assert message.startswith("Le site n'a pas été construit : 2 problèmes à corriger.")
    assert "content/actions/un.md" in message and "content/communiques/deux.md" in message


def test_un_build_refuse_laisse_le_site_precedent_intact(contenu, tmp_path):
    sortie = tmp_path / "output"
    site = contenu.construire(sortie)
    avant = {p: p.stat().st_mtime_ns for p in sortie.rglob("*") if p.is_file()}
    ecrire_document(contenu, "communiques/casse.md", **{**COMMUNIQUE, "date": "2020-13-01"})
    with pytest.raises(construction.BuildRefuse):
        contenu.construire(sortie)
    apres = {p: p.stat().st_mtime_ns for p in sortie.rglob("*") if p.is_file()}
    assert apres == avant
    assert site.existe("/communiques/") and not (tmp_path / "output.neuf").exists()


def test_un_brouillon_valide_n_apparait_nulle_part(contenu, tmp_path):
    ecrire_document(contenu, "communiques/brouillon.md",
                    **{**COMMUNIQUE, "title": '"Brouillon secret Zanzibar"', "status": "draft"})
    site = contenu.construire(tmp_path / "output")
    trouves = [p for p in site.dossier.rglob("*") if p.is_file() and b"Zanzibar" in p.read_bytes()]
    assert trouves == []
    assert not site.existe("/drafts/")


def _copie_du_projet(tmp_path):
    copie = tmp_path / "projet"
    ignorer = shutil.ignore_patterns(".venv", ".git", "output*", "cache", "node_modules", "__pycache__", "bench")
    shutil.copytree(RACINE, copie, ignore=ignorer)
    return copie


def _invoke(projet, *arguments):
    return subprocess.run(
        [os.path.join(RACINE, ".venv", "bin", "invoke"), *arguments],
        cwd=projet, capture_output=True, text=True, env={**os.environ, "TM_AUJOURDHUI": "2026-11-27"},
    )


def test_make_check_et_build_refusent_en_francais_sans_trace_python(tmp_path):
    projet = _copie_du_projet(tmp_path)
    (projet / "content" / "actions" / "faute.md").write_text(
        '---\ntitle: "Faute"\ndate: 2020-02-30\npole: plaidoyer\nnature: appel\n---\nTexte\n', encoding="utf-8")
    for commande in ("check", "build"):
        resultat = _invoke(projet, commande)
        assert resultat.returncode == 1
        sortie = resultat.stdout + resultat.stderr
        assert "content/actions/faute.md, ligne 3, champ « date » :" in sortie
        assert "la date « 2020-02-30 » n'existe pas" in sortie
        assert "Traceback" not in sortie
    assert not (projet / "output").exists()


# Ce qu'un·e bénévole écrit à la place de chaque « À REMPLIR : … » du modèle.
REMPLISSAGE = {
    "summary": '"Le 3 mars, une rencontre à Briançon."', "numero": "7", "verifiee_le": "2026-11-20",
    "public": "[maraudeurs]", "theme": "police-justice", "pole": "plaidoyer", "nature": "rencontre",
    "lieu": "Briançon",
}


def _remplir(chemin):
    lignes = []
    for ligne in chemin.read_text(encoding="utf-8").split("\n"):
        champ = ligne.split(":", 1)[0]
        if "À REMPLIR :" in ligne:
            ligne = f"{champ}: {REMPLISSAGE[champ]}" if champ in REMPLISSAGE else "Le vrai texte du document."
        lignes.append(ligne)
    chemin.write_text("\n".join(lignes), encoding="utf-8")


def test_invoke_new_cree_un_fichier_refuse_tant_qu_il_n_est_pas_rempli_puis_accepte(tmp_path):
    projet = _copie_du_projet(tmp_path)
    crees = []
    for type_, dossier in (("communique", "communiques"), ("lettre", "lettres"), ("fiche", "fiches-pratiques"), ("action", "actions")):
        resultat = _invoke(projet, "new", type_, f"Titre « {type_} » d'essai : été")
        assert resultat.returncode == 0, resultat.stderr
        trouves = list((projet / "content" / dossier).glob(f"*-titre-{type_}-d-essai-ete.md"))
        assert len(trouves) == 1
        crees.append(trouves[0])
    # Tel que créé : refusé, chaque champ du modèle nommé, en français.
    resultat = _invoke(projet, "check")
    sortie = resultat.stdout + resultat.stderr
    assert resultat.returncode == 1
    for chemin in crees:
        relatif = chemin.relative_to(projet).as_posix()
        assert re.search(rf"{relatif}, ligne \d, champ « summary » :\n    pas encore rempli : remplacez « À REMPLIR : ", sortie)
        assert f"le texte est encore celui du modèle (« À REMPLIR : le texte, en Markdown. »)" in sortie
    action = crees[3].relative_to(projet).as_posix()
    for champ in ("pole", "nature", "lieu"):
        assert f"{action}, ligne {5 + ('pole', 'nature', 'lieu').index(champ)}, champ « {champ} » :\n    pas encore rempli" in sortie
    assert "Traceback" not in sortie
    # Rempli : accepté, et le site se construit.
    for chemin in crees:
        _remplir(chemin)
    resultat = _invoke(projet, "check")
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr


def test_le_modele_d_une_action_ne_donne_ni_pole_ni_nature_ni_lieu_reels():
    _, champs = modeles.MODELES["action"]
    for champ in ("pole", "nature", "lieu"):
        ligne = next(l for l in champs.split("\n") if l.startswith(champ + ":"))
        assert "À REMPLIR :" in ligne


def test_le_vrai_contenu_respecte_le_contrat_et_se_construit_sans_avertissement(site):
    assert avertissements_inattendus(site) == []


def test_la_liste_des_communiques_est_en_francais(site):
    html = site.texte("/communiques/")
    assert html.count('class="carte"') == 18
    assert "20 novembre 2019" in html and "20 janvier 2021" in html
    assert '<html lang="fr">' in html


def test_chaque_communique_a_sa_page_avec_son_en_bref(site):
    pages = sorted((site.dossier / "communiques").glob("*/index.html"))
    assert len([p for p in pages if p.parent.name != "page"]) == 18
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'id="en-bref"' in html, page


def test_les_slugs_sont_en_ascii(site):
    for chemin in site.dossier.rglob("index.html"):
        assert chemin.relative_to(site.dossier).as_posix().isascii(), chemin


def test_un_fichier_et_sa_date_donnent_une_date_francaise(site):
    html = site.texte("/communiques/11-personnes-secourues-montgenevre/")
    assert '<time datetime="2020-01-13">13 janvier 2020</time>' in html


def test_le_site_a_ses_fichiers_de_base(site):
    for adresse in ("/404.html", "/robots.txt", "/sitemap.xml", "/favicon.svg", "/feeds/tout.atom.xml", "/feeds/communiques.atom.xml", "/sujets/"):
        assert site.existe(adresse), adresse
    assert not site.existe("/author/") and not site.existe("/archives.html")




@pytest.mark.parametrize(
    "ancienne, attendu",
    [
        ("/index.html", "l'ancienne adresse /index.html est un fichier du nouveau site"),
        ("/robots.txt", "l'ancienne adresse /robots.txt est un fichier du nouveau site"),
        ("/uploads/lettre.pdf", "l'ancienne adresse /uploads/lettre.pdf n'est pas une page"),
    ],
)
def test_une_ancienne_adresse_ne_remplace_pas_un_fichier_du_site(contenu, tmp_path, ancienne, attendu):
    ecrire_document(contenu, "actions/redirige.md", **{**ACTION, "anciennes_urls": f"[{ancienne}]"})
    message = refus(contenu, tmp_path)
    assert "content/actions/redirige.md, ligne 6, champ « anciennes_urls » :" in message
    assert attendu in message


def test_la_page_d_un_sujet_liste_tous_ses_documents_et_eux_seuls_du_plus_recent_au_plus_ancien(site):
    from contrat import frontmatter
    from pelican.utils import slugify

    attendus = []
    for chemin in (RACINE / "content").rglob("*.md"):
        meta = frontmatter.lire(chemin).meta
        if "justice" in (meta.get("tags") or []) and meta.get("status") != "draft":
            attendus.append((datetime.date.fromisoformat(str(meta["date"])), meta.get("precision"), meta.get("slug") or slugify(str(meta["title"]))))
    adresse, vus = "/sujets/justice/", []
    while adresse:
        html = site.texte(adresse)
        vus += re.findall(r'class="carte-titre"><a href="[^"]*/([^/"]+)/">', html)
        suivante = re.search(r'<a rel="next" href="(?:https?://[^/]+)?([^"]+)"', html)
        adresse = suivante and suivante.group(1)
    assert len(attendus) > 20  # assez pour deux pages
    # Le plus récent d'abord, à la précision connue (un fait daté au mois passe avant les jours de ce mois) ;
    # à clé égale, par slug (pelicanconf.ordre_des_articles).
    from contrat.dates import cle_de_tri_recente

    attendus.sort(key=lambda a: (*cle_de_tri_recente(a[0], a[1] or "jour"), a[2]))
    assert vus == [slug for *_, slug in attendus]


def test_un_build_refuse_rend_au_ramasse_miettes_ses_reglages(contenu, tmp_path):
    # `make serve` enchaîne les builds dans le même processus : rien ne doit rester gelé ni déréglé.
    import gc

    avant = gc.get_threshold(), gc.get_freeze_count()
    ecrire_document(contenu, "actions/sans-pole.md", **{**ACTION, "pole": None})
    refus(contenu, tmp_path)
    assert (gc.get_threshold(), gc.get_freeze_count()) == avant


def test_le_refus_de_make_check_ne_parle_pas_d_un_build_qu_il_ne_fait_pas(tmp_path):
    contenu = Contenu(tmp_path / "content", tmp_path / "cache")
    ecrire_document(contenu, "communiques/faute.md", title='"Faute"', date="2020-02-30", summary='"En bref."')
    compte, rapport = construction.verifier_contenu(construction.reglages(PATH=str(contenu.dossier), AUJOURDHUI=AUJOURDHUI,
                                                                         CACHE_PATH=str(contenu.cache)))
    assert compte is None
    assert rapport.splitlines()[0] == "Le contenu a des problèmes : 1 problème à corriger."
    assert "output/" not in rapport and "- content/communiques/faute.md, ligne 3, champ « date » :" in rapport


def test_chaque_type_qui_a_sa_page_a_son_gabarit_et_article_html_ne_choisit_pas_d_apres_la_rubrique():
    gabarits = RACINE / "theme" / "templates"
    for nom in contrat.regles.GABARITS.values():
        assert '{% extends "article.html" %}' in (gabarits / f"{nom}.html").read_text(encoding="utf-8"), nom
    assert "category.slug ==" not in (gabarits / "article.html").read_text(encoding="utf-8")


LANGUES = construction.reglages()["LANGUES"]


@pytest.mark.parametrize(
    "reglages, attendu",
    [
        (dict(LANGUES_LOCALES={"fa": "fa_XX"}), "pelicanconf.py, champ « LANGUES_LOCALES » :\n    « fa » : locale « fa_XX » inconnue"),
        (dict(LANGUES_LOCALES={"fa": "fa-AF"}), "locale « fa-AF » inconnue ; attendu : une locale de Babel"),
        (dict(LANGUES_LOCALES={"fa": "ar_AF"}), "« fa » : locale « ar_AF » inconnue"),
        (dict(LANGUES_LOCALES={"de": "de_CH"}), "« de » n'est pas une langue de LANGUES (en, ar, fa, ps)"),
        (dict(LANGUES={**LANGUES, "xx": ("Xx", "ltr")}), "pelicanconf.py, champ « LANGUES » :\n    langue « xx » inconnue"),
        (dict(LANGUES={**LANGUES, "ar": ("العربية", "droite")}), "attendu : (nom de la langue dans sa propre écriture"),
    ],
)
def test_une_langue_ou_une_locale_inconnue_de_babel_est_refusee_au_debut_du_build(contenu, tmp_path, reglages, attendu):
    # Sans ce refus, Babel arrêtait le build au milieu (UnknownLocaleError, en anglais) ; ici rien n'est écrit.
    with pytest.raises(construction.BuildRefuse) as refuse:
        contenu.construire(tmp_path / "output", GENERER_PDF=False, **reglages)
    assert attendu in str(refuse.value) and str(refuse.value).count("pelicanconf.py") == 1
    assert "Traceback" not in str(refuse.value) and "unknown" not in str(refuse.value)
    assert not (tmp_path / "output").exists()
