"""The side-by-side layout of the DOCX edition: one two-column table per chapter.

Each table's first row names the languages and repeats on every page (``w:tblHeader``); no
row splits across pages (``w:cantSplit``). A chapter after the first starts on a new page: a
one-point "Chapter Break" paragraph with ``w:pageBreakBefore`` stands between the tables (Word
ignores page breaks inside table cells, and two tables with nothing between them would merge).
An image row is one cell spanning both columns: the picture, then both captions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .common import LANG_LABELS
from .docx_runs import add_text
from .docx_styles import CHAPTER_BREAK
from .docx_text import fill_image, fill_side
from .docx_xml import el, insert_before, qn

if TYPE_CHECKING:
    from .common import Row
    from .docx_text import Context

__all__ = ["write_tables", "chapter_break"]

#: Word's default cell margins, left plus right (108 twips each), in EMU.
_CELL_MARGINS = 2 * 108 * 635
#: ``w:tblPr`` children after ``w:tblBorders``.
_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def write_tables(word: Any, ctx: Context, groups: list[list[Row]]) -> None:
    """One table per non-empty chapter of ``groups``, a page break before all but the first."""
    started = False
    for group in groups:
        rows = [r for r in group if ctx.shows(r)]
        if not rows:
            continue
        if started:
            chapter_break(word)
        started = True
        _chapter_table(word, ctx, rows)


def chapter_break(word: Any) -> Any:
    """The near-invisible paragraph that puts what follows on a new page."""
    para = word.add_paragraph(style=CHAPTER_BREAK)
    para.paragraph_format.page_break_before = True
    return para


def _row_props(tr: Any, header: bool = False) -> None:
    """``w:cantSplit`` on every row, plus ``w:tblHeader`` on the header row (schema order)."""
    trpr = tr.get_or_add_trPr()
    trpr.append(el("w:cantSplit"))
    if header:
        trpr.append(el("w:tblHeader"))


def _borders(table: Any) -> None:
    """No outer frame; a thin grey rule between the columns and under each row."""
    borders = el("w:tblBorders")
    for edge in ("top", "left", "bottom", "right"):
        borders.append(el(f"w:{edge}", val="nil"))
    borders.append(el("w:insideH", val="single", sz="2", space="0", color="D9D9D9"))
    borders.append(el("w:insideV", val="single", sz="4", space="0", color="BFBFBF"))
    insert_before(table._tbl.tblPr, borders, _TBLPR_AFTER_BORDERS)


def _shade(cell: Any, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(el("w:shd", val="clear", color="auto", fill=fill))


def _new_table(word: Any, column: int) -> Any:
    from docx.shared import Length

    table = word.add_table(rows=0, cols=2)
    table.autofit = False
    _borders(table)
    for col in table.columns:
        col.width = column
    tblw = table._tbl.tblPr.find(qn("w:tblW"))
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(Length(2 * column).twips))
    header = table.add_row()
    _row_props(header._tr, header=True)
    for cell, lang in zip(header.cells, ("ru", "en")):
        cell.width = column
        _shade(cell, "F2F2F2")
        para = cell.paragraphs[0]
        para.paragraph_format.keep_with_next = True
        add_text(para, LANG_LABELS[lang], lang).bold = True
    return table


def _chapter_table(word: Any, ctx: Context, rows: list[Row]) -> None:
    column = int(ctx.width) // 2
    table = _new_table(word, column)
    for row in rows:
        tr = table.add_row()
        _row_props(tr._tr)
        cells = tr.cells
        blob = ctx.picture(row)
        if blob is not None:
            merged = cells[0].merge(cells[1])
            merged.width = 2 * column
            fill_image(ctx, merged.paragraphs[0], merged.add_paragraph, row, blob, 2 * column - _CELL_MARGINS)
            continue
        for cell, lang in zip(cells, ("ru", "en")):
            cell.width = column
            fill_side(ctx, cell.paragraphs[0], cell.add_paragraph, row, lang)
