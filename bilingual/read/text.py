"""The plain-text reader: an article (.txt or .md) into a :class:`~bilingual.model.Document`.

Stages, each a plain function:

1. :func:`decode` (:mod:`bilingual.read.text_decode`) — bytes → text. UTF-8 (with or without
   BOM) first; otherwise the legacy Cyrillic code page (cp1251, KOI8-R, …). CRLF/CR become LF,
   text is NFC-normalised, characters XML cannot carry (NUL and other C0 controls) are dropped
   and counted. Binary data and undecodable bytes are refused with :class:`InputError`.
2. :func:`parse_blocks` — text → blocks. Blocks are separated by blank lines (single newlines
   inside a block are soft wraps); a file with no blank line at all has one block per line.
   Markdown: ``#`` headings (level = number of ``#``), ``>`` quotes, an image alone in its
   block (``![alt](photo.jpg)``) is a caption of its alt text (:mod:`bilingual.read.text_markdown`);
   front matter (:mod:`bilingual.read.front_matter`: title, English title, authors,
   translators, source, publisher, rights, date, description, a cover picture) fills the
   metadata and is no text; inline emphasis, code and links are reduced to their text (so a
   Markdown block's ``start`` locates it in the file, but its text is the reduced one).
3. Classification of plain-text blocks:

   * ``date …`` (or ``date: …``, ``Дата: …``) at the very start of the text is the article's
     **date** (metadata, not text to translate), ISO or Russian (``31.12.2025``,
     ``9 октября 2025 г.``: :mod:`bilingual.dates`); one that names no real day is left out
     with a warning (``decoded.warnings``), as is such a front-matter ``date:``;
   * a block that opens with a quotation mark («, „, “, ") and either ends with the closing
     one or continues with an attribution (``», — сказал он.``) is a **quote**;
   * a single line without closing punctuation (. ! ? … : ;) is a **caption** when it carries a
     photo credit (``Фото: …``) or is longer than :data:`HEADING_MAX_CHARS`, else a **heading**
     (level 2; level 1 when it opens the article); such a line longer than
     :data:`CAPTION_MAX_CHARS` is a paragraph;
   * everything else is a **paragraph**.

4. The **title** is the level-1 heading (a Markdown ``#`` heading, front-matter ``title:``, or a
   plain-text heading that opens the article). Absent one, it is derived from the lead: the
   first sentence of the first paragraph, cut at a word boundary to at most
   :data:`TITLE_MAX_CHARS` characters, with its final full stop removed.

All offsets (``Block.start``) index the decoded, normalised text, so every input character
is accounted for.
"""


from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import Path

from .. import dates
from ..errors import InputError
from ..model import Block, Document, Image, Metadata
from ..segment import CREDIT_RE, segment_block
from .common import elide
from .front_matter import FrontMatter, apply_front_matter, split_front_matter
from .text_decode import (
    MAX_BYTES,
    SUFFIXES,
    Decoded,
    _binary_bytes,
    _detect,
    _looks_binary,
    decode,
    read_text,
)
from .text_markdown import MD_IMAGE as _MD_IMAGE
from .text_markdown import MD_SPANS as _MD_SPANS
from .text_markdown import md_heading as _md_heading
from .text_markdown import md_inline as _md_inline
from .text_markdown import md_quote as _md_quote
from .text_markdown import sub_per_line as _sub_per_line

__all__ = [
    "SUFFIXES",
    "HEADING_MAX_CHARS",
    "CAPTION_MAX_CHARS",
    "TITLE_MAX_CHARS",
    "MAX_BYTES",
    "Decoded",
    "decode",
    "read_text",
    "parse_blocks",
    "parse_document",
    "read_document",
]
# private names other modules and tests import from here (they moved with the split)
_REEXPORTED = (_binary_bytes, _detect, _looks_binary, _MD_SPANS, _sub_per_line)

HEADING_MAX_CHARS = 120
CAPTION_MAX_CHARS = 400
TITLE_MAX_CHARS = 100

#: ``date``/``дата`` and an optional ``:`` or ``=`` before the article's date (:mod:`bilingual.dates`).
_DATE_LABEL = re.compile(r"\s*(?:date|дата)[ \t]*(?:[:=][ \t]*)?", re.IGNORECASE)
_OPEN_QUOTES = "«„“\"‘"
_QUOTE_END = re.compile(r"[»“”\"’][.!?…]*\s*$")
_ATTRIBUTION = re.compile(r"[»”\"“][.!?…]*\s*(?:,\s*)?[—–-]\s+\S")  # not \s*,?\s*: quadratic
_CLOSING_PUNCT = tuple(".!?…:;")


# --------------------------------------------------------------------------- blocks
def _chunks(text: str) -> list[tuple[int, str]]:
    """Split text into (offset, chunk) at blank lines; per line if there is no blank line."""
    if re.search(r"\n[ \t]*\n", text):
        pattern = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
    else:
        pattern = re.compile(r"[^\n]+")
    out = []
    for m in pattern.finditer(text):
        chunk = m.group()
        lead = len(chunk) - len(chunk.lstrip())
        chunk = chunk.strip()
        if chunk:
            out.append((m.start() + lead, chunk))
    return out


def _has_closing_punct(text: str) -> bool:
    t = text.rstrip("»”\"’)] ")
    return t.endswith(_CLOSING_PUNCT) or not t


def _classify(text: str, *, first: bool) -> tuple[str, int]:
    """Kind and level of a plain-text block."""
    if text[0] in _OPEN_QUOTES and (_QUOTE_END.search(text) or _ATTRIBUTION.search(text)):
        return "quote", 0
    if "\n" not in text and not _has_closing_punct(text):
        m = CREDIT_RE.search(text)
        if len(text) > CAPTION_MAX_CHARS:
            return "paragraph", 0
        if (m and m.start() > 0) or len(text) > HEADING_MAX_CHARS:
            return "caption", 0
        return "heading", 1 if first else 2
    return "paragraph", 0


