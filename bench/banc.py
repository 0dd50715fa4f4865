"""Le banc d'essai : notre site (A) contre Pelican nu (B), sur le même corpus synthétique, builds appariés.

Chaque build tourne dans un processus neuf ; on mesure son temps réel (mur), son temps processeur et sa
mémoire de pointe (ru_maxrss de ce seul processus, par os.wait4). Les sorties et les caches vont dans
/dev/shm (mémoire vive) quand il existe : les temps de disque de ces machines sont bruités.

Usage : .venv/bin/python bench/banc.py [--repetitions 5] [--tailles 1000 4000] ...  (ou `make bench`)
Écrit le tableau dans bench/results.md.
"""

import argparse
import datetime
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

RACINE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BANC = os.path.join(RACINE, "bench")
sys.path.insert(0, RACINE)

from outils import construction  # noqa: E402  (et, par outils, plugins/ sur le chemin des imports)
from bench import corpus  # noqa: E402

PYTHON_SITE = os.path.join(RACINE, ".venv", "bin", "python")
VENV_REFERENCE = os.path.join(BANC, ".venv-reference")
EXIGENCES_REFERENCE = os.path.join(BANC, "requirements-reference.txt")
REGLAGES_REFERENCE = os.path.join(BANC, "reference", "pelicanconf.py")
RESULTATS = os.path.join(BANC, "results.md")
PLUGINS = os.path.join(RACINE, "plugins", "").replace(os.sep, "/")

# Les objectifs de l'issue 8 (chiffres du banc, pas des tests chronométrés).
OBJECTIF_RAPPORT_AB = 1.0
OBJECTIF_CROISSANCE = 4.2
OBJECTIF_MEMOIRE_MIO = 250
OBJECTIF_TIEDE = 0.5
OBJECTIF_SERVE_S = 2.0
# Le nom du recueil de toutes les fiches dans le journal des PDF (plugin fiches : NOM_RECUEIL).
RECUEIL = "fiches-pratiques"


# --- Mesurer un processus ----------------------------------------------------------------------------

@dataclass
class Mesure:
    secondes: float  # temps réel, du lancement à la fin du processus
    processeur: float  # temps processeur (utilisateur + système) de ce processus
    memoire_mio: float  # mémoire de pointe (ru_maxrss) de ce processus
    pelican: float = float("nan")  # Pelican.run seul (« Done: … in X seconds ») : le reste est démarrage et fin


class EchecBuild(Exception):
    pass


def lancer(commande, journal=None):
    """Lance `commande` dans un processus neuf et renvoie sa Mesure ; lève EchecBuild s'il échoue."""
    with tempfile.TemporaryFile() as sortie:
        debut = time.perf_counter()
        processus = subprocess.Popen(commande, stdout=sortie, stderr=subprocess.STDOUT, cwd=RACINE)
        # wait4 donne l'usage de ce seul enfant ; RUSAGE_CHILDREN garderait le maximum de tous les enfants passés.
        _, statut, usage = os.wait4(processus.pid, 0)
        secondes = time.perf_counter() - debut
        processus.returncode = os.waitstatus_to_exitcode(statut)
        sortie.seek(0)
        texte = sortie.read().decode("utf-8", "replace")
    if journal:
        with open(journal, "a", encoding="utf-8") as fichier:
            fichier.write(f"$ {' '.join(commande)}\n{texte}\n")
    if processus.returncode != 0:
        raise EchecBuild(f"« {' '.join(commande)} » a échoué ({processus.returncode}) :\n{texte[-3000:]}")
    # B : le bilan de Pelican (« Done: … in X seconds ») ; A le tait (pas d'anglais) : bench/construire.py dit
    # « build X s », le temps de construction.construire dans le processus.
    pelican = re.findall(r"in ([0-9.]+) seconds", texte.replace("\n", " ")) or re.findall(r"^build ([0-9.]+) s,", texte, re.M)
    return Mesure(secondes, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                  float(pelican[-1]) if pelican else float("nan"))


def mediane(valeurs):
    return statistics.median(valeurs) if valeurs else float("nan")


# --- Les deux builds -----------------------------------------------------------------------------------

