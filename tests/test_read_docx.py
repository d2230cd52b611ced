"""The DOCX reader, through :func:`bilingual.read.read_source` on files built by
:mod:`fixtures_docx`: block kinds and levels in order, chapters, marks, notes, pictures,
metadata, what must not be read (field codes, deletions, fallbacks, tables of contents), an
accounting of every ``w:t``, property tests, a LibreOffice-written file (slow), one-line refusals
(library and CLI) and a manuscript through ``bilingual translate`` on the tiny test-double model."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.errors import InputError
from bilingual.model import Document
from bilingual.read import read_source
from bilingual.read.common import has_letters

from fixtures_docx import (
    BOOK, book_docx, captions_docx, docx_texts, libreoffice_docx, localised_docx, plain_docx, runs_docx, tiny_png,
)

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


def _fold(text: str) -> str:
    return " ".join(text.split())


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def assert_accounted(path: Path, doc: Document) -> None:
    """Every ``w:t`` with letters (body and notes) is in a block, and the blocks hold exactly as
    many letters as those texts: nothing dropped, nothing read twice."""
    texts = [t for t in docx_texts(path) if has_letters(t)]
    sources = [_fold(b.source) for b in doc.blocks]
    for text in texts:
        assert any(_fold(text) in s for s in sources), f"{text!r} is in no block"
    assert sum(_letters(b.source) for b in doc.blocks) == sum(_letters(t) for t in texts)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Document, list[str]]:
    path = book_docx(tmp_path_factory.mktemp("docx") / "рукопись.docx")
    result = read_source(path)
    return path, result.document, result.warnings


def _block(doc: Document, start: str):  # type: ignore[no-untyped-def]
    return next(b for b in doc.blocks if b.source.startswith(start))


# --------------------------------------------------------------------------- the manuscript
def test_kinds_levels_and_chapters_in_order(book) -> None:  # type: ignore[no-untyped-def]
    _, doc, _ = book
    got = [(b.chapter, b.kind, b.level) for b in doc.blocks]
    assert got == [
        (0, "heading", 1), (0, "subtitle", 0),
        (1, "heading", 1), (1, "paragraph", 0), (1, "heading", 2), (1, "heading", 3), (1, "quote", 0),
        (1, "list-item", 0), (1, "list-item", 0),
        (1, "table-cell", 0), (1, "table-cell", 0), (1, "table-cell", 0),
        (1, "image", 0), (1, "separator", 0), (1, "paragraph", 0), (1, "note", 0),
        (2, "heading", 1), *[(2, "paragraph", 0)] * 9, (2, "note", 0), (2, "note", 0),
    ]  # fmt: skip
    assert [c.title for c in doc.chapters] == ["Книга о море", "Глава первая", "Глава вторая"]
    cells = [b.source for b in doc.blocks if b.kind == "table-cell"]
    assert cells == ["Объединённая ячейка", "Левая ячейка", "Правая ячейка"]  # the merged cell once
    assert all(b.sentences for b in doc.blocks if b.kind != "separator")  # segmented by finish()


def test_marks_at_folded_offsets(book) -> None:  # type: ignore[no-untyped-def]
    _, doc, _ = book
    para = _block(doc, "Он сказал")
    assert para.source == "Он сказал громко и ясно. Потом замолчал."
    spans = {(m.kind, para.source[m.start:m.end]) for m in para.marks if m.kind != "noteref"}
    assert spans == {("em", "громко"), ("strong", "ясно")}
    assert _block(doc, "Глава первая").marks == []  # bold by its style: not a mark
    styled = _block(doc, "Стиль:")
    assert {(m.kind, styled.source[m.start:m.end]) for m in styled.marks} == {
        ("em", "выделение стилем"), ("strong", "строгий стиль")}
    water = _block(doc, "Вода")
    assert water.source == "Вода H2O и площадь м2"
    assert [(m.kind, m.start) for m in water.marks] == [("sub", 6), ("sup", 20)]
    assert _block(doc, "Строка один").source == "Строка один\nстрока два и дальше."  # w:br, w:tab


def test_notes_follow_their_references(book) -> None:  # type: ignore[no-untyped-def]
    _, doc, _ = book
    para = _block(doc, "Он сказал")
    (ref,) = [m for m in para.marks if m.kind == "noteref"]
    assert ref.ref == "fn-1" and para.source[:ref.start] == "Он сказал громко и ясно."
    notes = {b.note_id: b for b in doc.blocks if b.kind == "note"}
    assert set(notes) == {"fn-1", "fn-2", "en-1"}  # Word's separator notes (-1, 0) skipped
    assert notes["fn-1"].source == BOOK["footnotes"][1] and notes["fn-1"].chapter == para.chapter == 1
    assert notes["fn-2"].source == BOOK["footnotes"][2] and notes["fn-2"].chapter == 2
    assert notes["en-1"].source == BOOK["endnotes"][1] and notes["en-1"].chapter == 2
    em = notes["fn-1"].marks[0]
    assert (em.kind, notes["fn-1"].source[em.start:em.end]) == ("em", "Примечание")
    refs = [m.ref for b in doc.blocks for m in b.marks if m.kind == "noteref"]
    assert sorted(refs) == sorted(notes)


def test_picture_with_alt_and_caption(book) -> None:  # type: ignore[no-untyped-def]
    _, doc, _ = book
    (image,) = [b for b in doc.blocks if b.kind == "image"]
    assert image.source == BOOK["caption"] and not any(b.kind == "caption" for b in doc.blocks)
    im = doc.image(image.image)
    assert im is not None and im.media_type == "image/png" and im.alt == BOOK["alt"]
    assert doc.image_bytes(image.image) == tiny_png()


def test_metadata_from_core_properties(book) -> None:  # type: ignore[no-untyped-def]
    path, doc, _ = book
    meta = doc.meta
    assert meta.title == BOOK["core_title"] and meta.authors == BOOK["authors"]
    assert meta.date == BOOK["date"] and meta.description == BOOK["description"]
    assert meta.source_format == "docx" and meta.source_file == str(path)
    assert meta.identifier.startswith("urn:uuid:")


def test_what_is_not_read_and_what_is(book) -> None:  # type: ignore[no-untyped-def]
    _, doc, warnings = book
    text = "\n".join(b.source for b in doc.blocks)
    assert "PAGEREF" not in text and "Toc1" not in text  # field code
    assert _block(doc, "Смотри").source == "Смотри страницу пять о береге."  # field result
    assert _block(doc, "Было").source == "Было вставленное слово."  # w:ins read, w:del not
    assert "удалённое" not in text and any("tracked deletions" in w for w in warnings)
    assert _block(doc, "Читайте").source == "Читайте на сайте издательства"  # hyperlink text
    assert [b.source for b in doc.blocks].count("Текст в рамке") == 1  # mc:Fallback not read
    assert _block(doc, "Абзац с рамкой").chapter == _block(doc, "Текст в рамке").chapter
    assert [b.source for b in doc.blocks].count("Текст в элементе управления") == 1  # w:sdt


def test_every_text_run_is_accounted_for(book, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, doc, _ = book
    assert_accounted(path, doc)
    other = localised_docx(tmp_path / "loc.docx")
    assert_accounted(other, read_source(other).document)


# --------------------------------------------------------------------------- styles and layout
def test_localised_and_outline_styles(tmp_path: Path) -> None:
    result = read_source(localised_docx(tmp_path / "loc.docx"))
    doc = result.document
    got = [(b.chapter, b.kind, b.level, b.source) for b in doc.blocks]
    assert got == [
        (0, "paragraph", 0, "Вступление до первой главы."),  # text before the first heading 1
        (1, "heading", 1, "Название из абзаца"),  # Title
        (2, "heading", 1, "Первая глава"),  # "Заголовок 1"
        (2, "heading", 2, "Подраздел по образцу"),  # based on Heading 2
        (2, "heading", 3, "Раздел по уровню структуры"),  # outline level in the style
        (2, "quote", 0, "Слова в цитате."),  # "Цитата"
        (3, "heading", 1, "Уровень прямо в абзаце"),  # outline level in the paragraph
        (3, "paragraph", 0, "Текст второй главы."),
        (3, "list-item", 0, "Пункт по нумерации"),  # w:numPr in the paragraph
        (3, "paragraph", 0, "Нумерация снята"),  # numId 0: numbering removed
    ]
    assert [c.title for c in doc.chapters] == ["", "Название из абзаца", "Первая глава", "Уровень прямо в абзаце"]
    # no core title: the Title paragraph; python-docx's placeholder author and template date ignored
    assert doc.meta.title == "Название из абзаца" and doc.meta.authors == [] and doc.meta.date is None


def test_captions_pair_with_adjacent_pictures_and_toc_is_skipped(tmp_path: Path) -> None:
    result = read_source(captions_docx(tmp_path / "cap.docx"))
    doc = result.document
    assert [(b.kind, b.source) for b in doc.blocks] == [
        ("heading", "Глава с картинками"),
        ("image", "Подпись над первой"),
        ("paragraph", "Текст после первой картинки."),
        ("image", ""),
        ("paragraph", "Текст после второй картинки."),
        ("image", "Подпись под третьей"),
        ("paragraph", "Текст после оглавления."),  # the TOC field ended here: its text is read
        ("paragraph", "Перед сломанным полем."),
        ("paragraph", "Текст после сломанного поля."),  # an unclosed field code does not swallow it
        ("caption", "Таблица 1. Числа"),
        ("table-cell", "Ячейка таблицы"),
    ]
    images = [b.image for b in doc.blocks if b.kind == "image"]
    assert images[0] == images[1] != images[2] and len(doc.images) == 2  # the same picture twice
    assert doc.image_bytes(images[2]) == tiny_png((10, 10, 200))
    assert any("table of contents" in w for w in result.warnings)


@pytest.mark.slow
def test_a_docx_written_by_libreoffice(tmp_path: Path) -> None:
    path = libreoffice_docx(tmp_path)
    if path is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    doc = read_source(path).document
    assert [(b.chapter, b.kind, b.level, b.source) for b in doc.blocks] == [
        (0, "heading", 1, "Заглавие книги"),
        (1, "heading", 1, "Глава первая"), (1, "paragraph", 0, "Текст с курсивом. Дальше."),
        (1, "heading", 2, "Раздел"), (1, "quote", 0, "Цитата в стиле LibreOffice."), (1, "list-item", 0, "Пункт один"),
        (1, "table-cell", 0, "Широкая ячейка"), (1, "table-cell", 0, "Слева"), (1, "table-cell", 0, "Справа"),
        (1, "image", 0, "Рисунок 1. Подпись"), (1, "note", 0, "Сноска из LibreOffice."),
        (2, "heading", 1, "Глава вторая"), (2, "paragraph", 0, "Текст второй главы."),
    ]  # fmt: skip
    para = doc.blocks[2]
    assert [(m.kind, para.source[m.start:m.end], m.ref) for m in para.marks] == [
        ("em", "курсивом", ""), ("noteref", "", doc.blocks[10].note_id)]
    image = doc.image(doc.blocks[9].image)
    assert image is not None and image.alt == "Описание картинки" and doc.image_bytes(image.id) == tiny_png()
    assert (doc.meta.title, doc.meta.authors, doc.meta.date) == ("Книга из LibreOffice", ["Анна Автор"], "2023-03-04")
    assert_accounted(path, doc)


# --------------------------------------------------------------------------- properties
_TEXT = st.text(alphabet=CYRILLIC + " \t&<>\"'«»—.,!?;:0123456789", min_size=1, max_size=80).filter(
    lambda s: re.search("[А-Яа-яЁё]", s) is not None
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(_TEXT, min_size=1, max_size=8))
def test_property_each_paragraph_is_one_block(tmp_path_factory: pytest.TempPathFactory, paragraphs: list[str]) -> None:
    path = plain_docx(tmp_path_factory.mktemp("prop") / "p.docx", paragraphs)
    doc = read_source(path).document
    assert [b.source for b in doc.blocks] == [_fold(p) for p in paragraphs]
    assert {b.kind for b in doc.blocks} == {"paragraph"}


_WORD = st.text(alphabet=CYRILLIC, min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(runs=st.lists(st.tuples(_WORD, st.booleans()), min_size=1, max_size=10))
def test_property_italic_runs_are_em_marks(
    tmp_path_factory: pytest.TempPathFactory, runs: list[tuple[str, bool]]
) -> None:
    path = runs_docx(tmp_path_factory.mktemp("marks") / "m.docx", [runs])
    (block,) = read_source(path).document.blocks
    assert block.source == " ".join(text for text, _ in runs)
    expected, offset, start = [], 0, None  # one mark per group of consecutive italic runs
    for i, (text, italic) in enumerate(runs):
        if italic and start is None:
            start = offset
        offset += len(text)
        if italic and (i + 1 == len(runs) or not runs[i + 1][1]):
            expected.append((start, offset))
            start = None
        offset += 1
    assert [(m.start, m.end) for m in block.marks if m.kind == "em"] == expected


# --------------------------------------------------------------------------- refusals
def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _damaged_docx(tmp_path: Path) -> bytes:
    good = book_docx(tmp_path / "good.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["word/document.xml"] = b"<w:document><unclosed>"
    return _zip(members)


def _empty_docx(tmp_path: Path) -> bytes:
    import docx

    docx.Document().save(str(tmp_path / "empty-src.docx"))
    return (tmp_path / "empty-src.docx").read_bytes()


BAD = {
    "renamed-text": (lambda tmp: "Это просто текст, а не документ.\n".encode(), "is not a Word .docx file"),
    "zip-not-docx": (lambda tmp: _zip({"notes.txt": "Привет".encode()}), "zip without word/document.xml"),
    "empty-docx": (_empty_docx, "has no text to translate"),
    "damaged-xml": (_damaged_docx, "is not a Word .docx file"),
    "old-doc-or-encrypted": (lambda tmp: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "password-protected"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_files_are_refused_in_one_line(tmp_path: Path, case: str) -> None:
    make, needle = BAD[case]
    path = tmp_path / "bad.docx"
    path.write_bytes(make(tmp_path))
    with pytest.raises(InputError) as info:
        read_source(path)
    message = str(info.value)
    assert needle in message and "\n" not in message and str(path) in message


def test_unpacked_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bilingual.read.docx as reader

    path = plain_docx(tmp_path / "big.docx", ["Обычный абзац текста."])
    assert read_source(path).document.blocks  # fine under the real cap
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(InputError, match="unpacks to more than"):
        read_source(path)


@pytest.mark.parametrize("case", ["renamed-text", "zip-not-docx", "empty-docx"])
def test_cli_refuses_bad_docx_exit_2_nothing_written(tmp_path: Path, case: str) -> None:
    make, needle = BAD[case]
    src = tmp_path / "bad.docx"
    src.write_bytes(make(tmp_path))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["translate", str(src), "-o", str(out), "--no-glossary", "--no-cache"])
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in result.output, result.output
    assert not out.exists() or not any(out.iterdir())


def _zip_text(path: Path, suffix: str) -> str:
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        return "".join("".join(etree.fromstring(zf.read(n)).itertext()) for n in zf.namelist() if n.endswith(suffix))


def test_a_manuscript_translates_end_to_end(book, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, doc, _ = book
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["translate", str(path), "-o", str(out), "--no-glossary", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    saved = Document.load(out / "рукопись.json")
    assert [(b.kind, b.source, b.chapter) for b in saved.blocks] == [(b.kind, b.source, b.chapter) for b in doc.blocks]
    (image,) = [b for b in saved.blocks if b.kind == "image"]
    assert saved.image_bytes(image.image) == tiny_png()
    only_letters = lambda s: "".join(ch for ch in s if ch.isalpha())  # noqa: E731 - markers, spaces differ
    epub = only_letters(_zip_text(out / "рукопись.epub", ".xhtml"))
    docx_xml = only_letters(_zip_text(out / "рукопись.docx", ".xml"))
    for block in doc.blocks:  # every Russian text is in both editions (notes and captions too)
        for line in block.source.split("\n"):
            assert only_letters(line) in epub and only_letters(line) in docx_xml, line
