"""FB2 reader: structure, marks, notes, images, verse, metadata, encodings, zips, bad input.

Books are built in ``tmp_path`` by :mod:`fixtures_fb2`. :func:`assert_accounted` is the
accounting check applied to every fixture: each text node of the bodies that holds letters
lands in exactly one block (nothing dropped, nothing duplicated), except note markers and the
titles of the notes body and its sections.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

import fixtures_fb2 as F
from bilingual.errors import InputError
from bilingual.model import Document
from bilingual.read import finish, read_source
from bilingual.read.fb2 import parse

_WORD = re.compile(r"[^\W\d_]+")


def _read(path: Path) -> Document:
    return read_source(path).document


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _attr(el: etree._Element, name: str) -> str:
    return next((v for k, v in el.attrib.items() if _local(k) == name), "")


# --------------------------------------------------------------------------- accounting
def fb2_root(path: Path) -> etree._Element:
    """The FB2 tree of ``path`` (zipped or not), parsed on its own (lenient, no entities expanded)."""
    data = path.read_bytes()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            (member,) = [n for n in archive.namelist() if n.endswith(".fb2")]
            data = archive.read(member)
    try:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as err:
        if "encoding" in str(err):  # a lying declaration: the fixtures' other bytes are cp1251
            data = re.sub(r"^<\?xml[^>]*\?>", "", data.decode("cp1251")).encode()
    return etree.fromstring(data, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))


def expected_texts(root: etree._Element) -> list[str]:
    """Text nodes of the bodies with letters (and image titles), minus note markers and notes' titles."""
    bodies = [b for b in root if _local(str(b.tag)) == "body"]
    note_ids = {
        _attr(s, "id") for b in bodies if _attr(b, "name") in ("notes", "comments")
        for s in b.iter() if isinstance(s.tag, str) and _local(s.tag) == "section"
    }  # fmt: skip

    def skipped(owner: etree._Element | None, in_notes: bool) -> bool:
        while owner is not None:
            tag = _local(str(owner.tag))
            if tag == "a" and (_attr(owner, "type") == "note" or _attr(owner, "href").lstrip("#") in note_ids):
                return True
            if tag == "title" and in_notes:
                return True
            if tag == "body":
                return False
            owner = owner.getparent()
        return False

    texts = []
    for body in bodies:
        in_notes = _attr(body, "name") in ("notes", "comments")
        for el in body.iter():
            element = isinstance(el.tag, str)  # else an entity reference: only its tail is text
            if element and _local(el.tag) == "image" and _attr(el, "title"):
                texts.append(_attr(el, "title"))
            if element and el.text and _WORD.search(el.text) and not skipped(el, in_notes):
                texts.append(el.text)
            if el is not body and el.tail and _WORD.search(el.tail) and not skipped(el.getparent(), in_notes):
                texts.append(el.tail)
    return texts


def assert_accounted(path: Path, doc: Document) -> None:
    """Every expected text node is inside a block, and the blocks hold exactly those words."""
    texts = expected_texts(fb2_root(path))
    assert texts, "the fixture has text"
    sources = [" ".join(b.source.split()) for b in doc.blocks]
    for text in texts:
        folded = " ".join(text.replace("\u00a0", " ").split())
        assert any(folded in s for s in sources), f"dropped: {folded!r}"
    want = Counter(w for t in texts for w in _WORD.findall(t))
    got = Counter(w for b in doc.blocks for w in _WORD.findall(b.source))
    assert got == want, f"missing {want - got}, extra {got - want}"


# --------------------------------------------------------------------------- the full book
@pytest.fixture
def full(tmp_path: Path) -> tuple[Path, Document]:
    path = F.full_book(tmp_path)
    return path, _read(path)


def _codes(doc: Document, chapter: int) -> list[str]:
    return [b.kind + (str(b.level) if b.kind == "heading" else "") for b in doc.chapter_blocks()[chapter]]


