"""Tâches du site Tous Migrants (invoke). Le Makefile ne fait que préparer .venv et appeler ces tâches."""

import datetime
import glob
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
from typing import NamedTuple

from invoke import task
from pelican import Pelican
from pelican.log import console as console_pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings
from pelican.utils import FileChangeFilter, slugify
import watchfiles

RACINE = os.path.dirname(os.path.abspath(__file__))
# Le seul endroit qui met plugins/ sur le chemin des imports : les tests et le banc importent tasks d'abord.
# (pelicanconf.py le fait aussi, pour la commande `pelican` lancée seule.)
sys.path.insert(0, os.path.join(RACINE, "plugins"))
sys.path.insert(0, RACINE)

import contrat  # noqa: E402  (les plugins sont dans plugins/)
from contrat import signaux as signaux_du_contrat  # noqa: E402
import memoire  # noqa: E402
from editeur.pelican_wiring import reglage as reglage_editeur  # noqa: E402
from editeur.pelican_wiring import reglages_manquants as reglages_editeur_manquants  # noqa: E402
from outils import apercu, chantier, liens  # noqa: E402
from outils import depot as depot_git  # noqa: E402
from outils import erreurs as outils_erreurs  # noqa: E402

CONFIG = {
    "settings_base": os.path.join(RACINE, "pelicanconf.py"),
    "settings_publish": os.path.join(RACINE, "publishconf.py"),
    "output": os.path.join(RACINE, "output"),
    "host": "127.0.0.1",
    "port": 8000,
    # GitHub Pages sert la branche gh-pages du dépôt ; `make publish REMOTE=…` en vise un autre.
    "remote": "origin",
    "branche_publiee": "gh-pages",
    # À part du cache de l'aperçu : les deux builds ne se disputent pas les PDF en cache.
    "cache_publication": os.path.join(RACINE, "cache", "publication"),
    # La trace complète d'une erreur imprévue : l'écran n'en montre qu'un message court (outils/erreurs.py).
    "derniere_erreur": os.path.join(RACINE, "cache", "derniere-erreur.txt"),
}


def sans_trace(commande, inchange):
    """Les tâches des bénévoles : une erreur imprévue donne un message court en français, jamais de traceback."""
    return outils_erreurs.sans_trace(commande, inchange, lambda: CONFIG["derniere_erreur"], RACINE)


class BuildRefuse(Exception):
    """Le build n'a pas abouti ; le message dit pourquoi, en français."""


