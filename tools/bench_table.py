"""Render ``bench/run_all.py``'s JSON as the Markdown tables of the README (never typed by hand).

    python tools/bench_table.py [bench/results.json] [-o bench/RESULTS.md] [--stdout]

Writes ``bench/RESULTS.md``: the summary table (figure, measured, target, met), the batching
grid, the comparison with stock Argos, cold vs warm, and what each contestant includes. Every
number comes from the one JSON file, i.e. from one run of ``run_all.py``. A figure whose script
did not run (or failed) is left out, with a note. ``render(results)`` is what ``run_all.py``
prints at its end.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

HELP_TARGET_S = 0.2
FIRST_TARGET_S = 0.5
GRID_TARGET = 0.05
WARM_TARGET = 50
DOCX_TARGET_MS = 0.3
RENDER_TARGET = 3.0  #: load + render peak, in JSON sizes above the interpreter ("a few times")


def _ok(flag: bool) -> str:
    return "yes" if flag else "**no**"


def _med(x: dict[str, float], scale: float = 1.0, fmt: str = "{:.1f}") -> str:
    """``median (min–max)``."""
    return f"{fmt.format(x['median'] * scale)} ({fmt.format(x['min'] * scale)}–{fmt.format(x['max'] * scale)})"


def _load(pair: Any) -> str:
    try:
        return f"{pair[0][0]:.2f} → {pair[1][0]:.2f}"
    except (TypeError, IndexError, KeyError):
        return "?"


def header(r: dict[str, Any]) -> list[str]:
    m = r.get("machine", {})
    runs = r.get("runs", {})
    parts = [f"Measured in one run of `python bench/run_all.py`{' --quick' if r.get('quick') else ''}: "
             f"{m.get('cpus', '?')} CPUs ({m.get('cpu', '?')}), Python {m.get('python', '?')}, "
             f"CTranslate2 {m.get('ctranslate2', '?')}, argos-translate {m.get('argos-translate', '?')}; "
             "a random-weight Transformer-base (6+6 layers, d_model 512, 8 heads, FFN 2048, 32k vocabulary, "
             f"int8), every sentence decoded to exactly 32 target pieces; whole run {r.get('seconds', 0) / 60:.1f} min.",
             "",
             f"Machine load (1-minute load average, before → after): whole run {_load((r.get('load_before'), r.get('load_after')))}; "
             + "; ".join(f"{k.removesuffix('.py')} {_load((v.get('load_before'), v.get('load_after')))}"
                         for k, v in runs.items())
             + ". On 2 cores a load above 2 means other work shared the CPUs: wall-clock figures suffer "
             "most, CPU-seconds per sentence least."]
    if r.get("note"):
        parts += ["", f"Note: {r['note']}"]
    failed = [k for k, v in runs.items() if v.get("exit")]
    if failed:
        parts += ["", "Scripts that failed (their figures are missing): " + ", ".join(failed) + "."]
    return parts


def summary(r: dict[str, Any]) -> list[str]:
    """The README's table."""
    rows = ["| figure | measured | target | met |", "| --- | --- | --- | --- |"]
    g, t, st, b, d = (r.get(k) for k in ("grid", "translate", "startup", "books", "docx"))
    if g:
        o, ch = g["ours"], g["chosen"]
        gap = o["cpu_per_sentence"]["median"] / ch["best_cpu_per_sentence"] - 1
        rows.append(f"| our engine at its defaults (token batches of {o['options']['batch_tokens']}, "
                    f"{o['options']['threads']} threads, beam {o['options']['beam']}) | {o['rate']:.1f} sentences/s, "
                    f"{_med(o['cpu_per_sentence'], 1000)} CPU-ms/sentence | | |")
        pair = g.get("paired")
        if pair:
            q, cell = pair["ratio"], pair["cell"]
            rows.append(f"| best bare `translate_batch` cell of the grid (beam 4: {ch['threads']} threads, {ch['budget']} tokens) | "
                        f"{ch['rate']:.1f} sentences/s, {ch['best_cpu_per_sentence'] * 1000:.1f} CPU-ms/sentence; "
                        f"ours {gap * 100:+.1f} % CPU (unpaired: one median against the lowest of ten) | | |")
            rows.append(f"| ours vs the lowest-CPU cell ({cell['threads']}, {cell['budget']} tokens), {pair['pairs']} "
                        f"back-to-back pairs | {_med(pair['ours'], 1000)} vs {_med(pair['bare'], 1000)} CPU-ms/sentence; "
                        f"ours ÷ bare {q['median']:.3f} ({q['min']:.3f}–{q['max']:.3f}), {(q['median'] - 1) * 100:+.1f} % | "
                        f"within 5 % | {_ok(q['median'] - 1 <= GRID_TARGET)} |")
        else:
            rows.append(f"| best bare `translate_batch` cell of the grid (beam 4: {ch['threads']} threads, {ch['budget']} tokens) | "
                        f"{ch['rate']:.1f} sentences/s, {ch['best_cpu_per_sentence'] * 1000:.1f} CPU-ms/sentence; "
                        f"ours {gap * 100:+.1f} % CPU | within 5 % | {_ok(gap <= GRID_TARGET)} |")
    if t and t.get("compare"):
        c = t["compare"]
        p, e, bare = c["pipeline"], c["engine"], c["bare"]
        rows.append(f"| our pipeline (read + segment + engine, cache off) | {_med(p['rate'])} sentences/s, "
                    f"{_med(p['cpu_per_sentence'], 1000)} CPU-ms/sentence | | |")
        ratio = e["rate"]["median"] / bare["rate"]["median"]
        rows.append(f"| our engine vs bare `translate_batch`, same tokens and options | {_med(e['rate'])} vs "
                    f"{_med(bare['rate'])} sentences/s ({ratio:.2f}×) | | |")
    if t and t.get("stock"):
        s = t["stock"]
        ours = t.get("compare", {}).get("pipeline")
        for name in ("defaults", s.get("best_tuned")):
            if not name or name not in s["runs"]:
                continue
            run = s["runs"][name]
            label = "at its defaults" if name == "defaults" else f"tuned ({name.removeprefix('tuned ')})"
            ratio = ""
            if ours:
                ratio = (f"; ours {ours['rate']['median'] / run['rate']['median']:.1f}× by wall, "
                         f"{run['cpu_per_sentence']['median'] / ours['cpu_per_sentence']['median']:.1f}× by CPU")
            rows.append(f"| stock `argostranslate.translate` {label} | {_med(run['rate'], fmt='{:.2f}')} sentences/s, "
                        f"{_med(run['cpu_per_sentence'], 1000)} CPU-ms/sentence{ratio} | | |")
    if t and t.get("rss"):
        x = t["rss"]
        rows.append(f"| peak RSS, `translate_file` on {x['sentences']:,} sentences (DOCX + EPUB + JSON) | "
                    f"{x['peak_mb']:.0f} MB ({x['rate']:.1f} sentences/s end to end) | < 500 MB | {_ok(x['peak_mb'] < 500)} |")
    if b and b.get("coldwarm"):
        cw = b["coldwarm"]
        cold, warm, stamped = cw["cold"], cw["warm"], cw["stamped"]
        ratio = cold["seconds"] / stamped["seconds"]
        rows.append(f"| {cold['sentences']:,}-sentence book: cold run / warm rerun (renders everything) / warm rerun with "
                    f"edition stamps | {cold['seconds']:.1f} s / {warm['seconds']:.2f} s / {stamped['seconds']:.2f} s "
                    f"(reading alone {stamped['read_s']:.2f} s) | | |")
        rows.append(f"| cold ÷ warm rerun | {ratio:.0f}× (without stamps {cold['seconds'] / warm['seconds']:.0f}×) | "
                    f"≥ {WARM_TARGET}× | {_ok(ratio >= WARM_TARGET)} |")
    if d:
        worst = max(x["new_ms"] for x in d)
        cells = ", ".join(f"{x['sentences']:,}: {x['new_ms']:.3f}" for x in d)
        rows.append(f"| DOCX rendering, ms per sentence by book size | {cells} | < {DOCX_TARGET_MS} ms, linear | "
                    f"{_ok(worst < DOCX_TARGET_MS)} |")
    rm = r.get("rendermem")
    if rm:
        big = max(rm, key=lambda x: x["json_mb"])
        parts, worst = [], 0.0
        for fmt in ("docx", "epub"):
            m = big.get(fmt)
            if m:
                whole = (max(m["loaded"], m["peak"]) - m.get("start", 0.0)) / big["json_mb"]
                worst = max(worst, whole)
                parts.append(f"{fmt} {m['peak']:.0f} MB peak, {whole:.2f}× (render alone {(m['peak'] - m['base']) / big['json_mb']:.2f}×)")
        rows.append(f"| rendering a {big['json_mb']:.0f} MB JSON document (load + render, above the interpreter) | "
                    f"{'; '.join(parts)} | ≤ {RENDER_TARGET:.0f}× the JSON | {_ok(worst <= RENDER_TARGET)} |")
    if st:
        rows.append(f"| `bilingual --help` | {st['help_s'] * 1000:.0f} ms (best of N; `python -c pass` "
                    f"{st.get('python_s', 0) * 1000:.0f} ms) | < {HELP_TARGET_S * 1000:.0f} ms | {_ok(st['help_s'] < HELP_TARGET_S)} |")
        heavy = sorted(set(st.get("heavy_import", [])) | set(st.get("heavy_help", [])))
        rows.append(f"| heavy libraries loaded by importing the CLI or `--help` | {', '.join(heavy) or 'none'} | none | {_ok(not heavy)} |")
        if "first" in st:
            f = st["first"]
            rows.append(f"| first translated sentence, fresh process | {f['wall_s']:.2f} s (imports {f['import_s']:.2f} s, "
                        f"open engine {f['open_s']:.2f} s, translate {f['translate_s']:.2f} s) | < {FIRST_TARGET_S} s | "
                        f"{_ok(f['wall_s'] < FIRST_TARGET_S)} |")
    gl = r.get("glossary")
    if gl and "slowest_scan" in gl:
        ratio = gl.get("scan", {}).get("random", gl.get("scan", {}).get(next(iter(gl.get("scan", {})), ""), {})).get("ratio")
        rows.append(f"| glossary scan, slowest (largest glossary) | {gl['slowest_scan']:.2f} s"
                    + (f", ratio large/small {ratio:.2f}" if ratio else "") + " | < 5 s | " + _ok(gl["slowest_scan"] < 5) + " |")
    return rows


