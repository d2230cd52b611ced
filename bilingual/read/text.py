"""The plain-text reader: an article (.txt or .md) into a :class:`~bilingual.model.Document`.

Stages, each a plain function:

1. :func:`decode` — bytes → text. UTF-8 (with or without BOM) first; otherwise
   charset-normalizer picks the legacy Cyrillic code page (cp1251, KOI8-R, …). CRLF/CR become LF,
   text is NFC-normalised, characters XML cannot carry (NUL and other C0 controls) are dropped
   and counted. Binary data and undecodable bytes are refused with :class:`InputError`.
2. :func:`parse_blocks` — text → blocks. Blocks are separated by blank lines (single newlines
   inside a block are soft wraps); a file with no blank line at all has one block per line.
   Markdown: ``#`` headings (level = number of ``#``), ``>`` quotes, an image alone in its
   block (``![alt](photo.jpg)``) is a caption of its alt text, YAML-like front matter
   (``date:``, ``title:``); inline emphasis, code and links are reduced to their text (so a
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
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .. import dates
from ..errors import InputError
from ..model import Block, Document, Metadata
from ..segment import CREDIT_RE, segment_block

__all__ = [
    "SUFFIXES",
    "HEADING_MAX_CHARS",
    "CAPTION_MAX_CHARS",
    "TITLE_MAX_CHARS",
    "Decoded",
    "decode",
    "read_text",
    "parse_blocks",
    "parse_document",
    "read_document",
]

SUFFIXES = (".txt", ".md", ".markdown", ".text")
HEADING_MAX_CHARS = 120
CAPTION_MAX_CHARS = 400
TITLE_MAX_CHARS = 100
#: Inputs larger than this are refused (a book is a few MB; this guards against mistakes).
MAX_BYTES = 64 * 1024 * 1024

# XML 1.0 forbids C0 controls except TAB, LF, CR, plus U+FFFE/U+FFFF and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
#: ``date``/``дата`` and an optional ``:`` or ``=`` before the article's date (:mod:`bilingual.dates`).
_DATE_LABEL = re.compile(r"\s*(?:date|дата)[ \t]*(?:[:=][ \t]*)?", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_HEADING_OPEN = re.compile(r"(#{1,6})[ \t]+")
# Link texts and targets nest one bracket level (``[[1]](#n1)``, ``wiki/Foo_(bar)``): each repeat
# stops at a bracket, so a line of ``[`` or ``[a](`` is linear, not a scan to its end per opener.
_URL = r"\((?:[^()\n]|\([^()\n]*\))*\)"
_MD_IMAGE = re.compile(rf"!\[([^\[\]\n]*)\]{_URL}")
_MD_LINK = re.compile(rf"(?<!!)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])+)\]{_URL}")
#: (opener, pattern) of emphasis whose text may hold anything on its line: see :func:`_sub_per_line`.
_MD_SPANS = (
    (re.compile(r"\*\*(?=\S)"), re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")),
    (re.compile(r"(?<!\w)__(?=\S)"), re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)")),
)
#: Emphasis and code whose text excludes its own delimiter: each scan stops at the next one.
_MD_EMPHASIS = (
    re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"),
    re.compile(r"(?<!\w)_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)"),
    re.compile(r"`([^`\n]+)`"),
)
_OPEN_QUOTES = "«„“\"‘"
_QUOTE_END = re.compile(r"[»“”\"’][.!?…]*\s*$")
_ATTRIBUTION = re.compile(r"[»”\"“][.!?…]*\s*(?:,\s*)?[—–-]\s+\S")  # not \s*,?\s*: quadratic
_CLOSING_PUNCT = tuple(".!?…:;")


@dataclass
class Decoded:
    """Decoded text and what was done to get it."""

    text: str
    encoding: str
    removed_controls: int = 0
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- decoding
def decode(data: bytes, *, name: str = "input") -> Decoded:
    """Decode article bytes: UTF-8 (BOM or not), else a detected Cyrillic code page.

    Raises :class:`InputError` for binary data and for bytes no supported encoding reads.
    """
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and _binary_bytes(data):
        raise InputError(f"{name} looks like a binary file, not text; give a UTF-8 (or cp1251/KOI8-R) .txt or .md article")
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _strict(data[3:], "utf-8", name), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _strict(data, "utf-16", name), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc = _mostly_utf8(data) or _detect(data, name)
    if _looks_binary(text):
        raise InputError(f"{name} looks like a binary file, not text; give a UTF-8 (or cp1251/KOI8-R) .txt or .md article")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text, removed = _FORBIDDEN.subn("", text)
    out = Decoded(text=text, encoding=enc, removed_controls=removed)
    if enc.endswith("replaced)"):
        out.warnings.append(f"{text.count(chr(0xFFFD))} invalid UTF-8 byte sequence(s) shown as \ufffd")
    if removed:
        out.warnings.append(f"removed {removed} control character(s) that documents cannot carry")
    return out


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v")


def _binary_bytes(data: bytes) -> bool:
    """More than 1% control bytes (NUL, ESC, …) in the first 64 KiB: not a text file."""
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(sample) // 100)


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few broken sequences (a lone surrogate, a cut character): keep it as UTF-8.

    Legacy Cyrillic code pages decoded as UTF-8 give mostly U+FFFD, so they fall through to
    detection; a real UTF-8 file with a handful of bad bytes gets U+FFFD in their place.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad * 20 < len(text) and re.search("[А-Яа-яЁё]", text):
        return text, "utf-8 (with invalid bytes replaced)"
    return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name} starts with a {encoding} byte-order mark but byte {err.start} is not {encoding}; re-save it as UTF-8"
        ) from err


_CYRILLIC_PAGES = ("cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5")
_COMMON = set("оеаинтсрвлкмдпу")


def _russian_score(text: str) -> float:
    """How much ``text`` looks like Russian: common lowercase letters score, a capital inside
    a word or a stray symbol costs (what a wrong code page produces)."""
    score, prev = 0.0, ""
    for ch in text:
        if "а" <= ch <= "я" or ch == "ё":
            score += 1.0 if ch in _COMMON else 0.5
        elif "А" <= ch <= "Я" or ch == "Ё":
            if prev.islower():
                score -= 2.0
        elif not (ch.isascii() or ch in "«»—–„“”…№"):
            score -= 2.0
        prev = ch
    return score


def _detect(data: bytes, name: str) -> tuple[str, str]:
    """Decode non-UTF-8 bytes (already past the binary check in :func:`decode`): the Cyrillic
    code page whose text looks most Russian; charset-normalizer for anything else."""
    sample = data[:200_000]
    scored = []
    for enc in _CYRILLIC_PAGES:
        try:
            scored.append((_russian_score(sample.decode(enc)), enc))
        except UnicodeDecodeError:
            continue
    if scored:
        score, enc = max(scored, key=lambda pair: pair[0])
        if score > 0:
            return data.decode(enc), enc.replace("_", "-")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: cannot tell its text encoding (not UTF-8, cp1251 or KOI8-R); re-save it as UTF-8")
    return str(best), best.encoding.replace("_", "-")


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:65536]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad > max(8, len(sample) // 50)


def read_text(path: str | Path) -> Decoded:
    """Read and decode an article file, with one-line errors for every user mistake."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file; give the path of a .txt or .md article")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give the path of a .txt or .md article inside it")
    if path.suffix and path.suffix.lower() not in SUFFIXES:
        hint = {".json": "; to re-render a translated document use 'bilingual render'"}.get(path.suffix.lower(), "")
        raise InputError(f"{path}: bilingual reads plain-text articles ({', '.join(SUFFIXES)}), not {path.suffix} files{hint}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path} is {size // 2**20} MB; split it into parts under {MAX_BYTES // 2**20} MB")
        data = path.read_bytes()
    except PermissionError as err:
        raise InputError(f"{path}: permission denied; make it readable") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read it ({err.strerror or err})") from err
    return decode(data, name=str(path))


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
    A date that names no real day (``2025-02-30``) is left out, with a line in ``warnings``."""
    meta: dict[str, str] = {}
    body_start = 0
    if markdown and (fm := _FRONT_MATTER.match(text)):
        for line in fm.group(1).splitlines():
            key, _, value = line.partition(":")
            key, value = key.strip().lower(), value.strip().strip("'\"")
            if key == "date" and value:
                _take_date(meta, value, dates.iso_date(value), warnings)
            elif key == "title" and value:
                meta["title"] = value
        body_start = fm.end()
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
    return blocks, meta


def _take_date(meta: dict[str, str], raw: str, iso: str | None, warnings: list[str] | None) -> None:
    """Keep the first date found; one that is no calendar date is left out, with a warning."""
    if iso is None:
        if warnings is not None:
            warnings.append(f"date {raw[:40]!r} is not a calendar date; left out of the metadata")
    else:
        meta.setdefault("date", iso)


def _md_heading(chunk: str) -> tuple[int, int, str] | None:
    """A one-line ``#`` heading: (level, offset of its text, text without closing ``#``s).

    ``str`` methods, not ``(.*?)[ \\t]*#*[ \\t]*$`` (cubic on a long run of spaces); closing
    ``#``s count only after a space, as in CommonMark (``# C#`` is the heading ``C#``)."""
    m = _MD_HEADING_OPEN.match(chunk)
    if m is None or "\n" in chunk:
        return None
    body = chunk[m.end() :].rstrip(" \t")
    bare = body.rstrip("#")
    if bare != body and (not bare or bare[-1] in " \t"):
        body = bare.rstrip(" \t")
    return len(m.group(1)), m.end(), body


