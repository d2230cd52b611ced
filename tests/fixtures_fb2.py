"""FB2 test books, built with lxml (never stored): each function writes a file into a folder
and returns its path.

* :func:`full_book` — every construct the reader handles: description (title, two authors,
  lang, date, annotation, publisher, ISBN, cover), body title and epigraph, two chapters with
  a nested section, a poem of two stanzas, a cite, a subtitle, separators, marks, an image with
  its binary, a table, notes referenced with and without ``type="note"``, one never referenced.
* :func:`zipped_book` — the full book inside an ``.fb2.zip``.
* :func:`encoded_book` — a small book in a legacy code page (windows-1251, koi8-r), declared.
* :func:`sloppy_book` — what real files get wrong: no namespace, an undeclared ``l:`` prefix,
  ``&nbsp;``, a UTF-8 declaration over cp1251 bytes.
* :func:`paragraphs_book` — the bytes of a book of given paragraphs (for property tests).
* :func:`bad_inputs` — files the reader must refuse with one line.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from lxml import etree
from lxml.builder import ElementMaker

FB = "http://www.gribuser.ru/xml/fictionbook/2.0"
XLINK = "http://www.w3.org/1999/xlink"
HREF = f"{{{XLINK}}}href"

E = ElementMaker(namespace=FB, nsmap={None: FB, "l": XLINK})


def png_bytes(width: int = 2, height: int = 1, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid RGB PNG of one colour (so each fixture image has bytes of its own)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b"")


COVER_PNG = png_bytes(3, 2, (10, 20, 30))
PICTURE_PNG = png_bytes(2, 2, (200, 30, 30))


def _p(*content: object) -> etree._Element:
    return E.p(*content)


def _image(ref: str, **attrs: str) -> etree._Element:
    el = E.image(**attrs)
    el.set(HREF, ref)
    return el


def _noteref(ref: str, marker: str, typed: bool = True) -> etree._Element:
    el = E.a(marker, type="note") if typed else E.a(marker)
    el.set(HREF, ref)
    return el


def _binary(ident: str, data: bytes) -> etree._Element:
    import base64

    text = base64.b64encode(data).decode("ascii")
    wrapped = "\n".join(text[i : i + 20] for i in range(0, len(text), 20))  # line-wrapped, as real files are
    return E.binary(wrapped, id=ident, **{"content-type": "image/png"})


def description() -> etree._Element:
    """A full ``<description>``."""
    return E.description(
        E.stylesheet("p { margin: 0 }", type="text/css"),
        E("title-info",
          E.genre("prose_classic"),
          E.author(E("first-name", "Лев"), E("middle-name", "Николаевич"), E("last-name", "Толстой")),
          E.author(E.nickname("Аноним")),
          E("book-title", "Война и мир"),
          E.annotation(_p("Роман о войне ", E.emphasis("и"), " мире."), _p("Второй абзац аннотации.")),
          E.date("1869 год", value="1869-03-15"),
          E.coverpage(_image("#cover.png")),
          E.lang("ru")),
        E("document-info", E.author(E.nickname("верстальщик")), E.id("doc-0001"), E.version("1.0")),
        E("publish-info", E.publisher("Издательство «Книга»"), E.year("2001"), E.isbn("978-5-389-06256-6")),
    )  # fmt: skip


def full_book_root() -> etree._Element:
    """The root of :func:`full_book`."""
    main = E.body(
        E.title(_p("Лев Толстой"), _p("Война и мир")),
        E.epigraph(_p("Всё смешалось в доме Облонских."), E("text-author", "Народная мудрость")),
        E.section(
            E.title(_p("Глава первая")),
            _p("Первый абзац ", E.emphasis("главы"), " и ", E.strong("жирное"), " слово.",
               _noteref("#n1", "[1]")),
            _p("Ещё абзац & <скобки> «кавычки»."),
            E("empty-line"),
            E("empty-line"),
            _p("После разрыва."),
            E.poem(
                E.title(_p("Зимнее утро")),
                E.stanza(E.v("Мороз и солнце;"), E.v("День чудесный!")),
                E.stanza(E.v("Ещё ты дремлешь,"), E.v("Друг прелестный")),
                E("text-author", "Александр Пушкин"),
            ),
            E.section(
                E.title(_p("Часть вложенная")),
                _p("Вложенный текст со ссылкой", _noteref("#n2", "2", typed=False), " и ", E.sup("верхним"), "."),
                E("empty-line"),
            ),
            id="ch1",
        ),
        E.section(
            E.title(_p("Глава вторая")),
            E("empty-line"),
            E.cite(_p("Цитата из письма."), E("text-author", "Автор письма")),
            E.subtitle("Подзаголовок"),
            _image("#pic.png", title="Рисунок первый"),
            E.table(E.tr(E.th("Город"), E.th("Основан")), E.tr(E.td("Москва"), E.td("1147"))),
            _p("Снова ссылка", _noteref("#n1", "[1]"), " на ", E.strikethrough("первую"), " сноску."),
        ),
    )  # fmt: skip
    notes = E.body(
        E.title(_p("Примечания")),
        E.section(E.title(_p("1")), _p("Текст первой сноски."), id="n1"),
        E.section(E.title(_p("2")), _p("Текст второй сноски."), _p("Её второй абзац."), id="n2"),
        E.section(E.title(_p("3")), _p("Сноска без ссылок."), id="n3"),
        name="notes",
    )  # fmt: skip
    return E.FictionBook(description(), main, notes, _binary("cover.png", COVER_PNG), _binary("pic.png", PICTURE_PNG))


def _write(root: etree._Element, path: Path, encoding: str = "utf-8") -> Path:
    path.write_bytes(etree.tostring(root, encoding=encoding, xml_declaration=True, pretty_print=True))
    return path


def full_book(folder: Path, name: str = "full.fb2") -> Path:
    """The book with every construct (see the module docstring)."""
    return _write(full_book_root(), Path(folder) / name)


def zipped_book(folder: Path, name: str = "full.fb2.zip") -> Path:
    """The full book inside a zip (as ``book.fb2``), as libraries distribute them."""
    path = Path(folder) / name
    data = etree.tostring(full_book_root(), encoding="utf-8", xml_declaration=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("book.fb2", data)
    return path


ENCODED_TEXT = ("Глава «первая»", "Съешь же ещё этих мягких французских булок — да выпей чаю.", "Ёлка, №5 и «ёж».")


def encoded_root() -> etree._Element:
    """A small book whose text only legacy code pages and UTF-8 can both carry."""
    title, first, second = ENCODED_TEXT
    return E.FictionBook(
        E.description(E("title-info", E("book-title", "Кодировка"), E.lang("ru"))),
        E.body(E.section(E.title(_p(title)), _p(first), _p(second))),
    )


def encoded_book(folder: Path, encoding: str = "windows-1251") -> Path:
    """The small book saved in ``encoding`` with its XML declaration."""
    return _write(encoded_root(), Path(folder) / f"{encoding}.fb2", encoding=encoding)


SLOPPY = """<?xml version="1.0" encoding="{enc}"?>
<FictionBook>
<description><title-info><book-title>Небрежная книга</book-title></title-info></description>
<body>
<section id="s1"><title><p>Глава</p></title>
<p>Текст&nbsp;с неразрывным пробелом<a l:href="#n1" type="note">1</a>.</p>
<image l:href="#pic"/>
</section>
</body>
<body name="notes"><section id="n1"><title><p>1</p></title><p>Сноска небрежной книги.</p></section></body>
<binary id="pic" content-type="image/png">{png}</binary>
</FictionBook>
"""


def sloppy_book(folder: Path, *, declared: str = "utf-8", actual: str = "utf-8", name: str = "sloppy.fb2") -> Path:
    """No namespaces, an undeclared ``l:`` prefix, ``&nbsp;``; ``declared`` may lie about ``actual``."""
    import base64

    text = SLOPPY.format(enc=declared, png=base64.b64encode(PICTURE_PNG).decode("ascii"))
    path = Path(folder) / name
    path.write_bytes(text.encode(actual))
    return path


def paragraphs_book(paragraphs: list[str], *, title: str = "Глава") -> bytes:
    """The bytes of a one-section book holding ``paragraphs`` (lxml escapes ``&``, ``<``, quotes)."""
    root = E.FictionBook(
        E.description(E("title-info", E("book-title", "Свойства"))),
        E.body(E.section(E.title(_p(title)), *(_p(text) for text in paragraphs))),
    )
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def bad_inputs(folder: Path) -> dict[str, Path]:
    """Files to refuse: name → path (not XML, unknown encoding, zip without FB2, XML not FB2)."""
    folder = Path(folder)
    files = {
        "not-xml": ("not-xml.fb2", "Это просто текст, а не книга FB2.\n".encode()),
        "unknown-encoding": (
            "unknown-encoding.fb2",
            '<?xml version="1.0" encoding="x-martian-7"?><FictionBook><body><p>Текст</p></body></FictionBook>'.encode(),
        ),
        "not-fictionbook": (
            "not-fictionbook.fb2",
            '<?xml version="1.0"?><html><body><p>Привет, мир.</p></body></html>'.encode(),
        ),
        "truncated": ("truncated.fb2", etree.tostring(full_book_root(), encoding="utf-8")[:900]),
    }
    out = {key: folder / name for key, (name, _) in files.items()}
    for key, (_, data) in files.items():
        out[key].write_bytes(data)
    empty_zip = folder / "no-fb2.fb2.zip"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("readme.txt", "Здесь нет книги.")
    out["zip-without-fb2"] = empty_zip
    two = folder / "two.fb2.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.fb2", paragraphs_book(["Первая книга."]))
        archive.writestr("b.fb2", paragraphs_book(["Вторая книга."]))
    out["zip-with-two"] = two
    return out
