"""Le HTML des textes : seule une courte liste de balises et d'attributs sans danger passe, vérifiée
par nh3 ; tout le reste refuse le build, en français, avec le fichier, la ligne, la balise ou
l'attribut, et ce qu'il faut écrire à la place. Le même HTML va partout où va un texte (page, flux,
courriel, PDF, recherche) : un seul contrôle, à la lecture, les couvre tous."""

import feedparser
import pytest

import contrat
from outils import construction
from conftest import ecrire_document
from contrat import assainir, typographie
from contrat.verification import markdown_du_site, rendre_corps
from test_contrat import ACTION, COMMUNIQUE, FICHE, refus

LETTRE = dict(title='"Une lettre"', date="2020-05-04")
PAGE = dict(title='"Une page"', date="2020-05-04")
RAPPORT = dict(title='"Rapport 2020"', date="2020-12-31")


def retires(markdown):
    """Ce que le contrôle retire du corps Markdown, rendu comme au build : [(balise, attribut)]."""
    _, retraits = rendre_corps(markdown_du_site(construction.reglages()), markdown)
    return [(r.balise, r.attribut) for r in retraits]


@pytest.mark.parametrize(
    "markdown, retire",
    [
        ("Texte.\n\n<script>fetch('/admin/')</script>", ("script", None)),
        ('<img src="/images/a.png" onerror="alert(1)">', ("img", "onerror")),
        ("[cliquez](javascript:alert(1))", ("a", "href")),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', ("a", "href")),
        ('<a href="JAVASCRIPT:alert(1)">x</a>', ("a", "href")),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', ("a", "href")),
        ('<iframe src="https://www.youtube.com/embed/x"></iframe>', ("iframe", None)),
        ('<object data="/images/x.pdf"></object>', ("object", None)),
        ('<embed src="/images/x.swf">', ("embed", None)),
        ('<form action="https://ailleurs.example/"><input name="q"></form>', ("form", None)),
        ("<style>body { display: none }</style>", ("style", None)),
        ('<p style="color: red">rouge</p>', ("p", "style")),
        ('<svg><script>alert(1)</script></svg>', ("svg", None)),
        ('<a href="https://exemple.org" target="_blank">x</a>', ("a", "target")),
        ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', ("img", "src")),
        ("Paragraphe\n{: onclick=\"alert(1)\" }", ("p", "onclick")),
        ("# Un titre de niveau 1", ("h1", None)),
    ],
)
def test_le_html_dangereux_d_un_texte_est_retire_par_nh3(markdown, retire):
    assert retire in retires(markdown)


def test_le_markdown_et_le_html_permis_passent_sans_rien_perdre():
    markdown = """## Intertitre

Une note[^1], de l'*italique*, du **gras**, du `code`, un [lien](https://exemple.org "titre"),
un [courriel](mailto:contact@tousmigrants.org), un [téléphone](tel:+33600000000),
une [page du site](/chronologie/), une [ancre](#intertitre), [une autre]({filename}/pages/presse.md).

*[OQTF]: obligation de quitter le territoire français

Une OQTF, le 1<sup>er</sup> mai, H<sub>2</sub>O,<br>à la ligne.

| lieu | nombre |
|:--|--:|
| Montgenèvre | 12 |

Terme
:   définition

```
bloc de code
```

> une citation

---

![Le col](/images/col.jpg "Le col de l'Échelle")

<figure><img src="/images/col.jpg" alt="Le col" width="600" height="400"><figcaption>Le col</figcaption></figure>

<details><summary>En savoir plus</summary>Le détail.</details>

<p lang="en" dir="ltr"><abbr title="Police aux frontières">PAF</abbr> <q>quote</q> <mark>x</mark> <del>y</del></p>

1. un
2. deux

[^1]: La note.
"""
    assert retires(markdown) == []


@pytest.mark.parametrize(
    "relatif, champs, corps, attendu",
    [
        ("communiques/script.md", COMMUNIQUE, "Texte.\n\n<script>alert(1)</script>",
         "la balise <script> n'est pas permise dans le texte"),
        ("lettres/image.md", LETTRE, "Bonjour.\n\n<img src=\"/images/a.png\" onerror=\"alert(1)\">",
         "l'attribut « onerror » (sur <img>) lance un script : retirez-le"),
        ("fiches-pratiques/lien.md", FICHE, "Voir [ici](javascript:alert(document.cookie)).",
         "l'adresse « javascript:alert(document.cookie) » n'est pas permise : un lien commence par https://"),
        ("actions/video.md", ACTION, "La vidéo :\n\n<iframe src=\"https://video.example/x\"></iframe>",
         "la balise <iframe> n'est pas permise dans le texte : mettez plutôt un lien"),
        ("pages/formulaire.md", PAGE, "<form action=\"/\"><button>Envoyer</button></form>",
         "la balise <form> n'est pas permise dans le texte : mettez plutôt un lien vers le formulaire"),
        ("rapports/2020.md", RAPPORT, "Éditorial.\n\n<p style=\"position: fixed\">x</p>",
         "l'attribut « style » (sur <p>) n'est pas permis"),
    ],
)
def test_un_texte_avec_du_html_interdit_arrete_le_build_et_make_check(contenu, tmp_path, relatif, champs, corps, attendu):
    chemin = ecrire_document(contenu, relatif, **champs, corps=corps)
    # La ligne du fichier où est écrit le HTML refusé (la dernière du texte).
    ligne = chemin.read_text(encoding="utf-8").split("\n").index(corps.split("\n")[-1]) + 1
    message = refus(contenu, tmp_path)
    assert f"- content/{relatif}, ligne {ligne} :\n    {attendu}" in message
    assert not (tmp_path / "output").exists()
    # make check dit la même chose, par le même chemin.
    _, problemes = contrat.valider(construction.reglages(**contenu.reglages()))
    du_fichier = [f"- {p}" for p in problemes if p.fichier == f"content/{relatif}"]
    assert du_fichier and all(probleme in message for probleme in du_fichier)


