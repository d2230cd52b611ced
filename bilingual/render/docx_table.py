"""The side-by-side layout of the DOCX edition: one two-column table per chapter, written as XML
text in one pass (see :mod:`.docx_xml` for why not python-docx's cell API).

Each table's first row names the languages and repeats on every page (``w:tblHeader``). With
one row per sentence link, the row that starts a paragraph has a darker rule above it, so the
paragraphs stay visible (:data:`PARAGRAPH_RULE`); the English cell of an untranslated or a
flagged row is shaded (:data:`UNTRANSLATED_FILL`, :data:`FLAGGED_FILL`). A
row estimated shorter than a quarter page never splits across pages (``w:cantSplit``); a taller
one may, so it leaves no hole (:mod:`.docx_layout`). Headings are kept with the row after them
(``w:keepNext`` on their paragraphs). A chapter after the first starts on a new page: a
one-point "Chapter Break" paragraph with ``w:pageBreakBefore`` stands between the tables (Word
ignores page breaks inside table cells, and two tables with nothing between them would merge).
An image row is one cell spanning both columns: the picture, then both captions (it never
splits: a picture stays with its captions).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .common import LANG_LABELS
from .docx_layout import SPLIT_FRACTION
from .docx_runs import run_xml
from .docx_styles import CHAPTER_BREAK, COLUMN_LABEL
from .docx_text import fill_image, fill_side
from .docx_xml import Para, twips

if TYPE_CHECKING:
    from .common import Row
    from .docx_text import Context

__all__ = ["table_chunks", "chapter_break", "KEEP_WITH_NEXT_KINDS", "PARAGRAPH_RULE", "UNTRANSLATED_FILL", "FLAGGED_FILL"]

#: Word's default cell margins, left plus right (108 twips each), in EMU.
_CELL_MARGINS = 2 * 108 * 635
#: Row kinds whose paragraphs keep with the next row (a heading is never last on a page).
KEEP_WITH_NEXT_KINDS = ("heading", "subtitle")
#: Shading of the English cell of a row with untranslated Russian, and of a flagged row (a
#: draft's rows to work on, visible without adding text to the edition).
UNTRANSLATED_FILL, FLAGGED_FILL = "FBE9E7", "FFF5CC"
#: Cell border above the first sentence of a paragraph (rows inside it have the light rule).
PARAGRAPH_RULE = '<w:tcBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="808080"/></w:tcBorders>'

_BORDERS = (
    "<w:tblBorders>"
    '<w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>'
    '<w:insideH w:val="single" w:sz="2" w:space="0" w:color="D9D9D9"/>'
    '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
    "</w:tblBorders>"
)
_LOOK = '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'


def table_chunks(ctx: Context, groups: list[list[Row]]) -> Iterator[str]:
    """One table per non-empty chapter of ``groups``, a page break before all but the first, made
    a row at a time (a book's body is never one string)."""
    written = False
    for group in groups:
        rows = [r for r in group if ctx.shows(r)]
        if not rows:
            continue
        if written:
            yield chapter_break(ctx)
        written = True
        yield from _chapter_table(ctx, rows)


def chapter_break(ctx: Context) -> str:
    """The near-invisible paragraph that puts what follows on a new page."""
    return Para(CHAPTER_BREAK, page_break=True).xml(ctx.style_ids)


def _cell(width: int, paragraphs: str, extra: str = "") -> str:
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{extra}</w:tcPr>{paragraphs}</w:tc>'


def _mark(row: Row) -> str:
    """The English cell's shading of an untranslated or flagged row ("" for a finished one)."""
    if getattr(row, "untranslated", False):
        fill = UNTRANSLATED_FILL
    elif getattr(row, "flagged", 0):
        fill = FLAGGED_FILL
    else:
        return ""
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'


def _header(ctx: Context, column: int) -> str:
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
    cells = "".join(
        _cell(column, Para(COLUMN_LABEL, run_xml(LANG_LABELS[lang], lang), keep_next=True).xml(ctx.style_ids), shade)
        for lang in ("ru", "en"))
    return f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>"


def _chapter_table(ctx: Context, rows: list[Row]) -> Iterator[str]:
    column_emu = int(ctx.width) // 2
    column = twips(column_emu)
    text_pt = (column_emu - _CELL_MARGINS) / 12700  # 12,700 EMU per point
    limit = SPLIT_FRACTION * ctx.height / 12700
    props = f'<w:tblPr><w:tblW w:type="dxa" w:w="{2 * column}"/>{_BORDERS}<w:tblLayout w:type="fixed"/>{_LOOK}</w:tblPr>'
    grid = f'<w:tblGrid><w:gridCol w:w="{column}"/><w:gridCol w:w="{column}"/></w:tblGrid>'
    yield f"<w:tbl>{props}{grid}{_header(ctx, column)}"
    previous = None
    for row in rows:
        starts = ctx.sentence_rows and row.first_of_block and previous is not None and previous.kind != "heading"
        previous = row
        blob = ctx.picture(row)
        if blob is not None:  # a picture and its captions stay together
            paragraphs = fill_image(ctx, row, blob, 2 * column_emu - _CELL_MARGINS)
            cell = _cell(2 * column, ctx.xml(paragraphs), '<w:gridSpan w:val="2"/>')
            yield f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell}</w:tr>"
            continue
        keep = row.kind in KEEP_WITH_NEXT_KINDS
        cells = []
        for lang in ("ru", "en"):
            paragraphs = fill_side(ctx, row, lang)
            if keep:
                for para in paragraphs:
                    para.keep_next = True
            extra = (PARAGRAPH_RULE if starts else "") + (_mark(row) if lang == "en" else "")
            cells.append(_cell(column, ctx.xml(paragraphs), extra))
        whole = "<w:trPr><w:cantSplit/></w:trPr>" if ctx.row_height(row, text_pt) <= limit else ""
        yield f"<w:tr>{whole}{''.join(cells)}</w:tr>"
    yield "</w:tbl>"
