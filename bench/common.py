"""Helpers shared by the benchmark scripts: the test package, fixed-length decoding, workers.

Benchmarks print figures; they assert nothing. Each measurement that must be clean (the stock
Argos path, peak memory, cold start) runs in its own Python process: a *worker*, started by
:func:`run_worker`, prints one JSON object on its last stdout line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import make_base_model as base  # noqa: E402

# ------------------------------------------------------------ machine
def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo (or platform.processor())."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _version(dist: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, str]:
    """What the figures were measured on."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "ctranslate2": _version("ctranslate2"),
        "argos-translate": _version("argos-translate-lt"),
        "sentencepiece": _version("sentencepiece"),
        "os": f"{platform.system()} {platform.release()}",
        "load average": load,
    }


def print_machine() -> None:
    info = machine_info()
    print("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    Reads ``VmHWM`` from /proc/self/status: on Linux ``getrusage``'s ``ru_maxrss`` survives
    ``execve``, so a worker started by a big parent would report the parent's peak.
    """
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux
    return kb / 1e6 if sys.platform == "darwin" else kb * 1024 / 1e6


# ------------------------------------------------------------ package
@contextlib.contextmanager
def bench_packages(packages_dir: str | Path | None = None) -> Iterator[Path]:
    """A packages directory holding the benchmark package: the one given, or one built now
    in a temporary directory (removed afterwards)."""
    if packages_dir:
        pkg = Path(packages_dir) / base.PKG_NAME
        if not (pkg / "model" / "model.bin").exists():
            base.build_base_package(Path(packages_dir))
        yield Path(packages_dir)
        return
    tmp = Path(tempfile.mkdtemp(prefix="bilingual-bench-"))
    try:
        t0 = time.perf_counter()
        base.build_base_package(tmp / "packages")
        print(f"(built the Transformer-base test package in {time.perf_counter() - t0:.1f} s)")
        yield tmp / "packages"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def package_dir(packages_dir: Path) -> Path:
    return Path(packages_dir) / base.PKG_NAME


# ------------------------------------------------- fixed-length decoding
def install_fixed_length() -> None:
    """Make every ``ctranslate2.Translator`` created from now on in this process decode
    exactly ``DECODE_LEN`` pieces per sentence (a random model otherwise runs to 256 or stops
    at random). Used for the stock Argos path and our engine alike; the bare
    ``translate_batch`` runs pass the same options explicitly."""
    import ctranslate2

    real = ctranslate2.Translator
    if getattr(real, "_bench_fixed", False):
        return

    class FixedLengthTranslator:
        _bench_fixed = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._translator = real(*args, **kwargs)

        def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
            kwargs.update(base.FIXED_LENGTH)
            return self._translator.translate_batch(*args, **kwargs)

        def translate_iterable(self, *args: Any, **kwargs: Any) -> Any:
            kwargs.update(base.FIXED_LENGTH)
            return self._translator.translate_iterable(*args, **kwargs)

        def __getattr__(self, name: str) -> Any:
            return getattr(self._translator, name)

    ctranslate2.Translator = FixedLengthTranslator  # type: ignore[misc]


# -------------------------------------------------------------- engine
def engine_options(**wanted: Any) -> tuple[Any, dict[str, Any]]:
    """``EngineOptions`` with those of ``wanted`` that it has; also returns the ones it lacks."""
    from bilingual.translate.engine import EngineOptions

    names = {f.name for f in dataclasses.fields(EngineOptions)}
    given = {k: v for k, v in wanted.items() if k in names}
    missing = {k: v for k, v in wanted.items() if k not in names}
    return EngineOptions(**given), missing


def open_bench_engine(packages_dir: Path, **wanted: Any) -> Any:
    """Our engine on the benchmark package (fixed-length decoding must be installed first)."""
    from bilingual.translate import open_engine

    options, missing = engine_options(**wanted)
    if missing:
        print(f"  note: EngineOptions has no {', '.join(missing)}; using the engine's own", file=sys.stderr)
    return open_engine("ru", "en", packages_dir=Path(packages_dir), options=options, auto_install=False)


def our_translate(engine: Any, texts: list[str]) -> list[str]:
    """Our pipeline's translation step (``translate_texts``), cache disabled."""
    from bilingual.translate import translate_texts

    targets, _stats = translate_texts(texts, engine, cache=None)
    return list(targets)


def document_sentences(text: str) -> list[str]:
    """The sentences our reader and segmenter find in a plain-text article."""
    from bilingual.read import decode, parse_document

    doc = parse_document(decode(text.encode("utf-8"), name="bench.txt"), source_file="bench.txt")
    return [s.engine_source or s.source for s in doc.sentences()]


# -------------------------------------------------------------- workers
def argos_env(home: Path, packages_dir: Path) -> dict[str, str]:
    """Environment for a process that imports ``argostranslate``: packages from
    ``packages_dir``, and its settings/cache/data dirs under ``home`` (nothing in ``~``)."""
    env = dict(os.environ)
    env["ARGOS_PACKAGES_DIR"] = str(packages_dir)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home / var.lower())
    env["ARGOS_BEAM_SIZE"] = "4"
    return env


def run_worker(script: Path, args: list[str], *, env: dict[str, str] | None = None,
               timeout: float = 900) -> dict[str, Any]:
    """Run ``python script args`` and return the JSON object on its last stdout line."""
    proc = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=str(ROOT))
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    if proc.returncode != 0 or not lines:
        tail = "\n".join((proc.stderr or proc.stdout).splitlines()[-15:])
        raise RuntimeError(f"worker {script.name} {' '.join(args)} failed (exit {proc.returncode}):\n{tail}")
    return json.loads(lines[-1])


def emit(result: dict[str, Any]) -> None:
    """A worker's answer: one JSON line on stdout."""
    print(json.dumps(result), flush=True)


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")