class _MessagesDuBuild(logging.Handler):
    """Recueille les avertissements et les erreurs (niveau, texte) de Pelican et des plugins pendant un build."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.recus = []

    def emit(self, record):
        self.recus.append((record.levelno, record.getMessage()))


class Construction(list):
    """Ce que dit un build réussi : la liste de tous ses avertissements (textes), et à part
    `pelican` (ceux de Pelican), `liens` (les liens internes cassés, des `Probleme`) et `compte`
    (le compte du contenu, « 116 documents », le même dans chaque commande)."""

    def __init__(self, pelican, liens, compte):
        super().__init__([*pelican, *map(str, liens)])
        self.pelican = pelican
        self.liens = liens
        self.compte = compte


def reglages(fichier=None, **surcharges):
    return read_settings(fichier or CONFIG["settings_base"], override=surcharges or None)


def construire(fichier=None, destination=None, recherche=True, **surcharges):
    """Construit le site dans un dossier à lui, puis le met à la place de `destination` (output/) d'un seul coup.

    Un seul build à la fois par destination (le second attend, en le disant) ; si quoi que ce soit échoue,
    ou si le build est tué, `destination` reste tel quel : on n'écrase jamais un bon site par un site à moitié
    construit (outils/chantier.py). Renvoie une `Construction` (ses avertissements, le compte du contenu).
    """
    destination = os.path.abspath(destination or CONFIG["output"])
    messages = _MessagesDuBuild()
    logging.getLogger().addHandler(messages)
    sites = []  # le site du build, que le contrat annonce une fois tout lu (liens cassés, compte)

    def retenir(site):
        sites.append(site)

    signaux_du_contrat.site_pret.connect(retenir, weak=False)
    # Pelican écrit son bilan en anglais (« Done: Processed 110 articles… ») et ses avertissements sur sa
    # console : on la fait taire ; avertissements et erreurs, recueillis par `messages`, sont redits ici.
    console_pelican.quiet = True
    try:
        with chantier.chantier(destination) as neuf:
            settings = reglages(fichier, OUTPUT_PATH=neuf, **surcharges)
            verifier_cache(settings["CACHE_PATH"], destination)
            with memoire.pendant_le_build():
                Pelican(settings).run()
            erreurs = [m for niveau, m in messages.recus if niveau >= logging.ERROR]
            if erreurs:
                raise BuildRefuse("Pelican a signalé des erreurs :\n- " + "\n- ".join(erreurs))
            if recherche:
                indexer_recherche(neuf)
    except contrat.ContratInvalide as erreur:
        raise BuildRefuse(str(erreur)) from None
    except OSError as erreur:
        if not outils_erreurs.est_une_erreur_de_disque(erreur):
            raise
        raise BuildRefuse(outils_erreurs.message_disque(
            erreur, reste=f"Le dossier {os.path.basename(destination)}/ n'a pas changé.")) from None
    finally:
        logging.getLogger().removeHandler(messages)
        signaux_du_contrat.site_pret.disconnect(retenir)
        console_pelican.quiet = False
    liens_casses = list(sites[-1].liens_casses) if sites else []
    pelican = [m for niveau, m in messages.recus if niveau == logging.WARNING
               # le contrat a déjà nommé ce lien {filename} cassé, avec son fichier et sa ligne
               if not (liens_casses and m.startswith("Unable to find"))]
    return Construction(pelican, liens_casses, sites[-1].compte if sites else "")


def verifier_cache(dossier, destination):
    """Le dossier de cache doit pouvoir être écrit : sinon, le build s'arrête avant d'avoir rien écrit."""
    try:
        os.makedirs(dossier, exist_ok=True)
        with tempfile.TemporaryFile(dir=dossier) as essai:
            essai.write(b"essai")
            essai.flush()
    except OSError as erreur:
        raison = (outils_erreurs.raison_disque(erreur) if outils_erreurs.est_une_erreur_de_disque(erreur)
                  else f"ce n'est pas un dossier où l'on peut écrire ({erreur.strerror or erreur})")
        raise BuildRefuse(
            f"Le site n'a pas été construit : le dossier de cache {dossier} ne peut pas être écrit : {raison}. "
            f"Le dossier {os.path.basename(destination)}/ n'a pas changé.\n"
            "Vérifiez que c'est bien un dossier, que vous avez le droit d'y écrire et que le disque n'est pas plein ; "
            "on peut aussi le supprimer sans risque (il se refait au build suivant)."
        ) from None


# La commande de Pagefind ; une variable pour que les tests puissent lui substituer un Pagefind qui échoue.
PAGEFIND = [sys.executable, "-m", "pagefind"]


def indexer_recherche(dossier):
    """Index Pagefind du site construit, servi depuis le site lui-même, puis vérifié.

    Un index par langue, d'après le <html lang> de chaque page : le français, et chaque langue des fiches
    traduites (un mot arabe se cherche dans l'index arabe, avec ses propres règles de découpage)."""
    resultat = subprocess.run(
        [*PAGEFIND, "--site", dossier, "--quiet"],
        capture_output=True, text=True,
    )
    if resultat.returncode != 0:
        raise BuildRefuse("L'index de recherche (Pagefind) n'a pas pu être construit :\n" + resultat.stderr)
    problemes = verifier_index(dossier)
    if problemes:
        raise BuildRefuse(
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


REFUS = "Publication refusée : rien n'a été envoyé, le site en ligne n'a pas changé."


class PublicationRefusee(Exception):
    """Rien n'a été publié ; le message dit pourquoi, en français."""


class Publication(NamedTuple):
    commit: str  # le commit de la branche publiée, chez le dépôt visé
    pages: int
    distant: str
    branche: str
    site: str  # l'adresse du site en ligne
    nouveau: bool  # faux : le site en ligne était déjà identique, rien n'a été envoyé
    avertissements: list
    source: str  # le commit du site (sha complet) dont la publication est construite
    configure: bool  # vrai si `distant` est le dépôt configuré (origin), celui que sert GitHub Pages
    remarques: list  # à dire une fois à la fin (éditeur en ligne pas configuré, commit absent de main…)


def _git(depot, *arguments, env=None):
    """Lance git dans `depot` et renvoie sa sortie ; en cas d'échec, refuse la publication avec le message de git."""
    resultat = subprocess.run(["git", *arguments], cwd=depot, capture_output=True, text=True, env=env)
    if resultat.returncode != 0:
        raise PublicationRefusee(f"{REFUS}\n« git {' '.join(arguments)} » a échoué :\n{resultat.stderr.strip()}")
    return resultat.stdout.strip()


def _branche_en_ligne(depot, distant, branche):
    """Recopie dans `depot` la branche publiée telle qu'elle est chez `distant` ; renvoie son commit, ou None.

    ghp-import ajoute son commit à la branche locale (ou à <distant>/<branche> si ce nom existe) : les deux
    doivent être exactement celles du dépôt visé, même dans un clone neuf (GitHub Actions) ou en retard ;
    sinon l'envoi serait refusé, ou partirait d'un mauvais historique.
    """
    refs = [f"refs/heads/{branche}"]
    if distant in _git(depot, "remote").split():
        refs.append(f"refs/remotes/{distant}/{branche}")
    en_ligne = _git(depot, "ls-remote", distant, f"refs/heads/{branche}").split()
    if not en_ligne:
        for ref in refs:
            _git(depot, "update-ref", "-d", ref)
        return None
    # Un clone superficiel (celui de GitHub Actions) n'a besoin que du dernier commit publié, le futur parent.
    profondeur = ["--depth=1"] if _git(depot, "rev-parse", "--is-shallow-repository") == "true" else []
    _git(depot, "fetch", "--quiet", "--no-tags", *profondeur, distant,
         *(f"+refs/heads/{branche}:{ref}" for ref in refs))
    return en_ligne[0]


def _remettre(depot, branche, commit):
    """Remet la branche locale où elle était (ou la supprime si elle n'existait pas)."""
    if commit:
        _git(depot, "update-ref", f"refs/heads/{branche}", commit)
    else:
        _git(depot, "update-ref", "-d", f"refs/heads/{branche}")


def envoyer(site, depot, distant, branche, message, signature=("Publication du site", "")):
    """Fait du dossier `site` le nouveau commit de `branche` (ghp-import, depuis le dépôt `depot`) et le pousse
    chez `distant`. Renvoie (commit publié, nouveau) ; nouveau est faux si le site en ligne était déjà identique.

    Le commit part toujours de la branche telle qu'elle est en ligne, et l'envoi n'est jamais forcé.
    `signature` (nom, courriel) ne sert que si git n'a pas d'identité configurée.
    """
    precedent = _branche_en_ligne(depot, distant, branche)
    env = dict(os.environ)
    if not subprocess.run(["git", "config", "user.name"], cwd=depot, capture_output=True, text=True).stdout.strip():
        env.setdefault("GIT_COMMITTER_NAME", signature[0])
        env.setdefault("GIT_COMMITTER_EMAIL", signature[1])
    try:
        ghp = subprocess.run(
            [sys.executable, "-m", "ghp_import", str(site), "--no-jekyll", "--message", message,
             "--branch", branche, "--remote", distant],
            cwd=depot, capture_output=True, text=True, env=env,
        )
        commit = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branche}"],
                                cwd=depot, capture_output=True, text=True).stdout.strip()
        # ghp-import ne signale pas tous ses échecs : on vérifie qu'il a ajouté un commit, un seul, au bon endroit.
        ajoute = commit and commit != precedent and _git(depot, "log", "-1", "--format=%P", commit) == (precedent or "")
        if ghp.returncode != 0 or not ajoute:
            raise PublicationRefusee(
                f"{REFUS}\nghp-import n'a pas préparé la branche {branche} :\n{(ghp.stdout + ghp.stderr).strip()}"
            )
        if precedent and _git(depot, "rev-parse", f"{commit}^{{tree}}") == _git(depot, "rev-parse", f"{precedent}^{{tree}}"):
            _remettre(depot, branche, precedent)
            return precedent, False
        envoi = subprocess.run(["git", "push", "--quiet", distant, f"refs/heads/{branche}:refs/heads/{branche}"],
                               cwd=depot, capture_output=True, text=True)
        if envoi.returncode != 0:
            if depot_git.refus_d_envoi(envoi.stderr):
                raise PublicationRefusee(
                    f"{REFUS}\nLe dépôt {distant} a refusé l'envoi : quelqu'un d'autre a publié pendant ce temps "
                    f"(la branche {branche} a avancé). Rien n'a été écrasé ; relancez make publish, qui repartira "
                    f"de la nouvelle version.\n{envoi.stderr.strip()}")
            raise PublicationRefusee(f"{REFUS}\nLe dépôt {distant} a refusé l'envoi "
                                     f"(connexion, droits, branche protégée ?) :\n{envoi.stderr.strip()}")
    except BaseException:
        _remettre(depot, branche, precedent)
        raise
    return commit, True


