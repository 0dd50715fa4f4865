"""Scores Lighthouse (mobile) des pages types du site construit dans output/ : une mesure, jamais un test.

Le score de performance de Lighthouse dépend de la charge de la machine (un test qui l'exigeait a échoué
un jour de CI chargée) : `make test` vérifie ce qui le fait (octets, requêtes, rien de bloquant) et ce
banc en donne la valeur, médiane de plusieurs passages, avec la charge de la machine au moment de la mesure.

    .venv/bin/python bench/lighthouse.py [--tours 3] [--resultats bench/resultats-lighthouse.md]

Il faut d'abord `make build` (le site dans output/) et les outils npm (`make test` les installe).
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "tests"))

from conftest import CHROMIUM, LIGHTHOUSE, servir  # noqa: E402
from test_navigateur import PAGES  # noqa: E402

NOMS = ("accueil", "communique", "fiche", "fiche-ar", "chronologie", "rapport")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def mesurer(url, dossier):
    rapport = Path(dossier) / "lighthouse.json"
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={rapport}",
         f"--only-categories={','.join(CATEGORIES)}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"],
        check=True, capture_output=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    lu = json.loads(rapport.read_text())
    scores = {c: lu["categories"][c]["score"] for c in CATEGORIES}
    return scores, lu["audits"]["total-byte-weight"]["numericValue"]


def main():
    analyse = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    analyse.add_argument("--tours", type=int, default=3, help="passages par page (la médiane est retenue)")
    analyse.add_argument("--resultats", default=str(RACINE / "bench" / "resultats-lighthouse.md"))
    options = analyse.parse_args()
    sortie = RACINE / "output"
    if not (sortie / "index.html").exists():
        sys.exit("Le site n'est pas construit : lancez d'abord `make build`.")
    if not LIGHTHOUSE.exists() or not os.path.exists(CHROMIUM):
        sys.exit("Lighthouse ou Chromium manque : `make test` les installe (outils npm, Chromium de Debian).")
    charge_avant = os.getloadavg()[0]
    lignes = []
    with servir(sortie) as base, tempfile.TemporaryDirectory() as dossier:
        for nom in NOMS:
            tours = [mesurer(base + PAGES[nom], dossier) for _ in range(options.tours)]
            medianes = {c: statistics.median(s[c] for s, _ in tours) for c in CATEGORIES}
            performances = ", ".join(f"{s['performance']:.2f}" for s, _ in tours)
            lignes.append(f"| {nom} | `{PAGES[nom]}` | {medianes['performance']:.2f} ({performances}) | "
                          f"{medianes['accessibility']:.2f} | {medianes['best-practices']:.2f} | "
                          f"{medianes['seo']:.2f} | {tours[0][1] / 1000:.0f} Ko |")
            print(lignes[-1], flush=True)
    charge_apres = os.getloadavg()[0]
    texte = "\n".join([
        "# Lighthouse (mobile) : les scores des pages types",
        "",
        f"Mesuré le {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC par `bench/lighthouse.py` "
        f"sur le site de `output/`, servi en local ; Chromium de Debian, profil mobile de Lighthouse "
        f"(réseau et processeur ralentis) ; {options.tours} passages par page, médiane.",
        f"Machine : {os.cpu_count()} cœurs ; charge moyenne (1 min) {charge_avant:.2f} au début, "
        f"{charge_apres:.2f} à la fin. Le score de performance varie avec cette charge : c'est une mesure, "
        "`make test` ne l'exige pas (il vérifie les octets, les requêtes et les ressources bloquantes).",
        "",
        "| page | adresse | performance (chaque passage) | accessibilité | bonnes pratiques | SEO | poids |",
        "|---|---|---:|---:|---:|---:|---:|",
        *lignes,
        "",
    ])
    Path(options.resultats).write_text(texte, encoding="utf-8")
    print(f"Écrit : {options.resultats}")


if __name__ == "__main__":
    main()
