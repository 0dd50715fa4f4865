"""Les contournements de l'intérieur de Pelican (contrat/pelican_compat.py), épinglés sur sa version.

Une mise à jour de Pelican fait échouer ces tests-ci, avec le nom du contournement à revoir, au lieu de
rendre le build plus lent ou faux en silence. Après vérification de chaque contournement contre la
nouvelle version, mettre à jour VERSION_CONTOURNEE (et requirements.txt)."""

import datetime
import inspect

import pelican
import pytest
from feedgenerator import Atom1Feed
from pelican.contents import Article
from pelican import generators
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category
from pelican.utils import SafeDatetime
from pelican.writers import Writer

from contrat import pelican_compat


def test_pelican_est_la_version_que_les_contournements_lisent():
    assert pelican.__version__ == pelican_compat.VERSION_CONTOURNEE == "4.12.0"


def _article(settings, titre="Saisine\u00a0: le tribunal", slug="saisine"):
    return Article(
        "<p>Texte.</p>",
        metadata={"title": titre, "date": SafeDatetime(2020, 9, 21), "slug": slug,
                  "category": Category("communiques", settings)},
        settings=settings, source_path=f"communiques/{slug}.md", context={"localsiteurl": ""},
    )


@pytest.fixture
def settings():
    return {**DEFAULT_CONFIG, "ARTICLE_URL": "{category}/{slug}/", "ARTICLE_SAVE_AS": "{category}/{slug}/index.html"}


def test_figer_adresses_repose_sur_override_url_de_pelican(settings):
    # Pelican lit `override_url` avant de calculer l'adresse : c'est ce qui rend le figement sûr.
    article = _article(settings)
    assert article.url == "communiques/saisine/"
    pelican_compat.figer_adresses({"articles": [article]})
    assert article.override_url == "communiques/saisine/"
    article.settings = {**settings, "ARTICLE_URL": "ailleurs/{slug}/"}
    assert article.url == "communiques/saisine/"  # figée : le format n'est plus relu
    del article.override_url
    assert article.url == "ailleurs/saisine/"  # et sans elle, Pelican recalcule bien


def test_pelican_teste_encore_l_appartenance_aux_listes_de_sujets_et_de_rubriques():
    # Le contournement ne sert que si Pelican écrit ces pages par `article in articles` : s'il change
    # d'algorithme, ArticlesRanges est à revoir (ou à retirer).
    source = inspect.getsource(ArticlesGenerator.generate_tags) + inspect.getsource(
        ArticlesGenerator.generate_categories)
    assert source.count("[article for article in self.dates if article in articles]") == 2


def test_l_appartenance_a_un_sujet_se_lit_par_identite():
    class Document:
        pass

    a, b, c = Document(), Document(), Document()
    rangs = pelican_compat.ArticlesRanges([a, b])
    assert a in rangs and b in rangs and c not in rangs
    assert list(rangs) == [a, b]


def test_le_titre_d_une_entree_de_flux_garde_ses_espaces_insecables(settings, tmp_path):
    assert list(inspect.signature(Writer._add_item_to_the_feed).parameters) == ["self", "feed", "item"]
    settings = {**settings, "SITEURL": "https://exemple.org", "FEED_DOMAIN": "https://exemple.org"}
    article = _article(settings)
    for ecrivain, attendu in ((Writer, "Saisine : le tribunal"), (pelican_compat.Ecrivain, "Saisine\u00a0: le tribunal")):
        feed = Atom1Feed(title="t", link="https://exemple.org/", description="")
        w = ecrivain(str(tmp_path), settings=settings)
        w.site_url = "https://exemple.org"
        w.feed_domain = "https://exemple.org"
        w._add_item_to_the_feed(feed, article)
        # Pelican seul perd l'espace insécable (striptags) : le contournement est encore nécessaire.
        assert feed.items[-1]["title"] == attendu
    assert isinstance(article.date, datetime.datetime)


def test_les_fichiers_du_cache_de_contenu_portent_le_nom_de_leur_generateur():
    # Pelican nomme chaque cache d'après la classe du générateur (et « -Readers » pour celui des lecteurs) :
    # s'il les renomme, le contrat n'effacerait plus rien et un lecteur modifié passerait inaperçu.
    source = inspect.getsource(generators.CachingGenerator)
    assert 'readers_cache_name=(cls_name + "-Readers")' in source
    assert "cls_name = self.__class__.__name__" in source
    assert "self, self.settings, cls_name, caching_policy, load_policy" in source
    noms = {cls.__name__ for cls in (generators.ArticlesGenerator, generators.PagesGenerator)}
    assert set(pelican_compat.CACHES_DE_CONTENU) == noms | {f"{n}-Readers" for n in noms}


def test_pelican_ne_dit_pas_deux_fois_un_avertissement_et_chaque_build_repart_d_un_filtre_vide():
    import logging

    from pelican.log import LimitFilter

    filtre = LimitFilter()
    message = logging.LogRecord("pelican", logging.WARNING, __file__, 1, "Avertissement : le même", (), None)
    assert filtre.filter(message) is True
    assert filtre.filter(message) is False  # ce que le contournement corrige entre deux builds
    pelican_compat.oublier_les_messages_deja_dits()
    assert filtre.filter(message) is True


