"""Le dépôt git du site, vu par les bénévoles : ce qui n'est pas enregistré, l'export exact d'un commit,
enregistrer content/ et l'envoyer, récupérer les changements des autres.

Sans Pelican. Chaque refus lève `GitRefuse` avec un message en français qui dit quoi faire.
"""

import io
import os
import subprocess
import tarfile

# Un module pur de plugins/ (sur le chemin des imports depuis `import outils`) : une seule règle du pluriel.
import formats

# Ce dont le site publié est construit : un changement non enregistré ici ne part jamais en ligne.
SOURCES_DU_SITE = (
    "content", "theme", "plugins", "outils", "pelicanconf.py", "publishconf.py", "tasks.py",
    "requirements.txt", "package.json", "package-lock.json", "Makefile",
)

ETATS = {"?": "nouveau, jamais enregistré", "M": "modifié", "A": "ajouté mais pas enregistré",
         "D": "supprimé", "R": "renommé", "C": "copié", "T": "modifié", "U": "en conflit"}


class GitRefuse(Exception):
    """git n'a pas fait ce qu'on attendait ; le message dit pourquoi et quoi faire, en français."""


def git(depot, *arguments, env=None):
    """Lance git dans `depot` ; renvoie le résultat (jamais d'exception : l'appelant lit returncode)."""
    return subprocess.run(["git", *arguments], cwd=depot, capture_output=True, text=True, env=env)


def sortie(depot, *arguments):
    """La sortie de git, ou GitRefuse avec le message de git si la commande échoue."""
    resultat = git(depot, *arguments)
    if resultat.returncode != 0:
        raise GitRefuse(f"« git {' '.join(arguments)} » a échoué :\n{resultat.stderr.strip()}")
    return resultat.stdout.strip()


def commit_courant(depot):
    """Le sha complet du commit courant (HEAD), ou None si le dépôt n'a encore aucun commit."""
    resultat = git(depot, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    return resultat.stdout.strip() or None


def changements(depot, chemins=SOURCES_DU_SITE):
    """Les fichiers de `chemins` qui diffèrent du dernier commit (modifiés, nouveaux, supprimés), avec leur état,
    triés : [(chemin, état en français)]. Les fichiers ignorés par .gitignore n'en sont pas."""
    resultat = git(depot, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *chemins)
    if resultat.returncode != 0:
        raise GitRefuse(f"« git status » a échoué dans {depot} :\n{resultat.stderr.strip()}")
    entrees = resultat.stdout.split("\0")
    trouves = []
    i = 0
    while i < len(entrees):
        entree = entrees[i]
        i += 1
        if len(entree) < 4:
            continue
        code, chemin = entree[:2], entree[3:]
        if "R" in code or "C" in code:
            i += 1  # l'ancien nom suit
        lettre = next((c for c in code if c != " "), "M")
        trouves.append((chemin, ETATS.get(lettre, "modifié")))
    return sorted(trouves)


def exporter(depot, commit, dossier, chemins=SOURCES_DU_SITE):
    """Écrit dans `dossier` les fichiers de `chemins` tels qu'ils sont dans `commit` (git archive), et rien
    d'autre : ni fichier non enregistré, ni fichier ignoré. Renvoie `dossier`."""
    presents = set(sortie(depot, "ls-tree", "--name-only", commit).splitlines())
    a_exporter = [c for c in chemins if c in presents]
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "--", *a_exporter],
                             cwd=depot, capture_output=True)
    if archive.returncode != 0:
        raise GitRefuse(f"« git archive » a échoué :\n{archive.stderr.decode(errors='replace').strip()}")
    os.makedirs(dossier, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dossier, filter="data")
    return dossier


def liste_des_changements(trouves):
    return "\n".join(f"- {chemin} ({etat})" for chemin, etat in trouves)


def _branche_courante(depot):
    return git(depot, "symbolic-ref", "--short", "-q", "HEAD").stdout.strip()


def _commit_distant(depot, distant, branche):
    resultat = git(depot, "ls-remote", distant, f"refs/heads/{branche}")
    if resultat.returncode != 0:
        raise GitRefuse(f"Le dépôt {distant} est injoignable (connexion, adresse ou droits ?) :\n"
                        f"{resultat.stderr.strip()}")
    return (resultat.stdout.split() or [None])[0]


