"""A link's confidence: the DP's evidence for it, calibrated on the gold texts.

The **raw score** of a sentence link is its posterior probability over all alignments (the
forward–backward sums of :mod:`.lattice`, temperature ``AlignParams.temperature``) times the
square root of the posterior of the paragraph link around it. It is local — the posterior of
one bead given the whole document, not a running total — so it does not drift from the start
of a document to its end.

The **confidence** is the raw score mapped through :data:`CALIBRATION`, times
:func:`~.score.plausibility` (1 unless the link's lengths are far off or its numbers disagree;
too rare on the gold texts to fit, so applied as it is). :data:`CALIBRATION` is an isotonic
(pool-adjacent-violators) fit of "is the link right" against the raw score over the sentence
links of the dev gold texts (``tests/data/align``: dushanbe, kazan, pskov; refit and print with
``python bench/bench_align_gold.py --fit``), linear between the knots. So a confidence of 0.8
means about four links in five with that confidence were right on those texts; the held-out
texts (baikal, tver) check it. Each pooled block is shrunk toward 1/2 by one right and one
wrong pseudo-link (Laplace), so a handful of links never yields a certainty of 1.

A link whose confidence is below :data:`REVIEW_BELOW` is **to review**: flagged in the JSON
(:func:`~.links.needs_review`), listed by ``bilingual align``, marked in the editions and
``needs-review-translation`` in XLIFF. Every reader takes the threshold from here.

A link with nothing on one side (1:0, 0:1) is **always flagged**, whatever its confidence: it
is where text was dropped, added or misplaced. The document stores it with a confidence of at
most :data:`GAP_STORED` (below :data:`REVIEW_BELOW`), so every reader of the JSON flags it too.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

__all__ = ["CALIBRATION", "GAP_STORED", "REVIEW_BELOW", "calibrate", "fit_isotonic"]

#: (raw score, share of links right) knots, fitted by :func:`fit_isotonic` on the dev gold texts.
#: Fitted on the 86 sentence links of dushanbe, kazan and pskov (10 wrong, all with raw scores
#: between 0.22 and 0.65): the lower half of the links is right about seven times in ten, the
#: upper half (raw score 0.65 and more) all but always.
CALIBRATION: tuple[tuple[float, float], ...] = ((0.0, 0.5), (0.451, 0.694), (0.828, 0.981), (1.0, 0.981))
#: The review threshold: a link (and its sentences) with a confidence below this is to be
#: checked by an editor first. The calibration's floor is 0.5 (:func:`fit_isotonic`), so only
#: what lowers a link further (implausible lengths, numbers that disagree, a gap) falls under it.
REVIEW_BELOW = 0.5
#: Stored confidence (at most) of a sentence in a 1:0 / 0:1 link: under :data:`REVIEW_BELOW`.
GAP_STORED = 0.49


def calibrate(raw: float, table: Sequence[tuple[float, float]] = CALIBRATION) -> float:
    """The calibrated confidence of a raw score (piecewise linear through ``table``, clamped)."""
    xs = [x for x, _ in table]
    k = bisect_right(xs, raw)
    if k == 0:
        return table[0][1]
    if k == len(table):
        return table[-1][1]
    (x0, y0), (x1, y1) = table[k - 1], table[k]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)


def fit_isotonic(points: Iterable[tuple[float, bool]], *, min_block: int = 6) -> list[tuple[float, float]]:
    """Knots ``(mean raw score, smoothed share right)`` of the non-decreasing fit of ``points``
    (pool adjacent violators; blocks of at least ``min_block`` links, each share computed as
    ``(right + 1) / (links + 2)``), extended to (0, 0.5) — the posterior alone never calls a link
    more likely wrong than right (implausible lengths or numbers and gaps do) — and flat to 1."""
    tied: dict[float, list[float]] = {}  # equal raw scores form one block from the start
    for raw, ok in points:
        block = tied.setdefault(raw, [0.0, 0.0, 0.0])
        block[0] += raw
        block[1] += float(ok)
        block[2] += 1.0
    blocks: list[list[float]] = []  # [sum raw, right, links]
    for raw in sorted(tied):
        blocks.append(tied[raw])
        while len(blocks) > 1 and (
            _share(blocks[-2]) >= _share(blocks[-1]) or blocks[-2][2] < min_block or (len(blocks) == 2 and blocks[0][2] < min_block)
        ):
            last = blocks.pop()
            for q in range(3):
                blocks[-1][q] += last[q]
    if blocks and blocks[-1][2] < min_block and len(blocks) > 1:
        last = blocks.pop()
        for q in range(3):
            blocks[-1][q] += last[q]
    knots = [(round(s / n, 3), round((r + 1) / (n + 2), 3)) for s, r, n in blocks]
    if not knots:
        return list(CALIBRATION)
    return [(0.0, min(0.5, knots[0][1])), *knots, (1.0, knots[-1][1])]


def _share(block: list[float]) -> float:
    """The block's share right, unsmoothed (the pooling compares these; smoothing a block of
    one would make every new right link look worse than the block before it)."""
    return block[1] / block[2]