def grid(r: dict[str, Any]) -> list[str]:
    g = r.get("grid")
    if not g:
        return []
    budgets = sorted({row["budget"] for row in g["rows"]})
    out = [f"Batching grid (`bench/bench_grid.py`): bare `translate_batch`, one call over {g['sentences']} sentences "
           f"({g['src_pieces']:.1f} source pieces each), `batch_type=\"tokens\"`, {g['reps']} interleaved repetitions; "
           "CPU-ms per sentence, median (min–max), and sentences/s (median):", "",
           "| beam | inter×intra | " + " | ".join(f"{b} tokens" for b in budgets) + " |",
           "| --- | --- |" + " ---: |" * len(budgets)]
    keys = list(dict.fromkeys((row["beam"], row["threads"]) for row in g["rows"]))
    for beam, threads in keys:
        cells = {row["budget"]: row for row in g["rows"] if row["beam"] == beam and row["threads"] == threads}
        out.append(f"| {beam} | {threads} | " + " | ".join(
            f"{_med(cells[b]['cpu_per_sentence'], 1000)}, {cells[b]['rate']:.1f}/s" for b in budgets) + " |")
    ch, o, dft = g["chosen"], g["ours"], g["defaults"]
    same = g.get("same_as_unbatched", {})
    out += ["", f"The grid's pick at beam 4 (lowest median CPU-s/sentence; among cells within 2 % of it, the fastest): "
            f"{ch['threads']} threads, {ch['budget']} tokens. Engine defaults in this run: {dft['threads']} threads, "
            f"{dft['batch_tokens']} tokens" + ("." if (dft["threads"], dft["batch_tokens"]) == (ch["threads"], ch["budget"])
                                                else " (differ from this run's pick; see the spread).")
            + f" Our engine at its defaults, in the same loop: {_med(o['cpu_per_sentence'], 1000)} CPU-ms/sentence, "
            f"{o['rate']:.1f} sentences/s."]
    if same:
        n = g.get("same_n", 0)
        out.append(f"Outputs identical to one sentence per batch (beam 4, first {n} sentences): "
                   + ", ".join(f"{k} tokens {v}/{n}" for k, v in same.items())
                   + ". Batching is not in the cache key; on this random-weight model near-ties can flip with "
                   "batch composition (padding changes the floating-point sums).")
    return out


