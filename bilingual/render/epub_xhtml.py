"""XHTML primitives of the EPUB edition: pages, inline marks and note references, footnotes.
The elements of each row, by layout and block kind, are made in :mod:`.epub_rows`.

Every element is made with lxml and every text is set as ``.text``/``.tail`` after
:func:`~bilingual.render.common.clean_text`, so the serialiser escapes it; nothing is ever
concatenated into markup. A note is an ``<aside epub:type="footnote">``: its number (a back
link), the Russian note, its English.

Links are written with a placeholder file name (:data:`LINK_PLACEHOLDER`); once every id's file
is known (chapters may be split, see :mod:`bilingual.render.epub_files`) they are fixed to
``#id`` or ``file#id`` in the serialised files (:func:`bilingual.render.epub_units.fix_links`).
The placeholder serialises to as many bytes as the longest file name, so measured sizes are
upper bounds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from .common import Row, clean_text, whole_marks
from .common_text import has_cyrillic

if TYPE_CHECKING:
    from ..model import Mark
    from .epub_package import PackageImage

__all__ = [
    "EPUB_TYPE",
    "LINK_PLACEHOLDER",
    "MARKERS",
    "NSMAP",
    "OPS_NS",
    "PRIMARY_LANG",
    "STYLE_FILE",
    "XHTML_NS",
    "XML_LANG",
    "Context",
    "E",
    "add_marker",
    "fill",
    "footnote",
    "inline",
    "lang_attrs",
    "mark_state",
    "new_page",
    "note_anchor",
    "serialise",
]  # fmt: skip

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS_NS}}}type"
NSMAP = {None: XHTML_NS, "epub": OPS_NS}
#: The edition's own language (navigation, colophon, notes apparatus).
PRIMARY_LANG = "en"
STYLE_FILE = "style.css"
#: A link's file name until its target's file is known. It holds a carriage return, which
#: :func:`~bilingual.render.common.clean_text` removes from every text, so its serialised form
#: (``&#13;link-placeholder-``, 22 bytes like ``article-part0000.xhtml``) occurs nowhere else.
LINK_PLACEHOLDER = "\rlink-placeholder-"

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
    layout: str = "side-by-side"  #: "side-by-side" (a table per row) or "interleaved"
    paragraphs: dict[int, int] = field(default_factory=dict)  #: block index → paragraph number shown
    placeholder: str = LINK_PLACEHOLDER  #: serialised, as long as any file name
    links: list[tuple[Any, str]] = field(default_factory=list)  #: of the unit being rendered
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


@cache
def _etree() -> Any:
    from lxml import etree

    return etree


def E(tag: str, attrs: dict[str, str] | None = None, text: str | None = None, parent: Any = None) -> Any:
    """A new XHTML element (child of ``parent`` if given) with cleaned attribute values and ``text``."""
    etree = _etree()
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
    title = clean_text(title).strip() or "Untitled"
    E("title", lang_attrs("ru") if has_cyrillic(title) else None, title, head)
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


def fill(el: Any, row: Row, lang: str, ctx: Context, lines: bool = False) -> None:
    """Append the ``lang`` side's text of ``row`` to ``el``, with its marks and note references."""
    if lang == "ru":
        inline(el, row.source, row.marks, row.source_refs, ctx, lines=lines)
    else:
        inline(el, row.target, _english_marks(row), row.target_refs, ctx, lines=lines)


# --------------------------------------------------------------------------- notes


#: What a draft shows where a row's English is missing, carried by the row above, or to be checked.
MARKERS = {
    "gap": "[not translated]",
    "joined": "[translated with the passage above]",
    "flag": "[to be checked]",
}


def add_marker(el: Any, kind: str, text: str = "") -> Any:
    """Append a draft marker (:data:`MARKERS`, or ``text``) to ``el``'s content, after a space
    if ``el`` already holds text; the marker is a ``span.marker.<kind>``, English."""
    if "".join(el.itertext()).strip():
        _put_text(el, " ", False)
    return E("span", {"class": f"marker {kind}"}, text or MARKERS[kind], el)


def mark_state(el: Any, row: Row, *, missing: bool = True) -> None:
    """The English side's draft markers: how many sentences lack English (when some have it),
    and whether the row is flagged for review."""
    if missing and row.missing and row.target:
        n = row.missing
        add_marker(el, "gap", f"[{n} sentence{'s' if n != 1 else ''} not translated]")
    if row.flagged:
        add_marker(el, "flag")


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
    fill(ru, row, "ru", ctx)
    en = E("p", lang_attrs("en", "en"), parent=aside)
    if row.target:
        fill(en, row, "en", ctx)
    elif row.untranslated:
        add_marker(en, "gap")
    mark_state(en, row)
    return aside
