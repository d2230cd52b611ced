"""XHTML content of the EPUB edition: pages, the pair of each row by block kind, inline marks,
footnotes and the title block.

Every element is made with lxml and every text is set as ``.text``/``.tail`` after
:func:`~bilingual.render.common.clean_text`, so the serialiser escapes it; nothing is ever
concatenated into markup. A row becomes a ``div.pair`` holding a Russian element
(``lang``/``xml:lang="ru"``) and an English one (``en``), whose tag follows the block kind:
``h1``–``h6``, ``blockquote`` (quotes; epigraphs with ``epub:type="epigraph"``), ``p``, a caption
box, a one-item ``ul`` per list item (the bullet survives with CSS off and the two columns stay
aligned item by item), verse lines split by ``<br/>``. A separator is an ``<hr/>``, an image a
``<figure>`` with its caption pair, a note an ``<aside epub:type="footnote">``.

Links are written with a placeholder file name and recorded in the :class:`Context`; once every
id's file is known (chapters may be split, see :mod:`bilingual.render.epub_files`) they are fixed
to ``#id`` or ``file#id``. The placeholder is as long as any real file name, so measured sizes
are upper bounds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .common import (
    LANG_LABELS,
    Row,
    clean_text,
    format_date,
    heading_anchor,
    heading_level,
    parse_date,
    titles,
    translation_note,
    whole_marks,
)

if TYPE_CHECKING:
    from ..model import Document, Mark
    from .epub_package import PackageImage

__all__ = [
    "XHTML_NS", "OPS_NS", "XML_LANG", "EPUB_TYPE", "PRIMARY_LANG", "STYLE_FILE", "NSMAP",
    "Context", "E", "lang_attrs", "new_page", "serialise", "inline", "row_elements",
    "footnote", "title_block", "langs_row", "note_anchor",
]  # fmt: skip

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS_NS}}}type"
NSMAP = {None: XHTML_NS, "epub": OPS_NS}
#: The edition's own language (navigation, colophon, notes apparatus).
PRIMARY_LANG = "en"
STYLE_FILE = "style.css"

#: Mark kind → XHTML element; nesting order when several start at the same offset.
_MARK_TAGS = {"strong": "strong", "em": "em", "code": "code", "sup": "sup", "sub": "sub"}
_MARK_ORDER = tuple(_MARK_TAGS)


def note_anchor(number: int) -> str:
    """The id of footnote ``number``'s aside."""
    return f"fn-{number}"


@dataclass
class Context:
    """What rendering needs besides a row: note numbers, the package's images, and every link
    made so far as ``(element, target id)``, to be fixed once each id's file is known."""

    numbers: dict[str, int]  #: note id → footnote number
    images: dict[str, PackageImage]  #: image id → the image as written into the package
    placeholder: str = "article-part0000.xhtml"  #: as long as any file name
    links: list[tuple[Any, str]] = field(default_factory=list)
    ref_ids: dict[int, list[str]] = field(default_factory=dict)  #: note number → its references' ids

    def link(self, el: Any, target: str) -> None:
        """Point ``el``'s ``href`` at the element with id ``target`` (fixed up later)."""
        el.set("href", f"{self.placeholder}#{target}")
        self.links.append((el, target))

    def new_ref_id(self, number: int) -> str:
        """A fresh id for a reference to note ``number``: ``nref-N``, then ``nref-N-2``…"""
        ids = self.ref_ids.setdefault(number, [])
        ids.append(f"nref-{number}" if not ids else f"nref-{number}-{len(ids) + 1}")
        return ids[-1]


# --------------------------------------------------------------------------- primitives


def E(tag: str, attrs: dict[str, str] | None = None, text: str | None = None, parent: Any = None) -> Any:
    """A new XHTML element (child of ``parent`` if given) with cleaned attribute values and ``text``."""
    from lxml import etree

    name = f"{{{XHTML_NS}}}{tag}"
    el = etree.Element(name, nsmap=NSMAP) if parent is None else etree.SubElement(parent, name)
    for key, value in (attrs or {}).items():
        el.set(key, clean_text(value))
    if text is not None:
        el.text = clean_text(text)
    return el


def lang_attrs(lang: str, cls: str = "") -> dict[str, str]:
    """``lang`` and ``xml:lang`` (and ``class`` if given)."""
    attrs = {"lang": lang, XML_LANG: lang}
    if cls:
        attrs["class"] = cls
    return attrs


