"""Lecture d'un fichier de contenu : l'en-tête YAML entre deux lignes `---`, puis le corps Markdown.

Pur : ni Pelican ni réglages. Les erreurs sont levées en français, avec la ligne du fichier.
`LecturesEnCache` garde les lectures d'un build à l'autre, dans un fichier qu'on lui désigne.
"""

import os
import pickle
import re
from dataclasses import dataclass

import caches
import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml : ~10x plus rapide


class Chargeur(_Base):
    """YAML sans conversions implicites surprenantes.

    Les dates restent du texte, pour que « 2020-02-30 » soit signalée proprement au lieu de faire
    échouer la lecture ; « 18:30 » reste une heure au lieu de devenir 1110 (entier sexagésimal de YAML 1.1).
    """


_ENTIER = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$")
Chargeur.yaml_implicit_resolvers = {
    premier: [
        (tag, _ENTIER if tag == "tag:yaml.org,2002:int" else regexp)
        for tag, regexp in resolveurs
        if tag != "tag:yaml.org,2002:timestamp"
    ]
    for premier, resolveurs in _Base.yaml_implicit_resolvers.items()
}


class ErreurLecture(Exception):
    """L'en-tête ne peut pas être lu ; `ligne` est celle du fichier (1 = première ligne)."""

    def __init__(self, message, ligne=None):
        super().__init__(message)
        self.message = message
        self.ligne = ligne


@dataclass(frozen=True)
class Source:
    meta: dict
    corps: str
    lignes_entete: tuple  # lignes de l'en-tête, pour retrouver où est écrit un champ

    def ligne_de(self, champ):
        """Numéro de ligne dans le fichier où le champ est écrit, ou None."""
        motif = re.compile(rf"^{re.escape(champ)}\s*:")
        for i, ligne in enumerate(self.lignes_entete):
            if motif.match(ligne):
                return i + 2  # +1 pour la ligne `---`, +1 pour compter à partir de 1
        return None


def separer(texte):
    """Sépare l'en-tête YAML du corps ; lève ErreurLecture si l'en-tête manque."""
    texte = texte.lstrip("\ufeff")
    lignes = texte.split("\n")
    if not lignes or lignes[0].strip() != "---":
        raise ErreurLecture(
            "le fichier doit commencer par une ligne « --- », suivie de l'en-tête "
            "(title, date…) et d'une autre ligne « --- »",
            1,
        )
    for i in range(1, len(lignes)):
        if lignes[i].strip() == "---":
            return lignes[1:i], "\n".join(lignes[i + 1 :])
    raise ErreurLecture("l'en-tête n'est pas refermé par une ligne « --- »", 1)


_PROBLEMES_YAML = {
    "mapping values are not allowed": "un « : » inattendu dans une valeur",
    "cannot start any token": "un caractère interdit en début de valeur",
    "could not find expected ':'": "il manque « : » après le nom d'un champ",
    "found unexpected end of stream": "des guillemets ouverts et jamais refermés",
    "expected <block end>": "une ligne mal alignée (vérifiez les espaces en début de ligne)",
    "found duplicate anchor": "un « & » inattendu",
    "found undefined alias": "un « * » inattendu en début de valeur",
}


def _en_francais(probleme):
    for anglais, francais in _PROBLEMES_YAML.items():
        if probleme and anglais in probleme:
            return francais
    return "syntaxe incorrecte"


# Au-delà, l'en-tête n'est plus écrit à la main : une liste de listes de listes… ferait échouer en
# anglais tout ce qui l'affiche (la récursion de Python s'arrête vers 1000 niveaux), un texte de plusieurs
# centaines de milliers de caractères ferait des messages d'erreur sans fin.
PROFONDEUR_MAX = 10
TAILLE_MAX = 50_000
# Le composeur de libyaml est récursif (en C, sans garde) : 25 000 « [ » le font tomber (erreur de
# segmentation), 10 000 passent. Un niveau coûte au moins un caractère : un en-tête plus court que ceci
# ne descend pas assez profond pour lui nuire, et l'arbre composé est alors vérifié sans rien relire.
SANS_RISQUE = 2000