def test_chapters_kinds_and_levels(full: tuple[Path, Document]) -> None:
    _, doc = full
    assert [(c.title, c.source) for c in doc.chapters] == [
        ("Лев Толстой Война и мир", "body"), ("Глава первая", "ch1"), ("Глава вторая", "section-2"),
    ]  # fmt: skip
    assert _codes(doc, 0) == ["image", "heading1", "epigraph", "attribution"]
    assert _codes(doc, 1) == [
        "heading1", "paragraph", "paragraph", "separator", "paragraph",  # two empty-lines: one separator
        "subtitle", "verse", "verse", "attribution",  # the poem
        "heading2", "paragraph",  # nested section; its trailing empty-line makes nothing
        "note", "note",
    ]  # fmt: skip
    assert _codes(doc, 2) == [  # the empty-line right after the title makes nothing
        "heading1", "quote", "attribution", "subtitle", "image",
        "table-cell", "table-cell", "table-cell", "table-cell", "paragraph", "note",
    ]  # fmt: skip
    texts = {b.kind: b.source for b in doc.blocks if b.kind in ("epigraph", "quote", "subtitle")}
    assert texts["epigraph"] == "Всё смешалось в доме Облонских."
    assert texts["quote"] == "Цитата из письма."
    assert [b.source for b in doc.blocks if b.kind == "attribution"] == ["Народная мудрость", "Александр Пушкин", "Автор письма"]
    assert [b.source for b in doc.blocks if b.kind == "table-cell"] == ["Город", "Основан", "Москва", "1147"]
    assert doc.blocks[1].source == "Лев Толстой\nВойна и мир"  # a title of two paragraphs: one heading


def test_marks_offsets(full: tuple[Path, Document]) -> None:
    _, doc = full
    para = next(b for b in doc.blocks if b.source.startswith("Первый абзац"))
    spans = {m.kind: para.source[m.start : m.end] for m in para.marks if m.kind != "noteref"}
    assert spans == {"em": "главы", "strong": "жирное"}
    assert para.source == "Первый абзац главы и жирное слово."
    nested = next(b for b in doc.blocks if b.source.startswith("Вложенный"))
    assert [(nested.source[m.start : m.end], m.kind) for m in nested.marks if m.kind == "sup"] == [("верхним", "sup")]
    strike = next(b for b in doc.blocks if b.source.startswith("Снова"))
    assert strike.source == "Снова ссылка на первую сноску." and all(m.kind == "noteref" for m in strike.marks)
    amp = next(b for b in doc.blocks if b.source.startswith("Ещё абзац"))
    assert amp.source == "Ещё абзац & <скобки> «кавычки»." and amp.marks == []


def test_notes_referenced_placed_once(full: tuple[Path, Document]) -> None:
    _, doc = full
    notes = {b.note_id: b for b in doc.blocks if b.kind == "note"}
    assert [b.note_id for b in doc.blocks if b.kind == "note"] == ["n1", "n2", "n3"]  # each once
    assert notes["n1"].source == "Текст первой сноски."
    assert notes["n2"].source == "Текст второй сноски.\nЕё второй абзац."
    refs = [(b.chapter, b.source[: m.start], m.ref) for b in doc.blocks for m in b.marks if m.kind == "noteref"]
    assert refs == [
        (1, "Первый абзац главы и жирное слово.", "n1"),
        (1, "Вложенный текст со ссылкой", "n2"),  # <a> without type= pointing at a note
        (2, "Снова ссылка", "n1"),
    ]
    assert notes["n1"].chapter == 1 and notes["n2"].chapter == 1  # the chapter of the first reference
    assert notes["n3"].chapter == 2  # never referenced: the last chapter
    everything = "\n".join(b.source for b in doc.blocks)
    assert "[1]" not in everything and "Примечания" not in everything  # markers, the notes' title
    assert everything.count("Текст первой сноски") == 1
    assert not any(b.source.strip() in ("1", "2", "3") for b in doc.blocks if b.kind != "table-cell")


