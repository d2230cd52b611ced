"""Bead costs: Gale–Church length evidence, bead-type priors and anchors, in nats.

A translator's note (:attr:`~.anchors.Segment.note`) may only be an added (0:1) segment: any
bead linking it to Russian costs ``inf``, and keeping it unlinked costs ``AlignParams.note_cost``.

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

from .anchors import WEIGHTS, Segment, anchor_mismatches, anchor_score, document_frequency, shared_score
from .confidence import REVIEW_BELOW

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
    p31: float = 0.004  #: paragraph level: each of 3:1 and 1:3
    p32: float = 0.002  #: paragraph level: each of 3:2 and 2:3
    s31: float = 0.0002  #: sentence level: each of 3:1 and 1:3 (rarer: a wide bead averages out length noise)
    s32: float = 0.00005  #: sentence level: each of 3:2 and 2:3
    indel_per_100: float = 0.5  #: extra cost of a 1:0 / 0:1 bead per 100 characters
    short_merge: float = 4.0  #: cost of merging a heading-like segment with another
    cross_group: float = 5.0  #: sentence level: a bead spanning two blocks / paragraphs
    para_merge: float = 0.0  #: paragraph level: extra cost of a bead with more than one paragraph on a side
    off_link: float = 5.0  #: sentence level: a bead joining sentences of different paragraph links
    off_sure: float = 3.0  #: … plus this times the lower posterior of the paragraph links it joins
    off_gap: float = 8.0  #: … more when one of those paragraph links is a 1:0 / 0:1 (a paragraph found dropped or added)
    slack: int = 3  #: sentence level: how far (in sentences) a link may stray from its paragraph link
    anchors: bool = True  #: use anchor evidence (off = length-only Gale–Church)
    temperature: float = 2.0  #: posterior temperature (>1 spreads confidence; 2 flags most errors on the gold texts)
    band: int | None = 60  #: paragraph DP band half-width in paragraphs (None = full)
    note_cost: float = 1.0  #: cost of keeping a translator's note (:mod:`.notes`) as an added 0:1 segment
    low_confidence: float = REVIEW_BELOW  #: links below this are flagged for review (:data:`.confidence.REVIEW_BELOW`)
    exact_cells: int = 50_000  #: a DP (or a paragraph link) this small keeps the original band exactly (see :mod:`.plan`)
    direct_cells: int = 1_000_000  #: a DP piece larger than this runs as Viterbi plus window posteriors (see :mod:`.bounds`)
    max_cells: int | None = None  #: refuse a DP level with more cells (None: :data:`.bounds.MAX_CELLS`)
    max_sentences: int | None = None  #: refuse a side with more sentences (None: :data:`.bounds.MAX_SENTENCES`)


#: A 3:1, 1:3, 3:2 or 2:3 bead whose lengths are more than this many deviations apart is not
#: considered (cost ``inf``; it would cost over 6 nats of length on top of its prior): this keeps
#: the wide beads from costing the DP their full share of time.
WIDE_MAX_DELTA = 3.0


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
    level: str = "paragraph",
) -> float:
    """Cost of linking ``ru`` with ``en`` (either may be empty for a 1:0 / 0:1 bead)."""
    nr, ne = len(ru), len(en)
    if any(s.note for s in en):
        return math.inf if nr else params.note_cost * ne
    if nr == 0 or ne == 0:
        chars = sum(s.length for s in (ru or en))
        return -math.log(params.p10) + params.indel_per_100 * chars / 100.0
    if max(nr, ne) == 3 and length_delta(sum(s.length for s in ru), sum(s.length for s in en), c, params.s2) > WIDE_MAX_DELTA:
        return math.inf
    cost = -math.log(prior(params, nr, ne, level)) + length_cost(sum(s.length for s in ru), sum(s.length for s in en), c, params.s2)
    if nr + ne > 2:
        if any(s.short for s in ru) or any(s.short for s in en):
            cost += params.short_merge
        if len({s.group for s in ru}) > 1 or len({s.group for s in en}) > 1:
            cost += params.cross_group
    if params.anchors:
        cost -= anchor_score(ru, en, weights)
    return cost


def prior(params: AlignParams, di: int, dj: int, level: str = "paragraph") -> float:
    """The prior probability of a ``di:dj`` bead with both sides non-empty (the wide ones
    differ by ``level``, ``"paragraph"`` or ``"sentence"``)."""
    if di == dj == 1:
        return params.p11
    if di == dj == 2:
        return params.p22
    if max(di, dj) == 3:
        if level == "sentence":
            return params.s31 if min(di, dj) == 1 else params.s32
        return params.p31 if min(di, dj) == 1 else params.p32
    return params.p21


class Scorer:
    """Bead costs for two segment lists, as :func:`bead_cost` computes them, with the merged
    anchor keys of each run of segments computed once. Call it as ``scorer(i, j, di, dj)``.

    Lengths are summed from prefix sums (integers, so the sums are :func:`bead_cost`'s exactly)
    and the heading and group flags are read from lists: the DP calls this ten times a cell."""

    def __init__(self, ru: Sequence[Segment], en: Sequence[Segment], c: float, params: AlignParams, level: str = "paragraph") -> None:
        self.ru, self.en, self.c, self.params = list(ru), list(en), c, params
        self.weights = document_frequency(self.ru)
        self._keys: dict[tuple[int, int, int], dict[str, int]] = {}
        # only keys some Russian segment holds can ever be shared: the English keep just those
        self._ru_keys = [s.keys for s in self.ru]
        self._en_keys = [{k: n for k, n in s.keys.items() if k in self.weights} for s in self.en]
        self._indel = -math.log(params.p10)
        self._p21 = -math.log(params.p21)
        self._prior = {(a, b): -math.log(prior(params, a, b, level)) for a in (1, 2, 3) for b in (1, 2, 3)}
        self._chars = (_prefix(s.length for s in self.ru), _prefix(s.length for s in self.en))
        self._short = ([s.short for s in self.ru], [s.short for s in self.en])
        self._short_n = (_prefix(int(x) for x in self._short[0]), _prefix(int(x) for x in self._short[1]))
        # group changes: a run [i, i+d) spans two groups iff a change falls strictly inside it
        self._change = (_changes([s.group for s in self.ru]), _changes([s.group for s in self.en]))
        self._sd = math.sqrt(params.s2)
        self._h = self.weights.get("h", WEIGHTS["h"])
        self._notes = _prefix(int(s.note) for s in self.en)  # translator's notes: only ever 0:1
        self._merge = params.para_merge if level == "paragraph" else 0.0

    def _side_keys(self, side: int, i: int, d: int) -> dict[str, int]:
        if d == 1:
            return self._ru_keys[i] if side == 0 else self._en_keys[i]
        key = (side, i, d)
        found = self._keys.get(key)
        if found is None:
            own = self._ru_keys if side == 0 else self._en_keys
            found = self._keys[key] = _merge(own[i : i + d])
        return found

    def __call__(self, i: int, j: int, di: int, dj: int) -> float:
        params = self.params
        rc, ec = self._chars
        if dj and self._notes[j + dj] != self._notes[j]:
            return math.inf if di else params.note_cost * dj
        if not di or not dj:
            chars = rc[i + di] - rc[i] if di else ec[j + dj] - ec[j]
            return self._indel + params.indel_per_100 * chars / 100.0
        l_ru, l_en = rc[i + di] - rc[i], ec[j + dj] - ec[j]
        c = self.c
        # length_delta and length_cost, inlined (the DP calls this ten times a cell)
        mean = (l_ru + l_en / c) / 2.0
        delta = abs(c * l_ru - l_en) / (self._sd * math.sqrt(mean))
        if (di == 3 or dj == 3) and delta > WIDE_MAX_DELTA:
            return math.inf
        cost = self._prior.get((di, dj), self._p21) - _log_erfc(delta * _SQRT_HALF)
        if di + dj > 2:
            cost += self._merge
            sr, se = self._short_n
            if sr[i + di] != sr[i] or se[j + dj] != se[j]:
                cost += params.short_merge
            cr, ce = self._change
            if cr[i + di] != cr[i + 1] or ce[j + dj] != ce[j + 1]:
                cost += params.cross_group
        if params.anchors:
            cost -= shared_score(self._side_keys(0, i, di), self._side_keys(1, j, dj), self.weights)
            if di == dj == 1 and self._short[0][i] and self._short[1][j]:
                cost -= self._h
        return cost


_SQRT_HALF = math.sqrt(0.5)


def _merge(bags: Sequence[dict[str, int]]) -> dict[str, int]:
    """Key counts of several segments together (:func:`~.anchors.merged_keys` over plain bags)."""
    out: dict[str, int] = {}
    for bag in bags:
        for k, n in bag.items():
            out[k] = out.get(k, 0) + n
    return out


def _changes(groups: Sequence[int]) -> list[int]:
    """Prefix counts of group changes: ``out[k + 1] - out[i + 1]`` changes between ``i`` and ``k``."""
    flags = [0] + [int(a != b) for a, b in zip(groups, groups[1:])]
    return _prefix(flags)


def _prefix(values: Iterable[int]) -> list[int]:
    out = [0]
    for v in values:
        out.append(out[-1] + v)
    return out
