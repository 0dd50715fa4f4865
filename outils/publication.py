"""`make publish` : le site en ligne construit depuis le dernier commit (exporté, rien d'autre ne s'y glisse),
ses liens vérifiés, puis poussé sur la branche publiée (ghp-import), sans jamais forcer l'envoi."""

import os
import shutil
import subprocess
import sys
import tempfile
from typing import NamedTuple

from outils import CONFIG, RACINE, construction, liens
from outils import depot as depot_git

from editeur.pelican_wiring import reglages_manquants as reglages_editeur_manquants


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


def branche_en_ligne(depot, distant, branche):
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
    precedent = branche_en_ligne(depot, distant, branche)
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


def remarque_main(depot, distant, source):
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


def est_le_depot_configure(depot, distant):
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
    en_ligne = construction.reglages(fichier, **surcharges)
    try:
        avertissements = construction.construire(fichier, site, recherche=True, **surcharges)
    except construction.BuildRefuse as erreur:
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
    remarques = remarque_main(depot, distant, source)
    manquants = reglages_editeur_manquants(en_ligne)
    if manquants:
        remarques.append(f"L'éditeur en ligne (/admin/) n'est pas configuré : {' et '.join(manquants)} "
                         f"{'manquent' if len(manquants) > 1 else 'manque'} dans publishconf.py ; la page /admin/ "
                         "publiée le dit. Voir le README, « Écrire en ligne ».")
    configure = est_le_depot_configure(depot, distant)
    commit, nouveau = envoyer(site, depot, distant, branche, message, signature)
    return Publication(commit, pages, distant, branche, en_ligne["SITEURL"], nouveau, avertissements,
                       source, configure, remarques)


def dire(publication, duree):
    """Ce que `make publish` dit d'une publication réussie : avertissements et remarques sur la sortie
    d'erreur, puis ce qui a été envoyé (ou que rien ne l'a été) et où."""
    construction.dire_avertissements(publication.avertissements)
    for remarque in publication.remarques:
        print(f"Remarque : {remarque}", file=sys.stderr)
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