_PROFONDEUR = (f"l'en-tête imbrique plus de {PROFONDEUR_MAX} niveaux de listes ; attendu : « champ: valeur », "
               "ou une liste simple comme [frontière, maraudes]")


def _refuser_ancres_et_profondeur(texte):
    """Avant toute construction, sur les seuls événements du parseur (libyaml, sans récursion) :

    - refuse ancres (&nom) et alias (*nom) : un writer n'en a jamais besoin, et quelques centaines
      d'octets d'alias imbriqués se déplient en gigaoctets (ou en un message d'erreur de 39 Mo) ;
    - refuse plus de PROFONDEUR_MAX niveaux de listes, avant que le composeur de libyaml ne descende.

    Sans « & » ni « * », et en moins de SANS_RISQUE caractères, il n'y a rien à craindre ici : pas de
    seconde lecture (le cas de tous les en-têtes écrits à la main).
    """
    if "&" not in texte and "*" not in texte and len(texte) < SANS_RISQUE:
        return
    profondeur = 0
    for evenement in yaml.parse(texte, Loader=Chargeur):
        if isinstance(evenement, yaml.AliasEvent) or getattr(evenement, "anchor", None) is not None:
            raise ErreurLecture(
                "l'en-tête contient un « & » ou un « * » au début d'une valeur (une ancre YAML, que le site "
                "n'accepte pas) ; écrivez la valeur en entier, entre guillemets si elle commence par & ou *",
                evenement.start_mark.line + 2,
            )
        if isinstance(evenement, yaml.CollectionStartEvent):
            profondeur += 1
            if profondeur > PROFONDEUR_MAX:
                raise ErreurLecture(_PROFONDEUR, evenement.start_mark.line + 2)
        elif isinstance(evenement, yaml.CollectionEndEvent):
            profondeur -= 1


def _refuser_doublons(noeud):
    """Refuse une clé écrite deux fois dans un même bloc (YAML garderait la dernière sans rien dire), et
    plus de PROFONDEUR_MAX niveaux de listes (au-delà de mille, Python ne saurait plus les afficher)."""
    a_voir = [(noeud, 1)]
    while a_voir:
        courant, profondeur = a_voir.pop()
        if profondeur > PROFONDEUR_MAX:
            raise ErreurLecture(_PROFONDEUR, courant.start_mark.line + 2)
        if isinstance(courant, yaml.MappingNode):
            vues = {}
            for cle, valeur in courant.value:
                if isinstance(cle, yaml.ScalarNode):
                    if cle.value in vues:
                        raise ErreurLecture(
                            f"« {cle.value[:60]} » est écrit deux fois (lignes {vues[cle.value]} et "
                            f"{cle.start_mark.line + 2}) ; gardez-en un seul",
                            cle.start_mark.line + 2,
                        )
                    vues[cle.value] = cle.start_mark.line + 2
                a_voir.append((valeur, profondeur + 1))
        elif isinstance(courant, yaml.SequenceNode):
            a_voir.extend((element, profondeur + 1) for element in courant.value)


_GUILLEMETS = (
    "Chaque ligne s'écrit « champ: valeur » ; une valeur qui contient « : » ou « # » se met entre "
    "guillemets, par exemple title: \"Rassemblement #2 au col\""
)


_GUILLEMETS_DANS_UNE_VALEUR = (
    "Les guillemets droits \" ouvrent et ferment la valeur : dans le texte, écrivez plutôt « » "
    "(title: \"Le « beau » jour\") ; une apostrophe va dans une valeur entre \" (title: \"L'été au col\")"
)
_DEBUT_DE_VALEUR = re.compile(r"^\s*(?:-\s+|[^\s:#\[{\"'][^:]*:\s+)([\"'])")


