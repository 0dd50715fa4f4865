"""L'index de recherche (Pagefind) du site construit, servi depuis le site lui-même, et sa vérification."""

import glob
import json
import os
import subprocess
import sys

# La commande de Pagefind ; une variable pour que les tests puissent lui substituer un Pagefind qui échoue.
PAGEFIND = [sys.executable, "-m", "pagefind"]


class IndexRate(Exception):
    """L'index n'a pas été construit, ou pas en entier ; le message dit pourquoi, en français."""


def indexer(dossier):
    """Index Pagefind du site construit, servi depuis le site lui-même, puis vérifié.

    Un index par langue, d'après le <html lang> de chaque page : le français, et chaque langue des fiches
    traduites (un mot arabe se cherche dans l'index arabe, avec ses propres règles de découpage)."""
    resultat = subprocess.run(
        [*PAGEFIND, "--site", dossier, "--quiet"],
        capture_output=True, text=True,
    )
    if resultat.returncode != 0:
        raise IndexRate("L'index de recherche (Pagefind) n'a pas pu être construit :\n" + resultat.stderr)
    problemes = verifier_index(dossier)
    if problemes:
        raise IndexRate(
            "L'index de recherche (Pagefind) est incomplet, sans doute faute de place sur le disque : "
            "le site n'a pas été mis à jour.\n- " + "\n- ".join(problemes)
            + "\nLibérez de la place (le dossier cache/ peut être supprimé sans risque), puis relancez.")


def verifier_index(dossier):
    """Ce qui manque à l'index Pagefind de `dossier` ([] : complet). Pagefind peut finir sans erreur après
    des écritures ratées (disque plein) : fichiers absents ou vides."""
    racine = os.path.join(dossier, "pagefind")
    problemes = []
    for nom in ("pagefind.js", "pagefind-entry.json", "pagefind-ui.js"):
        if not os.path.isfile(os.path.join(racine, nom)):
            problemes.append(f"pagefind/{nom} manque")
    for motif in ("index/*.pf_index", "fragment/*.pf_fragment", "*.pf_meta"):
        if not glob.glob(os.path.join(racine, motif)):
            problemes.append(f"aucun fichier pagefind/{motif}")
    for parent, _, fichiers in os.walk(racine):
        for nom in sorted(fichiers):
            chemin = os.path.join(parent, nom)
            if os.path.getsize(chemin) == 0:
                problemes.append(f"{os.path.relpath(chemin, dossier)} est vide")
    try:
        with open(os.path.join(racine, "pagefind-entry.json"), encoding="utf-8") as fichier:
            langues = json.load(fichier)["languages"]
        if not any(langue.get("page_count") for langue in langues.values()):
            problemes.append("pagefind/pagefind-entry.json ne compte aucune page")
    except (OSError, ValueError, KeyError, AttributeError):
        if os.path.isfile(os.path.join(racine, "pagefind-entry.json")):
            problemes.append("pagefind/pagefind-entry.json est illisible")
    return problemes
