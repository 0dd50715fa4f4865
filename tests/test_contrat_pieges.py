"""Les erreurs qui passaient sans bruit : un « # » qui coupe un titre, une tabulation, un fichier du
modèle jamais rempli ; et des messages qui disent ce qui est attendu. Les règles sont appelées sur le
texte d'un fichier, sans construire le site."""

import pytest

import pelicanconf
from contrat import frontmatter, regles

LISTES = regles.Listes.depuis_reglages(vars(pelicanconf))


def problemes(relatif, texte):
    """Les problèmes que le contrat trouve dans ce fichier, chacun écrit comme dans `make check`."""
    chemin = f"content/{relatif}"
    try:
        source = frontmatter.lire_texte(texte)
    except frontmatter.ErreurLecture as erreur:
        return [str(regles.Probleme(chemin, erreur.message, ligne=erreur.ligne))]
    _, trouves = regles.valider_source(chemin, regles.type_du_chemin(relatif), source, LISTES)
    return [str(p) for p in trouves]


GUILLEMETS = ("Chaque ligne s'écrit « champ: valeur » ; une valeur qui contient « : » ou « # » se met entre "
              "guillemets, par exemple title: \"Rassemblement #2 au col\"")


@pytest.mark.parametrize("entete, ligne, perdu", [
    ("title: Rassemblement #2 au col\ndate: 2020-05-04", 2, "#2 au col"),
    ("title: \"Titre\"\ndate: 2020-05-04 # le jour J", 3, "# le jour J"),
    ("title: \"Titre\"\ndate: 2020-05-04\ntags: [frontière] #maraudes", 4, "#maraudes"),
    ("title: \"Titre\"\ndate: 2020-05-04\nanciennes_urls:\n  - /sinformer/page #2", 5, "#2"),
])
def test_un_diese_sans_guillemets_est_refuse_avec_le_conseil_des_guillemets(entete, ligne, perdu):
    trouves = problemes("communiques/diese.md", f"---\n{entete}\nsummary: \"En bref.\"\n---\nTexte\n")
    assert trouves == [
        f"content/communiques/diese.md, ligne {ligne} :\n    un « # » dans une valeur sans guillemets : "
        f"YAML lit « {perdu} » comme un commentaire et l'efface. {GUILLEMETS}"
    ]


def test_le_conseil_des_guillemets_est_le_meme_pour_deux_points_et_diese():
    deux_points = problemes("communiques/a.md", "---\ntitle: Deux points: ici\n---\n")
    assert deux_points[0].endswith(f"un « : » inattendu dans une valeur. {GUILLEMETS}")


DANS_UNE_VALEUR = ("Les guillemets droits \" ouvrent et ferment la valeur : dans le texte, écrivez plutôt « » "
                   "(title: \"Le « beau » jour\") ; une apostrophe va dans une valeur entre \" (title: \"L'été au col\")")


@pytest.mark.parametrize("entete, ligne, probleme", [
    # YAML s'arrête deux lignes plus bas (« did not find expected key ») : c'est la ligne du guillemet qui compte.
    ("title: \"Rassemblement au col\ndate: 2020-05-04\nsummary: \"En bref.\"",
     2, "le guillemet « \" » qui ouvre la valeur n'est pas refermé sur la même ligne"),
    ("title: \"Un \"beau\" jour\"\ndate: 2020-05-04\nsummary: \"En bref.\"",
     2, "le guillemet « \" » qui ouvre la valeur est refermé trop tôt, au milieu du texte (avant « beau\" jour\" »)"),
    ("title: \"Titre\"\ndate: 2020-05-04\nsummary: 'L'été au col'",
     4, "l'apostrophe « ' » qui ouvre la valeur est refermée trop tôt, au milieu du texte (avant « été au col' »)"),
    ("title: \"Titre\"\ndate: 2020-05-04\nsummary: \"En bref.\"\npartenaires:\n  - \"Médecins du Monde\n  - Anafé",
     6, "le guillemet « \" » qui ouvre la valeur n'est pas refermé sur la même ligne"),
])
def test_des_guillemets_mal_fermes_sont_nommes_a_leur_ligne(entete, ligne, probleme):
    trouves = problemes("communiques/guillemets.md", f"---\n{entete}\n---\nTexte\n")
    assert trouves == [
        f"content/communiques/guillemets.md, ligne {ligne} :\n    l'en-tête est illisible : {probleme}. {DANS_UNE_VALEUR}"
    ]


@pytest.mark.parametrize("entete", [
    "title: \"Un \\\"beau\\\" jour\"", "title: 'L''été au col'", "title: \"Le « beau » jour\"",
])
def test_des_guillemets_bien_fermes_passent(entete):
    assert problemes("communiques/guillemets.md", f"---\n{entete}\ndate: 2020-05-04\nsummary: \"En bref.\"\n---\nTexte\n") == []


@pytest.mark.parametrize("entete", [
    'title: "Un titre #2"\ndate: 2020-05-04\nsummary: "Le 4 mai : #solidarité"',
    '# Une ligne de commentaire reste permise\ntitle: "Titre"\ndate: 2020-05-04\nsummary: "En bref."',
    'title: C#, un langage\ndate: 2020-05-04\nsummary: "En bref."',  # « # » collé : pas un commentaire
])
def test_un_diese_entre_guillemets_ou_en_debut_de_ligne_est_accepte(entete):
    assert problemes("communiques/ok.md", f"---\n{entete}\n---\nTexte\n") == []


