"""The chapter files of the EPUB edition: one XHTML file per chapter, long chapters split.

Each chapter (:func:`~bilingual.render.common.chapter_rows`) becomes ``chNN.xhtml`` (an article,
a single chapter, keeps ``article.xhtml``). Its content is cut into *units* that must stay in
one file: the title block, each block's rows, each footnote aside. Units are packed greedily
into files of at most :data:`MAX_FILE_BYTES` serialised bytes (``chNN.xhtml``,
``chNN-part2.xhtml``…); a heading is never the last unit of a part. Sizes are measured by
serialising each unit (links carry a placeholder as long as any real file name); every file is
then serialised and checked, and a chapter whose files still came out too big is packed again
with a smaller budget. Only a single unit bigger than the limit (one enormous paragraph) can
make a file pass it. Once every id's file is known, links become ``#id`` within a file and
``file#id`` across files.

Memory: a unit's elements live only until it is measured; it is then kept as its serialised
bytes, compressed (:mod:`~bilingual.render.epub_units`), and each file is put together from
them when it is written (:attr:`ChapterFile.content`), so a book never exists as one tree.

The notes of a chapter follow its last block, so they land in its last part (or parts, if
they are many), wrapped in ``<section epub:type="footnotes">``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from .common import Row, chapter_rows, clean_text, note_numbers
from .epub_rows import langs_row, row_elements, title_block
from .epub_units import STUB, InPlace, UnitBytes, fill_skeleton, fix_links
from .epub_xhtml import (
    EPUB_TYPE,
    XHTML_NS,
    Context,
    E,
    footnote,
    new_page,
    note_anchor,
    serialise,
)

if TYPE_CHECKING:
    from ..model import Chapter, Document

__all__ = [
    "ARTICLE_STEM",
    "MAX_FILE_BYTES",
    "ChapterFile",
    "ChapterPlan",
    "Unit",
    "footnote_numbers",
    "note_key",
    "pack",
    "plan_chapters",
    "write_chapters",
]

#: No XHTML file of the edition is bigger than this (serialised bytes; some reading systems,
#: older Kobo and Kindle among them, slow down or fail on bigger spine items).
MAX_FILE_BYTES = 250_000
#: The file stem of a single-chapter document's text (an article); chapters of books are ``chNN``.
ARTICLE_STEM = "article"
_NS_DECLS = (b' xmlns="http://www.w3.org/1999/xhtml"', b' xmlns:epub="http://www.idpf.org/2007/ops"')
_INDENT = 8  # pretty-printing indents a unit's lines by its depth in the page (at most 4 levels)
_TEXT_DEPTH, _NOTE_DEPTH = 3, 4  # html > body > section > unit; a footnote is in a section below


@dataclass(slots=True)
class Unit:
    """Elements that go into one file together, and their measured size in bytes.

    Once measured, the unit is *stored* (:class:`_Storing`): ``elements`` is emptied, ``ref``
    locates its serialised bytes in the plans' :class:`~bilingual.render.epub_units.UnitBytes`
    and ``ids`` lists the ids it holds, in document order.
    """

    elements: list[Any]
    size: int = 0
    keep_with_next: bool = False  #: a heading or the title block: never the last unit of a part
    note: bool = False  #: a footnote aside (goes into the footnotes section)
    front: bool = False  #: the title block (goes above the column labels)
    ref: tuple[int, int, int] = (0, 0, 0)
    ids: tuple[str, ...] = ()


@dataclass
class ChapterPlan:
    """One chapter: its rows (notes apart), units, and how they are packed into files."""

    index: int  #: position in ``Document.chapter_list()``
    chapter: Chapter
    stem: str  #: file name stem: ``ch01`` or ``article``
    rows: list[Row]  #: the rows shown in the text (not notes)
    notes: list[Row]
    units: list[Unit] = field(default_factory=list)
    parts: list[list[int]] = field(default_factory=list)  #: unit indices of each file
    store: UnitBytes = field(default_factory=UnitBytes, repr=False)  #: the units' bytes (shared by the plans)

    @property
    def label(self) -> str:
        """The chapter's title for a page title: its first heading, else its recorded title."""
        head = next((r for r in self.rows if r.kind == "heading"), None)
        if head is not None and (head.target or head.source):
            return head.target or head.source
        return clean_text(self.chapter.title_target or self.chapter.title).strip() or f"Chapter {self.index + 1}"

    def file_name(self, part: int) -> str:
        """The file of part ``part`` (0-based)."""
        return f"{self.stem}.xhtml" if part == 0 else f"{self.stem}-part{part + 1}.xhtml"