def new_page(title: str, body_class: str = "") -> tuple[Any, Any]:
    """A new XHTML page (``html``, ``body``) in the primary language, linked to the stylesheet."""
    html = E("html", lang_attrs(PRIMARY_LANG))
    head = E("head", parent=html)
    E("meta", {"charset": "utf-8"}, parent=head)
    E("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}, parent=head)
    E("title", text=title or "Untitled", parent=head)
    E("link", {"rel": "stylesheet", "type": "text/css", "href": STYLE_FILE}, parent=head)
    body = E("body", {"class": body_class} if body_class else None, parent=html)
    return html, body


def serialise(html: Any) -> bytes:
    """The page as UTF-8 XHTML with an XML declaration and the HTML doctype."""
    from lxml import etree

    return etree.tostring(html, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>", pretty_print=True)


def _put_text(el: Any, text: str, lines: bool) -> None:
    """Append ``text`` at the end of ``el``'s content; ``\\n`` becomes ``<br/>`` if ``lines``."""
    pieces = text.split("\n") if lines else [text]
    for k, piece in enumerate(pieces):
        if k:
            E("br", parent=el)
        if not piece:
            continue
        if len(el):
            el[-1].tail = (el[-1].tail or "") + piece
        else:
            el.text = (el.text or "") + piece


def _noteref(where: Any, ref: str, ctx: Context) -> None:
    number = ctx.numbers.get(ref)
    if number is None:  # a reference to a note the document does not hold: no dead link
        return
    sup = E("sup", {"class": "noteref"}, parent=where)
    a = E("a", {EPUB_TYPE: "noteref", "role": "doc-noteref", "id": ctx.new_ref_id(number)}, str(number), sup)
    ctx.link(a, note_anchor(number))


def inline(parent: Any, text: str, marks: Sequence[Mark], refs: Sequence[tuple[int, str]], ctx: Context,
           *, lines: bool = False) -> None:
    """Append ``text`` to ``parent`` with ``marks`` as nested elements and a note reference
    (``<sup><a epub:type="noteref">N</a></sup>``) at each ``(offset, note id)`` of ``refs``.

    Overlapping marks are split so the elements nest; a reference where a mark ends goes after it.
    """
    if parent.text is None:
        parent.text = ""  # keeps the serialiser from indenting inside the text (it would add spaces)
    n = len(text)
    spans = sorted(
        {(max(m.start, 0), min(m.end, n), m.kind) for m in marks if m.kind in _MARK_TAGS and min(m.end, n) > max(m.start, 0)},
        key=lambda s: (s[0], -s[1], _MARK_ORDER.index(s[2])),
    )
    refs_at: dict[int, list[str]] = defaultdict(list)
    for offset, ref in refs:
        refs_at[min(max(offset, 0), n)].append(ref)
    cuts = sorted({0, n, *(s[0] for s in spans), *(s[1] for s in spans), *refs_at})
    stack: list[tuple[tuple[int, int, str], Any]] = []
    for i, a in enumerate(cuts):
        b = cuts[i + 1] if i + 1 < len(cuts) else None
        want = [s for s in spans if b is not None and s[0] <= a and s[1] >= b]
        keep = 0
        while keep < min(len(stack), len(want)) and stack[keep][0] == want[keep]:
            keep += 1
        del stack[keep:]
        for ref in refs_at.get(a, ()):
            _noteref(stack[-1][1] if stack else parent, ref, ctx)
        if b is None:
            break
        for span in want[keep:]:
            stack.append((span, E(_MARK_TAGS[span[2]], parent=stack[-1][1] if stack else parent)))
        _put_text(stack[-1][1] if stack else parent, text[a:b], lines)


def _english_marks(row: Row) -> list[Mark]:
    """The marks that cover the whole Russian text, over the whole English text."""
    from ..model import Mark

    return [Mark(0, len(row.target), kind) for kind in _MARK_ORDER if kind in whole_marks(row)]


# --------------------------------------------------------------------------- rows


def _fill(el: Any, row: Row, lang: str, ctx: Context, lines: bool = False) -> None:
    if lang == "ru":
        inline(el, row.source, row.marks, row.source_refs, ctx, lines=lines)
    else:
        inline(el, row.target, _english_marks(row), row.target_refs, ctx, lines=lines)


def _caption_side(pair: Any, row: Row, lang: str, ctx: Context) -> None:
    box = E("div", lang_attrs(lang, f"{lang} caption"), parent=pair)
    text = row.source if lang == "ru" else row.target
    if text or not row.has_credit:
        _fill(E("p", {"class": "caption-text"}, parent=box), row, lang, ctx)
    if row.has_credit:
        E("p", {"class": "credit"}, row.credit_source if lang == "ru" else row.credit_target, box)


def _side(pair: Any, row: Row, kind: str, lang: str, ctx: Context) -> None:
    """One language's element of a pair; an empty text gives an empty element, never "None"."""
    attrs = lang_attrs(lang, lang)
    if kind == "heading":
        if lang == "ru":
            attrs["id"] = heading_anchor(row.block_index)
        _fill(E(f"h{heading_level(row.level)}", attrs, parent=pair), row, lang, ctx)
    elif kind in ("quote", "epigraph"):
        if kind == "epigraph":
            attrs[EPUB_TYPE] = "epigraph"
        _fill(E("p", parent=E("blockquote", attrs, parent=pair)), row, lang, ctx)
    elif kind == "caption":
        _caption_side(pair, row, lang, ctx)
    elif kind == "verse":
        _fill(E("p", attrs, parent=pair), row, lang, ctx, lines=True)
    elif kind == "list-item" and row.first_of_block:
        _fill(E("li", parent=E("ul", attrs, parent=pair)), row, lang, ctx)
    else:  # paragraph, attribution, subtitle, table-cell, a list item's later sentences
        _fill(E("p", attrs, parent=pair), row, lang, ctx)


def _pair(row: Row, kind: str, ctx: Context, classes: str) -> Any:
    pair = E("div", {"class": classes})
    for lang in ("ru", "en"):
        _side(pair, row, kind, lang, ctx)
    return pair


def _figure(row: Row, image: PackageImage, ctx: Context) -> Any:
    """A figure: the picture, then its caption pair (if it has any text)."""
    fig = E("figure", {"class": "figure"})
    alt = image.alt or row.source
    E("img", {"src": image.href, "alt": alt, **(lang_attrs("ru") if alt else {})}, parent=fig)
    if row.source or row.target or row.has_credit:
        cap = E("figcaption", parent=fig)
        cap.append(_pair(row, "caption", ctx, "pair image"))
    return fig


def row_elements(row: Row, ctx: Context) -> list[Any]:
    """The elements of one row (not a note: notes are :func:`footnote` asides)."""
    if row.kind == "separator":
        return [E("hr", {"class": "separator"})]
    if row.kind == "image":
        image = ctx.images.get(row.image)
        if image is not None:
            return [_figure(row, image, ctx)]
        return [_pair(row, "caption", ctx, "pair image no-image")]  # bytes lost: the caption alone
    classes = f"pair {row.kind}" + ("" if row.first_of_block else " cont")
    return [_pair(row, row.kind, ctx, classes)]


def footnote(row: Row, number: int, ctx: Context, ident: str) -> Any:
    """``<aside epub:type="footnote">``: the number (a back link to the first reference, if any),
    the Russian note and its English translation."""
    aside = E("aside", {EPUB_TYPE: "footnote", "role": "doc-footnote", "id": ident, "class": "footnote"})
    ru = E("p", lang_attrs("ru", "ru"), parent=aside)
    refs = ctx.ref_ids.get(number)
    if refs:
        back = E("a", {"class": "backlink", "role": "doc-backlink", "title": "Back to the text"}, str(number), ru)
        ctx.link(back, refs[0])
    else:
        back = E("span", {"class": "backlink"}, str(number), ru)
    back.tail = " "
    _fill(ru, row, "ru", ctx)
    _fill(E("p", lang_attrs("en", "en"), parent=aside), row, "en", ctx)
    return aside


# --------------------------------------------------------------------------- page parts


def title_block(doc: Document) -> Any:
    """The header of the first chapter: titles in both languages, authors, date, translation note."""
    ru_title, en_title = titles(doc)
    header = E("header", {"class": "title-block"})
    if ru_title:
        E("h1", lang_attrs("ru", "title-ru"), ru_title, header)
    if en_title:
        E("p", lang_attrs("en", "title-en"), en_title, header)
    authors = [clean_text(a).strip() for a in doc.meta.authors if clean_text(a).strip()]
    if authors:
        E("p", lang_attrs("ru", "authors"), ", ".join(authors), header)
    day = parse_date(doc.meta.date)
    if doc.meta.date:
        date_p = E("p", {"class": "date"}, parent=header)
        # a <time> only for a calendar date (a hand-edited "2025-02-30" is shown as text)
        when = E("time", {"datetime": day.isoformat()}, parent=date_p) if day else E("span", None, parent=date_p)
        E("span", lang_attrs("ru"), format_date(doc.meta.date, "ru"), when).tail = " · "
        E("span", None, format_date(doc.meta.date, "en"), when)
    E("p", {"class": "note"}, translation_note(doc.meta), header)
    return header


def langs_row() -> Any:
    """The column labels: ``hidden`` (so not shown without CSS), shown by the stylesheet only as
    the header of two columns on wide screens."""
    langs = E("div", {"class": "pair langs", "aria-hidden": "true", "hidden": "hidden"})
    for lang in ("ru", "en"):
        E("div", lang_attrs(lang, lang), LANG_LABELS[lang], langs)
    return langs
