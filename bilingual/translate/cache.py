"""A persistent translation cache (SQLite, WAL).

Each entry maps (engine key, exact source text) to the machine translation. The engine key
names the model (package name, version, and a hash of its files' names, sizes and mtimes) and
the decoding options, so a different model, an updated model or different options never
reuse old translations. Writes are committed per finished batch, so an interrupted run keeps
everything finished so far.

Location: the ``bilingual`` user cache directory (platformdirs), overridden by the
``BILINGUAL_CACHE_DIR`` environment variable or by an argument.

Failures are told apart (:class:`CacheError.kind`): a *damaged* file (not a database, or a
corrupt one) is the only kind ``bilingual cache clear`` deletes; a *busy* one (another process
writing) is waited for, then left alone; an *unwritable* one is reported. A translation run opens
the cache with :meth:`TranslationCache.open_or_none` and goes on without it, with a warning.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError

__all__ = ["TranslationCache", "CacheInfo", "CacheError", "default_cache_dir", "cache_info", "clear_cache",
           "remove_cache_files", "CACHE_FILE"]

CACHE_FILE = "translations.sqlite3"
_SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (engine, source)
) WITHOUT ROWID;
"""
_CHUNK = 500  # SQLite host parameters per query, well under its limit


def default_cache_dir() -> Path:
    """``BILINGUAL_CACHE_DIR`` if set, else the platform's user cache dir for ``bilingual``."""
    env = os.environ.get("BILINGUAL_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("bilingual"))


@dataclass(frozen=True)
class CacheInfo:
    """What ``bilingual cache info`` shows."""

    path: Path
    size_bytes: int
    entries: int
    engines: int  #: distinct engine keys (model + options) with entries


class CacheError(OutputError):
    """The cache cannot be used; :attr:`kind` says why: ``damaged`` (not a database, or a
    corrupt one — the only kind :func:`clear_cache` deletes), ``busy`` (another process holds
    it longer than the wait), ``unwritable`` (permissions, read-only or full disk) or ``error``."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


_DAMAGED_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_UNWRITABLE_CODES = {3, 8, 10, 13, 14, 23}  # PERM, READONLY, IOERR, FULL, CANTOPEN, AUTH
_HINTS = {
    "damaged": "is damaged ({err}); run `bilingual cache clear` to reset it, or translate with --no-cache",
    "busy": "is in use by another bilingual command ({err}); wait for it to finish and try again, or translate with --no-cache",
    "unwritable": "cannot be written ({err}); set BILINGUAL_CACHE_DIR to a writable folder, or translate with --no-cache",
    "error": "cannot be used ({err}); run `bilingual cache clear` or translate with --no-cache",
}


def _kind(err: BaseException) -> str:
    """``damaged``, ``busy``, ``unwritable`` or ``error`` for an SQLite or OS error."""
    if isinstance(err, OSError):
        return "unwritable"
    code = getattr(err, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        primary = code & 0xFF
        for kind, codes in (("damaged", _DAMAGED_CODES), ("busy", _BUSY_CODES), ("unwritable", _UNWRITABLE_CODES)):
            if primary in codes:
                return kind
    text = str(err).lower()
    for kind, words in (
        ("damaged", ("not a database", "malformed")),
        ("busy", ("locked", "busy")),
        ("unwritable", ("readonly", "read-only", "unable to open", "disk i/o", "full", "permission")),
    ):
        if any(w in text for w in words):
            return kind
    return "error"


def _error(path: Path, err: BaseException) -> CacheError:
    kind = _kind(err)
    detail = getattr(err, "strerror", None) or str(err)
    return CacheError(f"the translation cache {path} " + _HINTS[kind].format(err=detail), kind)


class TranslationCache:
    """The SQLite translation cache. Use as a context manager or call :meth:`close`.

    ``timeout``: seconds to wait for another process's write (SQLite's busy timeout).
    ``tolerant``: after it opened, a failing read or write does not raise — the cache is switched
    off for the rest of the run and the reason appended to :attr:`warnings` (a translation run
    goes on without it); see :meth:`open_or_none`.
    """

    def __init__(self, directory: Path | None = None, *, timeout: float = 10.0, tolerant: bool = False) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.path = self.directory / CACHE_FILE
        self.warnings: list[str] = []
        self._tolerant = tolerant
        self._pending: list[tuple[str, str, str, float]] = []
        self._db: sqlite3.Connection | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and not os.access(self.path, os.W_OK):
                raise PermissionError(errno.EACCES, "the file is read-only", str(self.path))
            self._db = sqlite3.connect(self.path, timeout=timeout, check_same_thread=False)  # callers serialise use
            self._prepare()
        except (sqlite3.Error, OSError) as err:
            if self._db is not None:
                self._db.close()
                self._db = None
            raise _error(self.path, err) from None

    def _prepare(self) -> None:
        """WAL mode and the schema; an existing cache is only read here (no write lock taken)."""
        assert self._db is not None
        if str(self._db.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        tables = self._db.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'translations')"
        ).fetchone()[0]
        if tables < 2:
            self._db.executescript(_SCHEMA)
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (_SCHEMA_VERSION,))
            self._db.commit()

    @classmethod
    def open(cls, directory: Path | None = None) -> TranslationCache:
        """Open (creating if needed) the cache in ``directory`` (default: :func:`default_cache_dir`)."""
        return cls(directory)

    @classmethod
    def open_or_none(cls, directory: Path | None = None, *, timeout: float = 10.0) -> tuple[TranslationCache | None, str | None]:
        """``(cache, None)``, or ``(None, warning)`` when the cache is damaged, busy or
        unwritable: the caller translates without it and shows the one-line warning. The cache
        returned is ``tolerant``: later failures end up in its :attr:`warnings`, not raised."""
        try:
            return cls(directory, timeout=timeout, tolerant=True), None
        except CacheError as err:
            return None, f"{err}; translating without the cache this time"

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Commit pending entries and close the database."""
        if self._db is not None:
            self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, err: sqlite3.Error) -> None:
        """Raise a :class:`CacheError`, or — tolerant — switch the cache off and note why."""
        error = _error(self.path, err)
        if not self._tolerant:
            raise error from None
        self.warnings.append(f"{error}; went on without the cache")
        self._pending.clear()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    # ---------------------------------------------------------------- access
    def get_many(self, engine_key: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached translations for those of ``sources`` that have one."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._execute(f"SELECT source, target FROM translations WHERE engine = ? AND source IN ({marks})",
                                 (engine_key, *chunk))
            found.update(rows)
        return found

    def get(self, engine_key: str, source: str) -> str | None:
        """The cached translation of ``source``, or None."""
        return self.get_many(engine_key, [source]).get(source)

    def add(self, engine_key: str, source: str, target: str) -> None:
        """Queue one entry; it is written at the next :meth:`flush`."""
        if self._db is not None:
            self._pending.append((engine_key, source, target, time.time()))

    def flush(self) -> None:
        """Write and commit queued entries."""
        if not self._pending or self._db is None:
            return
        rows, self._pending = self._pending, []
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error as err:
            self._fail(err)

    def put_many(self, engine_key: str, pairs: Sequence[tuple[str, str]]) -> None:
        """Store and commit translations ``[(source, target), ...]``."""
        for source, target in pairs:
            self.add(engine_key, source, target)
        self.flush()

    def info(self) -> CacheInfo:
        """Location, size on disk (with the WAL) and entry count."""
        self.flush()
        rows = self._execute("SELECT COUNT(*), COUNT(DISTINCT engine) FROM translations")
        entries, engines = rows[0] if rows else (0, 0)
        size = sum(p.stat().st_size for p in self.directory.glob(CACHE_FILE + "*") if p.is_file())
        return CacheInfo(path=self.path, size_bytes=size, entries=int(entries), engines=int(engines))

    def clear(self) -> int:
        """Remove every entry; return how many there were. Waits (``timeout``) for another
        process's write; a cache still busy after that raises a ``busy`` :class:`CacheError`."""
        self._pending.clear()
        if self._db is None:
            return 0
        try:
            with self._db:
                n = self._db.execute("DELETE FROM translations").rowcount
        except sqlite3.Error as err:
            raise _error(self.path, err) from None
        with contextlib.suppress(sqlite3.Error):  # only reclaims space; skipped while others read
            self._db.execute("VACUUM")
        return int(n)

    def _execute(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        if self._db is None:
            return []
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as err:
            self._fail(err)
            return []


def cache_info(directory: Path | None = None) -> CacheInfo:
    """Location, size and entries of the cache in ``directory``, without creating it."""
    directory = Path(directory) if directory is not None else default_cache_dir()
    if not (directory / CACHE_FILE).is_file():
        return CacheInfo(path=directory / CACHE_FILE, size_bytes=0, entries=0, engines=0)
    with TranslationCache(directory) as cache:
        return cache.info()


def clear_cache(directory: Path | None = None, *, timeout: float = 10.0) -> int:
    """Delete every cached translation in ``directory``; return how many there were.

    Only a cache file that is damaged (not an SQLite database, or a corrupt one) is deleted
    instead (returns 0). One that another process is using is waited for up to ``timeout``
    seconds, then left alone with a ``busy`` :class:`CacheError`. Nothing is created.
    """
    directory = Path(directory) if directory is not None else default_cache_dir()
    if not (directory / CACHE_FILE).is_file():
        return 0
    try:
        with TranslationCache(directory, timeout=timeout) as cache:
            return cache.clear()
    except CacheError as err:
        if err.kind == "damaged" and remove_cache_files(directory):
            return 0
        raise


def remove_cache_files(directory: Path | None = None) -> bool:
    """Delete the cache database files (for a cache too damaged to open). True if any existed."""
    directory = Path(directory) if directory is not None else default_cache_dir()
    removed = False
    for suffix in ("", "-wal", "-shm"):
        path = directory / (CACHE_FILE + suffix)
        if path.exists():
            path.unlink()
            removed = True
    return removed
