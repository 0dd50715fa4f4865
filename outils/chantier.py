"""Le dossier d'un site construit (output/) et son chantier : un seul build à la fois, chacun dans son propre
dossier temporaire, et un échange qui ne laisse jamais output/ absent ou à moitié écrit, même si le build
est tué à n'importe quel moment.

- Le verrou est un `flock` sur `.output.verrou` (à côté de output/) : le noyau le relâche quand le processus
  meurt, un verrou laissé par un build tué ne bloque donc jamais ; le fichier garde le pid, pour le message.
- Le build écrit dans `.output-neuf-XXXX/` (un nom à lui), puis l'échange avec output/ d'un seul coup
  (renameat2 RENAME_EXCHANGE sous Linux). Ailleurs, deux renommages ; si le build est tué entre les deux,
  le build suivant remet l'ancien output/ en place avant tout.
- Sous verrou, chaque build efface d'abord les dossiers laissés par un build tué.
"""

import contextlib
import ctypes
import errno
import glob
import os
import shutil
import sys
import tempfile

try:
    import fcntl
except ImportError:  # Windows sans WSL : pas de verrou (voir le README)
    fcntl = None


def _noms(destination):
    parent, base = os.path.split(os.path.abspath(destination))
    return parent, base


def chemin_du_verrou(destination):
    parent, base = _noms(destination)
    return os.path.join(parent, f".{base}.verrou")


def _annoncer(message):
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def verrou(destination, annoncer=None):
    """Un seul build à la fois pour `destination` ; le second attend, en le disant."""
    annoncer = annoncer or _annoncer
    if fcntl is None:
        yield
        return
    parent, base = _noms(destination)
    os.makedirs(parent, exist_ok=True)
    descripteur = os.open(chemin_du_verrou(destination), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descripteur, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(descripteur, 32, 0).decode(errors="replace").strip() or "?"
            annoncer(f"Un autre build est en train d'écrire {base}/ (processus {pid}) : "
                     "celui-ci attend qu'il ait fini, puis commence.")
            fcntl.flock(descripteur, fcntl.LOCK_EX)
        os.ftruncate(descripteur, 0)
        os.pwrite(descripteur, str(os.getpid()).encode(), 0)
        yield
    finally:
        fcntl.flock(descripteur, fcntl.LOCK_UN)
        os.close(descripteur)


def _restes(destination, genre):
    parent, base = _noms(destination)
    return sorted(glob.glob(os.path.join(glob.escape(parent), f".{glob.escape(base)}-{genre}-*")),
                  key=os.path.getmtime)


def reparer(destination):
    """Après un build tué : remet l'ancien site en place s'il le faut, et efface les dossiers de chantier.
    À n'appeler que sous le verrou."""
    anciens = _restes(destination, "ancien")
    if not os.path.exists(destination) and anciens:
        os.rename(anciens.pop(), destination)
    for reste in anciens + _restes(destination, "neuf"):
        shutil.rmtree(reste, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
try:
    _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
except (AttributeError, OSError):  # pas Linux, ou une glibc trop ancienne
    _renameat2 = None


def _echanger(a, b):
    """Échange les dossiers `a` et `b` d'un seul coup ; False si le système ne le sait pas faire."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), a)


def mettre_en_place(neuf, destination):
    """Met le dossier `neuf` à la place de `destination` ; l'ancien est effacé."""
    parent, base = _noms(destination)
    if not os.path.exists(destination):
        os.rename(neuf, destination)
        return
    if _echanger(neuf, destination):
        ancien = neuf  # l'échange a mis l'ancien site sous le nom du chantier
    else:
        ancien = tempfile.mkdtemp(prefix=f".{base}-ancien-", dir=parent)
        os.rmdir(ancien)
        os.rename(destination, ancien)
        os.rename(neuf, destination)  # tué juste avant : reparer() remet l'ancien au build suivant
    shutil.rmtree(ancien, ignore_errors=True)


@contextlib.contextmanager
def chantier(destination, annoncer=None):
    """Le dossier où construire, à soi, à côté de `destination` ; mis à la place de `destination` si le bloc
    se termine sans erreur, effacé sinon. Un seul chantier à la fois par destination."""
    parent, base = _noms(destination)
    with verrou(destination, annoncer):
        reparer(destination)
        neuf = tempfile.mkdtemp(prefix=f".{base}-neuf-", dir=parent)
        masque = os.umask(0)
        os.umask(masque)
        os.chmod(neuf, 0o777 & ~masque)  # mkdtemp le crée en 0700 : output/ garde les droits habituels
        try:
            yield neuf
            mettre_en_place(neuf, destination)
        except BaseException:
            shutil.rmtree(neuf, ignore_errors=True)
            raise
