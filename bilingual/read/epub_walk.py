"""EPUB content documents → blocks: the walk over one XHTML body.

A container (``body``, ``div``, ``section``, ``blockquote``, ``li``…) is *mixed content*: its
runs of text and inline elements become blocks of the container's kind (a paragraph for a
``div`` with direct text, a quote inside ``blockquote``, a list item inside ``li``), its block
children are walked in turn, recursively. Each text node is written exactly once, into the
block being built where it stands; nothing is read twice.

* ``h1``–``h6`` → heading (its level); ``hr`` and ``* * *`` → separator; ``td``/``th`` → one
  table cell each; ``figure`` with a picture → one image block whose text is the figcaption;
  a lone ``img`` (or an SVG ``<image>``) → an image block with no text.
* Verse: an element classed ``poem``/``verse``/``stanza`` (or typed ``z3998:poem``) — a stanza
  element, or a ``<p>`` with ``<br/>`` inside a poem, is one verse block, lines separated by
  :meth:`~bilingual.read.common.Inline.line_break`; plain ``<p>`` lines of a poem gather into
  a stanza until an empty line, ``<hr/>`` or a heading.
* ``epigraph`` / ``text-author`` / ``subtitle`` classes (what FB2 converters write) give
  epigraph, attribution and subtitle blocks; a ``footer`` or ``cite`` block inside a quote or
  epigraph is its attribution.
* Notes found by :func:`~bilingual.read.epub_xhtml.find_notes`: a reference writes
  :meth:`Inline.noteref` instead of its marker; the note itself becomes one note block, placed
  in the chapter of its first reference (at its own place when that is the same chapter and
  the reference came first, else at that chapter's end); back links are dropped.
* ``head``, ``script``, ``style``, ``nav``, ``template``, SVG text and page-break markers never
  reach a block.
"""

from __future__ import annotations

import html
import re

from .common import HTML_MARKS, BookBuilder, Inline, has_letters
from .epub_package import Element, Package, local
from .epub_pictures import Pictures
from .epub_xhtml import HEADINGS, MARKER, Notes, attr_tokens

__all__ = ["Walker", "BLOCK_TAGS"]

#: Elements that are blocks (anything else holding one of these is walked as a block too).
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "html", "legend",
    "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul", *HEADINGS,
})  # fmt: skip
_SKIP = frozenset({"head", "script", "style", "template", "nav", "title", "meta", "link", "noscript", "iframe",
                   "audio", "video", "canvas", "input", "select", "textarea", "button", "rp", "colgroup", "col"})  # fmt: skip
_VERSE = re.compile(r"(?:^|[-_:])(?:poem|poetry|stanza|verse|stih|stihi)", re.I)
_SCENE = re.compile(r"[\s*⁂~•·◦#]+")
_ROLE_CLASSES = (
    ("epigraph", re.compile(r"epigraph|эпиграф", re.I)),
    ("attribution", re.compile(r"text-?author|attribution|signature|(?:^|[-_:\s])author(?:$|[-_\s])", re.I)),
    ("subtitle", re.compile(r"subtitle|subhead", re.I)),
    ("quote", re.compile(r"(?:^|[-_\s])(?:cite|citation|quote|blockquote)(?:$|[-_\s])", re.I)),
)
_NOT_VERSE = frozenset({"figure", "table", "ul", "ol", "dl", "blockquote", "svg", "pre", "nav", "aside"})


def _classes(el: Element) -> str:
    return " ".join([el.get("class", "") or "", *sorted(attr_tokens(el, "type"))])


def _role(el: Element) -> str:
    """"epigraph", "attribution", "subtitle" or "quote" when the element's class or type says so, else ""."""
    classes = _classes(el)
    return next((kind for kind, pattern in _ROLE_CLASSES if pattern.search(classes)), "")


def _verse(el: Element) -> str:
    """"stanza" (one verse block), "poem" (a group of stanzas) or "" for other elements."""
    tokens = _classes(el).split()
    if not any(_VERSE.search(t) for t in tokens):
        return ""
    if any("stanza" in t.lower() for t in tokens) or local(el) == "p":
        return "stanza"
    return "poem"


