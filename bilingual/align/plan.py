"""Which cells each DP searches: the band around the expected path, how far it may widen, and
where the path is cut on anchors.

A :class:`Plan` gives, for every row ``i`` of a DP, the columns searched first (``soft``), the
columns the fall-back widens to (``wide``) and the anchor corners the path is forced through
(``cuts``); :mod:`.bounds` runs it. Anchors (:mod:`.chunk`) are *knots*: the band follows the
straight lines between them, so a chapter the translator dropped bends the band there instead
of needing a band as wide as the whole difference everywhere; only the safest are also cuts.

* **Paragraphs.** A text whose original band (``AlignParams.band`` paragraphs either side of
  the diagonal, plus the count difference) has at most ``AlignParams.exact_cells`` cells keeps
  exactly that band, no cuts, no fall-back — every article does, and aligns as it always has.
  A longer text gets :data:`BASE_WIDTH` plus :func:`extra_width` of each knot-to-knot
  difference either side of the knotted line; the fall-back widens to the original width
  (``band`` plus the whole difference) through the same knots.
* **Sentences.** Each Russian sentence may pair with the English of its own paragraph link,
  give or take ``AlignParams.slack`` sentences. A link whose original rows (its rectangle, or,
  when long and narrow, the diagonal band of the link) have at most ``exact_cells`` cells keeps
  them, with the whole rectangle as the fall-back; a bigger link — a one-paragraph book — is
  searched in ``slack + INNER_BAND`` plus :func:`extra_width` around the line through the
  anchors inside it, with the whole difference as the fall-back.

:func:`extra_width` is what "widened where the counts differ" means: when one side has ``d``
more segments, a path whose extra segments are spread out strays from the straight line by a
random walk's ``√d / 2`` or so; the band takes ``min(d, 2√d, EXTRA_CAP)`` and leaves bunched
extras (a dropped chapter) to the anchors and the fall-back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from .anchors import Segment
from .chunk import anchor_points, safe_cuts
from .lattice import Bead, _Band
from .score import AlignParams

__all__ = ["Plan", "band_through", "extra_width", "paragraph_plan", "sentence_plan"]

#: Paragraph level, texts too long for the exact band: half-width before the count difference.
BASE_WIDTH = 20
#: Sentence level, inside a long paragraph link: half-width before slack and count difference.
INNER_BAND = 10
#: The count difference widens a band by at most this much (the fall-back may widen further).
EXTRA_CAP = 200

Bounds = tuple[list[int], list[int]]


@dataclass
class Plan:
    """The cells one DP searches: ``soft`` first, ``wide`` on the fall-back, through ``cuts``."""

    n: int
    m: int
    soft: Bounds
    wide: Bounds
    cuts: list[tuple[int, int]] = field(default_factory=list)
    exact: bool = False  #: the aligner's original band: no cuts, no widening

    @property
    def cells(self) -> int:
        """Cells in the soft band."""
        return sum(h - l + 1 for l, h in zip(*self.soft))


def extra_width(d: int) -> int:
    """How much a band widens when one side has ``d`` more segments than the other."""
    d = abs(d)
    return min(d, math.ceil(2 * math.sqrt(d)), EXTRA_CAP)


def band_through(
    knots: Sequence[tuple[int, int]],
    cuts: Collection[tuple[int, int]],
    base: int,
    lo: list[int],
    hi: list[int],
    *,
    clip: tuple[int, int],
    extra: Callable[[int], int] = extra_width,
) -> None:
    """Widen rows ``lo``/``hi`` (in place, min/max) by a band through ``knots``: between two
    knots, ``base + extra(difference)`` either side of the straight line, clipped to a knot's
    column where the knot is a cut (else to ``clip``), and every row reaching the next row's
    first column so that a monotone path can always go on."""
    for (i0, j0), (i1, j1) in zip(knots, knots[1:]):
        width = base + extra((i1 - i0) - (j1 - j0))
        left = j0 if (i0, j0) in cuts else clip[0]
        right = j1 if (i1, j1) in cuts else clip[1]
        rows = i1 - i0
        for r in range(i0, i1 + 1):
            centre = j0 + (r - i0) * (j1 - j0) / rows if rows else j0
            lo[r] = min(lo[r], max(left, math.floor(centre) - width))
            hi[r] = max(hi[r], min(right, math.ceil(centre) + width))
        for r in range(i0, i1):
            hi[r] = max(hi[r], lo[r + 1])
        if rows == 0:  # only one side advances: the row must span the whole run
            lo[i0], hi[i0] = min(lo[i0], max(left, j0)), max(hi[i0], min(right, j1))


def _empty(n: int, m: int) -> Bounds:
    return [m] * (n + 1), [0] * (n + 1)


def paragraph_plan(ru: Sequence[Segment], en: Sequence[Segment], c: float, params: AlignParams) -> Plan:
    """The paragraph DP's plan (see the module docstring)."""
    n, m = len(ru), len(en)
    grid = _Band.make(n, m, params.band, None)
    if grid.cells() <= params.exact_cells:
        return Plan(n, m, (grid.lo, grid.hi), (grid.lo, grid.hi), exact=True)
    points = anchor_points(ru, en, c, params)
    cuts = safe_cuts(points, ru, en, c, params)
    knots, at = [(0, 0), *points, (n, m)], set(cuts)
    soft, wide = _empty(n, m), _empty(n, m)
    base = params.band if params.band is not None else max(n, m)
    band_through(knots, at, min(BASE_WIDTH, base), *soft, clip=(0, m))
    band_through(knots, at, base, *wide, clip=(0, m), extra=abs)  # the original band, through the knots
    return Plan(n, m, soft, wide, cuts)