def _message_non_enregistres(trouves):
    contenu = any(chemin.startswith("content/") for chemin, _ in trouves)
    autres = any(not chemin.startswith("content/") for chemin, _ in trouves)
    lignes = [REFUS, "",
              "make publish ne publie que ce qui est enregistré dans git (le dernier commit). Ces fichiers du site "
              "ont des changements qui ne le sont pas :", depot_git.liste_des_changements(trouves), ""]
    if contenu:
        lignes.append(f"Pour enregistrer ceux de content/ et les envoyer : {depot_git.AIDE_MESSAGE}")
    if autres:
        lignes.append("Pour un autre fichier : git add <fichier> puis git commit -m \"ce qui change\" ; "
                      "ou, pour annuler son changement, git restore <fichier> (un fichier nouveau : supprimez-le).")
    lignes.append("Puis relancez make publish.")
    return "\n".join(lignes)


def _remarque_main(depot, distant, source):
    """Une remarque si le commit publié n'est pas sur la branche main du dépôt visé : la prochaine publication
    automatique (à chaque envoi sur main, et chaque nuit) repartirait de main et retirerait ce qui n'y est pas."""
    resultat = depot_git.git(depot, "ls-remote", distant, "refs/heads/main")
    en_ligne = (resultat.stdout.split() or [None])[0] if resultat.returncode == 0 else None
    if en_ligne is None or en_ligne == source:
        return []
    connu = depot_git.git(depot, "merge-base", "--is-ancestor", source, en_ligne).returncode == 0
    if connu:
        return []
    return [f"Le commit publié ({source[:12]}) n'est pas encore sur la branche main de {distant} : la prochaine "
            "publication automatique repartira de main et retirera ce qui n'y est pas. Envoyez-le : make enregistrer "
            "(ou git push)."]


