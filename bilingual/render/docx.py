"""The DOCX edition: Russian left and English right, chapter by chapter.

A title block opens the document (:mod:`.docx_front`): the title in both languages, the
people, the source, the date, what made the translation, and a draft marker while sentences are
untranslated or flagged (also in the footer). Then each chapter, from a new page after the
first, with its title as a Heading 1 (sections below as Heading 2–6): one two-column table per
chapter (:mod:`.docx_table`), or, in the "stacked" (or "interleaved") layout, each English
paragraph under its Russian one. The colophon closes the document. Block kinds have their own
named styles (:mod:`.docx_styles`); inline marks are run formatting (:mod:`.docx_runs`); notes
are Word footnotes (:mod:`.docx_notes`); pictures are inline (:mod:`.docx_image`). Runs carry
``w:lang`` (ru-RU / en-US) so spell-checkers use the right dictionary; the footer numbers the
pages. The body is written as XML text in one pass (:mod:`.docx_xml`), so rendering is linear
in the length of the book; it is made a row at a time into a compressed spool and streamed into
the package (:mod:`.docx_package`), so memory stays a fraction of the book's size. The same
document gives the same XML.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fileio import write_with
from .common import Row, build_rows, check_document, title_page
from .docx_front import colophon, title_block
from .docx_front import core_properties as _front_properties
from .docx_image import Pictures
from .docx_notes import Footnotes
from .docx_package import BodySpool, write_package
from .docx_styles import (
    BODY_FONT,
    EN_STACKED,
    HEADING_FONT,
    LIST_CONTINUE,
    WORD_LANG,
    add_page_numbers,
    setup_page,
)
from .docx_table import table_chunks
from .docx_template import new_document
from .docx_text import Context, chapter_groups, fill_image, fill_side
from .docx_xml import Para

if TYPE_CHECKING:
    from ..model import Document
    from . import RenderOptions

__all__ = ["render_docx", "WORD_LANG", "BODY_FONT", "HEADING_FONT", "STACKED_LAYOUTS", "RENDERER_VERSION"]

#: Changes whenever the same document would give a different DOCX (for content-hash stamps that
#: skip rewriting an unchanged edition).
RENDERER_VERSION = "docx-2"

#: Layouts written as paragraphs, the English under the Russian (all others: the table).
STACKED_LAYOUTS = ("stacked", "interleaved")
#: Twips of the stacked layout's spacing: under a Russian paragraph, under a pair, English indent.
_RU_AFTER, _PAIR_AFTER, _EN_INDENT = 20, 200, 340


def render_docx(doc: Document, path: Path, options: RenderOptions) -> Path:
    """Write the DOCX edition of ``doc`` to ``path`` atomically; return ``path``.

    ``options.layout``: "stacked"/"interleaved" write paragraphs; "side-by-side" (and "both",
    which asks for every layout at once: the DOCX has one) write the table.
    """
    check_document(doc)
    word, ids, metrics = new_document()
    section = word.sections[0]
    setup_page(section, options.landscape)
    page = title_page(doc)
    marker = page.draft
    add_page_numbers(section, "DRAFT" if marker else "")
    groups = chapter_groups(doc, build_rows(doc, options.granularity))
    width = int(section.page_width - section.left_margin - section.right_margin)
    height = int(section.page_height - section.top_margin - section.bottom_margin)
    notes = Footnotes(word, [r for g in groups for r in g])
    ctx = Context(doc, notes, Pictures(word), width, height, ids, metrics,
                  sentence_rows=options.granularity == "sentence")
    body = BodySpool([ctx.xml(title_block(page))])
    for piece in _stacked(ctx, groups) if options.layout in STACKED_LAYOUTS else table_chunks(ctx, groups):
        body.add(piece)
    body.add(ctx.xml(colophon(doc, new_page=len(groups) > 1)))
    notes.finish()
    _core_properties(word, doc, marker)
    _drop_template_thumbnail(word)
    return write_with(path, lambda out: write_package(word, body.chunks(), out))


def _core_properties(word: Any, doc: Document, marker: str) -> None:
    _front_properties(word, doc, marker)


def _drop_template_thumbnail(word: Any) -> None:
    """python-docx's template carries a thumbnail of an empty page; a file manager would show it."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = word.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rid]


# --------------------------------------------------------------------------- stacked


def _stacked(ctx: Context, groups: list[list[Row]]) -> Iterator[str]:
    """Chapter by chapter, each Russian row then its English under it (keep-with-next holds
    the pair together); a chapter after the first starts on a new page. XML text, a row at a time."""
    started = False
    for group in groups:
        rows = [r for r in group if ctx.shows(r)]
        if not rows:
            continue
        for k, row in enumerate(rows):
            written = _stacked_row(ctx, row)
            if k == 0 and started:
                written[0].page_break = True
            yield ctx.xml(written)
        started = True


def _stacked_row(ctx: Context, row: Row) -> list[Para]:
    blob = ctx.picture(row)
    if blob is not None:
        return fill_image(ctx, row, blob, ctx.width, en_color=EN_STACKED)
    ru = fill_side(ctx, row, "ru")
    if row.kind == "separator":  # a scene break shows once
        return ru
    for para in ru:
        para.keep_next = True
        para.after = _RU_AFTER
    en = fill_side(ctx, row, "en", color=EN_STACKED)
    for para in en:
        para.before = 0
        if row.kind == "list-item":
            para.style = LIST_CONTINUE  # the English under its item, without a second bullet
        elif row.kind not in ("heading", "subtitle", "epigraph", "attribution"):
            para.left = _EN_INDENT
    en[-1].after = _PAIR_AFTER
    return ru + en
