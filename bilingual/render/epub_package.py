"""The EPUB package: images, metadata, the colophon, assembly by ebooklib and a deterministic ZIP.

ebooklib writes the container, the OPF (metadata, manifest, spine) and the ZIP; every content
document — chapters, nav, NCX, colophon — is built with lxml and handed over as bytes (a
chapter file's bytes are made only when ebooklib writes it, see
:class:`~bilingual.render.epub_files.ChapterFile`). ebooklib's ZIP goes to a temporary file, not
memory, and is then rewritten member by member (:func:`write_normalised`) with ``mimetype`` first
and stored, and fixed timestamps and permissions, so the same document gives the same bytes.

Images: only those the rows show are written, under ``images/``, with a media type taken from
their bytes (PNG, JPEG, GIF, WebP and SVG, the EPUB core image types; five signatures, too few
to need a sniffing library). An image whose bytes are lost or in another format is left out and
its caption shown alone.

Metadata: both titles (English ``main`` first), the source's authors as ``dc:creator`` (role
``aut``), each human translator as ``dc:contributor`` (role ``trl``), the engine and model as a
``dc:contributor`` named "… (machine translation)" (no ``trl`` role: no person translated),
``dc:source`` (``Metadata.source``, else the source's identifier; never a file name),
``dc:publisher``, ``dc:rights``, languages ``en`` then ``ru``. Every role is a ``refines``
``<meta property="role" scheme="marc:relators">``.

The cover (:func:`cover_image`) is ``Metadata.cover``'s picture if its bytes are there and of a
core type, else one drawn by :mod:`~bilingual.render.cover`; its manifest item has
``properties="cover-image"``, an EPUB 2 ``<meta name="cover">`` names it for older readers and
Kindle, and ``cover.xhtml`` shows it first in the spine.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from ..media import sniff_image_type
from .common import (
    Row,
    clean_text,
    colophon_lines,
    generator_name,
    machine_translated,
    model_text,
    parse_date,
    people,
    source_line,
    stable_identifier,
    titles,
    translation_note,
)
from .common_text import has_cyrillic
from .epub_xhtml import (
    EPUB_TYPE,
    PRIMARY_LANG,
    STYLE_FILE,
    XML_LANG,
    E,
    lang_attrs,
    new_page,
    serialise,
)

if TYPE_CHECKING:
    from ..model import Document
    from .epub_files import ChapterFile

__all__ = [
    "COLOPHON_FILE",
    "COVER_FILE",
    "COVER_ID",
    "LANGS",
    "PackageImage",
    "build_book",
    "colophon_document",
    "cover_document",
    "cover_image",
    "edition_identifier",
    "package_images",
    "write_ebooklib",
    "write_normalised",
]

#: ``dc:language`` order: the edition's own language first.
LANGS = ("en", "ru")
COLOPHON_FILE = "colophon.xhtml"
COVER_FILE = "cover.xhtml"
#: Manifest id of the cover picture (named by the EPUB 2 ``<meta name="cover">``).
COVER_ID = "cover-image"
_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp", "image/svg+xml": ".svg"}
_OK_SUFFIXES = {"image/jpeg": (".jpg", ".jpeg")}


@dataclass(frozen=True)
class PackageImage:
    """An image as written into the package."""

    uid: str  #: manifest id
    href: str  #: path from the content documents, ``images/…``
    media_type: str
    data: bytes
    alt: str


def _file_name(image_id: str, media_type: str, taken: set[str]) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", image_id).strip("._") or "image"
    ext = _EXTENSIONS[media_type]
    if not stem.lower().endswith(_OK_SUFFIXES.get(media_type, (ext,))):
        stem += ext
    name, k = stem, 2
    while name.lower() in taken:
        name, k = f"{k}-{stem}", k + 1
    taken.add(name.lower())
    return name


def package_images(doc: Document, rows: list[Row]) -> dict[str, PackageImage]:
    """The images the ``image`` rows show, whose bytes are present and of a core type."""
    out: dict[str, PackageImage] = {}
    taken: set[str] = set()
    for row in rows:
        if row.kind != "image" or not row.image or row.image in out:
            continue
        image, data = doc.image(row.image), doc.image_bytes(row.image)
        media_type = sniff_image_type(data) if data else None
        if image is None or data is None or media_type is None:
            continue
        name = _file_name(image.id, media_type, taken)
        out[row.image] = PackageImage(f"image-{len(out) + 1}", f"images/{name}", media_type, data, clean_text(image.alt).strip())
    return out


def _book_lines(doc: Document, rows: list[Row], images: dict[str, PackageImage]) -> list[tuple[str, str, str]]:
    """Colophon lines (label, value, lang) after the common ones: what the book holds."""
    meta = doc.meta
    after = []
    if clean_text(meta.source_identifier).strip() and clean_text(meta.source_identifier).strip() != source_line(doc):
        after.append(("Source identifier", clean_text(meta.source_identifier).strip(), ""))
    shown = {r.image for r in rows if r.kind == "image" and r.image}
    missing = len(shown - set(images))
    notes = len({r.block_index for r in rows if r.kind == "note"})
    after += [("Chapters", str(len(doc.chapter_list())), ""), ("Notes", str(notes), ""),
              ("Images", f"{len(images)}" + (f"; {missing} missing from the source" if missing else ""), "")]
    return after


def colophon_document(doc: Document, rows: list[Row], images: dict[str, PackageImage]) -> bytes:
    """colophon.xhtml: what the edition is and how it was made."""
    html, body = new_page("Colophon")
    section = E("section", {EPUB_TYPE: "backmatter colophon", "class": "colophon"}, parent=body)
    E("h1", None, "Colophon", section)
    ru_title, en_title = titles(doc)
    intro = E("p", None, "A Russian–English bilingual edition of ", section)
    if ru_title:
        cite = E("cite", lang_attrs("ru"), ru_title, intro)
        cite.tail = f" ({en_title})." if en_title else "."
    else:
        intro.text += "an untitled text."
    dl = E("dl", parent=section)
    # a value in Russian (authors, a publisher, a citation) is marked as Russian
    common = [(k, v, "ru" if has_cyrillic(v) else "") for k, v in colophon_lines(doc) if k != "Title"]
    for label, value, lang in [*common, *_book_lines(doc, rows, images)]:
        E("dt", None, label, dl)
        E("dd", lang_attrs(lang) if lang else None, value, dl)
    return serialise(html)


# --------------------------------------------------------------------------- the cover


def cover_image(doc: Document, images: dict[str, PackageImage]) -> PackageImage | None:
    """The cover picture: ``Metadata.cover``'s image if its bytes are present and of a core type,
    else one drawn from the titles and authors (``None`` without Pillow)."""
    from ..media import sniff_image_type

    data = doc.image_bytes(doc.meta.cover) if doc.meta.cover else None
    media_type = sniff_image_type(data) if data else None
    if data is None or media_type is None:
        from .cover import draw_cover

        ru, en = titles(doc)
        data, media_type = draw_cover(ru, en, ", ".join(people(doc.meta)[0])), "image/png"
        if data is None:
            return None
    taken = {im.href.rsplit("/", 1)[-1].lower() for im in images.values()}
    name = _file_name("cover", media_type, taken)
    ru, en = titles(doc)
    return PackageImage(COVER_ID, f"images/{name}", media_type, data, f"Cover: {en or ru or 'Untitled'}")


def cover_document(cover: PackageImage) -> bytes:
    """cover.xhtml: the cover picture alone, first in the spine."""
    html, body = new_page("Cover", "cover")
    section = E("section", {EPUB_TYPE: "cover", "class": "cover"}, parent=body)
    E("img", {"src": cover.href, "alt": cover.alt}, parent=section)
    return serialise(html)


# --------------------------------------------------------------------------- the book


def _xhtml_item(uid: str, file_name: str, title: str, content: bytes | Callable[[], bytes],
                properties: list[str] | None = None) -> Any:
    """An ebooklib document whose content is written as given (ebooklib would re-parse it as HTML);
    ``content`` may be a function making the bytes, called when ebooklib writes the item."""
    from ebooklib import epub

    class _Xhtml(epub.EpubHtml):
        def get_content(self, default: Any = None) -> bytes:
            return self.content() if callable(self.content) else self.content

    item = _Xhtml(uid=uid, file_name=file_name, media_type="application/xhtml+xml", title=title, lang=PRIMARY_LANG)
    item.content = content
    item.properties = list(properties or [])
    return item


def edition_identifier(doc: Document, layout: str) -> str:
    """The package's unique identifier: :func:`~bilingual.render.common.stable_identifier` for
    the side-by-side edition; for the interleaved one a ``urn:uuid:`` derived from it, so a
    library holding both editions keeps them (and their reading positions) apart."""
    import uuid

    base = stable_identifier(doc)
    if layout == "side-by-side":
        return base
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{base}#{layout}')}"


def _metadata(book: Any, doc: Document, identifier: str) -> None:
    meta = doc.meta
    ru_title, en_title = titles(doc)
    main_title = en_title or ru_title or "Untitled"
    book.set_identifier(identifier)
    book.title = main_title
    book.add_metadata("DC", "title", main_title, {"id": "title-main", XML_LANG: "en" if en_title else "ru"})
    book.add_metadata(None, "meta", "main", {"refines": "#title-main", "property": "title-type"})
    if en_title and ru_title:
        book.add_metadata("DC", "title", ru_title, {"id": "title-ru", XML_LANG: "ru"})
    authors, translators = people(meta)
    for k, author in enumerate(authors):
        attrs = {"id": f"creator-{k + 1}"}
        if has_cyrillic(author):  # a name in Latin letters keeps the package's language
            attrs[XML_LANG] = "ru"
        book.add_metadata("DC", "creator", author, attrs)
        book.add_metadata(None, "meta", "aut", {"refines": f"#creator-{k + 1}", "property": "role", "scheme": "marc:relators"})
    for k, translator in enumerate(translators):
        book.add_metadata("DC", "contributor", translator, {"id": f"translator-{k + 1}"})
        book.add_metadata(None, "meta", "trl", {"refines": f"#translator-{k + 1}", "property": "role", "scheme": "marc:relators"})
    if machine_translated(meta):
        book.add_metadata("DC", "contributor", f"{model_text(meta)} (machine translation)", {"id": "machine-translation", XML_LANG: "en"})
    source = source_line(doc)
    if source:
        book.add_metadata("DC", "source", source)
    for name in ("publisher", "rights"):
        value = " ".join(clean_text(getattr(meta, name)).split())
        if value:
            book.add_metadata("DC", name, value)
    book.language = PRIMARY_LANG
    for lang in LANGS:
        book.add_metadata("DC", "language", lang)
    day = parse_date(meta.date)
    if day is not None:
        book.add_metadata("DC", "date", day.isoformat())
    book.add_metadata("DC", "description", clean_text(translation_note(meta)), {XML_LANG: "en"})
    if clean_text(meta.description).strip():
        book.add_metadata("DC", "description", clean_text(meta.description).strip(), {XML_LANG: "ru"})
    book.add_metadata("DC", "subject", "Bilingual edition (Russian–English)")
    from ebooklib import epub

    book.metadata[epub.NAMESPACES["OPF"]]["generator"] = [
        ("", {"name": "generator", "content": f"{generator_name(meta)} (EbookLib)"})
    ]


def build_book(doc: Document, files: list[ChapterFile], extra: dict[str, bytes], images: dict[str, PackageImage],
               css: str, cover: PackageImage | None = None, identifier: str = "") -> Any:
    """The ebooklib book: metadata; the stylesheet, cover, chapters, colophon, nav, NCX and
    images; the spine (cover, chapters, colophon). ``extra`` holds the colophon, nav and NCX bytes."""
    from ebooklib import epub

    book = epub.EpubBook()
    _metadata(book, doc, identifier or stable_identifier(doc))
    front = []
    if cover is not None:
        book.add_metadata(None, "meta", "", {"name": "cover", "content": cover.uid})
        picture = epub.EpubItem(uid=cover.uid, file_name=cover.href, media_type=cover.media_type, content=cover.data)
        picture.properties = ["cover-image"]
        book.add_item(picture)
        front.append(_xhtml_item("cover", COVER_FILE, "Cover", cover_document(cover)))
        book.add_item(front[0])
    book.add_item(epub.EpubItem(uid="style", file_name=STYLE_FILE, media_type="text/css", content=css.encode("utf-8")))
    chapters = [_xhtml_item(f"c{k + 1}", f.name, f.title, f.make) for k, f in enumerate(files)]
    colophon = _xhtml_item("colophon", COLOPHON_FILE, "Colophon", extra["colophon"])
    for item in (*chapters, colophon):
        book.add_item(item)
    book.add_item(_xhtml_item("nav", "nav.xhtml", "Contents", extra["nav"], ["nav"]))
    book.add_item(epub.EpubItem(uid="ncx", file_name="toc.ncx", media_type="application/x-dtbncx+xml", content=extra["ncx"]))
    for image in images.values():
        book.add_item(epub.EpubItem(uid=image.uid, file_name=image.href, media_type=image.media_type, content=image.data))
    book.spine = [*front, *chapters, colophon]
    return book


_OPTIONS = {"raise_exceptions": True, "epub3_pages": False, "epub2_guide": False}


def write_ebooklib(book: Any, made: datetime, out: IO[bytes]) -> None:
    """The package as ebooklib writes it (``dcterms:modified`` = ``made``), into the binary file
    ``out``. It is rewritten by :func:`write_normalised`, so ebooklib compresses fast (level 1)."""
    from ebooklib import epub

    epub.write_epub(out, book, {**_OPTIONS, "mtime": made.replace(tzinfo=None), "compresslevel": 1})


def write_normalised(src: IO[bytes], made: datetime, out: IO[bytes]) -> None:
    """Rewrite the ZIP in ``src`` into ``out``, one member at a time: ``mimetype`` first and
    stored, fixed timestamps and permissions."""
    stamp = made.timetuple()[:6]
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as dst:
        names = zin.namelist()
        names.sort(key=lambda n: n != "mimetype")  # stable: keeps ebooklib's order otherwise
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(info, zin.read(name), compresslevel=9 if name != "mimetype" else None)