def _est_le_depot_configure(depot, distant):
    """Vrai si `distant` est le remote configuré (origin), par son nom ou par son adresse."""
    if distant == CONFIG["remote"]:
        return True
    adresse = depot_git.git(depot, "remote", "get-url", CONFIG["remote"]).stdout.strip()
    return bool(adresse) and os.path.normpath(adresse.removeprefix("file://")) == os.path.normpath(
        str(distant).removeprefix("file://"))


def publier(depot=RACINE, distant=CONFIG["remote"], branche=CONFIG["branche_publiee"], preparer=None, **surcharges):
    """Construit le site en ligne (publishconf.py) depuis le dernier commit de `depot`, exporté dans un dossier
    temporaire, vérifie ses liens, puis l'envoie sur la branche `branche` du dépôt `distant` (nom d'un remote de
    `depot`, chemin ou URL).

    Seul un commit est publié : si un fichier dont le site est construit (content/, theme/, plugins/, réglages…)
    a des changements non enregistrés, la publication est refusée, et le build part d'un export du commit
    (git archive), où rien d'autre ne peut se glisser. Tant que rien n'est poussé, la branche chez `distant`
    reste exactement telle quelle : un contenu invalide, un lien cassé ou une erreur de git lèvent
    `PublicationRefusee` avant l'envoi. `output/` n'est pas touché. `preparer` (facultatif) est appelé une fois
    le dépôt vérifié, juste avant le build (`make publish` y installe les outils npm).
    """
    try:
        source = depot_git.commit_courant(depot)
        if source is None:
            raise PublicationRefusee(f"{REFUS}\n\nLe dépôt n'a encore aucun commit : rien n'est enregistré, rien "
                                     f"ne peut être publié. Enregistrez d'abord le contenu : {depot_git.AIDE_MESSAGE}")
        non_enregistres = depot_git.changements(depot)
        if non_enregistres:
            raise PublicationRefusee(_message_non_enregistres(non_enregistres))
        if preparer:
            preparer()
        dossier = tempfile.mkdtemp(prefix="tm-publication-")
        try:
            export = depot_git.exporter(depot, source, os.path.join(dossier, "source"))
            return _publier_export(depot, source, export, os.path.join(dossier, "site"), distant, branche, surcharges)
        finally:
            shutil.rmtree(dossier, ignore_errors=True)
    except depot_git.GitRefuse as erreur:
        raise PublicationRefusee(f"{REFUS}\n\n{erreur}") from None


def _publier_export(depot, source, export, site, distant, branche, surcharges):
    fichier = os.path.join(export, "publishconf.py")
    # Le site en ligne montre toujours l'agenda du jour, même si TM_AUJOURDHUI traîne dans le terminal.
    surcharges.setdefault("AUJOURDHUI", "")
    # Le contenu est relu en entier : rien d'un build précédent ne passe en ligne. Seuls les PDF, rangés
    # par empreinte de leur HTML, sont repris de leur cache, à part de celui de l'aperçu.
    surcharges = {"CACHE_PATH": CONFIG["cache_publication"], "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
                  **surcharges}
    en_ligne = reglages(fichier, **surcharges)
    try:
        avertissements = construire(fichier, site, recherche=True, **surcharges)
    except BuildRefuse as erreur:
        raise PublicationRefusee(f"{REFUS}\n\n{erreur}") from None
    problemes = liens.verifier(site, en_ligne["SITEURL"])
    if problemes:
        raise PublicationRefusee(
            f"{REFUS}\n\n{len(problemes)} lien(s) interne(s) cassé(s) ; à corriger dans le contenu :\n- "
            + "\n- ".join(problemes)
        )
    pages = sum(1 for _, _, fichiers in os.walk(site) for nom in fichiers if nom.endswith(".html"))
    message = f"Publication du site depuis {source} : {pages} pages"
    signature = (f"Publication {en_ligne['SITENAME']}", en_ligne["CONTACT_PRESSE"])
    # Tout ce qui sera dit à la fin est calculé avant l'envoi : après lui, plus rien ne doit pouvoir échouer.
    remarques = _remarque_main(depot, distant, source)
    manquants = reglages_editeur_manquants(en_ligne)
    if manquants:
        remarques.append(f"L'éditeur en ligne (/admin/) n'est pas configuré : {' et '.join(manquants)} "
                         f"{'manquent' if len(manquants) > 1 else 'manque'} dans publishconf.py ; la page /admin/ "
                         "publiée le dit. Voir le README, « Écrire en ligne ».")
    configure = _est_le_depot_configure(depot, distant)
    commit, nouveau = envoyer(site, depot, distant, branche, message, signature)
    return Publication(commit, pages, distant, branche, en_ligne["SITEURL"], nouveau, avertissements,
                       source, configure, remarques)


