"""How the plain-text reader's time grows on inputs built to make regular expressions backtrack
(prints, asserts nothing; ``tests/test_read_linear.py`` holds the assertion and the families).

For each family the reader (``decode`` + ``parse_document``: blocks, classification, Markdown
inline markup, razdel's sentences) runs at n = 1,000, 2,000, 4,000, … characters, best of 3 by
``time.process_time``; the table gives the time at each n and the size-doubling ratio
t(2n)/t(n): about 2 is linear, 4 quadratic, 8 cubic. A family stops doubling once a run passes
``--budget`` seconds (the old heading pattern needs minutes at 16,000 characters).

``--old REV`` measures an older reader too, in a second table: its ``bilingual/read/text.py`` and
``bilingual/segment.py``, read with ``git show REV:path`` (nothing is checked out), are loaded
under other module names next to the current package. ``--old-file PATH`` loads a saved copy of
``text.py`` instead (with the current ``segment.py``).

``--segment`` measures the sentence segmenter instead, on one huge paragraph per family at
n = 16,000 … 256,000 characters: ``bilingual.segment.split_sentences`` (razdel fed in pieces)
next to razdel on the whole text, with their doubling ratios.

Usage: ``python bench/bench_reader_linear.py [--old HEAD] [--max 16000] [--budget 2] [--quick]``,
``python bench/bench_reader_linear.py --segment [--max 256000]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_read_linear import FAMILIES, TAIL

Reader = Callable[[str, str], object]


def _load(path: Path, name: str) -> ModuleType:
    """Import the file at ``path`` as module ``name`` (inside the ``bilingual`` package, so its
    relative imports resolve against the current tree)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def old_reader(rev: str | None, text_file: Path | None) -> Reader:
    """The reader of git revision ``rev`` (its text.py and segment.py), or of a text.py copy."""
    import bilingual.read  # noqa: F401  (the package the copies load into)

    tmp = Path(tempfile.mkdtemp(prefix="old-reader-"))
    if rev is not None:
        for src, dst in (("bilingual/read/text.py", "text.py"), ("bilingual/segment.py", "segment.py")):
            shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{src}"], capture_output=True, check=True)
            (tmp / dst).write_bytes(shown.stdout)
        text_file = tmp / "text.py"
    assert text_file is not None
    text = _load(text_file, "bilingual.read._old_text")
    if rev is not None:  # the old text.py imported today's segmenter; give it its own
        segment = _load(tmp / "segment.py", "bilingual._old_segment")
        text.CREDIT_RE, text.segment_block = segment.CREDIT_RE, segment.segment_block
    return lambda t, suffix: text.parse_document(text.decode(t.encode("utf-8")), source_file="linear" + suffix)


def current_reader() -> Reader:
    """Today's reader."""
    from bilingual.read import decode, parse_document

    return lambda t, suffix: parse_document(decode(t.encode("utf-8")), source_file="linear" + suffix)


def seconds(read: Reader, text: str, suffix: str, repeats: int, budget: float) -> float:
    """Best-of-``repeats`` CPU seconds (a single run once it passes the budget)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        read(text, suffix)
        best = min(best, time.process_time() - start)
        if best > budget:
            break
    return best


def table(read: Reader, sizes: list[int], budget: float, repeats: int) -> list[str]:
    """Markdown rows: family, time at each size, doubling ratios, the last ratio."""
    head = "| family | " + " | ".join(f"{n:,}" for n in sizes) + " | t(2n)/t(n) | last |"
    rows = [head, "|" + " --- |" * (len(sizes) + 3)]
    print("\n".join(rows), flush=True)
    for name, (suffix, build) in FAMILIES.items():
        times: list[float] = []
        for n in sizes:
            t = seconds(read, build(n) + TAIL, suffix, repeats, budget)
            times.append(t)
            if t > budget:
                break
        cells = [f"{t * 1e3:.1f} ms" if t < 10 else f"{t:.0f} s" for t in times]
        cells += ["—"] * (len(sizes) - len(times))
        ratios = [b / max(a, 1e-6) for a, b in itertools.pairwise(times)]
        shown = " ".join(f"{r:.1f}" for r in ratios) or "—"
        last = f"{ratios[-1]:.1f}" if ratios else "—"
        rows.append(f"| {name} | " + " | ".join(cells) + f" | {shown} | {last} |")
        print(rows[-1], flush=True)
    return rows


#: One huge paragraph per family (the unit repeated to n characters).
SEGMENT_FAMILIES = {
    "article sentences": "Он сказал, что придёт завтра утром. Мы ждали его до вечера! Почему он не пришёл? "
                         "Т. е. он забыл, г. Москва. А. С. Пушкин писал: «Мороз и солнце». 1. Пункт. ",
    "abbreviations (т. е.)": "т. е. ",
    "bare full stops": ". ",
    "initials": "А. ",
    "no sentence end": "слово, ",
}


def segment_table(sizes: list[int], repeats: int) -> list[str]:
    """Markdown rows: per family, split_sentences and razdel times at each n, and the ratios."""
    from razdel import sentenize

    from bilingual.segment import split_sentences

    runs = {"pieces": split_sentences, "razdel": lambda t: list(sentenize(t))}
    head = "| family | segmenter | " + " | ".join(f"{n:,}" for n in sizes) + " | t(2n)/t(n) |"
    rows = [head, "|" + " --- |" * (len(sizes) + 3)]
    print("\n".join(rows), flush=True)
    for name, unit in SEGMENT_FAMILIES.items():
        for label, run in runs.items():
            times = []
            for n in sizes:
                text = (unit * (n // len(unit) + 1))[:n]
                best = float("inf")
                for _ in range(repeats):
                    start = time.process_time()
                    run(text)
                    best = min(best, time.process_time() - start)
                times.append(best)
            ratios = " ".join(f"{b / max(a, 1e-6):.1f}" for a, b in itertools.pairwise(times))
            cells = " | ".join(f"{t * 1e3:.0f} ms" for t in times)
            rows.append(f"| {name} | {label} | {cells} | {ratios} |")
            print(rows[-1], flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    """Print the table for today's reader, and for an older one if asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", metavar="REV", help="also measure the reader of this git revision")
    parser.add_argument("--old-file", type=Path, metavar="PATH", help="also measure this copy of text.py")
    parser.add_argument("--max", type=int, default=16_000, help="largest n (default 16000)")
    parser.add_argument("--budget", type=float, default=2.0, help="stop doubling a family past this many seconds")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="n up to 4,000")
    parser.add_argument("--segment", action="store_true", help="measure the sentence segmenter (n from 16,000)")
    args = parser.parse_args(argv)
    if args.segment:
        top = max(args.max, 32_000) if args.max != 16_000 else 256_000
        sizes = [16_000]
        while sizes[-1] * 2 <= top:
            sizes.append(sizes[-1] * 2)
        print(f"\n## Sentence segmenter — CPU time, best of {args.repeats}\n", flush=True)
        segment_table(sizes, args.repeats)
        return
    top = 4_000 if args.quick else args.max
    sizes = [1_000]
    while sizes[-1] * 2 <= top:
        sizes.append(sizes[-1] * 2)
    readers = [("current", current_reader())]
    if args.old or args.old_file:
        readers.append((f"old ({args.old or args.old_file})", old_reader(args.old, args.old_file)))
    for label, read in readers:
        print(f"\n## Reader: {label} — CPU time, best of {args.repeats}\n", flush=True)
        table(read, sizes, args.budget, args.repeats)


if __name__ == "__main__":
    main()