class Walker(Pictures):
    """Writes the blocks of a book's content documents into a :class:`BookBuilder` (pictures:
    :class:`~bilingual.read.epub_pictures.Pictures`)."""

    def __init__(self, book: BookBuilder, notes: Notes, package: Package) -> None:
        self.book, self.notes, self.package = book, notes, package
        self.path = ""  #: archive path of the document being walked
        self.first_ref: dict[str, int] = {}  #: note id → chapter of its first reference
        self.pending: list[tuple[str, Inline, int]] = []  #: (note id, text, chapter where found)
        self.skip: set[Element] = set()  #: figcaptions read with their figure
        self.caption: Inline | None = None  #: the caption of the figure being walked
        self._blockish: dict[Element, bool] = {}
        self._lead = False  #: at the start of a note (its number is skipped)
        self._after: list[tuple[str, Inline]] = []  #: notes met inside the block being built

    # ------------------------------------------------------------------ entry points
    def document(self, root: Element, path: str) -> None:
        """Walk the body of the content document ``root`` (archive path ``path``)."""
        self.path = path
        body = next((el for el in root.iter() if local(el) == "body"), root)
        self.container(body, "paragraph")
        self._notes_after()

    def image_file(self, path: str) -> None:
        """A spine item that is a picture itself."""
        self.path = path
        self._add_image(path, alt="")

    def finish(self) -> None:
        """Place the notes that waited for their chapter (at its end), keep blocks in chapter order."""
        for note_id, inline, found in self.pending:
            self.book.add("note", inline, note_id=note_id, chapter=self.first_ref.get(note_id, found))
        self.pending = []
        self.book.blocks.sort(key=lambda b: b.chapter)  # stable: reading order within a chapter

    # ------------------------------------------------------------------ blocks
    def is_block(self, el: Element) -> bool:
        """A block element, or an inline one that holds blocks (``<a><div>…</div></a>``)."""
        tag = local(el)
        if tag in BLOCK_TAGS:
            return True
        if not tag or not len(el):
            return False
        if el not in self._blockish:
            self._blockish[el] = any(local(d) in BLOCK_TAGS for d in el.iterdescendants())
        return self._blockish[el]

    def container(self, el: Element, kind: str) -> None:
        """Mixed content: runs of inline content become ``kind`` blocks; block children are walked."""
        run, waiting = Inline(), list[Element]()
        self.text(run, el.text)
        for child in el:
            if self.is_block(child):
                self.flush(run, kind, waiting)
                run, waiting = Inline(), list[Element]()
                self.block(child, kind)
            else:
                self.inline(run, child, waiting)
            self.text(run, child.tail)
        self.flush(run, kind, waiting)

    def flush(self, run: Inline, kind: str, waiting: list[Element]) -> None:
        """Add the run as a ``kind`` block (a scene break as a separator), then its pictures."""
        text = run.value.strip()
        if text and _SCENE.fullmatch(text) and (len(text.replace(" ", "")) > 1 or "⁂" in text):
            self.book.add("separator", "")
        else:
            self.book.add(kind, run)
        self._notes_after()
        for img in waiting:
            self.picture(img)

    def _notes_after(self) -> None:
        """Add the notes found inside the block just added (they follow it)."""
        after, self._after = self._after, []
        for note_id, inline in after:
            self.book.add("note", inline, note_id=note_id)

    def block(self, el: Element, kind: str) -> None:
        """Walk one block element found in a container whose runs are ``kind`` blocks."""
        tag = local(el)
        if not tag or el in self.skip or el in self.notes.consumed or tag in _SKIP or "pagebreak" in attr_tokens(el, "type"):
            return
        if el in self.notes.elements:
            return self.note(el)
        if tag == "svg":
            return self.picture(el)
        if tag in HEADINGS:
            return self.flat(el, "heading", sep="line", level=int(tag[1]))
        if tag == "hr":
            self.book.add("separator", "")
            return self.container(el, kind)  # empty, unless a recovering parser nested text in it
        if tag in ("td", "th"):
            return self.flat(el, "table-cell", sep="line")
        if tag == "pre":
            return self.flat(el, kind, sep="line", pre=True)
        verse = _verse(el)
        if verse == "stanza":
            return self.flat(el, "verse", sep="line")
        if verse == "poem":
            return self.poem(el)
        if tag == "figure" and any(local(d) in ("img", "image") for d in el.iter()):
            return self.figure(el, kind)
        self.container(el, self.kind_for(el, tag, kind))
        return None

    def kind_for(self, el: Element, tag: str, kind: str) -> str:
        """The kind of the runs inside a block element, given its container's."""
        role = _role(el)
        if role:
            return role
        if tag in ("footer", "cite") and kind in ("quote", "epigraph"):
            return "attribution"
        if tag == "blockquote":
            return "epigraph" if kind == "epigraph" else "quote"
        if tag in ("ul", "ol", "li", "menu", "dir"):
            return "list-item"
        if tag == "caption":
            return "paragraph"
        return kind

    def flat(self, el: Element, kind: str, *, sep: str, level: int = 0, pre: bool = False) -> None:
        """One block of ``kind`` from everything inside ``el`` (nested blocks split by ``sep``)."""
        run, waiting = Inline(), list[Element]()
        self.content(run, el, waiting, sep, pre=pre)
        self.book.add(kind, run, level=level)
        self._notes_after()
        for img in waiting:
            self.picture(img)

    def poem(self, el: Element) -> None:
        """A poem: stanza children, ``<p>`` with ``<br/>`` (a stanza each), or plain ``<p>`` lines
        gathered into stanzas broken at empty lines, rules and headings; unclassed wrappers
        inside it are poems too."""
        group, waiting = Inline(), list[Element]()
        self.text(group, el.text)
        for child in el:
            tag = local(child)
            if not self.is_block(child):
                line = tag == "span"  # <span class="line"> lines, set apart by CSS
                if line:
                    group.line_break()
                self.inline(group, child, waiting, "line")
                if line:
                    group.line_break()
                self.text(group, child.tail)
                continue
            line = self._line_like(child) and "stanza" not in _classes(child).lower()
            if line and not any(local(d) == "br" for d in child.iter()) and (
                has_letters("".join(child.itertext())) or any(local(d) in ("img", "svg") for d in child.iter())
            ):
                group.line_break()  # a line: it joins the stanza being gathered
                self.content(group, child, waiting, "line")
                group.line_break()
                self.text(group, child.tail)
                continue
            self.flush(group, "verse", waiting)
            group, waiting = Inline(), list[Element]()
            if self._line_like(child):
                if line and not any(local(d) == "br" for d in child.iter()):
                    self.container(child, "verse")  # an empty line ends the stanza; «* * *» is a break
                else:
                    self.flat(child, "verse", sep="line")  # a stanza of its own (<br/> lines)
            elif _verse(child) == "stanza":
                self.flat(child, "verse", sep="line")
            elif _role(child) or tag in HEADINGS or tag in _NOT_VERSE or tag in _SKIP or child in self.notes.elements \
                    or child in self.notes.consumed or child in self.skip:
                self.block(child, "paragraph")
            elif tag != "hr":  # a rule inside a poem only parts its stanzas
                self.poem(child)
            self.text(group, child.tail)
        self.flush(group, "verse", waiting)

    def _line_like(self, el: Element) -> bool:
        return (local(el) in ("p", "div", "li", "span", "dd", "dt") and not _role(el) and el not in self.notes.elements
                and not any(self.is_block(d) for d in el.iterdescendants()))  # fmt: skip

    def figure(self, el: Element, kind: str) -> None:
        """A figure: its first picture carries the figcaption's text; others have none."""
        cap = next((d for d in el.iter() if local(d) == "figcaption"), None)
        caption, waiting = Inline(), list[Element]()
        if cap is not None:
            self.content(caption, cap, waiting, "space")
            self.skip.add(cap)
        saved, self.caption = self.caption, caption
        self.container(el, kind)
        if self.caption is not None and not self.caption.is_empty():  # no picture could carry it
            self.book.add("caption", self.caption)
        self.caption = saved
        for img in waiting:
            self.picture(img)

    # ------------------------------------------------------------------ notes
    def note(self, el: Element, inline: bool = False) -> None:
        """A note element: one note block, here (after the block being built, when ``inline``)
        or at the end of its first reference's chapter."""
        note_id = self.notes.elements[el]
        run, waiting = Inline(), list[Element]()
        self._lead = True
        self.content(run, el, waiting, "space")
        for part in self.notes.parts.get(el, []):
            run.text(" ")
            self.content(run, part, waiting, "space")
        self._lead = False
        here = self.book.current_chapter
        if self.first_ref.get(note_id) == here and inline:
            self._after.append((note_id, run))
        elif self.first_ref.get(note_id) == here:
            self.book.add("note", run, note_id=note_id)
        else:
            self.pending.append((note_id, run, here))
        for img in waiting:
            self.picture(img)

    # ------------------------------------------------------------------ inline
    def text(self, run: Inline, text: str | None) -> None:
        """Write a text node (at a note's start, a bare number is its marker: skipped)."""
        if not text:
            return
        if self._lead:
            if not has_letters(text) and (not text.strip() or MARKER.match(text.strip())):
                return
            if has_letters(text):
                self._lead = False
        run.text(text)

    def content(self, run: Inline, el: Element, waiting: list[Element], sep: str, pre: bool = False) -> None:
        """Write what is inside ``el`` (its text, children and their tails) into ``run``."""
        self.text_or_pre(run, el.text, pre)
        for child in el:
            self.inline(run, child, waiting, sep, pre)
            self.text_or_pre(run, child.tail, pre)

    def text_or_pre(self, run: Inline, text: str | None, pre: bool) -> None:
        """Write text; preformatted text keeps its line breaks."""
        if not pre or not text:
            return self.text(run, text)
        for i, line in enumerate(text.split("\n")):
            if i:
                run.line_break()
            self.text(run, line)
        return None

    def inline(self, run: Inline, el: Element, waiting: list[Element], sep: str = "space", pre: bool = False) -> None:
        """Write one inline element (or a nested block, in a flattened block) into ``run``."""
        tag = local(el)
        if not tag:
            from lxml import etree

            if isinstance(el, etree._Entity):  # an entity lxml left unexpanded: &nbsp; &mdash;
                resolved = html.unescape(el.text or "")
                self.text(run, "" if resolved == el.text else resolved)
            return None
        if el in self.skip or tag in _SKIP or el in self.notes.backlinks or "pagebreak" in attr_tokens(el, "type"):
            return
        if el in self.notes.refs:  # the marker is not written; words annotated by the note are
            note_id = self.notes.refs[el]
            if has_letters("".join(el.itertext())):
                self.content(run, el, waiting, sep, pre)
            run.noteref(note_id)
            self.first_ref.setdefault(note_id, self.book.current_chapter)
            return
        if el in self.notes.elements:
            return self.note(el, inline=True)
        if el in self.notes.consumed:
            return None
        if self._lead and MARKER.match(" ".join("".join(el.itertext()).split()) or "-"):
            return None  # a note's own number (<sup>1</sup>, <a>[1]</a>)
        if tag in ("br", "img", "svg"):
            if tag == "br":
                run.line_break()
            elif run.is_empty():
                self.picture(el)
            else:
                waiting.append(el)
            if tag != "svg":  # a recovering parser may nest the text that follows inside <br>/<img>
                self.content(run, el, waiting, sep, pre)
            return None
        block = tag in BLOCK_TAGS or self.is_block(el)
        if block:
            self.separate(run, sep)
        mark = HTML_MARKS.get(tag)
        if mark:
            run.open_mark(mark)
        self.content(run, el, waiting, sep, pre or tag == "pre")
        if mark:
            run.close_mark(mark)
        if block:
            self.separate(run, sep)
        return None

    @staticmethod
    def separate(run: Inline, sep: str) -> None:
        """Part two nested blocks inside one flattened block: a line break or a space."""
        if sep == "line":
            run.line_break()
        else:
            run.text(" ")
