#!/usr/bin/env python3
"""Benchmark: aligning a book with its translation stays linear (issue 12).

A Russian "book" is generated (chapters of paragraphs of 1–4 sentences over the words of the
tests' tiny dictionary, a number in some sentences, a chapter heading every 40 paragraphs) and
translated sentence by sentence with the tiny test-double Argos model (``tests/tiny_argos.py``:
word for word, NOT a translation). The "translator" then edits it the way the issue's
features need: every 37th paragraph dropped, every 23rd merged with the next, and a bracketed
translator's note after every 150th. The first 500 / 1,000 / 2,000 / 4,000 paragraphs of both
sides are aligned (``align_documents``, reading excluded), each size in the same process,
and the time per 1,000 Russian paragraphs is printed with the DP cells (a count that does not
depend on the machine's load) and the paragraph-link precision against the known edits.

Usage: python bench/bench_align_book.py [--sizes 500,1000,2000,4000] [--packages-dir DIR] [--json FILE]
(the tiny model is built in a temporary folder unless ``--packages-dir`` holds one.)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _russian_book(n: int, seed: int = 7) -> list[list[str]]:
    """``n`` paragraphs (lists of sentences); a heading paragraph every 40."""
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_argos import DICT

    words = sorted(w for w in DICT if len(w) >= 3)
    rng = random.Random(seed)
    out: list[list[str]] = []
    for k in range(n):
        if k % 40 == 0:
            out.append([f"Глава {k // 40 + 1}"])
            continue
        sentences = []
        for _ in range(rng.randint(1, 4)):
            chosen = [rng.choice(words) for _ in range(rng.randint(5, 14))]
            if rng.random() < 0.2:
                chosen.insert(2, str(rng.randint(10, 9999)))
            sentences.append(" ".join(chosen).capitalize() + ".")
        out.append(sentences)
    return out


def _translate(book: list[list[str]], packages_dir: Path) -> list[list[str]]:
    from bilingual.translate import open_engine

    engine = open_engine("ru", "en", packages_dir=packages_dir, auto_install=False)
    flat = [s for p in book for s in p]
    done = engine.translate(flat)
    out, k = [], 0
    for p in book:
        out.append(done[k : k + len(p)])
        k += len(p)
    return out


def _edit(ru: list[list[str]], en: list[list[str]]) -> tuple[list[str], set[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """The translator's edits: English paragraphs, and the true paragraph links."""
    paras: list[str] = []
    truth: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
    k = 0
    while k < len(ru):
        if k % 37 == 36:
            truth.add(((k,), ()))
            k += 1
            continue
        if k % 23 == 22 and k + 1 < len(ru) and (k + 1) % 37 != 36 and (k + 1) % 40 and k % 40:
            paras.append(" ".join(en[k] + en[k + 1]))
            truth.add(((k, k + 1), (len(paras) - 1,)))
            k += 2
        else:
            paras.append(" ".join(en[k]))
            truth.add(((k,), (len(paras) - 1,)))
            k += 1
        if k % 150 == 0 and k:
            paras.append("[Translator's note: the word for this custom has no English equivalent.]")
            truth.add(((), (len(paras) - 1,)))
    return paras, truth


def _tiny_packages(tmp: Path) -> Path:
    """A packages folder holding the tiny test-double package, built offline."""
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_argos import build_tiny_package_dir

    build_tiny_package_dir(tmp / "packages" / "translate-ru_en-tiny")
    return tmp / "packages"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,2000,4000")
    parser.add_argument("--packages-dir", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bilingual.align import align_documents, parse_translation
    from bilingual.read import Decoded, parse_document

    sizes = [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        packages = args.packages_dir or _tiny_packages(Path(tmp))
        book = _russian_book(max(sizes))
        english = _translate(book, packages)
    rows = []
    print(f"{'paragraphs':>10} {'sentences':>9} {'seconds':>8} {'s / 1,000 par.':>14} {'ratio':>6} {'DP cells':>10} {'P (par.)':>8}")
    prev = None
    for n in sizes:
        ru_text = "\n\n".join(" ".join(p) for p in book[:n])
        paras, truth = _edit(book[:n], english[:n])
        ru = parse_document(Decoded(text=ru_text, encoding="utf-8"), source_file="book.ru.txt")
        en = parse_translation("\n\n".join(paras))
        start = time.perf_counter()
        result = align_documents(ru, en)
        seconds = time.perf_counter() - start
        cells = sum(w.cells for w in result.work.values())
        found = {(k.ru, k.en) for k in result.paragraphs}
        precision = len(found & truth) / len(found)
        per = seconds / n * 1000
        ratio = f"{seconds / prev:.2f}" if prev else "-"
        prev = seconds
        print(f"{n:>10,} {len(result.ru_sentences):>9,} {seconds:>8.1f} {per:>14.2f} {ratio:>6} {cells:>10,} {precision:>8.3f}", flush=True)
        rows.append({"paragraphs": n, "seconds": seconds, "per_1000": per, "cells": cells, "precision": precision})
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
