"""Bead costs: Gale–Church length evidence, bead-type priors and anchors, in nats.

The length model is Gale & Church (1993): the English length of a bead is about ``c`` times
its Russian length, with variance ``s2`` per character; a bead whose lengths differ by
``δ = (l_en − c·l_ru) / sqrt(s2 · mean)`` standard deviations costs ``−log 2(1 − Φ(|δ|))``.
Priors are theirs too (1:1 0.89, 2:1 and 1:2 together 0.089, 2:2 0.011, 1:0 and 0:1 together
0.0099); the wider 3:1, 1:3 (:attr:`AlignParams.p31` each) and 3:2, 2:3 (``p32``), which
they did not allow, get priors well under a 2:1's so they win only where lengths or anchors
clearly ask for them. An omitted or added segment (1:0, 0:1) is not scored by length — a length test of
"nothing" against a paragraph says only that it is long — but costs its prior plus a small
charge per 100 characters, so long omissions are less likely than a dropped credit line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .anchors import Segment, WEIGHTS, anchor_mismatches, anchor_score, document_frequency, merged_keys, shared_score

__all__ = ["AlignParams", "length_cost", "length_delta", "bead_cost", "plausibility", "prior", "Scorer"]


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
    p31: float = 0.004  #: each of 3:1 and 1:3
    p32: float = 0.002  #: each of 3:2 and 2:3
    indel_per_100: float = 0.5  #: extra cost of a 1:0 / 0:1 bead per 100 characters
    short_merge: float = 4.0  #: cost of merging a heading-like segment with another
    cross_group: float = 5.0  #: sentence level: a bead spanning two blocks / paragraphs
    off_link: float = 3.0  #: sentence level: a bead joining sentences of different paragraph links
    slack: int = 3  #: sentence level: how far (in sentences) a link may stray from its paragraph link
    anchors: bool = True  #: use anchor evidence (off = length-only Gale–Church)
    temperature: float = 2.0  #: posterior temperature (>1 spreads confidence; 2 flags most errors on the gold texts)
    band: int | None = 60  #: paragraph DP band half-width in paragraphs (None = full)
    low_confidence: float = 0.5  #: links below this are flagged for review
    exact_cells: int = 50_000  #: a DP (or a paragraph link) this small keeps the original band exactly (see :mod:`.plan`)
    direct_cells: int = 1_000_000  #: a DP piece larger than this runs as Viterbi plus window posteriors (see :mod:`.bounds`)
    max_cells: int | None = None  #: refuse a DP level with more cells (None: :data:`.bounds.MAX_CELLS`)
    max_sentences: int | None = None  #: refuse a side with more sentences (None: :data:`.bounds.MAX_SENTENCES`)


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
    cost = -math.log(prior(params, nr, ne)) + length_cost(sum(s.length for s in ru), sum(s.length for s in en), c, params.s2)
    if nr + ne > 2:
        if any(s.short for s in ru) or any(s.short for s in en):
            cost += params.short_merge
        if len({s.group for s in ru}) > 1 or len({s.group for s in en}) > 1:
            cost += params.cross_group
    if params.anchors:
        cost -= anchor_score(ru, en, weights)
    return cost


def prior(params: AlignParams, di: int, dj: int) -> float:
    """The prior probability of a ``di:dj`` bead with both sides non-empty."""
    if di == dj == 1:
        return params.p11
    if di == dj == 2:
        return params.p22
    if max(di, dj) == 3:
        return params.p31 if min(di, dj) == 1 else params.p32
    return params.p21


class Scorer:
    """Bead costs for two segment lists, as :func:`bead_cost` computes them, with the merged
    anchor keys of each run of segments computed once. Call it as ``scorer(i, j, di, dj)``.

    Lengths are summed from prefix sums (integers, so the sums are :func:`bead_cost`'s exactly)
    and the heading and group flags are read from lists: the DP calls this ten times a cell."""

    def __init__(self, ru: Sequence[Segment], en: Sequence[Segment], c: float, params: AlignParams) -> None:
        self.ru, self.en, self.c, self.params = list(ru), list(en), c, params
        self.weights = document_frequency(self.ru)
        self._keys: dict[tuple[int, int, int], dict[str, int]] = {}
        self._indel = -math.log(params.p10)
        self._p21 = -math.log(params.p21)
        self._prior = {(a, b): -math.log(prior(params, a, b)) for a in (1, 2, 3) for b in (1, 2, 3)}
        self._chars = (_prefix(s.length for s in self.ru), _prefix(s.length for s in self.en))
        self._short = ([s.short for s in self.ru], [s.short for s in self.en])
        self._group = ([s.group for s in self.ru], [s.group for s in self.en])
        self._h = self.weights.get("h", WEIGHTS["h"])

    def _side_keys(self, side: int, i: int, d: int) -> dict[str, int]:
        if d == 1:
            return (self.ru if side == 0 else self.en)[i].keys
        key = (side, i, d)
        found = self._keys.get(key)
        if found is None:
            segs = (self.ru if side == 0 else self.en)[i : i + d]
            found = self._keys[key] = merged_keys(segs)
        return found

    def __call__(self, i: int, j: int, di: int, dj: int) -> float:
        params = self.params
        rc, ec = self._chars
        if not di or not dj:
            chars = rc[i + di] - rc[i] if di else ec[j + dj] - ec[j]
            return self._indel + params.indel_per_100 * chars / 100.0
        cost = self._prior.get((di, dj), self._p21)
        cost += length_cost(rc[i + di] - rc[i], ec[j + dj] - ec[j], self.c, params.s2)
        if di + dj > 2:
            rs, es = self._short
            if any(rs[i : i + di]) or any(es[j : j + dj]):
                cost += params.short_merge
            rg, eg = self._group
            if len(set(rg[i : i + di])) > 1 or len(set(eg[j : j + dj])) > 1:
                cost += params.cross_group
        if params.anchors:
            cost -= shared_score(self._side_keys(0, i, di), self._side_keys(1, j, dj), self.weights)
            if di == dj == 1 and self._short[0][i] and self._short[1][j]:
                cost -= self._h
        return cost


def _prefix(values: Iterable[int]) -> list[int]:
    out = [0]
    for v in values:
        out.append(out[-1] + v)
    return out
