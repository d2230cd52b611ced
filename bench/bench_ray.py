"""The Ray executor against the local one on the Transformer-base double (prints, asserts nothing).

Figures, all at beam 4, every sentence decoded to exactly ``DECODE_LEN`` pieces, cache off:

1. sentences/s of ``translate_texts`` over the same distinct sentences with the local engine
   (2 threads, 2×1) and with Ray: 1 actor of 1 CPU, 2 actors of 1 CPU, 1 actor of 2 CPUs; the
   ratio to the local rate; the driver process's CPU time / wall time (how much of a core the
   driver itself needs to keep the actors fed);
2. the per-job start-up cost of the Ray path: ``ray.init`` (a fresh local instance) and the
   actors loaded and ready;
3. an archive, ``translate_paths`` over a folder of articles with DOCX + EPUB + JSON output,
   local vs Ray with 2 actors: the rate (Ray: after its start-up) and the driver's CPU seconds
   per sentence (it reads, segments and renders every document itself, one at a time, while
   the actors wait: the ceiling of what one driver can feed);
4. a projection for N machines: sentences/s ≈ per-node rate × N × the efficiency measured
   here, capped by what one driver can feed (1 / its CPU seconds per sentence) — and, next to
   it, what one document at a time gives (see :func:`project`).

Every measurement runs in its own Python process (each Ray one starts its own local instance, as
a job would). The actors decode with fixed length too: the actor class is wrapped here
(``FixedLengthActor``) and the driver subclass (``BenchExecutor``) runs it.

Usage: ``python bench/bench_ray.py [--packages-dir DIR] [--quick] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import base  # noqa: E402

SCRIPT = Path(__file__).resolve()
BENCH_DIR = str(common.BENCH)
BEAM = 4
FULL = {"sentences": 240, "docs": 10, "doc_sentences": 24}
QUICK = {"sentences": 24, "docs": 2, "doc_sentences": 8}
#: (label, actors, CPUs per actor); None = the local executor
CONFIGS: list[tuple[str, int | None, int]] = [
    ("local executor (2 threads, 2×1)", None, 2),
    ("Ray, 1 actor × 1 CPU", 1, 1),
    ("Ray, 2 actors × 1 CPU", 2, 1),
    ("Ray, 1 actor × 2 CPUs", 1, 2),
]
PROJECT_NODES = (1, 4, 16, 64)


# ------------------------------------------------------------- fixed-length Ray classes
def bench_executor_class() -> type:
    """A RayExecutor whose actors decode fixed-length (defined here, shipped to the actors by value)."""
    from bilingual.executors.ray import RayExecutor, TranslatorActor

    class FixedLengthActor(TranslatorActor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if BENCH_DIR not in sys.path:
                sys.path.insert(0, BENCH_DIR)
            import common as bench_common

            bench_common.install_fixed_length()
            super().__init__(*args, **kwargs)

    class BenchExecutor(RayExecutor):
        actor_class = FixedLengthActor

    return BenchExecutor


def _quiet_ray_env() -> None:
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # a benchmark: no token file in ~/.ray
    os.environ.pop("RAY_ADDRESS", None)


# ------------------------------------------------------------- workers (own processes)
def worker_texts(packages_dir: Path, n: int, actors: int, cpus: int) -> dict[str, Any]:
    """``translate_texts`` over ``n`` distinct sentences: local (actors 0) or Ray."""
    from bilingual.translate import translate_texts

    common.install_fixed_length()
    options, _ = common.engine_options(beam_size=BEAM, threads=cpus)
    texts, warm = base.synthetic_sentences(n), base.synthetic_sentences(4, seed=base.SEED + 99)
    t0 = time.perf_counter()
    if actors:
        _quiet_ray_env()
        engine = bench_executor_class()(packages_dir=packages_dir, options=options, workers=actors,
                                        cpus_per_actor=cpus, auto_install=False)
    else:
        engine = common.open_bench_engine(packages_dir, beam_size=BEAM, threads=cpus)
    engine.translate(warm)  # Ray: init + actors loaded; local: model loaded
    ready = time.perf_counter() - t0
    w0, c0 = time.perf_counter(), time.process_time()
    translate_texts(texts, engine, cache=None)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    startup = dict(getattr(engine, "startup", {}))
    close = getattr(engine, "close", None)
    if close is not None:
        close()
    return {"sentences": n, "seconds": wall, "driver_cpu": cpu, "ready_s": ready, "startup": startup}


def worker_archive(packages_dir: Path, docs: int, per_doc: int, executor: str) -> dict[str, Any]:
    """``translate_paths`` over ``docs`` articles (DOCX + EPUB + JSON), cache off."""
    import bilingual.executors.ray as ray_module
    from bilingual.batch import translate_paths
    from bilingual.pipeline import TranslateConfig

    common.install_fixed_length()
    options, _ = common.engine_options(beam_size=BEAM)
    made: list[Any] = []
    init_s = 0.0
    if executor == "ray":
        import logging

        import ray

        _quiet_ray_env()
        t0 = time.perf_counter()  # the job's Ray instance first, so its start is not in the driver's CPU below
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING,
                 _node_ip_address="127.0.0.1")  # loopback only
        init_s = time.perf_counter() - t0
        base_class = bench_executor_class()

        class Recording(base_class):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                made.append(self)

        ray_module.RayExecutor = Recording  # type: ignore[misc]  # what open_translator opens
    with tempfile.TemporaryDirectory(prefix="bench-ray-archive-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for k in range(docs):
            (folder / f"article-{k:03d}.ru.txt").write_text(base.synthetic_document(per_doc, seed=base.SEED + 10 * k),
                                                            encoding="utf-8")
        config = TranslateConfig(out_dir=Path(tmp) / "out", glossary=None, packages_dir=packages_dir, engine=options,
                                 use_cache=False, auto_install=False, keep_edits=False, executor=executor, workers=2)
        w0, c0 = time.perf_counter(), time.process_time()
        batch = translate_paths([folder], config)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    sentences = sum(r.result.sentences for r in batch.reports if r.result is not None)
    actors_s = made[0].startup.get("actors", 0.0) if made else 0.0
    return {"docs": docs, "sentences": sentences, "seconds": wall - actors_s, "driver_cpu": cpu,
            "failed": len(batch.failed), "init_s": init_s, "actors_s": actors_s}


# ------------------------------------------------------------- orchestration
def run_texts(packages_dir: Path, n: int) -> list[dict[str, Any]]:
    out = []
    for label, actors, cpus in CONFIGS:
        args = ["--worker", "texts", "--packages-dir", str(packages_dir), "--n", str(n),
                "--actors", str(actors or 0), "--cpus", str(cpus)]
        res = common.run_worker(SCRIPT, args)
        res.update(label=label, actors=actors or 0, cpus=cpus, rate=common.rate(res["sentences"], res["seconds"]))
        out.append(res)
        print(f"  {label}: {res['rate']:.1f} sentences/s", file=sys.stderr, flush=True)
    return out


def run_archive(packages_dir: Path, docs: int, per_doc: int) -> dict[str, dict[str, Any]]:
    out = {}
    for executor in ("local", "ray"):
        args = ["--worker", "archive", "--packages-dir", str(packages_dir), "--docs", str(docs),
                "--n", str(per_doc), "--executor", executor]
        res = common.run_worker(SCRIPT, args)
        res["rate"] = common.rate(res["sentences"], res["seconds"])
        out[executor] = res
    return out


def report(texts: list[dict[str, Any]], archive: dict[str, dict[str, Any]]) -> None:
    local = texts[0]
    print("\n## Ray executor vs local (translate_texts, beam 4, 32 pieces/sentence, cache off)\n")
    print("| run | sentences/s | × local | driver CPU / wall | start-up (init + actors ready) |")
    print("| --- | --- | --- | --- | --- |")
    for r in texts:
        up = r["startup"]
        start = f"{up.get('init', 0):.1f} s + {up.get('actors', 0):.1f} s" if up else f"model loaded in {r['ready_s']:.1f} s"
        print(f"| {r['label']} | {r['rate']:.1f} | {r['rate'] / local['rate']:.2f} | "
              f"{r['driver_cpu'] / r['seconds']:.3f} | {start} |")
    one, two = texts[1], texts[2]
    scaling = two["rate"] / (2 * one["rate"])
    print(f"\n2 actors vs 1 (1 CPU each): {two['rate'] / one['rate']:.2f}× — actor scaling efficiency {scaling:.2f}")
    print("\n## An archive (translate_paths, DOCX + EPUB + JSON, cache off)\n")
    print("(Ray: the seconds leave out the job's start-up, shown apart)\n")
    print("| executor | documents | sentences | seconds | sentences/s | driver CPU / wall | driver CPU / sentence | start-up |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, r in archive.items():
        start = f"{r['init_s']:.1f} s + {r['actors_s']:.1f} s" if name == "ray" else ""
        print(f"| {name} | {r['docs']} | {r['sentences']} | {r['seconds']:.1f} | {r['rate']:.1f} | "
              f"{r['driver_cpu'] / r['seconds']:.2f} | {r['driver_cpu'] / max(1, r['sentences']) * 1000:.1f} ms | {start} |")
    project(texts, archive)


def project(texts: list[dict[str, Any]], archive: dict[str, dict[str, Any]]) -> None:
    """Sentences/s on N machines of 2 cores (2 actors each), two ways:

    * documents in parallel: per-node rate × N × efficiency, capped by what one driver can feed
      (1 / its CPU seconds per sentence);
    * one document at a time (``translate_paths`` today): a document of S sentences is cut into
      at most S / MIN_BATCH batches, so no more actors than that work on it, and the actors wait
      while the driver reads and renders: S / (driver time per document + S / (busy × per-actor rate)).
    """
    import math

    from bilingual.executors.ray import IN_FLIGHT, MAX_BATCH, MIN_BATCH

    local, two = texts[0], texts[2]
    ray_archive = archive["ray"]
    measured = ray_archive["rate"] / archive["local"]["rate"]
    efficiency = min(1.0, measured)  # above 1: a shared machine gave Ray's separate processes more CPU
    per_node, per_actor = local["rate"], two["rate"] / 2  # a node's 2 actors share its cores
    driver_per_sentence = ray_archive["driver_cpu"] / max(1, ray_archive["sentences"])
    ceiling = 1 / driver_per_sentence if driver_per_sentence > 0 else float("inf")
    per_doc = ray_archive["sentences"] / max(1, ray_archive["docs"])
    driver_per_doc = ray_archive["driver_cpu"] / max(1, ray_archive["docs"])

    def one_at_a_time(actors: int, s: float) -> float:
        size = min(MAX_BATCH, max(MIN_BATCH, math.ceil(s / (IN_FLIGHT * actors))))
        busy = min(actors, math.ceil(s / size))
        return s / (driver_per_doc / per_doc * s + s / (busy * per_actor))

    print(f"\n## Projection for N machines of 2 cores\n\nper-node rate {per_node:.1f}/s (local executor), "
          f"per-actor rate {per_actor:.1f}/s (2 actors a node), efficiency {efficiency:.2f} (Ray archive rate / local archive "
          f"rate {measured:.2f}, at most 1; texts only: {two['rate'] / local['rate']:.2f}); one driver feeds at most {ceiling:.0f}/s "
          f"({driver_per_sentence * 1000:.1f} ms of driver CPU a sentence)\n")
    print(f"| machines | documents in parallel | one document at a time ({per_doc:.0f} sentences) | (100 sentences) "
          f"| 10 M sentences, in parallel |")
    print("| --- | --- | --- | --- | --- |")
    for n in PROJECT_NODES:
        parallel = min(per_node * n * efficiency, ceiling)
        print(f"| {n} | {parallel:.0f}/s | {one_at_a_time(2 * n, per_doc):.0f}/s | {one_at_a_time(2 * n, 100):.0f}/s "
              f"| {1e7 / parallel / 3600:.1f} h |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--packages-dir", type=Path, default=None)
    ap.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke run")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    ap.add_argument("--worker", choices=("texts", "archive"), help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--actors", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--cpus", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--docs", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--executor", default="local", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker == "texts":
        common.emit(worker_texts(args.packages_dir, args.n, args.actors, args.cpus))
        return 0
    if args.worker == "archive":
        common.emit(worker_archive(args.packages_dir, args.docs, args.n, args.executor))
        return 0
    try:
        import ray  # noqa: F401
    except ImportError:
        print("Ray is not installed: pip install 'bilingual[ray]'", file=sys.stderr)
        return 1
    sizes = QUICK if args.quick else FULL
    print("(one run of each, on a shared machine: figures vary by ±20 %)")
    common.print_machine()
    with common.bench_packages(args.packages_dir) as packages_dir:
        t0 = time.perf_counter()
        texts = run_texts(packages_dir, sizes["sentences"])
        archive = run_archive(packages_dir, sizes["docs"], sizes["doc_sentences"])
        print(f"(took {time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    report(texts, archive)
    if args.json:
        args.json.write_text(json.dumps({"texts": texts, "archive": archive}, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