def _md_inline(text: str) -> str:
    """Markdown inline markup reduced to its text: emphasis, code, links and images."""
    text = _MD_IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    for opener, pattern in _MD_SPANS:
        text = _sub_per_line(opener, pattern, text)
    for pattern in _MD_EMPHASIS:
        text = pattern.sub(lambda m: m.group(1), text)
    return text


def _sub_per_line(opener: re.Pattern[str], pattern: re.Pattern[str], text: str) -> str:
    """``pattern.sub(group 1, text)`` in linear time, for ``**…**`` and ``__…__``.

    ``re.sub`` tries every opener, each without a closer scanning to the line's end (quadratic
    on unclosed ``**a **a …``). A closer's validity does not depend on the opener, so once one
    opener finds none, no later one on that line can: the rest of the line is skipped."""
    out, done, pos = [], 0, 0
    while (o := opener.search(text, pos)) is not None:
        m = pattern.match(text, o.start())
        if m is None:
            pos = text.find("\n", o.start()) + 1
            if pos == 0:
                break
            continue
        out += [text[done : m.start()], m.group(1)]
        done = pos = m.end()
    return "".join(out) + text[done:]


def _md_quote(chunk: str, start: int) -> tuple[str, str, int]:
    """Strip Markdown ``>`` markers from a single-paragraph quote, keeping text length where possible."""
    lines = [re.sub(r"^>[ \t]?", "", line) for line in chunk.split("\n")]
    stripped = " ".join(line.strip() for line in lines).strip()
    first_offset = len(chunk.split("\n", 1)[0]) - len(lines[0].lstrip())
    return "quote", stripped, start + first_offset


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
    the way, such as a date that names no real day, are added to ``decoded.warnings``)."""
    name = source_file or "input"
    if not decoded.text.strip():
        raise InputError(f"{name} is empty; give an article with some Russian text")
    markdown = Path(source_file).suffix.lower() in (".md", ".markdown")
    blocks, found = parse_blocks(decoded.text, markdown=markdown, warnings=decoded.warnings)
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
    return Document(meta=meta, blocks=blocks)


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
