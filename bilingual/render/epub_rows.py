"""The elements of each row of the EPUB edition, in its two layouts, and the title block.

**Side by side**: every row is its own two-cell ``<table>`` (never one table per chapter, which
readers paginate badly and some cannot break at all). The Russian cell comes first, then the
English one, each ``<td>`` carrying ``lang``/``xml:lang``; both columns are half the width,
set on ``<col>`` and ``<td>`` as ``style="width: 50%"`` attributes in the markup — EPUB 3's
XHTML has no ``width``, ``valign`` or ``cellpadding`` attributes any more (EPUBCheck refuses
them, RSC-005), so the widths are inline styles, which hold when a reader replaces the book's
stylesheet. The gap between the columns is cell padding from the stylesheet (no spacer
column). With no CSS at all a two-cell table still shows two columns of text.

**Interleaved** (``stacked`` is the older name): a ``div.pair`` holding the Russian element and
then its English one (``class="en"``, marked by a light rule on its left in the stylesheet).

Both layouts: the tag follows the block kind — ``h1``–``h6``, ``blockquote`` (quotes; epigraphs
with ``epub:type="epigraph"``), ``p``, a caption box, a one-item ``ul`` per list item (the bullet
survives with CSS off), verse lines split by ``<br/>``; a separator is an ``<hr/>``, an image a
``<figure>`` with its caption pair. A side with no text makes no element (no empty quote bars
or boxes); a missing English says so (:data:`~bilingual.render.epub_xhtml.MARKERS`), as does a
row flagged for review. At sentence granularity a paragraph's first row shows the paragraph
number on the Russian side and starts with a stronger rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .common import (
    LANG_LABELS,
    Row,
    heading_anchor,
    heading_level,
    parse_date,
    title_page,
)
from .common_text import has_cyrillic
from .epub_xhtml import EPUB_TYPE, Context, E, add_marker, fill, lang_attrs, mark_state

if TYPE_CHECKING:
    from ..model import Document
    from .epub_package import PackageImage

__all__ = ["COLUMN_WIDTH", "langs_row", "row_classes", "row_elements", "title_block"]

#: Each column's share of the table, as written on its ``<col>`` and ``<td>``.
COLUMN_WIDTH = "50%"
_LANGS = ("ru", "en")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _text_element(box: Any, row: Row, kind: str, lang: str, attrs: dict[str, str]) -> Any:
    """The element of ``kind`` for one side inside ``box``; returns the element text goes into."""
    if kind == "heading":
        return E(f"h{heading_level(row.level)}", attrs, parent=box)
    if kind in ("quote", "epigraph"):
        if kind == "epigraph":
            attrs = {**attrs, EPUB_TYPE: "epigraph"}
        return E("p", parent=E("blockquote", attrs, parent=box))
    if kind == "list-item" and row.first_of_block:
        return E("li", parent=E("ul", attrs, parent=box))
    return E("p", attrs, parent=box)  # paragraph, verse, attribution, subtitle, table-cell, later sentences


def _number(el: Any, row: Row, ctx: Context) -> None:
    """The paragraph number at the start of a paragraph's first row (sentence granularity)."""
    number = ctx.paragraphs.get(row.block_index) if row.first_of_block else None
    if number is not None:
        E("span", {"class": "pno"}, str(number), el).tail = " "


def _missing(box: Any, row: Row, attrs: dict[str, str]) -> None:
    """No English: a line saying why (carried by the row above, or not translated)."""
    if row.continued:
        el = E("p", attrs, parent=box)
        add_marker(el, "joined")
    elif row.untranslated or row.missing:
        el = E("p", attrs, parent=box)
        add_marker(el, "gap")
    else:
        return
    mark_state(el, row, missing=False)


def _caption(box: Any, row: Row, lang: str, ctx: Context, attrs: dict[str, str]) -> None:
    cls = " ".join(x for x in (attrs.get("class", ""), "caption") if x)
    cap = E("div", {**attrs, "class": cls}, parent=box)
    text = row.source if lang == "ru" else row.target
    credit = row.credit_source if lang == "ru" else row.credit_target
    if text:
        el = E("p", {"class": "caption-text"}, parent=cap)
        fill(el, row, lang, ctx)
        if lang == "en":
            mark_state(el, row)
    elif lang == "en" and (row.missing or row.flagged):  # the credit is translated, the caption not
        el = E("p", {"class": "caption-text"}, parent=cap)
        if row.missing:
            add_marker(el, "gap")
        mark_state(el, row, missing=False)
    if credit:
        E("p", {"class": "credit"}, credit, cap)