class Banc:
    def __init__(self, dossier, journal):
        self.dossier = dossier
        self.journal = journal

    def chemin(self, *parties):
        return os.path.join(self.dossier, *parties)

    def build_a(self, contenu, sortie, cache, pdf=False, froid=True, profil=None):
        """Notre site : `make build` sans la recherche (bench/construire.py)."""
        if froid:
            _vider(sortie, cache)
        commande = [PYTHON_SITE, os.path.join(BANC, "construire.py"), "--contenu", contenu, "--sortie", sortie,
                    "--cache", cache]
        if pdf:
            commande.append("--pdf")
        if profil:
            commande += ["--profil", profil]
        return lancer(commande, self.journal)

    def build_b(self, contenu, sortie, cache, avec_cache=False, froid=True):
        """Pelican nu : sa ligne de commande, son thème par défaut, pelican-yaml-metadata."""
        if froid:
            _vider(sortie, cache)
        commande = [os.path.join(VENV_REFERENCE, "bin", "pelican"), contenu, "-o", sortie, "-s", REGLAGES_REFERENCE,
                    "--cache-path", cache, "-q"]
        if avec_cache:
            commande += ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
        return lancer(commande, self.journal)


def _vider(*dossiers):
    for d in dossiers:
        shutil.rmtree(d, ignore_errors=True)
        shutil.rmtree(d + ".neuf", ignore_errors=True)


def preparer_reference():
    """Crée bench/.venv-reference (Pelican nu épinglé) s'il manque ou si ses exigences ont changé."""
    temoin = os.path.join(VENV_REFERENCE, ".installe")
    if os.path.exists(temoin) and os.path.getmtime(temoin) >= os.path.getmtime(EXIGENCES_REFERENCE):
        return
    print("Préparation de bench/.venv-reference (Pelican nu)…", flush=True)
    subprocess.run([sys.executable, "-m", "venv", VENV_REFERENCE], check=True)
    subprocess.run([os.path.join(VENV_REFERENCE, "bin", "pip"), "install", "--quiet", "--disable-pip-version-check",
                    "-r", EXIGENCES_REFERENCE], check=True)
    with open(temoin, "w"):
        pass


def verifier_corpus(dossier):
    """Le corpus respecte le contrat (contrat.valider), sinon le banc ne mesurerait pas le vrai site."""
    import contrat

    documents, problemes = contrat.valider(construction.reglages(PATH=dossier, AUJOURDHUI=corpus.AUJOURDHUI))
    if problemes:
        raise SystemExit(f"Le corpus {dossier} ne respecte pas le contrat :\n" + "\n".join(map(str, problemes[:20])))
    return len(documents)


# --- Les mesures -----------------------------------------------------------------------------------------

def mesurer_apparies(banc, corpus_par_taille, repetitions, afficher):
    """Builds à froid, A et B alternés (AB puis BA…) pour que la dérive de la machine touche les deux pareil."""
    mesures = {(v, n): [] for n in corpus_par_taille for v in "AB"}
    construire = {
        "A": lambda n: banc.build_a(corpus_par_taille[n], banc.chemin(f"sortie-A-{n}"), banc.chemin(f"cache-A-{n}")),
        "B": lambda n: banc.build_b(corpus_par_taille[n], banc.chemin(f"sortie-B-{n}"), banc.chemin(f"cache-B-{n}")),
    }
    # Un tour d'échauffement (non compté) : fichiers .pyc, cache du système de fichiers.
    n0 = min(corpus_par_taille)
    for v in "AB":
        construire[v](n0)
    for tour in range(repetitions):
        for rang, n in enumerate(sorted(corpus_par_taille)):
            ordre = "AB" if (tour + rang) % 2 == 0 else "BA"
            for v in ordre:
                m = construire[v](n)
                mesures[(v, n)].append(m)
                afficher(f"  tour {tour + 1}/{repetitions}, N={n}, {v} : {m.secondes:.2f} s, "
                         f"{m.processeur:.2f} s CPU, {m.memoire_mio:.0f} Mio")
    return mesures


def mesurer_tiede(banc, contenu_source, n, variante, editions, afficher):
    """Build à froid avec le cache de contenu, puis sans changement, puis après édition d'un communiqué."""
    contenu = banc.chemin(f"corpus-tiede-{variante}")
    shutil.rmtree(contenu, ignore_errors=True)
    shutil.copytree(contenu_source, contenu)
    sortie, cache = banc.chemin(f"sortie-tiede-{variante}"), banc.chemin(f"cache-tiede-{variante}")
    if variante == "A":
        def build(froid):
            return banc.build_a(contenu, sortie, cache, froid=froid)
    else:
        def build(froid):
            return banc.build_b(contenu, sortie, cache, avec_cache=True, froid=froid)
    froid = build(True)
    inchange = build(False)
    communiques = sorted(os.listdir(os.path.join(contenu, "communiques")))
    apres_edition = []
    for i in range(editions):
        editer(os.path.join(contenu, "communiques", communiques[(i * 97) % len(communiques)]), i)
        apres_edition.append(build(False))
    afficher(f"  {variante}, N={n} : froid {froid.secondes:.2f} s, sans changement {inchange.secondes:.2f} s, "
             f"après édition d'un communiqué {mediane([m.secondes for m in apres_edition]):.2f} s")
    return {"froid": froid, "inchange": inchange, "edition": apres_edition}


