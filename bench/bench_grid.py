"""The batching grid: token budget × inter/intra threads × beam, bare CTranslate2 (prints, asserts nothing).

Every cell translates the same pre-tokenised sentences with one ``translate_batch`` call
(``batch_type="tokens"``, ``max_batch_size`` = the budget; fixed-length decoding, see
``make_base_model.py``) and is timed by wall clock and by this process's CPU time (every
CTranslate2 thread included). Repetitions are interleaved — each repetition visits every cell,
in a shuffled order — and each cell reports the median and the spread (min–max) of its
repetitions. In the same loop our engine runs at its defaults (``EngineOptions()``: text in,
text out, so it also pays SentencePiece encoding and decoding), so "ours vs the best bare cell"
compares measurements taken side by side.

The target (our defaults within 5 % of the best bare cell by CPU-seconds per sentence) is then
judged by a *paired* run: our engine and the grid's lowest-CPU cell, back to back, ``pairs``
times in alternating order, and the median of the per-pair ratios. Comparing one cell's median
with the minimum of ten other medians favours the minimum (the luckiest of ten noisy cells), and
a busy neighbour moves both sides of a pair alike; the paired ratio has neither bias.

The engine's defaults (``bilingual/translate/engine.py``: ``DEFAULT_BATCH_TOKENS``,
``DEFAULT_INTER_THREADS``) are the cell with the lowest median CPU-seconds per sentence at
the default beam; :func:`choose` is that rule, and the script prints what it picks.

Usage: ``python bench/bench_grid.py [--packages-dir DIR] [--quick] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import base  # noqa: E402

BUDGETS = (128, 256, 512, 1024, 2048)  #: source tokens per batch
THREADS = ((2, 1), (1, 2))  #: (inter_threads, intra_threads) on 2 cores
BEAMS = (1, 2, 4)
DEFAULT_BEAM = 4
FULL = {"sentences": 80, "reps": 3, "same": 48, "pairs": 9}
QUICK = {"sentences": 12, "reps": 1, "same": 8, "pairs": 2}


def _sp(packages_dir: Path) -> Any:
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_file=str(common.package_dir(packages_dir) / "sentencepiece.model"))


def _translators(packages_dir: Path) -> dict[str, Any]:
    import ctranslate2

    model = str(common.package_dir(packages_dir) / "model")
    return {f"{i}x{j}": ctranslate2.Translator(model, device="cpu", compute_type="int8", inter_threads=i, intra_threads=j)
            for i, j in THREADS}


def _bare(translator: Any, tokens: list[list[str]], beam: int, budget: int, batch_type: str = "tokens") -> list[list[str]]:
    results = translator.translate_batch(tokens, beam_size=beam, max_batch_size=budget, batch_type=batch_type,
                                         max_input_length=0, length_penalty=0.2, replace_unknowns=True,
                                         **base.FIXED_LENGTH)
    return [list(r.hypotheses[0]) for r in results]


def _timed(fn: Any) -> tuple[float, float, Any]:
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - t0, time.process_time() - c0, out


def _stats(values: list[float], n: int) -> dict[str, float]:
    per = [v / n for v in values]
    return {"median": statistics.median(per), "min": min(per), "max": max(per)}


def paired(engine: Any, translator: Any, sentences: list[str], tokens: list[list[str]], beam: int, budget: int,
           pairs: int) -> dict[str, Any]:
    """Our engine and one bare cell back to back, ``pairs`` times, alternating which goes first:
    CPU-s/sentence of each side and the per-pair ratio ours ÷ bare (median, min–max)."""
    n = len(sentences)
    ours: list[float] = []
    bare: list[float] = []
    for k in range(pairs):
        runs = [("ours", lambda: common.our_translate(engine, sentences)),
                ("bare", lambda: _bare(translator, tokens, beam, budget))]
        for name, fn in (runs if k % 2 == 0 else runs[::-1]):
            _w, c, _out = _timed(fn)
            (ours if name == "ours" else bare).append(c)
    ratios = [o / b for o, b in zip(ours, bare)]
    return {"pairs": pairs, "ours": _stats(ours, n), "bare": _stats(bare, n),
            "ratio": {"median": statistics.median(ratios), "min": min(ratios), "max": max(ratios)}}


def measure(packages_dir: Path, n: int, reps: int, n_same: int, pairs: int = 0) -> dict[str, Any]:
    """Run the grid and our default engine, interleaved; return every cell's figures."""
    common.install_fixed_length()
    from bilingual.translate.engine import EngineOptions

    sentences = base.synthetic_sentences(n, seed=base.SEED + 5)
    sp = _sp(packages_dir)
    tokens = [sp.encode(s, out_type=str) for s in sentences]
    translators = _translators(packages_dir)
    warm = tokens[:4]
    for tr in translators.values():
        _bare(tr, warm, 1, 256)
    engine = common.open_bench_engine(packages_dir, beam_size=DEFAULT_BEAM)
    common.our_translate(engine, sentences[:4])
    cells = [(beam, key, budget) for beam in BEAMS for key in translators for budget in BUDGETS]
    wall: dict[Any, list[float]] = {c: [] for c in cells}
    cpu: dict[Any, list[float]] = {c: [] for c in cells}
    outputs: dict[Any, list[list[str]]] = {}
    ours_wall: list[float] = []
    ours_cpu: list[float] = []
    rng = random.Random(0)
    load_before = os.getloadavg()
    t_start = time.perf_counter()
    for _ in range(reps):
        order: list[Any] = [*cells, "ours"]
        rng.shuffle(order)
        for cell in order:
            if cell == "ours":
                w, c, _out = _timed(lambda: common.our_translate(engine, sentences))
                ours_wall.append(w)
                ours_cpu.append(c)
                continue
            beam, key, budget = cell
            w, c, out = _timed(lambda: _bare(translators[key], tokens, beam, budget))
            wall[cell].append(w)
            cpu[cell].append(c)
            outputs[cell] = out
    seconds = time.perf_counter() - t_start
    load_after = os.getloadavg()
    # outputs vs one sentence per batch (no batching at all), at the default beam
    ref = _bare(translators["2x1"], tokens[:n_same], DEFAULT_BEAM, 1, "examples")
    same = {f"{key}/{budget}": sum(a == b for a, b in zip(outputs[(DEFAULT_BEAM, key, budget)][:n_same], ref))
            for key in translators for budget in BUDGETS}
    rows = [{"beam": beam, "threads": key, "budget": budget,
             "cpu_per_sentence": _stats(cpu[(beam, key, budget)], n),
             "wall_per_sentence": _stats(wall[(beam, key, budget)], n),
             "rate": n / statistics.median(wall[(beam, key, budget)])}
            for beam, key, budget in cells]
    inter, intra = engine.options.thread_split()
    ours = {"options": {"batch_tokens": engine.options.batch_tokens, "threads": f"{inter}x{intra}",
                        "beam": DEFAULT_BEAM},
            "cpu_per_sentence": _stats(ours_cpu, n), "wall_per_sentence": _stats(ours_wall, n),
            "rate": n / statistics.median(ours_wall)}
    defaults = EngineOptions()
    chosen = choose(rows)
    best = min((r for r in rows if r["beam"] == DEFAULT_BEAM), key=lambda r: r["cpu_per_sentence"]["median"])
    pair = None
    if pairs:
        pair = paired(engine, translators[best["threads"]], sentences, tokens, DEFAULT_BEAM, best["budget"], pairs)
        pair["cell"] = {"threads": best["threads"], "budget": best["budget"]}
    return {"rows": rows, "ours": ours, "sentences": n, "reps": reps, "paired": pair,
            "src_pieces": sum(map(len, tokens)) / max(1, n), "same_as_unbatched": same, "same_n": n_same,
            "load_before": load_before, "load_after": load_after, "seconds": seconds,
            "chosen": chosen, "defaults": {"batch_tokens": defaults.batch_tokens,
                                                 "threads": "{}x{}".format(*defaults.thread_split())}}


