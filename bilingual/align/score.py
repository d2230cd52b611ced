"""Bead costs: Gale–Church length evidence, bead-type priors and anchors, in nats.

The length model is Gale & Church (1993): the English length of a bead is about ``c`` times
its Russian length, with variance ``s2`` per character; a bead whose lengths differ by
``δ = (l_en − c·l_ru) / sqrt(s2 · mean)`` standard deviations costs ``−log 2(1 − Φ(|δ|))``.
Priors are theirs too (1:1 0.89, 2:1 and 1:2 together 0.089, 2:2 0.011, 1:0 and 0:1 together
0.0099). An omitted or added segment (1:0, 0:1) is not scored by length — a length test of
"nothing" against a paragraph says only that it is long — but costs its prior plus a small
charge per 100 characters, so long omissions are less likely than a dropped credit line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .anchors import Segment, WEIGHTS, anchor_mismatches, anchor_score, document_frequency, merged_keys, shared_score

__all__ = ["AlignParams", "length_cost", "length_delta", "bead_cost", "plausibility", "Scorer"]


@dataclass(frozen=True)
class AlignParams:
    """The aligner's tunable constants (defaults are the published or measured values)."""

    s2: float = 6.8  #: Gale–Church variance per character
    ratio: float | None = None  #: English/Russian characters; None = measure on the two texts …
    prior_ratio: float = 1.05  #: … shrunk toward this (ru→en, measured on the gold texts) …
    prior_chars: int = 2000  #: … with the weight of this many Russian characters
    p11: float = 0.89
    p21: float = 0.0445  #: each of 2:1 and 1:2
    p22: float = 0.011
    p10: float = 0.00495  #: each of 1:0 and 0:1
    indel_per_100: float = 0.5  #: extra cost of a 1:0 / 0:1 bead per 100 characters
    short_merge: float = 4.0  #: cost of merging a heading-like segment with another
    cross_group: float = 5.0  #: sentence level: a bead spanning two blocks / paragraphs
    off_link: float = 3.0  #: sentence level: a bead joining sentences of different paragraph links
    slack: int = 3  #: sentence level: how far (in sentences) a link may stray from its paragraph link
    anchors: bool = True  #: use anchor evidence (off = length-only Gale–Church)
    temperature: float = 2.0  #: posterior temperature (>1 spreads confidence; 2 flags most errors on the gold texts)
    band: int | None = 60  #: paragraph DP band half-width in paragraphs (None = full)
    low_confidence: float = 0.5  #: links below this are flagged for review


def _log_erfc(x: float) -> float:
    """``log(erfc(x))`` for x ≥ 0, accurate where erfc underflows."""
    if x < 25.0:
        return math.log(max(math.erfc(x), 1e-300))
    return -x * x - math.log(x * math.sqrt(math.pi))


def length_delta(l_ru: int, l_en: int, c: float, s2: float) -> float:
    """Gale–Church ``|δ|``: how many standard deviations the English length is off."""
    mean = (l_ru + l_en / c) / 2.0
    if mean <= 0:
        return 0.0
    return abs(c * l_ru - l_en) / math.sqrt(s2 * mean)


def length_cost(l_ru: int, l_en: int, c: float, s2: float) -> float:
    """Gale–Church ``−log P(|Z| ≥ |δ|)`` for a bead with these character lengths."""
    # P(|Z| ≥ δ) = erfc(δ / √2)
    return -_log_erfc(length_delta(l_ru, l_en, c, s2) / math.sqrt(2.0))


def plausibility(ru: Sequence[Segment], en: Sequence[Segment], c: float, params: AlignParams) -> float:
    """How believable a chosen link is on its own, in (0, 1]: 1 unless its lengths are in the
    outer 10% of the Gale–Church distribution or numbers / Latin tokens disagree.

    The posterior says a link beats the alternatives; this says whether it is plausible at
    all (a dropped sentence next to an added one looks like a bad 1:1 link to the DP).
    """
    if not ru or not en:
        return 1.0
    delta = length_delta(sum(s.length for s in ru), sum(s.length for s in en), c, params.s2)
    tail = math.erfc(delta / math.sqrt(2.0))
    factor = min(1.0, tail / 0.1) ** 0.5
    if params.anchors:
        factor *= 0.75 ** anchor_mismatches(ru, en)
    return factor


def bead_cost(
    ru: Sequence[Segment],
    en: Sequence[Segment],
    c: float,
    params: AlignParams,
    weights: dict[str, float],
) -> float:
    """Cost of linking ``ru`` with ``en`` (either may be empty for a 1:0 / 0:1 bead)."""
    nr, ne = len(ru), len(en)
    if nr == 0 or ne == 0:
        chars = sum(s.length for s in (ru or en))
        return -math.log(params.p10) + params.indel_per_100 * chars / 100.0
    prior = params.p11 if nr == ne == 1 else params.p22 if nr == ne == 2 else params.p21
    cost = -math.log(prior) + length_cost(sum(s.length for s in ru), sum(s.length for s in en), c, params.s2)
    if nr + ne > 2:
        if any(s.short for s in ru) or any(s.short for s in en):
            cost += params.short_merge
        if len({s.group for s in ru}) > 1 or len({s.group for s in en}) > 1:
            cost += params.cross_group
    if params.anchors:
        cost -= anchor_score(ru, en, weights)
    return cost


class Scorer:
    """Bead costs for two segment lists, as :func:`bead_cost` computes them, with the merged
    anchor keys of each run of segments computed once. Call it as ``scorer(i, j, di, dj)``."""

    def __init__(self, ru: Sequence[Segment], en: Sequence[Segment], c: float, params: AlignParams) -> None:
        self.ru, self.en, self.c, self.params = list(ru), list(en), c, params
        self.weights = document_frequency(self.ru)
        self._keys: dict[tuple[int, int, int], dict[str, int]] = {}
        self._indel = -math.log(params.p10)
        self._prior = {(1, 1): -math.log(params.p11), (2, 2): -math.log(params.p22)}
        self._prior[(2, 1)] = self._prior[(1, 2)] = -math.log(params.p21)

    def _side_keys(self, side: int, i: int, d: int) -> dict[str, int]:
        key = (side, i, d)
        found = self._keys.get(key)
        if found is None:
            segs = (self.ru if side == 0 else self.en)[i : i + d]
            found = self._keys[key] = merged_keys(segs)
        return found

    def __call__(self, i: int, j: int, di: int, dj: int) -> float:
        params = self.params
        ru, en = self.ru[i : i + di], self.en[j : j + dj]
        if not di or not dj:
            chars = sum(s.length for s in (ru or en))
            return self._indel + params.indel_per_100 * chars / 100.0
        cost = self._prior.get((di, dj), -math.log(params.p21))
        cost += length_cost(sum(s.length for s in ru), sum(s.length for s in en), self.c, params.s2)
        if di + dj > 2:
            if any(s.short for s in ru) or any(s.short for s in en):
                cost += params.short_merge
            if len({s.group for s in ru}) > 1 or len({s.group for s in en}) > 1:
                cost += params.cross_group
        if params.anchors:
            cost -= shared_score(self._side_keys(0, i, di), self._side_keys(1, j, dj), self.weights)
            if di == dj == 1 and ru[0].short and en[0].short:
                cost -= self.weights.get("h", WEIGHTS["h"])
        return cost
