"""Bounded work: run a :class:`~.plan.Plan` in pieces, checkpointed when large, with at most one fall-back, and
refuse, in one line, texts past the budget.

* **Pieces.** The path is forced through the plan's anchor cuts, so each piece between two
  cuts is a DP of its own (:func:`~.lattice.best_path` over the piece's rows).
* **Checkpoints.** A piece with more than ``AlignParams.direct_cells`` cells (about 97 bytes
  each in :func:`~.lattice.best_path`) runs as :func:`~.lean.lean_best_path` instead: the same
  beads and posteriors, one byte a cell plus one block of full tables, twice the time.
* **Fall-back.** Where the path touches the edge of the soft band and the wide bounds leave
  room, the band there was too narrow: the piece is solved once more in the wide bounds (or,
  when they hold more than four times the cells, in rows three times as wide, within them).
* **Budget.** :func:`check_sides` refuses a side of more than ``max_sentences`` sentences and
  :func:`check_cells` a plan of more than ``max_cells`` cells, with :class:`AlignError` saying
  to split the files. Widening stops when it would take the work past twice the budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InputError
from .lattice import Bead, CostFn, best_path
from .lean import lean_best_path
from .plan import Plan
from .score import AlignParams

__all__ = ["MAX_CELLS", "MAX_SENTENCES", "AlignError", "Work", "check_cells", "check_sides", "solve"]

#: Default budget: DP cells of one alignment level (a few minutes of pure-Python work a pass).
MAX_CELLS = 10_000_000
#: Default budget: sentences on either side.
MAX_SENTENCES = 250_000
_SPLIT = "split both files at the same chapter or section breaks and align the parts one by one"


class AlignError(InputError):
    """The two texts cannot be aligned within the work budget (one line: what, and what to do)."""


def _limit(value: int | None, default: int) -> int:
    return default if value is None else value


def check_sides(n_ru: int, n_en: int, params: AlignParams) -> None:
    """Refuse a side with more sentences than the budget allows."""
    limit = _limit(params.max_sentences, MAX_SENTENCES)
    for side, count in (("Russian", n_ru), ("English", n_en)):
        if count > limit:
            raise AlignError(f"the {side} text has {count:,} sentences, more than the {limit:,} one alignment takes; {_SPLIT}")


def check_cells(plan: Plan, level: str, params: AlignParams) -> None:
    """Refuse a plan with more DP cells than the budget allows."""
    limit = _limit(params.max_cells, MAX_CELLS)
    if plan.cells > limit:
        raise AlignError(
            f"the texts are too long and too different to align in one go ({plan.n:,} Russian and {plan.m:,} English "
            f"{level}s, few anchors: {plan.cells:,} DP cells, the limit is {limit:,}); {_SPLIT}"
        )


@dataclass
class Work:
    """What :func:`solve` did, for tests and benchmarks."""

    cells: int = 0  #: DP cells visited, fall-backs included
    pieces: int = 0
    widened: int = 0  #: pieces solved a second time in a wider band
    lean: int = 0  #: DP runs too large for full tables, run checkpointed (:mod:`.lean`)
    peak_cells: int = 0  #: the most cells held in full tables at once (a block, when checkpointed)


def solve(cost: CostFn, plan: Plan, params: AlignParams, *, temperature: float, work: Work | None = None) -> list[Bead]:
    """The bead path through ``plan`` (global indices), each bead with its posterior."""
    work = work if work is not None else Work()
    budget = 2 * max(plan.cells, _limit(params.max_cells, MAX_CELLS))
    corners = [(0, 0), *_valid_cuts(plan), (plan.n, plan.m)]
    out: list[Bead] = []
    for (i0, j0), (i1, j1) in zip(corners, corners[1:]):
        work.pieces += 1
        out += _piece(cost, plan, (i0, j0, i1, j1), params, temperature, work, budget)
    return out


def _valid_cuts(plan: Plan) -> list[tuple[int, int]]:
    """The plan's cuts that lie inside the soft band, strictly increasing on both sides."""
    lo, hi = plan.soft
    out: list[tuple[int, int]] = []
    for i, j in plan.cuts:
        if 0 < i < plan.n and 0 < j < plan.m and lo[i] <= j <= hi[i] and (not out or (i > out[-1][0] and j > out[-1][1])):
            out.append((i, j))
    return out


