"""Chunking on anchors: confident links that bend the band and cut a long alignment into pieces.

A key of kind ``n`` (a number), ``l`` (a Latin-script token), ``t`` (a glossary term) or ``p``
(a transliterated name, see :mod:`.anchors`) that occurs in exactly one Russian segment and
exactly one English segment ties the two; so does the k-th heading of each side when both have
the same number of headings. A pair whose ties weigh :data:`MIN_WEIGHT` or more (one number or
Latin token; a glossary term and a name; two names) and whose lengths fit a 1:1 link is a
candidate; :func:`anchor_points` keeps the heaviest chain of candidates increasing on both
sides (a weighted longest increasing subsequence, O(k log k)). The band of :mod:`.plan`
follows the lines between them.

A pair ties two segments into one link, not necessarily a 1:1 link starting at their corner:
a number in the second of two sentences the translator merged ties that sentence to the merged
one, and forcing the path through its corner would split the merge (measured: on 2,000 against
1,000 sentences, cutting at every anchor dropped link precision from 0.964 to 0.789).
:func:`safe_cuts` therefore cuts only where the pair's lengths fit 1:1 well and every merge
with a neighbour fits clearly worse; the DP then aligns the pieces between cuts one at a time,
each in a band around its own diagonal. Written here rather than taken from a library: it is a
few dozen lines over the aligner's own anchor keys.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .anchors import Segment
from .score import AlignParams, length_delta

__all__ = ["KIND_WEIGHTS", "MIN_WEIGHT", "anchor_points", "heaviest_chain", "safe_cuts"]

#: Weight of a key found once on each side, by kind; a heading pair weighs the same as a number.
KIND_WEIGHTS = {"n": 4.0, "l": 4.0, "t": 3.0, "p": 2.0, "h": 4.0}
#: A pair is a candidate anchor from this weight on.
MIN_WEIGHT = 4.0
#: Lengths of an anchor pair at most this many Gale–Church deviations apart.
MAX_DELTA = 3.0
#: A cut's pair: lengths at most this many deviations apart …
ISOLATED_DELTA = 1.5
#: … and merging either side with one or two neighbours at least this many deviations worse (3,
#: was 1.5 before the 3:1 / 1:3 beads and the cheaper paragraph merges of issue 12: at 1.5 the
#: gold texts' paragraph posteriors near a cut moved by up to 0.2).
MERGE_MARGIN = 3.0


def _unique_keys(segments: Sequence[Segment]) -> dict[str, int]:
    """Anchor keys held by exactly one segment: key → that segment's index."""
    where: dict[str, int] = {}
    seen_twice: set[str] = set()
    for i, s in enumerate(segments):
        if s.note:
            continue
        for key in s.keys:
            if key[0] not in KIND_WEIGHTS or key in seen_twice:
                continue
            if key in where:
                del where[key]
                seen_twice.add(key)
            else:
                where[key] = i
    return where


def _candidates(ru: Sequence[Segment], en: Sequence[Segment]) -> dict[tuple[int, int], float]:
    weights: dict[tuple[int, int], float] = {}
    en_unique = _unique_keys(en)
    for key, i in _unique_keys(ru).items():
        j = en_unique.get(key)
        if j is not None:
            weights[(i, j)] = weights.get((i, j), 0.0) + KIND_WEIGHTS[key[0]]
    ru_heads = [i for i, s in enumerate(ru) if s.short]
    en_heads = [j for j, s in enumerate(en) if s.short]
    if len(ru_heads) == len(en_heads) >= 2:
        for pair in zip(ru_heads, en_heads):
            weights[pair] = weights.get(pair, 0.0) + KIND_WEIGHTS["h"]
    return weights


def heaviest_chain(pairs: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """The chain of pairs strictly increasing in both coordinates with the largest total weight."""
    order = sorted(pairs, key=lambda p: (p[0], -p[1]))  # one pair per i at most: j descends within an i
    cols = sorted({j for _, j in order})
    size = len(cols)
    tree = [(0.0, -1)] * (size + 1)  # Fenwick tree of (best chain weight ending at j ≤ col, its last pair)
    best: list[float] = []
    prev: list[int] = []
    for k, (i, j) in enumerate(order):
        pos = bisect.bisect_left(cols, j)  # chains ending strictly left of j
        got, at = 0.0, -1
        x = pos
        while x > 0:
            if tree[x][0] > got:
                got, at = tree[x]
            x -= x & -x
        best.append(got + pairs[(i, j)])
        prev.append(at)
        x = pos + 1
        while x <= size:
            if best[k] > tree[x][0]:
                tree[x] = (best[k], k)
            x += x & -x
    if not order:
        return []
    k = max(range(len(order)), key=lambda q: best[q])
    chain = []
    while k >= 0:
        chain.append(order[k])
        k = prev[k]
    return chain[::-1]


def anchor_points(ru: Sequence[Segment], en: Sequence[Segment], c: float, params: AlignParams) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``: Russian ``i`` and English ``j`` share rare anchors worth at least
    :data:`MIN_WEIGHT`, their lengths fit a 1:1 link, and together they form the heaviest chain
    increasing on both sides. Each is in the same link as its partner — not always a 1:1 link:
    a number in the second of two Russian sentences the translator merged ties that sentence to
    the merged one."""
    weights = {
        (i, j): w
        for (i, j), w in _candidates(ru, en).items()
        if w >= MIN_WEIGHT and length_delta(ru[i].length, en[j].length, c, params.s2) <= MAX_DELTA
    }
    return heaviest_chain(weights)


def safe_cuts(
    points: Sequence[tuple[int, int]], ru: Sequence[Segment], en: Sequence[Segment], c: float, params: AlignParams, *, min_gap: int = 4
) -> list[tuple[int, int]]:
    """The anchor pairs whose corner ``(i, j)`` the path can be forced through: the pair's lengths
    fit 1:1 well and merging either side with a neighbour fits clearly worse (so the link is
    1:1, and starts at the corner), strictly inside the grid and at least ``min_gap`` segments
    apart on each side (fewer cuts, fewer chances of a wrong one)."""
    out: list[tuple[int, int]] = []
    last_i = last_j = 0
    for i, j in points:
        if min(i - last_i, j - last_j, len(ru) - i, len(en) - j) < min_gap or not _isolated(ru, en, i, j, c, params.s2):
            continue
        out.append((i, j))
        last_i, last_j = i, j
    return out


def _isolated(ru: Sequence[Segment], en: Sequence[Segment], i: int, j: int, c: float, s2: float) -> bool:
    l_ru, l_en = ru[i].length, en[j].length
    one = length_delta(l_ru, l_en, c, s2)
    if one > ISOLATED_DELTA:
        return False
    # merging one or two neighbours on either side (the 2:1, 1:2, 3:1 and 1:3 beads across the corner)
    ru_runs = [ru[k].length for k in (i - 1, i + 1) if 0 <= k < len(ru)]
    ru_runs += [ru[a].length + ru[b].length for a, b in ((i - 2, i - 1), (i - 1, i + 1), (i + 1, i + 2)) if 0 <= a and b < len(ru)]
    en_runs = [en[k].length for k in (j - 1, j + 1) if 0 <= k < len(en)]
    en_runs += [en[a].length + en[b].length for a, b in ((j - 2, j - 1), (j - 1, j + 1), (j + 1, j + 2)) if 0 <= a and b < len(en)]
    merges = [length_delta(l_ru + extra, l_en, c, s2) for extra in ru_runs]
    merges += [length_delta(l_ru, l_en + extra, c, s2) for extra in en_runs]
    return all(d - one >= MERGE_MARGIN for d in merges)