def includes(r: dict[str, Any]) -> list[str]:
    t = r.get("translate") or {}
    lines = ["What each side includes:", "",
             "- *our pipeline*: reading the text, block detection and razdel segmentation, SentencePiece encoding, "
             "translation, decoding (cache off);",
             "- *our engine*: `translate_texts` on the sentences: encoding, translation, decoding;",
             "- *bare `translate_batch`*: translation only, over pre-tokenised sentences, one call;",
             "- *stock Argos*: `argostranslate.translate` on the same package, in a fresh process, model load timed "
             "apart: paragraph splitting, MiniSBD sentence detection, encoding, one `translate_batch` per paragraph, "
             "decoding. Its settings: `ARGOS_INTER_THREADS`, `ARGOS_INTRA_THREADS`, `ARGOS_BATCH_SIZE` (tokens), "
             "`ARGOS_BEAM_SIZE` 4 (argostranslate/settings.py)."]
    s = t.get("stock")
    if s:
        lines += ["", f"Stock Argos, {s['sentences']} sentences, {s['reps']} interleaved repetitions:", "",
                  "| configuration | settings | sentences/s | CPU-ms/sentence |", "| --- | --- | ---: | ---: |"]
        for name, run in s["runs"].items():
            st = run["settings"]
            lines.append(f"| {name} | inter {st['inter_threads']}, intra {st['intra_threads']}, batch {st['batch_size']} tokens | "
                         f"{_med(run['rate'], fmt='{:.2f}')} | {_med(run['cpu_per_sentence'], 1000)} |")
    return lines


