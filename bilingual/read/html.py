"""Read a saved web page (``.html .htm .xhtml``): the article's main content, not the page.

One saved news page becomes one chapter: the headline (``<h1>``, level 1), the article's
paragraphs, section headings, quotes with their attributions, pictures with captions, lists,
table cells and emphasis — without the menus, sidebars («Читайте также»), comments, footers,
cookie banners and scripts around it.

How (measured with ``bench/bench_html_extract.py`` on the seven saved Russian news pages of
``tests/fixtures_html.py``: ``<article>`` + ``<figure>``; div soup in windows-1251; a link-farm
portal with a teaser injected into the article; a longread with a table; a three-paragraph item
among teasers; one ``div`` per paragraph; an ASP.NET ``<form>`` page with long reader reviews —
39 article paragraphs, 315 boilerplate lines; readability-lxml 0.9, trafilatura 2.3.1):

=================================  ======  ======  =====  =====  =====  =====  =====  ======
extractor                          paras   leaked  heads  quote  attr.  capt.  cells  emph.
=================================  ======  ======  =====  =====  =====  =====  =====  ======
trafilatura XML (default, recall)  38/39   0       6/6    7/7    0/4    0/6    9/9    15/15
readability summary + our walk     39/39   8       6/6    7/7    4/4    6/6    9/9    15/15
this module                        39/39   0       6/6    7/7    4/4    6/6    9/9    15/15
=================================  ======  ======  =====  =====  =====  =====  =====  ======

trafilatura drops every picture caption and quote attribution (text the user wants
translated) and lost a lead paragraph kept in its own ``div``; readability-lxml keeps the
structure but leaked an injected «Читайте также» teaser, a byline and four reader reviews. So
**readability-lxml chooses the main content** (``Document(html).summary()``: the best node and its
worthy siblings, cleaned) and :mod:`bilingual.read.html_walk` turns that HTML into blocks, with
what readability lacks: when the page's own ``<article>`` clearly holds the article (two real
paragraphs, twice the text of any other ``<article>``) readability is given only that element;
scripts, styles, navigation, form controls and hidden elements are removed first; afterwards a
block mostly made of link text (a teaser, a related-links list) is dropped, and so is the byline
(author and ``<time>``: they are metadata, see :mod:`bilingual.read.html_meta`). Both extractors
take 5–50 ms a page. The fixtures are synthetic (written for this reader), so the clean-ups are
tuned on them: real sites will find other leaks.

Encoding: a byte-order mark, else valid UTF-8, else the charset the page declares (``<meta
charset>`` or ``http-equiv``), else the Cyrillic code-page detection of :mod:`bilingual.read.text`
(charset-normalizer for anything else).

Pictures: a page saved "complete" keeps its pictures in ``NAME_files/``; an ``<img src>`` is
read relative to the page's file (never outside its folder), ``data:`` URIs are decoded. A
picture that is not there is skipped; its caption stays, as a ``caption`` block.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import contextlib
import hashlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from ..errors import InputError
from ..model import Block, Metadata
from .common import BookBuilder, ReadResult, has_letters
from .html_meta import citation, page_meta
from .html_walk import SKIP_TAGS, Walker, is_hidden

__all__ = ["MAX_IMAGE_BYTES", "decode_html", "main_content", "marked_article", "parse"]

#: Pictures larger than this are not carried (a saved page's photos are well under it).
MAX_IMAGE_BYTES = 32 * 1024 * 1024
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]*\?>")
_LETTERS = re.compile(r"[^\W\d_]")
_BLOCKS_TO_JUDGE = ("p", "div", "ul", "ol", "dl", "section", "aside", "table")


def _no_text(name: str) -> InputError:
    return InputError(
        f"{name} has no article text (only menus, links, scripts or an empty body); save the article "
        "page itself, or copy its text to a .txt"
    )


# ------------------------------------------------------------------ decoding
def decode_html(data: bytes, name: str = "page") -> tuple[str, str]:
    """(text, encoding) of a page's bytes: BOM, else UTF-8, else the declared charset, else detected."""
    from .text import _binary_bytes, _detect

    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if _binary_bytes(data):
        raise InputError(f"{name} looks like a binary file, not a web page; save the page as HTML ('Web page, complete')")
    with contextlib.suppress(UnicodeDecodeError):
        return data.decode("utf-8"), "utf-8"
    match = _CHARSET.search(data[:8192])
    if match:
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            encoding = codecs.lookup(match.group(1).decode("ascii")).name
            if encoding not in ("utf-8", "utf-16", "utf-32"):
                return data.decode(encoding), encoding
    return _detect(data, name)