def parse_blocks(
    text: str, *, markdown: bool = False, warnings: list[str] | None = None
) -> tuple[list[Block], dict[str, str]]:
    """Split decoded text into classified blocks; return them and metadata found (date, title).
    A date that names no real day (``2025-02-30``) is left out, with a line in ``warnings``.
    (The rest of a Markdown front matter is read by :func:`parse_document`.)"""
    blocks, meta, _ = _parse(text, markdown, warnings)
    return blocks, meta


def _parse(
    text: str, markdown: bool, warnings: list[str] | None
) -> tuple[list[Block], dict[str, str], FrontMatter | None]:
    """:func:`parse_blocks`, and the front matter (None when there is none)."""
    meta: dict[str, str] = {}
    body_start = 0
    front = split_front_matter(text) if markdown else None
    if front is not None:
        date, title = front.fields.get("date"), front.fields.get("title")
        if isinstance(date, str):
            _take_date(meta, date, dates.iso_date(date), warnings)
        if isinstance(title, str):
            meta["title"] = title
        body_start = front.end
    if (label := _DATE_LABEL.match(text, body_start)) and (found := dates.match_at(text, label.end())):
        _take_date(meta, found.text, found.value.iso() if found.value else None, warnings)
        body_start = found.end
    blocks: list[Block] = []
    for offset, chunk in _chunks(text[body_start:]):
        start = body_start + offset
        kind, level = "paragraph", 0
        if markdown and (h := _md_heading(chunk)):
            level, skip, chunk = h
            kind, start = "heading", start + skip
        elif markdown and chunk.startswith(">"):
            kind, chunk, start = _md_quote(chunk, start)
        elif markdown and (img := _MD_IMAGE.fullmatch(chunk)):
            kind, chunk, start = "caption", img.group(1).strip(), start + img.start(1)
        elif not markdown or not chunk.startswith("#"):
            kind, level = _classify(_md_inline(chunk) if markdown else chunk, first=not blocks)
        if markdown:
            chunk = _md_inline(chunk)
        if not chunk:
            continue
        # soft line wraps inside a block become spaces (same length: offsets stay valid)
        blocks.append(Block(kind=kind, source=chunk.replace("\n", " "), level=level, start=start))
    return blocks, meta, front


def _take_date(meta: dict[str, str], raw: str, iso: str | None, warnings: list[str] | None) -> None:
    """Keep the first date found; one that is no calendar date is left out, with a warning."""
    if iso is None:
        if warnings is not None:
            warnings.append(f"date {elide(raw, 60)!r} is not a calendar date; left out of the metadata")
    else:
        meta.setdefault("date", iso)



# --------------------------------------------------------------------------- document
def _derive_title(blocks: list[Block], meta: dict[str, str]) -> str:
    if meta.get("title"):
        return meta["title"]
    for b in blocks:
        if b.kind == "heading" and b.level == 1:
            return b.source
    for b in blocks:
        if b.kind in ("paragraph", "quote") and b.sentences:
            first = b.sentences[0].source.rstrip(".")
            if len(first) <= TITLE_MAX_CHARS:
                return first
            cut = first[: TITLE_MAX_CHARS + 1].rsplit(" ", 1)[0].rstrip(",;:—– ")
            return cut + "…"
    return ""


def _identifier(source_file: str, text: str) -> str:
    digest = hashlib.sha1(f"{Path(source_file).name}\n{text}".encode()).digest()
    return f"urn:uuid:{uuid.UUID(bytes=digest[:16], version=5)}"


def parse_document(decoded: Decoded, *, source_file: str = "", require_russian: bool = True) -> Document:
    """Build a segmented, untranslated :class:`Document` from decoded text (warnings found on
    the way, such as a date that names no real day, are added to ``decoded.warnings``). A
    Markdown front matter's cover is read relative to ``source_file``'s folder."""
    name = source_file or "input"
    if not decoded.text.strip():
        raise InputError(f"{name} is empty; give an article with some Russian text")
    markdown = Path(source_file).suffix.lower() in (".md", ".markdown")
    blocks, found, front = _parse(decoded.text, markdown, decoded.warnings)
    if require_russian and not re.search("[А-Яа-яЁё]", decoded.text):
        raise InputError(
            f"{name} has no Russian (Cyrillic) text; bilingual translates Russian→English "
            "(to pair an existing translation use 'bilingual align')"
        )
    if not blocks:
        raise InputError(f"{name} has no text to translate after its metadata; add the article body")
    for block in blocks:
        segment_block(block)
    meta = Metadata(
        title=_derive_title(blocks, found),
        date=found.get("date"),
        source_file=source_file,
        source_encoding=decoded.encoding,
        identifier=_identifier(source_file, decoded.text),
    )
    images: list[Image] = []
    if front is not None:
        base = Path(source_file).parent if source_file else None
        images = apply_front_matter(meta, front, base, decoded.warnings)
    return Document(meta=meta, blocks=blocks, images=images)


def read_document(path: str | Path, *, lang: str = "ru") -> Document:
    """Read, decode, split, classify and segment an article file.

    ``lang="ru"`` requires Cyrillic text; any other value (e.g. ``"en"`` for an existing
    English translation) does not, and sets the document's source language accordingly.
    """
    path = Path(path)
    decoded = read_text(path)
    doc = parse_document(decoded, source_file=str(path), require_russian=(lang == "ru"))
    doc.meta.source_lang = lang
    return doc
