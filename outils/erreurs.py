"""Jamais de traceback à l'écran : une erreur que personne n'a prévue devient un message court en français
(ce qui a échoué, le fichier en cause s'il est connu, ce qui n'a pas changé, où sont les détails), et les
détails techniques vont dans un fichier, à joindre à une demande d'aide.

Aussi : les erreurs de disque (plein, en lecture seule, sans droit d'écriture) dites en français.
"""

import datetime
import errno
import functools
import os
import sys
import tempfile
import traceback

# Les erreurs du système de fichiers qu'un bénévole peut corriger lui-même, en français.
DISQUE = {
    errno.ENOSPC: "le disque est plein",
    errno.EDQUOT: "le quota de disque est atteint",
    errno.EROFS: "le disque est en lecture seule",
    errno.EACCES: "vous n'avez pas le droit d'y écrire",
    errno.EPERM: "vous n'avez pas le droit d'y écrire",
    errno.EFBIG: "le fichier dépasse la taille permise",
}
_CONSEIL_DISQUE = ("Libérez de la place (le dossier cache/ peut être supprimé sans risque, il se refait), "
                   "ou vérifiez vos droits sur le dossier du site, puis relancez.")


def est_une_erreur_de_disque(erreur):
    return isinstance(erreur, OSError) and erreur.errno in DISQUE


def raison_disque(erreur):
    """« le disque est plein (en écrivant output/x.html) »."""
    raison = DISQUE.get(getattr(erreur, "errno", None), getattr(erreur, "strerror", None) or str(erreur))
    fichier = getattr(erreur, "filename", None)
    return f"{raison} (en écrivant {fichier})" if fichier else raison


def message_disque(erreur, quoi="Le site n'a pas été construit", reste="Le dossier output/ n'a pas changé."):
    return f"{quoi} : {raison_disque(erreur)}. {reste}\n{_CONSEIL_DISQUE}"


# Les variables locales qui, dans la pile d'appels, désignent le fichier en cours de traitement.
_NOMS_DE_FICHIER = ("source_path", "chemin", "fichier", "filename", "filepath", "path")


def fichier_en_cause(erreur, racine):
    """Le fichier du site que traitait le code quand l'erreur est arrivée (le plus proche de l'erreur), ou None."""
    candidats = []
    nom = getattr(erreur, "filename", None)
    if isinstance(nom, str):
        candidats.append(nom)
    pile = traceback.walk_tb(erreur.__traceback__)
    for cadre, _ in reversed(list(pile)):
        for variable in _NOMS_DE_FICHIER:
            valeur = cadre.f_locals.get(variable)
            if isinstance(valeur, (str, os.PathLike)):
                candidats.append(os.fspath(valeur))
    code = os.path.join(racine, ".venv")
    fichiers = [os.path.abspath(c) for c in candidats]
    fichiers = [f for f in fichiers if os.path.isfile(f) and not f.startswith(code + os.sep) and not f.endswith(".py")]
    # Un fichier du contenu d'abord (celui qu'un bénévole peut corriger), puis le plus proche de l'erreur.
    fichiers.sort(key=lambda f: f"{os.sep}content{os.sep}" not in f)
    if not fichiers:
        return None
    return os.path.relpath(fichiers[0], racine) if fichiers[0].startswith(racine + os.sep) else fichiers[0]


def ecrire_details(erreur, commande, chemin):
    """Écrit la trace complète dans `chemin` (sinon dans le dossier temporaire) ; renvoie où, ou None."""
    texte = (f"{datetime.datetime.now().isoformat(timespec='seconds')} — {commande}\n"
             f"Python {sys.version.split()[0]}, {sys.executable}\n\n"
             + "".join(traceback.format_exception(erreur)))
    for cible in (chemin, os.path.join(tempfile.gettempdir(), os.path.basename(chemin))):
        try:
            os.makedirs(os.path.dirname(cible), exist_ok=True)
            with open(cible, "w", encoding="utf-8") as fichier:
                fichier.write(texte)
            return cible
        except OSError:
            continue
    return None


def message(erreur, commande, inchange, details, racine):
    """Le message court, en français, d'une erreur inattendue."""
    quoi = f"{type(erreur).__name__} : {erreur}".strip().rstrip(":").strip()
    if len(quoi) > 300:
        quoi = quoi[:300] + "…"
    lignes = [f"Erreur inattendue pendant « {commande} » : {quoi}"]
    if est_une_erreur_de_disque(erreur):
        lignes = [f"« {commande} » n'a pas pu aller au bout : {raison_disque(erreur)}.", _CONSEIL_DISQUE]
    fichier = fichier_en_cause(erreur, racine)
    if fichier:
        lignes.append(f"Fichier en cause : {fichier}")
    lignes.append(inchange)
    if details:
        montre = os.path.relpath(details, racine) if details.startswith(racine + os.sep) else details
        lignes.append(f"Les détails techniques sont dans {montre} : joignez ce fichier si vous demandez de l'aide.")
    else:
        lignes.append("Les détails techniques n'ont pas pu être écrits (le disque est-il plein ?).")
    return "\n".join(lignes)


def sans_trace(commande, inchange, details, racine):
    """Décore une tâche invoke : toute exception imprévue devient un message court en français et un code de
    sortie non nul ; la trace complète va dans le fichier `details()` (une fonction : lu au moment de l'erreur).

    SystemExit (les refus déjà expliqués) et Ctrl+C passent tels quels."""

    def decorer(tache):
        @functools.wraps(tache)
        def enveloppe(*args, **kwargs):
            try:
                return tache(*args, **kwargs)
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as erreur:  # noqa: BLE001 — c'est tout l'objet de cette enveloppe
                ou = ecrire_details(erreur, commande, details())
                print(message(erreur, commande, inchange, ou, racine), file=sys.stderr, flush=True)
                sys.exit(1)

        return enveloppe

    return decorer


def sortir(message):
    """Un refus déjà expliqué : le message en français sur la sortie d'erreur, et le code de sortie 1."""
    print(message, file=sys.stderr)
    sys.exit(1)
