"""The compiled lemma index of a large glossary, persisted so later loads skip pymorphy3.

Building the index runs pymorphy3 on every entry word: seconds for 100,000 entries. The result
(:meth:`~bilingual.glossary.match.Matcher.state`) depends only on the glossary's text and on the
code and dictionary that computed it, so it is stored under
``$BILINGUAL_CACHE_DIR`` (else the user cache dir) ``/glossary-index/<key>.pickle``, where the key
hashes the glossary's text, this package's matching code and the pymorphy3 dictionary version.
An edited glossary, a new release or another dictionary simply gets another key.

Safety: the file is written atomically (temp file + rename) and read with an unpickler that
refuses every class — only builtin lists, tuples, strings, booleans, numbers and frozensets load,
so a planted file cannot run code. A damaged, truncated or foreign file is ignored (and the
index rebuilt and rewritten); an unwritable cache folder only costs the rebuild next time.
Only glossaries of :data:`MIN_ENTRIES` entries or more are persisted: smaller ones build in
milliseconds.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from .entry import gc_paused

__all__ = ["MIN_ENTRIES", "index_dir", "index_key", "load_state", "save_state"]

#: Glossaries smaller than this are indexed in memory only.
MIN_ENTRIES = 1000
_FORMAT = b"bilingual-glossary-index 4\n"
_CODE = ("morph.py", "surnames.py", "match.py", "entry.py")


def index_dir() -> Path:
    """``$BILINGUAL_CACHE_DIR/glossary-index`` or the platform's user cache dir for ``bilingual``."""
    env = os.environ.get("BILINGUAL_CACHE_DIR")
    if env:
        return Path(env) / "glossary-index"
    import platformdirs

    return Path(platformdirs.user_cache_dir("bilingual")) / "glossary-index"


@lru_cache(maxsize=1)
def _code_hash() -> str:
    h = hashlib.sha256(_FORMAT)
    here = Path(__file__).parent
    for name in _CODE:
        h.update((here / name).read_bytes())
    # the analyzer's and the dictionary's versions, without importing them (importlib.metadata
    # alone costs more than loading a small index)
    import importlib.util

    for package, files in (("pymorphy3", ("version.py",)), ("pymorphy3_dicts_ru", ("version.py", "data/meta.json"))):
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        for name in files:
            try:
                h.update((Path(spec.origin).parent / name).read_bytes())
            except OSError:
                h.update(name.encode())
    return h.hexdigest()


def index_key(text: str) -> str:
    """The cache key of a glossary whose text (all lines) is ``text``."""
    return hashlib.sha256(_code_hash().encode() + text.encode("utf-8")).hexdigest()


class _Plain(pickle.Unpickler):
    """Refuses every class: only pickle's builtin opcodes (list, tuple, str, frozenset …) load."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a glossary index")


def _path(key: str) -> Path:
    return index_dir() / f"{key}.pickle"


def load_state(key: str, entries: int) -> Any:
    """The stored state for ``key`` (of a glossary with ``entries`` entries), or None when there
    is none or it is damaged."""
    path = _path(key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        if not data.startswith(_FORMAT):
            raise ValueError("not an index")
        with gc_paused():
            stored_entries, state = _Plain(io.BytesIO(data[len(_FORMAT) :])).load()
        if stored_entries != entries or not _plausible(state, entries):
            raise ValueError("another glossary")
        return state
    except Exception:  # noqa: BLE001 - any damage: ignore it, the caller rebuilds
        try:
            path.unlink()
        except OSError:
            pass
        return None


def _plausible(state: Any, entries: int) -> bool:
    npats, pats, keys1, vals1, k1s, counts, k2s, vals2, surn, skeys, svals = state
    return (
        isinstance(npats, int)
        and npats >= entries  # every entry has a pattern per spelling
        and all(isinstance(x, str) for x in (pats, keys1, k1s, k2s, surn, skeys))
        and all(isinstance(x, list) for x in (vals1, counts, vals2, svals))
    )


def save_state(key: str, entries: int, state: Any) -> Path | None:
    """Store ``state`` atomically; the path, or None when the cache folder is not writable."""
    from ..fileio import write_bytes

    path = _path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_bytes(path, _FORMAT + pickle.dumps((entries, state), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        return None
