"""What the markup readers (EPUB, FB2, DOCX, HTML) share: inline text with marks, a block
builder that keeps chapters, notes and images, and the checks every reader makes.

A reader walks its source and calls, for each block, :meth:`BookBuilder.add` with an
:class:`Inline` it filled piece by piece::

    book = BookBuilder(source_format="fb2")
    book.chapter("Глава первая", source="section-1")
    para = Inline()
    para.text("Он сказал ")
    with para.mark("em"):
        para.text("громко")
    para.noteref("n1")
    para.text(".")
    book.add("paragraph", para)
    doc = book.document(meta)

Whitespace is folded as HTML folds it (runs of spaces, tabs and newlines become one space,
none at either end of a block); :meth:`Inline.line_break` keeps a line break (``\\n``), for
verse and ``<br/>``. Mark offsets follow the folded text. Written here rather than taken from a
library because no HTML/XML library keeps inline offsets through whitespace folding, and
every reader needs exactly this.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import InputError
from ..media import IMAGE_TYPES, image_media_type
from ..model import Block, Chapter, Document, Image, Mark, Metadata

__all__ = [
    "Inline",
    "BookBuilder",
    "ReadResult",
    "clean_inline",
    "has_letters",
    "book_identifier",
    "image_media_type",
    "IMAGE_TYPES",
    "language_warning",
    "refuse",
    "elide",
    "HTML_MARKS",
]

# XML 1.0 forbids C0 controls except TAB, LF, CR, plus U+FFFE/U+FFFF and lone surrogates;
# soft hyphens and zero-width characters inside words break matching and are never wanted.
_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LETTER = re.compile(r"[^\W\d_]")
#: HTML/XHTML inline elements → the mark they give (the EPUB and HTML walkers share this).
HTML_MARKS = {
    "em": "em", "i": "em", "cite": "em", "dfn": "em", "var": "em", "strong": "strong", "b": "strong",
    "sup": "sup", "sub": "sub", "code": "code", "kbd": "code", "samp": "code", "tt": "code",
}  # fmt: skip



def clean_inline(text: str) -> str:
    """NFC text without the characters documents cannot carry (controls, soft hyphens, zero widths)."""
    return _DROP.sub("", unicodedata.normalize("NFC", text))


def has_letters(text: str) -> bool:
    """Whether ``text`` holds a letter of any script (what "a paragraph with text" means)."""
    return bool(_LETTER.search(text or ""))


_UKRAINIAN = set("іїєґІЇЄҐ")
_BELARUSIAN = set("ўЎ")
_RUSSIAN_ONLY = set("ыэъЫЭЪ")


def language_warning(texts: list[str]) -> str | None:
    """A warning when Cyrillic text looks Ukrainian or Belarusian rather than Russian (the model
    translates Russian only), judged on letters only those languages use; else None."""
    uk = be = ru = cyr = 0
    for text in texts:
        for ch in text:
            if "\u0400" <= ch <= "\u04ff":
                cyr += 1
                if ch in _UKRAINIAN:
                    uk += 1
                elif ch in _BELARUSIAN:
                    be += 1
                elif ch in _RUSSIAN_ONLY:
                    ru += 1
    if cyr < 20:
        return None
    if be * 200 > cyr and be >= ru / 4:
        return "the text looks Belarusian (ў, і), not Russian; the model translates Russian, so expect a poor translation"
    if uk * 100 > cyr and uk >= ru / 2:
        return "the text looks Ukrainian (і, ї, є, ґ), not Russian; the model translates Russian, so expect a poor translation"
    return None


class Inline:
    """Text of one block built piece by piece, whitespace folded, with marks at folded offsets."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self._space = False  # a folded space is pending (written only before more text)
        self._open: list[tuple[str, int]] = []
        self.marks: list[Mark] = []

    # ------------------------------------------------------------------ writing
    def text(self, text: str | None) -> None:
        """Append ``text`` (folded: whitespace runs become one space)."""
        if not text:
            return
        folded = _SPACE.sub(" ", clean_inline(text))
        core = folded.strip(" ")
        if not core:
            self._space = self._space or bool(folded)
            return
        if (self._space or folded[0] == " ") and self._len and not self._ends_with_break():
            self._write(" ")
        self._space = folded[-1] == " "
        self._write(core)

    def line_break(self) -> None:
        """A hard line break (``<br/>``, a verse line's end): ``\\n`` in the source."""
        if self._len and not self._ends_with_break():
            self._write("\n")
        self._space = False

    @contextlib.contextmanager
    def mark(self, kind: str) -> Iterator[None]:
        """Text written inside the ``with`` block carries the mark ``kind`` (em, strong, sup…)."""
        self.open_mark(kind)
        try:
            yield
        finally:
            self.close_mark(kind)

    def open_mark(self, kind: str) -> None:
        """Start a mark at the current position (close it with :meth:`close_mark`)."""
        start = self._len + (1 if self._space and self._len and not self._ends_with_break() else 0)
        self._open.append((kind, start))

    def close_mark(self, kind: str) -> None:
        """End the innermost open mark of ``kind``."""
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == kind:
                _, start = self._open.pop(i)
                if self._len > start:
                    self.marks.append(Mark(start, self._len, kind))
                return

    def noteref(self, ref: str) -> None:
        """A note reference at the current position (the marker's own text is not written)."""
        self.marks.append(Mark(self._len, self._len, "noteref", ref))

    # ------------------------------------------------------------------ reading
    @property
    def value(self) -> str:
        """The folded text so far, without a trailing line break."""
        return "".join(self._parts).rstrip("\n")

    def is_empty(self) -> bool:
        """No text written (note references alone do not count)."""
        return not self.value.strip()

    def _write(self, s: str) -> None:
        self._parts.append(s)
        self._len += len(s)

    def _ends_with_break(self) -> bool:
        return bool(self._parts) and self._parts[-1].endswith("\n")

    def build(self) -> tuple[str, list[Mark]]:
        """(source text, marks): marks clipped to the text, sorted, empty ones dropped (not note refs)."""
        source = self.value
        end = len(source)
        marks = []
        for m in self.marks:
            start, stop = min(m.start, end), min(m.end, end)
            if m.kind == "noteref" or stop > start:
                marks.append(Mark(start, stop if m.kind != "noteref" else start, m.kind, m.ref))
        marks.sort(key=lambda m: (m.start, -m.end, m.kind))
        return source, marks


