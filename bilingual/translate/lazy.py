"""An engine whose model loads on first use, so that a rerun served wholly from the cache never
loads CTranslate2 (about a second on a real model): the cache key and the model's description need
only the installed package and the options."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .engine import PackageTranslator

if TYPE_CHECKING:
    from .engine import Engine, EngineOptions, Hypothesis
    from .packages import InstalledPackage

__all__ = ["LazyEngine"]


class LazyEngine(PackageTranslator):
    """A :class:`~bilingual.translate.engine.Engine` whose model loads on first use.

    ``model_info``, ``options_key()`` and ``cache_key()`` need only the package and the options
    (they are the engine's own: both are a ``PackageTranslator``). The first ``translate`` or
    ``translate_nbest``, or a look at the model's parts (the glossary's prefix and post-edit
    fallbacks drive them), loads it; a model that cannot be loaded raises
    :class:`~bilingual.errors.ModelError` then. Safe to share between threads (it loads once).
    """

    def __init__(self, package: InstalledPackage, options: EngineOptions) -> None:
        from .engine import engine_cache_key

        self.package, self.options = package, options
        self._key = engine_cache_key(package, options)
        self._engine: Engine | None = None
        self._load_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the model has been loaded."""
        return self._engine is not None

    def engine(self) -> Engine:
        """The loaded engine (loading the model now if it is not yet)."""
        with self._load_lock:
            if self._engine is None:
                from .engine import Engine

                self._engine = Engine(self.package, self.options)
            return self._engine

    def translate(self, texts: Sequence[str], *, on_result: Callable[[int, str], None] | None = None,
                  progress: Callable[[int], None] | None = None) -> list[str]:
        """``Engine.translate``, the model loaded first."""
        return self.engine().translate(texts, on_result=on_result, progress=progress)

    def translate_nbest(self, texts: Sequence[str], n: int, *, prefixes: Sequence[str] | None = None) -> list[list[Hypothesis]]:
        """``Engine.translate_nbest``, the model loaded first."""
        return self.engine().translate_nbest(texts, n, prefixes=prefixes)

    # the loaded model's parts, for what drives them directly (bilingual.glossary.enforce_fallback)
    @property
    def _sp(self) -> Any:
        return self.engine()._sp

    @property
    def _translator(self) -> Any:
        return self.engine()._translator
