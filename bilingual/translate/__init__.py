"""Machine translation: Argos packages, the CTranslate2 engine, and the translation cache.

The pipeline calls two functions::

    engine = open_engine("ru", "en")                       # finds (or installs) the package
    targets, stats = translate_texts(sentences, engine, TranslationCache())

Heavy libraries (ctranslate2, sentencepiece, argostranslate) load only when an engine is
created or a package installed; the names below are imported on first use.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .._lazy import lazy_exports
from ..errors import ModelError

if TYPE_CHECKING:
    from .cache import CacheInfo, TranslationCache, default_cache_dir
    from .engine import Engine, EngineOptions
    from .packages import (
        InstalledPackage,
        default_packages_dir,
        find_package,
        how_to_install,
        install_from_file,
        install_from_index,
        list_packages,
    )

__all__ = [
    "translate_texts",
    "TranslateStats",
    "open_engine",
    "find_or_install",
    "Engine",
    "EngineOptions",
    "TranslationCache",
    "CacheInfo",
    "default_cache_dir",
    "InstalledPackage",
    "default_packages_dir",
    "list_packages",
    "find_package",
    "install_from_file",
    "install_from_index",
    "how_to_install",
]

_LAZY = {
    "Engine": "engine", "EngineOptions": "engine",
    "TranslationCache": "cache", "CacheInfo": "cache", "default_cache_dir": "cache",
    "InstalledPackage": "packages", "default_packages_dir": "packages", "list_packages": "packages",
    "find_package": "packages", "install_from_file": "packages", "install_from_index": "packages",
    "how_to_install": "packages",
}


__getattr__, __dir__ = lazy_exports(__name__, {name: f".{module}" for name, module in _LAZY.items()})


@dataclass(frozen=True)
class TranslateStats:
    """What one :func:`translate_texts` call did.

    ``total`` texts = ``cached`` (answered from the cache) + ``translated`` (answered by the
    engine in this call; a text repeated in the input counts each time but runs once) +
    ``empty`` (blank texts, which translate to "").
    """

    total: int
    cached: int
    translated: int
    seconds: float
    empty: int = 0


def translate_texts(texts: Sequence[str], engine: Engine, cache: TranslationCache | None = None,
                    progress: Callable[[int, int], None] | None = None) -> tuple[list[str], TranslateStats]:
    """Translate ``texts`` (one sentence each), using and filling ``cache``.

    Only texts missing from the cache go through the engine, each distinct text once. Finished
    translations are committed to the cache batch by batch, so an interrupted run keeps them.
    ``progress(done, total)`` is called as texts are answered.
    """
    started = time.perf_counter()
    total = len(texts)
    results = ["" for _ in texts]
    positions: dict[str, list[int]] = {}
    empty = 0
    for i, text in enumerate(texts):
        if text.strip():
            positions.setdefault(text, []).append(i)
        else:
            empty += 1
    key = engine.cache_key() if cache is not None else ""
    hits = cache.get_many(key, positions) if cache is not None else {}
    cached = 0
    for text, target in hits.items():
        for i in positions[text]:
            results[i] = target
            cached += 1
    misses = [t for t in positions if t not in hits]
    base = empty + cached
    if progress is not None:
        progress(base, total)
    done_positions = 0

    def on_result(j: int, target: str) -> None:
        nonlocal done_positions
        source = misses[j]
        for i in positions[source]:
            results[i] = target
        done_positions += len(positions[source])
        if cache is not None:
            cache.add(key, source, target)

    def on_batch(_n_done: int) -> None:
        if cache is not None:
            cache.flush()
        if progress is not None:
            progress(base + done_positions, total)

    try:
        if misses:
            engine.translate(misses, on_result=on_result, progress=on_batch)
    finally:
        if cache is not None:
            cache.flush()
    stats = TranslateStats(total=total, cached=cached, translated=total - cached - empty,
                           seconds=time.perf_counter() - started, empty=empty)
    return results, stats


def find_or_install(from_code: str = "ru", to_code: str = "en", packages_dir: Path | None = None, auto_install: bool = True,
                    install_progress: Callable[[int, int | None], None] | None = None) -> InstalledPackage:
    """The newest installed ``from_code``→``to_code`` package; if none is installed and
    ``auto_install`` is true, downloaded from the Argos index once (``install_progress(done_bytes,
    total_bytes)``); offline, or with ``auto_install`` false, :class:`ModelError` saying how to
    install one from a file."""
    from .packages import default_packages_dir, find_package, how_to_install, install_from_index

    root = Path(packages_dir) if packages_dir is not None else default_packages_dir()
    package = find_package(from_code, to_code, root)
    if package is not None:
        return package
    if not auto_install:
        raise ModelError(f"no {from_code}→{to_code} model installed in {root}: run `bilingual models install` "
                         f"(downloads it), or {how_to_install(from_code, to_code)}")
    try:
        return install_from_index(from_code, to_code, root, progress=install_progress)
    except ModelError as err:  # say first that there is none, then what the download said and how to go on
        raise ModelError(f"no {from_code}→{to_code} model is installed in {root}, and downloading one failed: {err}") from None


def open_engine(from_code: str = "ru", to_code: str = "en", packages_dir: Path | None = None,
                options: EngineOptions | None = None, auto_install: bool = True,
                install_progress: Callable[[int, int | None], None] | None = None) -> Engine:
    """An :class:`Engine` on the package :func:`find_or_install` gives."""
    from .engine import Engine, EngineOptions

    package = find_or_install(from_code, to_code, packages_dir, auto_install, install_progress)
    return Engine(package, options if options is not None else EngineOptions())
