"""Executors: where the engine's work runs, behind the same interface as the local engine.

An executor duck-types :class:`bilingual.translate.engine.Engine` for
:func:`bilingual.translate.translate_texts`: ``model_info``, ``cache_key()``,
``translate(texts, *, on_result=, progress=)``, ``translate_nbest(texts, n, *, prefixes=)`` (the
glossary enforcement's n-best lists) and ``close()``. The driver keeps the translation
cache and writes every file; only translation is sent elsewhere. The local engine (this process)
is the default and needs nothing here; :class:`~bilingual.executors.ray.RayExecutor` runs a pool
of translator actors on a Ray cluster (``pip install 'bilingual[ray]'``).

Nothing is imported until a name is used: ``import bilingual.executors`` does not import Ray.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .ray import RayExecutor

__all__ = ["RayExecutor"]

__getattr__, __dir__ = lazy_exports(__name__, {"RayExecutor": ".ray"})
