"""Advisory locks for read-modify-write of shared files, and snapshots that notice a change.

Two bilingual commands that rewrite the same file (``out/<stem>.json``, a glossary, a side
file) must not both read it, change it and write it back: the second write would silently drop
the first one's work. Every such command does, in this order::

    snap = Snapshot.of(path)              # 1. before reading
    data = load(path)                     # 2. read
    ...                                   # 3. long work, no lock held (translation, suggestions)
    with file_lock(path):                 # 4. exclusive, waits up to ``timeout`` seconds
        if snap.changed():                # 5. someone wrote meanwhile:
            data = merge(load(path), ...) #    re-read and merge (or refuse)
        save(path, data)                  # 6. atomic write (bilingual.fileio)

Short jobs simply hold the lock from before the read to after the write.

:func:`file_lock` takes ``fcntl.flock`` on a side file ``<name>.lock`` beside ``path`` (beside
the file a symlink points to). The lock file is removed when the lock is released; a waiter that
then wins the lock on the removed file notices (its inode is no longer the one at the path) and
tries again, so removing it never lets two holders in. The lock is re-entrant within a thread:
a function that locks a file may call another that locks it too. Locks are advisory: they only
exclude other users of this module.

Why not the ``filelock`` package: it is only a transitive dependency here, it leaves its lock
files behind on Unix, and the ~100 lines below (standard library only) also give the holder's
process id in the timeout message. Where ``fcntl`` is missing (Windows) ``msvcrt.locking`` is used.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError

__all__ = ["LOCK_SUFFIX", "DEFAULT_TIMEOUT", "file_lock", "lock_path_for", "Snapshot"]

LOCK_SUFFIX = ".lock"
DEFAULT_TIMEOUT = 30.0  #: seconds a command waits for another one to finish writing
_POLL = 0.05
_NO_LOCK_HERE = (errno.EACCES, errno.EPERM, errno.EROFS)
_local = threading.local()


def lock_path_for(path: str | os.PathLike[str]) -> Path:
    """The side file locked for ``path``: ``<name>.lock`` beside the file (symlinks followed)."""
    real = Path(os.path.realpath(path))
    return real.with_name(real.name + LOCK_SUFFIX)


def _held() -> dict[str, int]:
    if not hasattr(_local, "held"):
        _local.held = {}
    return _local.held


@contextlib.contextmanager
def file_lock(path: str | os.PathLike[str], *, timeout: float | None = DEFAULT_TIMEOUT) -> Iterator[Path]:
    """Hold an exclusive lock for writing ``path`` (yields the lock file's path).

    Waits up to ``timeout`` seconds (``None``: as long as it takes) for another holder, then
    raises :class:`OutputError` ("another bilingual command is writing X; wait and try again").
    Where no lock file can be created because the folder is read-only (nobody can write
    ``path`` either) or does not exist yet, the block runs without a lock.
    """
    lock = lock_path_for(path)
    held = _held()
    key = str(lock)
    if key in held:  # re-entered by this thread
        held[key] += 1
        try:
            yield lock
        finally:
            held[key] -= 1
        return
    fd = _acquire(lock, Path(path), timeout)
    held[key] = 1
    try:
        yield lock
    finally:
        del held[key]
        if fd is not None:
            _release(lock, fd)


def _acquire(lock: Path, path: Path, timeout: float | None) -> int | None:
    deadline = None if timeout is None else time.monotonic() + max(timeout, 0.0)
    while True:
        fd = _open(lock)
        if fd is None:
            return None
        if not _wait_for(fd, deadline):
            os.close(fd)
            holder = _holder(lock)
            raise OutputError(f"another bilingual command{holder} is writing {path}; wait and try again")
        if _same_file(fd, lock):
            _write_pid(fd)
            return fd
        os.close(fd)  # the previous holder removed this lock file as we got it: start again


def _open(lock: Path) -> int | None:
    """The lock file, opened (created if needed); None where it cannot be made: a read-only
    folder (nobody writes there) or a missing one (nothing there yet to protect)."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(lock, flags, 0o666)
    except FileNotFoundError:
        return None
    except OSError as err:
        if err.errno in _NO_LOCK_HERE:
            return None
        raise OutputError(f"cannot create the lock file {lock}: {err.strerror or err}") from None


def _wait_for(fd: int, deadline: float | None) -> bool:
    while True:
        if _try_lock(fd, blocking=deadline is None):
            return True
        if deadline is None:  # pragma: no cover - a blocking lock only returns when held
            continue
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(_POLL, left))


def _try_lock(fd: int, *, blocking: bool) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        return True
    except BlockingIOError:
        return False
    except OSError as err:
        if err.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise


def _same_file(fd: int, lock: Path) -> bool:
    try:
        on_disk = os.stat(lock)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


def _write_pid(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)


def _holder(lock: Path) -> str:
    try:
        pid = lock.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


def _release(lock: Path, fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the file cannot be removed while open
        import msvcrt

        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)
        return
    with contextlib.suppress(OSError):
        os.unlink(lock)  # while still holding it: see the module docstring
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


# --------------------------------------------------------------------------- snapshots
@dataclass(frozen=True)
class Snapshot:
    """What a file was when it was read: ``mtime_ns``, ``size`` and ``sha256`` (all ``None``
    when it did not exist). :meth:`changed` tells whether it is different now."""

    path: Path
    mtime_ns: int | None
    size: int | None
    sha256: str | None

    @property
    def exists(self) -> bool:
        """Whether the file existed."""
        return self.sha256 is not None

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> Snapshot:
        """The file as it is now (take it *before* reading the file)."""
        return cls.read(path)[0]

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> tuple[Snapshot, bytes | None]:
        """Read the file once: its snapshot and its bytes (``None`` if it does not exist), so
        that the snapshot describes exactly the bytes used."""
        path = Path(path)
        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                data = fh.read()
        except OSError:  # missing (or unreadable: the caller's own read says why)
            return cls(path, None, None, None), None
        return cls(path, st.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest()), data

    def changed(self) -> bool:
        """Whether the file's content (or existence) differs from this snapshot."""
        try:
            size = os.stat(self.path).st_size
        except FileNotFoundError:
            return self.exists
        except OSError:
            return True
        if not self.exists or size != self.size:
            return True
        return Snapshot.of(self.path).sha256 != self.sha256
