"""The bodies of an FB2 book → blocks, chapters, notes and images.

The main body (every ``<body>`` not named ``notes``/``comments``/``footnotes``, in order):
its ``<title>``, epigraphs and anything before the first ``<section>`` make a front chapter;
each top-level ``<section>`` is a chapter. Inside, ``<title>`` → ``heading`` (level = section
depth, at most 6; a title's paragraphs joined by line breaks), ``<p>`` → ``paragraph``,
``<epigraph>`` → ``epigraph`` per paragraph, ``<cite>`` → ``quote`` per paragraph,
``<text-author>`` → ``attribution``, ``<poem>`` → ``subtitle`` for its title and one ``verse``
per ``<stanza>`` (a line per ``<v>``), ``<subtitle>`` → ``subtitle``, ``<table>`` →
``table-cell`` per cell, ``<empty-line/>`` → ``separator`` (runs collapsed, none at a
section's start or end), ``<image>`` → ``image`` (its ``title`` as caption; an inline image
follows its paragraph).

Notes: each ``<section>`` of a notes body is a ``note`` block (its title — the marker — left
out), placed in the chapter of its first ``<a l:href="#id">`` reference (any ``<a>`` pointing
at a note, ``type="note"`` or not), or in the last chapter if never referenced. The reference
becomes a ``noteref`` mark and its marker text is not written. Names are the plain ones
:func:`bilingual.read.fb2.load_xml` leaves (no namespaces).
"""

from __future__ import annotations

import base64
import binascii
import posixpath

from lxml import etree

from .common import IMAGE_TYPES, BookBuilder, Inline, has_letters

__all__ = ["read_bodies", "is_note_body", "NOTE_BODIES"]

#: ``<body name=…>`` values whose sections are notes.
NOTE_BODIES = ("notes", "comments", "footnotes")
_MARKS = {"emphasis": "em", "strong": "strong", "sup": "sup", "sub": "sub", "code": "code"}
#: Elements whose text is a line of its own when met inside a block (a title's paragraphs, a note's).
_LINES = {"p", "v", "subtitle", "text-author", "date", "tr", "td", "th", "title"}
_BLOCKS = {
    "p", "section", "title", "epigraph", "poem", "stanza", "cite", "subtitle", "empty-line",
    "table", "text-author", "annotation", "v", "date",
}  # fmt: skip
_EXT = {v: k for k, v in IMAGE_TYPES.items() if k != ".jpeg"} | {"image/jpg": ".jpg"}

Element = etree._Element


def is_note_body(body: Element) -> bool:
    """Whether a ``<body>`` holds notes (``name="notes"``, ``"comments"``, ``"footnotes"``)."""
    return (body.get("name") or "").strip().lower() in NOTE_BODIES


def read_bodies(root: Element, covers: list[Element]) -> BookBuilder:
    """Walk the bodies of ``root`` (plain names) into a :class:`BookBuilder`; ``covers`` are the
    description's cover images, put at the start of the first chapter."""
    bodies = [el for el in root if el.tag == "body"]
    book = BookBuilder("fb2")
    notes = collect_notes([b for b in bodies if is_note_body(b)], book.warnings)
    binaries = {el.get("id", ""): el for el in root.iter("binary")}
    walker = _Walker(book, binaries, notes, covers)
    for body in bodies:
        if not is_note_body(body):
            walker.body(body)
    walker.add_notes()
    for index, chapter in enumerate(book.chapters):
        if not chapter.title:
            heading = next((b for b in book.blocks if b.chapter == index and b.kind == "heading"), None)
            chapter.title = " ".join(heading.source.split()) if heading is not None else ""
    return book


def collect_notes(bodies: list[Element], warnings: list[str]) -> dict[str, Element]:
    """Note id → its element (a ``<section>``, or a stray paragraph of a notes body), in order."""
    notes: dict[str, Element] = {}

    def add(el: Element) -> None:
        note_id = (el.get("id") or "").strip()
        if not note_id:
            if not _own_text(el):
                return
            note_id = f"note-{len(notes) + 1}"
        if note_id in notes:
            warnings.append(f"two notes have the id {note_id!r}; the second is kept as {note_id}-{len(notes) + 1}")
            note_id = f"{note_id}-{len(notes) + 1}"
        notes[note_id] = el

    def section(el: Element) -> None:
        subs = [c for c in el if c.tag == "section"]
        if not subs or _own_text(el):
            add(el)
        for sub in subs:
            section(sub)

    for body in bodies:
        for child in body:
            if child.tag == "section":
                section(child)
            elif child.tag != "title" and has_letters("".join(child.itertext())):
                add(child)
    return notes


