"""What both renderers share: rows for a granularity, the title and colophon texts, text cleaning.

Every text that reaches a DOCX or EPUB passes through :func:`clean_text`, which removes the
characters XML 1.0 forbids; the XML serialiser (lxml, used by python-docx and the EPUB writer)
then escapes ``&``, ``<`` and ``>``. :func:`xml_escape` does both for text put into markup by hand.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from ..errors import DocumentError

from ..model import BLOCK_KINDS, Mark

if TYPE_CHECKING:
    from ..model import Block, Document, Metadata

__all__ = [
    "Row",
    "Heading",
    "whole_marks",
    "clean_text",
    "xml_escape",
    "build_rows",
    "headings",
    "check_document",
    "titles",
    "parse_date",
    "format_date",
    "made_at",
    "stable_identifier",
    "translation_note",
    "model_text",
    "colophon_lines",
    "generator_name",
    "heading_anchor",
    "heading_level",
    "LANG_LABELS",
    "chapter_rows",
    "note_numbers",
]

#: Column labels for the two languages.
LANG_LABELS = {"ru": "Русский", "en": "English"}

# XML 1.0 Char excludes C0 controls other than TAB/LF/CR, surrogates, U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_RU_MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def clean_text(text: str | None) -> str:
    """``text`` with XML-forbidden characters removed and line ends normalised to ``\\n``.

    ``None`` becomes ``""`` (an untranslated sentence renders as an empty side, not "None").
    """
    if not text:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", text)


def xml_escape(text: str | None) -> str:
    """:func:`clean_text`, then ``&``, ``<`` and ``>`` escaped for XML character data."""
    return clean_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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

    @property
    def has_credit(self) -> bool:
        """Whether the row carries a photo credit."""
        return bool(self.credit_source or self.credit_target)

    @property
    def source_refs(self) -> list[tuple[int, str]]:
        """``(offset into source, note id)`` of the Russian side's note references, in order."""
        return [(m.start, m.ref) for m in self.marks if m.kind == "noteref"]


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


def _block_row(block: Block, index: int) -> Row:
    kind = _kind(block)
    credit = block.credit if kind in ("caption", "image") else None  # only captions show a credit apart
    if credit is None:
        source = clean_text(block.source).strip()
        target, refs = _block_target(block, block.sentences)
        return Row(kind, source, target, block.level, block_index=index, marks=_marks_in(block, 0, len(block.source), source),
                   target_refs=refs, **_extras(block))  # type: ignore[arg-type]
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
    )


def _sentence_rows(block: Block, index: int) -> list[Row]:
    kind = _kind(block)
    if kind in ("heading", "subtitle", "image", "note") or not block.sentences or block.target_override is not None:
        return [_block_row(block, index)]
    rows = []
    for k, s in enumerate(block.sentences):
        src = clean_text(s.source).strip()
        nxt = block.sentences[k + 1].start if k + 1 < len(block.sentences) else len(block.source)
        tgt, refs = _target_with_refs(block, [s])
        last = k + 1 == len(block.sentences)
        refs = tuple(r for r in refs if any(m.ref == r[1] and (s.start <= m.start < nxt or (last and m.start == nxt)) for m in block.marks))
        extras = _extras(block)
        if s.role == "credit" and kind == "caption":
            rows.append(Row(kind, "", "", block.level, src, clean_text(s.target).strip(), index, first_of_block=k == 0, **extras))  # type: ignore[arg-type]
        else:
            marks = tuple(m for m in _marks_in(block, s.start, nxt, src) if m.kind != "noteref" or m.start <= len(src))
            rows.append(Row(kind, src, tgt, block.level, block_index=index, marks=marks, target_refs=refs,
                            first_of_block=k == 0, **extras))  # type: ignore[arg-type]
    return rows


def build_rows(doc: Document, granularity: str = "paragraph") -> list[Row]:
    """The rows of ``doc`` in reading order.

    ``"paragraph"``: one row per block. ``"sentence"``: one row per sentence pair, except that a
    heading stays one row (it is one navigation entry) and a block whose translation is a
    block-level override cannot be split. All texts are cleaned with :func:`clean_text`.
    """
    if granularity == "sentence":
        return [row for i, b in enumerate(doc.blocks) for row in _sentence_rows(b, i)]
    return [_block_row(b, i) for i, b in enumerate(doc.blocks)]


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


# --------------------------------------------------------------------------- metadata texts