@dataclass
class ReadResult:
    """A reader's output: the document (not yet segmented) and notes for the user."""

    document: Document
    warnings: list[str] = field(default_factory=list)


class BookBuilder:
    """Collects blocks, chapters and images of a source in reading order."""

    def __init__(self, source_format: str) -> None:
        self.source_format = source_format
        self.blocks: list[Block] = []
        self.chapters: list[Chapter] = []
        self.images: list[Image] = []
        self._image_ids: dict[str, str] = {}
        self.warnings: list[str] = []

    def chapter(self, title: str = "", source: str = "") -> int:
        """Start a new chapter; returns its index. Blocks added later belong to it."""
        self.chapters.append(Chapter(title=" ".join(clean_inline(title).split()), source=source))
        return len(self.chapters) - 1

    @property
    def current_chapter(self) -> int:
        """Index of the chapter blocks are added to (a first chapter is made on demand)."""
        if not self.chapters:
            self.chapter()
        return len(self.chapters) - 1

    def add(self, kind: str, inline: Inline | str, *, level: int = 0, note_id: str = "", image: str = "",
            chapter: int | None = None) -> Block | None:
        """Add a block of ``kind`` from ``inline`` (or plain text). Returns it, or None when it has
        no text (and is neither an image, a note nor a separator, which may be empty)."""
        if isinstance(inline, str):
            text, inline = inline, Inline()
            inline.text(text)
        source, marks = inline.build()
        if not source.strip() and kind not in ("image", "separator", "note"):
            return None
        block = Block(
            kind=kind, source=source, level=level if kind == "heading" else 0,
            chapter=self.current_chapter if chapter is None else chapter,
            marks=marks, note_id=note_id, image=image,
        )
        self.blocks.append(block)
        return block

    def add_image(self, key: str, data: bytes, name: str = "", alt: str = "") -> str | None:
        """Register a picture (``key``: the source's own reference, e.g. its href) once; returns the
        image id for :meth:`add`, or None (with a warning) when the bytes are not a known image."""
        if key in self._image_ids:
            return self._image_ids[key]
        media_type = image_media_type(name or key, data)
        if media_type is None or not data:
            self.warnings.append(f"image {key!r} skipped: not a JPEG, PNG, GIF, SVG or WebP picture")
            return None
        ext = {v: k for k, v in IMAGE_TYPES.items() if k != ".jpeg"}[media_type]
        image_id = f"img-{len(self.images) + 1}{ext}"
        self.images.append(Image(id=image_id, media_type=media_type, alt=clean_inline(alt).strip(), data=data))
        self._image_ids[key] = image_id
        return image_id

    def image_id(self, key: str) -> str | None:
        """The id :meth:`add_image` gave the picture registered under ``key``, or None."""
        return self._image_ids.get(key)

    def document(self, meta: Metadata) -> Document:
        """The document: unreferenced notes are kept (as notes), chapters without a title take
        their first heading's text."""
        meta.source_format = meta.source_format or self.source_format
        chapters = self.chapters or [Chapter()]
        for index, chapter in enumerate(chapters):
            if not chapter.title:
                first = next((b for b in self.blocks if b.chapter == index and b.kind == "heading"), None)
                chapter.title = first.source if first is not None else ""
        return Document(meta=meta, blocks=self.blocks, chapters=chapters, images=self.images)

    def result(self, meta: Metadata) -> ReadResult:
        """:meth:`document` with the warnings collected while reading."""
        return ReadResult(self.document(meta), list(self.warnings))


def book_identifier(name: str, data: bytes) -> str:
    """A stable ``urn:uuid:`` for the edition of a source file (its name and bytes)."""
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass") + b"\n" + hashlib.sha1(data).digest()).digest()
    return f"urn:uuid:{uuid.UUID(bytes=digest[:16], version=5)}"


def refuse(name: str, what: str) -> InputError:
    """A one-line :class:`InputError` for a damaged source: ``name: what``."""
    return InputError(f"{name}: {what}")


def elide(text: str, limit: int = 80) -> str:
    """``text`` on one line, at most ``limit`` characters: a longer one keeps its start and its
    end with ``…`` between (an id or a path stays recognisable; its end is often what differs)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    head = (limit - 1) * 2 // 5  # the end (a file name, an id's tail) is what tells values apart
    return text[:head] + "…" + text[len(text) - (limit - 1 - head):]