def _sortir(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def _journal():
    init_logging(level=logging.WARNING, name="pelican")


@task
@sans_trace("make check", "Rien n'a été construit ni publié.")
def check(c):
    """Vérifie le contenu (en-têtes, dates, listes fermées, adresses, liens internes) sans construire le site."""
    settings = reglages()
    documents, problemes = contrat.valider(settings)
    if not problemes:
        # Un lien cassé ne fait qu'un avertissement dans l'aperçu, mais la publication le refuse : on le dit ici.
        problemes = contrat.liens_internes(settings, documents)
    if problemes:
        _sortir(contrat.regles.rapport_problemes(problemes).replace("Le site n'a pas été construit", "Le contenu a des problèmes"))
    print(f"Contenu valide : {contrat.compte(documents)}.")


@task
@sans_trace("make build", "Rien n'a été publié ; le dossier output/ n'a pas changé.")
def build(c, recherche=True):
    """Construit le site dans output/ (l'ancien output/ reste en place si le build échoue)."""
    _journal()
    debut = time.monotonic()
    try:
        construction = construire(recherche=recherche)
    except BuildRefuse as erreur:
        _sortir(str(erreur))
    print(f"Site construit dans output/ en {time.monotonic() - debut:.0f} s : {construction.compte}.")
    _dire_avertissements(construction)


def _pluriel(n, singulier, pluriel=None):
    return f"{n} {singulier if n <= 1 else (pluriel or singulier + 's')}"


def _dire_avertissements(construction):
    """Les avertissements d'un build réussi, en français, sur la sortie d'erreur."""
    if construction.liens:
        print(f"Attention : {_pluriel(len(construction.liens), 'lien interne cassé', 'liens internes cassés')} ; "
              "le site est construit pour l'aperçu, mais make publish refusera de le publier tant que "
              f"{'ce lien n’est pas corrigé' if len(construction.liens) == 1 else 'ces liens ne sont pas corrigés'} :",
              file=sys.stderr)
        for probleme in construction.liens:
            print(f"- {probleme}", file=sys.stderr)
    for avertissement in construction.pelican:
        print(f"Avertissement : {avertissement}", file=sys.stderr)


def _changements(settings):
    """Les lots de changements de fichiers sous content/, theme/ et pelicanconf.py, l'un après l'autre.

    Un seul observateur pour toute la session (Pelican en crée un par attente) : ce qui est enregistré
    pendant une reconstruction est gardé pour la suivante, au lieu d'être perdu."""
    chemins = [os.path.abspath(p) for p in (CONFIG["settings_base"], settings["THEME"], settings["PATH"]) if os.path.exists(p)]
    return watchfiles.watch(*chemins, watch_filter=FileChangeFilter(ignore_file_patterns=set(settings["IGNORE_FILES"])),
                            rust_timeout=0)


def _reconstruire(etat, fichiers=None):
    """Construit l'aperçu, dit ce qui s'est passé dans le terminal et au navigateur (via `etat`)."""
    debut = time.monotonic()
    try:
        construction = construire(recherche=False)
    except BuildRefuse as erreur:
        etat.refusee(str(erreur))
        print(f"{erreur}\nLe navigateur affiche ces problèmes ; l'aperçu montre encore la version d'avant.",
              file=sys.stderr)
        return
    duree = f"{time.monotonic() - debut:.1f}".replace(".", ",")
    if fichiers is None:
        print(f"Site construit en {duree} s : {construction.compte}.")
    else:
        noms = ", ".join(fichiers[:3]) + (", …" if len(fichiers) > 3 else "")
        print(f"{_pluriel(len(fichiers), 'fichier modifié', 'fichiers modifiés')} ({noms}) : "
              f"site reconstruit en {duree} s, {construction.compte}.")
    _dire_avertissements(construction)
    etat.reussie("\n".join(f"- {p}" for p in construction.liens) or None)


def _apercu(port, commande):
    """Sert output/ sur 127.0.0.1:port et le reconstruit à chaque enregistrement, jusqu'à Ctrl+C."""
    _journal()
    settings = reglages()
    etat = apercu.Etat()
    try:
        serveur = apercu.demarrer(CONFIG["output"], CONFIG["host"], port, etat)
    except apercu.PortOccupe:
        _sortir(f"Le port {port} est déjà pris : un autre aperçu ({commande}) est sans doute ouvert dans un autre "
                f"terminal. Arrêtez-le là-bas avec Ctrl+C, ou prenez un autre port : {commande} PORT={int(port) + 1}")
    adresse = f"http://{CONFIG['host']}:{port}/"
    print(f"Aperçu : construction du site ; la page {adresse} se remplira toute seule…")
    try:
        _reconstruire(etat)
        print(f"Aperçu : {adresse} (Ctrl+C pour arrêter). La page se recharge à chaque enregistrement.")
        for changements in _changements(settings):
            fichiers = apercu.fichiers_changes(changements, RACINE)
            if fichiers:
                _reconstruire(etat, fichiers)
    except KeyboardInterrupt:
        pass
    finally:
        serveur.shutdown()
        serveur.server_close()
    print("Aperçu arrêté.")


@task
@sans_trace("make serve", "Rien n'a été publié ; l'aperçu est arrêté (relancez make serve).")
def serve(c, port=CONFIG["port"]):
    """Aperçu sur http://127.0.0.1:8000 (make serve PORT=8001 : un autre port), reconstruit à chaque enregistrement."""
    _apercu(port, "make serve")


# Ce que `invoke new` écrit : un titre, une date, et « À REMPLIR : … » partout ailleurs. Aucune valeur
# vraisemblable (un pôle, une nature, un lieu) : un fichier publié sans être relu serait compté dans le
# rapport d'activité. Le contrat refuse tout « À REMPLIR : » ; {listes} donne les valeurs possibles.
A_REMPLIR = contrat.regles.A_REMPLIR
MODELES = {
    "communique": ("communiques", f'summary: "{A_REMPLIR} l\'En bref, une ou deux phrases : qui, quoi, quand, où."\ntags: []\n'),
    "lettre": ("lettres", f'summary: "{A_REMPLIR} une phrase qui résume la lettre."\n'
                          f'numero: "{A_REMPLIR} le numéro de la lettre, par exemple 7 (ou supprimez cette ligne)"\n'),
    "fiche": ("fiches-pratiques", "modified: {jour}\n"
              '# après la relecture juridique : verifiee_par: "pôle action juridique" et verifiee_le: AAAA-MM-JJ\n'
              f'summary: "{A_REMPLIR} une phrase."\n'
              f'public: ["{A_REMPLIR} un ou plusieurs de {{publics}}"]\n'
              f'theme: "{A_REMPLIR} l\'un de {{themes}}"\n'),
    "action": ("actions", f'summary: "{A_REMPLIR} ce qui s\'est passé, en une phrase."\n'
               f'pole: "{A_REMPLIR} l\'un de {{poles}}"\n'
               f'nature: "{A_REMPLIR} l\'un de {{natures}}"\n'
               f'lieu: "{A_REMPLIR} la commune (ou supprimez cette ligne)"\n'),
    # Une publication n'a pas de texte à elle : son résumé est ce que /publications/ en montre.
    "publication": ("publications", f'summary: "{A_REMPLIR} ce que c\'est et pour qui, en deux ou trois phrases."\n'
                    f'nature: "{A_REMPLIR} l\'un de {{natures_publications}}"\n'
                    "# fichier: /fichiers/nom-du-document.pdf   (le PDF copié dans content/fichiers/ ; sans lui : « sur demande »)\n"
                    "# couverture: /images/nom-de-l-image.jpg   (sans elle : la première page du PDF)\n"
                    "# action: slug-de-l-action   (l'action qui la présente, s'il y en a une)\n"),
}
# Le texte sous l'en-tête, selon le type : une publication n'en a pas.
CORPS_DU_MODELE = {"publication": ""}


def _nouvelle_traduction(slug, langue):
    """content/traductions/<langue>/<slug>.md : l'en-tête rempli d'après la fiche française, son texte à traduire."""
    settings = reglages()
    langues = settings["LANGUES"]
    if langue not in langues:
        debut = f"Langue inconnue « {langue} »" if langue else "Quelle langue ?"
        _sortir(f"{debut} ; attendu : l'une de {', '.join(langues)} (LANGUES dans pelicanconf.py), "
                f"par exemple : invoke new traduction {slug} --langue {next(iter(langues))}")
    documents, _ = contrat.valider(settings)
    fiches = {d.slug: d for d in documents if d.type == "fiche" and not d.brouillon}
    fiche = fiches.get(slug)
    if fiche is None:
        _sortir(f"Aucune fiche pratique publiée n'a le slug « {slug} » ; attendu : l'un de {', '.join(sorted(fiches))}.")
    chemin = os.path.join(settings["PATH"], contrat.regles.DOSSIER_TRADUCTIONS, langue, f"{slug}.md")
    if os.path.exists(chemin):
        _sortir(f"La traduction {os.path.relpath(chemin, RACINE)} existe déjà.")
    titre_fr = str(fiche.meta["title"]).replace("\\", "\\\\").replace('"', '\\"')
    os.makedirs(os.path.dirname(chemin), exist_ok=True)
    with open(chemin, "w", encoding="utf-8") as fichier:
        fichier.write(
            f'---\ntitle: "{A_REMPLIR} le titre traduit de « {titre_fr} »"\n'
            f'summary: "{A_REMPLIR} l\'En bref traduit"\n'
            f"traduction_de: {slug}\n"
            f"version_fr: {fiche.meta['modified'].isoformat()}\n"
            "# après la relecture par une personne de langue maternelle : relue_par: \"son nom\"\n"
            f"---\n\n{A_REMPLIR} traduisez le texte français ci-dessous, puis retirez cette ligne.\n\n{fiche.corps.strip()}\n")
    print(f"Créé : {os.path.relpath(chemin, RACINE)}, avec le texte français de la fiche (version du "
          f"{fiche.meta['modified'].isoformat()}) à traduire.\n"
          f"Remplacez chaque « {A_REMPLIR} … » : tant qu'il en reste un, make check et make build refusent le fichier.")


# Invoke n'accepte pas de troisième argument positionnel facultatif : la langue se donne par --langue.
@task
def new(c, type, titre, langue=""):
    """Crée un fichier prêt à remplir : invoke new communique "Titre du communiqué" (ou lettre, fiche, action, publication),
    ou une traduction : invoke new traduction <slug de la fiche> --langue <langue>."""
    if type == "traduction":
        _nouvelle_traduction(titre, langue)
        return
    if type not in MODELES:
        _sortir(f"Type inconnu « {type} » ; attendu : {', '.join(MODELES)}, traduction.")
    dossier, champs = MODELES[type]
    jour = datetime.date.today().isoformat()
    settings = reglages()
    listes = {nom: ", ".join(settings[reglage]) for nom, reglage in
              (("poles", "POLES"), ("natures", "NATURES"), ("publics", "PUBLICS"), ("themes", "THEMES_FICHES"),
               ("natures_publications", "NATURES_PUBLICATIONS"))}
    slug = slugify(unicodedata.normalize("NFC", titre), regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])[:60].rstrip("-")
    chemin = os.path.join(RACINE, "content", dossier, f"{jour}-{slug}.md")
    if os.path.exists(chemin):
        _sortir(f"Le fichier {os.path.relpath(chemin, RACINE)} existe déjà.")
    titre_yaml = titre.replace("\\", "\\\\").replace('"', '\\"')
    with open(chemin, "w", encoding="utf-8") as fichier:
        corps = CORPS_DU_MODELE.get(type, f"\n{A_REMPLIR} le texte, en Markdown.\n")
        fichier.write(f'---\ntitle: "{titre_yaml}"\ndate: {jour}\n{champs.format(jour=jour, **listes)}---\n{corps}')
    print(f"Créé : {os.path.relpath(chemin, RACINE)}\n"
          f"Remplacez chaque « {A_REMPLIR} … » : tant qu'il en reste un, make check et make build refusent le fichier.")