def refus_d_envoi(stderr):
    """Vrai si git a refusé l'envoi parce que la branche a avancé chez le dépôt distant (et non parce que le dépôt
    lui-même refuse : « [remote rejected] », une branche protégée par exemple)."""
    return any(motif in stderr for motif in ("[rejected]", "fetch first", "non-fast-forward"))


def _deja_en_ligne(depot, distant, branche, commit):
    """Vrai si `commit` est déjà dans la branche en ligne (qui a avancé depuis) : il n'y a rien à envoyer."""
    if git(depot, "fetch", "--quiet", "--no-tags", distant, branche).returncode != 0:
        return False
    return git(depot, "merge-base", "--is-ancestor", commit, "FETCH_HEAD").returncode == 0


AIDE_MESSAGE = 'make enregistrer MESSAGE="Communiqué du 4 mai sur les maraudes"'


def enregistrer(depot, message, distant="origin", branche="main"):
    """Enregistre les changements de content/ dans un commit (avec `message`) et envoie `branche` chez
    `distant`, sans jamais forcer. Renvoie une phrase qui dit ce qui a été fait.

    Sans changement dans content/, envoie seulement les enregistrements pas encore envoyés (après un envoi
    refusé, par exemple) ; s'il n'y en a pas, le dit.
    """
    courante = _branche_courante(depot)
    if courante != branche:
        raise GitRefuse(f"Rien n'a été enregistré : vous êtes sur la branche « {courante or '(aucune)'} », "
                        f"pas sur {branche}. Revenez-y avec : git switch {branche}")
    trouves = changements(depot, ("content",))
    enregistre = None
    if trouves:
        if not message.strip():
            raise GitRefuse("Rien n'a été enregistré : dites en une phrase ce que vous avez changé, par exemple\n"
                            f"  {AIDE_MESSAGE}\n\nFichiers à enregistrer :\n{liste_des_changements(trouves)}")
        ajout = git(depot, "add", "--all", "--", "content")
        if ajout.returncode != 0:
            raise GitRefuse(f"Rien n'a été enregistré : « git add content » a échoué :\n{ajout.stderr.strip()}")
        commit = git(depot, "commit", "--quiet", "-m", message.strip(), "--only", "--", "content")
        if commit.returncode != 0:
            git(depot, "reset", "--quiet", "--", "content")
            if "tell me who you are" in commit.stderr or "user.email" in commit.stderr:
                raise GitRefuse(
                    "Rien n'a été enregistré : git ne sait pas à quel nom enregistrer. Dites-le-lui une fois "
                    "pour toutes (avec vos vrais nom et adresse) :\n"
                    '  git config --global user.name "Prénom Nom"\n'
                    '  git config --global user.email "prenom@exemple.org"\n'
                    "puis relancez la même commande.")
            raise GitRefuse(f"Rien n'a été enregistré : « git commit » a échoué :\n{commit.stderr.strip()}")
        enregistre = commit_courant(depot)
    local = commit_courant(depot)
    if local is None:
        raise GitRefuse("Rien à enregistrer : content/ n'a pas de changement, et le dépôt n'a encore aucun commit.")
    en_ligne = _commit_distant(depot, distant, branche)
    if en_ligne == local:
        return ("Rien à enregistrer : content/ n'a pas changé depuis le dernier enregistrement, "
                f"et tout est déjà envoyé sur {branche} ({distant}).")
    if not enregistre and en_ligne and _deja_en_ligne(depot, distant, branche, local):
        return ("Rien à enregistrer : content/ n'a pas changé depuis le dernier enregistrement, et tout est déjà "
                f"envoyé. D'autres ont envoyé des changements sur {branche} depuis : make recuperer pour les avoir.")
    envoi = git(depot, "push", "--quiet", distant, f"HEAD:refs/heads/{branche}")
    garde = (f"Votre changement est enregistré sur cet ordinateur (commit {local[:12]}), mais il n'est pas "
             "encore envoyé. ")
    if envoi.returncode != 0:
        if refus_d_envoi(envoi.stderr):
            raise GitRefuse(
                f"{garde}Quelqu'un d'autre a envoyé des changements sur {branche} entre-temps : git refuse "
                "d'écraser les siens (et c'est tant mieux).\n"
                "Pour récupérer ses changements, puis envoyer les vôtres :\n"
                "  make recuperer\n"
                "  make enregistrer")
        raise GitRefuse(f"{garde}L'envoi vers {distant} a échoué (connexion, adresse ou droits ?). "
                        f"Relancez make enregistrer plus tard.\n{envoi.stderr.strip()}")
    if enregistre:
        return (f"Enregistré et envoyé sur {branche} ({distant}) : « {message.strip()} », commit {enregistre[:12]}, "
                f"{len(trouves)} {formats.accord(len(trouves), 'fichier', 'fichiers')} de content/.")
    return f"Envoyé sur {branche} ({distant}) : les enregistrements en attente (jusqu'au commit {local[:12]})."


