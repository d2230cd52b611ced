"""Ray itself, as :class:`bilingual.executors.ray.RayExecutor` uses it: present, reachable, started.

* :func:`require_ray`: a one-line error when the ``[ray]`` extra is not installed.
* :func:`init_ray`: join a cluster, or start a local instance that listens on loopback only,
  with workers' output not forwarded (``log_to_driver=False``); a cluster address that does not
  answer fails at once (:func:`probe`) instead of after Ray's minutes of retries.
* :func:`notices_to_stderr`: the raylet's notices go to stderr, so stdout keeps bilingual's summary.
* :func:`ship_default`: the ``BILINGUAL_RAY_SHIP_MODEL`` default for shipping the model.

Split out of :mod:`bilingual.executors.ray` (the driver's work loop): these touch Ray's process
and session, not the batches. Ray is imported inside the functions, never at import.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from ..errors import ModelError

__all__ = ["SHIP_ENV", "first_line", "init_ray", "notices_to_stderr", "probe", "require_ray", "ship_default"]

SHIP_ENV = "BILINGUAL_RAY_SHIP_MODEL"  #: "1" ship the model, "0" never, "auto"/unset: when a node lacks it


def require_ray() -> None:
    """Refuse in one line when Ray is not installed."""
    import importlib.util

    if importlib.util.find_spec("ray") is None:
        raise ModelError("the ray executor needs Ray: pip install 'bilingual[ray]' (or use --executor local)")


def init_ray(address: str | None) -> bool:
    """Start or join Ray unless this process already did; True when this call started the
    session (the caller then ends it). ``address``: a cluster (None: ``RAY_ADDRESS``, else a
    local instance)."""
    import ray

    if ray.is_initialized():
        return False
    probe(address or os.environ.get("RAY_ADDRESS"))
    try:
        local: dict[str, Any] = {} if (address or os.environ.get("RAY_ADDRESS")) else {"_node_ip_address": "127.0.0.1"}
        ray.init(address=address, include_dashboard=False, log_to_driver=False,
                 logging_level=logging.WARNING, **local)  # a local instance listens on loopback only
    except (ConnectionError, RuntimeError, ValueError) as err:
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise ModelError(f"cannot start or join {where} ({first_line(err)}); check --ray-address / "
                         "RAY_ADDRESS, or leave it out for a local instance") from None
    return True


def probe(address: str | None, timeout: float = 5.0) -> None:
    """Fail in one line, at once, when a cluster address does not answer: Ray itself retries
    for many minutes. Only ``host:port`` (and ``ray://host:port``) addresses are probed."""
    if not address or address in {"auto", "local"}:
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not port.isdigit() or not host:
        return
    import socket

    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as err:
        raise ModelError(f"cannot reach the Ray cluster at {address} ({err.strerror or err}); is `ray start --head` "
                         "running there? Check --ray-address / RAY_ADDRESS, or leave it out for a local instance") from None


def notices_to_stderr() -> None:
    """Ray's driver prints the raylet's notices (a worker died, a task will be retried) on stdout,
    with no switch for it (``ray._private.worker.print_to_stdstream``, Ray 2.60); send them to
    stderr, so stdout keeps only bilingual's summary. A private name: skipped if Ray changes it."""
    try:
        from ray._private import worker
    except ImportError:  # pragma: no cover
        return
    original = getattr(worker, "print_to_stdstream", None)
    if original is None or getattr(original, "bilingual", False):
        return

    def to_stderr(data: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict) and data.get("pid") == "raylet":
            data = {**data, "is_err": True}
        return original(data, *args, **kwargs)

    to_stderr.bilingual = True  # type: ignore[attr-defined]
    worker.print_to_stdstream = to_stderr


def ship_default() -> bool | None:
    """Whether to ship the model by default, from ``BILINGUAL_RAY_SHIP_MODEL`` (None: when a node lacks it)."""
    value = os.environ.get(SHIP_ENV, "auto").strip().lower()
    return True if value in {"1", "true", "yes"} else False if value in {"0", "false", "no"} else None


def first_line(err: BaseException) -> str:
    """An error's first line (its type's name when it has no text), for a one-line message."""
    text = str(err).strip()
    return text.splitlines()[0].strip() if text else type(err).__name__
