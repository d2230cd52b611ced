"""What runs inside each Ray actor of :class:`bilingual.executors.ray.RayExecutor`.

:class:`TranslatorActor` builds one :class:`~bilingual.translate.engine.Engine` in its
constructor and keeps it; ``pack``/``unpack`` carry a package folder through Ray's object store
to a node that cannot read it (unpacked once per node into a temporary folder). Ray is imported
only inside the actor, where it is running already.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..errors import BilingualError, ModelError

if TYPE_CHECKING:
    from ..translate.engine import EngineOptions
    from ..translate.packages import InstalledPackage

__all__ = ["SHIPPED_ROOT", "TranslatorActor", "actor_options", "pack", "unpack"]

SHIPPED_ROOT = "bilingual-ray-models"  #: folder under the node's temporary directory for shipped packages


class TranslatorActor:
    """What runs in each Ray actor: one :class:`Engine`, built once. A constructor that fails
    keeps the error (the actor stays up), so the driver can say why in one line."""

    def __init__(self, package: InstalledPackage, options: EngineOptions, cpus: int, shipped: list[Any] | None) -> None:
        self.missing = ""
        self.error = ""
        self.engine: Any = None
        try:
            if shipped:
                package = replace(package, path=unpack(shipped[0], shipped[1], package))
            if not package.usable:
                self.missing = f"{package.path} is not readable on node {node_name()}"
                return
            from ..translate.engine import Engine

            self.engine = Engine(package, actor_options(options, cpus))
        except (BilingualError, OSError) as err:
            self.error = str(err)

    def ready(self) -> dict[str, Any]:
        """The actor's state: pid, node, package path; ``missing``/``error`` say why it cannot work."""
        path = str(self.engine.package.path) if self.engine is not None else ""
        return {"pid": os.getpid(), "node": node_name(), "path": path, "missing": self.missing, "error": self.error}

    def translate(self, texts: list[str]) -> list[str]:
        """Translate one batch."""
        if self.engine is None:
            raise ModelError(self.error or self.missing)
        return self.engine.translate(texts)

    def translate_nbest(self, texts: list[str], n: int, prefixes: list[str] | None = None) -> list[list[Any]]:
        """Up to ``n`` hypotheses (text, score) per text of one batch, best first."""
        if self.engine is None:
            raise ModelError(self.error or self.missing)
        return self.engine.translate_nbest(texts, n, prefixes=prefixes)


def node_name() -> str:
    """This machine's host name (which node an actor runs on)."""
    return os.uname().nodename if hasattr(os, "uname") else "?"


def actor_options(options: EngineOptions, cpus: int) -> EngineOptions:
    """The engine options with the actor's own thread count (threads never change the output)."""
    return replace(options, threads=cpus, inter_threads=min(options.inter_threads or cpus, cpus))


def pack(package: InstalledPackage) -> dict[str, bytes]:
    """The package folder's files as ``{relative path: bytes}`` (to ship through the object store)."""
    return {p.relative_to(package.path).as_posix(): p.read_bytes()
            for p in sorted(package.path.rglob("*")) if p.is_file()}


def unpack(ref: Any, identity: str, package: InstalledPackage) -> Path:
    """Unpack a shipped package once per node, into a temporary folder named after the
    package's identity (an atomic rename: actors on one node share one complete copy, and a
    later run of the same model on that node finds it there)."""
    root = Path(tempfile.gettempdir()) / SHIPPED_ROOT
    digest = hashlib.sha256(identity.encode()).hexdigest()[:12]
    dest = root / f"{package.name}-{digest}"
    if dest.is_dir():
        return dest
    import ray

    files: dict[str, bytes] = ray.get(ref)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=root))
    try:
        for name, data in files.items():
            rel = PurePosixPath(name)
            if rel.is_absolute() or ".." in rel.parts:
                raise ModelError(f"shipped model {package.name}: unsafe file name {name!r}")
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).write_bytes(data)
        staging.rename(dest)
    except OSError:
        if not dest.is_dir():
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest
