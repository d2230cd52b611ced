"""Walk an HTML element (the article's content, already chosen) into blocks.

Headings ``h1``–``h6`` become ``heading`` blocks with their level, ``p`` and other text
containers ``paragraph``, ``blockquote`` ``quote`` (its ``footer`` the ``attribution``), ``li``
``list-item``, ``td``/``th`` ``table-cell``; a ``figure`` (or an old-style photo box: one picture
and one element of text beside it) becomes an ``image`` block with its caption as source when the
picture's bytes are found, else a ``caption`` block. ``em i cite dfn`` → ``em``, ``strong b`` →
``strong``, ``sup sub code`` marks; ``br`` a line break; ``hr`` a separator. Scripts, styles,
forms, navigation and hidden elements never reach text.

Every text node is written into exactly one block: a block element inside running text ends
the running block, and the text after it starts a new one. Written here because the extractors
(readability, trafilatura) return either flattened text or cleaned HTML without this mapping to
the project's blocks and marks; the walk is the HTML half of :mod:`bilingual.read.common`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree

from .common import HTML_MARKS, BookBuilder, Inline
from .text import CAPTION_MAX_CHARS

__all__ = ["Walker", "SKIP_TAGS", "BLOCK_TAGS", "is_hidden"]

#: Elements whose content is never text of the article.
SKIP_TAGS = frozenset(
    "script style noscript template svg math iframe frame frameset object embed applet canvas video audio "
    "map area input button select option textarea label legend nav menu dialog head title meta link "
    "base".split()
)
#: Elements that start a block of their own.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt figcaption figure footer "
    "h1 h2 h3 h4 h5 h6 header hgroup hr html li main ol p picture pre section summary table tbody td tfoot th "
    "thead tr ul caption".split()
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

#: ``loader(img) -> image id or None``: registers the picture's bytes with the builder.
ImageLoader = Callable[[etree._Element], "str | None"]


def _tag(elem: etree._Element) -> str:
    tag = elem.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def is_hidden(elem: etree._Element) -> bool:
    """Whether a browser would not show ``elem`` (``hidden``, ``aria-hidden``, ``display:none``)."""
    if elem.get("hidden") is not None or elem.get("aria-hidden") == "true":
        return True
    style = elem.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


class Walker:
    """Adds the blocks of an element's content to a :class:`BookBuilder`."""

    def __init__(self, book: BookBuilder, load_image: ImageLoader | None = None) -> None:
        self.book = book
        self.load_image = load_image or (lambda img: None)
        self._images: dict[etree._Element, str | None] = {}
        self._holds_block: set[etree._Element] = set()
        self._root: etree._Element | None = None

    # ------------------------------------------------------------------ entry
    def walk(self, root: etree._Element, kind: str = "paragraph") -> None:
        """Add the blocks of ``root``'s content (``root`` itself included)."""
        self._root = root
        self._index(root)
        if self._skipped(root):
            return
        self._block(root, kind)

    def _index(self, root: etree._Element) -> None:
        """Remember every element that holds a block inside it (an inline holding a ``div``)."""
        for elem in self._visible(root):
            if self._starts_block(elem):
                parent = elem.getparent()
                while parent is not None and parent not in self._holds_block:
                    self._holds_block.add(parent)
                    if parent is root:
                        break
                    parent = parent.getparent()

    def _starts_block(self, elem: etree._Element) -> bool:
        tag = _tag(elem)
        if tag == "img":
            return self._image(elem) is not None
        return tag in BLOCK_TAGS and not self._skipped(elem)

    def _image(self, img: etree._Element) -> str | None:
        if img not in self._images:
            self._images[img] = self.load_image(img)
        return self._images[img]

    def _visible(self, elem: etree._Element, tag: str | None = None) -> Iterator[etree._Element]:
        """``elem`` and its descendants (of ``tag``), not entering skipped elements."""
        if self._skipped(elem):
            return
        if tag is None or _tag(elem) == tag:
            yield elem
        for child in elem:
            yield from self._visible(child, tag)

    @staticmethod
    def _skipped(elem: etree._Element) -> bool:
        return not isinstance(elem.tag, str) or _tag(elem) in SKIP_TAGS or is_hidden(elem)

    # ------------------------------------------------------------------ blocks
    def _block(self, elem: etree._Element, kind: str) -> None:
        """Add the blocks of one block-level element, read in the context ``kind``."""
        tag = _tag(elem)
        if tag in _HEADINGS:
            self._flow(elem, "heading", _HEADINGS[tag])
        elif tag == "blockquote":
            self._flow(elem, "quote")
        elif tag in ("footer", "cite") and kind == "quote":
            self._flow(elem, "attribution")
        elif tag == "li":
            self._flow(elem, "list-item")
        elif tag in ("td", "th"):
            self._flow(elem, "table-cell")
        elif tag in ("figcaption", "caption"):
            self._flow(elem, "attribution" if kind == "quote" else "caption")
        elif tag == "hr":
            self.book.add("separator", "")
        elif tag == "figure" or (tag == "img" and self._image(elem)) or self._photo_box(elem):
            self._figure(elem, kind)
        else:
            self._flow(elem, "list-item" if tag in ("ul", "ol", "dl") else kind)

    def _flow(self, elem: etree._Element, kind: str, level: int = 0) -> None:
        """Running text of ``elem`` becomes ``kind`` blocks, split around its block children."""
        inline = Inline()
        inline.text(elem.text)
        after_br = False
        for child in elem:
            if _tag(child) == "br" and after_br:  # <br><br>: a paragraph break in old pages
                self._add(kind, inline, level)
                inline = Inline()
            elif not self._skipped(child):
                if child in self._holds_block or self._starts_block(child):
                    self._add(kind, inline, level)
                    inline = Inline()
                    self._block(child, kind)
                else:
                    self._inline(child, inline)
            after_br = _tag(child) == "br" and not (child.tail or "").strip()
            inline.text(child.tail)
        self._add(kind, inline, level)

    def _add(self, kind: str, inline: Inline, level: int) -> None:
        self.book.add(kind, inline, level=level)

    def _inline(self, elem: etree._Element, inline: Inline) -> None:
        """Text of an inline element (and its descendants) into ``inline``, with its mark."""
        tag = _tag(elem)
        if tag == "br":
            inline.line_break()
            return
        mark = HTML_MARKS.get(tag)
        if mark:
            inline.open_mark(mark)
        inline.text(elem.text)
        for child in elem:
            if not self._skipped(child):
                self._inline(child, inline)
            inline.text(child.tail)
        if mark:
            inline.close_mark(mark)

    # ------------------------------------------------------------------ pictures
    def _photo_box(self, elem: etree._Element) -> bool:
        """One picture (found on disk) and one element child holding all the (short) text: an
        old-style ``div.photo > img + div.caption``."""
        if elem is self._root or elem not in self._holds_block or (elem.text or "").strip():
            return False
        imgs = [i for i in self._visible(elem, "img") if self._image(i)]
        if len(imgs) != 1 or any((c.tail or "").strip() for c in elem):
            return False
        texts = [c for c in elem if not self._skipped(c) and _text_of(c) and imgs[0] not in set(c.iter())]
        if len(texts) != 1:
            return False
        inside = [_tag(e) for e in texts[0].iter()]
        if inside.count("p") > 1 or any(t in _NOT_CAPTION for t in inside):
            return False
        return len(_text_of(texts[0])) <= CAPTION_MAX_CHARS

    def _figure(self, elem: etree._Element, kind: str) -> None:
        """A picture with its caption: the first found picture's ``image`` block takes the caption
        (a ``caption`` block when no picture is found); other text inside is read as usual."""
        tag = _tag(elem)
        imgs = [elem] if tag == "img" else list(self._visible(elem, "img"))
        if not imgs:  # <figure><blockquote>…</blockquote><figcaption>— who</figcaption></figure>
            self._flow(elem, "quote" if elem.find(".//blockquote") is not None else kind)
            return
        caption, rest = Inline(), list[etree._Element]()
        if tag == "figure":
            self._figcaption(elem, caption, rest)
        elif tag != "img":
            self._inline(elem, caption)  # a photo box: all its text is the caption
        ids = [image_id for image_id in (self._image(i) for i in imgs) if image_id]
        if ids:
            self.book.add("image", caption, image=ids[0])
            for image_id in ids[1:]:
                self.book.add("image", "", image=image_id)
        else:
            self.book.add("caption", caption)
        for child in rest:
            self._block(child, kind)

    def _figcaption(self, elem: etree._Element, caption: Inline, rest: list[etree._Element]) -> None:
        """The caption of a ``<figure>``: its ``figcaption`` and loose text; other children that
        hold text (not picture wrappers) go to ``rest``, to be read as blocks after it."""
        caption.text(elem.text)
        for child in elem:
            if not self._skipped(child) and _tag(child) != "img":
                if _tag(child) == "figcaption":
                    self._inline(child, caption)
                elif child.find(".//figcaption") is not None:
                    self._figcaption(child, caption, rest)
                elif _text_of(child):
                    rest.append(child)
            caption.text(child.tail)


_NOT_CAPTION = frozenset(("ul", "ol", "table", "blockquote", *_HEADINGS))


def _text_of(elem: etree._Element) -> str:
    """The folded text of ``elem`` (skipped elements included: only used for shape tests)."""
    return " ".join("".join(elem.itertext()).split())
