"""Styles and page setup of the DOCX edition.

Every block kind has a real named paragraph style, so an editor can restyle all epigraphs (or
verses, or list items) at once in Word or LibreOffice: built-in styles where Word has one
(Heading 1–6, Quote, Caption, Subtitle, List Bullet, footnote text), our own otherwise
(:data:`KIND_STYLES`). Theme fonts and colours of the template are replaced by fixed ones
with full Cyrillic coverage.
"""

from __future__ import annotations

from typing import Any

from .docx_xml import PPR_AFTER_SHD, el, fill_fonts, insert_before, qn, set_fonts

__all__ = [
    "BODY_FONT", "HEADING_FONT", "CODE_FONT", "WORD_LANG", "KIND_STYLES", "CREDIT", "TITLE_EN", "EDITION_NOTE",
    "AUTHORS", "PICTURE", "NOTE", "CHAPTER_BREAK", "LIST_CONTINUE", "FOOTNOTE_TEXT", "FOOTNOTE_REF",
    "FOOTNOTE_TEXT_ID", "FOOTNOTE_REF_ID", "EN_STACKED", "DRAFT", "COLOPHON", "COLOPHON_HEAD", "COLUMN_LABEL", "setup_styles", "setup_page", "add_page_numbers",
]  # fmt: skip

#: Word language tags for the two sides.
WORD_LANG = {"ru": "ru-RU", "en": "en-US"}
#: The face pair, chosen by looking at LibreOffice's pages of the sample: Times New Roman for the
#: text (compact and even in narrow columns; Liberation Serif, metric-compatible, ships with
#: LibreOffice everywhere) and Calibri for headings and labels (lighter than Arial bold, clean
#: Cyrillic; Carlito, metric-compatible, ships with LibreOffice and is Debian's recommended
#: substitute). Both are in every Word since 2007, with Cyrillic. Cambria was ruled out: its
#: substitute Caladea has no Cyrillic, so LibreOffice would fall back letter by letter.
BODY_FONT = "Times New Roman"
HEADING_FONT = "Calibri"
CODE_FONT = "Courier New"

CREDIT = "Credit"
TITLE_EN = "Title Translation"
EDITION_NOTE = "Edition Note"
AUTHORS = "Authors"
PICTURE = "Picture"
NOTE = "Note"  #: a note no reference points to, shown in place
CHAPTER_BREAK = "Chapter Break"  #: the near-invisible paragraph that starts a chapter's page
LIST_CONTINUE = "List Continue"  #: later sentences of a list item (sentence granularity)
FOOTNOTE_TEXT = "footnote text"  #: Word's built-in names, so Word and LibreOffice map them
FOOTNOTE_REF = "footnote reference"
FOOTNOTE_TEXT_ID = "FootnoteText"
FOOTNOTE_REF_ID = "FootnoteReference"
EN_STACKED = "1F3864"  #: colour of the English in the stacked layout
DRAFT = "Draft Note"  #: the title page's draft marker
COLOPHON = "Colophon"  #: a "label: value" line of the colophon
COLOPHON_HEAD = "Colophon Heading"  #: the colophon's title (not a heading level: no outline entry)
COLUMN_LABEL = "Column Label"  #: "Русский" / "English" in the table's repeated header row

#: Paragraph style of each block kind (``heading`` → ``Heading N``, ``paragraph`` → Normal).
KIND_STYLES = {
    "quote": "Quote",
    "caption": "Caption",
    "image": "Caption",
    "verse": "Verse",
    "epigraph": "Epigraph",
    "attribution": "Attribution",
    "subtitle": "Subtitle",
    "list-item": "List Bullet",
    "table-cell": "Table Cell",
    "separator": "Separator",
    "note": NOTE,
}

_GREY = "595959"
_DARK = "262626"
_SOFT = "404040"
_RED = "A61B1B"
_HEADING_SIZES = (16, 13.5, 12, 11, 11, 11)


