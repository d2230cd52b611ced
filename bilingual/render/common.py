"""What both renderers share: rows for a granularity, the title page and colophon texts, text cleaning.

Every text that reaches a DOCX or EPUB passes through :func:`clean_text`
(:mod:`~bilingual.render.common_text`). The texts about the edition (titles, title page,
translation note, colophon, dates) live in :mod:`~bilingual.render.front_matter` and are
re-exported here, so renderers import everything from this module.

Rows follow the alignment: at sentence granularity a row is one *link*. An aligned 2:1 link is
stored as the whole English on the first Russian sentence and ``""`` on the second (see
:mod:`bilingual.align.store`); :func:`joined_sentences` finds such partners (an aligned sentence
without English whose predecessor is aligned with the same confidence and carries English, or
is itself joined) and :func:`build_rows` puts them into the same row. A partner that opens a
block (a link across a paragraph boundary) makes a row marked ``continued``: its English is
in the row before, so it is not counted or shown as untranslated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import DocumentError
from ..model import BLOCK_KINDS, Mark
from .common_text import clean_text, xml_escape
from .front_matter import (
    DraftCounts,
    TitlePage,
    colophon_lines,
    draft_counts,
    draft_line,
    format_date,
    generator_name,
    glossary_text,
    machine_translated,
    made_at,
    model_text,
    parse_date,
    people,
    source_line,
    stable_identifier,
    title_in_text,
    title_page,
    titles,
    translation_note,
)

if TYPE_CHECKING:
    from ..model import Block, Document, Sentence

__all__ = [
    "LANG_LABELS",
    "NUMBERED_KINDS",
    "DraftCounts",
    "Heading",
    "Row",
    "TitlePage",
    "build_rows",
    "chapter_rows",
    "check_document",
    "clean_text",
    "colophon_lines",
    "draft_counts",
    "draft_line",
    "format_date",
    "generator_name",
    "glossary_text",
    "has_text",
    "heading_anchor",
    "heading_level",
    "headings",
    "joined_sentences",
    "machine_translated",
    "made_at",
    "model_text",
    "note_numbers",
    "paragraph_numbers",
    "parse_date",
    "people",
    "sentence_flagged",
    "source_line",
    "stable_identifier",
    "title_in_text",
    "title_page",
    "titles",
    "translation_note",
    "whole_marks",
    "xml_escape",
]  # fmt: skip

#: Column labels for the two languages.
LANG_LABELS = {"ru": "Русский", "en": "English"}
#: Block kinds whose first row shows its paragraph number at sentence granularity.
NUMBERED_KINDS = ("paragraph", "quote", "verse", "epigraph", "list-item", "table-cell")


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class Row:
    """One line of a bilingual edition: a Russian text and its English counterpart.

    ``kind`` is the block kind (:data:`~bilingual.model.BLOCK_KINDS`). A caption's photo credit
    travels in ``credit_source``/``credit_target``, to be shown on its own line; a row that
    holds only a credit (sentence granularity) has empty ``source``/``target``.

    ``marks`` are the Russian side's inline marks, offsets into ``source`` (note references
    included, as empty ``noteref`` marks). ``target_refs`` are ``(offset into target, note id)``:
    a note referenced inside a sentence is referenced at the end of that sentence's English.
    ``image`` is the image id of an ``image`` row, ``note_id`` the id of a ``note`` row,
    ``chapter`` the chapter index, ``first_of_block`` whether the row starts its block.

    Draft state: ``missing`` counts the row's sentences that have no English (and are not
    carried by a neighbour's link), ``flagged`` those flagged for review
    (:func:`sentence_flagged`); ``continued`` says the row's English is in the row before
    (a link that crosses a paragraph boundary), so an empty ``target`` is no gap.
    """

    kind: str
    source: str
    target: str
    level: int = 0
    credit_source: str = ""
    credit_target: str = ""
    block_index: int = 0
    marks: tuple[Mark, ...] = ()
    target_refs: tuple[tuple[int, str], ...] = ()
    image: str = ""
    note_id: str = ""
    chapter: int = 0
    first_of_block: bool = True
    missing: int = 0
    flagged: int = 0
    continued: bool = False

    @property
    def has_credit(self) -> bool:
        """Whether the row carries a photo credit."""
        return bool(self.credit_source or self.credit_target)

    @property
    def source_refs(self) -> list[tuple[int, str]]:
        """``(offset into source, note id)`` of the Russian side's note references, in order."""
        return [(m.start, m.ref) for m in self.marks if m.kind == "noteref"]

    @property
    def untranslated(self) -> bool:
        """Russian text without any English (and not carried by the row before)."""
        return bool(self.source or self.credit_source) and not (self.target or self.credit_target) and not self.continued