def editer(chemin, numero):
    """Ce que fait une personne qui corrige un document : une phrase de plus à la fin du texte."""
    time.sleep(0.01)  # la date de modification change forcément (cache de Pelican : CHECK_MODIFIED_METHOD = mtime)
    with open(chemin, "a", encoding="utf-8") as fichier:
        fichier.write(f"\nMise à jour n° {numero + 1} : une phrase ajoutée pour le banc d'essai.\n")


def lire_journal_pdf(cache):
    """Le journal des PDF du dernier build (plugin fiches) : {"rendus": [...], "reutilises": [...]} ou None."""
    import json

    chemin = os.path.join(cache, "fiches", "dernier-build.json")
    if not os.path.exists(chemin):
        return None
    with open(chemin, encoding="utf-8") as fichier:
        return json.load(fichier)


def compter_pdf(sortie):
    return sum(1 for _, _, fichiers in os.walk(sortie) for f in fichiers if f.endswith(".pdf"))


def mesurer_pdf(banc, contenu_source, n, afficher):
    """Coût des PDF (à froid) et PDF refaits par un build tiède : sans changement, puis après édition d'une fiche."""
    contenu = banc.chemin("corpus-pdf")
    shutil.rmtree(contenu, ignore_errors=True)
    shutil.copytree(contenu_source, contenu)
    sortie, cache = banc.chemin("sortie-pdf"), banc.chemin("cache-pdf")
    # Les deux builds à froid l'un après l'autre, sur le même corpus : leur différence est le coût des PDF.
    sans_pdf = banc.build_a(contenu, sortie, cache)
    froid = banc.build_a(contenu, sortie, cache, pdf=True)
    nombre = compter_pdf(sortie)
    journal_froid = lire_journal_pdf(cache)
    rapports_avant = _pdf_rapports(cache)
    inchange = banc.build_a(contenu, sortie, cache, pdf=True, froid=False)
    journal_inchange = lire_journal_pdf(cache)
    rapports_inchange = _pdf_rapports(cache) - rapports_avant
    fiches = sorted(os.listdir(os.path.join(contenu, "fiches-pratiques")))
    fiche = os.path.join(contenu, "fiches-pratiques", fiches[len(fiches) // 2])
    editer(fiche, 0)
    rapports_avant = _pdf_rapports(cache)
    apres_edition = banc.build_a(contenu, sortie, cache, pdf=True, froid=False)
    journal_edite = lire_journal_pdf(cache)
    rapports_edite = _pdf_rapports(cache) - rapports_avant
    resultat = {
        "n": n, "froid": froid, "sans_pdf": sans_pdf, "pdf": nombre,
        "par_pdf": (froid.secondes - sans_pdf.secondes) / nombre if nombre else float("nan"),
        "par_pdf_cpu": (froid.processeur - sans_pdf.processeur) / nombre if nombre else float("nan"),
        "journal_froid": journal_froid, "inchange": inchange, "journal_inchange": journal_inchange,
        "rapports_inchange": sorted(rapports_inchange), "apres_edition": apres_edition,
        "journal_edite": journal_edite, "rapports_edite": sorted(rapports_edite), "fiche_editee": corpus.slug_du_fichier(fiche),
    }
    afficher(f"  N={n} : {nombre} PDF, build à froid {froid.secondes:.1f} s (sans PDF {sans_pdf.secondes:.1f} s) ; "
             f"fiches refaites sans changement : {_rendus(journal_inchange)} ; après édition d'une fiche : "
             f"{_rendus(journal_edite)} ; rapports refaits : {len(rapports_inchange)}, {len(rapports_edite)}")
    return resultat


def _pdf_rapports(cache):
    """Les PDF du cache des rapports : un PDF rendu à nouveau y arrive sous un nom neuf (son empreinte)."""
    dossier = os.path.join(cache, "rapports")
    return {f for f in os.listdir(dossier) if f.endswith(".pdf")} if os.path.isdir(dossier) else set()


def _rendus(journal):
    return "journal absent" if journal is None else (", ".join(journal.get("rendus", [])) or "aucun")


def profiler(banc, contenu, sortie, cache, nom, afficher, froid=True):
    """Un build A sous cProfile : la répartition du temps par étape et par plugin, et les fonctions les plus coûteuses."""
    fichier = banc.chemin(f"profil-{nom}.prof")
    banc.build_a(contenu, sortie, cache, profil=fichier, froid=froid)
    tampon = _Tampon()
    pstats.Stats(fichier, stream=tampon).sort_stats("tottime").print_stats(20)
    texte = tampon.texte().replace(RACINE + "/", "").replace(".venv/lib/python3.11/site-packages/", "")
    afficher(f"  profil écrit ({fichier})")
    # L'en-tête de pstats (date, chemin du fichier) ne dit rien d'utile ici.
    return {"repartition": repartition(fichier), "fonctions": texte[texte.find("   ncalls"):].rstrip()}


def repartition(fichier):
    """[(étape, secondes sous cProfile)] d'un profil de bench/construire.py, sans compter deux fois le même temps."""
    stats = pstats.Stats(fichier).stats  # (fichier, ligne, fonction) -> (cc, nc, tt, ct, appelants)

    def cumul(predicat):
        return sum(v[3] for (f, _, nom), v in stats.items() if predicat(f.replace(os.sep, "/"), nom))

    def cle(predicat):
        return next((k for k in stats if predicat(k[0].replace(os.sep, "/"), k[2])), None)

    def depuis(appele, appelant):
        """Le temps cumulé de `appele` quand c'est `appelant` qui l'appelle."""
        if appele is None or appelant is None:
            return 0.0
        return stats[appele][4].get(appelant, (0, 0, 0, 0))[3]

    total = cumul(lambda f, nom: f.endswith("/outils/construction.py") and nom == "construire")
    lecture = cumul(lambda f, nom: f.endswith("/pelican/readers.py") and nom == "read_file")
    verification = cumul(lambda f, nom: f.endswith("/contrat/pelican_wiring.py") and nom == "refuser_contenu_invalide")
    # Le Markdown des corps passe par contrat.verification.rendre_corps : appelé par la vérification du début
    # de build (verifier_corps), ou par le lecteur du contrat pour un corps déjà vérifié à un build précédent.
    convert = cle(lambda f, nom: f.endswith("/markdown/core.py") and nom == "convert")
    rendre = cle(lambda f, nom: f.endswith("/contrat/verification.py") and nom == "rendre_corps")
    lecteur = cle(lambda f, nom: f.endswith("/contrat/pelican_wiring.py") and nom == "read")
    markdown = depuis(convert, rendre)
    part = markdown / stats[rendre][3] if rendre and stats[rendre][3] else 0.0
    markdown_lecture = depuis(rendre, lecteur) * part
    etapes = [
        ("Markdown (corps des documents)", markdown),
        ("Vérification hors Markdown (en-têtes YAML, typographie, nh3, liens internes)",
         verification - (markdown - markdown_lecture)),
        ("Lecture par Pelican hors Markdown", lecture - markdown_lecture),
        ("Écriture des pages de Pelican (documents, rubriques, sujets, accueil, flux)",
         cumul(lambda f, nom: f.endswith("/pelican/generators.py") and nom == "generate_output")),
    ]
    # Chaque plugin : ses fonctions appelées par Pelican lui-même (générateur, signaux). La vérification et le
    # lecteur du contrat sont déjà comptés plus haut, les filtres de dates dans l'écriture (Jinja les appelle).
    plugins = {}
    for (f, _, nom), v in stats.items():
        f = f.replace(os.sep, "/")
        if not f.startswith(PLUGINS) or (f.endswith("/contrat/pelican_wiring.py")
                                         and nom in ("read", "refuser_contenu_invalide")):
            continue
        if not any(re.search(r"/(pelican|blinker)/[^/]+\.py$", appelant[0].replace(os.sep, "/")) for appelant in v[4]):
            continue
        plugin = f[len(PLUGINS):].split("/", 1)[0].removesuffix(".py")
        plugins[plugin] = plugins.get(plugin, 0) + v[3]
    etapes += sorted(((f"Plugin {p}", t) for p, t in plugins.items()), key=lambda x: -x[1])
    etapes.append(("Le reste (Pelican, contexte, copie des fichiers statiques, échange des dossiers)",
                   total - sum(t for _, t in etapes)))
    return [("Build entier (construction.construire)", total)] + etapes


def mesurer_markdown(contenu, afficher):
    """Le Markdown seul, sur les corps du corpus : réglages de A et de B (Pelican par défaut)."""
    code = f"""
import glob, json, sys, time
sys.path.insert(0, {RACINE!r})
from outils import construction
from markdown import Markdown
from pelican.settings import DEFAULT_CONFIG
from contrat import frontmatter
corps = [frontmatter.lire(f).corps for f in sorted(glob.glob({contenu!r} + "/*/*.md"))]
def extensions(reglages, sauf=()):
    return {{**reglages, "extensions": [e for e in reglages["extension_configs"] if e not in sauf]}}
a = construction.reglages()["MARKDOWN"]
variantes = {{"A": extensions(a), "B": extensions(DEFAULT_CONFIG["MARKDOWN"], ("markdown.extensions.meta",))}}
resultat = {{}}
for nom, reglages in variantes.items():
    md = Markdown(**reglages)
    meilleur = float("inf")
    for _ in range(3):
        debut = time.process_time()
        for texte in corps:
            md.reset().convert(texte)
        meilleur = min(meilleur, time.process_time() - debut)
    resultat[nom] = 1000 * meilleur / len(corps)
print(json.dumps(resultat))
"""
    import json

    sortie = subprocess.run([PYTHON_SITE, "-c", code], capture_output=True, text=True, check=True).stdout
    resultat = json.loads(sortie.strip().splitlines()[-1])
    afficher("  " + ", ".join(f"{nom} : {ms:.2f} ms/doc" for nom, ms in resultat.items()))
    return resultat


class _Tampon:
    def __init__(self):
        self.morceaux = []

    def write(self, texte):
        self.morceaux.append(texte)

    def texte(self):
        return "".join(self.morceaux)


# --- La machine et le tableau ------------------------------------------------------------------------------

def machine(sortie):
    modele = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fichier:
            for ligne in fichier:
                if ligne.startswith("model name"):
                    modele = ligne.split(":", 1)[1].strip()
                    break
    except OSError:
        pass

    def version(python, module):
        code = f"import importlib.metadata as m; print(m.version('{module}'))"
        return subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.strip() or "?"

    reference = os.path.join(VENV_REFERENCE, "bin", "python")
    return {
        "nproc": os.cpu_count(),
        "cpu": modele,
        "python": platform.python_version(),
        "pelican_a": version(PYTHON_SITE, "pelican"),
        "pelican_b": version(reference, "pelican"),
        "yaml_metadata": version(reference, "pelican-yaml-metadata"),
        "sortie": sortie,
        "tmpfs": _est_tmpfs(sortie),
    }


def _est_tmpfs(chemin):
    try:
        with open("/proc/mounts", encoding="utf-8") as fichier:
            points = [l.split() for l in fichier]
    except OSError:
        return False
    meilleur = max((p for p in points if chemin.startswith(p[1].rstrip("/") + "/")), key=lambda p: len(p[1]), default=None)
    return bool(meilleur and meilleur[2] == "tmpfs")


def ok(condition):
    return "✅" if condition else "❌"


def tableau(resultats):
    """Le contenu de bench/results.md (Markdown)."""
    m = resultats["machine"]
    apparies = resultats["apparies"]
    tailles = sorted({n for _, n in apparies})
    petite, grande = tailles[0], tailles[-1]
    med = {(v, n): {cle: mediane([getattr(x, cle) for x in apparies[(v, n)]])
                    for cle in ("secondes", "processeur", "memoire_mio")} for (v, n) in apparies}

    def rapport_apparie(n, cle="secondes"):
        return mediane([getattr(a, cle) / getattr(b, cle) for a, b in zip(apparies[("A", n)], apparies[("B", n)])])

    lignes = [
        "# Banc d'essai : le site entier (A) contre Pelican nu (B)",
        "",
        f"Mesuré le {resultats['date']} par `make bench` (bench/banc.py), en {resultats['duree'] / 60:.1f} min.",
        "",
        f"- Machine : {m['nproc']} cœurs, {m['cpu']} ; charge moyenne (1 min) {resultats['charge'][0]:.2f} au début, "
        f"{resultats['charge'][1]:.2f} à la fin",
        f"- Python {m['python']} ; A : Pelican {m['pelican_a']} (le site : thème, tous les plugins) ; "
        f"B : Pelican {m['pelican_b']}, thème par défaut, pelican-yaml-metadata {m['yaml_metadata']}",
        f"- Sorties et caches dans `{m['sortie']}` ({'tmpfs, en mémoire vive' if m['tmpfs'] else 'disque'})",
        f"- Corpus synthétique (bench/corpus.py, graine {corpus.GRAINE}) : 31 % communiqués, 10 % lettres, 5 % fiches, "
        f"54 % actions, ~350 mots chacun, dates sur les dix ans avant AUJOURDHUI = {corpus.AUJOURDHUI}",
        f"- A = `make build` sans la recherche (`recherche=False`) ni les PDF (`GENERER_PDF=False`), cache de contenu "
        f"vide ; B = `pelican` en ligne de commande, sans cache",
        f"- Chaque build dans un processus neuf ; médianes de {resultats['repetitions']} builds appariés (A et B "
        "alternés) ; temps réel du processus entier (démarrage compris) ; mémoire = ru_maxrss du processus",
        "",
        "## Builds à froid",
        "",
        "| N | A : temps | A : ms/doc | A : CPU | A : mémoire | B : temps | B : ms/doc | B : CPU | B : mémoire | A/B (temps) | A/B (CPU) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in tailles:
        a, b = med[("A", n)], med[("B", n)]
        lignes.append(
            f"| {n} | {a['secondes']:.2f} s | {1000 * a['secondes'] / n:.2f} | {a['processeur']:.2f} s | "
            f"{a['memoire_mio']:.0f} Mio | {b['secondes']:.2f} s | {1000 * b['secondes'] / n:.2f} | "
            f"{b['processeur']:.2f} s | {b['memoire_mio']:.0f} Mio | {rapport_apparie(n):.2f} | "
            f"{rapport_apparie(n, 'processeur'):.2f} |"
        )
    croissance = {v: med[(v, grande)]["secondes"] / med[(v, petite)]["secondes"] for v in "AB"}
    lignes += [
        "",
        f"Croissance temps({grande}) / temps({petite}) : A {croissance['A']:.2f}, B {croissance['B']:.2f} "
        f"(linéaire : {grande / petite:.2f}, moins le démarrage fixe).",
        "",
        "Tous les temps (s), dans l'ordre des tours :",
        "",
    ]
    for (v, n), liste in sorted(apparies.items(), key=lambda x: (x[0][1], x[0][0])):
        lignes.append(f"- {v}, N={n} : " + ", ".join(f"{x.secondes:.2f}" for x in liste))

    objectifs = [
        (f"A/B ≤ {OBJECTIF_RAPPORT_AB} à N = {grande}", f"{rapport_apparie(grande):.2f}",
         rapport_apparie(grande) <= OBJECTIF_RAPPORT_AB),
        (f"Croissance A ≤ {OBJECTIF_CROISSANCE}", f"{croissance['A']:.2f}", croissance["A"] <= OBJECTIF_CROISSANCE),
        (f"Mémoire A à N = {grande} ≤ {OBJECTIF_MEMOIRE_MIO} Mio", f"{med[('A', grande)]['memoire_mio']:.0f} Mio",
         med[("A", grande)]["memoire_mio"] <= OBJECTIF_MEMOIRE_MIO),
    ]

    tiede = resultats.get("tiede")
    if tiede:
        lignes += ["", f"## Reconstruction tiède (cache de contenu, N = {tiede['n']})", "",
                   "Chaque série : un build à froid (cache vide), un build sans changement, puis des builds après "
                   "l'ajout d'une phrase à un communiqué ; le rapport compare l'édition au build à froid de la même série.",
                   "",
                   "| | à froid (cache vide) | sans changement | après édition d'un communiqué | édition / à froid | (CPU) |",
                   "|---|---:|---:|---:|---:|---:|"]
        rapports_tiede = {}
        for v in "AB":
            t = tiede[v]
            edition = mediane([x.secondes for x in t["edition"]])
            edition_cpu = mediane([x.processeur for x in t["edition"]])
            rapports_tiede[v] = edition / t["froid"].secondes
            lignes.append(f"| {v} | {t['froid'].secondes:.2f} s | {t['inchange'].secondes:.2f} s | {edition:.2f} s "
                          f"(médiane de {len(t['edition'])}) | {rapports_tiede[v]:.2f} | "
                          f"{edition_cpu / t['froid'].processeur:.2f} |")
        objectifs.append((f"Édition d'un communiqué ≤ {OBJECTIF_TIEDE} × A à froid (N = {tiede['n']})",
                          f"{rapports_tiede['A']:.2f}", rapports_tiede["A"] <= OBJECTIF_TIEDE))

    pdf = resultats.get("pdf")
    if pdf:
        lignes += ["", f"## PDF des fiches et des rapports (N = {pdf['n']}, `GENERER_PDF=True`)", ""]
        rendus_froid = len(pdf["journal_froid"].get("rendus", [])) if pdf["journal_froid"] else "?"
        lignes.append(
            f"- Build à froid avec les PDF : {pdf['froid'].secondes:.1f} s ({pdf['froid'].processeur:.1f} s CPU, "
            f"{pdf['froid'].memoire_mio:.0f} Mio), juste après le même sans PDF : {pdf['sans_pdf'].secondes:.1f} s "
            f"({pdf['sans_pdf'].processeur:.1f} s CPU) ; {pdf['pdf']} PDF écrits ({rendus_froid} de fiches avec le "
            f"recueil, le reste des rapports), soit **{pdf['par_pdf']:.2f} s par PDF** à froid "
            f"({pdf['par_pdf_cpu']:.2f} s CPU)")
        lignes.append(f"- Build tiède sans changement ({pdf['inchange'].secondes:.1f} s) : PDF de fiches rendus à nouveau : "
                      f"{_rendus(pdf['journal_inchange'])} ; PDF de rapports : {len(pdf['rapports_inchange'])}")
        lignes.append(f"- Build tiède après édition de la fiche `{pdf['fiche_editee']}` ({pdf['apres_edition'].secondes:.1f} s) : "
                      f"PDF de fiches rendus à nouveau : {_rendus(pdf['journal_edite'])} ; PDF de rapports : "
                      f"{len(pdf['rapports_edite'])}")
        if pdf["journal_inchange"] is not None and pdf["journal_edite"] is not None:
            refaits = pdf["journal_inchange"].get("rendus", []) + pdf["rapports_inchange"]
            objectifs.append(("Aucun PDF refait par un build sans changement", str(len(refaits)), not refaits))
            rendus = pdf["journal_edite"].get("rendus", []) + pdf["rapports_edite"]
            attendus = {pdf["fiche_editee"], RECUEIL}
            objectifs.append(("Après édition d'une fiche : son PDF et le recueil, rien d'autre",
                              ", ".join(rendus) or "aucun", sorted(rendus) == sorted(attendus)))
        else:
            lignes.append("- Le journal des PDF (`<CACHE_PATH>/fiches/dernier-build.json`) est absent : PDF refaits non comptés.")

    serve = resultats.get("serve")
    if serve:
        lignes += ["", "## `make serve` sur le vrai contenu", ""]
        if serve.get("erreur"):
            lignes.append(f"- Non mesuré : {serve['erreur']}")
        else:
            lignes.append(f"- Communiqué édité, puis page servie interrogée toutes les 20 ms jusqu'à voir le changement : "
                          + ", ".join(f"{s:.2f} s" for s in serve["latences"])
                          + f" (médiane {mediane(serve['latences']):.2f} s, pire {max(serve['latences']):.2f} s)")
            objectifs.append((f"`make serve` montre l'édition en ≤ {OBJECTIF_SERVE_S:.0f} s", f"{max(serve['latences']):.2f} s (pire)",
                              max(serve["latences"]) <= OBJECTIF_SERVE_S))

    lignes += ["", "## Objectifs", "", "| objectif | mesuré | |", "|---|---:|:---:|"]
    lignes += [f"| {nom} | {valeur} | {ok(tenu)} |" for nom, valeur, tenu in objectifs]

    if resultats.get("profil"):
        profils = resultats["profil"]
        lignes += ["", f"## Où va le temps de A à N = {grande} (cProfile, qui ralentit tout d'environ deux fois)", ""]
        colonnes = [("froid", "build à froid"), ("tiede", "tiède, après édition d'un communiqué")]
        colonnes = [(cle, nom) for cle, nom in colonnes if cle in profils]
        lignes += ["| étape | " + " | ".join(nom for _, nom in colonnes) + " |",
                   "|---|" + "---:|" * len(colonnes)]
        etapes = []
        for cle, _ in colonnes:
            etapes += [e for e, _ in profils[cle]["repartition"] if e not in etapes]
        for etape in etapes:
            cellules = []
            for cle, _ in colonnes:
                valeurs = dict(profils[cle]["repartition"])
                total = profils[cle]["repartition"][0][1]
                t = valeurs.get(etape)
                cellules.append("" if t is None else f"{t:.1f} s ({100 * t / total:.0f} %)")
            lignes.append(f"| {etape} | " + " | ".join(cellules) + " |")
        hors = [mediane([m.secondes - m.pelican for m in apparies[(v, grande)]]) for v in "AB"]
        lignes += ["", f"Hors du build (démarrage de Python, imports ; A : hors de `construction.construire`, B : hors de `Pelican.run`), sans profil : "
                   f"A {hors[0]:.2f} s, B {hors[1]:.2f} s."]
        if resultats.get("markdown"):
            md = resultats["markdown"]
            lignes += ["", "Le Markdown seul, temps processeur par document du corpus à N = "
                       f"{petite} : " + ", ".join(f"{nom} {ms:.2f} ms" for nom, ms in md.items())
                       + " (A : extra, toc, sane_lists ; B : codehilite, extra)."]
        lignes += ["", f"Les fonctions les plus coûteuses (temps propre), build à froid :", "", "```",
                   profils["froid"]["fonctions"], "```"]
    return "\n".join(lignes).rstrip() + "\n"


# --- Le programme -------------------------------------------------------------------------------------

def dossier_de_travail(demande=None):
    if demande:
        return demande
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else tempfile.gettempdir()
    return tempfile.mkdtemp(prefix="tm-banc-", dir=base)


def main(arguments=None):
    analyse = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    analyse.add_argument("--tailles", type=int, nargs="+", default=[1000, 4000])
    analyse.add_argument("--repetitions", type=int, default=5, help="builds appariés par taille (au moins 3)")
    analyse.add_argument("--editions", type=int, default=3, help="éditions d'un communiqué pour le build tiède")
    analyse.add_argument("--n-pdf", type=int, default=1000, help="taille du corpus pour la mesure des PDF (0 : sans)")
    analyse.add_argument("--sans-profil", action="store_true")
    analyse.add_argument("--sans-serve", action="store_true", help="ne pas mesurer `make serve`")
    analyse.add_argument("--dossier", help="dossier de travail (par défaut un dossier neuf dans /dev/shm)")
    analyse.add_argument("--garder", action="store_true", help="garder le dossier de travail")
    analyse.add_argument("--resultats", default=RESULTATS)
    options = analyse.parse_args(arguments)

    debut = time.monotonic()

    def afficher(texte):
        print(f"[{time.monotonic() - debut:6.0f} s] {texte}", flush=True)

    preparer_reference()
    dossier = dossier_de_travail(options.dossier)
    os.makedirs(dossier, exist_ok=True)
    banc = Banc(dossier, os.path.join(dossier, "builds.log"))
    resultats = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "repetitions": options.repetitions,
                 "machine": machine(dossier), "charge": [os.getloadavg()[0]]}
    try:
        corpus_par_taille = {}
        for n in sorted(set(options.tailles + ([options.n_pdf] if options.n_pdf else []))):
            chemin = banc.chemin(f"corpus-{n}")
            corpus.ecrire(chemin, n)
            verifier_corpus(chemin)
            corpus_par_taille[n] = chemin
        afficher(f"Corpus écrits et valides ({', '.join(map(str, corpus_par_taille))} documents) dans {dossier}")

        afficher("Builds à froid appariés, A (notre site) et B (Pelican nu)")
        resultats["apparies"] = mesurer_apparies(
            banc, {n: corpus_par_taille[n] for n in options.tailles}, options.repetitions, afficher)
        grande = max(options.tailles)

        if options.editions:
            afficher("Reconstructions tièdes (cache de contenu), après édition d'un communiqué")
            resultats["tiede"] = {"n": grande, **{
                v: mesurer_tiede(banc, corpus_par_taille[grande], grande, v, options.editions, afficher) for v in "AB"}}

        if options.n_pdf:
            afficher("PDF : coût à froid, puis PDF refaits par un build tiède")
            resultats["pdf"] = mesurer_pdf(banc, corpus_par_taille[options.n_pdf], options.n_pdf, afficher)

        if not options.sans_profil:
            afficher(f"Profils d'un build A à N={grande} : à froid, puis tiède après édition d'un communiqué")
            resultats["profil"] = {"froid": profiler(
                banc, corpus_par_taille[grande], banc.chemin("sortie-profil"), banc.chemin("cache-profil"),
                f"A-{grande}-froid", afficher)}
            if options.editions:
                contenu = banc.chemin("corpus-tiede-A")
                editer(os.path.join(contenu, "communiques", sorted(os.listdir(os.path.join(contenu, "communiques")))[1]), 99)
                resultats["profil"]["tiede"] = profiler(
                    banc, contenu, banc.chemin("sortie-tiede-A"), banc.chemin("cache-tiede-A"), f"A-{grande}-tiede",
                    afficher, froid=False)
            afficher("Le Markdown seul, par document (réglages de A et de B)")
            resultats["markdown"] = mesurer_markdown(corpus_par_taille[min(options.tailles)], afficher)

        if not options.sans_serve:
            afficher("make serve sur le vrai contenu : délai entre l'enregistrement et la page servie")
            from bench import serve_latence

            resultats["serve"] = serve_latence.mesurer(afficher=afficher)
    except EchecBuild as erreur:
        print(erreur, file=sys.stderr)
        print(f"Journal des builds (dossier de travail gardé) : {banc.journal}", file=sys.stderr)
        sys.exit(1)
    if not options.garder and not options.dossier:
        shutil.rmtree(dossier, ignore_errors=True)

    resultats["charge"].append(os.getloadavg()[0])
    resultats["duree"] = time.monotonic() - debut
    texte = tableau(resultats)
    with open(options.resultats, "w", encoding="utf-8") as fichier:
        fichier.write(texte)
    print()
    print(texte.split("\nLes fonctions les plus coûteuses")[0])
    print(f"Écrit dans {os.path.relpath(options.resultats, RACINE)}.")


if __name__ == "__main__":
    main()
