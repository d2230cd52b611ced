"""Translation speed and memory on a random-weight Transformer-base model (prints, asserts nothing).

Figures, all at beam 4, every sentence decoded to exactly ``DECODE_LEN`` pieces, repetitions
interleaved (each repetition runs every contestant once, in turn), medians with the spread
(min–max), the load average before and after each section:

1. ``compare`` — in one process, side by side: our pipeline (reader + segmenter +
   ``translate_texts``, cache off), our engine alone (``translate_texts`` on the sentences:
   SentencePiece encoding, translation, decoding) and a bare ``ctranslate2.Translator.
   translate_batch`` over the same pre-tokenised sentences with the engine's own options (one
   call; no tokenisation, no decoding);
2. ``stock`` — stock ``argostranslate.translate`` on the same package, each run in a fresh
   process (the model load is timed apart): at its defaults (``ARGOS_INTER_THREADS`` 1,
   ``ARGOS_INTRA_THREADS`` 0 = every core, ``ARGOS_BATCH_SIZE`` 32 tokens) and tuned through its
   documented environment variables (inter 2 × intra 1, batch budgets of 64 and 256 tokens).
   It includes paragraph splitting, MiniSBD sentence detection, SentencePiece encoding and
   decoding; it translates one paragraph per ``translate_batch`` call;
3. ``rss`` — peak RSS of ``translate_file`` on a 1,000-sentence article, all outputs (target < 500 MB);
4. ``batchmem`` — peak RSS of one bare ``translate_batch`` over the longest sentences, by token
   budget and threads.

The grid that picks the engine's batching defaults is ``bench_grid.py``.

Usage: ``python bench/bench_translate.py [--packages-dir DIR] [--quick] [--only NAMES]``
(NAMES: comma-separated of compare, stock, rss, batchmem). Without ``--packages-dir`` the
package is built in a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import base  # noqa: E402

SCRIPT = Path(__file__).resolve()
BEAM = 4
SECTIONS = ("compare", "stock", "rss", "batchmem")
FULL = {"compare": 120, "stock": 30, "rss": 1000, "reps": 5, "stock_reps": 3}
QUICK = {"compare": 24, "stock": 8, "rss": 40, "reps": 2, "stock_reps": 1}
MEM_BUDGETS = (256, 512, 1024, 2048)  #: token budgets for the peak-RSS table
MEM_LONGEST = 64  #: the longest sentences of the article, one translate_batch
MEM_THREADS = ((1, 2), (2, 1))
#: Stock Argos runs: name → environment (its documented settings, argostranslate/settings.py).
STOCK_RUNS: dict[str, dict[str, str]] = {
    "defaults": {},
    "tuned 2x1, 64 tokens": {"ARGOS_INTER_THREADS": "2", "ARGOS_INTRA_THREADS": "1", "ARGOS_BATCH_SIZE": "64"},
    "tuned 2x1, 256 tokens": {"ARGOS_INTER_THREADS": "2", "ARGOS_INTRA_THREADS": "1", "ARGOS_BATCH_SIZE": "256"},
}

#: Options our engine is opened with, and the bare runs mirror.
ENGINE_WANTED: dict[str, Any] = {"beam_size": BEAM}


# ------------------------------------------------------------- helpers
def _warm_texts() -> list[str]:
    return base.synthetic_sentences(4, seed=base.SEED + 99)


def _sp(packages_dir: Path):  # type: ignore[no-untyped-def]
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_file=str(common.package_dir(packages_dir) / "sentencepiece.model"))


def _engine_call_options(engine: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(Translator constructor kwargs, translate_batch kwargs) our engine uses, read from its
    ``EngineOptions``, so the bare runs compare like with like."""
    o = engine.options
    inter, intra = o.thread_split()
    ctor = {"device": o.device, "compute_type": o.compute_type, "inter_threads": inter,
            "intra_threads": intra}
    call = {"beam_size": o.beam_size, **o.batch_kwargs(), "max_input_length": 0,
            "length_penalty": o.length_penalty, "replace_unknowns": o.replace_unknowns}
    return ctor, call


def _bare_translator(packages_dir: Path, **ctor: Any):  # type: ignore[no-untyped-def]
    import ctranslate2

    ctor.setdefault("device", "cpu")
    ctor.setdefault("compute_type", "int8")
    return ctranslate2.Translator(str(common.package_dir(packages_dir) / "model"), **ctor)