def _style(word: Any, name: str, base: str = "Normal", kind: str = "paragraph") -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    try:
        return word.styles[name]
    except KeyError:
        type_ = WD_STYLE_TYPE.CHARACTER if kind == "character" else WD_STYLE_TYPE.PARAGRAPH
        style = word.styles.add_style(name, type_)
        if kind != "character":
            style.base_style = word.styles[base]
        style.quick_style = True
        return style


def _font(style: Any, *, font: str | None = None, size: float | None = None, bold: bool | None = None,
          italic: bool | None = None, color: str | None = None) -> None:
    from docx.shared import Pt, RGBColor

    if font:
        set_fonts(style.element.get_or_add_rPr(), font)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if color is not None:
        style.font.color.rgb = RGBColor.from_string(color)


def _spacing(style: Any, before: float | None = None, after: float | None = None) -> None:
    from docx.shared import Pt

    if before is not None:
        style.paragraph_format.space_before = Pt(before)
    if after is not None:
        style.paragraph_format.space_after = Pt(after)


def _drop(style: Any, tag: str) -> None:
    ppr = style.element.get_or_add_pPr()
    old = ppr.find(qn(tag))
    if old is not None:
        ppr.remove(old)


def setup_styles(word: Any) -> None:
    """Define the fonts and every style the edition uses."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), BODY_FONT)
    normal = word.styles["Normal"]
    _font(normal, font=BODY_FONT, size=11)
    _spacing(normal, after=4)
    normal.paragraph_format.line_spacing = 1.15
    for level in range(1, 7):
        style = word.styles[f"Heading {level}"]
        _font(style, font=HEADING_FONT, size=_HEADING_SIZES[level - 1], bold=True, color=_DARK)
        _spacing(style, before=10, after=4)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.line_spacing = 1.0  # wrapped headings in a narrow column stay one block
    _title_styles(word)
    _block_styles(word)
    _note_styles(word)
    _fixed_fonts(word)


def _fixed_fonts(word: Any) -> None:
    """Every other style of the template names fixed fonts too (a user who applies Heading 7 or
    a "Char" style in Word gets the edition's faces, not the theme's): theme heading fonts become
    :data:`HEADING_FONT`, theme body fonts :data:`BODY_FONT`, a partial font list fills all slots."""
    for rfonts in word.styles.element.iter(qn("w:rFonts")):
        values = {k.rsplit("}", 1)[-1]: v for k, v in rfonts.attrib.items()}
        if all(slot in values for slot in ("ascii", "hAnsi", "cs", "eastAsia")) and len(values) == 4:
            continue
        if any("major" in v for k, v in values.items() if "heme" in k):
            name = HEADING_FONT
        elif any("heme" in k for k in values):
            name = BODY_FONT
        else:
            name = CODE_FONT if "Courier" in values.get("ascii", "") else values.get("ascii") or BODY_FONT
        fill_fonts(rfonts, name)


def _title_styles(word: Any) -> None:
    title = word.styles["Title"]
    _font(title, font=BODY_FONT, size=22, bold=True, color=_DARK)
    _drop(title, "w:pBdr")
    _spacing(title, after=2)
    _font(_style(word, TITLE_EN), font=BODY_FONT, size=16, color=_SOFT)
    _spacing(_style(word, TITLE_EN), after=6)
    _font(_style(word, AUTHORS), size=12, italic=True, color=_SOFT)
    _spacing(_style(word, AUTHORS), after=8)
    _font(_style(word, EDITION_NOTE), size=9, color=_GREY)
    _spacing(_style(word, EDITION_NOTE), after=2)
    _font(_style(word, DRAFT), font=HEADING_FONT, size=10, bold=True, color=_RED)
    _spacing(_style(word, DRAFT), before=4, after=2)
    _font(_style(word, COLOPHON_HEAD), font=HEADING_FONT, size=10, bold=True, color=_DARK)
    _spacing(_style(word, COLOPHON_HEAD), before=18, after=4)
    _font(_style(word, COLOPHON), size=8.5, color=_GREY)
    _spacing(_style(word, COLOPHON), after=0)
    label = _style(word, COLUMN_LABEL)
    _font(label, font=HEADING_FONT, size=9.5, bold=True, color=_SOFT)
    _spacing(label, before=1, after=1)
    label.paragraph_format.keep_with_next = True


def _block_styles(word: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt

    quote = word.styles["Quote"]
    _font(quote, italic=True, color=_SOFT)
    quote.paragraph_format.left_indent = Cm(0.4)
    _font(word.styles["Caption"], size=10, bold=False, italic=True, color=_SOFT)
    _spacing(word.styles["Caption"], after=2)
    _font(_style(word, CREDIT), size=8, italic=False, color=_GREY)
    _spacing(_style(word, CREDIT), after=4)

    verse = _style(word, "Verse")
    verse.paragraph_format.left_indent = Cm(0.6)
    verse.paragraph_format.keep_together = True
    verse.paragraph_format.line_spacing = 1.0
    _spacing(verse, before=2, after=6)
    epigraph = _style(word, "Epigraph")
    _font(epigraph, size=10, italic=True, color=_SOFT)
    epigraph.paragraph_format.left_indent = Cm(1.5)
    epigraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _spacing(epigraph, after=2)
    attribution = _style(word, "Attribution")
    _font(attribution, size=10, italic=False)
    attribution.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _spacing(attribution, after=8)

    subtitle = word.styles["Subtitle"]
    _drop(subtitle, "w:numPr")  # the template's Subtitle carries a stray list level
    spacing = subtitle.element.get_or_add_rPr().find(qn("w:spacing"))  # and letter-spacing
    if spacing is not None:
        spacing.getparent().remove(spacing)
    _font(subtitle, font=HEADING_FONT, size=12, bold=True, italic=False, color=_DARK)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.keep_with_next = True
    _spacing(subtitle, before=6, after=6)
    _style(word, LIST_CONTINUE)  # built in: indented like List Bullet, no bullet

    cell = _style(word, "Table Cell")
    _font(cell, size=10)
    insert_before(cell.element.get_or_add_pPr(), el("w:shd", val="clear", color="auto", fill="F5F5F5"), PPR_AFTER_SHD)
    separator = _style(word, "Separator")
    separator.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(separator, before=6, after=6)
    picture = _style(word, PICTURE)
    picture.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    _spacing(picture, before=4, after=2)

    brk = _style(word, CHAPTER_BREAK)
    _font(brk, size=1)
    _spacing(brk, before=0, after=0)
    brk.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    brk.paragraph_format.line_spacing = Pt(1)


def _note_styles(word: Any) -> None:
    from docx.enum.text import WD_LINE_SPACING

    text = _style(word, FOOTNOTE_TEXT)
    text.element.styleId = FOOTNOTE_TEXT_ID
    text.element.customStyle = None
    _font(text, size=9)
    _spacing(text, before=0, after=1)
    text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    ref = _style(word, FOOTNOTE_REF, kind="character")
    ref.element.styleId = FOOTNOTE_REF_ID
    ref.element.customStyle = None
    ref.font.superscript = True
    note = _style(word, NOTE)
    _font(note, size=9, color=_GREY)


def setup_page(section: Any, landscape: bool) -> None:
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
    paragraph.add_run()._r.append(el("w:fldChar", fldCharType="begin"))
    instr_el = el("w:instrText")
    instr_el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr_el.text = f" {instr} "
    paragraph.add_run()._r.append(instr_el)
    paragraph.add_run()._r.append(el("w:fldChar", fldCharType="separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(el("w:fldChar", fldCharType="end"))


def add_page_numbers(section: Any, mark: str = "") -> None:
    """Footer: "page / pages", centred, with PAGE and NUMPAGES fields; ``mark`` (e.g. "DRAFT")
    before them in bold."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if mark:
        paragraph.add_run(mark).bold = True
        paragraph.add_run(" · ")
    _field_runs(paragraph, "PAGE", "1")
    paragraph.add_run(" / ")
    _field_runs(paragraph, "NUMPAGES", "1")
