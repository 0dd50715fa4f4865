"""Les catalogues de messages suivent les gabarits : chaque texte marqué _() dans un gabarit (ou N_() dans
pelicanconf.py) est traduit dans chaque langue de LANGUES, et aucun catalogue ne garde de message que plus rien
n'utilise. Sans ce test, un nouveau libellé français sortirait en français sur une page en arabe sans que
personne ne le voie. On extrait les messages comme pybabel extract (theme/babel.cfg), sans rien écrire."""

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from conftest import RACINE

import pelicanconf

TRADUCTIONS = RACINE / "theme" / "translations"
MISE_A_JOUR = ("pybabel extract -F theme/babel.cfg -k N_ --no-location --omit-header -o theme/translations/messages.pot . "
               "&& pybabel update -N -i theme/translations/messages.pot -d theme/translations")


def messages_des_gabarits(racine=RACINE):
    """Les msgid utilisés : ceux que pybabel extract trouve avec theme/babel.cfg."""
    with open(racine / "theme" / "babel.cfg", encoding="utf-8") as fichier:
        methodes, options = parse_mapping_cfg(fichier)
    extraits = extract_from_dir(str(racine), methodes, options, keywords={**DEFAULT_KEYWORDS, "N_": None})
    # Un message au pluriel (ngettext) est rangé dans le catalogue sous son singulier.
    return {msgid[0] if isinstance(msgid, tuple) else msgid for _, _, msgid, _, _ in extraits}


def catalogue(langue):
    with open(TRADUCTIONS / langue / "LC_MESSAGES" / "messages.po", "rb") as fichier:
        return read_po(fichier, locale=langue)


def ecarts(utilises, cat):
    """Ce qui ne va pas dans un catalogue, par sorte de problème (listes vides si tout va bien)."""
    presents = {m.id if isinstance(m.id, str) else m.id[0]: m for m in cat if m.id}
    return {
        "manquants": sorted(utilises - presents.keys()),
        "non traduits": sorted(i for i, m in presents.items()
                               if i in utilises and (m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string)))),
        "obsolètes": sorted((presents.keys() - utilises) | set(cat.obsolete)),
        # Un %(nom)s oublié ou renommé dans la traduction ferait échouer le rendu de la page.
        "formats": sorted(f"{m.id} : {'; '.join(map(str, erreurs))}" for m, erreurs in cat.check()),
    }


@pytest.fixture(scope="module")
def utilises():
    return messages_des_gabarits()


@pytest.mark.parametrize("langue", list(pelicanconf.LANGUES))
def test_chaque_message_des_gabarits_est_traduit_dans_la_langue_et_rien_n_est_obsolete(utilises, langue):
    problemes = {sorte: ids for sorte, ids in ecarts(utilises, catalogue(langue)).items() if ids}
    assert not problemes, (f"theme/translations/{langue}/LC_MESSAGES/messages.po ne suit pas les gabarits : {problemes}. "
                           f"Mettez-le à jour ({MISE_A_JOUR}), puis traduisez les msgstr vides.")


def test_le_modele_messages_pot_est_celui_des_gabarits(utilises):
    with open(TRADUCTIONS / "messages.pot", "rb") as fichier:
        modele = {m.id for m in read_po(fichier) if m.id}
    assert modele == utilises, f"theme/translations/messages.pot est en retard sur les gabarits : {MISE_A_JOUR}"


def test_un_libelle_ajoute_sans_traduction_ou_un_message_abandonne_est_signale():
    # Le contrôle lui-même, sur un catalogue complet : un nouveau libellé d'un gabarit, un message qu'aucun gabarit
    # n'utilise plus, une traduction effacée, un %(date)s renommé dans la traduction.
    cat = catalogue("ar")
    utilises = {m.id for m in cat if m.id}
    assert not any(ecarts(utilises, cat).values())
    abandonne = "Presse :"
    problemes = ecarts((utilises | {"Un nouveau libellé"}) - {abandonne}, cat)
    assert problemes["manquants"] == ["Un nouveau libellé"] and problemes["obsolètes"] == [abandonne]
    cat.get(abandonne).string = ""
    assert ecarts(utilises, cat)["non traduits"] == [abandonne]
    date = next(m for m in cat if m.id and "%(date)s" in m.id)
    date.string = date.string.replace("%(date)s", "%(jour)s")
    assert [e for e in ecarts(utilises, cat)["formats"] if e.startswith(date.id)]