@task
@sans_trace("make publish", "Rien n'a été publié : le site en ligne n'a pas changé.")
def publish(c, remote=CONFIG["remote"]):
    """Publie tousmigrants.org : build avec publishconf.py, liens vérifiés, branche gh-pages poussée sur `remote`."""
    _journal()
    debut = time.monotonic()
    # Sans node_modules, le site publié perdrait l'éditeur /admin/ : on l'installe avant le build (Node 20 est
    # requis), une fois le dépôt vérifié (un refus pour un fichier non enregistré n'attend pas npm).
    try:
        publication = publier(distant=remote, preparer=lambda: installer_npm(c) if shutil.which("npm") else None)
    except PublicationRefusee as erreur:
        _sortir(str(erreur))
    _dire_avertissements(publication.avertissements)
    for remarque in publication.remarques:
        print(f"Remarque : {remarque}", file=sys.stderr)
    duree = time.monotonic() - debut
    if publication.nouveau:
        print(f"Publié en {duree:.0f} s : {publication.avertissements.compte}, commit {publication.commit[:12]} "
              f"sur la branche {publication.branche} de {publication.distant}, "
              f"construit depuis le commit {publication.source[:12]}.")
    else:
        print(f"Rien de neuf : la branche {publication.branche} de {publication.distant} "
              f"(commit {publication.commit[:12]}, {publication.avertissements.compte}) est déjà identique au site construit "
              f"depuis le commit {publication.source[:12]}. Rien n'a été envoyé.")
    if publication.configure and publication.nouveau:
        print(f"GitHub Pages met {publication.site} à jour dans les minutes qui suivent.")
    elif not publication.configure:
        print(f"{publication.distant} n'est pas le dépôt configuré ({CONFIG['remote']}) : "
              f"{publication.site} n'est pas touché par cette publication.")