def test_images_carry_their_bytes(full: tuple[Path, Document]) -> None:
    _, doc = full
    images = [b for b in doc.blocks if b.kind == "image"]
    assert [(b.chapter, b.source) for b in images] == [(0, ""), (2, "Рисунок первый")]
    assert doc.blocks[0] is images[0]  # the cover opens the first chapter
    assert doc.image_bytes(images[0].image) == F.COVER_PNG
    assert doc.image_bytes(images[1].image) == F.PICTURE_PNG
    assert {im.media_type for im in doc.images} == {"image/png"} and len(doc.images) == 2
    everything = "".join(b.source for b in doc.blocks)
    assert "iVBOR" not in everything and "margin" not in everything  # base64, stylesheet


def test_verse_lines(full: tuple[Path, Document]) -> None:
    _, doc = full
    verses = [b for b in doc.blocks if b.kind == "verse"]
    assert [b.source for b in verses] == ["Мороз и солнце;\nДень чудесный!", "Ещё ты дремлешь,\nДруг прелестный"]
    assert [[s.source for s in b.sentences] for b in verses] == [
        ["Мороз и солнце;", "День чудесный!"], ["Ещё ты дремлешь,", "Друг прелестный"],
    ]  # fmt: skip


def test_metadata(full: tuple[Path, Document]) -> None:
    path, doc = full
    meta = doc.meta
    assert meta.title == "Война и мир"
    assert meta.authors == ["Лев Николаевич Толстой", "Аноним"]
    assert meta.date == "1869-03-15"
    assert meta.description == "Роман о войне и мире.\nВторой абзац аннотации."
    assert meta.publisher == "Издательство «Книга»"
    assert meta.source_identifier == "urn:isbn:978-5-389-06256-6"
    assert meta.source_format == "fb2" and meta.source_encoding == "utf-8"
    assert meta.source_file == str(path) and meta.identifier.startswith("urn:uuid:")
    assert parse(path.read_bytes(), "x.fb2").document.meta.source_lang == "ru"  # from <lang>


def test_date_and_identifier_fallbacks(tmp_path: Path) -> None:
    root = F.full_book_root()
    ns = {"f": F.FB}
    root.find(".//f:title-info/f:date", ns).attrib.pop("value")  # text "1869 год": not ISO
    isbn = root.find(".//f:publish-info/f:isbn", ns)
    isbn.getparent().remove(isbn)
    meta = parse(etree.tostring(root), "x.fb2").document.meta
    assert meta.date is None and meta.source_identifier == "doc-0001"
    root.find(".//f:title-info/f:date", ns).text = "1869"
    assert parse(etree.tostring(root), "x.fb2").document.meta.date == "1869"


