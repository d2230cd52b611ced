"""Navigation of the EPUB edition: the EPUB 3 navigation document and the EPUB 2 NCX.

Both come from one tree of :class:`NavEntry`: each chapter and, nested by level, its section
headings; the colophon last. Labels are the English text, else the Russian (marked ``lang="ru"``
in the nav). A chapter whose first heading is its top heading is that heading's entry; a
chapter without one gets an entry titled ``Chapter.title_target``/``title`` with its headings
under it. An article (one chapter) lists its headings at the top level. Subtitles are not
headings, so they are not listed.

Written here rather than by ebooklib because ebooklib builds the nav and the NCX from the same
tree and puts no ``lang`` on labels, while Kindle wants an NCX at most two levels deep: the NCX
keeps the top level and lists every deeper entry, in order, under its top-level entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .common import clean_text, headings
from .epub_xhtml import (
    EPUB_TYPE,
    PRIMARY_LANG,
    XML_LANG,
    E,
    lang_attrs,
    new_page,
    serialise,
)

if TYPE_CHECKING:
    from .epub_files import ChapterPlan

__all__ = ["NCX_DEPTH", "NCX_NS", "NavEntry", "nav_document", "ncx_document", "ncx_entries", "toc_entries"]

NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
#: The NCX's maximum depth (Kindle shows two levels).
NCX_DEPTH = 2


@dataclass
class NavEntry:
    """A navigation entry: label, its language, target and sub-entries."""

    label: str
    lang: str
    href: str
    children: list[NavEntry] = field(default_factory=list)


def _nest(items: list[tuple[int, NavEntry]]) -> list[NavEntry]:
    """Entries with levels → a forest: an entry nests under the nearest shallower one before it."""
    roots: list[NavEntry] = []
    stack: list[tuple[int, NavEntry]] = []
    for level, entry in items:
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(entry)
        stack.append((level, entry))
    return roots


def _chapter_entries(plan: ChapterPlan, where: dict[str, str], alone: bool) -> list[NavEntry]:
    items = [
        (h.level, NavEntry(h.label, "en" if h.target else "ru", f"{where.get(h.anchor, plan.file_name(0))}#{h.anchor}"))
        for h in headings(plan.rows)
    ]
    if items and (alone or items[0][0] == min(level for level, _ in items)):
        return _nest(items)
    ch = plan.chapter
    en, ru = clean_text(ch.title_target).strip(), clean_text(ch.title).strip()
    label, lang = (en, "en") if en else (ru, "ru") if ru else (f"Chapter {plan.index + 1}", "en")
    return [NavEntry(label, lang, plan.file_name(0), _nest(items))]


def toc_entries(plans: list[ChapterPlan], where: dict[str, str], colophon: str) -> list[NavEntry]:
    """The table of contents: the chapters' entries in spine order, then the colophon."""
    entries = [e for plan in plans for e in _chapter_entries(plan, where, len(plans) == 1)]
    return [*entries, NavEntry("Colophon", "en", colophon)]


def ncx_entries(entries: list[NavEntry], depth: int = NCX_DEPTH) -> list[NavEntry]:
    """``entries`` cut to ``depth`` levels: deeper entries are lifted to the last level, in order."""

    def flat(es: list[NavEntry]) -> list[NavEntry]:
        return [x for e in es for x in (NavEntry(e.label, e.lang, e.href), *flat(e.children))]

    if depth <= 1:
        return flat(entries)
    return [NavEntry(e.label, e.lang, e.href, ncx_entries(e.children, depth - 1)) for e in entries]


def _ol(parent: Any, entries: list[NavEntry]) -> None:
    ol = E("ol", parent=parent)
    for entry in entries:
        li = E("li", parent=ol)
        attrs = {"href": entry.href, **(lang_attrs(entry.lang) if entry.lang != PRIMARY_LANG else {})}
        E("a", attrs, entry.label, li)
        if entry.children:
            _ol(li, entry.children)


def nav_document(entries: list[NavEntry], start: str, colophon: str, cover: str = "") -> bytes:
    """nav.xhtml: the table of contents and the landmarks (cover if any, start of the text, colophon)."""
    html, body = new_page("Contents")
    nav = E("nav", {EPUB_TYPE: "toc", "id": "toc", "role": "doc-toc"}, parent=body)
    E("h1", None, "Contents", nav)
    _ol(nav, entries)
    marks = E("nav", {EPUB_TYPE: "landmarks", "id": "landmarks", "hidden": "hidden"}, parent=body)
    E("h2", None, "Landmarks", marks)
    ol = E("ol", parent=marks)
    marks_list = (("cover", cover, "Cover"), ("bodymatter", start, "Start of the text"), ("colophon", colophon, "Colophon"))
    for kind, href, label in (m for m in marks_list if m[1]):
        E("a", {EPUB_TYPE: kind, "href": href}, label, E("li", parent=ol))
    return serialise(html)


def ncx_document(entries: list[NavEntry], uid: str, title: str) -> bytes:
    """toc.ncx: ``entries`` (already cut to depth, see :func:`ncx_entries`) as nav points."""
    from lxml import etree

    def sub(parent: Any, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> Any:
        el = etree.SubElement(parent, f"{{{NCX_NS}}}{tag}", {k: clean_text(v) for k, v in (attrs or {}).items()})
        if text is not None:
            el.text = clean_text(text)
        return el

    root = etree.Element(f"{{{NCX_NS}}}ncx", {"version": "2005-1", XML_LANG: PRIMARY_LANG}, nsmap={None: NCX_NS})
    head = sub(root, "head")

    def depth(es: list[NavEntry]) -> int:
        return 1 + max((depth(e.children) for e in es if e.children), default=0) if es else 0

    meta = (("dtb:uid", uid), ("dtb:depth", str(max(depth(entries), 1))), ("dtb:totalPageCount", "0"), ("dtb:maxPageNumber", "0"))
    for name, content in meta:
        sub(head, "meta", {"name": name, "content": content})
    sub(sub(root, "docTitle"), "text", text=title)
    order = iter(range(1, 1_000_000))

    def points(parent: Any, es: list[NavEntry]) -> None:
        for e in es:
            n = next(order)
            point = sub(parent, "navPoint", {"id": f"navpoint-{n}", "playOrder": str(n)})
            sub(sub(point, "navLabel"), "text", text=e.label)
            sub(point, "content", {"src": e.href})
            points(point, e.children)

    points(sub(root, "navMap"), entries)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)
