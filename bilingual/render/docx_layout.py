"""How tall a row of the side-by-side table will be, estimated before Word or LibreOffice lays it out.

A row that must not split (``w:cantSplit``) and does not fit at the foot of a page moves
whole to the next page, leaving a hole as tall as the space it did not fit in. Short rows keep
``cantSplit`` (a sentence pair is read together); a row estimated taller than
:data:`SPLIT_FRACTION` of the printable height may split, so no hole reaches a quarter page.

The estimate needs no font metrics: the characters of each side at the style's font size, an
average advance of :data:`CHAR_EM` em per character (Russian and English running text in
Times New Roman / Liberation Serif, measured on LibreOffice's PDF of the edition: 40 and 50
characters per 11-point line of a portrait column) give the lines of each paragraph; a line is
:data:`LINE_EM` em tall; paragraph spacing is added. The taller side is the row's height.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["CHAR_EM", "LINE_EM", "SPLIT_FRACTION", "StyleMetrics", "style_metrics", "text_height"]

#: Average advance per character, in em, of running text in the body face, by language.
CHAR_EM = {"ru": 0.52, "en": 0.43}
#: Height of one line in em (line spacing 1.15 × the face's ascent plus descent).
LINE_EM = 1.32
#: Rows estimated taller than this fraction of the printable page height may split across pages.
SPLIT_FRACTION = 0.25

#: (font size in points, space before + after in points) of a paragraph style.
StyleMetrics = Mapping[str | None, tuple[float, float]]


def _pt(length: Any) -> float | None:
    return None if length is None else length.pt


def style_metrics(word: Any, names: Iterable[str]) -> dict[str | None, tuple[float, float]]:
    """Size and spacing of each paragraph style in ``names`` (and of Normal, key ``None``),
    following base styles as Word does."""

    def lookup(style: Any, attr: str) -> float | None:
        while style is not None:
            owner = style.font if attr == "size" else style.paragraph_format
            value = _pt(getattr(owner, attr))
            if value is not None:
                return value
            style = style.base_style
        return None

    out: dict[str | None, tuple[float, float]] = {}
    for name in (None, *names):
        style = word.styles["Normal" if name is None else name]
        size = lookup(style, "size") or 11.0
        spacing = (lookup(style, "space_before") or 0.0) + (lookup(style, "space_after") or 0.0)
        out[name] = (size, spacing)
    return out


def text_height(paragraphs: Iterable[tuple[str, str | None]], width_pt: float, metrics: StyleMetrics,
                lang: str = "ru") -> float:
    """Estimated height in points of ``paragraphs`` — ``(text, style name)`` in ``lang`` — set
    in a column ``width_pt`` wide."""
    total = 0.0
    em = CHAR_EM.get(lang, max(CHAR_EM.values()))
    for text, style in paragraphs:
        size, spacing = metrics.get(style) or metrics[None]
        per_line = max(int(width_pt / (size * em)), 1)
        lines = sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))
        total += lines * size * LINE_EM + spacing
    return total
