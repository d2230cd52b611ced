"""The DOCX edition (python-docx): a two-column table, Russian left and English right.

Above the table a title block gives the title in both languages, the article date and a line
saying what made the translation. The table's first row names the languages and repeats on each
page (``w:tblHeader``); no row splits across pages (``w:cantSplit``); the footer numbers the
pages (a ``PAGE`` field). Runs carry ``w:lang`` (ru-RU / en-US) so spell-checkers use the right
dictionary. The "stacked" layout puts each English paragraph under its Russian one instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fileio import write_with
from .common import (
    LANG_LABELS,
    Row,
    build_rows,
    check_document,
    clean_text,
    format_date,
    generator_name,
    heading_level,
    made_at,
    stable_identifier,
    titles,
    translation_note,
)

if TYPE_CHECKING:
    from ..model import Document
    from . import RenderOptions

__all__ = ["render_docx", "WORD_LANG", "BODY_FONT", "HEADING_FONT"]

#: Word language tags for the two sides.
WORD_LANG = {"ru": "ru-RU", "en": "en-US"}
#: Fonts with full Cyrillic on Windows and macOS (Liberation, metric-compatible, on Linux).
BODY_FONT = "Times New Roman"
HEADING_FONT = "Arial"

_CREDIT_STYLE = "Credit"
_TITLE_EN_STYLE = "Title Translation"
_NOTE_STYLE = "Edition Note"
_GREY = "595959"
_DARK = "262626"
_EN_STACKED = "1F3864"


def render_docx(doc: Document, path: Path, options: RenderOptions) -> Path:
    """Write the DOCX edition of ``doc`` to ``path`` atomically; return ``path``."""
    import docx

    check_document(doc)
    word = docx.Document()
    _setup_styles(word)
    section = word.sections[0]
    _setup_page(section, options.landscape)
    _add_page_numbers(section)
    _title_block(word, doc)
    rows = build_rows(doc, options.granularity)
    if options.layout == "stacked":
        _stacked(word, rows)
    else:
        _table(word, rows, section.page_width - section.left_margin - section.right_margin)
    _core_properties(word, doc)
    return write_with(path, word.save)


# --------------------------------------------------------------------------- low-level XML


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(_qn(f"w:{key}"), value)
    return el


def _set_fonts(rpr: Any, name: str) -> None:
    """Set every script slot of ``rpr``'s fonts to ``name``, dropping theme fonts (they win)."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(_qn(f"w:{slot}"), name)


def _set_lang(rpr: Any, tag: str) -> None:
    """Put ``<w:lang w:val=tag>`` in ``rpr`` at its schema position."""
    old = rpr.find(_qn("w:lang"))
    if old is not None:
        rpr.remove(old)
    lang = _el("w:lang", val=tag)
    for succ in ("w:eastAsianLayout", "w:specVanish", "w:oMath"):
        nxt = rpr.find(_qn(succ))
        if nxt is not None:
            nxt.addprevious(lang)
            return
    rpr.append(lang)


# --------------------------------------------------------------------------- styles and page


def _style(word: Any, name: str, base: str = "Normal") -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    try:
        return word.styles[name]
    except KeyError:
        style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = word.styles[base]
        style.quick_style = True
        return style


def _font(style: Any, *, font: str | None = None, size: float | None = None, bold: bool | None = None,
          italic: bool | None = None, color: str | None = None) -> None:
    from docx.shared import Pt, RGBColor

    if font:
        _set_fonts(style.element.get_or_add_rPr(), font)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if color is not None:
        style.font.color.rgb = RGBColor.from_string(color)