def _side(box: Any, row: Row, kind: str, lang: str, ctx: Context, attrs: dict[str, str]) -> None:
    """One language's content of a row inside ``box`` (a cell, or the interleaved pair)."""
    text = row.source if lang == "ru" else row.target
    credit = row.credit_source if lang == "ru" else row.credit_target
    if not text and not credit:
        if lang == "en":
            _missing(box, row, attrs)
        return
    if kind == "caption":
        _caption(box, row, lang, ctx, attrs)
        return
    el = _text_element(box, row, kind, lang, attrs)
    if lang == "ru":
        _number(el, row, ctx)
    fill(el, row, lang, ctx, lines=kind == "verse")
    if lang == "en":
        mark_state(el, row)


def _table(row: Row, kind: str, ctx: Context, classes: str) -> Any:
    table = E("table", {"class": classes, "role": "presentation"})
    cols = E("colgroup", parent=table)
    for lang in _LANGS:
        E("col", {"class": lang, "style": f"width: {COLUMN_WIDTH}"}, parent=cols)
    tr = E("tr", parent=E("tbody", parent=table))
    for lang in _LANGS:
        td = E("td", {**lang_attrs(lang, lang), "style": f"width: {COLUMN_WIDTH}"}, parent=tr)
        _side(td, row, kind, lang, ctx, {})
    return table


def _interleaved(row: Row, kind: str, ctx: Context, classes: str) -> Any:
    pair = E("div", {"class": classes})
    for lang in _LANGS:
        _side(pair, row, kind, lang, ctx, lang_attrs(lang, lang))
    return pair


def _pair(row: Row, kind: str, ctx: Context, classes: str) -> Any:
    make = _table if ctx.layout == "side-by-side" else _interleaved
    pair = make(row, kind, ctx, classes)
    if kind == "heading":  # the navigation's target: the Russian heading, else the English, else the row
        found = [el for el in pair.iter() if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] in _HEADINGS]
        (found[0] if found else pair).set("id", heading_anchor(row.block_index))
    return pair


def row_classes(row: Row, ctx: Context) -> str:
    """``pair <kind>``, plus ``para`` for a numbered paragraph's first row and ``cont`` for a
    block's later rows."""
    classes = f"pair {row.kind}"
    if not row.first_of_block:
        classes += " cont"
    elif row.block_index in ctx.paragraphs:
        classes += " para"
    return classes


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
    """The elements of one row (not a note: notes are footnote asides)."""
    if row.kind == "separator":
        return [E("hr", {"class": "separator"})]
    if row.kind == "image":
        image = ctx.images.get(row.image)
        if image is not None:
            return [_figure(row, image, ctx)]
        return [_pair(row, "caption", ctx, "pair image no-image")]  # bytes lost: the caption alone
    return [_pair(row, row.kind, ctx, row_classes(row, ctx))]


def title_block(doc: Document) -> Any:
    """The header of the first chapter (:func:`~bilingual.render.common.title_page`): titles in
    both languages (unless the text opens with the title), authors, translators, date, source,
    the translation note, a draft warning and the rights."""
    page = title_page(doc)
    header = E("header", {"class": "title-block"})
    if page.ru_title:
        E("h1", lang_attrs("ru", "title-ru"), page.ru_title, header)
    if page.en_title:
        E("p", lang_attrs("en", "title-en"), page.en_title, header)
    if page.authors:
        E("p", lang_attrs("ru", "authors"), page.authors, header)
    if page.translators:
        E("p", {"class": "translators"}, page.translators, header)
    if page.date_en:
        day = parse_date(doc.meta.date)
        date_p = E("p", {"class": "date"}, parent=header)
        # a <time> only for a calendar date (a hand-edited "2025-02-30" is shown as text)
        when = E("time", {"datetime": day.isoformat()}, parent=date_p) if day else E("span", None, parent=date_p)
        E("span", lang_attrs("ru"), page.date_ru, when).tail = " · "
        E("span", None, page.date_en, when)
    if page.source:
        E("p", {"class": "source"}, page.source, header)
    if page.publisher:  # the name may be Russian: its own lang, the label stays English
        line = E("p", {"class": "publisher"}, "Published by ", header)
        E("span", lang_attrs("ru") if has_cyrillic(page.publisher) else None, page.publisher, line)
    for cls in ("note", "rights"):
        if getattr(page, cls):
            E("p", {"class": cls}, getattr(page, cls), header)
    if page.draft:
        E("strong", None, page.draft, E("p", {"class": "draft"}, parent=header))
    return header


def langs_row(layout: str) -> Any | None:
    """The column labels above a side-by-side text (a table like the rows, hidden from
    assistive technology); ``None`` in the interleaved layout."""
    if layout != "side-by-side":
        return None
    row = Row("langs", LANG_LABELS["ru"], LANG_LABELS["en"])
    table = _table(row, "paragraph", Context({}, {}), "pair langs")
    table.set("aria-hidden", "true")
    return table