def _piece(
    cost: CostFn, plan: Plan, box: tuple[int, int, int, int], params: AlignParams, t: float, work: Work, budget: int
) -> list[Bead]:
    i0, j0, i1, j1 = box
    n, m = i1 - i0, j1 - j0
    lo, hi = _clipped(plan.soft, box)
    wide_lo, wide_hi = _clipped(plan.wide, box)

    def local(i: int, j: int, di: int, dj: int) -> float:
        return cost(i + i0, j + j0, di, dj)

    beads = _run(n, m, local, lo, hi, params, t, work)
    if not plan.exact and _touches_edge(beads, lo, hi, wide_lo, wide_hi):
        size = _cells(lo, hi)
        if _cells(wide_lo, wide_hi) > max(4 * size, params.exact_cells):
            wide_lo, wide_hi = _triple(lo, hi, wide_lo, wide_hi)
        if work.cells + _cells(wide_lo, wide_hi) <= budget:
            work.widened += 1
            beads = _run(n, m, local, wide_lo, wide_hi, params, t, work)
    return [Bead(b.i + i0, b.j + j0, b.di, b.dj, b.cost, b.posterior) for b in beads]


def _clipped(bounds: tuple[list[int], list[int]], box: tuple[int, int, int, int]) -> tuple[list[int], list[int]]:
    """Rows ``i0..i1`` of ``bounds`` inside the box, relative to its corner (row 0 starts at 0,
    the last row ends at the box's width)."""
    i0, j0, i1, j1 = box
    lo = [max(bounds[0][r], j0) - j0 for r in range(i0, i1 + 1)]
    hi = [min(bounds[1][r], j1) - j0 for r in range(i0, i1 + 1)]
    lo[0], hi[-1] = 0, j1 - j0
    return lo, [max(h, l) for l, h in zip(lo, hi)]


def _cells(lo: Sequence[int], hi: Sequence[int]) -> int:
    return sum(h - l + 1 for l, h in zip(lo, hi))


def _run(n: int, m: int, cost: CostFn, lo: list[int], hi: list[int], params: AlignParams, t: float, work: Work) -> list[Bead]:
    """One DP over explicit rows: in full tables when they are small enough, else checkpointed."""
    size = _cells(lo, hi)
    work.cells += size
    if size <= params.direct_cells:
        work.peak_cells = max(work.peak_cells, size)
        return best_path(n, m, cost, bounds=(lo, hi), temperature=t)
    work.lean += 1
    block = max(1, params.direct_cells // 2)
    work.peak_cells = max(work.peak_cells, block)
    return lean_best_path(n, m, cost, (lo, hi), temperature=t, block_cells=block)


def _touches_edge(beads: Sequence[Bead], lo: list[int], hi: list[int], wide_lo: list[int], wide_hi: list[int]) -> bool:
    """Whether the path runs along the soft band's edge where the wide bounds leave room."""
    for b in beads:
        for i, j in ((b.i, b.j), (b.i + b.di, b.j + b.dj)):
            if (j <= lo[i] and lo[i] > wide_lo[i]) or (j >= hi[i] and hi[i] < wide_hi[i]):
                return True
    return False


def _triple(lo: list[int], hi: list[int], wide_lo: list[int], wide_hi: list[int]) -> tuple[list[int], list[int]]:
    """Each row three times as wide (at least 16 more columns either side), within the wide bounds."""
    grow = [max(16, h - l) for l, h in zip(lo, hi)]
    return (
        [max(wl, l - g) for l, g, wl in zip(lo, grow, wide_lo)],
        [min(wh, h + g) for h, g, wh in zip(hi, grow, wide_hi)],
    )