def _tree(text: str, name: str) -> etree._Element:
    import lxml.html

    text = _XML_DECL.sub("", text)
    if not text.strip():
        raise _no_text(name)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as err:
        raise _no_text(name) from err


def _prune(tree: etree._Element) -> None:
    """Remove what is never article text: scripts, styles, navigation, controls, hidden elements."""
    doomed = [e for e in tree.iter() if not isinstance(e.tag, str) or e.tag in SKIP_TAGS or is_hidden(e)]
    for elem in doomed:
        if elem.getparent() is not None and elem.tag not in ("head", "html"):
            elem.drop_tree()


# ------------------------------------------------------------------ main content
@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Silence a library's logger (readability logs its failures at ERROR) for the block."""
    logger = logging.getLogger(logger_name)
    saved = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(saved)


def main_content(page: str) -> etree._Element | None:
    """The article's content chosen by readability-lxml, as an element (None if it finds none)."""
    import lxml.html
    from readability import Document

    with _quiet("readability.readability"):
        try:
            summary = Document(page).summary(html_partial=True)
        except (ValueError, etree.ParserError, TypeError):
            return None
    if not summary or not _LETTERS.search(summary):
        return None
    try:
        return lxml.html.fragment_fromstring(summary, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def marked_article(tree: etree._Element) -> etree._Element | None:
    """The page's own ``<article>`` when it clearly is the article: it holds at least two real
    paragraphs (80 letters or more) and twice the text of any other (teaser cards are
    ``<article>`` elements too). Readability, given the whole page, would add long sibling blocks
    (reader reviews) to it."""
    outer = [a for a in tree.iter("article") if not any(p.tag == "article" for p in a.iterancestors())]
    sized = sorted(((_letters(a.text_content()), i, a) for i, a in enumerate(outer)), reverse=True)
    if not sized:
        return None
    size, _, best = sized[0]
    paragraphs = sum(1 for p in best.iter("p") if _letters(p.text_content()) >= 80)
    if paragraphs < 2 or (len(sized) > 1 and size < 2 * sized[1][0]):
        return None
    return best


def _letters(text: str) -> int:
    return len(_LETTERS.findall(text))


def _drop_link_blocks(root: etree._Element) -> None:
    """Drop blocks whose text is mostly link text: teasers («Читайте также: …»), related links."""
    doomed = []
    for elem in root.iter(*_BLOCKS_TO_JUDGE):
        if elem is root or elem.find(".//figcaption") is not None or elem.find(".//blockquote") is not None:
            continue
        total = _letters(elem.text_content())
        linked = sum(_letters(a.text_content()) for a in elem.iter("a"))
        if total and linked >= 0.6 * total:
            doomed.append(elem)
    for elem in doomed:
        if elem.getparent() is not None:
            elem.drop_tree()


_BYLINE = ("descendant-or-self::time | descendant-or-self::*[@rel='author' or @itemprop='author' or "
           "contains(@class, 'author') or contains(@class, 'byline') or contains(@class, 'date')]")


def _drop_bylines(root: etree._Element, names: list[str]) -> None:
    """Drop a block that holds only the byline: author names, ``<time>``, a label («Текст:»)."""
    for elem in root.xpath(_BYLINE):
        box = elem
        while box.getparent() is not None and box.getparent() is not root and box.tag not in ("p", "div", "li"):
            box = box.getparent()
        if box is root or box.getparent() is None or box.find(".//p") is not None:
            continue
        rest = box.text_content()
        for part in [*(e.text_content() for e in box.xpath(_BYLINE)), *names]:
            if part.strip():
                rest = rest.replace(part, " ")
        words = re.findall(r"[^\W\d_]+", rest)
        if len(words) <= 2 and all(len(w) <= 12 for w in words):
            box.drop_tree()


# ------------------------------------------------------------------ pictures
def _placeholder(data: bytes) -> bool:
    """A GIF or PNG of at most 2×2 pixels: the stand-in of a lazily loaded picture."""
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return max(int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")) <= 2
    if data.startswith(b"\x89PNG") and len(data) >= 24:
        return max(int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) <= 2
    return False


class _Pictures:
    """Loads an ``<img>``'s bytes from beside the saved page (``NAME_files/``) or a ``data:`` URI."""

    def __init__(self, book: BookBuilder, page: Path) -> None:
        self.book = book
        self.folder = page.parent.resolve() if page.parent.is_dir() else None
        self.missing = 0

    def __call__(self, img: etree._Element) -> str | None:
        if any((img.get(dim) or "").strip() in ("0", "1", "2") for dim in ("width", "height")):
            return None  # a tracking pixel or spacer
        sources = self._sources(img)
        for src in sources:
            found = self._read(src)
            if found is not None:
                key, data = found
                return self.book.add_image(key, data, name=key, alt=img.get("alt") or "")
        if sources:
            self.missing += 1
        return None

    @staticmethod
    def _sources(img: etree._Element) -> list[str]:
        srcs = [img.get(a) for a in ("src", "data-src", "data-original", "data-lazy-src")]
        srcset = img.get("srcset") or img.get("data-srcset")
        if srcset:
            srcs.append(srcset.split(",")[0].strip().split(" ")[0])
        found = [s.strip() for s in srcs if s and s.strip()]
        return sorted(found, key=lambda s: s.startswith("data:"))  # a lazy page's data: placeholder last

    def _read(self, src: str) -> tuple[str, bytes] | None:
        if src.startswith("data:"):
            head, _, payload = src.partition(",")
            if ";base64" not in head or not head.startswith("data:image/"):
                return None
            try:
                data = base64.b64decode(payload, validate=False)
            except (binascii.Error, ValueError):
                return None
            if _placeholder(data):
                return None
            ext = head[len("data:image/"):].split(";")[0].replace("jpeg", "jpg").replace("svg+xml", "svg")
            return f"data-{hashlib.sha1(data).hexdigest()[:12]}.{ext}", data
        parts = urlsplit(src)
        if self.folder is None or parts.scheme not in ("", "file") or parts.netloc or not parts.path:
            return None
        path = (self.folder / unquote(parts.path)).resolve()
        if not path.is_relative_to(self.folder) or not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
            return None
        try:
            return str(path.relative_to(self.folder)), path.read_bytes()
        except OSError:
            return None


# ------------------------------------------------------------------ the reader
def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _article_element(tree: etree._Element, authors: list[str]) -> etree._Element | None:
    """The cleaned element holding the article (see the module's docstring), or None."""
    _prune(tree)
    article = marked_article(tree)
    if article is not None:
        inner = etree.tostring(article, encoding="unicode", method="html", with_tail=False)
        page = f"<html><body>{inner}</body></html>"
    else:
        page = etree.tostring(tree, encoding="unicode", method="html")
    main = main_content(page)
    if main is not None:
        _drop_bylines(main, authors)
        _drop_link_blocks(main)
    return main


def _add_title(book: BookBuilder, title: str) -> None:
    """The headline as the first block (level 1) unless the content already starts with it."""
    if title and not any(b.kind == "heading" and _fold(b.source) == _fold(title) for b in book.blocks[:3]):
        book.blocks.insert(0, Block(kind="heading", source=" ".join(title.split()), level=1, chapter=0))


def parse(data: bytes, name: str) -> ReadResult:
    """Read a saved web page's article into a one-chapter document (not yet segmented).

    Raises :class:`InputError` (one line) for a binary file or a page with no article text.
    """
    text, encoding = decode_html(data, name)
    tree = _tree(text, name)
    info = page_meta(tree)
    main = _article_element(tree, info.authors)
    if main is None:
        raise _no_text(name)
    book = BookBuilder(source_format="html")
    book.chapter(info.h1 or info.title, source=info.url)
    pictures = _Pictures(book, Path(name))
    try:
        Walker(book, pictures).walk(main)
    except RecursionError:
        raise InputError(f"{name}: its HTML is nested too deeply to read; save the article's text as a .txt") from None
    if not any(has_letters(b.source) for b in book.blocks):
        raise _no_text(name)
    _add_title(book, info.h1 or info.title)
    meta = Metadata(
        title=info.title or info.h1, date=info.date, authors=info.authors, publisher=info.site,
        source_identifier=info.url, description=info.description, source_format="html", source_encoding=encoding,
        source=citation(info.site, info.date), rights=info.rights,
    )
    result = book.result(meta)
    if pictures.missing:
        result.warnings.append(
            f"{pictures.missing} picture(s) not found beside the page (save it as 'Web page, complete' to keep "
            "them); their captions are kept"
        )
    return result
