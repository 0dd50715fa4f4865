"""Un build du site : dans un dossier à lui, échangé avec output/ d'un seul coup (outils/chantier.py), avec
les avertissements de Pelican et des plugins recueillis pour être redits en français ; et `make check`,
la vérification du contenu sans build."""

import logging
import os
import sys
import tempfile

from pelican import Pelican
from pelican.log import console as console_pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from outils import CONFIG, chantier, recherche
from outils import erreurs as outils_erreurs

# Les plugins, sur le chemin des imports depuis `import outils`.
import contrat
import formats
from contrat import signaux as signaux_du_contrat
import memoire


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


def journal():
    """Les avertissements de Pelican sur la sortie d'erreur, comme `make build`."""
    init_logging(level=logging.WARNING, name="pelican")


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
                _indexer(neuf)
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


def _indexer(dossier):
    try:
        recherche.indexer(dossier)
    except recherche.IndexRate as erreur:
        raise BuildRefuse(str(erreur)) from None


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


def verifier_contenu(settings):
    """`make check` : (compte du contenu, None) si tout va bien, sinon (None, le rapport des problèmes)."""
    documents, problemes = contrat.valider(settings)
    if not problemes:
        # Un lien cassé ne fait qu'un avertissement dans l'aperçu, mais la publication le refuse : on le dit ici.
        problemes = contrat.liens_internes(settings, documents)
    if problemes:
        # make check ne construit rien : son refus ne parle ni du site en ligne ni de output/.
        rapport = contrat.regles.rapport_problemes(problemes)
        return None, rapport.replace("Le site n'a pas été construit", "Le contenu a des problèmes", 1).replace(
            " Le site déjà en ligne et le dossier output/ n'ont pas changé.", "", 1)
    return contrat.compte(documents), None


def pluriel(n, singulier, pluriel=None):
    """« 1 fichier modifié », « 2 fichiers modifiés » : l'accord du site (formats.accord)."""
    return f"{n} {formats.accord(n, singulier, pluriel or singulier + 's')}"


def dire_avertissements(construction, deja_dits=None):
    """Les avertissements d'un build réussi, en français, sur la sortie d'erreur.

    `deja_dits` (un ensemble, gardé d'une reconstruction à l'autre par l'aperçu) : un avertissement déjà dit
    n'est pas répété à chaque sauvegarde d'un fichier, seulement compté ; les liens cassés le sont toujours."""
    if construction.liens:
        print(f"Attention : {pluriel(len(construction.liens), 'lien interne cassé', 'liens internes cassés')} ; "
              "le site est construit pour l'aperçu, mais make publish refusera de le publier tant que "
              f"{'ce lien n’est pas corrigé' if len(construction.liens) == 1 else 'ces liens ne sont pas corrigés'} :",
              file=sys.stderr)
        for probleme in construction.liens:
            print(f"- {probleme}", file=sys.stderr)
    repetes = 0
    for avertissement in construction.pelican:
        if deja_dits is not None and avertissement in deja_dits:
            repetes += 1
            continue
        print(f"Avertissement : {avertissement}", file=sys.stderr)
        if deja_dits is not None:
            deja_dits.add(avertissement)
    if repetes:
        print(f"({pluriel(repetes, 'avertissement')} {formats.accord(repetes, 'inchangé, déjà dit', 'inchangés, déjà dits')} "
              "plus haut.)", file=sys.stderr)
