"""Dynamic programming over alignment beads: the best path and each bead's posterior.

Two sequences of ``n`` and ``m`` segments are aligned by a monotone path of *beads*: 1:1, 1:0,
0:1, 2:1, 1:2 and 2:2 groups (Gale & Church 1993). ``cost(i, j, di, dj)`` is the cost, in nats
(a negative log-probability), of the bead covering source ``[i, i+di)`` and target ``[j, j+dj)``.

:func:`best_path` returns the minimum-cost path (Viterbi) and, for each of its beads, the
posterior probability that this exact bead is part of the alignment, from the forward–backward
sums over *all* paths with weights ``exp(-cost / temperature)``. A bead that other paths
contest (similar lengths, no anchors) gets a low posterior: that is the link's confidence.

Cells far from the diagonal are skipped (a band of ``band`` cells either side of the line from
(0, 0) to (n, m)), so long texts stay tractable; articles fit in the band entirely.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["BEAD_TYPES", "Bead", "best_path"]

#: Bead shapes (source count, target count), the order ties are broken in.
BEAD_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (2, 1), (1, 2), (2, 2), (1, 0), (0, 1))

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


def _logaddexp(a: float, b: float) -> float:
    if a == -_INF:
        return b
    if b == -_INF:
        return a
    if a > b:
        return a + math.log1p(math.exp(b - a))
    return b + math.log1p(math.exp(a - b))


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
    def explicit(cls, n: int, m: int, lo: list[int], hi: list[int]) -> _Band:
        if len(lo) != n + 1 or len(hi) != n + 1:
            raise ValueError("bounds must give one (lo, hi) per row 0..n")
        lo = [max(0, min(m, x)) for x in lo]
        hi = [max(lo[i], min(m, x)) for i, x in enumerate(hi)]
        lo[0], hi[n] = 0, m
        return cls(n, m, lo, hi)

    def table(self, fill: float) -> list[list[float]]:
        return [[fill] * (self.hi[i] - self.lo[i] + 1) for i in range(self.n + 1)]

    def inside(self, i: int, j: int) -> bool:
        return 0 <= i <= self.n and self.lo[i] <= j <= self.hi[i]


def best_path(
    n: int,
    m: int,
    cost: CostFn,
    *,
    band: int | None = None,
    bounds: tuple[list[int], list[int]] | None = None,
    temperature: float = 1.0,
    types: tuple[tuple[int, int], ...] = BEAD_TYPES,
) -> list[Bead]:
    """The minimum-cost bead path from (0, 0) to (n, m), each bead with its posterior.

    ``band``: half-width of the diagonal band searched (``None``: everything); or ``bounds``:
    explicit ``(lo, hi)`` target ranges for each row ``0..n`` (e.g. from a coarser alignment).
    Raises ``ValueError`` if no path exists inside them (cannot happen with a band at least 2
    wide, or with bounds that overlap from row to row, while 1:0 and 0:1 are allowed).
    """
    if bounds is not None:
        grid = _Band.explicit(n, m, list(bounds[0]), list(bounds[1]))
    else:
        grid = _Band.diagonal(n, m, max(n, m) + 2 if band is None else max(2, band + abs(n - m)))
    lo = grid.lo
    fwd = grid.table(-_INF)  # log-sum of path weights reaching (i, j)
    vit = grid.table(_INF)  # best cost reaching (i, j)
    back: list[list[tuple[int, int, float] | None]] = [[None] * len(row) for row in vit]
    # cost of each bead type ending at (i, j), computed once and reused by the backward pass
    ending: list[list[tuple[float, ...] | None]] = [[None] * len(row) for row in vit]
    fwd[0][0 - lo[0]] = 0.0
    vit[0][0 - lo[0]] = 0.0
    t = temperature
    for i in range(n + 1):
        for j in range(lo[i], grid.hi[i] + 1):
            if i == 0 and j == 0:
                continue
            f, v, bp = -_INF, _INF, None
            costs = []
            for di, dj in types:
                pi, pj = i - di, j - dj
                c = _INF
                if grid.inside(pi, pj):
                    pv = vit[pi][pj - lo[pi]]
                    if pv != _INF:
                        c = cost(pi, pj, di, dj)
                        if c != _INF:
                            f = _logaddexp(f, fwd[pi][pj - lo[pi]] - c / t)
                            if pv + c < v:
                                v, bp = pv + c, (di, dj, c)
                costs.append(c)
            fwd[i][j - lo[i]], vit[i][j - lo[i]], back[i][j - lo[i]] = f, v, bp
            ending[i][j - lo[i]] = tuple(costs)
    if vit[n][m - lo[n]] == _INF:
        raise ValueError("no alignment path inside the band")
    bwd = _backward(grid, ending, t, types)
    total = fwd[n][m - lo[n]]
    path: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j - lo[i]]
        assert step is not None
        di, dj, c = step
        pi, pj = i - di, j - dj
        logp = fwd[pi][pj - lo[pi]] - c / t + bwd[i][j - lo[i]] - total
        path.append(Bead(pi, pj, di, dj, c, min(1.0, math.exp(min(0.0, logp)))))
        i, j = pi, pj
    path.reverse()
    return path


def _backward(
    grid: _Band, ending: list[list[tuple[float, ...] | None]], t: float, types: tuple[tuple[int, int], ...]
) -> list[list[float]]:
    """Log-sum of path weights from (i, j) to the end, from the costs the forward pass stored."""
    n, m, lo = grid.n, grid.m, grid.lo
    bwd = grid.table(-_INF)
    bwd[n][m - lo[n]] = 0.0
    for i in range(n, -1, -1):
        for j in range(grid.hi[i], lo[i] - 1, -1):
            if i == n and j == m:
                continue
            b = -_INF
            for k, (di, dj) in enumerate(types):
                ni, nj = i + di, j + dj
                if not grid.inside(ni, nj):
                    continue
                nb = bwd[ni][nj - lo[ni]]
                costs = ending[ni][nj - lo[ni]]
                if nb == -_INF or costs is None or costs[k] == _INF:
                    continue
                b = _logaddexp(b, nb - costs[k] / t)
            bwd[i][j - lo[i]] = b
    return bwd
