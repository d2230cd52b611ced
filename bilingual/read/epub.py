"""The EPUB reader (EPUB 2 and 3): a book's spine into a :class:`~bilingual.model.Document`.

Each spine item (an XHTML content document) is one chapter, titled by its first heading or,
when it has none, by its label in the navigation (the EPUB 3 nav document, else the EPUB 2
NCX); the navigation document itself is not read as text. The work is split along these seams:

* :mod:`bilingual.read.epub_package` — the zip (read under :data:`MAX_UNPACKED` bytes, so a
  zip bomb stops), DRM refusal (``META-INF/encryption.xml`` encrypting more than fonts, or a
  rights file), container → OPF → manifest, spine and navigation labels;
  :mod:`bilingual.read.epub_meta` — the OPF's metadata;
* :mod:`bilingual.read.epub_xhtml` — lenient XHTML parsing and the search for notes over the
  whole book (a note may live in another file than its reference);
* :mod:`bilingual.read.epub_walk` — the blocks of each body (headings, paragraphs, quotes,
  verse, lists, table cells, pictures, notes, separators) with their inline marks.

Every damaged or unreadable input is a one-line :class:`~bilingual.errors.InputError` naming
the file and what to do; what is skipped (a picture of an unknown type, a repaired document) is
a short warning in :attr:`ReadResult.warnings`.
"""

from __future__ import annotations

from .common import BookBuilder, ReadResult
from .epub_meta import cover_path, read_metadata
from .epub_package import MAX_UNPACKED, open_package

__all__ = ["parse", "MAX_UNPACKED"]


def parse(data: bytes, name: str, *, limit: int | None = None) -> ReadResult:
    """Read the EPUB in ``data`` (``name``: the file, for messages). ``limit`` caps the bytes
    unpacked (default :data:`MAX_UNPACKED`). Not yet segmented (see ``bilingual.read.finish``)."""
    from .epub_walk import Walker
    from .epub_xhtml import find_notes, parse_xhtml

    package = open_package(data, name, limit)
    warnings = package.warnings
    items, seen = [], set()
    for item in package.spine:
        if item.path == package.nav_path or item.path in seen:
            continue  # the table of contents is no text; a repeated item is read once
        seen.add(item.path)
        items.append(item)
    docs = {
        item.path: parse_xhtml(package.archive.read(item.path), item.path, warnings, name)
        for item in items if item.is_xhtml
    }  # fmt: skip
    notes = find_notes(docs)
    book = BookBuilder(source_format="epub")
    walker = Walker(book, notes, package)
    for item in items:
        index, start = book.chapter("", source=item.href or item.path), len(book.blocks)
        if item.is_xhtml:
            walker.document(docs[item.path], item.path)
        elif item.media_type.startswith("image/"):
            walker.image_file(item.path)
        else:
            warnings.append(f"spine item {item.path} ({item.media_type or 'unknown type'}) is not XHTML; skipped")
        if not any(b.kind == "heading" for b in book.blocks[start:]):
            book.chapters[index].title = package.labels.get(item.path, "")
    walker.finish()
    _drop_empty_chapters(book)
    meta = read_metadata(package)
    cover = cover_path(package)
    if cover is not None:  # the same image as the cover page's, if the spine shows it
        meta.cover = book.add_image(cover, package.archive.read(cover), name=cover) or ""
    result = book.result(meta)
    result.warnings = [*warnings, *notes.warnings, *result.warnings]
    return result


def _drop_empty_chapters(book: BookBuilder) -> None:
    """Remove chapters that got no block (a blank page, the notes file once its notes moved
    out, a cover that could not be read), renumbering the blocks' chapters."""
    used = sorted({b.chapter for b in book.blocks})
    renumber = {old: new for new, old in enumerate(used)}
    book.chapters = [book.chapters[old] for old in used]
    for block in book.blocks:
        block.chapter = renumber[block.chapter]
