"""The EPUB 3 edition: one XHTML file per chapter (long chapters split), footnotes, images,
a colophon, a navigation document and an NCX.

Each row is a ``div.pair`` holding a Russian element (``lang="ru" xml:lang="ru"``) and an English
one (``en``). CSS lays pairs out as two grid columns on screens at least 36em wide; narrower
screens, the "stacked" layout and reading systems without CSS grid or media queries show the
English under the Russian. Without CSS at all the text still reads in order: headings are
``h1``–``h6``, list items keep their bullets, verse its line breaks, a scene break is an
``<hr/>``, footnotes are linked both ways.

Primary language: English. ``dc:language`` lists ``en`` first and ``ru`` second, because the
edition's own apparatus (navigation, colophon, notes) is English and it is made for readers of
English; every Russian element carries ``lang``/``xml:lang="ru"``, so hyphenation, fonts and
text-to-speech still switch language where the text does.

The work is shared by sibling modules: :mod:`~bilingual.render.epub_xhtml` (elements of rows,
marks, notes), :mod:`~bilingual.render.epub_files` (chapter files, splitting, links),
:mod:`~bilingual.render.epub_nav` (nav and NCX) and :mod:`~bilingual.render.epub_package`
(images, metadata, colophon, the ZIP). The same document always gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..fileio import write_bytes
from .common import build_rows, check_document, made_at, stable_identifier, titles
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
    LANGS,
    build_book,
    colophon_document,
    ebooklib_bytes,
    package_images,
)
from .epub_package import normalised_zip as _normalised_zip
from .epub_xhtml import PRIMARY_LANG, STYLE_FILE, Context

if TYPE_CHECKING:
    from ..model import Document
    from . import RenderOptions

__all__ = ["render_epub", "PRIMARY_LANG", "LANGS", "ARTICLE_FILE", "COLOPHON_FILE", "STYLE_FILE", "CSS", "MAX_FILE_BYTES"]

#: The text's file when the document is a single chapter (an article); books have ``chNN.xhtml``.
ARTICLE_FILE = f"{ARTICLE_STEM}.xhtml"

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
.authors { font-size: 1.1em; margin: 0 0 0.4em; }
.date, .note { font-size: 0.8em; color: #595959; margin: 0.1em 0; }
.pair { border-bottom: 1px solid #e3e3e3; padding: 0.35em 0; }
.pair > * { margin-top: 0; margin-bottom: 0; min-width: 0; }
.pair > .en { margin-top: 0.3em; padding-left: 0.8em; color: #1f3864; }
.pair.heading { border-bottom: none; padding-top: 0.7em; }
.pair.heading > .en { padding-left: 0; }
.langs { display: none; }
blockquote { font-style: italic; margin: 0 0 0 0.4em; padding-left: 0.6em; border-left: 3px solid #c8c8c8; }
blockquote p { margin: 0; }
.pair.epigraph, .pair.attribution { border-bottom: none; padding: 0.1em 0; }
.pair.epigraph blockquote { text-align: right; font-style: italic; border-left: none; margin: 0 0 0 20%; padding: 0; }
.pair.attribution > * { text-align: right; font-size: 0.9em; }
.pair.subtitle > * { text-align: center; font-weight: bold; }
.pair.verse > * { margin-left: 1.2em; }
.pair.verse.cont { border-bottom: none; padding-top: 0; }
.pair.list-item > ul { margin: 0; padding-left: 1.3em; }
.pair.list-item.cont > * { padding-left: 1.3em; }
.pair.table-cell > * { font-family: sans-serif; font-size: 0.9em; }
hr.separator { border: none; border-top: 1px solid #a0a0a0; width: 30%; margin: 1.2em auto; }
.caption { font-style: italic; font-size: 0.9em; color: #404040; }
.caption p { margin: 0; }
.credit { font-style: normal; font-size: 0.75em; color: #595959; margin-top: 0.15em; }
figure.figure { margin: 0.8em 0; }
figure.figure img { display: block; max-width: 100%; height: auto; margin: 0 auto 0.3em; }
sup.noteref { line-height: 0; font-size: 0.75em; }
sup.noteref a { text-decoration: none; }
.footnotes { margin-top: 1.5em; border-top: 1px solid #a0a0a0; font-size: 0.9em; }
aside.footnote { margin: 0.5em 0; }
aside.footnote > p { margin: 0; }
aside.footnote > .en { padding-left: 0.8em; color: #1f3864; }
.backlink { font-weight: bold; }
nav ol { list-style-type: none; padding-left: 1em; }
.colophon dt { font-weight: bold; margin-top: 0.5em; }
.colophon dd { margin-left: 1em; }
@media (min-width: 36em) {
  .side-by-side .pair { display: grid; grid-template-columns: 1fr 1fr; column-gap: 1.4em; }
  .side-by-side .pair > .en { margin-top: 0; padding-left: 0; color: inherit; }
  .side-by-side .pair.list-item > ul { padding-left: 1.3em; }
  .side-by-side .pair > blockquote.en { padding-left: 0.6em; }
  .side-by-side .pair.epigraph > blockquote.en { padding-left: 0; }
  .side-by-side .langs { display: grid; font-family: sans-serif; font-weight: bold; font-size: 0.85em;
    background-color: #f2f2f2; padding: 0.2em 0; }
}
"""


def render_epub(doc: Document, path: Path, options: RenderOptions) -> Path:
    """Write the EPUB 3 edition of ``doc`` to ``path`` atomically; return ``path``."""
    check_document(doc)
    rows = build_rows(doc, options.granularity)
    made = made_at(doc.meta)
    images = package_images(doc, rows)
    ctx = Context(footnote_numbers(rows), images)
    plans = plan_chapters(doc, rows, ctx)
    files, where = write_chapters(plans, ctx, f"{options.layout} {options.granularity}")
    entries = toc_entries(plans, where, COLOPHON_FILE)
    ru_title, en_title = titles(doc)
    extra = {
        "colophon": colophon_document(doc, rows, images),
        "nav": nav_document(entries, files[0].name, COLOPHON_FILE),
        "ncx": ncx_document(ncx_entries(entries), stable_identifier(doc), en_title or ru_title or "Untitled"),
    }
    book = build_book(doc, files, extra, images, CSS)
    return write_bytes(path, _normalised_zip(ebooklib_bytes(book, made), made))
