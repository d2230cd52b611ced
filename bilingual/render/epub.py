"""The EPUB 3 edition: one XHTML file per chapter (long chapters split), footnotes, images,
a colophon, a navigation document and an NCX.

Side by side, each row is its own two-cell table (Russian cell, English cell, each with
``lang``/``xml:lang``, widths in the markup); interleaved, each Russian element is followed by
its English one (:mod:`~bilingual.render.epub_rows`). Neither needs CSS: no grid, flex or media
query is used (:mod:`~bilingual.render.epub_css`), so e-ink readers without modern CSS show the
same two columns; without any stylesheet the text still reads in order: headings are
``h1``–``h6``, list items keep their bullets, verse its line breaks, a scene break is an
``<hr/>``, footnotes are linked both ways. Body text keeps the reader's font, size, spacing and
colour.

A cover comes first in the spine: ``Metadata.cover`` (an image of the document) or one drawn
from the titles and authors (:mod:`~bilingual.render.cover`), marked ``cover-image`` in the
OPF with the EPUB 2 ``<meta name="cover">`` beside it.

Primary language: English. ``dc:language`` lists ``en`` first and ``ru`` second, because the
edition's own apparatus (navigation, colophon, notes) is English and it is made for readers of
English; every Russian element carries ``lang``/``xml:lang="ru"``, so hyphenation, fonts and
text-to-speech still switch language where the text does.

The work is shared by sibling modules: :mod:`~bilingual.render.epub_xhtml` (primitives, marks,
notes), :mod:`~bilingual.render.epub_rows` (rows, title block), :mod:`~bilingual.render.epub_files` (chapter files, splitting, links),
:mod:`~bilingual.render.epub_nav` (nav and NCX) and :mod:`~bilingual.render.epub_package`
(images, metadata, colophon, the ZIP). The same document always gives the same bytes.

Memory: rendering holds the rows, each unit's serialised bytes (compressed) and one file at a
time; ebooklib writes its ZIP into a temporary file in the output folder, which is rewritten
into the edition's own temporary file, renamed into place when complete (``bench/
bench_render_memory.py`` measures the peak).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..fileio import atomic_path
from .common import build_rows, check_document, made_at, paragraph_numbers, titles
from .epub_css import CSS
from .epub_files import (
    ARTICLE_STEM,
    MAX_FILE_BYTES,
    footnote_numbers,
    plan_chapters,
    write_chapters,
)
from .epub_nav import nav_document, ncx_document, ncx_entries, toc_entries
from .epub_package import (
    COLOPHON_FILE,
    COVER_FILE,
    LANGS,
    build_book,
    colophon_document,
    cover_image,
    edition_identifier,
    package_images,
    write_ebooklib,
)
from .epub_package import write_normalised as _normalised_zip
from .epub_xhtml import PRIMARY_LANG, STYLE_FILE, Context

if TYPE_CHECKING:
    from ..model import Document
    from . import RenderOptions

__all__ = ["ARTICLE_FILE", "COLOPHON_FILE", "CSS", "LANGS", "MAX_FILE_BYTES", "PRIMARY_LANG", "STYLE_FILE", "render_epub"]

#: The text's file when the document is a single chapter (an article); books have ``chNN.xhtml``.
ARTICLE_FILE = f"{ARTICLE_STEM}.xhtml"

def render_epub(doc: Document, path: Path, options: RenderOptions) -> Path:
    """Write the EPUB 3 edition of ``doc`` to ``path`` atomically; return ``path``."""
    check_document(doc)
    rows = _without_cover_picture(build_rows(doc, options.granularity), doc.meta.cover)
    made = made_at(doc.meta)
    images = package_images(doc, rows)
    layout = "interleaved" if options.interleaved else "side-by-side"
    numbers = paragraph_numbers(rows) if options.granularity == "sentence" else {}
    ctx = Context(footnote_numbers(rows), images, layout=layout, paragraphs=numbers)
    plans = plan_chapters(doc, rows, ctx)
    files, where = write_chapters(plans, ctx, f"{layout} {options.granularity}")
    entries = toc_entries(plans, where, COLOPHON_FILE)
    ru_title, en_title = titles(doc)
    cover = cover_image(doc, images)
    identifier = edition_identifier(doc, layout)
    extra = {
        "colophon": colophon_document(doc, rows, images),
        "nav": nav_document(entries, files[0].name, COLOPHON_FILE, COVER_FILE if cover is not None else ""),
        "ncx": ncx_document(ncx_entries(entries), identifier, en_title or ru_title or "Untitled"),
    }
    book = build_book(doc, files, extra, images, CSS, cover, identifier)
    with atomic_path(path) as tmp, tempfile.TemporaryFile(dir=tmp.parent) as raw, open(tmp, "wb") as out:
        write_ebooklib(book, made, raw)
        raw.seek(0)
        _normalised_zip(raw, made, out)
    return path


def _without_cover_picture(rows: list, cover: str) -> list:  # type: ignore[type-arg]
    """The rows without the cover's own picture where a book opens with it (EPUB and FB2 books
    carry the cover as their first image too): the cover page shows it already."""
    if not cover:
        return rows
    for k, row in enumerate(rows):
        if row.kind == "image" and row.image == cover:
            return rows[:k] + rows[k + 1:]
        if row.kind != "image":
            break
    return rows