def _bare(translator: Any, tokens: list[list[str]], **call: Any) -> list[list[str]]:
    call = {"beam_size": BEAM, "max_batch_size": 512, "batch_type": "tokens", **call, **base.FIXED_LENGTH}
    results = translator.translate_batch(tokens, **call)
    return [r.hypotheses[0] for r in results]


# ------------------------------------------------- 1+2: ours vs bare (in process)
def spread(values: list[float]) -> dict[str, float]:
    """Median, min and max."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def bench_compare(packages_dir: Path, n: int, reps: int) -> dict[str, Any]:
    """Our pipeline, our engine alone and bare translate_batch, interleaved, ``reps`` times."""
    common.install_fixed_length()
    text = base.synthetic_document(n)
    engine = common.open_bench_engine(packages_dir, **ENGINE_WANTED)
    our_translate = common.our_translate
    our_translate(engine, _warm_texts())
    sentences = common.document_sentences(text)
    ctor, call = _engine_call_options(engine)
    sp = _sp(packages_dir)
    tokens = [sp.encode(s, out_type=str) for s in sentences]
    bare_tr = _bare_translator(packages_dir, **ctor)
    _bare(bare_tr, [sp.encode(s, out_type=str) for s in _warm_texts()], **call)
    runs = {
        "pipeline": lambda: our_translate(engine, common.document_sentences(text)),
        "engine": lambda: our_translate(engine, sentences),
        "bare": lambda: _bare(bare_tr, tokens, **call),
    }
    wall: dict[str, list[float]] = {k: [] for k in runs}
    cpu: dict[str, list[float]] = {k: [] for k in runs}
    out: dict[str, Any] = {}
    load_before = os.getloadavg()
    for rep in range(reps):
        names = list(runs)
        names = names[rep % len(names):] + names[:rep % len(names)]  # rotate who goes first
        for name in names:
            t0, c0 = time.perf_counter(), time.process_time()
            out[name] = runs[name]()
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
    load_after = os.getloadavg()
    n_sent = len(sentences)
    same = sum(a == b for a, b in zip((sp.decode(h).strip() for h in out["bare"]), out["engine"]))
    res: dict[str, Any] = {"sentences": n_sent, "reps": reps, "same_output": same, "bare_ctor": ctor,
                           "bare_call": call, "src_pieces": sum(map(len, tokens)) / max(1, len(tokens)),
                           "load_before": load_before, "load_after": load_after}
    for name in runs:
        res[name] = {"rate": spread([n_sent / w for w in wall[name]]),
                     "cpu_per_sentence": spread([c / n_sent for c in cpu[name]])}
    return res


# --------------------------------------------------- stock Argos (worker)
def worker_stock(packages_dir: Path, n: int) -> dict[str, Any]:
    """Runs in a process whose environment points argostranslate at ``packages_dir`` (and sets
    its documented ``ARGOS_*`` settings). The model load and a warm-up are timed apart."""
    common.install_fixed_length()
    from argostranslate import settings, translate

    text = base.synthetic_document(n)
    paragraphs = [p for p in text.split("\n") if p.strip()]
    t0 = time.perf_counter()
    translation = translate.get_translation_from_codes("ru", "en")
    translation.translate(" ".join(_warm_texts()))  # loads the model
    load_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    out = translation.translate("\n".join(paragraphs))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": seconds, "cpu_seconds": cpu, "load_s": load_s, "paragraphs": len(paragraphs),
            "out_lines": len(out.split("\n")),
            "settings": {"inter_threads": settings.inter_threads, "intra_threads": settings.intra_threads,
                         "batch_size": settings.batch_size, "beam_size": settings.beam_size}}


def bench_stock(packages_dir: Path, n: int, reps: int) -> dict[str, Any]:
    """Every stock configuration of :data:`STOCK_RUNS`, ``reps`` times, interleaved, each run in
    a fresh process."""
    sentences = len(common.document_sentences(base.synthetic_document(n)))
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in STOCK_RUNS}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-argos-home-") as home:
        for _ in range(reps):
            for name, extra in STOCK_RUNS.items():
                env = {**common.argos_env(Path(home), packages_dir), **extra}
                runs[name].append(common.run_worker(
                    SCRIPT, ["--worker", "stock", "--packages-dir", str(packages_dir), "--n", str(n)], env=env))
    res: dict[str, Any] = {"sentences": sentences, "reps": reps, "load_before": load_before,
                           "load_after": os.getloadavg(), "runs": {}}
    for name, results in runs.items():
        res["runs"][name] = {
            "env": STOCK_RUNS[name], "settings": results[0]["settings"], "paragraphs": results[0]["paragraphs"],
            "rate": spread([sentences / r["seconds"] for r in results]),
            "cpu_per_sentence": spread([r["cpu_seconds"] / sentences for r in results]),
            "load_s": spread([r["load_s"] for r in results]),
        }
    tuned = [k for k in res["runs"] if k != "defaults"]
    res["best_tuned"] = max(tuned, key=lambda k: res["runs"][k]["rate"]["median"]) if tuned else None
    return res


# ------------------------------------------------------ peak RSS (worker)
def worker_rss(packages_dir: Path, n: int) -> dict[str, Any]:
    """``translate_file`` on an ``n``-sentence article, every output format, cache off."""
    common.install_fixed_length()
    from bilingual.pipeline import TranslateConfig, translate_file

    options, _missing = common.engine_options(**ENGINE_WANTED)
    with tempfile.TemporaryDirectory(prefix="bench-rss-") as tmp:
        src = Path(tmp) / "book.ru.txt"
        src.write_text(base.synthetic_document(n), encoding="utf-8")
        before = common.peak_rss_mb()
        config = TranslateConfig(out_dir=Path(tmp) / "out", glossary=None, packages_dir=packages_dir,
                                 engine=options, use_cache=False, auto_install=False, keep_edits=False)
        t0 = time.perf_counter()
        result = translate_file(src, config)
        seconds = time.perf_counter() - t0
        sizes = {k: Path(p).stat().st_size for k, p in result.outputs.items()}
    return {"peak_mb": common.peak_rss_mb(), "before_mb": before, "seconds": seconds,
            "sentences": result.sentences, "outputs": sizes}


def worker_batchmem(packages_dir: Path, n: int, budget: int, threads: str) -> dict[str, Any]:
    """Peak RSS of one bare ``translate_batch`` at beam 4 over the longest :data:`MEM_LONGEST`
    sentences of an ``n``-sentence article (the batch that sets a document's peak), batched by
    ``budget`` tokens."""
    sp = _sp(packages_dir)
    sentences = common.document_sentences(base.synthetic_document(n))
    tokens = sorted((sp.encode(s, out_type=str) for s in sentences), key=len)[-MEM_LONGEST:]
    inter, intra = (int(x) for x in threads.split("x"))
    tr = _bare_translator(packages_dir, inter_threads=inter, intra_threads=intra)
    loaded = common.peak_rss_mb()
    _bare(tr, tokens, max_batch_size=budget, batch_type="tokens")
    return {"loaded_mb": loaded, "peak_mb": common.peak_rss_mb(), "longest": len(tokens[-1])}


def bench_batchmem(packages_dir: Path, n: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for inter, intra in MEM_THREADS:
        key = f"{inter}x{intra}"
        out[key] = {str(b): common.run_worker(SCRIPT, ["--worker", "batchmem", "--packages-dir", str(packages_dir),
                                                        "--n", str(n), "--batch-size", str(b), "--threads", key])
                    for b in MEM_BUDGETS}
    return out


def bench_rss(packages_dir: Path, n: int) -> dict[str, Any]:
    res = common.run_worker(SCRIPT, ["--worker", "rss", "--packages-dir", str(packages_dir), "--n", str(n)])
    res["rate"] = common.rate(res["sentences"], res["seconds"])
    return res


# ------------------------------------------------------------- output
def _verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def _s(x: dict[str, float], fmt: str = "{:.2f}", scale: float = 1.0) -> str:
    return (fmt.format(x["median"] * scale) + " (" + fmt.format(x["min"] * scale) + "–"
            + fmt.format(x["max"] * scale) + ")")


def _load(res: dict[str, Any]) -> str:
    return (f"load average before {res['load_before'][0]:.2f}, after {res['load_after'][0]:.2f}")


def report(results: dict[str, Any]) -> None:
    c, s, r, m = (results.get(k) for k in SECTIONS)
    print(f"\n== translation speed (Transformer-base 6+6, d512, 32k vocab, int8, beam {BEAM}, "
          f"{base.DECODE_LEN} target pieces per sentence; median (min–max)) ==")
    if c:
        print(f"{c['sentences']} sentences, {c['src_pieces']:.1f} source pieces each; {c['reps']} interleaved repetitions; {_load(c)}")
        for name, label in (("pipeline", "our pipeline (read + segment + encode + translate + decode)"),
                            ("engine", "our engine (encode + translate + decode)"),
                            ("bare", "bare translate_batch (translate only)")):
            print(f"  {label:<60}: {_s(c[name]['rate'])} sentences/s, {_s(c[name]['cpu_per_sentence'], '{:.1f}', 1000)} CPU-ms/sentence")
        gap = c["engine"]["rate"]["median"] / c["bare"]["rate"]["median"]
        cpu_gap = c["engine"]["cpu_per_sentence"]["median"] / c["bare"]["cpu_per_sentence"]["median"] - 1
        print(f"  engine / bare: {gap:.3f} by wall, {cpu_gap * 100:+.1f} % CPU (bare: {c['bare_call']}, {c['bare_ctor']}); "
              f"identical outputs {c['same_output']}/{c['sentences']}")
    if s:
        print(f"stock argostranslate, {s['sentences']} sentences, {s['reps']} interleaved repetitions, a fresh process each; {_load(s)}")
        for name, run in s["runs"].items():
            print(f"  {name:<24} {run['settings']}: {_s(run['rate'])} sentences/s, "
                  f"{_s(run['cpu_per_sentence'], '{:.1f}', 1000)} CPU-ms/sentence (model load {run['load_s']['median']:.1f} s, not counted)")
        if c:
            for name in ("defaults", s["best_tuned"]):
                if not name:
                    continue
                run = s["runs"][name]
                ratio = c["pipeline"]["rate"]["median"] / run["rate"]["median"]
                cpu_ratio = run["cpu_per_sentence"]["median"] / c["pipeline"]["cpu_per_sentence"]["median"]
                print(f"  our pipeline / stock {name}: {ratio:.1f}x by wall time, {cpu_ratio:.1f}x by CPU time")
    if r:
        print(f"peak RSS, translate_file on {r['sentences']} sentences (docx+epub+json, cache off): "
              f"{r['peak_mb']:.0f} MB  (target < 500 MB: {_verdict(r['peak_mb'] < 500)}); "
              f"{r['rate']:.2f} sentences/s end to end, {r['seconds']:.0f} s")
    if m:
        first = next(iter(next(iter(m.values())).values()))
        print(f"\npeak RSS by token budget, beam 4 (bare CTranslate2 over the {MEM_LONGEST} longest sentences, up to "
              f"{first['longest']} pieces; model loaded: {first['loaded_mb']:.0f} MB):")
        print("  threads " + "".join(f"{str(b) + ' tok':>10}" for b in MEM_BUDGETS))
        for key, row in m.items():
            print(f"  {key:>7} " + "".join(f"{row[str(b)]['peak_mb']:8.0f}MB" for b in MEM_BUDGETS))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--packages-dir", type=Path, default=None)
    ap.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke run")
    ap.add_argument("--only", default=",".join(SECTIONS))
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    ap.add_argument("--worker", choices=("stock", "rss", "batchmem"), help=argparse.SUPPRESS)
    ap.add_argument("--batch-size", type=int, default=32, help=argparse.SUPPRESS)
    ap.add_argument("--threads", default="1x2", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker == "stock":
        common.emit(worker_stock(args.packages_dir, args.n))
        return 0
    if args.worker == "rss":
        common.emit(worker_rss(args.packages_dir, args.n))
        return 0
    if args.worker == "batchmem":
        common.emit(worker_batchmem(args.packages_dir, args.n, args.batch_size, args.threads))
        return 0

    sizes = QUICK if args.quick else FULL
    wanted = [x.strip() for x in args.only.split(",") if x.strip()]
    print("(timings on a shared machine are noisy: watch the load average; comparisons interleave their runs"
          " and print the median and the spread)")
    common.print_machine()
    results: dict[str, Any] = {}
    with common.bench_packages(args.packages_dir) as packages_dir:
        runs = {
            "compare": lambda: bench_compare(packages_dir, sizes["compare"], sizes["reps"]),
            "stock": lambda: bench_stock(packages_dir, sizes["stock"], sizes["stock_reps"]),
            "rss": lambda: bench_rss(packages_dir, sizes["rss"]),
            "batchmem": lambda: bench_batchmem(packages_dir, sizes["rss"]),
        }
        for name in SECTIONS:
            if name not in wanted:
                continue
            t0 = time.perf_counter()
            print(f"({name}: load average {os.getloadavg()[0]:.2f})", file=sys.stderr, flush=True)
            try:
                results[name] = runs[name]()
            except Exception as err:  # a benchmark reports what failed and goes on
                print(f"{name}: FAILED: {type(err).__name__}: {err}", file=sys.stderr)
            print(f"({name} took {time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