def _guillemets_mal_fermes(entete):
    """(numéro de ligne, ce qui ne va pas) de la première valeur entre guillemets mal refermée, ou None.

    L'erreur de YAML tombe souvent plus bas (« did not find expected key », à la ligne suivante) : c'est la
    ligne du guillemet qu'il faut nommer. Une valeur entre " peut contenir \" ; entre ', une apostrophe doublée.
    """
    for i, ligne in enumerate(entete):
        debut = _DEBUT_DE_VALEUR.match(ligne)
        if not debut:
            continue
        guillemet, valeur = debut.group(1), ligne[debut.end():]
        j, fin = 0, None
        while j < len(valeur):
            if guillemet == '"' and valeur[j] == "\\":
                j += 2
                continue
            if valeur[j] == guillemet:
                if guillemet == "'" and valeur[j + 1:j + 2] == "'":
                    j += 2
                    continue
                fin = j
                break
            j += 1
        nom, referme = ("le guillemet « \" »", "refermé") if guillemet == '"' else ("l'apostrophe « ' »", "refermée")
        if fin is None:
            return i + 2, f"{nom} qui ouvre la valeur n'est pas {referme} sur la même ligne"
        reste = valeur[fin + 1:].strip()
        if reste and not reste.startswith("#"):
            return i + 2, f"{nom} qui ouvre la valeur est {referme} trop tôt, au milieu du texte (avant « {reste[:30]} »)"
    return None


def _tabulation(entete):
    """La première ligne de l'en-tête qui contient une tabulation (numéro dans le fichier), ou None.

    YAML refuse une tabulation en début de ligne mais l'accepte après « champ: » : une seule règle,
    un seul message, quelle que soit sa place (elle ne se voit pas à l'écran).
    """
    for i, ligne in enumerate(entete):
        if "\t" in ligne:
            return i + 2
    return None


def _commentaire_en_fin_de_ligne(entete):
    """(numéro de ligne, texte perdu) du premier « # » qui coupe une valeur, ou None.

    Pour YAML, « # » après une espace commence un commentaire, même au milieu d'un titre sans guillemets :
    « title: Rassemblement #2 au col » donnerait « Rassemblement ». Une ligne qui n'est qu'un commentaire
    reste permise ; un « # » derrière une valeur ne l'est pas.
    """
    texte = "\n".join(entete)
    if "#" not in texte:
        return None
    fin_des_valeurs = {}
    for jeton in yaml.scan(texte, Loader=Chargeur):
        debut, fin = jeton.start_mark, jeton.end_mark
        if (fin.line, fin.column) != (debut.line, debut.column):
            fin_des_valeurs[fin.line] = max(fin_des_valeurs.get(fin.line, 0), fin.column)
    for i, colonne in sorted(fin_des_valeurs.items()):
        reste = entete[i][colonne:].strip() if i < len(entete) else ""
        if reste.startswith("#"):
            return i + 2, reste
    return None


