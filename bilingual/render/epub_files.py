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

The notes of a chapter follow its last block, so they land in its last part (or parts, if
they are many), wrapped in ``<section epub:type="footnotes">``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .common import Row, chapter_rows, clean_text, note_numbers
from .epub_rows import langs_row, row_elements, title_block
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


@dataclass
class Unit:
    """Elements that go into one file together, and their measured size in bytes."""

    elements: list[Any]
    size: int = 0
    keep_with_next: bool = False  #: a heading or the title block: never the last unit of a part
    note: bool = False  #: a footnote aside (goes into the footnotes section)
    front: bool = False  #: the title block (goes above the column labels)


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
    """A finished chapter file."""

    name: str
    title: str
    chapter: int
    part: int
    content: bytes


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


def _unit(elements: list[Any], **flags: bool) -> Unit:
    return Unit(elements, sum(_measure(el) for el in elements), **flags)


def _block_units(rows: list[Row], ctx: Context) -> list[Unit]:
    """One unit per block (the rows of a block stay together)."""
    units: list[Unit] = []
    last = None
    for row in rows:
        elements = row_elements(row, ctx)
        if units and row.block_index == last:
            units[-1].elements.extend(elements)
        else:
            units.append(Unit(elements, keep_with_next=row.kind == "heading"))
        last = row.block_index
    for unit in units:
        unit.size = sum(_measure(el) for el in unit.elements)
    return units


def _note_units(notes: list[Row], ctx: Context, seen: set[str]) -> list[Unit]:
    units = []
    for row in notes:
        number = ctx.numbers[note_key(row)]
        ident = note_anchor(number)
        k = 2
        while ident in seen:  # the same note id twice: keep both, the later one unlinked
            ident, k = f"{note_anchor(number)}-{k}", k + 1
        seen.add(ident)
        units.append(_unit([footnote(row, number, ctx, ident)], note=True))
    return units


def plan_chapters(doc: Document, rows: list[Row], ctx: Context) -> list[ChapterPlan]:
    """The chapters that have rows, their units rendered and measured (not yet packed).

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
    for k, plan in enumerate(plans):
        plan.units = ([_unit([title_block(doc)], keep_with_next=True, front=True)] if k == 0 else []) + _block_units(plan.rows, ctx)
    seen: set[str] = set()
    for plan in plans:
        plan.units += _note_units(plan.notes, ctx, seen)
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


def _assemble(plan: ChapterPlan, body_class: str, layout: str) -> list[Any]:
    """The pages of ``plan.parts``, the units' elements moved into them."""
    pages = []
    for part, indices in enumerate(plan.parts):
        html, section = _page_for(plan, part, body_class)
        notes: Any = None
        labels = False
        for i in indices:
            unit = plan.units[i]
            if not (unit.front or unit.note or labels):
                labels = True
                head = langs_row(layout)
                if head is not None:
                    section.append(head)
            if unit.note and notes is None:
                notes = E("section", {EPUB_TYPE: "footnotes", "class": "footnotes"}, parent=section)
            target = notes if unit.note else section
            for el in unit.elements:
                target.append(el)
        pages.append(html)
    return pages


def _ids(names: dict[Any, str]) -> dict[str, str]:
    """``{id: file name}`` over the pages ``names`` maps to their file names."""
    where: dict[str, str] = {}
    for root, name in names.items():
        for el in root.iter(f"{{{XHTML_NS}}}*"):
            ident = el.get("id")
            if ident:
                where.setdefault(ident, name)
    return where


def _fix_links(ctx: Context, names: dict[Any, str], where: dict[str, str]) -> None:
    """Every recorded link → ``#id`` in its own file, ``file#id`` in another, none if id is gone."""
    for el, target in ctx.links:
        file = where.get(target)
        if file is None:
            el.attrib.pop("href", None)
        else:
            own = names.get(el.getroottree().getroot())
            el.set("href", f"#{target}" if own == file else f"{file}#{target}")


def write_chapters(plans: list[ChapterPlan], ctx: Context, body_class: str,
                   limit: int = MAX_FILE_BYTES) -> tuple[list[ChapterFile], dict[str, str]]:
    """Pack, link and serialise every chapter; return its files (in spine order) and
    ``{element id: file name}`` for every id in them."""
    head = langs_row(ctx.layout)
    extra = _measure(head) if head is not None else 0
    empty = [len(serialise(_page_for(p, 1, body_class)[0])) + extra for p in plans]
    budgets = {p.index: limit - size for p, size in zip(plans, empty)}
    for _attempt in range(24):
        pages: list[tuple[ChapterPlan, int, Any]] = []
        for plan in plans:
            plan.parts = pack([u.size for u in plan.units], [u.keep_with_next for u in plan.units], budgets[plan.index])
            pages += [(plan, part, html) for part, html in enumerate(_assemble(plan, body_class, ctx.layout))]
        names = {html: plan.file_name(part) for plan, part, html in pages}
        where = _ids(names)
        _fix_links(ctx, names, where)
        files = [ChapterFile(names[html], plan.label, plan.index, part, serialise(html)) for plan, part, html in pages]
        over: dict[int, int] = {}
        for (plan, part, _), f in zip(pages, files):
            if len(f.content) > limit and len(plan.parts[part]) > 1:  # measured too low: shrink in proportion
                measured = sum(plan.units[i].size for i in plan.parts[part])
                smaller = int(measured * limit / len(f.content) * 0.97)
                over[plan.index] = min(over.get(plan.index, budgets[plan.index]), smaller)
        if not over:
            break
        budgets.update(over)
    return files, where