# --------------------------------------------------------------------------- accounting, formats
@pytest.mark.parametrize(
    "make",
    [
        F.full_book,
        F.zipped_book,
        lambda d: F.encoded_book(d, "windows-1251"),
        lambda d: F.encoded_book(d, "koi8-r"),
        F.sloppy_book,
        lambda d: F.sloppy_book(d, declared="utf-8", actual="cp1251"),
    ],
    ids=["full", "zip", "cp1251", "koi8-r", "sloppy", "lying-declaration"],
)
def test_every_text_node_lands_in_one_block(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    assert_accounted(path, _read(path))


def test_accounting_catches_a_dropped_paragraph(tmp_path: Path) -> None:
    path = F.full_book(tmp_path)
    doc = _read(path)
    doc.blocks = [b for b in doc.blocks if not b.source.startswith("После разрыва")]
    with pytest.raises(AssertionError, match="dropped"):
        assert_accounted(path, doc)


def test_zip_reads_like_the_book(tmp_path: Path) -> None:
    plain, zipped = _read(F.full_book(tmp_path)), _read(F.zipped_book(tmp_path))
    assert [(b.kind, b.source, b.chapter) for b in zipped.blocks] == [(b.kind, b.source, b.chapter) for b in plain.blocks]
    assert zipped.meta.title == "Война и мир" and len(zipped.images) == 2


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r"])
def test_legacy_encodings(tmp_path: Path, encoding: str) -> None:
    path = F.encoded_book(tmp_path, encoding)
    assert "Ёлка".encode("utf-8") not in path.read_bytes()  # really in the code page
    result = read_source(path)
    assert [b.source for b in result.document.blocks] == list(F.ENCODED_TEXT)
    assert result.document.meta.source_encoding == encoding and result.warnings == []


def test_sloppy_files_are_repaired(tmp_path: Path) -> None:
    result = read_source(F.sloppy_book(tmp_path, declared="utf-8", actual="cp1251"))
    doc = result.document
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "image", "note"]
    para = doc.blocks[1]
    assert para.source == "Текст с неразрывным пробелом." and para.marks[0].ref == "n1"  # &nbsp; folded
    assert doc.image_bytes(doc.blocks[2].image) == F.PICTURE_PNG  # l:href without a declared prefix
    assert any("read as cp1251" in w for w in result.warnings) and doc.meta.source_encoding == "cp1251"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕЁЖЯ &<>\"'«»—.,!?;", min_size=1, max_size=60).filter(
            lambda s: re.search("[а-яА-ЯёЁ]", s) is not None
        ),
        min_size=1,
        max_size=6,
    )
)
def test_property_each_paragraph_is_one_block(paragraphs: list[str]) -> None:
    data = F.paragraphs_book(paragraphs)
    doc = parse(data, "prop.fb2").document
    finish(doc, data, "prop.fb2")
    assert [b.source for b in doc.blocks if b.kind == "paragraph"] == [" ".join(p.split()) for p in paragraphs]
    assert all(s.source == b.source[s.start : s.end] for b in doc.blocks for s in b.sentences)


# --------------------------------------------------------------------------- edge cases
def _book(*body: etree._Element, extra: tuple[etree._Element, ...] = ()) -> bytes:
    E = F.E
    return etree.tostring(E.FictionBook(E.description(E("title-info", E("book-title", "Т"))), E.body(*body), *extra))


def test_body_without_sections_is_one_chapter() -> None:
    E = F.E
    doc = parse(_book(E.p("Первый абзац."), E.p("Второй абзац.")), "x.fb2").document
    assert len(doc.chapters) == 1 and [b.chapter for b in doc.blocks] == [0, 0]


def test_missing_binary_warns_and_adds_nothing() -> None:
    E = F.E
    image = E.image()
    image.set(F.HREF, "#nowhere")
    result = parse(_book(E.section(E.p("Текст."), image)), "x.fb2")
    assert [b.kind for b in result.document.blocks] == ["paragraph"]
    assert any("nowhere" in w for w in result.warnings)


def test_inline_image_follows_its_paragraph() -> None:
    E = F.E
    image = E.image()
    image.set(F.HREF, "#pic.png")
    data = _book(E.section(E.p("До ", image, "после.")), extra=(F._binary("pic.png", F.PICTURE_PNG),))
    doc = parse(data, "x.fb2").document
    assert [(b.kind, b.source) for b in doc.blocks] == [("paragraph", "До после."), ("image", "")]


def test_deep_headings_cap_at_six() -> None:
    E = F.E
    inner = E.section(E.title(E.p("Уровень 8")), E.p("Текст."))
    for level in range(7, 0, -1):
        inner = E.section(E.title(E.p(f"Уровень {level}")), inner)
    doc = parse(_book(inner), "x.fb2").document
    assert [b.level for b in doc.blocks if b.kind == "heading"] == [1, 2, 3, 4, 5, 6, 6, 6]
    assert len(doc.chapters) == 1


