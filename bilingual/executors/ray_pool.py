"""The driver's pool of Ray translator actors: starting it, shipping the model, replacing, closing.

:class:`ActorPool` is the part of :class:`bilingual.executors.ray.RayExecutor` that owns the
actors (a mixin: the executor's constructor sets the attributes listed on the class). On the
first translation :meth:`ActorPool._start` starts or joins Ray (:mod:`.ray_session`), starts
``workers`` actors (0 = one per CPU of the cluster) running ``actor_class``
(:class:`~bilingual.executors._actor.TranslatorActor`) and waits until each has loaded the model.
When a node cannot read the driver's package folder the package is shipped through the object
store (``ship_model``: True always, None when needed, False never) and those actors restart.
A failed start leaves nothing running. :meth:`ActorPool._replace` adds an actor in place of one
Ray gave up on; :meth:`ActorPool.close` kills the actors and ends the session it opened.

Split out of :mod:`bilingual.executors.ray`, which keeps the work loop (batches in flight,
retries); what runs inside an actor is in :mod:`bilingual.executors._actor`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import ModelError
from ._actor import pack
from .ray_session import SHIP_ENV, first_line, init_ray, notices_to_stderr

if TYPE_CHECKING:
    from ..translate.engine import EngineOptions
    from ..translate.packages import InstalledPackage

__all__ = ["ActorPool", "Slot"]


@dataclass
class Slot:
    """One actor as the driver sees it."""

    handle: Any
    busy: int = 0
    alive: bool = True
    info: dict[str, Any] = field(default_factory=dict)


class ActorPool:
    """The actors of a :class:`~bilingual.executors.ray.RayExecutor`, started once on demand."""

    # set by the executor's constructor
    actor_class: type
    package: InstalledPackage
    options: EngineOptions
    address: str | None
    workers: int
    cpus: int
    ship_model: bool | None
    max_restarts: int
    start_timeout: float
    startup: dict[str, float]
    _slots: list[Slot]
    _remote: Any
    _shipped: list[Any] | None
    _own_ray: bool
    _replacements: int
    _max_replacements: int
    _lock: threading.RLock

    @property
    def actors(self) -> list[Any]:
        """Handles of the live actors (none before the first translation)."""
        return [s.handle for s in self._slots if s.alive]

    @property
    def actor_info(self) -> list[dict[str, Any]]:
        """For each live actor as it started: ``pid``, ``node``, ``path`` (the package it opened)."""
        return [dict(s.info) for s in self._slots if s.alive and s.info]

    def close(self) -> None:
        """Kill the actors, and end the Ray session this executor opened: a local instance it
        started is stopped, a cluster it joined is only left (it keeps running). Safe to call twice."""
        with self._lock:
            slots, self._slots = self._slots, []
        if not slots and not self._own_ray:
            return
        import ray

        for slot in slots:
            try:
                ray.kill(slot.handle, no_restart=True)
            except Exception:  # noqa: BLE001, S110 - already gone, or Ray is down
                pass
        self._shipped = None
        if self._own_ray:
            self._own_ray = False
            ray.shutdown()

    # -------------------------------------------------------------- start-up
    def _start(self) -> None:
        """Start (or join) Ray and the actors, once; on failure (or Ctrl-C) leave nothing running."""
        with self._lock:
            if self._slots:
                return
            try:
                self._start_actors()
            except BaseException:
                self.close()
                raise

    def _start_actors(self) -> None:
        import ray

        t0 = time.perf_counter()
        notices_to_stderr()
        if init_ray(self.address):
            self._own_ray = True
        self.startup["init"] = time.perf_counter() - t0
        self._remote = ray.remote(num_cpus=self.cpus, max_restarts=self.max_restarts,
                                  max_task_retries=self.max_restarts)(self.actor_class)
        count = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1) // self.cpus))
        self._max_replacements = max(2, count)
        t1 = time.perf_counter()
        if self.ship_model:
            self._ship()
        self._slots = self._ready([self._new_slot() for _ in range(count)])
        missing = [s for s in self._slots if s.info["missing"]]
        if missing and self.ship_model is None:  # auto: a node cannot read the folder, ship it
            self._ship()
            for s in missing:
                ray.kill(s.handle, no_restart=True)
            fresh = self._ready([self._new_slot() for _ in missing])
            self._slots = [s for s in self._slots if not s.info["missing"]] + fresh
        self._check(self._slots)
        self.startup["actors"] = time.perf_counter() - t1

    def _ship(self) -> None:
        """Put the package's files into the object store, once."""
        if self._shipped is None:
            import ray

            # in a list, so an actor fetches the bytes only when its node has no unpacked copy yet
            self._shipped = [ray.put(pack(self.package)), self.package.identity()]

    def _actor_package(self) -> InstalledPackage:
        """The package as the actors are told to open it (the driver's folder)."""
        return self.package

    def _new_slot(self) -> Slot:
        return Slot(self._remote.remote(self._actor_package(), self.options, self.cpus, self._shipped))

    def _ready(self, slots: list[Slot]) -> list[Slot]:
        """Wait until the actors have loaded the model (their state in ``slot.info``)."""
        import ray

        try:
            infos = ray.get([s.handle.ready.remote() for s in slots], timeout=self.start_timeout)
        except ray.exceptions.GetTimeoutError:
            cpus = int(ray.cluster_resources().get("CPU", 0))
            raise ModelError(f"{len(slots)} Ray translator actors of {self.cpus} CPU each did not start in "
                             f"{self.start_timeout:.0f} s (the cluster has {cpus} CPUs); lower --workers") from None
        except ray.exceptions.RayError as err:
            raise ModelError(f"a Ray translator actor failed to start ({first_line(err)})") from None
        for slot, info in zip(slots, infos):
            slot.info = info
        return slots

    def _check(self, slots: list[Slot]) -> None:
        for s in slots:
            if s.info["missing"]:
                raise ModelError(f"the model package {s.info['missing']}: put the packages folder where every node "
                                 f"can read it, or ship it through Ray (--ship-model, or {SHIP_ENV}=1)")
            if s.info["error"]:
                raise ModelError(f"a Ray translator actor cannot load the model: {s.info['error']}")

    def _replace(self) -> None:
        """Start a replacement for an actor Ray gave up on (at most as many as the pool's size)."""
        if self._replacements >= self._max_replacements:
            return
        self._replacements += 1
        self._slots.append(self._new_slot())  # calls queue on it until it has loaded the model
