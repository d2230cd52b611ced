"""A hand-built translated *book* document for renderer tests (no reader, no engine needed).

:func:`book_document` has three chapters: an epigraph with its attribution, nested section
headings (levels 1–3), paragraphs with emphasis and note references, a stanza of verse, a
quote, list items, table cells, a scene break, an image with a caption (a real tiny PNG in
memory) and two notes. :func:`long_book` repeats a chapter's paragraphs so that one chapter's
XHTML would pass 250 KB. :func:`tiny_png` makes a valid PNG of any size.
"""

from __future__ import annotations

import struct
import zlib

from bilingual.model import Block, Chapter, Document, GlossaryInfo, Image, Mark, Metadata, ModelInfo
from bilingual.segment import segment_block

__all__ = ["book_document", "long_book", "tiny_png", "NOTE_TEXTS", "CHAPTER_TITLES"]

#: (Russian, English) chapter titles.
CHAPTER_TITLES = [("Глава первая", "Chapter One"), ("Глава вторая", "Chapter Two"), ("Глава третья", "Chapter Three")]
#: (note id, Russian, English) of the two notes.
NOTE_TEXTS = [
    ("n1", "Душанбе — столица Таджикистана.", "Dushanbe is the capital of Tajikistan."),
    ("n2", "Стихи приводятся по первому изданию.", "The verse is quoted from the first edition."),
]


def tiny_png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """A valid RGB PNG of one colour."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _block(kind: str, source: str, english: list[str] | None = None, *, chapter: int, level: int = 0,
           marks: list[Mark] | None = None, note_id: str = "", image: str = "") -> Block:
    """A segmented block; ``english`` gives each sentence's translation (None: machine-like 'EN: …')."""
    block = Block(kind=kind, source=source, level=level, chapter=chapter, marks=marks or [], note_id=note_id, image=image)
    segment_block(block)
    for k, s in enumerate(block.sentences):
        s.target = english[k] if english is not None and k < len(english) else f"EN: {s.source}"
        s.origin = "machine"
        s.machine_target = s.target
    return block


def book_document() -> Document:
    """A translated three-chapter book with every block kind the readers make."""
    c1, c2, c3 = CHAPTER_TITLES
    para1 = "Президент прилетел в Душанбе вечером. Его встречали министры."
    at = para1.index("Душанбе") + len("Душанбе")
    blocks = [
        # chapter 0
        _block("heading", c1[0], [c1[1]], chapter=0, level=1),
        _block("epigraph", "Всё проходит, и это тоже пройдёт.", ["Everything passes, and this too shall pass."], chapter=0),
        _block("attribution", "Царь Соломон", ["King Solomon"], chapter=0),
        _block("paragraph", para1, ["The president flew into Dushanbe in the evening.", "Ministers met him."], chapter=0,
               marks=[Mark(para1.index("вечером"), para1.index("вечером") + len("вечером"), "em"), Mark(at, at, "noteref", "n1")]),
        _block("heading", "Первая встреча", ["The first meeting"], chapter=0, level=2),
        _block("paragraph", "Переговоры длились три часа.", ["The talks lasted three hours."], chapter=0,
               marks=[Mark(0, len("Переговоры длились три часа."), "strong")]),
        _block("heading", "Подробности", ["Details"], chapter=0, level=3),
        _block("list-item", "Первый пункт повестки.", ["The first item on the agenda."], chapter=0),
        _block("list-item", "Второй пункт повестки.", ["The second item on the agenda."], chapter=0),
        _block("note", NOTE_TEXTS[0][1], [NOTE_TEXTS[0][2]], chapter=0, note_id="n1"),
        # chapter 1
        _block("heading", c2[0], [c2[1]], chapter=1, level=1),
        _block("verse", "Мороз и солнце; день чудесный!\nЕщё ты дремлешь, друг прелестный", ["Frost and sun; a wonderful day!", "You are still dozing, lovely friend"], chapter=1,
               marks=[Mark(len("Мороз и солнце; день чудесный!\nЕщё ты дремлешь, друг прелестный"), len("Мороз и солнце; день чудесный!\nЕщё ты дремлешь, друг прелестный"), "noteref", "n2")]),
        _block("quote", "«Мы договорились», — сказал министр.", ["“We have agreed,” the minister said."], chapter=1),
        _block("separator", "", chapter=1),
        _block("table-cell", "Город", ["City"], chapter=1),
        _block("table-cell", "Население", ["Population"], chapter=1),
        _block("image", "Вид на город. Фото: автор", ["A view of the city.", "Photo: the author"], chapter=1, image="img-1.png"),
        _block("note", NOTE_TEXTS[1][1], [NOTE_TEXTS[1][2]], chapter=1, note_id="n2"),
        # chapter 2
        _block("heading", c3[0], [c3[1]], chapter=2, level=1),
        _block("subtitle", "Вместо послесловия", ["Instead of an afterword"], chapter=2),
        _block("paragraph", "Конец книги.", ["The end of the book."], chapter=2),
    ]
    chapters = [Chapter(title=ru, title_target=en, source=f"ch{i + 1}.xhtml") for i, (ru, en) in enumerate(CHAPTER_TITLES)]
    meta = Metadata(
        title="Путешествие в Душанбе",
        title_target="A Journey to Dushanbe",
        date="2025-10-09",
        source_file="journey.fb2",
        source_format="fb2",
        authors=["Иван Петров"],
        publisher="Издательство «Пример»",
        source_identifier="urn:isbn:9785000000000",
        model=ModelInfo(name="tiny-test-double", version="0.1", description="TEST DOUBLE (not a translator)"),
        glossary=GlossaryInfo(path="glossary/ru-en.tsv", entries=38, sha256="0" * 64),
        created="2025-10-10T08:00:00+00:00",
        generator="bilingual 0.1.0",
        identifier="urn:uuid:12345678-1234-5678-1234-567812345678",
    )
    images = [Image(id="img-1.png", media_type="image/png", alt="Вид на город", data=tiny_png(40, 30))]
    return Document(meta=meta, blocks=blocks, chapters=chapters, images=images)


def long_book(paragraphs: int = 2500) -> Document:
    """:func:`book_document` with ``paragraphs`` extra paragraphs in chapter 2 (about 120 bytes of
    Russian and 60 of English each), so that chapter's XHTML passes 250 KB."""
    doc = book_document()
    extra = [
        _block("paragraph", f"Это абзац номер {i}, в котором говорится о переговорах и встречах.",
               [f"This is paragraph number {i}, about talks and meetings."], chapter=1)
        for i in range(paragraphs)
    ]
    at = next(i for i, b in enumerate(doc.blocks) if b.chapter == 1 and b.kind == "note")
    doc.blocks[at:at] = extra
    return doc