@dataclass(frozen=True)
class ChapterFile:
    """A finished chapter file; its bytes are put together each time :attr:`content` is read."""

    name: str
    title: str
    chapter: int
    part: int
    make: Callable[[], bytes] = field(repr=False, compare=False)

    @property
    def content(self) -> bytes:
        """The file's bytes."""
        return self.make()


def note_key(row: Row) -> str:
    """A note row's key in the footnote numbers: its ``note_id`` (a note without one, which
    nothing can refer to, is keyed by its block)."""
    return row.note_id or f"\x00block-{row.block_index}"


def footnote_numbers(rows: list[Row]) -> dict[str, int]:
    """:func:`~bilingual.render.common.note_numbers`, plus notes without an id numbered after the rest."""
    numbers = note_numbers(rows)
    for row in rows:
        if row.kind == "note" and not row.note_id:
            numbers.setdefault(note_key(row), len(numbers) + 1)
    return numbers


def _measure(el: Any) -> int:
    from lxml import etree

    data = etree.tostring(el, encoding="utf-8", pretty_print=True)
    for decl in _NS_DECLS:
        data = data.replace(decl, b"", 1)
    return len(data) + _INDENT * (data.count(b"\n") + 1)


@dataclass
class _Storing:
    """Where measured units go: the shared store, and a serialiser per depth."""

    store: UnitBytes
    ctx: Context
    places: dict[int, InPlace] = field(default_factory=dict)

    def __call__(self, unit: Unit, depth: int = _TEXT_DEPTH) -> Unit:
        """Measure ``unit``, store its bytes and ids, and drop its elements."""
        unit.size = sum(_measure(el) for el in unit.elements)
        unit.ids = tuple(i for el in unit.elements for sub in el.iter(f"{{{XHTML_NS}}}*") if (i := sub.get("id")))
        place = self.places.get(depth) or self.places.setdefault(depth, InPlace(depth))
        unit.ref = self.store.add(place.serialise(unit.elements))
        unit.elements = []
        self.ctx.links.clear()  # fixed in the bytes (epub_units.fix_links); the elements can go
        return unit


def _block_units(rows: list[Row], ctx: Context, store: _Storing) -> list[Unit]:
    """One unit per block (the rows of a block stay together), each stored once complete."""
    units: list[Unit] = []
    last = None
    for row in rows:
        elements = row_elements(row, ctx)
        if units and row.block_index == last:
            units[-1].elements.extend(elements)
        else:
            if units:
                store(units[-1])
            units.append(Unit(elements, keep_with_next=row.kind == "heading"))
        last = row.block_index
    if units:
        store(units[-1])
    return units


def _note_units(notes: list[Row], ctx: Context, seen: set[str], store: _Storing) -> list[Unit]:
    units = []
    for row in notes:
        number = ctx.numbers[note_key(row)]
        ident = note_anchor(number)
        k = 2
        while ident in seen:  # the same note id twice: keep both, the later one unlinked
            ident, k = f"{note_anchor(number)}-{k}", k + 1
        seen.add(ident)
        units.append(store(Unit([footnote(row, number, ctx, ident)], note=True), _NOTE_DEPTH))
    return units


def plan_chapters(doc: Document, rows: list[Row], ctx: Context) -> list[ChapterPlan]:
    """The chapters that have rows, their units rendered, measured and stored (not yet packed).

    All chapters' text is rendered before any note, so each note's back link knows its first
    reference wherever that is.
    """
    chapters = doc.chapter_list()
    width = max(2, len(str(len(chapters))))
    plans = []
    for index, group in enumerate(chapter_rows(doc, rows)):
        if not group:
            continue
        stem = ARTICLE_STEM if len(chapters) == 1 else f"ch{index + 1:0{width}d}"
        body = [r for r in group if r.kind != "note"]
        notes = [r for r in group if r.kind == "note"]
        plans.append(ChapterPlan(index, chapters[index], stem, body, notes))
    store = _Storing(UnitBytes(), ctx)
    for k, plan in enumerate(plans):
        plan.store = store.store
        front = [store(Unit([title_block(doc)], keep_with_next=True, front=True))] if k == 0 else []
        plan.units = front + _block_units(plan.rows, ctx, store)
    seen: set[str] = set()
    for plan in plans:
        plan.units += _note_units(plan.notes, ctx, seen, store)
    return plans


