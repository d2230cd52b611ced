"""A persistent translation cache (SQLite, WAL).

Each entry maps (engine key, exact source text) to the machine translation. The engine key
names the model (package name, version, and a hash of its files' names, sizes and mtimes) and
the decoding options, so a different model, an updated model or different options never
reuse old translations. Writes are committed per finished batch, so an interrupted run keeps
everything finished so far.

Location: the ``bilingual`` user cache directory (platformdirs), overridden by the
``BILINGUAL_CACHE_DIR`` environment variable or by an argument.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError

__all__ = ["TranslationCache", "CacheInfo", "default_cache_dir", "cache_info", "clear_cache",
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


class TranslationCache:
    """The SQLite translation cache. Use as a context manager or call :meth:`close`."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.path = self.directory / CACHE_FILE
        self._pending: list[tuple[str, str, str, float]] = []
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=10.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (_SCHEMA_VERSION,))
            self._db.commit()
        except (sqlite3.Error, OSError) as err:
            raise OutputError(f"cannot open the translation cache {self.path} ({err}); "
                              "run `bilingual cache clear` or translate with --no-cache") from None

    @classmethod
    def open(cls, directory: Path | None = None) -> TranslationCache:
        """Open (creating if needed) the cache in ``directory`` (default: :func:`default_cache_dir`)."""
        return cls(directory)

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Commit pending entries and close the database."""
        if self._db is not None:
            self.flush()
            self._db.close()
            self._db = None  # type: ignore[assignment]

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
            raise OutputError(f"cannot write the translation cache {self.path} ({err}); "
                              "translate with --no-cache or run `bilingual cache clear`") from None

    def put_many(self, engine_key: str, pairs: Sequence[tuple[str, str]]) -> None:
        """Store and commit translations ``[(source, target), ...]``."""
        for source, target in pairs:
            self.add(engine_key, source, target)
        self.flush()

    def info(self) -> CacheInfo:
        """Location, size on disk (with the WAL) and entry count."""
        self.flush()
        entries, engines = self._execute("SELECT COUNT(*), COUNT(DISTINCT engine) FROM translations")[0]
        size = sum(p.stat().st_size for p in self.directory.glob(CACHE_FILE + "*") if p.is_file())
        return CacheInfo(path=self.path, size_bytes=size, entries=int(entries), engines=int(engines))

    def clear(self) -> int:
        """Remove every entry; return how many there were."""
        self._pending.clear()
        try:
            with self._db:
                n = self._db.execute("DELETE FROM translations").rowcount
            self._db.execute("VACUUM")
        except sqlite3.Error as err:
            raise OutputError(f"cannot clear the translation cache {self.path} ({err})") from None
        return int(n)

    def _execute(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as err:
            raise OutputError(f"cannot read the translation cache {self.path} ({err}); "
                              "run `bilingual cache clear` or translate with --no-cache") from None


def cache_info(directory: Path | None = None) -> CacheInfo:
    """Location, size and entries of the cache in ``directory``, without creating it."""
    directory = Path(directory) if directory is not None else default_cache_dir()
    if not (directory / CACHE_FILE).is_file():
        return CacheInfo(path=directory / CACHE_FILE, size_bytes=0, entries=0, engines=0)
    with TranslationCache(directory) as cache:
        return cache.info()


def clear_cache(directory: Path | None = None) -> int:
    """Delete every cached translation in ``directory``; return how many there were.

    A cache file too damaged to open is deleted instead (returns 0). Nothing is created.
    """
    directory = Path(directory) if directory is not None else default_cache_dir()
    if not (directory / CACHE_FILE).is_file():
        return 0
    try:
        with TranslationCache(directory) as cache:
            return cache.clear()
    except OutputError:
        if remove_cache_files(directory):
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
