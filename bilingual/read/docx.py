"""The DOCX reader: a Word or LibreOffice manuscript into a :class:`~bilingual.model.Document`.

python-docx opens the package (relationships, image parts, core properties, styles); the body is
walked as XML (:mod:`bilingual.read.docx_body`) because python-docx's paragraph/table API loses
what a book needs: the order of paragraphs and tables, content controls, text boxes, fields,
tracked changes and note references. Footnotes and endnotes, which python-docx does not model,
are read from their parts with lxml.

* Blocks: headings 1–6 (Title is a heading 1), subtitles, quotes, epigraphs, captions, list
  items, table cells, pictures, scene breaks, paragraphs — by paragraph style
  (:mod:`bilingual.read.docx_styles`). Each heading 1 (and Title) starts a chapter; text before
  the first is a chapter of its own.
* Notes: each ``w:footnoteReference``/``w:endnoteReference`` is a ``noteref`` mark to
  ``fn-<id>``/``en-<id>``; each note is one ``note`` block at the end of the chapter of its first
  reference (a note never referenced goes to the last chapter; Word's separator notes are skipped).
* Metadata (:mod:`bilingual.read.docx_meta`) from the core properties — title (else the first
  Title paragraph), authors, date, description — and the custom properties for the rest
  (translator, publisher, rights, source, English title).
* Not read, said in the warnings when present: tracked deletions (changes are read as
  accepted), tables of contents and indexes (they repeat the headings; the editions make their
  own), embedded objects (OLE, charts), linked pictures, imported chunks (``w:altChunk``),
  comments. Headers and footers are never read (running heads, page numbers).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from ..errors import InputError
from .common import BookBuilder, ReadResult, elide

__all__ = ["parse", "MAX_UNPACKED_BYTES"]

#: A package that unpacks to more than this is refused (a zip bomb, not a manuscript).
MAX_UNPACKED_BYTES = 512 * 2**20
_MAX_MEMBERS = 20_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_STRICT_NS = "http://purl.oclc.org/ooxml/"
_SKIPPED = {
    "deleted": "tracked deletions left out: {} (changes are read as accepted)",
    "toc": "the table of contents ({} lines) is left out; the editions make their own",
    "object": "embedded objects (OLE objects, charts) left out: {}",
    "linked": "linked pictures left out (not stored in the file): {}",
    "altChunk": "imported chunks (altChunk) left out: {}; open the file in Word and save it again",
}


def parse(data: bytes, name: str) -> ReadResult:
    """Read the bytes of a ``.docx`` file (``name`` is for messages) into blocks, chapters, notes,
    images and metadata. One-line :class:`InputError` when it is not a usable DOCX."""
    from .docx_body import BodyWalker
    from .docx_meta import read_metadata
    from .docx_styles import StyleSheet

    _check_package(data, name)
    document = _open(data, name)
    part = document.part
    book = BookBuilder("docx")
    walker = BodyWalker(book, part, StyleSheet(_styles_root(part)))
    walker.walk(document.element.body)
    walker.end()
    _add_notes(book, walker, _notes(part, book.warnings))
    book.blocks.sort(key=lambda b: b.chapter)  # stable: notes to the end of their chapter
    book.warnings += [_SKIPPED[k].format(n) for k, n in walker.counts.items() if n and k in _SKIPPED]
    if _has_comments(part):
        book.warnings.append("comments are not read (only the text itself)")
    return book.result(read_metadata(document, walker.first_title, book.warnings))


# --------------------------------------------------------------------------- the package
def _not_docx(name: str, why: str) -> InputError:
    why = elide(str(why), 160)
    return InputError(f"{name} is not a Word .docx file ({why}); save it from Word or LibreOffice as .docx")


def _check_package(data: bytes, name: str) -> None:
    """Refuse what is not a DOCX package before python-docx unpacks it."""
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            f"{name} is a password-protected document or an old Word .doc, not a .docx; "
            "remove the password, or save it from Word or LibreOffice as .docx"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > _MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise InputError(
                    f"{name} unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB or {_MAX_MEMBERS} files; "
                    "it is not a manuscript (split the book or save it again from Word)"
                )
            members = {i.filename for i in infos}
            rels = zf.read("_rels/.rels") if "_rels/.rels" in members else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError,
            NotImplementedError):
        raise _not_docx(name, "not a zip package") from None
    if _STRICT_NS.encode() in rels:
        raise InputError(
            f"{name} is saved as Strict Open XML, which bilingual does not read; "
            "save it from Word as 'Word Document (.docx)'"
        )
    main = _main_part(rels)
    if "[Content_Types].xml" not in members or main is None or main not in members:
        raise _not_docx(name, "a zip without word/document.xml")


def _main_part(rels: bytes) -> str | None:
    """The member name of the package's main part, from ``_rels/.rels`` (None if it names none)."""
    from lxml import etree

    from .docx_xml import parse_part

    try:
        root = parse_part(rels) if rels else None
    except etree.XMLSyntaxError:
        return None
    for rel in [] if root is None else root:
        if str(rel.get("Type", "")).endswith("/officeDocument") and rel.get("TargetMode") != "External":
            return str(rel.get("Target", "")).lstrip("/")
    return None