def test_entities_are_never_expanded() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE FictionBook [<!ENTITY x SYSTEM "file:///etc/passwd">'
        b'<!ENTITY a "\xd0\xb0\xd0\xb0\xd0\xb0"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + '<FictionBook><body><section><p>Начало &x; &b; конец.</p></section></body></FictionBook>'.encode()
    )
    result = parse(data, "attack.fb2")
    assert [b.source for b in result.document.blocks] == ["Начало конец."]
    assert any("not expanded" in w for w in result.warnings)


def test_no_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.fb2"
    path.write_bytes(_book(F.E.section(F.E.title(F.E.p("")), F.E("empty-line"))))
    with pytest.raises(InputError, match="no text to translate"):
        read_source(path)


# --------------------------------------------------------------------------- bad input
BAD = {
    "not-xml": "not well-formed XML",
    "unknown-encoding": "declares encoding x-martian-7",
    "not-fictionbook": "not an FB2 book (its root element is <html>",
    "truncated": "not well-formed XML",
    "zip-without-fb2": "holds no .fb2 book",
    "zip-with-two": "holds 2 .fb2 books",
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_line(tmp_path: Path, case: str) -> None:
    path = F.bad_inputs(tmp_path)[case]
    with pytest.raises(InputError) as info:
        read_source(path)
    message = str(info.value)
    assert BAD[case] in message and "\n" not in message and message.startswith(str(path))


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_through_the_cli(tmp_path: Path, case: str) -> None:
    from bilingual.cli import app

    path = F.bad_inputs(tmp_path)[case]
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["translate", str(path), "-o", str(out), "--no-glossary", "--no-cache"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert BAD[case] in lines[0], lines[0]  # the reader's own reason, not a generic refusal
    assert not out.exists() or not list(out.iterdir())


def test_good_book_through_the_cli(tmp_path: Path) -> None:
    from bilingual.cli import app

    path = F.full_book(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["translate", str(path), "-o", str(out), "--no-glossary", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    (saved,) = out.glob("*.json")
    doc = Document.load(saved)
    assert [b.kind for b in doc.blocks] == [b.kind for b in _read(path).blocks]
    assert [b.note_id for b in doc.blocks if b.kind == "note"] == ["n1", "n2", "n3"]
    images = [b.image for b in doc.blocks if b.kind == "image"]
    assert [doc.image_bytes(i) for i in images] == [F.COVER_PNG, F.PICTURE_PNG]


def test_links_comments_and_duplicate_note_ids() -> None:
    E = F.E
    link = E.a("эту главу")
    link.set(F.HREF, "#s1")  # a link, not a note: its text stays
    ref = E.a("*")
    ref.set(F.HREF, "#c1")
    comments = E.body(
        E.section(E.title(E.p("*")), E.p("Комментарий."), id="c1"),
        E.section(E.p("Дубликат."), id="c1"),
        name="comments",
    )
    result = parse(_book(E.section(E.p("См. ", link, ref, "."), id="s1"), extra=(comments,)), "x.fb2")
    blocks = result.document.blocks
    assert [(b.kind, b.source, b.note_id) for b in blocks] == [
        ("paragraph", "См. эту главу.", ""), ("note", "Комментарий.", "c1"), ("note", "Дубликат.", "c1-2"),
    ]  # fmt: skip
    assert [m.ref for m in blocks[0].marks] == ["c1"] and any("c1" in w for w in result.warnings)


def test_too_deep_is_one_line() -> None:
    data = ("<FictionBook><body><section><p>" + "<emphasis>" * 300 + "Текст").encode()
    with pytest.raises(InputError, match="nested more than 256 levels deep") as info:
        parse(data, "deep.fb2")
    assert "\n" not in str(info.value)


@pytest.mark.slow
def test_book_editions_pass_epubcheck(tmp_path: Path) -> None:
    from bilingual.cli import app
    from epubcheck_util import epubcheck_errors

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["translate", str(F.full_book(tmp_path)), "-o", str(out), "--no-glossary", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    assert epubcheck_errors(out / "full.epub") == []