def _own_text(el: Element) -> bool:
    """Letters in ``el`` outside its ``<title>`` and nested sections (a note's own text)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag not in ("title", "section"):
            parts.extend(child.itertext())
        parts.append(child.tail or "")
    return has_letters("".join(parts))


def _cells(el: Element) -> list[Element]:
    """The ``<td>``/``<th>`` of a table, row by row (``thead``/``tbody`` wrappers tolerated)."""
    cells: list[Element] = []
    for child in el:
        if child.tag in ("td", "th"):
            cells.append(child)
        elif child.tag in ("tr", "thead", "tbody", "tfoot"):
            cells.extend(_cells(child))
    return cells


class _Walker:
    """One pass over the main bodies, then the notes; state: separators pending, note references."""

    def __init__(self, book: BookBuilder, binaries: dict[str, Element], notes: dict[str, Element],
                 covers: list[Element]) -> None:
        self.book = book
        self.binaries = binaries
        self.notes = notes
        self.covers = list(covers)
        self.first_ref: dict[str, int] = {}  # note id → chapter of its first reference
        self._images: dict[str, str | None] = {}  # binary id → image id (None: unusable)
        self._inline_images: list[Element] = []  # met while building the current block
        self._warned: set[str] = set()
        self._sections = 0
        self._pending_sep = False
        self._started = False  # the current section has a block already

    # ------------------------------------------------------------------ structure
    def body(self, body: Element) -> None:
        """A main body: front matter (title, epigraphs…) in a chapter of its own, then a chapter
        per top-level section."""
        front = False
        self._stray(body.text, "paragraph", body)
        for child in body:
            if child.tag == "section":
                self._sections += 1
                self.new_chapter(child.get("id") or f"section-{self._sections}")
                self.section(child, 1)
                front = True
            else:
                if not front:
                    self.new_chapter(body.get("name") or "body")
                    front = True
                self.flow(child, 1, "paragraph")
            self._stray(child.tail, "paragraph", body)

    def new_chapter(self, source: str) -> int:
        """Start a chapter (titled later after its first heading); the cover opens the first one."""
        index = self.book.chapter("", source=source)
        covers, self.covers = self.covers, []
        for cover in covers:
            self.image(cover)
        self._pending_sep = self._started = False
        return index

    def section(self, el: Element, depth: int) -> None:
        """A section's content; no separator at its start or end."""
        self._pending_sep = self._started = False
        self.blocks_of(el, depth, "paragraph")
        self._pending_sep = False

    def blocks_of(self, el: Element, depth: int, kind: str) -> None:
        """Each child of ``el`` as blocks; paragraphs are of ``kind`` (paragraph, epigraph, quote)."""
        self._stray(el.text, kind, el)
        for child in el:
            self.flow(child, depth, kind)
            self._stray(child.tail, kind, el)

    def flow(self, el: Element, depth: int, kind: str) -> None:
        """One block-level element."""
        tag = el.tag
        if tag == "title":
            self.para("heading", el, level=min(depth, 6))
        elif tag == "section":
            self.section(el, depth + 1)
        elif tag == "p":
            self.para(kind, el)
        elif tag == "epigraph":
            self.blocks_of(el, depth, "epigraph")
        elif tag == "cite":
            self.blocks_of(el, depth, "quote")
        elif tag in ("poem", "stanza"):
            self.verses(el, depth)
        elif tag == "v":
            self.para("verse", el)
        elif tag == "subtitle":
            self.para("subtitle", el)
        elif tag in ("text-author", "date"):
            self.para("attribution", el)
        elif tag == "empty-line":
            self._pending_sep = self._started and kind != "epigraph"
        elif tag == "image":
            self.image(el)
        elif tag == "table":
            for cell in _cells(el):
                self.para("table-cell", cell)
        elif tag == "annotation" or any(child.tag in _BLOCKS for child in el):
            self.blocks_of(el, depth, kind)
        else:
            self.para(kind, el)

    def verses(self, el: Element, depth: int) -> None:
        """A poem or a stanza: consecutive ``<v>`` lines make one ``verse`` block."""
        lines: Inline | None = None
        self._stray(el.text, "paragraph", el)
        for child in el:
            if child.tag == "v":
                lines = lines or Inline()
                lines.line_break()
                self.inline(child, lines)
            else:
                if lines is not None:
                    self.emit("verse", lines)
                    lines = None
                if child.tag in ("title", "subtitle"):
                    self.para("subtitle", child)
                elif child.tag == "stanza":
                    self.verses(child, depth)
                elif child.tag in ("text-author", "date"):
                    self.para("attribution", child)
                else:
                    self.flow(child, depth, "paragraph")
            self._stray(child.tail, "paragraph", el)
        if lines is not None:
            self.emit("verse", lines)

    # ------------------------------------------------------------------ blocks
    def para(self, kind: str, el: Element, level: int = 0) -> None:
        """``el``'s inline content as one block of ``kind``."""
        inline = Inline()
        self.inline(el, inline)
        self.emit(kind, inline, level=level)

    def emit(self, kind: str, inline: Inline, *, level: int = 0, image: str = "") -> None:
        """Add a block (after a pending separator), then the images met inside it."""
        images, self._inline_images = self._inline_images, []
        if not self.book.chapters:
            self.new_chapter("body")
        if kind == "image" or not inline.is_empty():
            if self._pending_sep:
                self.book.add("separator", "")
                self._pending_sep = False
            self.book.add(kind, inline, level=level, image=image)
            self._started = self._started or kind != "heading"  # a title does not open a section's text
        for el in images:
            self.image(el)

    def _stray(self, text: str | None, kind: str, parent: Element) -> None:
        """Text loose between blocks (not valid FB2, found in real files): a block of its own."""
        if has_letters(text or "") and parent.tag not in ("table", "tr"):
            inline = Inline()
            inline.text(text)
            self.emit(kind if kind in ("paragraph", "epigraph", "quote") else "paragraph", inline)

    def image(self, el: Element) -> None:
        """An ``image`` block for ``<image l:href="#id">`` (its ``title`` as caption), if its binary is usable."""
        image_id = self._image_id(el)
        if image_id is not None:
            caption = Inline()
            caption.text(el.get("title", ""))
            self.emit("image", caption, image=image_id)

    def _image_id(self, el: Element) -> str | None:
        href = (el.get("href") or "").strip()
        key = href[1:] if href.startswith("#") else href
        if key in self._images:
            return self._images[key]
        image_id = None
        binary = self.binaries.get(key) if href.startswith("#") else None
        if binary is None:
            where = "points outside the book" if not href.startswith("#") else f"has no <binary id={key!r}>"
            self.book.warnings.append(f"image {href!r} {where}; left out")
        else:
            encoded = "".join((binary.text or "").split())
            try:
                data = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
            except (binascii.Error, ValueError):
                self.book.warnings.append(f"image {href!r}: its <binary> is not valid base64; left out")
            else:
                name = key if posixpath.splitext(key.lower())[1] in IMAGE_TYPES else key + _EXT.get(
                    (binary.get("content-type") or "").strip().lower(), "")
                image_id = self.book.add_image(key, data, name=name, alt=el.get("alt", ""))
        self._images[key] = image_id
        return image_id

    # ------------------------------------------------------------------ inline
    def inline(self, el: Element, inline: Inline) -> None:
        """``el``'s text and children into ``inline`` (marks, note references, line breaks)."""
        inline.text(el.text)
        for child in el:
            self.inline_child(child, inline)
            inline.text(child.tail)

    def inline_child(self, el: Element, inline: Inline) -> None:
        """One element inside a block's text."""
        tag = el.tag
        if tag in _MARKS:
            with inline.mark(_MARKS[tag]):
                self.inline(el, inline)
        elif tag == "a":
            self.link(el, inline)
        elif tag == "image":
            self._inline_images.append(el)
        elif tag == "empty-line":
            inline.line_break()
        elif tag in _LINES:
            inline.line_break()
            self.inline(el, inline)
            inline.line_break()
        else:  # strikethrough, style, anything unknown: the text, no mark
            self.inline(el, inline)

    def link(self, el: Element, inline: Inline) -> None:
        """``<a>``: a note reference (marker not written) when it points at a note, else its text."""
        href = (el.get("href") or "").strip()
        target = href[1:] if href.startswith("#") else ""
        if target and target in self.notes:
            inline.noteref(target)
            self.first_ref.setdefault(target, max(len(self.book.chapters) - 1, 0))
        elif (el.get("type") or "").strip().lower() == "note":
            if href not in self._warned:
                self._warned.add(href)
                self.book.warnings.append(f"note reference {href!r} has no note in the book; its marker is left out")
        else:
            self.inline(el, inline)

    # ------------------------------------------------------------------ notes
    def add_notes(self) -> None:
        """Every note once: in the chapter of its first reference, else in the last chapter."""
        last = max(len(self.book.chapters) - 1, 0)
        referenced = dict(self.first_ref)
        for note_id in [*referenced, *(n for n in self.notes if n not in referenced)]:
            self.note(note_id, self.notes[note_id], referenced.get(note_id, last))

    def note(self, note_id: str, el: Element, chapter: int) -> None:
        """A ``note`` block: the note's text without its title (the marker), lines kept."""
        inline = Inline()
        if el.tag == "section":
            inline.text(el.text)
            for child in el:
                if child.tag not in ("title", "section"):
                    self.inline_child(child, inline)
                inline.text(child.tail)
        else:
            self.inline(el, inline)
        images, self._inline_images = self._inline_images, []
        self.book.add("note", inline, note_id=note_id, chapter=chapter)
        for image_el in images:
            image_id = self._image_id(image_el)
            if image_id is not None:
                self.book.add("image", image_el.get("title", ""), image=image_id, chapter=chapter)