def books(r: dict[str, Any]) -> list[str]:
    b = r.get("books") or {}
    rows = b.get("sizes") or []
    if not rows:
        return []
    out = ["Warm reruns by book size (tiny test-double model; read, every sentence from the cache, DOCX + EPUB "
           "rendered, JSON written, the pipeline as it is; a fresh process each):", "",
           "| book | sentences | warm rerun | per 1,000 sentences | of which reading | peak RSS |",
           "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for x in rows:
        k = x["sentences"] / 1000
        out.append(f"| {x['format'].upper()} | {x['sentences']:,} | {x['seconds']:.2f} s | {x['seconds'] / k:.2f} s | "
                   f"{x['read_s'] / k:.2f} s | {x['peak_rss_mb']:.0f} MB |")
    return out


def render(results: dict[str, Any]) -> str:
    """Every table, as Markdown."""
    parts = [header(results), summary(results), grid(results), includes(results), books(results)]
    return "\n\n".join("\n".join(p) for p in parts if p) + "\n"


def main(argv: list[str] | None = None) -> int:
    import json

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", nargs="?", type=Path, default=ROOT / "bench" / "results.json")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--stdout", action="store_true", help="print instead of writing the file")
    args = ap.parse_args(argv)
    try:
        results = json.loads(args.results.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        print(f"error: cannot read {args.results} ({err}); run `python bench/run_all.py` first", file=sys.stderr)
        return 2
    text = "# Benchmark results\n\nGenerated by `python tools/bench_table.py` from `bench/run_all.py`'s output.\n\n" + render(results)
    if args.stdout:
        print(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
