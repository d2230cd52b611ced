"""The walk over a DOCX body, in reading order, into blocks of a :class:`BookBuilder`.

Paragraphs and tables come as they stand in ``w:body`` (content controls and custom XML are
looked into); each table cell is one ``table-cell`` block (a merged cell is one ``w:tc`` and so
read once; nested tables follow their cell). In a paragraph, runs give text and marks; links,
tracked insertions, simple fields and ruby bases are read through; tracked deletions, field codes
(``w:instrText``, the part of a complex field before ``separate``) and placeholder text of empty
content controls are not. Pictures (DrawingML ``a:blip``, VML ``v:imagedata``) and text boxes
(``w:txbxContent``) found in a paragraph are emitted right after its text, in order — for a
paragraph holding only a picture, that is in place. Of an ``mc:AlternateContent`` only the first
``mc:Choice`` is read, so a text box Word also saved as a VML fallback is read once.

A picture next to a Caption paragraph becomes one ``image`` block whose text is the caption: the
caption below it if there is one, else the one just above; a picture without one has no text
(its alt text stays on the :class:`~bilingual.model.Image`). A paragraph of only ``* * *``,
``***``, ``⁂`` or a rule of dashes, whatever its style, is a ``separator`` and starts no chapter.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Block
from .common import BookBuilder, Inline
from .docx_styles import ParaStyle, StyleSheet
from .docx_xml import W, children_of, wattr

__all__ = ["BodyWalker", "SEPARATOR", "paragraphs"]

#: A scene break: ``* * *``, ``***``, ``⁂``, ``---``, ``~~~``…
SEPARATOR = re.compile(r"^(?:⁂|(?:[*∗⁎✱•·#~]\s*){3,}|(?:[-—–_=]\s*){3,})$")
_NOTE_PREFIX = {W.footnoteReference: "fn", W.endnoteReference: "en"}
_TRANSPARENT = frozenset({W.hyperlink, W.smartTag, W.customXml, W.ins, W.moveTo, W.dir, W.bdo, W.fldSimple})
_DELETED = frozenset({W.dele, W.moveFrom})


@dataclass
class _Para:
    """A paragraph being read: its text, style, and what it found besides text."""

    inline: Inline
    style: ParaStyle
    note: bool = False  #: inside a footnote or endnote: no references, no pictures
    deferred: list[tuple[str, Any]] = field(default_factory=list)  #: ("image", id) / ("box", element)
    refs: list[str] = field(default_factory=list)
    open: frozenset[str] = frozenset()

    def set_marks(self, marks: frozenset[str]) -> None:
        """Close the open marks not in ``marks`` and open the missing ones."""
        for kind in sorted(self.open - marks):
            self.inline.close_mark(kind)
        for kind in sorted(marks - self.open):
            self.inline.open_mark(kind)
        self.open = marks


def _flat(container: Any) -> Iterator[Any]:
    """The ``w:p`` and ``w:tbl`` children of a container, through content controls and custom XML."""
    for child in container:
        if child.tag in (W.p, W.tbl):
            yield child
        elif child.tag == W.sdt:
            content = child.find(W.sdtContent)
            if content is not None:
                yield from _flat(content)
        elif child.tag == W.customXml:
            yield from _flat(child)


def paragraphs(container: Any) -> Iterator[Any]:
    """Every paragraph of a container in order, tables' cells included (for notes)."""
    for child in _flat(container):
        if child.tag == W.p:
            yield child
        else:
            for tr in children_of(child, W.tr):
                for tc in children_of(tr, W.tc):
                    yield from paragraphs(tc)


def _bookmark(p: Any) -> str:
    """The name of the paragraph's first bookmark (what a TOC links to), or ""."""
    for el in p.iter(W.bookmarkStart):
        name = wattr(el, "name") or ""
        if name and name != "_GoBack":
            return name
    return ""


