"""Le rendu à froid de tous les PDF des fiches (françaises, traduites, recueils) : en série, puis en parallèle.

Sur le vrai contenu, cache vide, chaque build dans un processus neuf : une fois avec un seul processus de
rendu (`rendu_pdf.processus_pour` forcé à 1), une fois avec un processus par cœur (le réglage du site).
On mesure le temps réel passé à rendre les PDF qui manquent (`rendu_pdf.rendre_plusieurs`), leur nombre,
et le build entier ; les PDF des rapports d'activité, rendus un à un par leur plugin, restent dans le build.
Le résultat s'écrit dans bench/resultats-pdf-paralleles.md.

Usage : .venv/bin/python bench/pdf_paralleles.py [--tours 2]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

RACINE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTATS = os.path.join(RACINE, "bench", "resultats-pdf-paralleles.md")


def un_build(mode):
    """Dans ce processus : un build à froid (cache vide) ; écrit sur la sortie standard une ligne JSON."""
    sys.path.insert(0, RACINE)
    from outils import construction  # (met plugins/ sur le chemin des imports)

    import rendu_pdf

    if mode == "serie":
        rendu_pdf.processus_pour = lambda n: 1
    rendre = rendu_pdf.rendre_plusieurs
    mesures = {"pdf": 0, "rendu_s": 0.0, "processus": []}

    def rendre_en_mesurant(travaux, processus=None):
        debut = time.perf_counter()
        try:
            return rendre(travaux, processus)
        finally:
            mesures["pdf"] += len(travaux)
            mesures["rendu_s"] += time.perf_counter() - debut
            mesures["processus"].append(rendu_pdf.processus_pour(len(travaux)))

    rendu_pdf.rendre_plusieurs = rendre_en_mesurant
    with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as dossier:
        debut = time.perf_counter()
        construction.construire(destination=os.path.join(dossier, "output"), recherche=False,
                         CACHE_PATH=os.path.join(dossier, "cache"), AUJOURDHUI="2026-11-27")
        mesures["build_s"] = time.perf_counter() - debut
        tailles = {}
        for langue in ("fr", "en", "ar", "fa", "ps"):
            base = os.path.join(dossier, "output", *([] if langue == "fr" else [langue]), "fiches-pratiques")
            pdf = [os.path.getsize(os.path.join(base, n)) for n in os.listdir(base) if n.endswith(".pdf")]
            recueil = os.path.getsize(os.path.join(base, "fiches-pratiques.pdf"))
            tailles[langue] = {"fiches": len(pdf) - 1, "moyenne_ko": round((sum(pdf) - recueil) / (len(pdf) - 1) / 1000),
                               "recueil_ko": round(recueil / 1000)}
        mesures["tailles"] = tailles
    print(json.dumps(mesures))


def charge():
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main(arguments=None):
    analyse = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    analyse.add_argument("--tours", type=int, default=2)
    analyse.add_argument("--un-build", choices=("serie", "parallele"), help=argparse.SUPPRESS)
    options = analyse.parse_args(arguments)
    if options.un_build:
        return un_build(options.un_build)
    charge_debut = charge()
    resultats = {"serie": [], "parallele": []}
    for _ in range(options.tours):
        for mode in ("serie", "parallele"):  # alternés : une charge passagère touche les deux
            sortie = subprocess.run([sys.executable, __file__, "--un-build", mode], capture_output=True, text=True,
                                    check=True, cwd=RACINE).stdout
            resultats[mode].append(json.loads(sortie.strip().splitlines()[-1]))
    serie, parallele = resultats["serie"], resultats["parallele"]
    med = lambda liste, cle: statistics.median(m[cle] for m in liste)  # noqa: E731
    lignes = [
        "# PDF des fiches à froid : en série et en parallèle",
        "",
        "`.venv/bin/python bench/pdf_paralleles.py` : le vrai contenu, cache vide, un build par processus, "
        f"{options.tours} tours alternés ; médianes. {os.cpu_count()} cœurs ; charge de la machine "
        f"(1, 5, 15 min) au début {charge_debut}, à la fin {charge()}.",
        "",
        "| | PDF rendus | processus | rendu des PDF (s) | build entier (s) |",
        "| --- | --- | --- | --- | --- |",
        f"| en série | {serie[0]['pdf']} | 1 | {med(serie, 'rendu_s'):.1f} | {med(serie, 'build_s'):.1f} |",
        f"| en parallèle | {parallele[0]['pdf']} | {max(parallele[0]['processus'])} | "
        f"{med(parallele, 'rendu_s'):.1f} | {med(parallele, 'build_s'):.1f} |",
        "",
        f"Rapport série / parallèle du rendu : {med(serie, 'rendu_s') / med(parallele, 'rendu_s'):.2f}. "
        "Les 5 PDF des rapports d'activité ne passent pas par ce rendu groupé (ils restent dans le build entier).",
        "",
        "| langue | PDF de fiches | taille moyenne | recueil |",
        "| --- | --- | --- | --- |",
        *(f"| {langue} | {t['fiches']} | {t['moyenne_ko']} Ko | {t['recueil_ko']} Ko |"
          for langue, t in parallele[0]["tailles"].items()),
        "",
    ]
    with open(RESULTATS, "w", encoding="utf-8") as fichier:
        fichier.write("\n".join(lignes))
    print("\n".join(lignes))


if __name__ == "__main__":
    main()
