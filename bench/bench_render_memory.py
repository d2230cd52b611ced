#!/usr/bin/env python3
"""Benchmark: peak memory of rendering a large document, DOCX and EPUB, by JSON size.

For each size a book is made with ``tests/bookdocs.long_book`` (about 1,220 extra paragraphs per
MB of JSON) and saved as JSON. Then, for each format, a fresh child process renders a small book once in that format (imports,
templates and caches are not what is measured), resets its peak (``/proc/self/clear_refs``) and
takes its resident size (*start*), loads the JSON (``Document.load``; *load peak*), resets the peak
again, takes the resident size as the render's baseline, renders the large document with
``render_document`` and reads ``VmHWM`` (:func:`common.peak_rss_mb`). Printed per size: the JSON's
MB, the load peak, and per format the peak after the render, seconds, the ratio (peak − baseline) ÷
JSON size, the marginal ratio between consecutive sizes (how much each further MB of JSON adds;
the fixed costs cancel) and *whole* = (the higher of the two peaks − start) ÷ JSON size: what
``bilingual render`` costs on top of the interpreter and its libraries. It asserts nothing.

``--rev REV`` measures the renderer of a git revision instead (``bilingual/render`` of ``REV``
written to a temporary folder and imported as ``bilingual.render_head``, as ``bench_docx.py``
does; the model stays this tree's), so ``--rev HEAD`` against no ``--rev`` compares old and new.

Usage: python bench/bench_render_memory.py [--sizes 4,16,32] [--quick] [--layout side-by-side]
[--granularity paragraph] [--formats docx,epub] [--rev REV] [--json FILE]
(``--quick``: 2 and 4 MB; ``--packages-dir`` is accepted for ``run_all.py``'s sake.)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for folder in (ROOT, BENCH, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

PARAGRAPHS_PER_MB = 1224  #: long_book(n) gives about n / 1224 MB of JSON


def _status(key: str) -> float:
    """``key`` (``VmRSS``, ``VmHWM``) of this process from /proc/self/status, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) * 1024 / 1e6
    return float("nan")


def make_json(paragraphs: int, path: Path) -> None:
    """``long_book(paragraphs)`` saved as JSON at ``path`` (run in a child: it is big)."""
    from bookdocs import long_book

    long_book(paragraphs).save(path)


def measure(path: Path, fmt: str, layout: str, granularity: str, rev: str) -> dict[str, Any]:
    """Child: load ``path``, warm up, render it in ``fmt``; the figures as a dict."""
    import gc

    from common import peak_rss_mb

    from bilingual.model import Document

    if rev:
        from bench_docx import old_renderer

        render: Any = old_renderer(rev, Path(tempfile.mkdtemp(prefix="bench-render-mem-")))
    else:
        from bilingual import render
    from bookdocs import book_document

    options = render.RenderOptions(layout=layout, granularity=granularity)
    with tempfile.TemporaryDirectory(prefix="bench-render-mem-") as tmp:
        render.render_document(book_document(), Path(tmp), "warm", [fmt], options)  # imports, templates
        gc.collect()
        Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS (Linux 4.0+)
        before_load = _status("VmRSS")  # the interpreter and every library the render uses
        doc = Document.load(path)
        gc.collect()
        loaded = peak_rss_mb()
        Path("/proc/self/clear_refs").write_text("5")
        base = _status("VmRSS")
        start = time.perf_counter()
        outputs = render.render_document(doc, Path(tmp), "big", [fmt], options)
        seconds = time.perf_counter() - start
        peak = peak_rss_mb()
        size = sum(p.stat().st_size for p in outputs.values()) / 1e6
    gc.collect()
    return {"start": before_load, "loaded": loaded, "base": base, "peak": peak, "after": _status("VmRSS"), "seconds": seconds, "out_mb": size}


def _child(args: list[str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=str(ROOT), check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    if proc.returncode != 0 or not lines:
        tail = "\n".join((proc.stderr or proc.stdout).splitlines()[-15:])
        raise RuntimeError(f"child {' '.join(args)} failed (exit {proc.returncode}):\n{tail}")
    return json.loads(lines[-1])  # type: ignore[no-any-return]


def _table(results: list[dict[str, Any]], formats: list[str]) -> None:
    head = "| JSON MB | load peak |" + "".join(f" {f} peak | {f} s | {f} ratio | {f} marginal | {f} whole |"
                                              for f in formats)
    print(head)
    print("| ---: " * (2 + 5 * len(formats)) + "|")
    prev = None
    for r in results:
        cells = [f"{r['json_mb']:.1f}", f"{r['loaded']:.0f} MB"]
        for f in formats:
            m = r[f]
            added = m["peak"] - m["base"]
            marginal = "–"
            if prev is not None:
                p = prev[f]
                marginal = f"{(added - (p['peak'] - p['base'])) / (r['json_mb'] - prev['json_mb']):.2f}"
            whole = (max(m["loaded"], m["peak"]) - m["start"]) / r["json_mb"]  # load + render, above the interpreter
            cells += [f"{m['peak']:.0f} MB", f"{m['seconds']:.1f}", f"{added / r['json_mb']:.2f}", marginal, f"{whole:.2f}"]
        print("| " + " | ".join(cells) + " |")
        prev = r


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("--make", "--child"):
        if sys.argv[1] == "--make":
            make_json(int(sys.argv[2]), Path(sys.argv[3]))
            print("{}")
        else:
            print(json.dumps(measure(Path(sys.argv[2]), *sys.argv[3:6], sys.argv[6] if len(sys.argv) > 6 else "")))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="4,16,32", help="JSON sizes in MB")
    ap.add_argument("--quick", action="store_true", help="2 and 4 MB")
    ap.add_argument("--layout", default="side-by-side")
    ap.add_argument("--granularity", default="paragraph", choices=("paragraph", "sentence"))
    ap.add_argument("--formats", default="docx,epub")
    ap.add_argument("--rev", default="", help="measure the renderer of this git revision instead")
    ap.add_argument("--json", help="write the figures to this file too")
    ap.add_argument("--packages-dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sizes = [2.0, 4.0] if args.quick else [float(s) for s in args.sizes.split(",")]
    formats = args.formats.split(",")
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-render-mem-") as tmp:
        for mb in sizes:
            path = Path(tmp) / f"book-{mb:g}.json"
            _child(["--make", str(int(mb * PARAGRAPHS_PER_MB)), str(path)])
            row: dict[str, Any] = {"json_mb": path.stat().st_size / 1e6}
            for fmt in formats:
                m = _child(["--child", str(path), fmt, args.layout, args.granularity, args.rev])
                row[fmt], row["loaded"] = m, m["loaded"]
                print(f"{mb:g} MB {fmt} done", file=sys.stderr, flush=True)
            results.append(row)
            path.unlink()
    renderer = f"renderer of {args.rev}" if args.rev else "this tree's renderer"
    print(f"Render memory ({args.layout}, {args.granularity} rows; {renderer}): peak = VmHWM of a fresh process; "
          "ratio = (peak − resident size before the render) ÷ JSON size; marginal = the same between sizes; "
          "whole = (highest peak of load and render − resident size before the load) ÷ JSON size")
    _table(results, formats)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