def test_deux_builds_du_meme_processus_donnent_chacun_leurs_avertissements(tmp_path):
    from conftest import RACINE, Contenu

    import shutil

    shutil.copytree(RACINE / "content", tmp_path / "content")
    contenu = Contenu(tmp_path / "content", tmp_path / "cache")
    premier = contenu.construire(tmp_path / "un", GENERER_PDF=False)
    second = contenu.construire(tmp_path / "deux", GENERER_PDF=False)
    assert premier.avertissements and second.avertissements == premier.avertissements


def test_chaque_generateur_a_ses_lecteurs_ranges_par_extension():
    # Le contrat donne les lectures de sa vérification au lecteur .md de chaque générateur (articles, pages) :
    # si Pelican range autrement ses lecteurs, chaque fichier serait relu en silence, deux lectures par build.
    from pelican.readers import MarkdownReader, Readers

    assert "self.readers = Readers(self.settings, readers_cache_name)" in inspect.getsource(generators.Generator.__init__)
    assert isinstance(pelican_compat.lecteur_markdown(Readers(dict(DEFAULT_CONFIG))), MarkdownReader)


def test_pelican_ne_rattrape_pas_un_cache_coupe_et_le_contrat_le_lit_comme_absent(tmp_path):
    # Pelican 4.12 lit un cache illisible comme absent, sauf quand sa lecture finit en EOFError (fichier vide,
    # coupé) : le contournement est encore nécessaire, et il donne un cache vide.
    from pelican import cache

    source = inspect.getsource(cache.FileDataCacher)  # le texte du fichier de Pelican, pas l'enveloppe
    assert "except (OSError, UnicodeDecodeError)" in source and "EOFError" not in source
    (tmp_path / "coupe").write_bytes(b"")
    reglages = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path)}
    pelican_compat.lire_un_cache_coupe_comme_absent()
    pelican_compat.lire_un_cache_coupe_comme_absent()  # une seule enveloppe
    assert cache.FileDataCacher(reglages, "coupe", True, True)._cache == {}


def test_pelican_ecrit_chaque_article_avec_le_gabarit_de_son_attribut_template(settings):
    # Le contrat donne à chaque article le gabarit de son type (regles.GABARITS) par cet attribut : si Pelican
    # choisissait autrement, communiqués, fiches et actions perdraient en silence ce qui leur est propre.
    assert "self.get_template(article.template)" in inspect.getsource(ArticlesGenerator.generate_articles)
    article = _article(settings)
    assert article.template == Article.default_template == "article"
    pelican_compat.choisir_gabarit(article, "communique")
    assert article.template == "communique"
    ecrit = Article("<p>Texte.</p>", metadata={"title": "T", "date": SafeDatetime(2020, 9, 21), "template": "a-part",
                                                "category": Category("communiques", settings)},
                    settings=settings, source_path="communiques/t.md", context={"localsiteurl": ""})
    pelican_compat.choisir_gabarit(ecrit, "communique")
    assert ecrit.template == "a-part"  # un `template:` de l'en-tête passe avant


def test_un_cache_de_contenu_ecrit_avec_l_autre_reglage_gzip_est_oublie_sans_bruit(tmp_path):
    # Pelican ouvre son cache par gzip.open ou open selon GZIP_CACHE, et avertit (en anglais) s'il ne peut
    # pas le lire : un cache écrit avec l'autre réglage est effacé avant, par le contrat.
    import gzip
    import pickle
    from types import SimpleNamespace

    from pelican import cache

    from contrat import pelican_wiring

    source = inspect.getsource(cache.FileDataCacher)  # le texte du fichier de Pelican, pas une enveloppe
    assert 'if self.settings["GZIP_CACHE"]:' in source and "self._cache_open = gzip.open" in source
    assert pickle.dumps({}).startswith(b"\x80")  # un pickle ne commence jamais comme un fichier gzip
    compresse, simple = tmp_path / "ArticlesGenerator-Readers", tmp_path / "PagesGenerator-Readers"
    compresse.write_bytes(gzip.compress(pickle.dumps({})))
    simple.write_bytes(pickle.dumps({}))
    assert pelican_compat.caches_d_un_autre_format(str(tmp_path), gzip=False) == [str(compresse)]
    assert pelican_compat.caches_d_un_autre_format(str(tmp_path), gzip=True) == [str(simple)]
    # Le même lecteur (son témoin est à jour) : seul le cache de l'autre format est effacé.
    (tmp_path / "contrat").mkdir()
    (tmp_path / "contrat" / "lecteur.empreinte").write_text(pelican_wiring.CODE_DU_LECTEUR, encoding="ascii")
    pelican_wiring.oublier_les_lectures_d_un_autre_lecteur(
        SimpleNamespace(settings={"CACHE_PATH": str(tmp_path), "GZIP_CACHE": False}))
    assert not compresse.exists() and simple.exists()
