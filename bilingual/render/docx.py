"""The DOCX edition (python-docx): Russian left and English right, chapter by chapter.

A title block opens the document: the title in both languages, the authors, the date and a
line saying what made the translation. Then each chapter, from a new page after the first,
with its title as a Heading 1 (sections below as Heading 2–6): one two-column table per
chapter (:mod:`.docx_table`), or, in the "stacked" layout, each English paragraph under its
Russian one. Block kinds have their own named styles (:mod:`.docx_styles`); inline marks are
run formatting (:mod:`.docx_runs`); notes are Word footnotes (:mod:`.docx_notes`); pictures
are inline (:mod:`.docx_image`). Runs carry ``w:lang`` (ru-RU / en-US) so spell-checkers use
the right dictionary; the footer numbers the pages. The same document gives the same XML.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fileio import write_with
from .common import (
    Row,
    build_rows,
    check_document,
    clean_text,
    format_date,
    generator_name,
    made_at,
    stable_identifier,
    titles,
    translation_note,
)
from .docx_notes import Footnotes
from .docx_runs import add_text
from .docx_styles import (
    AUTHORS,
    BODY_FONT,
    EDITION_NOTE,
    EN_STACKED,
    HEADING_FONT,
    LIST_CONTINUE,
    TITLE_EN,
    WORD_LANG,
    add_page_numbers,
    setup_page,
    setup_styles,
)
from .docx_table import write_tables
from .docx_text import Context, chapter_groups, fill_image, fill_side

if TYPE_CHECKING:
    from ..model import Document
    from . import RenderOptions

__all__ = ["render_docx", "WORD_LANG", "BODY_FONT", "HEADING_FONT"]


def render_docx(doc: Document, path: Path, options: RenderOptions) -> Path:
    """Write the DOCX edition of ``doc`` to ``path`` atomically; return ``path``."""
    import docx

    check_document(doc)
    word = docx.Document()
    setup_styles(word)
    section = word.sections[0]
    setup_page(section, options.landscape)
    add_page_numbers(section)
    _title_block(word, doc)
    groups = chapter_groups(doc, build_rows(doc, options.granularity))
    width = int(section.page_width - section.left_margin - section.right_margin)
    height = int(section.page_height - section.top_margin - section.bottom_margin)
    ctx = Context(doc, Footnotes(word, [r for g in groups for r in g]), width, height)
    if options.layout == "stacked":
        _stacked(word, ctx, groups)
    else:
        write_tables(word, ctx, groups)
    ctx.notes.finish()
    _core_properties(word, doc)
    return write_with(path, word.save)


def _title_block(word: Any, doc: Document) -> None:
    from docx.shared import Pt

    ru, en = titles(doc)
    if ru:
        add_text(word.add_paragraph(style="Title"), ru, "ru")
    if en:
        add_text(word.add_paragraph(style=TITLE_EN), en, "en")
    authors = _authors(doc)
    if authors:
        add_text(word.add_paragraph(style=AUTHORS), authors, "ru")
    if doc.meta.date:
        para = word.add_paragraph(style=EDITION_NOTE)
        add_text(para, format_date(doc.meta.date, "ru"), "ru")
        add_text(para, " · ", "en")
        add_text(para, format_date(doc.meta.date, "en"), "en")
    note = word.add_paragraph(style=EDITION_NOTE)
    add_text(note, translation_note(doc.meta), "en")
    note.paragraph_format.space_after = Pt(12)


def _authors(doc: Document) -> str:
    return ", ".join(a for a in (clean_text(x).strip() for x in doc.meta.authors) if a)


# --------------------------------------------------------------------------- stacked


def _stacked(word: Any, ctx: Context, groups: list[list[Row]]) -> None:
    """Chapter by chapter, each Russian row then its English under it (keep-with-next holds
    the pair together); a chapter after the first starts on a new page."""
    started = False
    for group in groups:
        rows = [r for r in group if ctx.shows(r)]
        if not rows:
            continue
        written = [p for row in rows for p in _stacked_row(word, ctx, row)]
        if started:
            written[0].paragraph_format.page_break_before = True
        started = True


def _stacked_row(word: Any, ctx: Context, row: Row) -> list[Any]:
    from docx.shared import Cm, Pt

    blob = ctx.picture(row)
    if blob is not None:
        return fill_image(ctx, word.add_paragraph(), word.add_paragraph, row, blob, ctx.width, en_color=EN_STACKED)
    ru = fill_side(ctx, word.add_paragraph(), word.add_paragraph, row, "ru")
    if row.kind == "separator":  # a scene break shows once
        return ru
    for para in ru:
        para.paragraph_format.keep_with_next = True
        para.paragraph_format.space_after = Pt(1)
    en = fill_side(ctx, word.add_paragraph(), word.add_paragraph, row, "en", color=EN_STACKED)
    for para in en:
        para.paragraph_format.space_before = Pt(0)
        if row.kind == "list-item":
            para.style = LIST_CONTINUE  # the English under its item, without a second bullet
        elif row.kind not in ("heading", "subtitle", "epigraph", "attribution"):
            para.paragraph_format.left_indent = Cm(0.6)
    en[-1].paragraph_format.space_after = Pt(10)
    return ru + en


# --------------------------------------------------------------------------- properties


def _core_properties(word: Any, doc: Document) -> None:
    ru, en = titles(doc)
    made = made_at(doc.meta).replace(tzinfo=None)  # python-docx writes naive datetimes as UTC
    generator = generator_name(doc.meta)
    authors = "; ".join(a for a in (clean_text(x).strip() for x in doc.meta.authors) if a)
    cp = word.core_properties
    cp.title = _short(f"{en} / {ru}" if en and ru else (en or ru))
    cp.subject = _short(f"Russian–English bilingual edition{f' of «{ru}»' if ru else ''}")
    cp.keywords = "bilingual; Russian; English; ru-RU; en-US; translation"
    cp.language = WORD_LANG["en"]
    cp.category = "Bilingual edition"
    cp.author = _short(authors or generator)
    cp.last_modified_by = _short(generator)
    cp.comments = _short(translation_note(doc.meta))
    cp.identifier = _short(stable_identifier(doc))
    cp.created = made
    cp.modified = made
    cp.revision = 1


def _short(text: str, limit: int = 255) -> str:
    """Core properties hold at most 255 characters (python-docx enforces it)."""
    text = clean_text(text).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