def _open(data: bytes, name: str) -> Any:
    import docx  # python-docx (absolute import: this module is bilingual.read.docx)

    try:
        return docx.Document(io.BytesIO(data))
    # python-docx raises KeyError, ValueError, lxml and zipfile errors, and others, on damaged
    # or foreign packages; every one of them means "not a DOCX we can read".
    except Exception as err:  # noqa: BLE001
        message = str(err)
        if isinstance(err, ValueError) and "content type is" in message:
            message = "its main part is " + message.rsplit("content type is", 1)[1].strip(" '")
        raise _not_docx(name, message or type(err).__name__) from None


def _styles_root(part: Any) -> Any:
    try:
        return part.styles.element  # python-docx makes a default styles part if there is none
    except Exception:  # noqa: BLE001 - a damaged styles part: read everything as paragraphs
        return None


def _related(part: Any, reltype: str) -> list[Any]:
    return [rel.target_part for rel in part.rels.values() if rel.reltype == reltype and not rel.is_external]


def _has_comments(part: Any) -> bool:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return bool(_related(part, RT.COMMENTS))


# --------------------------------------------------------------------------- notes
def _notes(part: Any, warnings: list[str]) -> dict[str, Any]:
    """``fn-<id>``/``en-<id>`` → the note element, separator notes left out."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    from .docx_xml import W, parse_part, wattr

    notes: dict[str, Any] = {}
    for reltype, tag, prefix, what in ((RT.FOOTNOTES, W.footnote, "fn", "footnotes"),
                                       (RT.ENDNOTES, W.endnote, "en", "endnotes")):
        for target in _related(part, reltype):
            try:
                root = parse_part(target.blob)
            except etree.XMLSyntaxError:
                warnings.append(f"the {what} part is damaged; its notes are left out")
                continue
            for note in root.iter(tag):
                if wattr(note, "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                notes.setdefault(f"{prefix}-{wattr(note, 'id')}", note)
    return notes


def _add_notes(book: BookBuilder, walker: Any, notes: dict[str, Any]) -> None:
    """A ``note`` block per note, in the chapter of its first reference; references to notes
    that do not exist are dropped."""
    for ref, chapter in walker.note_chapters.items():
        if ref in notes:
            book.add("note", walker.note(notes[ref]), note_id=ref, chapter=chapter)
    last = book.current_chapter
    for ref, element in notes.items():
        if ref not in walker.note_chapters:
            inline = walker.note(element)
            if not inline.is_empty():
                book.add("note", inline, note_id=ref, chapter=last)
    for block in book.blocks:
        block.marks = [m for m in block.marks if m.kind != "noteref" or m.ref in notes]