def sentence_flagged(s: Sentence) -> bool:
    """Whether a sentence is flagged for review: a glossary rule broken, or an aligned link
    below :data:`bilingual.align.links.LOW_CONFIDENCE`."""
    from ..align.links import needs_review

    return bool(s.issues) or s.enforcement == "violated" or needs_review(s)


def has_text(text: str | None) -> bool:
    """Whether ``text`` holds anything but whitespace once cleaned (:func:`clean_text`)."""
    return bool(clean_text(text).strip())


def _joins(prev: Sentence | None, prev_joined: bool, s: Sentence) -> bool:
    """Whether ``s`` is the later Russian sentence of ``prev``'s aligned link (a 2:1 link)."""
    return (
        prev is not None
        and s.origin == "aligned" and prev.origin == "aligned"
        and s.role == "text" and prev.role == "text"
        and has_text(s.source) and not has_text(s.target)
        and s.confidence is not None and s.confidence == prev.confidence
        and (has_text(prev.target) or prev_joined)
    )  # fmt: skip


def joined_sentences(doc: Document) -> set[tuple[int, int]]:
    """``(block index, sentence index)`` of every sentence whose English is given with the
    sentence before it (the later sentences of an aligned 2:1, 3:1 or 2:2 link)."""
    out: set[tuple[int, int]] = set()
    prev, prev_joined = None, False
    for bi, block in enumerate(doc.blocks):
        if block.target_override is not None:
            prev, prev_joined = None, False
            continue
        for si, s in enumerate(block.sentences):
            if not has_text(s.source) and not has_text(s.target):
                continue
            joined = _joins(prev, prev_joined, s)
            if joined:
                out.add((bi, si))
            prev, prev_joined = s, joined
    return out


def _state(block: Block, index: int, sentences: list, joined: set[tuple[int, int]]) -> dict[str, object]:  # type: ignore[type-arg]
    """``missing``/``flagged`` of a row made of ``sentences`` of ``block``."""
    if block.target_override is not None:
        return {"missing": 0, "flagged": 0}
    pos = {id(s): k for k, s in enumerate(block.sentences)}
    missing = sum(1 for s in sentences if has_text(s.source) and not has_text(s.target) and (index, pos[id(s)]) not in joined)
    return {"missing": missing, "flagged": sum(1 for s in sentences if sentence_flagged(s))}


def whole_marks(row: Row) -> set[str]:
    """Mark kinds that cover the whole Russian text (an emphasised block): the English side
    shows them too, since its words cannot be mapped one by one."""
    n = len(row.source)
    return {m.kind for m in row.marks if m.kind != "noteref" and m.start <= 0 and m.end >= n and n}


def _kind(block: Block) -> str:
    # An unknown kind (a newer schema) renders as a plain paragraph rather than failing.
    return block.kind if block.kind in BLOCK_KINDS else "paragraph"


def _extras(block: Block) -> dict[str, object]:
    return {"image": block.image, "note_id": block.note_id, "chapter": block.chapter}


def _marks_in(block: Block, start: int, end: int, text: str) -> tuple[Mark, ...]:
    """``block.marks`` within ``source[start:end]``, re-based to ``text`` (the cleaned, stripped
    slice); inline marks are dropped when cleaning changed the text (offsets would lie), note
    references then move to the end."""
    raw = block.source[start:end]
    lead = len(raw) - len(raw.lstrip())
    exact = raw.strip() == text
    out = []
    for m in block.marks:
        if m.kind == "noteref":
            if start <= m.start <= end and (m.start < end or end == len(block.source)):
                pos = min(max(m.start - start - lead, 0), len(text)) if exact else len(text)
                out.append(Mark(pos, pos, "noteref", m.ref))
        elif exact and m.end > start and m.start < end:
            a, b = max(m.start - start - lead, 0), min(m.end - start - lead, len(text))
            if b > a:
                out.append(Mark(a, b, m.kind, m.ref))
    return tuple(out)


