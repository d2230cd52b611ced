"""Translation speed and memory on a random-weight Transformer-base model (prints, asserts nothing).

Figures, all at beam 4, every sentence decoded to exactly ``DECODE_LEN`` pieces:

1. our pipeline (reader + segmenter + ``translate_texts``, cache off) vs the stock
   ``argostranslate.translate`` path on the same package, in sentences/s (target ≥ 8×);
2. our pipeline vs a bare ``ctranslate2.Translator.translate_batch`` over the same
   pre-tokenised sentences with the same options (target: within 10 %);
3. peak RSS of ``translate_file`` on a 1,000-sentence article, all outputs (target < 500 MB);
4. a table of sentences/s by ``max_batch_size`` and inter × intra threads (bare CTranslate2),
   and the peak RSS each batch size costs at beam 4, from which the engine's defaults are
   chosen.

Usage: ``python bench/bench_translate.py [--packages-dir DIR] [--quick] [--only NAMES]``
(NAMES: comma-separated of compare, stock, rss, table, batchmem). Without ``--packages-dir`` the
package is built in a temporary directory.
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
BEAM = 4
SECTIONS = ("compare", "stock", "rss", "table", "batchmem")
#: Sizes: (compare sentences, stock sentences, rss sentences, table sentences, repetitions)
FULL = {"compare": 150, "stock": 40, "rss": 1000, "table": 128, "reps": 3, "table_reps": 2}
QUICK = {"compare": 24, "stock": 12, "rss": 40, "table": 16, "reps": 1, "table_reps": 1}
BATCH_SIZES = (8, 16, 32, 64)
THREADS = ((1, 2), (2, 1))  # (inter_threads, intra_threads) on 2 cores
MEM_THREADS = ((1, 2), (2, 1))

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
    call = {"beam_size": o.beam_size, "max_batch_size": o.max_batch_size, "max_input_length": 0,
            "length_penalty": o.length_penalty, "replace_unknowns": o.replace_unknowns}
    return ctor, call


def _bare_translator(packages_dir: Path, **ctor: Any):  # type: ignore[no-untyped-def]
    import ctranslate2

    ctor.setdefault("device", "cpu")
    ctor.setdefault("compute_type", "int8")
    return ctranslate2.Translator(str(common.package_dir(packages_dir) / "model"), **ctor)


def _bare(translator: Any, tokens: list[list[str]], **call: Any) -> list[list[str]]:
    call = {"beam_size": BEAM, "max_batch_size": 32, **call, **base.FIXED_LENGTH}
    results = translator.translate_batch(tokens, **call)
    return [r.hypotheses[0] for r in results]


# ------------------------------------------------- 1+2: ours vs bare (in process)
def bench_compare(packages_dir: Path, n: int, reps: int) -> dict[str, Any]:
    """Our pipeline vs bare translate_batch, interleaved, best of ``reps``."""
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

    ours_s, bare_s, ours_cpu, bare_cpu = [], [], [], []
    ours_out: list[str] = []
    bare_out: list[list[str]] = []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        ours_out = our_translate(engine, common.document_sentences(text))
        ours_s.append(time.perf_counter() - t0)
        ours_cpu.append(time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        bare_out = _bare(bare_tr, tokens, **call)
        bare_s.append(time.perf_counter() - t0)
        bare_cpu.append(time.process_time() - c0)
    same = sum(a == b for a, b in zip((sp.decode(h).strip() for h in bare_out), ours_out))
    n_sent = len(sentences)
    return {
        "sentences": n_sent, "reps": reps, "ours_s": min(ours_s), "bare_s": min(bare_s),
        "ours_rate": common.rate(n_sent, min(ours_s)), "bare_rate": common.rate(n_sent, min(bare_s)),
        "ours_cpu_per_sentence": min(ours_cpu) / n_sent, "bare_cpu_per_sentence": min(bare_cpu) / n_sent,
        "same_output": same, "bare_ctor": ctor, "bare_call": call,
        "src_pieces": sum(map(len, tokens)) / max(1, len(tokens)),
    }


# --------------------------------------------------- stock Argos (worker)
def worker_stock(packages_dir: Path, n: int) -> dict[str, Any]:
    """Runs in a process whose environment points argostranslate at ``packages_dir``."""
    common.install_fixed_length()
    from argostranslate import translate

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
            "out_lines": len(out.split("\n"))}


def bench_stock(packages_dir: Path, n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-argos-home-") as home:
        env = common.argos_env(Path(home), packages_dir)
        res = common.run_worker(SCRIPT, ["--worker", "stock", "--packages-dir", str(packages_dir), "--n", str(n)], env=env)
    res["sentences"] = len(common.document_sentences(base.synthetic_document(n)))
    res["rate"] = common.rate(res["sentences"], res["seconds"])
    res["cpu_per_sentence"] = res["cpu_seconds"] / max(1, res["sentences"])
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


def worker_batchmem(packages_dir: Path, n: int, batch_size: int, threads: str) -> dict[str, Any]:
    """Peak RSS of one bare ``translate_batch`` at beam 4 over the longest 64 sentences of an
    ``n``-sentence article (the batch that sets a document's peak) with ``batch_size``."""
    sp = _sp(packages_dir)
    sentences = common.document_sentences(base.synthetic_document(n))
    tokens = sorted((sp.encode(s, out_type=str) for s in sentences), key=len)[-max(BATCH_SIZES):]
    inter, intra = (int(x) for x in threads.split("x"))
    tr = _bare_translator(packages_dir, inter_threads=inter, intra_threads=intra)
    loaded = common.peak_rss_mb()
    _bare(tr, tokens, max_batch_size=batch_size)
    return {"loaded_mb": loaded, "peak_mb": common.peak_rss_mb(), "longest": len(tokens[-1])}


def bench_batchmem(packages_dir: Path, n: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for inter, intra in MEM_THREADS:
        key = f"{inter}x{intra}"
        out[key] = {str(bs): common.run_worker(SCRIPT, ["--worker", "batchmem", "--packages-dir", str(packages_dir),
                                                         "--n", str(n), "--batch-size", str(bs), "--threads", key])
                    for bs in BATCH_SIZES}
    return out


def bench_rss(packages_dir: Path, n: int) -> dict[str, Any]:
    res = common.run_worker(SCRIPT, ["--worker", "rss", "--packages-dir", str(packages_dir), "--n", str(n)])
    res["rate"] = common.rate(res["sentences"], res["seconds"])
    return res


# ------------------------------------------------- batch size x threads
def bench_table(packages_dir: Path, n: int, reps: int) -> dict[str, Any]:
    """Best of ``reps`` sentences/s per (threads, batch size); the cells are interleaved so a
    burst of load from elsewhere on the machine does not hit one setting only."""
    sp = _sp(packages_dir)
    tokens = [sp.encode(s, out_type=str) for s in base.synthetic_sentences(n, seed=base.SEED + 5)]
    warm = [sp.encode(s, out_type=str) for s in _warm_texts()]
    translators = {}
    for inter, intra in THREADS:
        tr = _bare_translator(packages_dir, inter_threads=inter, intra_threads=intra)
        _bare(tr, warm)
        translators[f"{inter}x{intra}"] = tr
    rows: dict[str, dict[int, float]] = {key: {bs: 0.0 for bs in BATCH_SIZES} for key in translators}
    for _ in range(reps):
        for key, tr in translators.items():
            for bs in BATCH_SIZES:
                t0 = time.perf_counter()
                _bare(tr, tokens, max_batch_size=bs)
                rows[key][bs] = max(rows[key][bs], common.rate(len(tokens), time.perf_counter() - t0))
    best = max(((k, bs, r) for k, row in rows.items() for bs, r in row.items()), key=lambda x: x[2])
    return {"rows": rows, "best": best, "sentences": n, "reps": reps}


# ------------------------------------------------------------- output
def _verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def report(results: dict[str, Any]) -> None:
    c, s, r, t, m = (results.get(k) for k in SECTIONS)
    print(f"\n== translation speed (Transformer-base 6+6, d512, 32k vocab, int8, beam {BEAM}, "
          f"{base.DECODE_LEN} target pieces per sentence) ==")
    if c:
        print(f"our pipeline        : {c['ours_rate']:7.2f} sentences/s, {c['ours_cpu_per_sentence']:.3f} CPU-s/sentence"
              f"  ({c['sentences']} sentences, {c['src_pieces']:.1f} source pieces each on average; best of {c['reps']})")
        print(f"bare translate_batch: {c['bare_rate']:7.2f} sentences/s, {c['bare_cpu_per_sentence']:.3f} CPU-s/sentence"
              f"  (same tokens; call {c['bare_call']}; translator {c['bare_ctor']})")
        gap = c["ours_rate"] / c["bare_rate"]
        cpu_gap = c["bare_cpu_per_sentence"] / c["ours_cpu_per_sentence"]
        print(f"  ours / bare = {gap:.3f} by wall time, {cpu_gap:.3f} by CPU time  (target within 10 %: "
              f"{_verdict(min(gap, cpu_gap) >= 0.9)}); identical outputs: {c['same_output']}/{c['sentences']}"
              " (a random model's near-ties can flip with batch composition)")
    if s:
        print(f"stock argostranslate: {s['rate']:7.2f} sentences/s, {s['cpu_per_sentence']:.3f} CPU-s/sentence"
              f"  ({s['sentences']} sentences in {s['paragraphs']} paragraphs, {s['seconds']:.1f} s; model load {s['load_s']:.1f} s)")
        if c:
            ratio = c["ours_rate"] / s["rate"]
            cpu_ratio = s["cpu_per_sentence"] / c["ours_cpu_per_sentence"]
            print(f"  ours / stock = {ratio:.1f}x by wall time, {cpu_ratio:.1f}x by CPU time  (target >= 8x: {_verdict(ratio >= 8)})")
    if r:
        print(f"peak RSS, translate_file on {r['sentences']} sentences (docx+epub+json, cache off): "
              f"{r['peak_mb']:.0f} MB  (target < 500 MB: {_verdict(r['peak_mb'] < 500)}); "
              f"{r['rate']:.2f} sentences/s end to end, {r['seconds']:.0f} s")
    if t:
        print(f"\nsentences/s by max_batch_size and inter x intra threads (bare CTranslate2, {t['sentences']} sentences, best of {t['reps']}):")
        print("  threads " + "".join(f"{'batch ' + str(b):>10}" for b in BATCH_SIZES))
        for key, row in t["rows"].items():
            print(f"  {key:>7} " + "".join(f"{row[b]:10.2f}" for b in BATCH_SIZES))
        k, bs, best = t["best"]
        print(f"  best: inter x intra = {k}, max_batch_size = {bs} ({best:.2f} sentences/s)")
    if m:
        first = next(iter(next(iter(m.values())).values()))
        print(f"\npeak RSS by max_batch_size, beam 4 (bare CTranslate2 over the {max(BATCH_SIZES)} longest sentences of the "
              f"{r['sentences'] if r else 'same'}-sentence article, up to {first['longest']} pieces; "
              f"model loaded: {first['loaded_mb']:.0f} MB):")
        print("  threads " + "".join(f"{'batch ' + str(b):>10}" for b in BATCH_SIZES))
        for key, row in m.items():
            print(f"  {key:>7} " + "".join(f"{row[str(b)]['peak_mb']:8.0f}MB" for b in BATCH_SIZES))


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
    print("(timings on a shared machine are noisy: watch the load average; ratios interleave their runs"
          " and keep the best of several)")
    common.print_machine()
    results: dict[str, Any] = {}
    with common.bench_packages(args.packages_dir) as packages_dir:
        runs = {
            "compare": lambda: bench_compare(packages_dir, sizes["compare"], sizes["reps"]),
            "stock": lambda: bench_stock(packages_dir, sizes["stock"]),
            "rss": lambda: bench_rss(packages_dir, sizes["rss"]),
            "table": lambda: bench_table(packages_dir, sizes["table"], sizes["table_reps"]),
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
