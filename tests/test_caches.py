"""Les exports repris du cache (calendrier de la chronologie, courriels des lettres) suivent le contenu :
un build après une retouche donne le même résultat qu'un build à froid."""

import email
from email import policy

from conftest import ecrire_document

PLUGINS = {"PLUGINS": ["contrat", "chronologie", "lettres_email"]}


def sujet(site, slug):
    message = email.message_from_bytes(site.octets(f"/lettres/{slug}/lettre.eml"), policy=policy.default)
    return message["Subject"]


def test_une_retouche_refait_le_calendrier_et_le_courriel_concernes(contenu, tmp_path):
    ecrire_document(contenu, "lettres/essai.md", title='"Lettre d\'essai"', date="2020-12-20", slug="lettre-essai")
    premier = contenu.construire(tmp_path / "un", **PLUGINS)
    assert "SUMMARY:Lettre d'essai" in premier.texte("/chronologie.ics")
    assert sujet(premier, "lettre-essai") == "Lettre d'essai"

    # Rien n'a changé : mêmes fichiers, repris du cache.
    second = contenu.construire(tmp_path / "deux", **PLUGINS)
    assert second.octets("/chronologie.ics") == premier.octets("/chronologie.ics")
    assert second.octets("/lettres/lettre-essai/lettre.eml") == premier.octets("/lettres/lettre-essai/lettre.eml")

    ecrire_document(contenu, "lettres/essai.md", title='"Lettre retouchée"', date="2020-12-20", slug="lettre-essai")
    troisieme = contenu.construire(tmp_path / "trois", **PLUGINS)
    assert "SUMMARY:Lettre retouchée" in troisieme.texte("/chronologie.ics")
    assert "Lettre d'essai" not in troisieme.texte("/chronologie.ics")
    assert sujet(troisieme, "lettre-essai") == "Lettre retouchée"
    assert len(list((contenu.cache / "chronologie").glob("*.ics"))) == 1
    # L'ancienne version du courriel a quitté le cache : il ne garde que celui de ce build.
    assert sorted(f.suffix for f in (contenu.cache / "lettres_email").glob("lettre-essai-*")) == [".eml", ".html"]