def test_un_texte_refuse_le_reste_au_build_suivant_malgre_les_caches(contenu, tmp_path):
    sortie = tmp_path / "output"
    ecrire_document(contenu, "communiques/propre.md", **COMMUNIQUE, corps="Un texte propre.")
    # Les caches en jeu sont ceux de la lecture (le contrat, Pelican) : sans les PDF (celui du rapport se referait).
    contenu.construire(sortie, GENERER_PDF=False)
    avant = {p: p.stat().st_mtime_ns for p in sortie.rglob("*") if p.is_file()}
    # Le même fichier, devenu dangereux après un build réussi : le cache ne le laisse pas passer.
    ecrire_document(contenu, "communiques/propre.md", **COMMUNIQUE, corps="Un texte <script>alert(1)</script>.")
    for _ in range(2):
        assert "content/communiques/propre.md, ligne 7 :\n    la balise <script>" in refus(contenu, tmp_path)
    assert {p: p.stat().st_mtime_ns for p in sortie.rglob("*") if p.is_file()} == avant


def test_le_html_permis_arrive_tel_quel_sur_la_page_dans_le_flux_et_dans_le_courriel(contenu, tmp_path):
    corps = ("Une <abbr title=\"obligation de quitter le territoire français\">OQTF</abbr> "
             "le 1<sup>er</sup> mai.\n\n<details><summary>Plus</summary>Le détail.</details>")
    ecrire_document(contenu, "lettres/2026-11-20-lettre-abbr.md", **{**LETTRE, "date": "2026-11-20"},
                    slug="lettre-abbr", corps=corps)
    site = contenu.construire(tmp_path / "output", GENERER_PDF=False)  # aucun PDF lu (celui du rapport se referait)
    abbr = '<abbr title="obligation de quitter le territoire français">OQTF</abbr>'
    assert abbr in site.texte("/lettres/lettre-abbr/")
    assert "<details><summary>Plus</summary>Le détail.</details>" in site.texte("/lettres/lettre-abbr/")
    assert abbr in site.texte("/lettres/lettre-abbr/lettre-email.html")
    flux = feedparser.parse(site.octets("/feeds/tout.atom.xml"))
    entree = next(e for e in flux.entries if e.link.endswith("/lettres/lettre-abbr/"))
    assert "OQTF</abbr>" in entree.content[0].value


def test_un_texte_refuse_n_arrive_ni_sur_la_page_ni_dans_le_flux_ni_dans_le_courriel(contenu, tmp_path):
    sortie = tmp_path / "output"
    site = contenu.construire(sortie)
    ecrire_document(contenu, "lettres/2026-11-20-piege.md", **{**LETTRE, "date": "2026-11-20"}, slug="piege",
                    corps="Bonjour <img src=x onerror=\"voler_le_jeton()\">.")
    assert "l'attribut « onerror » (sur <img>)" in refus(contenu, tmp_path)
    ecrits = [p for p in sortie.rglob("*") if p.is_file() and b"voler_le_jeton" in p.read_bytes()]
    assert ecrits == [] and not site.existe("/lettres/piege/")


def test_le_vrai_contenu_passe_le_controle_sans_changer(site):
    documents, problemes = contrat.valider(construction.reglages())
    assert problemes == []
    md = markdown_du_site(construction.reglages())
    for document in documents:
        md.reset()
        brut = typographie.typographie_francaise(md.convert(document.corps))
        assert assainir.nettoyer(brut) == brut, document.chemin


def test_un_corps_deja_verifie_n_est_ni_rendu_ni_reverifie_au_build_suivant(contenu):
    reglages = construction.reglages(**contenu.reglages())
    premiers, _ = contrat.valider(reglages, avec_cache=True)
    assert all(d.html is not None for d in premiers)
    ecrire_document(contenu, "communiques/change.md", **COMMUNIQUE, corps="Un texte <abbr title=\"x\">X</abbr>.")
    seconds, _ = contrat.valider(reglages, avec_cache=True)
    # Seul le fichier nouveau est rendu (et vérifié) ; les autres le sont déjà, avec le même code.
    assert [d.chemin for d in seconds if d.html is not None] == ["content/communiques/change.md"]
    # Le même texte, devenu dangereux : rendu et refusé, le cache n'y change rien.
    ecrire_document(contenu, "communiques/change.md", **COMMUNIQUE, corps="Un texte <b onclick=\"x()\">X</b>.")
    _, problemes = contrat.valider(reglages, avec_cache=True)
    assert [p.message for p in problemes] == ["l'attribut « onclick » (sur <b>) lance un script : retirez-le"]
