"""Dynamic programming over alignment beads: the best path and each bead's posterior.

Two sequences of ``n`` and ``m`` segments are aligned by a monotone path of *beads*: 1:1, 1:0,
0:1, 2:1, 1:2 and 2:2 groups (Gale & Church 1993), and the wider 3:1, 1:3, 3:2 and 2:3 that
literary translations need (their costs in :mod:`.score` keep them rare). ``cost(i, j, di, dj)`` is the cost, in nats
(a negative log-probability), of the bead covering source ``[i, i+di)`` and target ``[j, j+dj)``.

:func:`best_path` returns the minimum-cost path (Viterbi) and, for each of its beads, the
posterior probability that this exact bead is part of the alignment, from the forward–backward
sums over *all* paths with weights ``exp(-cost / temperature)``. A bead that other paths
contest (similar lengths, no anchors) gets a low posterior: that is the link's confidence.
:func:`.lean.lean_best_path` gives the same result in bounded memory, for bands too large
for :func:`best_path`'s tables.

Cells far from the diagonal are skipped (a band of ``band`` cells either side of the line from
(0, 0) to (n, m)), or rows are given explicit ranges; :func:`cells` counts a band's cells.
Tables are flat ``array('d')`` rows (8 bytes a value, not a Python float object), and the cost
of each bead ending in a cell is kept from the forward pass for the backward one: about 97
bytes a cell, which :mod:`.bounds` budgets with.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["BEAD_TYPES", "BYTES_PER_CELL", "Bead", "best_path", "cells"]

#: Bead shapes (source count, target count), the order ties are broken in.
BEAD_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (2, 1), (1, 2), (2, 2), (1, 0), (0, 1), (3, 1), (1, 3), (3, 2), (2, 3))
#: What :func:`best_path` holds per cell at its peak (forward, Viterbi, back pointer, ten costs).
BYTES_PER_CELL = 97

_INF = math.inf
CostFn = Callable[[int, int, int, int], float]


@dataclass(frozen=True)
class Bead:
    """One link of the path: source ``[i, i+di)`` with target ``[j, j+dj)``."""

    i: int
    j: int
    di: int
    dj: int
    cost: float
    posterior: float


class _Band:
    """Which cells (i, j) the DP visits, dense storage per row: for row ``i``, ``lo[i] ≤ j ≤ hi[i]``."""

    def __init__(self, n: int, m: int, lo: list[int], hi: list[int]) -> None:
        self.n, self.m = n, m
        self.lo, self.hi = lo, hi

    @classmethod
    def diagonal(cls, n: int, m: int, width: int) -> _Band:
        lo, hi = [], []
        for i in range(n + 1):
            centre = i * m / n if n else 0.0
            lo.append(max(0, math.floor(centre - width)))
            hi.append(m if i == n else min(m, math.ceil(centre + width)))
        return cls(n, m, lo, hi)

    @classmethod
    def explicit(cls, n: int, m: int, lo: Sequence[int], hi: Sequence[int]) -> _Band:
        if len(lo) != n + 1 or len(hi) != n + 1:
            raise ValueError("bounds must give one (lo, hi) per row 0..n")
        lo = [max(0, min(m, x)) for x in lo]
        hi = [max(lo[i], min(m, x)) for i, x in enumerate(hi)]
        lo[0], hi[n] = 0, m
        return cls(n, m, lo, hi)

    @classmethod
    def make(cls, n: int, m: int, band: int | None, bounds: tuple[Sequence[int], Sequence[int]] | None) -> _Band:
        if bounds is not None:
            return cls.explicit(n, m, bounds[0], bounds[1])
        return cls.diagonal(n, m, max(n, m) + 2 if band is None else max(2, band + abs(n - m)))

    def table(self, fill: float, per_cell: int = 1) -> list[array]:
        return [array("d", [fill]) * ((self.hi[i] - self.lo[i] + 1) * per_cell) for i in range(self.n + 1)]

    def cells(self) -> int:
        return sum(h - l + 1 for l, h in zip(self.lo, self.hi))


def cells(n: int, m: int, *, band: int | None = None, bounds: tuple[Sequence[int], Sequence[int]] | None = None) -> int:
    """How many cells :func:`best_path` would visit with these arguments."""
    return _Band.make(n, m, band, bounds).cells()


def best_path(
    n: int,
    m: int,
    cost: CostFn,
    *,
    band: int | None = None,
    bounds: tuple[Sequence[int], Sequence[int]] | None = None,
    temperature: float = 1.0,
    types: tuple[tuple[int, int], ...] = BEAD_TYPES,
) -> list[Bead]:
    """The minimum-cost bead path from (0, 0) to (n, m), each bead with its posterior.

    ``band``: half-width of the diagonal band searched (``None``: everything); or ``bounds``:
    explicit ``(lo, hi)`` target ranges for each row ``0..n`` (e.g. from a coarser alignment).
    Raises ``ValueError`` if no path exists inside them (cannot happen with a band at least 2
    wide, or with bounds that overlap from row to row, while 1:0 and 0:1 are allowed).
    """
    grid = _Band.make(n, m, band, bounds)
    lo, hi, t, nt = grid.lo, grid.hi, temperature, len(types)
    fwd = grid.table(-_INF)  # log-sum of path weights reaching (i, j)
    vit = grid.table(_INF)  # best cost reaching (i, j)
    back = [bytearray(hi[i] - lo[i] + 1) for i in range(n + 1)]  # 1 + type of the best bead into (i, j)
    # cost of each bead type ending at (i, j), computed once and reused by the backward pass
    ending = grid.table(_INF, nt)
    fwd[0][0 - lo[0]] = 0.0
    vit[0][0 - lo[0]] = 0.0
    steps = [(k, di, dj) for k, (di, dj) in enumerate(types)]
    for i in range(n + 1):
        f_row, v_row, b_row, e_row = fwd[i], vit[i], back[i], ending[i]
        lo_i = lo[i]
        for j in range(lo_i, hi[i] + 1):
            if i == 0 and j == 0:
                continue
            f, v, bp = -_INF, _INF, 0
            at = (j - lo_i) * nt
            for k, di, dj in steps:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < lo[pi] or pj > hi[pi]:
                    continue
                pv = vit[pi][pj - lo[pi]]
                if pv == _INF:
                    continue
                c = cost(pi, pj, di, dj)
                e_row[at + k] = c
                if c != _INF:
                    f = _logaddexp(f, fwd[pi][pj - lo[pi]] - c / t)
                    if pv + c < v:
                        v, bp = pv + c, k + 1
            f_row[j - lo_i], v_row[j - lo_i], b_row[j - lo_i] = f, v, bp
    if vit[n][m - lo[n]] == _INF:
        raise ValueError("no alignment path inside the band")
    del vit
    trace = _trace(back, lo, n, m, types)
    del back
    bwd = _backward(grid, ending, t, types)
    total = fwd[n][m - lo[n]]
    path: list[Bead] = []
    for pi, pj, k in trace:
        di, dj = types[k]
        i, j = pi + di, pj + dj
        c = ending[i][(j - lo[i]) * nt + k]
        logp = fwd[pi][pj - lo[pi]] - c / t + bwd[i][j - lo[i]] - total
        path.append(Bead(pi, pj, di, dj, c, min(1.0, math.exp(min(0.0, logp)))))
    return path


def _logaddexp(a: float, b: float) -> float:
    if a == -_INF:
        return b
    if b == -_INF:
        return a
    if a > b:
        return a + math.log1p(math.exp(b - a))
    return b + math.log1p(math.exp(a - b))


def _trace(back: list[bytearray], lo: Sequence[int], n: int, m: int, types: tuple[tuple[int, int], ...]) -> list[tuple[int, int, int]]:
    """The best path from its back pointers: ``(i, j, type)`` of each bead, in order."""
    out = []
    i, j = n, m
    while (i, j) != (0, 0):
        k = back[i][j - lo[i]] - 1
        assert k >= 0
        di, dj = types[k]
        i, j = i - di, j - dj
        out.append((i, j, k))
    out.reverse()
    return out


def _backward(grid: _Band, ending: list[array], t: float, types: tuple[tuple[int, int], ...]) -> list[array]:
    """Log-sum of path weights from (i, j) to the end, from the costs the forward pass stored."""
    n, m, lo, nt = grid.n, grid.m, grid.lo, len(types)
    bwd = grid.table(-_INF)
    bwd[n][m - lo[n]] = 0.0
    steps = [(k, di, dj) for k, (di, dj) in enumerate(types)]
    for i in range(n, -1, -1):
        backward_row(grid, i, bwd, ending, steps, t, nt)
    return bwd


def backward_row(grid: _Band, i: int, bwd: Any, costs: Any, steps: list[tuple[int, int, int]], t: float, nt: int) -> None:
    """Fill ``bwd[i]`` from the rows after it: the log-sum over the beads leaving each cell of
    row ``i`` (``costs[r]``: the cost of each bead type ending in each cell of row ``r``; ``bwd``
    and ``costs`` are indexable by row: lists for the full table, dicts for a block of rows)."""
    n, m, lo, hi = grid.n, grid.m, grid.lo, grid.hi
    row = bwd[i]
    for j in range(hi[i], lo[i] - 1, -1):
        if i == n and j == m:
            continue
        b = -_INF
        for k, di, dj in steps:
            ni, nj = i + di, j + dj
            if ni > n or nj < lo[ni] or nj > hi[ni]:
                continue
            nb = bwd[ni][nj - lo[ni]]
            c = costs[ni][(nj - lo[ni]) * nt + k]
            if nb == -_INF or c == _INF:
                continue
            b = _logaddexp(b, nb - c / t)
        row[j - lo[i]] = b