def pack(sizes: list[int], keep_with_next: list[bool], budget: int) -> list[list[int]]:
    """Indices ``0..len(sizes)-1`` cut into consecutive parts of total size ≤ ``budget``.

    A unit bigger than the budget gets a part of its own; a part never ends with a
    keep-with-next unit unless that unit is all it holds (it moves on to the next part).
    """
    parts: list[list[int]] = []
    current: list[int] = []
    used = 0
    for i, size in enumerate(sizes):
        if current and used + size > budget:
            cut = len(current)
            while cut > 1 and keep_with_next[current[cut - 1]]:
                cut -= 1
            parts.append(current[:cut])
            current = current[cut:]
            used = sum(sizes[j] for j in current)
        current.append(i)
        used += size
    if current:
        parts.append(current)
    return parts


def _page_for(plan: ChapterPlan, part: int, body_class: str) -> tuple[Any, Any]:
    title = plan.label if part == 0 else f"{plan.label} (part {part + 1})"
    html, body = new_page(title, body_class)
    kinds = "bodymatter chapter" if part == 0 else "bodymatter"
    section = E("section", {EPUB_TYPE: kinds, "class": "chapter"}, parent=body)
    return html, section


def _file_bytes(plan: ChapterPlan, part: int, body_class: str, layout: str, where: dict[str, str]) -> bytes:
    """Part ``part`` of ``plan`` as its file's bytes: the page with a stub per unit, the stubs
    replaced by the units' stored bytes, the links fixed."""
    html, section = _page_for(plan, part, body_class)
    notes: Any = None
    labels = False
    units = []
    for i in plan.parts[part]:
        unit = plan.units[i]
        if not (unit.front or unit.note or labels):
            labels = True
            head = langs_row(layout)
            if head is not None:
                section.append(head)
        if unit.note and notes is None:
            notes = E("section", {EPUB_TYPE: "footnotes", "class": "footnotes"}, parent=section)
        E(STUB, parent=notes if unit.note else section)
        units.append(plan.store.get(unit.ref))
    return fix_links(fill_skeleton(serialise(html), units), plan.file_name(part), where)


def _ids(spine: list[tuple[ChapterPlan, int]]) -> dict[str, str]:
    """``{id: file name}`` over the files of ``spine`` (the first file holding an id wins)."""
    where: dict[str, str] = {}
    for plan, part in spine:
        name = plan.file_name(part)
        for i in plan.parts[part]:
            for ident in plan.units[i].ids:
                where.setdefault(ident, name)
    return where


def write_chapters(plans: list[ChapterPlan], ctx: Context, body_class: str,
                   limit: int = MAX_FILE_BYTES) -> tuple[list[ChapterFile], dict[str, str]]:
    """Pack and link every chapter; return its files (in spine order; each file's bytes are made
    when read) and ``{element id: file name}`` for every id in them."""
    head = langs_row(ctx.layout)
    extra = _measure(head) if head is not None else 0
    empty = [len(serialise(_page_for(p, 1, body_class)[0])) + extra for p in plans]
    budgets = {p.index: limit - size for p, size in zip(plans, empty)}
    for _attempt in range(24):
        spine: list[tuple[ChapterPlan, int]] = []
        for plan in plans:
            plan.parts = pack([u.size for u in plan.units], [u.keep_with_next for u in plan.units], budgets[plan.index])
            spine += [(plan, part) for part in range(len(plan.parts))]
        where = _ids(spine)
        over: dict[int, int] = {}
        for plan, part in spine:
            size = len(_file_bytes(plan, part, body_class, ctx.layout, where))
            if size > limit and len(plan.parts[part]) > 1:  # measured too low: shrink in proportion
                measured = sum(plan.units[i].size for i in plan.parts[part])
                smaller = int(measured * limit / size * 0.97)
                over[plan.index] = min(over.get(plan.index, budgets[plan.index]), smaller)
        if not over:
            break
        budgets.update(over)
    files = [ChapterFile(plan.file_name(part), plan.label, plan.index, part,
                         partial(_file_bytes, plan, part, body_class, ctx.layout, where)) for plan, part in spine]
    return files, where