class BodyWalker:
    """Reads a document part's body into ``book``; see the module docstring."""

    def __init__(self, book: BookBuilder, part: Any, styles: StyleSheet) -> None:
        self.book, self.part, self.styles = book, part, styles
        self.fields: list[str] = []  #: open complex fields: "instr" until separate, then "result"
        self.note_chapters: dict[str, int] = {}  #: note id → chapter of its first reference
        self.first_title = ""  #: text of the first Title-style paragraph
        self.counts: Counter[str] = Counter()  #: what was left out: deleted, toc, object, linked, altChunk
        self._pending: tuple[Block, Block | None] | None = None  #: an image awaiting its caption

    # ------------------------------------------------------------------ blocks
    def walk(self, container: Any) -> None:
        """Read the block-level content of ``container`` (a body, cell, text box, content control)."""
        for child in container:
            tag = child.tag
            if tag == W.p:
                self.paragraph(child)
            elif tag == W.tbl:
                self.table(child)
            elif tag == W.sdt:
                content = child.find(W.sdtContent)
                if content is not None:
                    self.walk(content)
            elif tag == W.customXml:
                self.walk(child)
            elif tag == W.altChunk:
                self.counts["altChunk"] += 1

    def end(self) -> None:
        """Settle an image still waiting for a caption (call once, after the walk)."""
        self._pair(None)

    def paragraph(self, p: Any) -> None:
        """One body paragraph → a block of its style's kind (or a separator), then its pictures."""
        style = self.styles.paragraph(p.find(W.pPr))
        para = self.read(p, style)
        text = " ".join(para.inline.value.split())
        if style.kind == "skip":
            self.counts["toc"] += bool(text)
            return
        if SEPARATOR.match(text):
            block = self._add("separator", Inline())
        else:
            if style.kind == "heading" and style.level == 1 and text:
                self.book.chapter(text, source=_bookmark(p))
                if style.title and not self.first_title:
                    self.first_title = text
            block = self._add(style.kind, para.inline, level=style.level)
        if block is not None:
            self._refs(para.refs, block.chapter)
        self._deferred(para.deferred)

    def table(self, tbl: Any) -> None:
        """Each cell of ``tbl`` → a ``table-cell`` block, row by row."""
        for tr in children_of(tbl, W.tr):
            for tc in children_of(tr, W.tc):
                self.cell(tc)

    def cell(self, tc: Any) -> None:
        """A cell's paragraphs → one block (paragraphs as lines); a nested table follows its text."""
        inline, refs, deferred = Inline(), [], []
        for child in _flat(tc):
            if child.tag == W.p:
                if not inline.is_empty():
                    inline.line_break()
                para = self.read(child, self.styles.paragraph(child.find(W.pPr)), inline)
                refs += para.refs
                deferred += para.deferred
            else:
                self._cell_block(inline, refs, deferred)
                inline, refs, deferred = Inline(), [], []
                self.table(child)
        self._cell_block(inline, refs, deferred)

    def note(self, element: Any) -> Inline:
        """The text of a ``w:footnote``/``w:endnote`` (its paragraphs as lines, marks kept)."""
        saved, self.fields = self.fields, []
        inline = Inline()
        for p in paragraphs(element):
            if not inline.is_empty():
                inline.line_break()
            self.read(p, self.styles.paragraph(p.find(W.pPr)), inline, note=True)
        self.fields = saved
        return inline

    def _cell_block(self, inline: Inline, refs: list[str], deferred: list[tuple[str, Any]]) -> None:
        block = self._add("table-cell", inline)
        if block is not None:
            self._refs(refs, block.chapter)
        self._deferred(deferred)

    def _deferred(self, items: list[tuple[str, Any]]) -> None:
        for kind, value in items:
            if kind == "image":
                self._add("image", Inline(), image=value)
            else:
                self.walk(value)

    def _refs(self, refs: list[str], chapter: int) -> None:
        for ref in refs:
            self.note_chapters.setdefault(ref, chapter)

    def _add(self, kind: str, inline: Inline, **kw: Any) -> Block | None:
        block = self.book.add(kind, inline, **kw)
        if block is not None:
            self._pair(block)
        return block

    def _pair(self, block: Block | None) -> None:
        """Join an image with the Caption paragraph below it, else the one above it."""
        pending, self._pending = self._pending, None
        if pending is not None:
            image, above = pending
            if block is not None and block.kind == "caption" and block.chapter == image.chapter:
                self._merge(image, block)
                return
            if above is not None:
                self._merge(image, above)
        if block is not None and block.kind == "image":
            blocks = self.book.blocks
            prev = blocks[-2] if len(blocks) > 1 else None
            above = prev if prev is not None and prev.kind == "caption" and prev.chapter == block.chapter else None
            self._pending = (block, above)

    def _merge(self, image: Block, caption: Block) -> None:
        image.source, image.marks = caption.source, caption.marks
        blocks = self.book.blocks
        for i in range(len(blocks) - 1, -1, -1):
            if blocks[i] is caption:
                del blocks[i]
                break

    # ------------------------------------------------------------------ inline
    def read(self, p: Any, style: ParaStyle, inline: Inline | None = None, note: bool = False) -> _Para:
        """Read paragraph ``p`` into ``inline`` (a new one by default)."""
        para = _Para(Inline() if inline is None else inline, style, note)
        self.fields = ["result" for _ in self.fields]  # a field code never spans paragraphs
        self._content(p, para)
        para.set_marks(frozenset())
        return para

    @property
    def _reading(self) -> bool:
        return "instr" not in self.fields

    def _content(self, element: Any, para: _Para) -> None:
        for child in element:
            tag = child.tag
            if tag == W.r:
                marks = self.styles.run_marks(child.find(W.rPr), para.style)
                for item in child:
                    self._run_item(item, marks, para)
            elif tag in _TRANSPARENT:
                self._content(child, para)
            elif tag == W.sdt:
                props = child.find(W.sdtPr)
                content = child.find(W.sdtContent)
                if content is not None and (props is None or props.find(W.showingPlcHdr) is None):
                    self._content(content, para)
            elif tag in _DELETED:
                self.counts["deleted"] += 1
            elif tag in (W.m_oMath, W.m_oMathPara) and self._reading:
                self._write(para, "".join(t.text or "" for t in child.iter(W.m_t)), frozenset())
            elif tag == W.mc_alternate:
                choice = child.find(W.mc_choice)
                if choice is not None:
                    self._content(choice, para)

    def _run_item(self, item: Any, marks: frozenset[str], para: _Para) -> None:
        tag = item.tag
        if tag == W.fldChar:
            self._field(wattr(item, "fldCharType"))
        elif not self._reading:
            return
        elif tag == W.t:
            self._write(para, item.text, marks)
        elif tag in (W.tab, W.ptab):
            para.inline.text(" ")
        elif tag == W.br:
            if wattr(item, "type") in ("page", "column"):
                para.inline.text(" ")
            else:
                para.inline.line_break()
        elif tag == W.cr:
            para.inline.line_break()
        elif tag == W.noBreakHyphen:
            self._write(para, "-", marks)
        elif tag in _NOTE_PREFIX and not para.note:
            ref = f"{_NOTE_PREFIX[tag]}-{wattr(item, 'id')}"
            para.inline.noteref(ref)
            para.refs.append(ref)
        elif tag in (W.drawing, W.pict) and not para.note:
            self._media(item, para, "")
        elif tag == W.mc_alternate:
            choice = item.find(W.mc_choice)
            for sub in [] if choice is None else choice:
                self._run_item(sub, marks, para)
        elif tag == W.object:
            self.counts["object"] += 1
        elif tag == W.ruby:
            base = item.find(W.rubyBase)
            if base is not None:
                self._content(base, para)

    def _write(self, para: _Para, text: str | None, marks: frozenset[str]) -> None:
        if not text:
            return
        if text.strip():  # a blank run neither ends nor starts a mark
            para.set_marks(marks)
        para.inline.text(text)

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append("instr")
        elif kind == "separate" and self.fields:
            self.fields[-1] = "result"
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _media(self, element: Any, para: _Para, alt: str) -> None:
        """Pictures and text boxes inside a ``w:drawing`` / ``w:pict``, in document order."""
        for child in element:
            tag = child.tag
            if tag == W.wp_docPr:
                alt = child.get("descr") or child.get("title") or alt
            elif tag == W.pic_cNvPr:
                alt = alt or child.get("descr") or child.get("title") or ""
            elif tag == W.a_blip:
                self._picture(child.get(W.r_embed), child.get(W.r_link), alt, para)
            elif tag == W.v_imagedata:
                self._picture(child.get(W.r_id), None, alt or child.get(W.o_title) or "", para)
            elif tag == W.txbxContent:
                para.deferred.append(("box", child))
            elif tag == W.mc_alternate:
                choice = child.find(W.mc_choice)
                if choice is not None:
                    self._media(choice, para, alt)
            elif tag == W.v_shape:
                self._media(child, para, child.get("alt") or alt)
            else:
                self._media(child, para, alt)

    def _picture(self, rid: str | None, link: str | None, alt: str, para: _Para) -> None:
        rel = self.part.rels.get(rid) if rid else None
        if rel is None or rel.is_external:
            self.counts["linked"] += bool(rid or link)
            return
        target = rel.target_part
        partname = str(target.partname)
        image_id = self.book.add_image(partname, target.blob, posixpath.basename(partname), alt)
        if image_id is not None:
            para.deferred.append(("image", image_id))
