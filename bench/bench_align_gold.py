#!/usr/bin/env python3
"""Alignment quality on the hand-made gold texts (tests/data/align): precision / recall of
paragraph and sentence links per text, dev and held-out apart, and the calibration table
(confidence bucket → share of links in it that are right).

Dev texts (used to tune the costs and to fit the calibration): dushanbe, kazan, pskov.
Held out (never tuned on): baikal, tver.

``--fit`` also refits :data:`bilingual.align.confidence.CALIBRATION` on the dev texts and
prints the table to paste there.

Usage: python bench/bench_align_gold.py [--fit] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "align"
DEV = ("dushanbe", "kazan", "pskov")
HELD_OUT = ("baikal", "tver")
BUCKETS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.8, 0.9, 1.0001)


def _run(name: str):  # type: ignore[no-untyped-def]
    from bilingual.align import align_files
    from bilingual.align.evaluate import load_gold

    alignment = align_files(DATA / f"{name}.ru.txt", DATA / f"{name}.en.txt")
    return alignment, load_gold(DATA / f"{name}.gold.tsv")


def _calibration(rows: list[tuple[float, bool]]) -> list[tuple[str, int, float]]:
    out = []
    for a, b in zip(BUCKETS, BUCKETS[1:]):
        inside = [ok for c, ok in rows if a <= c < b]
        if inside:
            out.append((f"[{a:.1f}, {min(b, 1.0):.1f}{']' if b > 1 else ')'}", len(inside), sum(inside) / len(inside)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--fit", action="store_true", help="refit the calibration table on the dev texts")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bilingual.align.evaluate import evaluate, predicted_links

    report: dict = {"texts": {}, "calibration": {}}
    for group, names in (("dev", DEV), ("held-out", HELD_OUT)):
        rows: list[tuple[float, bool]] = []
        print(f"== {group}")
        raws: list[tuple[float, bool]] = []
        print(f"{'text':<9} {'level':<9} {'measure':<5} {'P':>6} {'R':>6}  flagged: wrong links / right non-gap links")
        for name in names:
            alignment, gold = _run(name)
            scores = evaluate(alignment, gold)
            good = set(gold["sentence"])
            links = list(zip(alignment.sentences, predicted_links(alignment)["sentence"]))
            rows += [(k.confidence, ids in good) for k, ids in links]
            raws += [(k.raw if k.raw is not None else k.confidence, ids in good) for k, ids in links]
            wrong = [k for k, ids in links if ids not in good]
            right = [k for k, ids in links if ids in good and not k.gap]
            flags = f"{sum(k.flagged for k in wrong)}/{len(wrong)} / {sum(k.flagged for k in right)}/{len(right)}"
            for s in scores:
                print(f"{name:<9} {s.level:<9} {s.measure:<5} {s.precision:6.3f} {s.recall:6.3f}  {flags if s.measure == 'links' and s.level == 'sentence' else ''}")
                report["texts"].setdefault(name, []).append(
                    {"level": s.level, "measure": s.measure, "precision": s.precision, "recall": s.recall}
                )
        if args.fit and group == "dev":
            from bilingual.align.confidence import fit_isotonic

            print("CALIBRATION =", tuple(fit_isotonic(raws)))
        table = _calibration(rows)
        report["calibration"][group] = table
        print(f"calibration ({group}, sentence links): bucket, links, share correct")
        for bucket, n, share in table:
            print(f"  {bucket:<11} {n:>4}  {share:.2f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
