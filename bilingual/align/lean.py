"""The bead DP of :func:`~.lattice.best_path` in bounded memory: checkpointed forward–backward.

:func:`~.lattice.best_path` keeps, for every cell, the forward sum, the best cost, a back
pointer and the ten bead costs (about 97 bytes). :func:`lean_best_path` gives the same beads
with the same posteriors — bit for bit: the same sums in the same order — while holding only

* one byte a cell (the back pointers, for the best path);
* the forward sums of two rows at the start of each block of rows (the checkpoints);
* the forward sums and bead costs of one block at a time.

It runs the forward pass once over all rows (best costs and forward sums in three rolling
rows), traces the best path, then walks the blocks from the last to the first: the block's
forward sums and costs are computed again from its checkpoint, its backward sums from the two
rows after it, and the posteriors of the path's beads that start in it. Every bead cost is thus
computed twice — twice :func:`~.lattice.best_path`'s time, for a table a block high.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence

from .lattice import BEAD_TYPES, Bead, CostFn, _Band, _logaddexp, _trace, backward_row

__all__ = ["lean_best_path"]

_INF = math.inf


def lean_best_path(
    n: int,
    m: int,
    cost: CostFn,
    bounds: tuple[Sequence[int], Sequence[int]],
    *,
    temperature: float = 1.0,
    block_cells: int = 250_000,
    types: tuple[tuple[int, int], ...] = BEAD_TYPES,
) -> list[Bead]:
    """:func:`~.lattice.best_path` over explicit ``bounds``, in blocks of rows holding about
    ``block_cells`` cells. Raises ``ValueError`` if no path exists inside the bounds."""
    grid = _Band.explicit(n, m, bounds[0], bounds[1])
    lo, hi = grid.lo, grid.hi
    depth = max(di for di, _ in types)
    starts = _block_starts(lo, hi, block_cells, depth)
    back, checkpoints, total = _forward(grid, cost, temperature, types, set(starts), depth)
    trace = _trace(back, lo, n, m, types)
    del back
    nt, t = len(types), temperature
    by_row: dict[int, list[int]] = {}
    for k, (pi, _, _) in enumerate(trace):
        by_row.setdefault(pi, []).append(k)
    posteriors = [0.0] * len(trace)
    costs = [0.0] * len(trace)
    after_bwd: dict[int, array] = {}  # backward sums of the rows just after the block
    after_end: dict[int, array] = {}  # bead costs ending in those rows
    for s, e in reversed(list(zip(starts, [*starts[1:], n + 1]))):
        fwd, ending = _block_forward(grid, cost, t, types, s, e, checkpoints[s])
        bwd = _block_backward(grid, t, types, s, e, ending, after_bwd, after_end)
        for r in range(s, e):
            for k in by_row.get(r, ()):
                pi, pj, q = trace[k]
                di, dj = types[q]
                i, j = pi + di, pj + dj
                end_costs = ending[i] if i in ending else after_end[i]
                c = end_costs[(j - lo[i]) * nt + q]
                b = bwd[i][j - lo[i]] if i in bwd else after_bwd[i][j - lo[i]]
                logp = fwd[pi][pj - lo[pi]] - c / t + b - total
                posteriors[k] = min(1.0, math.exp(min(0.0, logp)))
                costs[k] = c
        after_bwd = {r: bwd[r] for r in range(s, min(e, s + depth))}
        after_end = {r: ending[r] for r in range(s, min(e, s + depth))}
    return [Bead(pi, pj, *types[q], costs[k], posteriors[k]) for k, (pi, pj, q) in enumerate(trace)]


def _block_starts(lo: Sequence[int], hi: Sequence[int], block_cells: int, depth: int) -> list[int]:
    """First rows of the blocks: a new block once the current one holds ``block_cells`` cells
    (and at least ``depth`` rows, so a bead never skips a whole block)."""
    starts, held = [0], 0
    for r in range(len(lo)):
        if held >= block_cells and r - starts[-1] >= depth:
            starts.append(r)
            held = 0
        held += hi[r] - lo[r] + 1
    return starts


def _forward(
    grid: _Band, cost: CostFn, t: float, types: tuple[tuple[int, int], ...], starts: set[int], depth: int
) -> tuple[list[bytearray], dict[int, dict[int, array]], float]:
    """Best costs and forward sums over all rows, in rolling rows: the back pointers, the
    forward sums of the ``depth`` rows before each block start, and the total forward sum."""
    n, m, lo, hi = grid.n, grid.m, grid.lo, grid.hi
    keep = depth + 1
    fwd: list[array] = [array("d")] * keep  # row i at i % keep
    vit: list[array] = [array("d")] * keep
    back = [bytearray(hi[i] - lo[i] + 1) for i in range(n + 1)]
    checkpoints: dict[int, dict[int, array]] = {}
    steps = [(k, di, dj) for k, (di, dj) in enumerate(types)]
    for i in range(n + 1):
        if i in starts:
            checkpoints[i] = {r: fwd[r % keep] for r in range(max(0, i - depth), i)}
        lo_i = lo[i]
        f_row = array("d", [-_INF]) * (hi[i] - lo_i + 1)
        v_row = array("d", [_INF]) * (hi[i] - lo_i + 1)
        fwd[i % keep], vit[i % keep] = f_row, v_row
        b_row = back[i]
        if i == 0:
            f_row[0 - lo_i] = v_row[0 - lo_i] = 0.0
        for j in range(lo_i, hi[i] + 1):
            if i == 0 and j == 0:
                continue
            f, v, bp = -_INF, _INF, 0
            for k, di, dj in steps:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < lo[pi] or pj > hi[pi]:
                    continue
                pv = vit[pi % keep][pj - lo[pi]]
                if pv == _INF:
                    continue
                c = cost(pi, pj, di, dj)
                if c != _INF:
                    f = _logaddexp(f, fwd[pi % keep][pj - lo[pi]] - c / t)
                    if pv + c < v:
                        v, bp = pv + c, k + 1
            f_row[j - lo_i], v_row[j - lo_i], b_row[j - lo_i] = f, v, bp
    if vit[n % keep][m - lo[n]] == _INF:
        raise ValueError("no alignment path inside the band")
    return back, checkpoints, fwd[n % keep][m - lo[n]]


def _block_forward(
    grid: _Band, cost: CostFn, t: float, types: tuple[tuple[int, int], ...], s: int, e: int, before: dict[int, array]
) -> tuple[dict[int, array], dict[int, array]]:
    """Rows ``s..e-1`` again from the checkpoint: forward sums (with the checkpoint rows) and the
    cost of each bead ending in each cell (``inf`` where the start is unreachable)."""
    lo, hi, nt = grid.lo, grid.hi, len(types)
    fwd: dict[int, array] = dict(before)
    ending: dict[int, array] = {}
    steps = [(k, di, dj) for k, (di, dj) in enumerate(types)]
    for i in range(s, e):
        lo_i = lo[i]
        f_row = array("d", [-_INF]) * (hi[i] - lo_i + 1)
        e_row = array("d", [_INF]) * ((hi[i] - lo_i + 1) * nt)
        fwd[i], ending[i] = f_row, e_row
        if i == 0:
            f_row[0 - lo_i] = 0.0
        for j in range(lo_i, hi[i] + 1):
            if i == 0 and j == 0:
                continue
            f = -_INF
            at = (j - lo_i) * nt
            for k, di, dj in steps:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < lo[pi] or pj > hi[pi]:
                    continue
                pf = fwd[pi][pj - lo[pi]]
                if pf == -_INF:  # unreachable: best_path's "no finite best cost"
                    continue
                c = cost(pi, pj, di, dj)
                e_row[at + k] = c
                if c != _INF:
                    f = _logaddexp(f, pf - c / t)
            f_row[j - lo_i] = f
    return fwd, ending


def _block_backward(
    grid: _Band,
    t: float,
    types: tuple[tuple[int, int], ...],
    s: int,
    e: int,
    ending: dict[int, array],
    after_bwd: dict[int, array],
    after_end: dict[int, array],
) -> dict[int, array]:
    """Backward sums of rows ``s..e-1``, from the rows after the block (as :func:`~.lattice._backward`)."""
    n, m, lo, hi, nt = grid.n, grid.m, grid.lo, grid.hi, len(types)
    bwd: dict[int, array] = dict(after_bwd)
    costs_at = {**after_end, **ending}
    steps = [(k, di, dj) for k, (di, dj) in enumerate(types)]
    for i in range(e - 1, s - 1, -1):
        row = array("d", [-_INF]) * (hi[i] - lo[i] + 1)
        bwd[i] = row
        if i == n:
            row[m - lo[n]] = 0.0
        backward_row(grid, i, bwd, costs_at, steps, t, nt)
    return {r: bwd[r] for r in range(s, e)} | {r: after_bwd[r] for r in after_bwd}