def lire_texte(texte):
    entete, corps = separer(texte)
    ligne_tabulation = _tabulation(entete)
    if ligne_tabulation:
        raise ErreurLecture(
            "l'en-tête contient une tabulation ; écrivez des espaces à la place (une tabulation ne se voit "
            "pas, et YAML la lit différemment selon sa place)",
            ligne_tabulation,
        )
    yaml_entete = "\n".join(entete)
    if len(yaml_entete) > TAILLE_MAX:
        raise ErreurLecture(f"l'en-tête fait plus de {TAILLE_MAX // 1000} 000 caractères ; un en-tête tient en quelques "
                            "lignes « champ: valeur », le texte va sous la seconde ligne « --- »", 2)
    try:
        _refuser_ancres_et_profondeur(yaml_entete)
        # Comme yaml.load, en deux temps : l'arbre d'abord (vérifié), les valeurs Python ensuite.
        chargeur = Chargeur(yaml_entete)
        try:
            noeud = chargeur.get_single_node()
            if noeud is not None:
                _refuser_doublons(noeud)
            meta = chargeur.construct_document(noeud) if noeud is not None else None
        finally:
            chargeur.dispose()
    except (ValueError, OverflowError):
        # Ce que PyYAML ne sait pas convertir : un nombre de plus de 4300 chiffres, par exemple.
        raise ErreurLecture("l'en-tête est illisible : une valeur impossible à lire (un nombre trop long ?)", 2) from None
    except yaml.YAMLError as erreur:
        marque = getattr(erreur, "problem_mark", None)
        ligne = marque.line + 2 if marque is not None else None
        guillemets = _guillemets_mal_fermes(entete)
        if guillemets and (ligne is None or guillemets[0] <= ligne):
            raise ErreurLecture(f"l'en-tête est illisible : {guillemets[1]}. {_GUILLEMETS_DANS_UNE_VALEUR}",
                                guillemets[0]) from None
        raise ErreurLecture(
            f"l'en-tête est illisible : {_en_francais(getattr(erreur, 'problem', None))}. {_GUILLEMETS}",
            ligne,
        ) from None
    commentaire = _commentaire_en_fin_de_ligne(entete)
    if commentaire:
        ligne, perdu = commentaire
        raise ErreurLecture(
            f"un « # » dans une valeur sans guillemets : YAML lit « {perdu} » comme un commentaire et "
            f"l'efface. {_GUILLEMETS}",
            ligne,
        )
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ErreurLecture("l'en-tête doit être une suite de lignes « champ: valeur »", 2)
    return Source(meta=meta, corps=corps, lignes_entete=tuple(entete))


def lire(chemin):
    with open(chemin, encoding="utf-8") as fichier:
        try:
            texte = fichier.read()
        except UnicodeDecodeError:
            raise ErreurLecture("le fichier n'est pas enregistré en UTF-8") from None
    return lire_texte(texte)


class LecturesEnCache:
    """`lire`, avec mémoire d'un build à l'autre : un fichier dont la date de modification et la taille
    n'ont pas changé n'est ni relu ni réanalysé (l'en-tête YAML coûte ~60 µs par fichier, la moitié
    de la vérification du contenu ; c'est ce qui compte quand on reconstruit après une retouche).

    `fichier` : où garder les lectures (dans le cache du build) ; `version` : l'empreinte du code
    qui lit, pour qu'un changement de ce code oublie tout. Un fichier illisible n'est jamais gardé.
    """

    def __init__(self, fichier, version):
        self.fichier = fichier
        self.version = version
        self.anciennes = {}
        self.lues = {}
        try:
            with open(fichier, "rb") as entree:
                version_lue, anciennes = pickle.load(entree)
            if version_lue == version:
                self.anciennes = anciennes
        except (OSError, EOFError, ValueError, TypeError, AttributeError, pickle.UnpicklingError):
            pass  # pas de cache, ou illisible : on relit tout

    def lire(self, chemin):
        etat = os.stat(chemin)
        cle = (etat.st_mtime_ns, etat.st_size)  # lue avant le fichier : une écriture entre les deux sera revue
        connue = self.anciennes.get(chemin)
        source = connue[1] if connue and connue[0] == cle else lire(chemin)
        self.lues[chemin] = (cle, source)
        return source

    def enregistrer(self):
        """Garde les lectures de ce build (et elles seules), si quelque chose a changé."""
        if self.lues.keys() == self.anciennes.keys() and all(
            self.anciennes[chemin][0] == cle for chemin, (cle, _) in self.lues.items()
        ):
            return
        try:
            caches.ecrire(self.fichier, pickle.dumps((self.version, self.lues), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # un cache qu'on ne peut pas écrire n'empêche pas le build : le suivant relira tout