@task
@sans_trace("make enregistrer", "Rien n'a été publié.")
def enregistrer(c, message=None, remote=CONFIG["remote"]):
    """Enregistre les changements de content/ (un commit avec MESSAGE) et les envoie sur main : make enregistrer MESSAGE="…"."""
    message = os.environ.get("MESSAGE", "") if message is None else message
    try:
        print(depot_git.enregistrer(RACINE, message, remote))
    except depot_git.GitRefuse as erreur:
        _sortir(str(erreur))


@task
@sans_trace("make recuperer", "Rien n'a été publié.")
def recuperer(c, remote=CONFIG["remote"]):
    """Récupère les changements envoyés par les autres sur main (git pull --rebase), en gardant les vôtres."""
    try:
        print(depot_git.recuperer(RACINE, remote))
    except depot_git.GitRefuse as erreur:
        _sortir(str(erreur))


CHROMIUM = "/usr/bin/chromium"


def installer_npm(c):
    """Installe les outils npm épinglés de package-lock.json (tests, éditeur), s'ils manquent ou ont changé."""
    verrou = os.path.join(RACINE, "package-lock.json")
    temoin = os.path.join(RACINE, "node_modules", ".package-lock.json")
    if not os.path.exists(temoin) or os.path.getmtime(temoin) < os.path.getmtime(verrou):
        dossier = os.path.join(RACINE, "node_modules")
        if os.path.islink(dossier):
            # npm ci vide node_modules avant d'installer : à travers un lien, il viderait celui d'une autre copie.
            _sortir(f"node_modules est un lien vers {os.path.realpath(dossier)}, installé pour un autre package-lock.json : "
                    "mettez-le à jour là-bas (npm ci), ou remplacez le lien par un vrai dossier.")
        print("Installation des outils npm épinglés (éditeur visuel, outils de test) dans node_modules : "
              "la première fois, une à deux minutes…", flush=True)
        # npm écrit son bilan en anglais (« added 865 packages ») : on le garde pour nous, sauf en cas d'échec.
        resultat = c.run("npm ci --no-audit --no-fund --no-progress --loglevel=error", pty=False, hide=True, warn=True)
        if not resultat.ok:
            _sortir(f"L'installation des outils npm (npm ci) a échoué ; Node.js 20 et une connexion à Internet "
                    f"sont nécessaires. Message de npm :\n{(resultat.stdout + resultat.stderr).strip()}")
        print("Outils npm installés.")