def titles(doc: Document) -> tuple[str, str]:
    """(Russian title, English title): from the metadata, else from the first heading."""
    ru, en = clean_text(doc.meta.title).strip(), clean_text(doc.meta.title_target).strip()
    if not ru:
        first = next((b for b in doc.blocks if b.kind == "heading"), None)
        if first is not None:
            ru, en = clean_text(first.source).strip(), en or clean_text(first.target).strip()
    return ru, en


def parse_date(value: str | None) -> date | None:
    """The calendar date ``value`` names, or ``None``: ISO 8601 (a date or a date-time) or a
    Russian date (``31.12.2025``, ``9 октября 2025 г.``) as :mod:`bilingual.dates` reads them."""
    # imported here, not at the top, so that this change stays inside the date helpers
    from .. import dates

    if not value:
        return None
    found = dates.parse(str(value))
    if found is not None:
        return found.day
    try:  # an ISO day followed by what the shared parser does not read (``2025-10-09T10:00Z[UTC]``)
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def format_date(value: str | None, lang: str) -> str:
    """``"2025-10-09"`` → ``"9 October 2025"`` (en) or ``"9 октября 2025 г."`` (ru); else as given."""
    d = parse_date(value)
    if d is None:
        return clean_text(value).strip()
    if lang == "ru":
        return f"{d.day} {_RU_MONTHS[d.month - 1]} {d.year} г."
    return f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"


def made_at(meta: Metadata) -> datetime:
    """When the document was made (``meta.created``), as an aware UTC datetime; now if unknown.

    Using the document's own time keeps re-renders of the same JSON identical.
    """
    if meta.created:
        try:
            dt = datetime.fromisoformat(meta.created.strip())
        except ValueError:
            dt = None
        if dt is not None:
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=timezone.utc)
            dt = dt.astimezone(timezone.utc)
            if dt.year >= 1980:
                return dt.replace(microsecond=0)
    return datetime.now(timezone.utc).replace(microsecond=0)


def stable_identifier(doc: Document) -> str:
    """``meta.identifier`` if set, else a ``urn:uuid:`` derived from the title and source text."""
    if doc.meta.identifier.strip():
        return clean_text(doc.meta.identifier).strip()
    basis = "\n".join([doc.meta.title, doc.meta.source_file.rsplit("/", 1)[-1], *(b.source for b in doc.blocks)])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'bilingual:' + clean_text(basis))}"


def model_text(meta: Metadata) -> str:
    """What made the translation, as the document records it: the model's description with its
    name and version (an aligned translation: its description)."""
    m = meta.model
    name = " ".join(p for p in (m.name, m.version) if p)
    if m.name == "aligned" and m.description:
        return clean_text(m.description).strip()
    if m.description and name and name not in m.description:
        return clean_text(f"{m.description} ({name})").strip()
    return clean_text(m.description or name).strip()


def _glossary_text(meta: Metadata) -> str:
    g = meta.glossary
    if g is None:
        return "none"
    entries = f"{g.entries} entr{'y' if g.entries == 1 else 'ies'}"
    return clean_text(f"{g.path}, {entries}" if g.path else entries)


def translation_note(meta: Metadata) -> str:
    """One line saying what made the translation: model name and version, glossary and size."""
    model = model_text(meta)
    if meta.model.name == "aligned":
        first = f"Existing translation aligned sentence by sentence{f' ({model})' if model != 'aligned' else ''}."
    elif model:
        first = f"Machine translation: {model}."
    else:
        first = "Translation: source not recorded."
    return f"{first} Glossary: {_glossary_text(meta)}."


def generator_name(meta: Metadata) -> str:
    """``meta.generator``, or this package's name and version."""
    from .. import __version__

    return clean_text(meta.generator).strip() or f"bilingual {__version__}"


def colophon_lines(doc: Document) -> list[tuple[str, str]]:
    """(label, value) lines for the colophon: model, glossary, counts, dates, generator."""
    meta = doc.meta
    sents = doc.sentences()
    human = sum(1 for s in sents if s.origin == "human")
    empty = sum(1 for s in sents if not (s.target or "").strip())
    lines = [("Translation", model_text(meta) or "not recorded")]
    lines.append(("Glossary", _glossary_text(meta)))
    lines.append(("Sentences", f"{len(sents)}; {human} edited by hand; {empty} untranslated"))
    if meta.date:
        lines.append(("Date", format_date(meta.date, "en")))
    if meta.source_file:
        lines.append(("Source file", clean_text(meta.source_file.rsplit("/", 1)[-1])))
    lines.append(("Made", made_at(meta).strftime("%Y-%m-%d %H:%M UTC")))
    lines.append(("Generator", generator_name(meta)))
    return lines


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
