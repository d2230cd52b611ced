"""The translating side of a run: engine (or executor), cache and glossary, opened once.

:class:`Translator` is what :func:`bilingual.pipeline.translate_file` translates with, and
what :mod:`bilingual.batch` shares between the files of a run (several at once on Ray, hence
the lock). It opens each part only when first needed, so a run whose files are all up to date
opens nothing. :func:`open_translator` picks the engine (this process) or a Ray actor pool;
:func:`resolve_glossary` merges the glossary layers the run's config asks for.

The local engine is a :class:`LazyEngine`: its cache key and model metadata come from the
package and the options, and the model (CTranslate2 and SentencePiece, about a second to load
on a real model) loads on the first text the cache cannot answer, so a rerun the cache answers
entirely never loads it; the Ray executor starts its actors likewise, on its first translation.
It lives here, not in :mod:`bilingual.translate.engine`: loading when first needed is the run's
concern (as opening the cache and the executor are); the engine stays one eager class.

Not to be confused with :mod:`bilingual.translate` (the engine, its cache and packages) that
this module drives. Split out of :mod:`bilingual.pipeline`, which re-exports these names.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import GlossaryError, InputError
from .model import Sentence
from .translate.lazy import LazyEngine

if TYPE_CHECKING:
    from .pipeline import TranslateConfig

__all__ = ["LazyEngine", "Progress", "Translator", "load_glossary_file", "open_translator", "resolve_glossary"]

#: Progress callback: (sentences done, sentences to translate).
Progress = Callable[[int, int], None]


def load_glossary_file(path: str | Path | Any):  # type: ignore[no-untyped-def]
    """Load one glossary file (no layers; a :class:`~bilingual.glossary.Glossary` is returned as
    it is), with a one-line error when it is missing."""
    from .glossary import Glossary, load_glossary

    if isinstance(path, Glossary):
        return path
    if not Path(path).exists():
        raise GlossaryError(f"{path}: no such glossary file")
    return load_glossary(Path(path))


def resolve_glossary(config: TranslateConfig, project: Any = None) -> Any:
    """The glossary of a run: the layers ``config`` asks for, merged (None when none is in
    force). ``project`` (a :class:`~bilingual.glossary.Glossary`) overrides ``config.glossary``."""
    from .glossary.layers import GlossarySettings
    from .glossary.layers import resolve_glossary as resolve

    settings = GlossarySettings(project=project if project is not None else config.glossary, no_glossary=config.no_glossary,
                                no_builtin=config.no_builtin_glossary, user=config.user_glossary)
    return resolve(settings)


class Translator:
    """The engine (or an executor that runs engines elsewhere), the cache and the glossary of a
    run, opened once and shared by every file; a context manager that closes them."""

    def __init__(self, config: TranslateConfig, glossary: Any = None) -> None:
        """``glossary``: a :class:`~bilingual.glossary.Glossary` taken as the project layer (the
        built-in and user layers go under it as ``config`` says); None: the layers of ``config``."""
        from .glossary.enforce_run import check_mode

        check_mode(config.enforce, config.enforce_fallback)
        self.config = config
        if glossary is not None and getattr(glossary, "layers", None) is None and not config.no_glossary:
            glossary = resolve_glossary(config, project=glossary)
        self.glossary = resolve_glossary(config) if glossary is None else glossary
        self._engine: Any = None
        self._cache: Any = None
        self._cache_opened = False
        self.warnings: list[str] = []
        self._lock = threading.RLock()  # several files may translate at once (a batch on Ray)

    @property
    def engine(self) -> Any:
        """The engine (opened on first use: a run whose files are all up to date opens none; a
        run the cache answers entirely loads no model, see :class:`LazyEngine`)."""
        with self._lock:
            if self._engine is None:
                self._engine = open_translator(self.config)
            return self._engine

    @property
    def cache(self) -> Any:
        """The translation cache, or None (disabled, or unusable: then a warning says so); safe
        to share between threads."""
        with self._lock:
            if self.config.use_cache and not self._cache_opened:
                self._cache_opened = True
                from .translate.cache import TranslationCache

                cache, warning = TranslationCache.open_or_none(self.config.cache_dir)
                self._cache = None if cache is None else _Serialised(cache, self._lock)
                if warning:
                    self.warnings.append(warning)
            return self._cache

    def translate(self, texts: list[str], progress: Progress | None = None) -> tuple[list[str], Any]:
        """Translate ``texts`` through the cache and the engine; ``(targets, stats)``."""
        from .translate import translate_texts

        return translate_texts(texts, self.engine, cache=self.cache, progress=progress)

    def enforce(self, sentences: Sequence[Sentence], progress: Progress | None = None) -> Any:
        """Translate ``sentences`` meeting their glossary terms (``config.enforce``); sets their
        ``target``, ``engine_source`` and ``enforcement``; an
        :class:`~bilingual.glossary.enforce_run.EnforceReport`."""
        from .glossary.enforce_run import enforce_sentences

        return enforce_sentences(sentences, self.engine, self.cache, mode=self.config.enforce,
                                 fallback=self.config.enforce_fallback, progress=progress, translate=self.translate)

    def take_warnings(self) -> list[str]:
        """Warnings since the last call: the cache could not be opened, or was switched off."""
        found = [*self.warnings, *getattr(self._cache, "warnings", [])]
        self.warnings.clear()
        if self._cache is not None and getattr(self._cache, "warnings", None):
            self._cache.warnings.clear()
        return found

    def close(self) -> None:
        """Close the cache and the executor."""
        if self._cache is not None:
            self._cache.close()
            self._cache = None
        close = getattr(self._engine, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Translator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Serialised:
    """A cache whose every call holds ``lock``: one SQLite connection shared by threads."""

    def __init__(self, cache: Any, lock: threading.RLock) -> None:
        self._cache, self._lock = cache, lock

    @property
    def warnings(self) -> list[str]:
        return self._cache.warnings  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._cache, name)
        if not callable(method):
            return method

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return method(*args, **kwargs)

        return call


def open_translator(config: TranslateConfig) -> Any:
    """The object that translates for a run: the local engine (its model loaded on the first
    text the cache cannot answer), or a Ray actor pool (started likewise)."""
    from .translate.engine import EngineOptions

    options = config.engine or EngineOptions()
    if config.executor == "ray":
        from .executors.ray import RayExecutor

        return RayExecutor(packages_dir=config.packages_dir, options=options, address=config.ray_address,
                           workers=config.workers, auto_install=config.auto_install, ship_model=config.ship_model)
    if config.executor != "local":
        raise InputError(f"unknown executor {config.executor!r}; use local or ray")
    from .translate import find_or_install

    return LazyEngine(find_or_install("ru", "en", config.packages_dir, config.auto_install), options)
