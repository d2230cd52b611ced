"""Runs of the DOCX edition: text tagged with its language, inline marks as run formatting.

:func:`write_inline` cuts a text at the edges of its marks (``em`` italic, ``strong`` bold,
``sup``/``sub`` super-/subscript, ``code`` monospace; marks may nest or overlap) and at its
note references, writing one run per piece and calling back at each reference's offset.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .docx_styles import CODE_FONT, WORD_LANG
from .docx_xml import set_fonts, set_lang

if TYPE_CHECKING:
    from ..model import Mark

__all__ = ["INLINE_KINDS", "add_text", "format_run", "write_inline"]

#: Mark kinds that are run formatting (``noteref`` is a place, not a span).
INLINE_KINDS = ("em", "strong", "sup", "sub", "code")

#: Called with the paragraph and the note id at a note reference's place.
RefWriter = Callable[[Any, str], None]


def format_run(run: Any, lang: str, kinds: Collection[str] = ()) -> None:
    """Tag ``run`` with ``lang`` (``"ru"``/``"en"``) and apply the mark ``kinds``."""
    rpr = run._r.get_or_add_rPr()
    if "code" in kinds:
        set_fonts(rpr, CODE_FONT)
    if "strong" in kinds:
        run.font.bold = True
    if "em" in kinds:
        run.font.italic = True
    if "sup" in kinds:
        run.font.superscript = True
    elif "sub" in kinds:
        run.font.subscript = True
    set_lang(rpr, WORD_LANG[lang])


def add_text(paragraph: Any, text: str, lang: str, kinds: Collection[str] = ()) -> Any:
    """Add ``text`` as one run tagged with ``lang`` (``\\n`` becomes a line break); return it."""
    run = paragraph.add_run(text)
    format_run(run, lang, kinds)
    return run


def _cuts(text: str, marks: Sequence[Mark], refs: Iterable[int]) -> list[int]:
    n = len(text)
    points = {0, n, *(min(max(p, 0), n) for p in refs)}
    for m in marks:
        points.update((min(max(m.start, 0), n), min(max(m.end, 0), n)))
    return sorted(points)


def write_inline(paragraph: Any, text: str, lang: str, marks: Sequence[Mark] = (),
                 refs: Sequence[tuple[int, str]] = (), on_ref: RefWriter | None = None,
                 whole: Collection[str] = ()) -> None:
    """Write ``text`` into ``paragraph`` with ``marks`` as run formatting and ``whole`` mark kinds
    on every run; ``on_ref(paragraph, note_id)`` runs at each ``(offset, note id)`` of ``refs``
    (after the text before it, in offset order)."""
    spans = [m for m in marks if m.kind in INLINE_KINDS]
    n = len(text)
    pending = sorted(((min(max(p, 0), n), ref) for p, ref in refs), key=lambda r: r[0])
    cuts = _cuts(text, spans, (p for p, _ in pending))
    k = 0
    for i, a in enumerate(cuts):
        while k < len(pending) and pending[k][0] == a:
            if on_ref is not None:
                on_ref(paragraph, pending[k][1])
            k += 1
        if i + 1 < len(cuts) and cuts[i + 1] > a:
            b = cuts[i + 1]
            kinds = set(whole) | {m.kind for m in spans if m.start <= a and m.end >= b}
            add_text(paragraph, text[a:b], lang, kinds)