def choose(rows: list[dict[str, Any]], beam: int = DEFAULT_BEAM) -> dict[str, Any]:
    """The rule for the defaults: the cell of ``beam`` with the lowest median CPU-s/sentence;
    among cells within 2 % of it, the one with the best sentences/s."""
    at = [r for r in rows if r["beam"] == beam]
    best = min(r["cpu_per_sentence"]["median"] for r in at)
    near = [r for r in at if r["cpu_per_sentence"]["median"] <= best * 1.02]
    pick = max(near, key=lambda r: r["rate"])
    return {"threads": pick["threads"], "budget": pick["budget"], "cpu_per_sentence": pick["cpu_per_sentence"]["median"],
            "best_cpu_per_sentence": best, "rate": pick["rate"]}


def _fmt(s: dict[str, float], scale: float = 1000) -> str:
    return f"{s['median'] * scale:.1f} ({s['min'] * scale:.1f}–{s['max'] * scale:.1f})"


def report(res: dict[str, Any]) -> None:
    """Print the grid as Markdown tables: CPU-ms per sentence and sentences/s."""
    print(f"\n== batching grid: bare CTranslate2, {res['sentences']} sentences ({res['src_pieces']:.1f} source pieces each), "
          f"{base.DECODE_LEN} target pieces, {res['reps']} interleaved repetitions; median (min–max) ==")
    print(f"load average before {', '.join(f'{x:.2f}' for x in res['load_before'])}; after "
          f"{', '.join(f'{x:.2f}' for x in res['load_after'])}; grid took {res['seconds']:.0f} s")
    print("\nCPU-ms per sentence | sentences/s")
    print("| beam | threads | " + " | ".join(f"{b} tokens" for b in BUDGETS) + " |")
    print("| --- | --- |" + " ---: |" * len(BUDGETS))
    for beam in BEAMS:
        for key in dict.fromkeys(r["threads"] for r in res["rows"]):
            cells = {r["budget"]: r for r in res["rows"] if r["beam"] == beam and r["threads"] == key}
            print(f"| {beam} | {key} | " + " | ".join(
                f"{_fmt(cells[b]['cpu_per_sentence'])} \\| {cells[b]['rate']:.1f}/s" for b in BUDGETS) + " |")
    o, ch = res["ours"], res["chosen"]
    print(f"\ngrid's choice at beam {DEFAULT_BEAM} (lowest CPU-s/sentence, then speed): threads {ch['threads']}, "
          f"budget {ch['budget']} tokens ({ch['cpu_per_sentence'] * 1000:.1f} CPU-ms/sentence, {ch['rate']:.1f}/s)")
    d = res["defaults"]
    print(f"engine defaults now: threads {d['threads']}, batch_tokens {d['batch_tokens']}"
          + ("" if (d["threads"], d["batch_tokens"]) == (ch["threads"], ch["budget"]) else "  ** differ from the grid's choice **"))
    gap = o["cpu_per_sentence"]["median"] / ch["best_cpu_per_sentence"] - 1
    print(f"our engine at its defaults (text in, text out): {_fmt(o['cpu_per_sentence'])} CPU-ms/sentence, "
          f"{o['rate']:.1f} sentences/s; {gap * 100:+.1f} % CPU vs the best bare cell (target within 5 %: "
          f"{'met' if gap <= 0.05 else 'MISSED'} by this unpaired comparison)")
    p = res.get("paired")
    if p:
        r = p["ratio"]
        print(f"paired, {p['pairs']} back-to-back runs vs the lowest-CPU cell ({p['cell']['threads']}, "
              f"{p['cell']['budget']} tokens): ours {_fmt(p['ours'])} vs bare {_fmt(p['bare'])} CPU-ms/sentence; "
              f"ours ÷ bare {r['median']:.3f} ({r['min']:.3f}–{r['max']:.3f}), {(r['median'] - 1) * 100:+.1f} % "
              f"(target within 5 %: {'met' if r['median'] <= 1.05 else 'MISSED'})")
    print(f"identical outputs vs one sentence per batch (beam {DEFAULT_BEAM}, first {res['same_n']} sentences): "
          + ", ".join(f"{k} {v}/{res['same_n']}" for k, v in res["same_as_unbatched"].items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--packages-dir", type=Path, default=None)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    common.print_machine()
    with common.bench_packages(args.packages_dir) as pdir:
        res = measure(pdir, sizes["sentences"], sizes["reps"], sizes["same"], sizes["pairs"])
    report(res)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
