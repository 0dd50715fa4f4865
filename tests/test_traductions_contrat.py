"""Le contrat des traductions (content/traductions/<langue>/<slug>.md) : chaque refus nomme le fichier, la
ligne, le champ et ce qui est attendu. Les règles sont appelées sur un petit content/, sans construire le site."""

import pytest

import pelicanconf
from contrat import regles

LISTES = regles.Listes.depuis_reglages(vars(pelicanconf))
FICHE = "---\ntitle: \"La garde à vue\"\ndate: 2026-11-25\nmodified: 2026-11-30\nslug: garde-a-vue\n---\n\nTexte.\n"
TRADUCTION = "---\ntitle: \"Police custody\"\ntraduction_de: garde-a-vue\nversion_fr: 2026-11-30\n---\n\nText.\n"


def verifier(tmp_path, fichiers):
    """Les documents valides et les problèmes, écrits comme dans `make check`, d'un content/ fait de `fichiers`."""
    (tmp_path / "fiches-pratiques").mkdir()
    (tmp_path / "fiches-pratiques" / "garde-a-vue.md").write_text(FICHE, encoding="utf-8")
    for relatif, texte in fichiers.items():
        chemin = tmp_path / relatif
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(texte, encoding="utf-8")
    documents, problemes = regles.valider_arbre(str(tmp_path), LISTES)
    return documents, [str(p) for p in problemes]


def test_une_traduction_valide_prend_l_adresse_de_la_fiche_dans_sa_langue(tmp_path):
    documents, problemes = verifier(tmp_path, {
        "traductions/ar/garde-a-vue.md": TRADUCTION,
        "traductions/ar/accueil.md": "---\ntitle: \"بالعربية\"\n---\n\nنص.\n",
    })
    assert problemes == []
    adresses = {d.type: d.adresse for d in documents}
    assert adresses == {"fiche": "fiches-pratiques/garde-a-vue/", "traduction": "ar/fiches-pratiques/garde-a-vue/",
                        "accueil": "ar/"}


@pytest.mark.parametrize("fichiers, attendu", [
    ({"traductions/xx/garde-a-vue.md": TRADUCTION},
     "content/traductions/xx :\n    langue inconnue « xx » : les langues du site sont celles de LANGUES dans "
     "pelicanconf.py (en, ar, fa, ps)"),
    ({"traductions/garde-a-vue.md": TRADUCTION},
     "content/traductions/garde-a-vue.md :\n    une traduction va dans le dossier de sa langue"),
    ({"traductions/en/rien.md": TRADUCTION.replace("garde-a-vue", "fiche-absente")},
     "content/traductions/en/rien.md, ligne 3, champ « traduction_de » :\n    « fiche-absente » ne désigne aucune "
     "fiche pratique publiée"),
    ({"traductions/en/garde-a-vue.md": TRADUCTION, "traductions/en/garde-a-vue-bis.md": TRADUCTION},
     "content/traductions/en/garde-a-vue.md, ligne 3, champ « traduction_de » :\n    la fiche « garde-a-vue » a "
     "déjà une traduction dans cette langue : content/traductions/en/garde-a-vue-bis.md"),
    ({"traductions/en/garde-a-vue.md": TRADUCTION.replace("version_fr: 2026-11-30\n", "")},
     "content/traductions/en/garde-a-vue.md, champ « version_fr » :\n    champ obligatoire manquant pour une traduction"),
    ({"traductions/en/garde-a-vue.md": TRADUCTION.replace("2026-11-30", "30/11/2026")},
     "content/traductions/en/garde-a-vue.md, ligne 4, champ « version_fr » :\n    « 30/11/2026 » n'est pas une date"),
    ({"traductions/en/garde-a-vue.md": TRADUCTION.replace("2026-11-30", "2027-01-05")},
     "content/traductions/en/garde-a-vue.md, ligne 4, champ « version_fr » :\n    la version française 2027-01-05 "
     "n'existe pas"),
    ({"traductions/en/garde-a-vue.md": TRADUCTION.replace("version_fr", "date")},
     "content/traductions/en/garde-a-vue.md, ligne 4, champ « date » :\n    champ inconnu pour une traduction"),
])
def test_une_traduction_fautive_est_refusee_en_francais(tmp_path, fichiers, attendu):
    _, problemes = verifier(tmp_path, fichiers)
    assert any(p.startswith(attendu) for p in problemes), problemes


def test_une_page_ne_peut_pas_prendre_l_adresse_d_une_langue(tmp_path):
    _, problemes = verifier(tmp_path, {"pages/ar.md": "---\ntitle: \"Ar\"\ndate: 2026-11-01\nslug: ar\n---\n\nTexte.\n"})
    assert any("l'adresse /ar/ est déjà prise par le site lui-même" in p for p in problemes), problemes


def test_invoke_new_traduction_ecrit_le_texte_francais_a_traduire_et_refuse_une_langue_inconnue(contenu, capsys):
    from outils import construction, modeles

    reglages = construction.reglages(PATH=str(contenu.dossier))
    (contenu.dossier / "traductions" / "en" / "garde-a-vue.md").unlink()
    modeles.nouvelle_traduction(reglages, "garde-a-vue", "en")
    texte = (contenu.dossier / "traductions" / "en" / "garde-a-vue.md").read_text(encoding="utf-8")
    assert "traduction_de: garde-a-vue\nversion_fr: 2026-11-30\n" in texte
    assert "**À savoir.** Cette fiche donne une information générale" in texte  # le corps français, à traduire
    _, problemes = regles.valider_arbre(str(contenu.dossier), LISTES)
    assert any("content/traductions/en/garde-a-vue.md" in str(p) and "À REMPLIR" in str(p) for p in problemes)
    for slug, langue, attendu in (("garde-a-vue", "xx", "Langue inconnue « xx »"),
                                  ("inexistante", "ar", "Aucune fiche pratique publiée n'a le slug « inexistante »")):
        with pytest.raises(SystemExit):
            modeles.nouvelle_traduction(reglages, slug, langue)
        assert attendu in capsys.readouterr().err
