"""Translate on a Ray cluster: a pool of translator actors, each holding one loaded engine.

:class:`RayExecutor` stands in for the local :class:`~bilingual.translate.engine.Engine` in
:func:`~bilingual.translate.translate_texts`; the driver keeps the translation cache (one SQLite
file, written by one process), reads the inputs and writes every edition.

* **Actors.** Each actor builds its own ``Engine`` once, in its constructor
  (``ctranslate2.Translator`` cannot be pickled and may hang if forked after loading), with as
  many threads as the CPUs it reserves. ``workers`` actors (0 = one per CPU of the cluster).
* **The model.** By default each actor opens the package folder found on the driver, which must
  be readable at the same path on every node (a shared folder). When a node cannot read it, the
  package's files are put into Ray's object store once and each actor unpacks them into a
  per-node temporary folder (``ship_model=True`` always does that; ``BILINGUAL_RAY_SHIP_MODEL``
  =``1``/``0``/``auto`` sets the default).
* **Work.** The texts of a call (one document's cache misses) are sorted by length and cut into
  batches sized so that every actor gets about two; at most two batches per actor are in
  flight, and as each comes back (``ray.wait``) ``on_result``/``progress`` run, so the driver's
  cache commits and the progress bar moves while the rest is translated.
* **Faults.** The actor class runs with ``max_restarts``/``max_task_retries``: Ray restarts a
  killed actor and re-runs its unfinished batches. When Ray gives up on an actor, the driver
  starts a replacement and resubmits its batches to the live actors; a batch that fails
  ``max_attempts`` times is a :class:`~bilingual.errors.ModelError`. Finished sentences are
  already in the cache, so a rerun resumes. :meth:`RayExecutor.close` kills the actors and ends
  the Ray session it opened (a local instance it started stops; a cluster it joined runs on).
* **Quiet.** Workers' output is not forwarded (``log_to_driver=False``); Ray's own notices go
  to stderr, never stdout.
* **Threads.** ``translate`` may be called from several threads at once (several documents in
  flight share the actors): the actors' queues are shared under a lock.

Why a ``ray.wait`` loop and not ``ray.util.ActorPool``: the pool hands an actor one task at a
time (it idles for each round trip) and raises on a dead actor without saying which input was
lost, so the batch would have to be tracked here anyway. Nothing is imported from Ray at import.

This module holds the work loop (batches, flights, retries); the actor pool's start-up,
shipping and shutdown are in :mod:`.ray_pool`, Ray's session (init, probe, notices) in
:mod:`.ray_session`, and what runs inside an actor in :mod:`._actor`.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..translate.engine import EngineOptions, PackageTranslator
from ._actor import TranslatorActor
from .ray_pool import ActorPool, Slot
from .ray_session import SHIP_ENV, first_line, require_ray, ship_default

__all__ = ["IN_FLIGHT", "MAX_ATTEMPTS", "MAX_RESTARTS", "SHIP_ENV", "RayExecutor", "TranslatorActor"]

IN_FLIGHT = 2  #: batches queued per actor: one decoding, one waiting, so no actor idles on a round trip
MIN_BATCH, MAX_BATCH = 8, 64  #: sentences per batch (automatic size: about IN_FLIGHT batches per actor)
MAX_RESTARTS = 2  #: Ray restarts a dead actor this often (re-running its unfinished batches)
MAX_ATTEMPTS = 3  #: the driver resubmits a batch Ray gave up on until it failed this often
_RETRYABLE = ("RayActorError", "WorkerCrashedError", "ObjectLostError", "NodeDiedError")


class RayExecutor(ActorPool, PackageTranslator):
    """A pool of translator actors on Ray, used in place of the local engine (see the module
    docstring). ``actor_class`` is the class each actor runs (a subclass can wrap the engine)."""

    actor_class: type = TranslatorActor

    def __init__(self, packages_dir: Path | None = None, options: EngineOptions | None = None, address: str | None = None,
                 workers: int = 0, auto_install: bool = True, *, ship_model: bool | None = None, cpus_per_actor: int = 1,
                 batch_size: int = 0, max_restarts: int = MAX_RESTARTS, max_attempts: int = MAX_ATTEMPTS,
                 start_timeout: float = 600.0) -> None:
        from ..translate import find_or_install
        from ..translate.engine import EngineOptions, engine_cache_key

        require_ray()
        self.package = find_or_install("ru", "en", packages_dir, auto_install)
        self.options = options if options is not None else EngineOptions()
        self.address = address or None
        self.workers, self.cpus, self.batch_size = workers, max(1, cpus_per_actor), batch_size
        self.ship_model = ship_default() if ship_model is None else ship_model
        self.max_restarts, self.max_attempts, self.start_timeout = max_restarts, max(1, max_attempts), start_timeout
        self.startup: dict[str, float] = {}  #: seconds: "init" (Ray), "actors" (all actors loaded)
        self._key = engine_cache_key(self.package, self.options)
        self._slots: list[Slot] = []
        self._remote: Any = None
        self._shipped: list[Any] | None = None
        self._own_ray = False
        self._replacements = 0
        self._max_replacements = 2
        self._lock = threading.RLock()  # translate() may be called from several threads at once

    # -------------------------------------------------------------- the Engine interface
    # model_info, options_key() and cache_key() come from PackageTranslator (the driver's copy
    # of the package; the same cache key as the local engine, so the two share the cache);
    # actors, actor_info and close() from ActorPool (.ray_pool)

    def translate(self, texts: Sequence[str], *, on_result: Callable[[int, str], None] | None = None,
                  progress: Callable[[int], None] | None = None) -> list[str]:
        """Translate ``texts`` on the actors; the translations in order. ``on_result(i, text)``
        and ``progress(n_done)`` run on the driver as each batch comes back."""
        results = ["" for _ in texts]
        todo = [i for i, t in enumerate(texts) if t.strip()]
        done = len(texts) - len(todo)
        for i in (i for i, t in enumerate(texts) if not t.strip()):
            if on_result is not None:
                on_result(i, "")
        if done and progress is not None:
            progress(done)
        if not todo:
            return results
        self._start()
        finished = self._run(self._batches(todo, texts), texts)
        try:
            for batch, outs in finished:
                for i, out in zip(batch, outs):
                    results[i] = out
                    if on_result is not None:
                        on_result(i, out)
                done += len(batch)
                if progress is not None:
                    progress(done)
        finally:
            finished.close()  # on an exception (Ctrl-C): cancel what is still queued
        return results

    def translate_nbest(self, texts: Sequence[str], n: int, *, prefixes: Sequence[str] | None = None) -> list[list[Any]]:
        """Up to ``n`` :class:`~bilingual.translate.engine.Hypothesis` per text, best first, as
        :meth:`Engine.translate_nbest <bilingual.translate.engine.Engine.translate_nbest>` gives
        them, decoded on the actors (``prefixes[i]``: English text ``i``'s output must start with)."""
        from ..translate.engine import Hypothesis

        if n < 1:
            raise ValueError("n must be at least 1")
        results: list[list[Any]] = [[Hypothesis("", 0.0)] for _ in texts]
        todo = [i for i, t in enumerate(texts) if t.strip()]
        if not todo:
            return results
        self._start()
        finished = self._run(self._batches(todo, texts), texts, "translate_nbest", n, prefixes)
        try:
            for batch, outs in finished:
                for i, hyps in zip(batch, outs):
                    results[i] = list(hyps)
        finally:
            finished.close()
        return results

    def __enter__(self) -> RayExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -------------------------------------------------------------- work
    def _batches(self, todo: list[int], texts: Sequence[str]) -> list[list[int]]:
        """Text indices by length, cut into batches; longest first (they finish last otherwise)."""
        todo = sorted(todo, key=lambda i: len(texts[i]))
        live = max(1, len(self.actors))
        size = self.batch_size or min(MAX_BATCH, max(MIN_BATCH, math.ceil(len(todo) / (IN_FLIGHT * live))))
        return [todo[k:k + size] for k in range(0, len(todo), size)][::-1]

    def _run(self, batches: list[list[int]], texts: Sequence[str], method: str = "translate", n: int = 1,
             prefixes: Sequence[str] | None = None) -> Any:
        """Yield ``(batch, outputs)`` as batches finish; retry what a dead actor lost. ``method``:
        the actor's ``translate`` (outputs: strings) or ``translate_nbest`` (``n`` hypotheses each)."""
        import ray

        queue = deque((b, 0) for b in range(len(batches)))  # (batch number, failures so far)
        flights: dict[Any, tuple[Slot, int, int]] = {}
        try:
            while queue or flights:
                self._submit(queue, flights, batches, texts, (method, n, prefixes))
                ready, _ = ray.wait(list(flights), num_returns=1)
                for ref in ready:
                    slot, b, failures = flights.pop(ref)
                    with self._lock:
                        slot.busy -= 1
                    outs = self._collect(ref, slot, len(batches[b]), failures)
                    if outs is None:
                        queue.appendleft((b, failures + 1))
                    else:
                        yield batches[b], outs
        finally:
            for ref in flights:  # interrupted: drop what is queued on the actors
                try:
                    ray.cancel(ref)
                except Exception:  # noqa: BLE001, S110 - finished meanwhile
                    pass

    def _submit(self, queue: deque[tuple[int, int]], flights: dict[Any, tuple[Slot, int, int]],
                batches: list[list[int]], texts: Sequence[str], call: tuple[str, int, Sequence[str] | None] = ("translate", 1, None)) -> None:
        """Give queued batches to the least busy live actors, at most IN_FLIGHT each (a call with
        nothing in flight always gets one in, so concurrent calls all move)."""
        with self._lock:
            while queue:
                live = [s for s in self._slots if s.alive]
                if not live:
                    raise ModelError("every Ray translator actor died and no replacement could start; "
                                     "check the cluster (ray status) and run again — finished sentences are cached")
                slot = min(live, key=lambda s: s.busy)
                if slot.busy >= IN_FLIGHT and flights:
                    return
                b, failures = queue.popleft()
                ref = _remote_call(slot.handle, call, [texts[i] for i in batches[b]], batches[b])
                slot.busy += 1
                flights[ref] = (slot, b, failures)

    def _collect(self, ref: Any, slot: Slot, size: int, failures: int) -> list[str] | None:
        """A finished batch's translations, or None when its actor was lost (then it is retried)."""
        import ray

        try:
            return ray.get(ref)
        except ray.exceptions.RayTaskError as err:
            raise ModelError(first_line(getattr(err, "cause", None) or err)) from None
        except tuple(getattr(ray.exceptions, name) for name in _RETRYABLE) as err:
            with self._lock:
                if isinstance(err, ray.exceptions.ActorDiedError) and slot.alive:
                    slot.alive = False
                    self._replace()
            if failures + 1 >= self.max_attempts:
                raise ModelError(f"a batch of {size} sentences failed {failures + 1} times on Ray translator actors "
                                 f"({first_line(err)}); check the cluster (ray status) and run again — finished "
                                 f"sentences are cached") from None
            return None


# ------------------------------------------------------------------------ helpers
def _remote_call(handle: Any, call: tuple[str, int, Sequence[str] | None], items: list[str], indices: list[int]) -> Any:
    """Submit one batch to an actor: ``translate(items)`` or ``translate_nbest(items, n, prefixes)``."""
    method, n, prefixes = call
    if method == "translate":
        return handle.translate.remote(items)
    return handle.translate_nbest.remote(items, n, [prefixes[i] for i in indices] if prefixes else None)