def preparer_outils(c):
    """Installe ce dont les tests ont besoin : outils npm épinglés, et Chromium de Debian s'il manque."""
    installer_npm(c)
    if not os.path.exists(CHROMIUM) and shutil.which("apt-get") and os.geteuid() == 0:
        c.run("apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium poppler-utils", pty=False)
    if not shutil.which("pdftotext") and shutil.which("apt-get") and os.geteuid() == 0:
        c.run("apt-get install -y -qq --no-install-recommends poppler-utils", pty=False)


@task
def test(c, options="", rapide=False):
    """Toute la suite de tests (prépare d'abord les outils npm et le navigateur) ; --rapide : sans le navigateur."""
    preparer_outils(c)
    if rapide:
        options = f'-m "not navigateur" {options}'
    c.run(f"{sys.executable} -m pytest {options}", pty=False)


def attendre_port(hote, port, processus, delai=20):
    """Attend qu'un serveur lancé à part écoute ; False s'il s'est arrêté avant, ou n'écoute toujours pas."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin and processus.poll() is None:
        try:
            socket.create_connection((hote, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


@task
@sans_trace("make edit", "Rien n'a été publié ; l'éditeur local est arrêté.")
def edit(c, port=CONFIG["port"]):
    """L'éditeur visuel en local : http://127.0.0.1:8000/admin/ écrit dans content/ (Decap CMS et son serveur local)."""
    if not shutil.which("node") or not shutil.which("npm"):
        _sortir("L'éditeur visuel a besoin de Node.js 20 (avec npm) : installez-le, puis relancez `make edit`.")
    installer_npm(c)
    port_cms = int(reglage_editeur(reglages(), "EDITEUR_PORT_LOCAL"))
    # decap-server reçoit les enregistrements de l'éditeur et les écrit dans content/ ; il n'écoute que
    # sur cet ordinateur (127.0.0.1), et seulement les pages servies par lui-même (son réglage ORIGIN).
    serveur_cms = subprocess.Popen(
        [os.path.join(RACINE, "node_modules", ".bin", "decap-server")], cwd=RACINE,
        env={**os.environ, "PORT": str(port_cms), "BIND_HOST": CONFIG["host"], "GIT_REPO_DIRECTORY": RACINE,
             "MODE": "fs", "LOG_LEVEL": "warn"},
    )
    try:
        if not attendre_port(CONFIG["host"], port_cms, serveur_cms):
            _sortir(f"Le serveur local de l'éditeur (decap-server) n'a pas démarré sur le port {port_cms} : "
                    "un autre `make edit` tourne-t-il déjà ?")
        print(f"Éditeur : http://{CONFIG['host']}:{port}/admin/ puis « Se connecter » ; il écrit dans content/. "
              "Pour mettre en ligne : make publish.")
        _apercu(port, "make edit")
    finally:
        serveur_cms.terminate()
        serveur_cms.wait()


@task
def bench(c, options=""):
    """Banc d'essai : le site entier contre Pelican nu, à 1000 et 4000 documents ; écrit bench/results.md (7 à 9 min)."""
    c.run(f"{sys.executable} {os.path.join(RACINE, 'bench', 'banc.py')} {options}", pty=False)
