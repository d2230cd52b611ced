#!/usr/bin/env python3
"""Benchmark: ``align`` time and peak memory as the text doubles, the aligner of ``HEAD`` (or
any git revision) against the working tree's.

Four shapes, each at 1,000 / 2,000 / 4,000 / 8,000 Russian sentences, built by
``tests/test_align_bounds.synthetic_pair`` (random sentences over a small vocabulary, an English
"translation" word for word, a number in a quarter of them, a known alignment):

* ``one paragraph, equal``    — n against about n sentences, one paragraph each side;
* ``one paragraph, unequal``  — n against about n/2 (the translator merged pairs);
* ``paragraphs, equal``       — every sentence its own paragraph, about n against n;
* ``paragraphs, unequal``     — n one-sentence Russian paragraphs against about n/2 English
  ones of two sentences (the translator joined pairs of paragraphs).

Each run is a child process (``VmHWM``, via ``bench.common.peak_rss_mb``, is the whole
interpreter's peak, imports included); the time is ``align_documents`` alone (reading excluded). The old aligner is the
``bilingual/align`` of the revision, written by ``git show`` into a temporary folder and
imported as ``bilingual.align_head`` (nothing in the work tree or in git changes); it runs
under an address-space limit and a timeout, and once it fails at a size the larger sizes of
that shape are skipped. Printed: seconds, MB, the ratio to the previous size (2 = linear,
4 = quadratic), and precision / recall of the sentence links against the known alignment.

Usage: python bench/bench_align_scale.py [--sizes 1000,2000,4000,8000] [--quick]
[--rev HEAD] [--old-timeout 300] [--old-mb 4000] [--json FILE]
(``--quick``: 250 and 500 sentences; ``--packages-dir`` is accepted for ``run_all.py``'s sake.)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHAPES = {  # shape: (translator's edits, one sentence per Russian paragraph, English sentences per paragraph)
    "one paragraph, equal": ("equal", False, 1),
    "one paragraph, unequal": ("half", False, 1),
    "paragraphs, equal": ("equal", True, 1),
    "paragraphs, unequal": ("equal", True, 2),
}

_CHILD = """
import importlib.util, json, resource, sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})
limit = {limit_mb}
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit << 20, limit << 20))
from test_align_bounds import synthetic_pair, link_scores
from bench.common import peak_rss_mb
if {old!r}:
    spec = importlib.util.spec_from_file_location("bilingual.align_head", {old!r} + "/__init__.py", submodule_search_locations=[{old!r}])
    align = importlib.util.module_from_spec(spec); sys.modules[spec.name] = align; spec.loader.exec_module(align)
else:
    import bilingual.align as align
from bilingual.read import Decoded, parse_document
ru, en, truth = synthetic_pair({n}, mode={mode!r}, paragraphs={paragraphs!r}, en_per_paragraph={per!r})
ru_doc = parse_document(Decoded(text=ru, encoding="utf-8"), source_file="bench.ru.txt")
en_doc = align.parse_translation(en)
start = time.perf_counter()
result = align.align_documents(ru_doc, en_doc)
seconds = time.perf_counter() - start
p, r = link_scores(result, truth)
print(json.dumps({{"seconds": seconds, "mb": peak_rss_mb() * 1e6 / 2**20,
                  "en": len(result.en_sentences), "en_paragraphs": len(result.en_paragraphs), "precision": p, "recall": r}}))
"""


def old_copy(rev: str, into: Path) -> Path:
    """``bilingual/align`` of ``rev`` written into ``into`` (``git show``; git state unchanged)."""
    names = subprocess.run(
        ["git", "-C", str(ROOT), "ls-tree", "--name-only", f"{rev}:bilingual/align"], capture_output=True, text=True, check=True
    ).stdout.split()
    folder = into / "align_head"
    folder.mkdir()
    for name in names:
        if name.endswith(".py"):
            text = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:bilingual/align/{name}"], capture_output=True, text=True, check=True).stdout
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(n: int, shape: tuple[str, bool, int], old: Path | None, timeout: float, limit_mb: int) -> dict[str, float | str]:
    """One alignment in a child process: its figures, or why it did not finish."""
    mode, paragraphs, per = shape
    code = _CHILD.format(
        root=str(ROOT), tests=str(ROOT / "tests"), old=str(old) if old else "", n=n, mode=mode, paragraphs=paragraphs, per=per, limit_mb=limit_mb
    )
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"failed": f"> {timeout:.0f} s"}
    if done.returncode != 0:
        memory = "MemoryError" in done.stderr or "Cannot allocate" in done.stderr or done.returncode < 0
        return {"failed": f"> {limit_mb} MB" if memory and limit_mb else done.stderr.strip().splitlines()[-1][:60]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cell(fig: dict[str, float | str] | None, prev: dict[str, float | str] | None) -> tuple[str, str]:
    if fig is None:
        return "skipped", ""
    if "failed" in fig:
        return str(fig["failed"]), ""
    text = f"{fig['seconds']:7.2f} s {fig['mb']:6.0f} MB"
    if prev and "failed" not in prev:
        text += f"  ×{fig['seconds'] / max(prev['seconds'], 1e-9):.1f} t ×{fig['mb'] / prev['mb']:.1f} m"  # type: ignore[operator]
    return text, f"P {fig['precision']:.3f} R {fig['recall']:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,2000,4000,8000")
    ap.add_argument("--quick", action="store_true", help="250 and 500 sentences")
    ap.add_argument("--rev", default="HEAD", help="git revision of the old aligner")
    ap.add_argument("--old-timeout", type=float, default=300.0, help="seconds before an old run is given up")
    ap.add_argument("--old-mb", type=int, default=4000, help="address-space limit of an old run, MB")
    ap.add_argument("--no-old", action="store_true", help="the working tree's aligner only")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--packages-dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sizes = [250, 500] if args.quick else [int(x) for x in args.sizes.split(",")]
    figures: dict[str, dict[str, list]] = {}  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as tmp:
        old = None if args.no_old else old_copy(args.rev, Path(tmp))
        for shape, spec in SHAPES.items():
            figures[shape] = {"new": [], "old": []}
            print(f"\n{shape}")
            print(f"  {'ru':>6}  {'en (paras)':>12}  {'new (this tree)':<40} {'':<17}  {'old (' + args.rev + ')':<40}")
            old_failed = False
            for n in sizes:
                new = run(n, spec, None, 3600, 0)
                prior = None if args.no_old or old_failed else run(n, spec, old, args.old_timeout, args.old_mb)
                old_failed = old_failed or prior is None or "failed" in prior
                figures[shape]["new"].append(new)
                figures[shape]["old"].append(prior)
                prev_new = figures[shape]["new"][-2] if len(figures[shape]["new"]) > 1 else None
                prev_old = figures[shape]["old"][-2] if len(figures[shape]["old"]) > 1 else None
                (a, qa), (b, qb) = _cell(new, prev_new), _cell(prior, prev_old)
                en = f"{new.get('en', '?')} ({new.get('en_paragraphs', '?')})"
                print(f"  {n:>6}  {en:>12}  {a:<40} {qa:<17}  {b:<40} {qb}", flush=True)
    print(f"\nmachine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, python {platform.python_version()}; "
          "×t / ×m: time / memory ratio to the previous size (2 = linear)")
    if args.json:
        args.json.write_text(json.dumps({"sizes": sizes, "figures": figures}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
