"""Les fiches pratiques sans réseau, dans un vrai Chromium : le service worker garde les fiches dès
qu'on a ouvert l'index ; ensuite, serveur arrêté et navigateur hors ligne, elles se lisent encore."""

import json
import re

import pytest
from playwright.sync_api import Error as ErreurNavigateur
from playwright.sync_api import expect

from conftest import servir

# Le remplissage du cache télécharge tous les PDF : large marge pour une machine de CI chargée.
ATTENTE_MS = 60_000


@pytest.fixture
def contexte(navigateur):
    contexte = navigateur.new_context()
    yield contexte
    contexte.close()


def test_les_fiches_ouvertes_une_fois_se_lisent_ensuite_sans_reseau(site, contexte):
    page = contexte.new_page()
    with servir(site.dossier) as base:
        page.goto(base + "/fiches-pratiques/")
        expect(page.get_by_role("status")).to_have_text(
            "C'est fait : les fiches et leurs PDF sont disponibles hors ligne sur cet appareil.", timeout=ATTENTE_MS
        )
    # Le serveur est arrêté, et le navigateur coupé du réseau : tout ce qui suit vient du service worker.
    contexte.set_offline(True)

    page.goto(base + "/fiches-pratiques/garde-a-vue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("La garde à vue : vos droits")
    # La feuille de style (adresse versionnée ?v=…) a été gardée aussi : la page n'est pas nue.
    assert page.evaluate("getComputedStyle(document.querySelector('.entete')).backgroundColor") != "rgba(0, 0, 0, 0)"

    for pdf in ("/fiches-pratiques/garde-a-vue.pdf", "/fiches-pratiques/fiches-pratiques.pdf"):
        # Le lecteur PDF de Chromium n'est pas une navigation ordinaire : on lit le PDF par fetch().
        statut, type_, debut, taille = page.evaluate(
            """async (adresse) => {
                const reponse = await fetch(adresse);
                const octets = new Uint8Array(await reponse.arrayBuffer());
                return [reponse.status, reponse.headers.get("content-type"),
                        String.fromCharCode(...octets.slice(0, 5)), octets.length];
            }""",
            pdf,
        )
        assert (statut, type_, debut) == (200, "application/pdf", "%PDF-")
        assert taille == site.chemin(pdf).stat().st_size

    # Une page des fiches jamais gardée : la page « hors ligne », qui mène aux fiches gardées.
    page.goto(base + "/fiches-pratiques/page-inconnue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous êtes hors ligne")
    page.get_by_role("link", name="L’audition libre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("L’audition libre")

    # Le reste du site n'est pas gardé : sans réseau, il ne s'affiche pas.
    with pytest.raises(ErreurNavigateur):
        page.goto(base + "/communiques/")


def test_sans_javascript_l_index_garde_ses_liens_de_telechargement(site, navigateur):
    contexte = navigateur.new_context(java_script_enabled=False)
    try:
        page = contexte.new_page()
        with servir(site.dossier) as base:
            page.goto(base + "/fiches-pratiques/")
            expect(page.get_by_role("button", name="Garder les fiches sur cet appareil")).to_be_hidden()
            expect(page.get_by_role("link", name="Toutes les fiches en un seul PDF")).to_be_visible()
            expect(page.get_by_role("link", name=re.compile(r"^PDF de « La garde à vue"))).to_have_count(3)
    finally:
        contexte.close()


def test_le_bouton_remet_les_fiches_sur_l_appareil(site, contexte):
    adresses = json.loads(re.search(r"const ADRESSES = (\[.*?\])\.map", site.texte("/fiches-pratiques/sw.js")).group(1))
    page = contexte.new_page()
    with servir(site.dossier) as base:
        page.goto(base + "/fiches-pratiques/")
        statut = page.get_by_role("status")
        expect(statut).to_contain_text("disponibles hors ligne", timeout=ATTENTE_MS)
        # Le visiteur a effacé les données du site : le bouton remet les fiches sur l'appareil.
        page.evaluate("caches.keys().then((noms) => Promise.all(noms.map((nom) => caches.delete(nom))))")
        page.get_by_role("button", name="Garder les fiches sur cet appareil").click()
        page.wait_for_function(
            """async (nombre) => {
                const noms = await caches.keys();
                return noms.length === 1 && (await (await caches.open(noms[0])).keys()).length === nombre;
            }""",
            arg=len(adresses), timeout=ATTENTE_MS,
        )
        expect(statut).to_have_text(
            "C'est fait : les fiches et leurs PDF sont disponibles hors ligne sur cet appareil.", timeout=ATTENTE_MS
        )