def _target_with_refs(block: Block, sentences: list) -> tuple[str, tuple[tuple[int, str], ...]]:  # type: ignore[type-arg]
    """The English of ``sentences`` joined, and each note reference placed after the English of
    the sentence whose Russian holds it."""
    refs = [m for m in block.marks if m.kind == "noteref"]
    sep = "\n" if block.kind == "verse" else " "
    text, placed = "", []
    for k, s in enumerate(sentences):
        t = clean_text(s.target).strip()
        if t:
            text = f"{text}{sep}{t}" if text else t
        last = k == len(sentences) - 1
        for m in refs:
            if s.start <= m.start < s.end or (m.start >= s.end and (last or m.start < sentences[k + 1].start)):
                placed.append((len(text), m.ref))
    return text, tuple(placed)


def _join(parts: list[str]) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def _block_target(block: Block, sentences: list) -> tuple[str, tuple[tuple[int, str], ...]]:  # type: ignore[type-arg]
    if block.target_override is not None:
        text = clean_text(block.target_override).strip()
        return text, tuple((len(text), m.ref) for m in block.marks if m.kind == "noteref")
    return _target_with_refs(block, sentences)


def _block_row(block: Block, index: int, joined: set[tuple[int, int]] = frozenset()) -> Row:  # type: ignore[assignment]
    kind = _kind(block)
    state = _state(block, index, block.sentences, joined)
    texts = [k for k, s in enumerate(block.sentences) if has_text(s.source)]
    state["continued"] = bool(texts) and all((index, k) in joined for k in texts)
    credit = block.credit if kind in ("caption", "image") else None  # only captions show a credit apart
    if credit is None:
        source = clean_text(block.source).strip()
        target, refs = _block_target(block, block.sentences)
        return Row(kind, source, target, block.level, block_index=index, marks=_marks_in(block, 0, len(block.source), source),
                   target_refs=refs, **_extras(block), **state)  # type: ignore[arg-type]
    if block.source[credit.start : credit.end] == credit.source:
        raw_end = credit.start
        source = clean_text(block.source[: credit.start] + block.source[credit.end :]).strip()
    else:  # offsets do not match the text: rebuild from the sentences
        raw_end = len(block.source)
        source = clean_text(_join([s.source for s in block.text_sentences])).strip()
    target, refs = _block_target(block, block.text_sentences)
    return Row(
        kind,
        source,
        target,
        block.level,
        clean_text(credit.source).strip(),
        clean_text(credit.target).strip(),
        index,
        marks=_marks_in(block, 0, raw_end, source),
        target_refs=refs,
        **_extras(block),  # type: ignore[arg-type]
        **state,  # type: ignore[arg-type]
    )


def _groups(block: Block, index: int, joined: set[tuple[int, int]]) -> list[list[int]]:
    """The block's sentence indices, one group per link (a joined sentence joins the group before)."""
    groups: list[list[int]] = []
    for k, s in enumerate(block.sentences):
        if groups and (index, k) in joined and block.sentences[groups[-1][-1]].role == "text":
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def _group_source(block: Block, group: list) -> str:  # type: ignore[type-arg]
    sents = [block.sentences[k] for k in group]
    if len(sents) == 1:
        return clean_text(sents[0].source).strip()
    if all(block.source[s.start : s.end] == s.source for s in sents):
        return clean_text(block.source[sents[0].start : sents[-1].end]).strip()
    return clean_text(_join([s.source for s in sents])).strip()


def _sentence_rows(block: Block, index: int, joined: set[tuple[int, int]] = frozenset()) -> list[Row]:  # type: ignore[assignment]
    kind = _kind(block)
    if kind in ("heading", "subtitle", "image", "note") or not block.sentences or block.target_override is not None:
        return [_block_row(block, index, joined)]
    rows = []
    groups = _groups(block, index, joined)
    for g, group in enumerate(groups):
        sents = [block.sentences[k] for k in group]
        first = sents[0]
        src = _group_source(block, group)
        nxt = block.sentences[groups[g + 1][0]].start if g + 1 < len(groups) else len(block.source)
        tgt, refs = _target_with_refs(block, sents)
        last = g + 1 == len(groups)
        refs = tuple(r for r in refs if any(m.ref == r[1] and (first.start <= m.start < nxt or (last and m.start == nxt)) for m in block.marks))
        extras = {**_extras(block), **_state(block, index, sents, joined)}
        extras["continued"] = (index, group[0]) in joined
        if first.role == "credit" and kind == "caption":
            rows.append(Row(kind, "", "", block.level, src, clean_text(first.target).strip(), index, first_of_block=g == 0, **extras))  # type: ignore[arg-type]
        else:
            marks = tuple(m for m in _marks_in(block, first.start, nxt, src) if m.kind != "noteref" or m.start <= len(src))
            rows.append(Row(kind, src, tgt, block.level, block_index=index, marks=marks, target_refs=refs,
                            first_of_block=g == 0, **extras))  # type: ignore[arg-type]
    return rows