@pytest.mark.parametrize("entete, ligne", [
    ("title:\t\"Titre\"\ndate: 2020-05-04", 2),
    ("title: \"Titre\"\n\tdate: 2020-05-04", 3),
    ("title: \"Titre\"\ndate: 2020-05-04\ntags:\n\t- frontière", 5),
])
def test_une_tabulation_ou_qu_elle_soit_dans_l_en_tete_donne_un_seul_message(entete, ligne):
    trouves = problemes("communiques/tab.md", f"---\n{entete}\nsummary: \"En bref.\"\n---\nTexte\n")
    assert trouves == [
        f"content/communiques/tab.md, ligne {ligne} :\n    l'en-tête contient une tabulation ; écrivez des espaces "
        "à la place (une tabulation ne se voit pas, et YAML la lit différemment selon sa place)"
    ]


@pytest.mark.parametrize("relatif, entete, attendu", [
    ("communiques/a.md", 'title: "T"\ndate: 2020-05-04', "champ obligatoire manquant pour un communiqué"),
    ("lettres/a.md", 'title: "T"\ndate: 2020-05-04\npole: plaidoyer', "champ inconnu pour une lettre d'information"),
    ("fiches-pratiques/a.md", 'title: "T"\ndate: 2020-05-04', "champ obligatoire manquant pour une fiche pratique"),
    ("actions/a.md", 'title: "T"\ndate: 2020-05-04\npole: plaidoyer', "champ obligatoire manquant pour une action"),
    ("pages/a.md", 'title: "T"\ndate: 2020-05-04\npole: plaidoyer', "champ inconnu pour une page"),
    ("rapports/a.md", 'title: "T"\ndate: 2020-05-04\npole: plaidoyer', "champ inconnu pour un rapport d'activité"),
])
def test_les_messages_disent_le_type_avec_son_article(relatif, entete, attendu):
    trouves = problemes(relatif, f"---\n{entete}\n---\nTexte\n")
    assert any(attendu in p for p in trouves), trouves
    assert not any("un·e" in p for p in trouves)


def test_une_date_manquante_donne_le_format_attendu():
    trouves = problemes("actions/a.md", '---\ntitle: "T"\npole: plaidoyer\nnature: appel\n---\nTexte\n')
    assert trouves == [
        "content/actions/a.md, champ « date » :\n    champ obligatoire manquant pour une action ; à ajouter dans "
        "l'en-tête, au format AAAA-MM-JJ : par exemple « date: 2020-09-21 »"
    ]


@pytest.mark.parametrize("valeur, attendu", [
    ("", "ce champ est vide ; il est obligatoire ; attendu : une date réelle au format AAAA-MM-JJ, par exemple 2020-09-21"),
    ("21/09/2020", "« 21/09/2020 » n'est pas une date ; attendu : une date réelle au format AAAA-MM-JJ, par exemple 2020-09-21"),
    ("2020-9-21", "« 2020-9-21 » n'est pas une date ; attendu : une date réelle au format AAAA-MM-JJ, par exemple 2020-09-21"),
])
def test_une_date_vide_ou_mal_ecrite_donne_le_format_attendu(valeur, attendu):
    trouves = problemes("actions/a.md", f'---\ntitle: "T"\ndate: {valeur}\npole: plaidoyer\nnature: appel\n---\nTexte\n')
    assert trouves == [f"content/actions/a.md, ligne 3, champ « date » :\n    {attendu}"]


def test_un_texte_du_modele_est_refuse_champ_par_champ_et_dans_le_corps():
    texte = ('---\ntitle: "Rassemblement"\ndate: 2020-05-04\nsummary: "À REMPLIR : une phrase."\n'
             'pole: "À REMPLIR : l\'un de plaidoyer"\nnature: appel\nlieu: "À REMPLIR : la commune"\n---\n\n'
             'Premier paragraphe.\n\nÀ REMPLIR : la suite.\n')
    assert problemes("actions/a.md", texte) == [
        "content/actions/a.md, ligne 4, champ « summary » :\n    pas encore rempli : remplacez « À REMPLIR : une phrase. » par la vraie valeur "
        "(ou supprimez la ligne : ce champ est facultatif)",
        "content/actions/a.md, ligne 5, champ « pole » :\n    pas encore rempli : remplacez « À REMPLIR : l'un de plaidoyer » par la vraie valeur",
        "content/actions/a.md, ligne 7, champ « lieu » :\n    pas encore rempli : remplacez « À REMPLIR : la commune » par la vraie valeur "
        "(ou supprimez la ligne : ce champ est facultatif)",
        "content/actions/a.md, ligne 12 :\n    le texte est encore celui du modèle (« À REMPLIR : la suite. ») ; écrivez le vrai texte",
    ]


def test_a_remplir_en_minuscules_dans_un_texte_reste_permis():
    texte = '---\ntitle: "T"\ndate: 2020-05-04\nsummary: "Le formulaire à remplir."\n---\nLe formulaire à remplir : en ligne.\n'
    assert problemes("communiques/a.md", texte) == []