def _setup_styles(word: Any) -> None:
    from docx.shared import Cm, Pt

    defaults = word.styles.element.find(_qn("w:docDefaults"))
    rpr_default = defaults.find(_qn("w:rPrDefault")).find(_qn("w:rPr"))
    _set_fonts(rpr_default, BODY_FONT)

    normal = word.styles["Normal"]
    _font(normal, font=BODY_FONT, size=11)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.15

    for level in range(1, 7):
        style = word.styles[f"Heading {level}"]
        _font(style, font=HEADING_FONT, size=max(16 - 2 * (level - 1), 11), bold=True, color=_DARK)
        style.paragraph_format.space_before = Pt(10)
        style.paragraph_format.space_after = Pt(4)

    title = word.styles["Title"]
    _font(title, font=BODY_FONT, size=22, bold=True, color=_DARK)
    ppr = title.element.get_or_add_pPr()
    border = ppr.find(_qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
    title.paragraph_format.space_after = Pt(2)

    _font(_style(word, _TITLE_EN_STYLE), font=BODY_FONT, size=16, color="404040")
    _style(word, _TITLE_EN_STYLE).paragraph_format.space_after = Pt(8)
    note = _style(word, _NOTE_STYLE)
    _font(note, size=9, color=_GREY)
    note.paragraph_format.space_after = Pt(2)

    quote = word.styles["Quote"]
    _font(quote, italic=True, color="404040")
    quote.paragraph_format.left_indent = Cm(0.4)

    caption = word.styles["Caption"]
    _font(caption, size=10, bold=False, italic=True, color="404040")
    caption.paragraph_format.space_after = Pt(2)

    credit = _style(word, _CREDIT_STYLE)
    _font(credit, size=8, italic=False, color=_GREY)
    credit.paragraph_format.space_after = Pt(4)


def _setup_page(section: Any, landscape: bool) -> None:
    """A4 with 2 cm margins; landscape swaps width and height."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    width, height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))


def _field_runs(paragraph: Any, instr: str, placeholder: str) -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``) to ``paragraph``."""
    r_begin = paragraph.add_run()._r
    r_begin.append(_el("w:fldChar", fldCharType="begin"))
    r_instr = paragraph.add_run()._r
    instr_el = _el("w:instrText")
    instr_el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr_el.text = f" {instr} "
    r_instr.append(instr_el)
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="end"))


