"""Paragraph and character styles of a DOCX: what kind of block a paragraph is, which marks a run
carries.

A paragraph's style is resolved through its ``w:basedOn`` chain, nearest first; each style is
known by its name and id as Word writes them (``heading 1``/``Heading1``, Russian Word's id ``1``),
as LibreOffice writes them (``Heading 1``, ``Quotations``) and as users name their own
(``Заголовок 1``, ``Цитата``). Then, in this order:

1. a direct outline level in the paragraph (``w:outlineLvl`` 0–8) → heading of that level + 1;
2. the nearest style whose name says what it is: table of contents / index (skipped: it repeats
   the headings with page numbers), title (heading 1, ``title``), heading N, subtitle, quote,
   epigraph, caption, list;
3. an outline level in the style chain → heading;
4. numbering (``w:numPr`` with a list id other than 0), direct or from the style → list item;
5. otherwise a paragraph.

Levels beyond 6 are read as 6. Bold or italic that the paragraph style itself sets (headings,
titles) is not a mark: only formatting that stands out from the paragraph is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .docx_xml import W, is_on, wattr

__all__ = ["ParaStyle", "StyleSheet"]

_NAME_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("skip", re.compile(r"^(?:toc|contents|оглавление|index|указатель)\s*\d$|^(?:toc heading|contents heading|"
                        r"заголовок оглавления|index heading|table of figures|перечень рисунков)$")),
    ("title", re.compile(r"^(?:title|название|заголовок|titel|titre|titolo|título)$")),
    ("heading", re.compile(r"^(?:heading|заголовок|überschrift|titre|titolo|título|nagłówek|kop)\s*(\d)$")),
    ("subtitle", re.compile(r"^(?:subtitle|подзаголовок|untertitel|sous-titre)$")),
    ("quote", re.compile(r"^(?:quote|intense quote|quotations|block text|цитата|цитата 2|выделенная цитата|"
                         r"цитаты|блочный текст|zitat)$")),
    ("epigraph", re.compile(r"^(?:epigraph|эпиграф)$")),
    ("caption", re.compile(r"^(?:caption|название объекта|подпись|подпись к рисунку|beschriftung|légende)$")),
    ("list-item", re.compile(r"^(?:list paragraph|абзац списка|list (?:bullet|number)(?: \d)?|list \d|"
                             r"numbering \d|маркированный список(?: \d)?|нумерованный список(?: \d)?)$")),
)
_STRONG_NAMES = re.compile(r"^(?:strong|intense emphasis|строгий|сильное выделение)$")
_EM_NAMES = re.compile(r"^(?:emphasis|subtle emphasis|выделение|слабое выделение)$")


@dataclass(frozen=True)
class ParaStyle:
    """What a paragraph is: its block kind (or ``skip``), heading level, and the bold/italic its
    style already gives it."""

    kind: str = "paragraph"
    level: int = 0
    title: bool = False  #: the Title style (a heading 1 that may name the book)
    bold: bool = False
    italic: bool = False


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _outline(ppr: Any) -> int | None:
    """The outline level 0–8 of a ``w:pPr`` (9 means body text: None)."""
    el = None if ppr is None else ppr.find(W.outlineLvl)
    try:
        value = int(wattr(el, "val") or "")
    except ValueError:
        return None
    return value if 0 <= value <= 8 else None


def _numbered(ppr: Any) -> bool:
    num = None if ppr is None else ppr.find(W.numPr)
    if num is None:
        return False
    num_id = wattr(num.find(W.numId), "val")
    return num_id is None or num_id != "0"


class StyleSheet:
    """The styles part of a document, answering for paragraphs and runs."""

    def __init__(self, styles_root: Any) -> None:
        self._styles: dict[tuple[str, str], Any] = {}
        self._default: dict[str, str] = {}
        self._para_cache: dict[str, ParaStyle] = {}
        for el in [] if styles_root is None else styles_root.iter(W.style):
            kind, sid = wattr(el, "type") or "paragraph", wattr(el, "styleId") or ""
            self._styles.setdefault((kind, sid), el)
            if _is_default(el):
                self._default.setdefault(kind, sid)

    def chain(self, kind: str, style_id: str | None) -> list[Any]:
        """The style ``style_id`` of ``kind`` and its base styles, nearest first."""
        if style_id is None:
            style_id = self._default.get(kind)
        chain: list[Any] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(chain) < 32:
            seen.add(style_id)
            el = self._styles.get((kind, style_id))
            if el is None:
                break
            chain.append(el)
            style_id = wattr(el.find(W.basedOn), "val")
        return chain

    def paragraph(self, ppr: Any) -> ParaStyle:
        """The :class:`ParaStyle` of a paragraph with properties ``ppr`` (``w:pPr`` or None)."""
        style_id = wattr(None if ppr is None else ppr.find(W.pStyle), "val")
        base = self._para_cache.get(style_id or "")
        if base is None:
            base = self._para_cache[style_id or ""] = self._classify(self.chain("paragraph", style_id))
        direct = _outline(ppr)
        if direct is not None and base.kind not in ("skip", "heading"):
            return ParaStyle("heading", min(direct + 1, 6), False, base.bold, base.italic)
        if base.kind == "paragraph" and _numbered(ppr):
            return ParaStyle("list-item", 0, False, base.bold, base.italic)
        return base

    def _classify(self, chain: list[Any]) -> ParaStyle:
        bold = _inherited(chain, W.b)
        italic = _inherited(chain, W.i)
        for el in chain:
            names = (_norm(wattr(el.find(W.name), "val")), _norm(wattr(el, "styleId")))
            for kind, pattern in _NAME_KINDS:
                m = next((m for n in names if n and (m := pattern.match(n))), None)
                if m is None:
                    continue
                if kind == "title":
                    return ParaStyle("heading", 1, True, bold, italic)
                if kind == "heading":
                    return ParaStyle("heading", max(1, min(int(m.group(1)), 6)), False, bold, italic)
                return ParaStyle(kind, 0, False, bold, italic)
        for el in chain:
            level = _outline(el.find(W.pPr))
            if level is not None:
                return ParaStyle("heading", min(level + 1, 6), False, bold, italic)
        if any(_numbered(el.find(W.pPr)) for el in chain):
            return ParaStyle("list-item", 0, False, bold, italic)
        return ParaStyle("paragraph", 0, False, bold, italic)

    def run_marks(self, rpr: Any, para: ParaStyle) -> frozenset[str]:
        """The marks (em, strong, sup, sub) of a run with properties ``rpr`` in a paragraph of
        style ``para``: direct formatting first, then the run's character style chain."""
        style_id = wattr(None if rpr is None else rpr.find(W.rStyle), "val")
        chain = self.chain("character", style_id) if style_id else []
        sources = ([rpr] if rpr is not None else []) + [el.find(W.rPr) for el in chain]
        sources = [s for s in sources if s is not None]
        marks: set[str] = set()
        names = [_norm(wattr(el.find(W.name), "val")) for el in chain]
        strong = _first(sources, W.b)
        if strong is None:
            strong = any(_STRONG_NAMES.match(n) for n in names)
        italic = _first(sources, W.i)
        if italic is None:
            italic = any(_EM_NAMES.match(n) for n in names)
        if strong and not para.bold:
            marks.add("strong")
        if italic and not para.italic:
            marks.add("em")
        for src in sources:
            align = src.find(W.vertAlign)
            if align is not None:
                value = wattr(align, "val")
                if value == "superscript":
                    marks.add("sup")
                elif value == "subscript":
                    marks.add("sub")
                break
        return frozenset(marks)


def _is_default(style: Any) -> bool:
    """Whether a ``w:style`` is the default of its type (``w:default="1"``)."""
    return style.get(W.default) in ("1", "true", "on")


def _first(sources: list[Any], prop: str) -> bool | None:
    """The value of on/off property ``prop`` in the first of ``sources`` that sets it."""
    for src in sources:
        el = src.find(prop)
        if el is not None:
            return is_on(el)
    return None


def _inherited(chain: list[Any], prop: str) -> bool:
    sources = [s for s in (el.find(W.rPr) for el in chain) if s is not None]
    return bool(_first(sources, prop))
