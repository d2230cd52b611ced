"""Read a source — an article, a book, a manuscript, a saved page — into a
:class:`~bilingual.model.Document`: the first stage of the pipeline.

One module per format, behind one interface (each has ``parse(data, name) -> ReadResult``):

==============================  ==========================================================
``.txt .md .markdown .text``    :mod:`bilingual.read.text` (encodings, Markdown, front matter)
``.epub``                       :mod:`bilingual.read.epub` (EPUB 2 and 3)
``.fb2 .fb2.zip``               :mod:`bilingual.read.fb2` (FictionBook 2)
``.docx``                       :mod:`bilingual.read.docx` (Word manuscripts)
``.html .htm .xhtml``           :mod:`bilingual.read.html` (a saved web page: its main content)
==============================  ==========================================================

:func:`read_source` checks the path (a regular, readable file under :data:`MAX_BYTES`), picks the
reader by suffix, then segments every block into sentences and fills what every document needs
(title, identifier, chapters). Each reader also takes the source's own metadata — title, an
English title, authors, translators, source, publisher, rights, date, description and cover
picture — from what its format carries: a Markdown front matter
(:mod:`bilingual.read.front_matter`), the EPUB's OPF (:mod:`bilingual.read.epub_meta`), the
FB2 ``<description>`` (:mod:`bilingual.read.fb2_meta`), the DOCX core and custom properties
(:mod:`bilingual.read.docx_meta`). Anything else (PDF, ODT, RTF, DJVU, MOBI/AZW, DOC) is refused with
one line naming the formats read and how to convert.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .common import ReadResult, book_identifier, has_letters, language_warning
from .text import (
    CAPTION_MAX_CHARS,
    HEADING_MAX_CHARS,
    MAX_BYTES,
    SUFFIXES,
    TITLE_MAX_CHARS,
    Decoded,
    decode,
    parse_blocks,
    parse_document,
    read_text,
)

__all__ = [
    "READERS",
    "SUFFIXES",
    "BOOK_SUFFIXES",
    "ALL_SUFFIXES",
    "HEADING_MAX_CHARS",
    "CAPTION_MAX_CHARS",
    "TITLE_MAX_CHARS",
    "MAX_BYTES",
    "Decoded",
    "ReadResult",
    "decode",
    "read_text",
    "parse_blocks",
    "parse_document",
    "read_source",
    "read_document",
    "reader_for",
    "is_readable",
]

#: Suffix → reader module (``bilingual.read.<name>``).
READERS = {
    ".epub": "epub",
    ".fb2": "fb2",
    ".fb2.zip": "fb2",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    **{suffix: "text" for suffix in SUFFIXES},
}
#: The book and page formats (besides the plain-text ones in :data:`SUFFIXES`).
BOOK_SUFFIXES = tuple(s for s, r in READERS.items() if r != "text")
ALL_SUFFIXES = tuple(READERS)

_CONVERT = {
    ".pdf": "export it as DOCX or EPUB (e.g. Calibre: ebook-convert book.pdf book.epub)",
    ".mobi": "convert it with Calibre: ebook-convert book.mobi book.epub",
    ".azw": "convert it with Calibre: ebook-convert book.azw book.epub",
    ".azw3": "convert it with Calibre: ebook-convert book.azw3 book.epub",
    ".djvu": "convert it with Calibre (ebook-convert book.djvu book.epub) or OCR it first",
    ".odt": "convert it with LibreOffice: soffice --headless --convert-to docx file.odt",
    ".rtf": "convert it with LibreOffice: soffice --headless --convert-to docx file.rtf",
    ".doc": "convert it with LibreOffice: soffice --headless --convert-to docx file.doc",
    ".json": "to re-render a translated document use 'bilingual render'",
}
_FORMATS_LINE = "bilingual reads .txt, .md, .epub, .fb2, .fb2.zip, .docx and .html"


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".fb2.zip" if name.endswith(".fb2.zip") else path.suffix.lower()


def reader_for(path: str | Path) -> str | None:
    """The reader module name for ``path`` by its suffix (no suffix: plain text), or None."""
    path = Path(path)
    suffix = _suffix(path)
    if not suffix:
        return "text"
    return READERS.get(suffix)


def is_readable(path: str | Path) -> bool:
    """Whether ``path`` has a suffix some reader takes (used when walking folders)."""
    return bool(_suffix(Path(path))) and reader_for(path) is not None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, with one-line errors for a missing, special, unreadable or huge file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; give the path of a book or article ({_FORMATS_LINE})") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read it ({err.strerror or err})") from err
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path} is a folder; give a file inside it (or several paths to 'bilingual translate')")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path} is not a regular file (a device or pipe); save the text to a file first")
    if info.st_size > MAX_BYTES:
        raise InputError(f"{path} is {info.st_size // 2**20} MB; split it into parts under {MAX_BYTES // 2**20} MB")
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_BYTES + 1)[:MAX_BYTES]
    except PermissionError as err:
        raise InputError(f"{path}: permission denied; make it readable") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read it ({err.strerror or err})") from err


def read_source(path: str | Path, *, lang: str = "ru") -> ReadResult:
    """Read any supported file into a segmented document (and notes for the user).

    ``lang="ru"`` requires Cyrillic text; any other value (e.g. ``"en"`` for an existing English
    translation) does not, and sets the document's source language accordingly.
    """
    import importlib

    path = Path(path)
    name = reader_for(path)
    if name is None:
        hint = _CONVERT.get(_suffix(path), "save it as one of those")
        raise InputError(f"{path}: {_FORMATS_LINE}, not {_suffix(path)} files; {hint}")
    if name == "text":  # the text reader keeps its own decode/parse path (encodings, Markdown)
        decoded = decode(_read_bytes(path), name=str(path))
        doc = parse_document(decoded, source_file=str(path), require_russian=(lang == "ru"))
        doc.meta.source_format = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
        doc.meta.source_lang = lang
        if not doc.chapters:
            doc.chapters = doc.chapter_list()
        return _checked(ReadResult(doc, list(decoded.warnings)), lang)
    data = _read_bytes(path)
    if not data.strip():
        raise InputError(f"{path} is empty; give a book or article with some Russian text")
    module = importlib.import_module(f".{name}", __name__)
    result: ReadResult = module.parse(data, str(path))
    finish(result.document, data, str(path), lang=lang)
    return _checked(result, lang)


def _checked(result: ReadResult, lang: str) -> ReadResult:
    """Add a warning when Russian was expected but the Cyrillic looks Ukrainian or Belarusian."""
    if lang == "ru":
        warning = language_warning([b.source for b in result.document.blocks])
        if warning:
            result.warnings.append(warning)
    return result


def finish(doc: Document, data: bytes, source_file: str, *, lang: str = "ru") -> Document:
    """What every markup reader's document needs after parsing: segmented blocks, a title, an
    identifier, chapter titles; one-line errors when it holds no (Russian) text."""
    from ..segment import segment_block
    from .text import _derive_title

    name = source_file or "input"
    if not any(has_letters(b.source) for b in doc.blocks):
        raise InputError(f"{name} has no text to translate (no paragraph with letters in it)")
    if lang == "ru" and not any(re.search("[А-Яа-яЁё]", b.source) for b in doc.blocks):
        raise InputError(
            f"{name} has no Russian (Cyrillic) text; bilingual translates Russian→English "
            "(to pair an existing translation use 'bilingual align')"
        )
    for block in doc.blocks:
        segment_block(block)
    meta = doc.meta
    meta.source_file = source_file
    meta.source_lang = lang
    if not meta.title:
        meta.title = _derive_title(doc.blocks, {})
    if not meta.identifier:
        meta.identifier = book_identifier(Path(source_file).name, data)
    doc.chapters = doc.chapter_list()
    return doc


def read_document(path: str | Path, *, lang: str = "ru") -> Document:
    """Read, split, classify and segment any supported file (see :func:`read_source`)."""
    return read_source(path, lang=lang).document
