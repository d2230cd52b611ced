"""Runs of the DOCX edition, as XML text: text tagged with its language, inline marks as run
formatting.

:func:`inline_xml` cuts a text at the edges of its marks (``em`` italic, ``strong`` bold,
``sup``/``sub`` super-/subscript, ``code`` monospace; marks may nest or overlap) and at its
note references, writing one run per piece and calling back at each reference's offset.
Every run carries ``w:lang`` (ru-RU / en-US) so spell-checkers use the right dictionary.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from .docx_styles import CODE_FONT, WORD_LANG
from .docx_xml import fonts_xml, text_xml

if TYPE_CHECKING:
    from ..model import Mark

__all__ = ["INLINE_KINDS", "rpr_xml", "run_xml", "inline_xml"]

#: Mark kinds that are run formatting (``noteref`` is a place, not a span).
INLINE_KINDS = ("em", "strong", "sup", "sub", "code")

#: Called with a note id at a note reference's place; returns the reference's runs as XML.
RefWriter = Callable[[str], str]


@lru_cache(maxsize=512)
def _rpr(lang: str, kinds: frozenset[str], style: str, color: str) -> str:
    parts = []  # CT_RPr order: rStyle, rFonts, b, i, color, vertAlign, lang
    if style:
        parts.append(f'<w:rStyle w:val="{style}"/>')
    if "code" in kinds:
        parts.append(fonts_xml(CODE_FONT))
    if "strong" in kinds:
        parts.append("<w:b/>")
    if "em" in kinds:
        parts.append("<w:i/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if "sup" in kinds:
        parts.append('<w:vertAlign w:val="superscript"/>')
    elif "sub" in kinds:
        parts.append('<w:vertAlign w:val="subscript"/>')
    parts.append(f'<w:lang w:val="{WORD_LANG[lang]}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>"


def rpr_xml(lang: str, kinds: Collection[str] = (), style: str = "", color: str = "") -> str:
    """The ``w:rPr`` of a run in ``lang`` (``"ru"``/``"en"``) with the mark ``kinds``, the
    character style id ``style`` and the colour ``color`` (hex RGB)."""
    return _rpr(lang, frozenset(kinds), style, color or "")


def run_xml(text: str, lang: str, kinds: Collection[str] = (), style: str = "", color: str = "") -> str:
    """One run holding ``text`` (``\\n`` becomes a line break), tagged with ``lang``."""
    return f"<w:r>{rpr_xml(lang, kinds, style, color)}{text_xml(text)}</w:r>"


def _cuts(text: str, marks: Sequence[Mark], refs: Iterable[int]) -> list[int]:
    n = len(text)
    points = {0, n, *(min(max(p, 0), n) for p in refs)}
    for m in marks:
        points.update((min(max(m.start, 0), n), min(max(m.end, 0), n)))
    return sorted(points)


def inline_xml(text: str, lang: str, marks: Sequence[Mark] = (), refs: Sequence[tuple[int, str]] = (),
               on_ref: RefWriter | None = None, whole: Collection[str] = (), color: str = "") -> str:
    """The runs of ``text`` with ``marks`` as run formatting and ``whole`` mark kinds on every run;
    ``on_ref(note_id)`` is written at each ``(offset, note id)`` of ``refs`` (after the text
    before it, in offset order)."""
    spans = [m for m in marks if m.kind in INLINE_KINDS]
    if not spans and not refs:  # the common case: one run
        return run_xml(text, lang, whole, color=color) if text else ""
    n = len(text)
    pending = sorted(((min(max(p, 0), n), ref) for p, ref in refs), key=lambda r: r[0])
    cuts = _cuts(text, spans, (p for p, _ in pending))
    out, k = [], 0
    for i, a in enumerate(cuts):
        while k < len(pending) and pending[k][0] == a:
            if on_ref is not None:
                out.append(on_ref(pending[k][1]))
            k += 1
        if i + 1 < len(cuts) and cuts[i + 1] > a:
            b = cuts[i + 1]
            kinds = set(whole) | {m.kind for m in spans if m.start <= a and m.end >= b}
            out.append(run_xml(text[a:b], lang, kinds, color=color))
    return "".join(out)