def sentence_plan(
    para_beads: Sequence[Bead],
    ru_counts: Sequence[int],
    en_counts: Sequence[int],
    ru_segs: Sequence[Segment],
    en_segs: Sequence[Segment],
    c: float,
    params: AlignParams,
) -> tuple[list[int], list[int], Plan]:
    """From the paragraph links: which link each sentence is in, and the sentence DP's plan."""
    slack = params.slack
    ru_link: list[int] = []
    en_link: list[int] = []
    n, m = len(ru_segs), len(en_segs)
    soft, wide = _empty(n, m), _empty(n, m)
    cuts: list[tuple[int, int]] = []
    exact = True
    a = b = 0
    for k, bead in enumerate(para_beads):
        x = sum(ru_counts[bead.i : bead.i + bead.di])
        y = sum(en_counts[bead.j : bead.j + bead.dj])
        ru_link += [k] * x
        en_link += [k] * y
        clip = (b - slack, b + y + slack)
        if _link_cells(x, y, slack) <= params.exact_cells:
            _link_rows(a, b, x, y, slack, *soft)
            for row in range(a, a + x + 1):
                wide[0][row] = min(wide[0][row], clip[0])
                wide[1][row] = max(wide[1][row], clip[1])
        else:
            exact = False
            r_segs, e_segs = ru_segs[a : a + x], en_segs[b : b + y]
            points = anchor_points(r_segs, e_segs, c, params)
            inside = [(a + i, b + j) for i, j in safe_cuts(points, r_segs, e_segs, c, params)]
            cuts += inside
            knots = [(a, b), *((a + i, b + j) for i, j in points), (a + x, b + y)]
            band_through(knots, set(inside), slack + INNER_BAND, *soft, clip=clip)
            band_through(knots, set(inside), slack + INNER_BAND, *wide, clip=clip, extra=abs)
        a, b = a + x, b + y
    return ru_link, en_link, Plan(n, m, soft, soft if exact else wide, cuts, exact=exact)


def _link_width(x: int, y: int, slack: int) -> int:
    return slack + max(INNER_BAND, abs(x - y))


def _link_cells(x: int, y: int, slack: int) -> int:
    """Cells of one link's rows as :func:`_link_rows` sets them (an upper bound: before clipping)."""
    width = _link_width(x, y, slack)
    if x and y > 2 * width:
        return (x + 1) * (2 * width + 2)
    return (x + 1) * (y + 2 * slack + 1)


def _link_rows(a: int, b: int, x: int, y: int, slack: int, lo: list[int], hi: list[int]) -> None:
    """The original bounds of one paragraph link (x Russian sentences from ``a``, y English from
    ``b``): its rectangle give or take ``slack``, or, inside a long link, a diagonal band as wide
    as the link's sentence-count difference plus ``INNER_BAND``."""
    width = _link_width(x, y, slack)
    for row in range(a, a + x + 1):
        if x and y > 2 * width:
            centre = b + (row - a) * y / x
            row_lo, row_hi = math.floor(centre) - width, math.ceil(centre) + width
        else:
            row_lo, row_hi = b - slack, b + y + slack
        lo[row] = min(lo[row], max(b - slack, row_lo))
        hi[row] = max(hi[row], min(b + y + slack, row_hi))