def _add_page_numbers(section: Any) -> None:
    """Footer: "page / pages", centred, with PAGE and NUMPAGES fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field_runs(paragraph, "PAGE", "1")
    paragraph.add_run(" / ")
    _field_runs(paragraph, "NUMPAGES", "1")


# --------------------------------------------------------------------------- text


def _add_text(paragraph: Any, text: str, lang: str) -> None:
    """Add ``text`` as one run tagged with ``lang`` (``\\n`` becomes a line break)."""
    run = paragraph.add_run(text)
    _set_lang(run._r.get_or_add_rPr(), WORD_LANG[lang])


def _paragraph_style(row: Row) -> str | None:
    if row.kind == "heading":
        return f"Heading {heading_level(row.level)}"
    return {"quote": "Quote", "caption": "Caption"}.get(row.kind)


def _fill(first: Any, add_paragraph: Any, row: Row, lang: str, color: str | None = None) -> list[Any]:
    """Write one side of ``row``: ``first`` is a fresh paragraph to use, ``add_paragraph`` makes more."""
    from docx.shared import RGBColor

    text = row.source if lang == "ru" else row.target
    credit = row.credit_source if lang == "ru" else row.credit_target
    paragraphs = []
    if text or not row.has_credit:
        first.style = _paragraph_style(row)
        if text:
            _add_text(first, text, lang)
        paragraphs.append(first)
    if row.has_credit:
        para = first if not paragraphs else add_paragraph()
        para.style = _CREDIT_STYLE
        if credit:
            _add_text(para, credit, lang)
        paragraphs.append(para)
    if color:
        for para in paragraphs:
            for run in para.runs:
                run.font.color.rgb = RGBColor.from_string(color)
    return paragraphs


def _title_block(word: Any, doc: Document) -> None:
    ru, en = titles(doc)
    if ru:
        _add_text(word.add_paragraph(style="Title"), ru, "ru")
    if en:
        _add_text(word.add_paragraph(style=_TITLE_EN_STYLE), en, "en")
    if doc.meta.date:
        para = word.add_paragraph(style=_NOTE_STYLE)
        _add_text(para, format_date(doc.meta.date, "ru"), "ru")
        _add_text(para, " · ", "en")
        _add_text(para, format_date(doc.meta.date, "en"), "en")
    note = word.add_paragraph(style=_NOTE_STYLE)
    _add_text(note, translation_note(doc.meta), "en")
    note.paragraph_format.space_after = _pt(12)


def _pt(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)


# --------------------------------------------------------------------------- layouts


def _row_props(tr: Any, header: bool = False) -> None:
    """``w:cantSplit`` on every row, plus ``w:tblHeader`` on the header row (schema order)."""
    trpr = tr.get_or_add_trPr()
    trpr.append(_el("w:cantSplit"))
    if header:
        trpr.append(_el("w:tblHeader"))


def _cell_width(cell: Any, width: int) -> None:
    cell.width = width


def _borders(table: Any) -> None:
    """No outer frame; a thin grey rule between the columns and under each row."""
    tblpr = table._tbl.tblPr
    borders = _el("w:tblBorders")
    for edge in ("top", "left", "bottom", "right"):
        borders.append(_el(f"w:{edge}", val="nil"))
    borders.append(_el("w:insideH", val="single", sz="2", space="0", color="D9D9D9"))
    borders.append(_el("w:insideV", val="single", sz="4", space="0", color="BFBFBF"))
    # tblBorders comes after tblW/jc/tblCellSpacing/tblInd and before shd/tblLayout/tblCellMar/tblLook.
    for succ in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"):
        nxt = tblpr.find(_qn(succ))
        if nxt is not None:
            nxt.addprevious(borders)
            return
    tblpr.append(borders)


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(_el("w:shd", val="clear", color="auto", fill=fill))


def _table(word: Any, rows: list[Row], width: int) -> None:
    from docx.shared import Length

    table = word.add_table(rows=0, cols=2)
    table.autofit = False
    _borders(table)
    column = int(width) // 2
    for col in table.columns:
        col.width = column
    tblw = table._tbl.tblPr.find(_qn("w:tblW"))
    tblw.set(_qn("w:type"), "dxa")
    tblw.set(_qn("w:w"), str(Length(2 * column).twips))

    header = table.add_row()
    _row_props(header._tr, header=True)
    for cell, lang in zip(header.cells, ("ru", "en")):
        _cell_width(cell, column)
        _shade(cell, "F2F2F2")
        para = cell.paragraphs[0]
        para.paragraph_format.keep_with_next = True
        _add_text(para, LANG_LABELS[lang], lang)
        para.runs[0].bold = True

    for row in rows:
        tr = table.add_row()
        _row_props(tr._tr)
        for cell, lang in zip(tr.cells, ("ru", "en")):
            _cell_width(cell, column)
            _fill(cell.paragraphs[0], cell.add_paragraph, row, lang)


def _stacked(word: Any, rows: list[Row]) -> None:
    """Each Russian row, then its English under it (keep-with-next holds the pair together)."""
    from docx.shared import Cm

    for row in rows:
        ru = _fill(word.add_paragraph(), word.add_paragraph, row, "ru")
        for para in ru:
            para.paragraph_format.keep_with_next = True
            para.paragraph_format.space_after = _pt(1)
        en = _fill(word.add_paragraph(), word.add_paragraph, row, "en", color=_EN_STACKED)
        for para in en:
            para.paragraph_format.space_before = _pt(0)
            if row.kind != "heading":
                para.paragraph_format.left_indent = Cm(0.6)
        en[-1].paragraph_format.space_after = _pt(10)


# --------------------------------------------------------------------------- properties


def _core_properties(word: Any, doc: Document) -> None:
    ru, en = titles(doc)
    made = made_at(doc.meta).replace(tzinfo=None)  # python-docx writes naive datetimes as UTC
    cp = word.core_properties
    cp.title = _short(f"{en} / {ru}" if en and ru else (en or ru))
    cp.subject = _short(f"Russian–English bilingual edition{f' of «{ru}»' if ru else ''}")
    cp.keywords = "bilingual; Russian; English; ru-RU; en-US; translation"
    cp.language = WORD_LANG["en"]
    cp.category = "Bilingual edition"
    cp.author = _short(generator_name(doc.meta))
    cp.last_modified_by = _short(generator_name(doc.meta))
    cp.comments = _short(translation_note(doc.meta))
    cp.identifier = _short(stable_identifier(doc))
    cp.created = made
    cp.modified = made
    cp.revision = 1


def _short(text: str, limit: int = 255) -> str:
    """Core properties hold at most 255 characters (python-docx enforces it)."""
    text = clean_text(text).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
