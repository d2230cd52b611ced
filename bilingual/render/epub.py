"""The EPUB 3 edition (ebooklib): one article chapter, a colophon, a nav document and an NCX.

Each row is a ``div.pair`` holding a Russian element (``lang="ru" xml:lang="ru"``) and an English
one (``en``). CSS lays pairs out as two grid columns on screens at least 36em wide; narrower
screens, the "stacked" layout and reading systems without CSS grid or media queries show the
English under the Russian. The navigation document lists the headings (nested by level) and
the colophon.

Primary language: English. ``dc:language`` lists ``en`` first and ``ru`` second, because the
edition's own apparatus (navigation, colophon, notes) is English and it is made for readers of
English; every Russian element carries ``lang``/``xml:lang="ru"``, so hyphenation, fonts and
text-to-speech still switch language where the text does.

The XHTML is built with lxml (texts cleaned by :func:`~bilingual.render.common.clean_text`,
escaped by the serialiser), ebooklib assembles the package, and the ZIP is then rewritten with
fixed entry order and timestamps so that the same document gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fileio import write_bytes
from .common import (
    LANG_LABELS,
    Heading,
    Row,
    build_rows,
    check_document,
    clean_text,
    colophon_lines,
    format_date,
    generator_name,
    headings,
    heading_anchor,
    heading_level,
    made_at,
    parse_date,
    stable_identifier,
    titles,
    translation_note,
)

if TYPE_CHECKING:
    from ..model import Document
    from . import RenderOptions

__all__ = ["render_epub", "PRIMARY_LANG", "ARTICLE_FILE", "COLOPHON_FILE", "STYLE_FILE", "CSS"]

#: ``dc:language`` order: primary first (see the module docstring for why English).
PRIMARY_LANG = "en"
LANGS = ("en", "ru")
ARTICLE_FILE = "article.xhtml"
COLOPHON_FILE = "colophon.xhtml"
STYLE_FILE = "style.css"

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS_NS}}}type"

#: The stylesheet: stacked by default, two grid columns from 36em up (side-by-side layout only).
CSS = """\
@charset "utf-8";
body { margin: 0 0.6em; font-family: serif; line-height: 1.45; }
h1 { font-size: 1.6em; line-height: 1.2; margin: 0.6em 0 0.15em; }
h2, h3, h4, h5, h6 { font-family: sans-serif; line-height: 1.25; margin: 0.5em 0 0.2em; }
h2 { font-size: 1.25em; }
h3 { font-size: 1.1em; }
h4, h5, h6 { font-size: 1em; }
p { margin: 0 0 0.3em; }
.title-block { margin-bottom: 1em; }
.title-en { font-size: 1.25em; color: #404040; margin: 0 0 0.6em; }
.date, .note { font-size: 0.8em; color: #595959; margin: 0.1em 0; }
.pair { border-bottom: 1px solid #e3e3e3; padding: 0.35em 0; }
.pair > * { margin-top: 0; margin-bottom: 0; min-width: 0; }
.pair > .en { margin-top: 0.3em; padding-left: 0.8em; color: #1f3864; }
.pair.heading { border-bottom: none; padding-top: 0.7em; }
.pair.heading > .en { padding-left: 0; }
.langs { display: none; }
blockquote { font-style: italic; margin: 0 0 0 0.4em; padding-left: 0.6em; border-left: 3px solid #c8c8c8; }
blockquote p { margin: 0; }
.caption { font-style: italic; font-size: 0.9em; color: #404040; }
.caption p { margin: 0; }
.credit { font-style: normal; font-size: 0.75em; color: #595959; margin-top: 0.15em; }
nav ol { list-style-type: none; padding-left: 1em; }
.colophon dt { font-weight: bold; margin-top: 0.5em; }
.colophon dd { margin-left: 1em; }
@media (min-width: 36em) {
  .side-by-side .pair { display: grid; grid-template-columns: 1fr 1fr; column-gap: 1.4em; }
  .side-by-side .pair > .en { margin-top: 0; padding-left: 0; color: inherit; }
  .side-by-side .langs { display: grid; font-family: sans-serif; font-weight: bold; font-size: 0.85em;
    background-color: #f2f2f2; padding: 0.2em 0; }
}
"""


def render_epub(doc: Document, path: Path, options: RenderOptions) -> Path:
    """Write the EPUB 3 edition of ``doc`` to ``path`` atomically; return ``path``."""
    check_document(doc)
    rows = build_rows(doc, options.granularity)
    made = made_at(doc.meta)
    book = _book(doc, rows, options, made)
    return write_bytes(path, _normalised_zip(_ebooklib_bytes(book, made), made))


# --------------------------------------------------------------------------- XHTML building


def _E(tag: str, attrs: dict[str, str] | None = None, text: str | None = None, parent: Any = None) -> Any:
    """A new XHTML element (child of ``parent`` if given) with cleaned ``text``."""
    from lxml import etree

    name = f"{{{XHTML_NS}}}{tag}"
    el = etree.Element(name) if parent is None else etree.SubElement(parent, name)
    for key, value in (attrs or {}).items():
        el.set(key, clean_text(value))
    if text is not None:
        el.text = clean_text(text)
    return el


def _lang(lang: str, cls: str = "") -> dict[str, str]:
    attrs = {"lang": lang, XML_LANG: lang}
    if cls:
        attrs["class"] = cls
    return attrs


def _page(title: str, body_class: str = "") -> tuple[Any, Any]:
    """A new XHTML page (``html``, ``body``) in the primary language, linked to the stylesheet."""
    from lxml import etree

    html = etree.Element(f"{{{XHTML_NS}}}html", nsmap={None: XHTML_NS, "epub": OPS_NS})
    html.set("lang", PRIMARY_LANG)
    html.set(XML_LANG, PRIMARY_LANG)
    head = _E("head", parent=html)
    _E("meta", {"charset": "utf-8"}, parent=head)
    _E("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}, parent=head)
    _E("title", text=title or "Article", parent=head)
    _E("link", {"rel": "stylesheet", "type": "text/css", "href": STYLE_FILE}, parent=head)
    body = _E("body", {"class": body_class} if body_class else None, parent=html)
    return html, body


def _serialise(html: Any) -> bytes:
    from lxml import etree

    return etree.tostring(html, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>", pretty_print=True)


def _side(parent: Any, row: Row, lang: str, anchor: str | None) -> None:
    """One language's element of a pair; empty text gives an empty element, never "None"."""
    text = row.source if lang == "ru" else row.target
    cls = lang
    if row.kind == "heading":
        attrs = _lang(lang, cls)
        if anchor:
            attrs["id"] = anchor
        _E(f"h{heading_level(row.level)}", attrs, text, parent)
    elif row.kind == "quote":
        quote = _E("blockquote", _lang(lang, cls), parent=parent)
        _E("p", None, text, quote)
    elif row.kind == "caption":
        box = _E("div", _lang(lang, f"{cls} caption"), parent=parent)
        if text or not row.has_credit:
            _E("p", {"class": "caption-text"}, text, box)
        if row.has_credit:
            _E("p", {"class": "credit"}, row.credit_source if lang == "ru" else row.credit_target, box)
    else:
        _E("p", _lang(lang, cls), text, parent)


def _article(doc: Document, rows: list[Row], options: RenderOptions) -> bytes:
    ru_title, en_title = titles(doc)
    html, body = _page(en_title or ru_title, f"{options.layout} {options.granularity}")
    section = _E("section", {EPUB_TYPE: "bodymatter chapter", "class": "article"}, parent=body)

    header = _E("header", {"class": "title-block"}, parent=section)
    if ru_title:
        _E("h1", _lang("ru", "title-ru"), ru_title, header)
    if en_title:
        _E("p", _lang("en", "title-en"), en_title, header)
    day = parse_date(doc.meta.date)
    if doc.meta.date:
        date_p = _E("p", {"class": "date"}, parent=header)
        when = _E("time", {"datetime": day.isoformat()} if day else None, parent=date_p)
        _E("span", _lang("ru"), format_date(doc.meta.date, "ru"), when).tail = " · "
        _E("span", None, format_date(doc.meta.date, "en"), when)
    _E("p", {"class": "note"}, translation_note(doc.meta), header)

    langs = _E("div", {"class": "pair langs", "aria-hidden": "true"}, parent=section)
    for lang in ("ru", "en"):
        _E("div", _lang(lang, lang), LANG_LABELS[lang], langs)

    for row in rows:
        pair = _E("div", {"class": f"pair {row.kind}"}, parent=section)
        anchor = heading_anchor(row.block_index) if row.kind == "heading" else None
        _side(pair, row, "ru", anchor)
        _side(pair, row, "en", None)
    return _serialise(html)


def _colophon(doc: Document) -> bytes:
    html, body = _page("Colophon")
    section = _E("section", {EPUB_TYPE: "backmatter colophon", "class": "colophon"}, parent=body)
    _E("h1", None, "Colophon", section)
    ru_title, en_title = titles(doc)
    intro = _E("p", None, "A Russian–English bilingual edition of ", section)
    if ru_title:
        cite = _E("cite", _lang("ru"), ru_title, intro)
        cite.tail = f" ({en_title})." if en_title else "."
    else:
        intro.text += "an untitled article."
    dl = _E("dl", parent=section)
    for label, value in colophon_lines(doc):
        _E("dt", None, label, dl)
        _E("dd", None, value, dl)
    return _serialise(html)


# --------------------------------------------------------------------------- the package


def _xhtml_item(uid: str, file_name: str, title: str, content: bytes) -> Any:
    """An ebooklib chapter whose content is written as given (ebooklib would re-parse it as HTML)."""
    from ebooklib import epub

    class _Xhtml(epub.EpubHtml):
        def get_content(self, default: Any = None) -> bytes:
            return self.content

    item = _Xhtml(uid=uid, file_name=file_name, media_type="application/xhtml+xml", title=title, lang=PRIMARY_LANG)
    item.content = content
    return item


def _toc(heads: list[Heading], href: str) -> list[Any]:
    """ebooklib's nested toc from headings: a deeper heading nests under the shallower one before it."""
    from ebooklib import epub

    roots: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for h in heads:
        node = {"heading": h, "children": []}
        while stack and stack[-1]["heading"].level >= h.level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)

    def convert(node: dict[str, Any]) -> Any:
        h = node["heading"]
        target = f"{href}#{h.anchor}"
        if not node["children"]:
            return epub.Link(target, h.label, f"nav-{h.anchor}")
        return (epub.Section(h.label, target), [convert(c) for c in node["children"]])

    return [convert(n) for n in roots]


def _book(doc: Document, rows: list[Row], options: RenderOptions, made: datetime) -> Any:
    from ebooklib import epub

    ru_title, en_title = titles(doc)
    main_title = en_title or ru_title or "Untitled article"
    book = epub.EpubBook()
    book.set_identifier(stable_identifier(doc))
    book.title = main_title
    book.add_metadata("DC", "title", main_title, {"id": "title-main", XML_LANG: "en" if en_title else "ru"})
    if en_title and ru_title:
        book.add_metadata("DC", "title", ru_title, {"id": "title-ru", XML_LANG: "ru"})
    book.language = PRIMARY_LANG
    for lang in LANGS:
        book.add_metadata("DC", "language", lang)
    day = parse_date(doc.meta.date)
    if day is not None:
        book.add_metadata("DC", "date", day.isoformat())
    book.add_metadata("DC", "description", clean_text(translation_note(doc.meta)))
    book.add_metadata("DC", "subject", "Bilingual edition (Russian–English)")
    book.metadata[epub.NAMESPACES["OPF"]]["generator"] = [
        ("", {"name": "generator", "content": f"{generator_name(doc.meta)} (EbookLib)"})
    ]

    style = epub.EpubItem(uid="style", file_name=STYLE_FILE, media_type="text/css", content=CSS.encode("utf-8"))
    article = _xhtml_item("article", ARTICLE_FILE, main_title, _article(doc, rows, options))
    colophon = _xhtml_item("colophon", COLOPHON_FILE, "Colophon", _colophon(doc))
    nav = epub.EpubNav(title="Contents")
    nav.add_link(href=STYLE_FILE, rel="stylesheet", type="text/css")
    for item in (style, article, colophon, epub.EpubNcx(), nav):
        book.add_item(item)

    toc = _toc(headings(rows), ARTICLE_FILE) or [epub.Link(ARTICLE_FILE, main_title, "nav-article")]
    book.toc = [*toc, epub.Link(COLOPHON_FILE, "Colophon", "nav-colophon")]
    book.spine = [article, colophon]
    return book


def _ebooklib_bytes(book: Any, made: datetime) -> bytes:
    from ebooklib import epub

    buffer = io.BytesIO()
    options = {"mtime": made.replace(tzinfo=None), "raise_exceptions": True, "epub3_pages": False}
    epub.write_epub(buffer, book, options)
    return buffer.getvalue()


def _normalised_zip(data: bytes, made: datetime) -> bytes:
    """Rewrite the ZIP: ``mimetype`` first and stored, fixed timestamps and permissions."""
    stamp = made.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        names.sort(key=lambda n: n != "mimetype")  # stable: keeps ebooklib's order otherwise
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name), compresslevel=9 if name != "mimetype" else None)
    return out.getvalue()