def build_rows(doc: Document, granularity: str = "paragraph") -> list[Row]:
    """The rows of ``doc`` in reading order.

    ``"paragraph"``: one row per block. ``"sentence"``: one row per sentence *link* (the
    sentences of an aligned 2:1 link share a row, see :func:`joined_sentences`), except that
    a heading stays one row (it is one navigation entry) and a block whose translation is a
    block-level override cannot be split. All texts are cleaned with :func:`clean_text`.
    """
    joined = joined_sentences(doc)
    if granularity == "sentence":
        return [row for i, b in enumerate(doc.blocks) for row in _sentence_rows(b, i, joined)]
    return [_block_row(b, i, joined) for i, b in enumerate(doc.blocks)]


def paragraph_numbers(rows: list[Row]) -> dict[int, int]:
    """Block index → its paragraph number (1, 2, …) for the blocks of :data:`NUMBERED_KINDS`
    with Russian text, in reading order (the numbers a sentence-granularity edition shows)."""
    numbers: dict[int, int] = {}
    for row in rows:
        if row.kind in NUMBERED_KINDS and row.first_of_block and row.block_index not in numbers and row.source:
            numbers[row.block_index] = len(numbers) + 1
    return numbers


@dataclass(frozen=True)
class Heading:
    """A heading for navigation: its anchor id, level and the two texts."""

    anchor: str
    level: int
    source: str
    target: str

    @property
    def label(self) -> str:
        """The navigation label: the English text, or the Russian if untranslated."""
        return self.target or self.source or self.anchor


def heading_anchor(block_index: int) -> str:
    """The XML id of the heading made from block number ``block_index``."""
    return f"h{block_index + 1}"


def heading_level(level: int) -> int:
    """A block's heading level clamped to 1..6 (0, unset, counts as a section: 2)."""
    return min(max(level or 2, 1), 6)


def headings(rows: list[Row]) -> list[Heading]:
    """The heading rows, as navigation entries."""
    return [
        Heading(heading_anchor(r.block_index), heading_level(r.level), r.source, r.target)
        for r in rows
        if r.kind == "heading"
    ]


def check_document(doc: Document) -> None:
    """Refuse a document with nothing to render (one-line :class:`DocumentError`)."""
    if not doc.blocks:
        raise DocumentError("the document has no blocks, so there is nothing to render; translate an article first")


# --------------------------------------------------------------------------- books


def chapter_rows(doc: Document, rows: list[Row]) -> list[list[Row]]:
    """``rows`` grouped by chapter (``doc.chapter_list()`` order; out-of-range chapters go last)."""
    groups: list[list[Row]] = [[] for _ in doc.chapter_list()]
    for row in rows:
        groups[min(max(row.chapter, 0), len(groups) - 1)].append(row)
    return groups


def note_numbers(rows: list[Row]) -> dict[str, int]:
    """Note id → its number (1, 2, …) in order of first reference (by offset within a row;
    references inside notes and to notes that do not exist are skipped — the order Word numbers
    footnotes in); notes never referenced follow in their own order."""
    existing = {row.note_id for row in rows if row.kind == "note" and row.note_id}
    numbers: dict[str, int] = {}
    for row in rows:
        if row.kind == "note":
            continue
        for _, ref in sorted(row.source_refs, key=lambda r: r[0]):
            if ref in existing:
                numbers.setdefault(ref, len(numbers) + 1)
    for row in rows:
        if row.kind == "note" and row.note_id:
            numbers.setdefault(row.note_id, len(numbers) + 1)
    return numbers