def _en_conflit(depot):
    return git(depot, "diff", "--name-only", "--diff-filter=U").stdout.split()


def _message_de_conflit(en_conflit):
    return ("Rien n'a été changé : vos changements et ceux de quelqu'un d'autre touchent les mêmes lignes de :\n"
            + "\n".join(f"- {f}" for f in en_conflit)
            + "\nVotre dossier est revenu comme avant. Demandez de l'aide à quelqu'un qui connaît git, "
              "ou mettez votre version de côté (copiez le fichier ailleurs), puis : git restore <fichier>, "
              "make recuperer, et refaites votre changement.")


def recuperer(depot, distant="origin", branche="main"):
    """Récupère les changements envoyés par les autres sur `branche` (git pull --rebase) ; les vôtres, enregistrés
    ou non, sont gardés. En cas de conflit, remet tout comme avant et le dit. Renvoie une phrase."""
    courante = _branche_courante(depot)
    if courante != branche:
        raise GitRefuse(f"Rien n'a été récupéré : vous êtes sur la branche « {courante or '(aucune)'} », "
                        f"pas sur {branche}. Revenez-y avec : git switch {branche}")
    avant = commit_courant(depot)
    cote_avant = git(depot, "rev-parse", "--verify", "--quiet", "refs/stash").stdout.strip()
    tirage = git(depot, "pull", "--quiet", "--rebase", "--autostash", "--no-edit", distant, branche)
    if tirage.returncode != 0:
        en_conflit = _en_conflit(depot)
        en_cours = [os.path.join(depot, sortie(depot, "rev-parse", "--git-path", nom)) for nom in ("rebase-merge", "rebase-apply")]
        if any(os.path.isdir(chemin) for chemin in en_cours):
            git(depot, "rebase", "--abort")
        if en_conflit:
            raise GitRefuse(_message_de_conflit(en_conflit))
        raise GitRefuse(f"Rien n'a été récupéré depuis {distant} (connexion, adresse ou droits ?) :\n"
                        f"{tirage.stderr.strip()}")
    en_conflit = _en_conflit(depot)
    cote = git(depot, "rev-parse", "--verify", "--quiet", "refs/stash").stdout.strip()
    if en_conflit and avant and cote and cote != cote_avant:
        # Le tirage a réussi, mais vos changements non enregistrés (mis de côté par --autostash) touchent les
        # mêmes lignes : git finit sans erreur, en laissant des marques <<<<<<< dans le fichier et votre
        # version dans le stash. On revient au commit d'avant, où votre version se remet telle quelle.
        git(depot, "reset", "--quiet", "--hard", avant)
        if git(depot, "stash", "pop", "--quiet").returncode == 0:
            raise GitRefuse(_message_de_conflit(en_conflit))
        raise GitRefuse("Vos changements non enregistrés et ceux de quelqu'un d'autre touchent les mêmes lignes de :\n"
                        + "\n".join(f"- {f}" for f in en_conflit)
                        + "\nVotre version est gardée par git (git stash list) ; demandez de l'aide à quelqu'un "
                          "qui connaît git avant de continuer.")
    apres = commit_courant(depot)
    if apres == avant:
        return f"Déjà à jour : rien de nouveau sur {branche} ({distant})."
    return f"Récupéré : les derniers changements de {branche} ({distant}) sont dans votre dossier."
