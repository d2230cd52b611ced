"""DOCX edition of a book: chapters, block kinds, inline marks, footnotes, pictures.

Every test reopens the written file (python-docx, lxml) and checks its real structure.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from bilingual.model import Block, Document, Mark, Metadata, Sentence
from bilingual.render import RenderOptions, render_docx
from bilingual.render.common import build_rows, note_numbers
from bookdocs import CHAPTER_TITLES, NOTE_TEXTS, book_document, long_book, tiny_png
from docfixtures import sample_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _render(tmp_path: Path, doc: Document | None = None, name: str = "book.docx", **opts):
    path = render_docx(doc or book_document(), tmp_path / name, RenderOptions(**opts))
    return path, docx.Document(str(path))


def _footnotes(word) -> etree._Element | None:
    rel = next((r for r in word.part.rels.values() if r.reltype == RT.FOOTNOTES), None)
    return None if rel is None else etree.fromstring(rel.target_part.blob)


def _footnote_texts(root) -> dict[str, list[tuple[str, set[str]]]]:
    """Footnote id → its paragraphs as (text, languages of its runs)."""
    out = {}
    for fn in root.iter(f"{W}footnote"):
        if fn.get(f"{W}type"):
            continue
        out[fn.get(f"{W}id")] = [
            ("".join(t.text or "" for t in p.iter(f"{W}t")).strip(), {x.get(f"{W}val") for x in p.iter(f"{W}lang")})
            for p in fn.iter(f"{W}p")
        ]
    return out


def _ref_ids(element) -> list[str]:
    return [r.get(qn("w:id")) for r in element.iter(qn("w:footnoteReference"))]


def _sup_numbers(paragraph) -> list[str]:
    """Texts of the superscript footnote-number runs (not real references) in ``paragraph``."""
    out = []
    for run in paragraph.runs:
        style = run._r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        if style is not None and style.get(qn("w:val")) == "FootnoteReference" and run.text:
            assert run.font.superscript is True
            out.append(run.text)
    return out


def _row(word, ru_start: str):
    """The (table, row) whose Russian cell starts with ``ru_start``."""
    for table in word.tables:
        for row in table.rows[1:]:
            if row.cells[0].text.startswith(ru_start):
                return row
    raise AssertionError(f"no row starting {ru_start!r}")


def _block_index(doc: Document, start: str) -> int:
    return next(i for i, b in enumerate(doc.blocks) if b.source.startswith(start))


# --------------------------------------------------------------------------- chapters


def test_one_table_per_chapter_each_after_a_page_break(tmp_path):
    _, word = _render(tmp_path)
    assert len(word.tables) == 3
    body = list(word.element.body)
    for k, table in enumerate(word.tables):
        head, first = table.rows[0], table.rows[1]
        assert [c.text for c in head.cells] == ["Русский", "English"]
        assert head._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
        assert [(c.paragraphs[0].style.name, c.text) for c in first.cells] == [
            ("Heading 1", CHAPTER_TITLES[k][0]), ("Heading 1", CHAPTER_TITLES[k][1])]
        before = body[body.index(table._tbl) - 1]
        breaks = before.findall(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}")
        assert (before.tag == qn("w:p") and len(breaks) == 1) == (k > 0)
    # exactly three page breaks in the body: before chapters 2 and 3, and before the colophon
    breaks = [p.getparent().getparent() for p in word.element.body.iter(qn("w:pageBreakBefore"))]
    assert len(breaks) == 3 and "".join(t.text for t in breaks[-1].iter(qn("w:t"))) == "About this edition"
    # the title block (with the authors) stays at the start
    assert [p.text for p in word.paragraphs[:3]] == ["Путешествие в Душанбе", "A Journey to Dushanbe", "Иван Петров"]


def test_heading_levels_follow_the_blocks(tmp_path):
    _, word = _render(tmp_path)
    heads = [(c.paragraphs[0].style.name, c.text) for t in word.tables for r in t.rows[1:] for c in r.cells[:1]
             if c.paragraphs[0].style.name.startswith("Heading")]
    assert heads == [("Heading 1", "Глава первая"), ("Heading 2", "Первая встреча"), ("Heading 3", "Подробности"),
                     ("Heading 1", "Глава вторая"), ("Heading 1", "Глава третья")]


def test_chapter_without_heading_row_is_titled_from_the_chapter(tmp_path):
    doc = book_document()
    del doc.blocks[_block_index(doc, "Глава вторая")]
    doc.chapters[1].title, doc.chapters[1].title_target = "Вторая глава (оглавление)", "Chapter 2 (contents)"
    _, word = _render(tmp_path, doc)
    first = word.tables[1].rows[1]
    assert [(c.paragraphs[0].style.name, c.text) for c in first.cells] == [
        ("Heading 1", "Вторая глава (оглавление)"), ("Heading 1", "Chapter 2 (contents)")]
    assert word.tables[1].rows[2].cells[0].text.startswith("Мороз и солнце")


def test_article_still_one_table_no_breaks_no_footnotes(tmp_path):
    _, word = _render(tmp_path, sample_document())
    assert len(word.tables) == 1
    assert word.element.body.find(f".//{qn('w:pageBreakBefore')}") is None
    assert _footnotes(word) is None
    assert word.core_properties.author == ""  # no authors known
    assert word.core_properties.last_modified_by == "bilingual 0.1.0"


# --------------------------------------------------------------------------- kinds


def test_block_kinds_have_their_named_styles(tmp_path):
    _, word = _render(tmp_path)
    expected = {
        "Всё проходит": ("Epigraph", WD_ALIGN_PARAGRAPH.RIGHT),
        "Царь Соломон": ("Attribution", WD_ALIGN_PARAGRAPH.RIGHT),
        "Вместо послесловия": ("Subtitle", WD_ALIGN_PARAGRAPH.CENTER),
        "Первый пункт": ("List Bullet", None),
        "Второй пункт": ("List Bullet", None),
        "Город": ("Table Cell", None),
        "«Мы договорились»": ("Quote", None),
        "* * *": ("Separator", WD_ALIGN_PARAGRAPH.CENTER),
        "Мороз и солнце": ("Verse", None),
    }
    for start, (style, align) in expected.items():
        for cell in _row(word, start).cells:
            para = cell.paragraphs[0]
            assert para.style.name == style, (start, para.style.name)
            assert para.style.type == 1  # a real paragraph style, defined in styles.xml
            if align is not None:
                assert para.style.paragraph_format.alignment == align
    styles = word.styles
    assert styles["Epigraph"].font.italic is True
    assert styles["Subtitle"].font.bold is True and styles["Subtitle"].font.italic is False
    assert styles["List Bullet"].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
    assert [c.text for c in _row(word, "* * *").cells] == ["* * *", "* * *"]


def test_verse_lines_are_line_breaks(tmp_path):
    doc = book_document()
    verse = doc.blocks[_block_index(doc, "Мороз")]
    _, word = _render(tmp_path, doc)
    left, right = _row(word, "Мороз").cells
    for cell, lines in ((left, verse.source.split("\n")), (right, [s.target for s in verse.sentences])):
        assert len(cell.paragraphs) == 1
        para = cell.paragraphs[0]
        assert len(para._p.findall(f".//{qn('w:br')}")) == 1
        assert para.text.rstrip("12").split("\n") == lines


def test_marks_on_russian_words_and_whole_block_on_both(tmp_path):
    _, word = _render(tmp_path)
    left, right = _row(word, "Президент прилетел").cells
    italic = [r.text for r in left.paragraphs[0].runs if r.italic]
    assert italic == ["вечером"]
    assert not any(r.italic for r in right.paragraphs[0].runs)
    left, right = _row(word, "Переговоры длились").cells
    for cell in (left, right):
        runs = [r for r in cell.paragraphs[0].runs if r.text]
        assert runs and all(r.bold for r in runs)
    plain = _row(word, "Конец книги").cells
    assert not any(r.bold or r.italic for c in plain for r in c.paragraphs[0].runs)


def test_every_run_has_its_language(tmp_path):
    _, word = _render(tmp_path)
    roots = [word.element.body, _footnotes(word)]
    for root in roots:
        for run in root.iter(qn("w:r")):
            if run.find(qn("w:t")) is not None or run.find(qn("w:footnoteReference")) is not None:
                assert run.find(f"{qn('w:rPr')}/{qn('w:lang')}") is not None, etree.tostring(run)


_words = st.lists(st.sampled_from(["мир", "дом", "река", "город", "ночь"]), min_size=1, max_size=8)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=_words, data=st.data())
def test_marked_spans_become_exactly_those_runs(tmp_path, words, data):
    text = " ".join(words)
    n = len(text)
    marks = []
    for kind in ("em", "strong", "code", "sup", "sub"):
        if data.draw(st.booleans(), label=f"has {kind}"):
            a = data.draw(st.integers(0, n - 1), label=f"{kind} start")
            b = data.draw(st.integers(a + 1, n), label=f"{kind} end")
            marks.append(Mark(a, b, kind))
    block = Block("paragraph", text, [Sentence(0, n, text, "EN", origin="machine")], marks=marks)
    _, word = _render(tmp_path, Document(meta=Metadata(title="Т"), blocks=[block]))
    runs = word.tables[0].rows[1].cells[0].paragraphs[0].runs
    assert "".join(r.text for r in runs) == text
    pos = 0
    for run in runs:
        span = range(pos, pos + len(run.text))
        covered = {m.kind for m in marks if m.start <= span.start and span.stop <= m.end}
        partly = {m.kind for m in marks if m.start < span.stop and span.start < m.end}
        assert covered == partly, "a run straddles a mark's edge"
        assert bool(run.italic) == ("em" in covered) and bool(run.bold) == ("strong" in covered)
        assert bool(run.font.superscript) == ("sup" in covered)
        assert bool(run.font.subscript) == ("sub" in covered and "sup" not in covered)
        assert (run.font.name == "Courier New") == ("code" in covered)
        pos = span.stop


# --------------------------------------------------------------------------- footnotes


def test_notes_are_real_footnotes_with_both_languages(tmp_path):
    path, word = _render(tmp_path)
    root = _footnotes(word)
    assert root is not None
    with zipfile.ZipFile(path) as z:
        types = z.read("[Content_Types].xml").decode()
        settings_xml = etree.fromstring(z.read("word/settings.xml"))
    assert 'PartName="/word/footnotes.xml"' in types and "wordprocessingml.footnotes+xml" in types
    specials = [(f.get(f"{W}type"), f.get(f"{W}id")) for f in root.iter(f"{W}footnote") if f.get(f"{W}type")]
    assert specials == [("separator", "-1"), ("continuationSeparator", "0")]
    assert [f.get(qn("w:id")) for f in settings_xml.iter(qn("w:footnote"))] == ["-1", "0"]
    notes = _footnote_texts(root)
    body = word.element.body
    assert _ref_ids(body) == ["1", "2"] and sorted(notes) == ["1", "2"]
    by_text = {ru: en for _, ru, en in NOTE_TEXTS}
    for paragraphs in notes.values():
        (ru, ru_langs), (en, en_langs) = paragraphs
        assert by_text[ru] == en and ru_langs == {"ru-RU"} and en_langs == {"en-US"}
    # the reference sits on the Russian side, right after "Душанбе", as a FootnoteReference run
    left, right = _row(word, "Президент прилетел").cells
    assert _ref_ids(left._tc) == ["1"] and _ref_ids(right._tc) == []
    runs = left.paragraphs[0]._p.findall(qn("w:r"))
    at = next(i for i, r in enumerate(runs) if r.find(qn("w:footnoteReference")) is not None)
    assert "".join(t.text for r in runs[:at] for t in r.iter(qn("w:t"))).endswith("в Душанбе")
    assert runs[at].find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == "FootnoteReference"
    assert word.styles["footnote reference"].font.superscript is True
    assert word.styles["footnote text"].element.get(qn("w:styleId")) == "FootnoteText"
    # a note is not a row of the table
    assert not any(c.text.startswith(NOTE_TEXTS[0][1]) for t in word.tables for r in t.rows for c in r.cells)


@pytest.mark.parametrize("layout", ["side-by-side", "stacked"])
@pytest.mark.parametrize("granularity", ["paragraph", "sentence"])
def test_english_numbers_follow_the_footnote_order(tmp_path, layout, granularity):
    doc = book_document()
    _, word = _render(tmp_path, doc, layout=layout, granularity=granularity)
    notes = _footnote_texts(_footnotes(word))
    # Word numbers footnotes in the order of their references in the document
    order = {notes[fid][0][0]: k + 1 for k, fid in enumerate(_ref_ids(word.element.body))}
    ids = {ru: nid for nid, ru, _ in NOTE_TEXTS}
    word_numbers = {ids[ru]: k for ru, k in order.items()}
    assert word_numbers == note_numbers(build_rows(doc, granularity)) == {"n1": 1, "n2": 2}
    english = []  # (number, its paragraph's text) for each English superscript number
    paragraphs = [p for t in word.tables for r in t.rows for c in r.cells[1:] for p in c.paragraphs] or word.paragraphs
    for para in paragraphs:
        if _langs_of(para) == {"en-US"}:
            english += [(int(number), para.text) for number in _sup_numbers(para)]
    assert [n for n, _ in english] == [1, 2]
    for number, text in english:
        assert ("in the evening." if number == word_numbers["n1"] else "lovely friend") in text


def _langs_of(paragraph) -> set[str]:
    return {x.get(qn("w:val")) for x in paragraph._p.iter(qn("w:lang"))}


def test_second_reference_is_a_number_and_missing_note_is_dropped(tmp_path):
    doc = book_document()
    quote = doc.blocks[_block_index(doc, "«Мы")]
    quote.marks = [Mark(0, 0, "noteref", "nX"), Mark(len(quote.source), len(quote.source), "noteref", "n1")]
    unreferenced = Block("note", "Сноска без ссылки.", [Sentence(0, 18, "Сноска без ссылки.", "A note nobody cites.")],
                         chapter=2, note_id="n9")
    doc.blocks.append(unreferenced)
    _, word = _render(tmp_path, doc)
    notes = _footnote_texts(_footnotes(word))
    assert sorted(notes) == ["1", "2"]  # still one footnote per cited note
    assert _ref_ids(word.element.body) == ["1", "2"]
    left, right = _row(word, "«Мы").cells
    assert _ref_ids(left._tc) == [] and _sup_numbers(left.paragraphs[0]) == ["1"]
    assert _sup_numbers(right.paragraphs[0]) == ["1"]
    # a note no reference points to stays in place, in the Note style
    row = _row(word, "Сноска без ссылки.")
    assert [c.paragraphs[0].style.name for c in row.cells] == ["Note", "Note"]
    assert row.cells[1].text == "A note nobody cites."


# --------------------------------------------------------------------------- images


def _pictures(element) -> list:
    return list(element.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline"))


@pytest.mark.parametrize("layout", ["side-by-side", "stacked"])
def test_image_is_an_inline_picture_with_alt_and_captions(tmp_path, layout):
    doc = book_document()
    _, word = _render(tmp_path, doc, layout=layout)
    pictures = _pictures(word.element.body)
    assert len(pictures) == 1
    inline = pictures[0]
    rid = next(inline.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")).get(qn("r:embed"))
    assert word.part.related_parts[rid].blob == doc.images[0].data
    descr = inline.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr").get("descr")
    assert descr == "Вид на город / A view of the city."
    section = word.sections[0]
    extent = inline.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    assert 0 < int(extent.get("cx")) <= section.page_width - section.left_margin - section.right_margin
    assert int(extent.get("cx")) * 30 == pytest.approx(int(extent.get("cy")) * 40, rel=0.01)  # aspect kept
    if layout == "side-by-side":
        row = next(r for t in word.tables for r in t.rows if _pictures(r._tr))
        tc = row._tr.findall(qn("w:tc"))
        assert len(tc) == 1 and tc[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")) == "2"
        paragraphs = row.cells[0].paragraphs
    else:
        k = next(i for i, p in enumerate(word.paragraphs) if _pictures(p._p))
        paragraphs = word.paragraphs[k:k + 4]
    assert paragraphs[0].style.name == "Picture"
    assert [(p.text, p.style.name) for p in paragraphs[1:4]] == [
        ("Вид на город.", "Caption"), ("A view of the city.", "Caption"), ("Фото: автор · Photo: the author", "Credit")]
    assert _langs_of(paragraphs[1]) == {"ru-RU"} and _langs_of(paragraphs[2]) == {"en-US"}


@pytest.mark.parametrize("data", [None, b"not an image at all", b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                                  tiny_png()[:30]])
def test_missing_or_unreadable_image_leaves_the_caption(tmp_path, data):
    doc = book_document()
    doc.images[0].data = data
    _, word = _render(tmp_path, doc)
    assert _pictures(word.element.body) == []
    left, right = _row(word, "Вид на город").cells
    assert (left.paragraphs[0].text, right.paragraphs[0].text) == ("Вид на город.", "A view of the city.")
    assert left.paragraphs[0].style.name == "Caption"
    assert [p.text for p in right.paragraphs] == ["A view of the city.", "Photo: the author"]


def test_image_from_the_json_folder_and_landscape(tmp_path):
    doc = book_document()
    (tmp_path / "img-1.png").write_bytes(tiny_png(4000, 300))  # wider than any page: shrunk to fit
    doc.images[0].data, doc.images[0].file, doc.base_dir = None, "img-1.png", tmp_path
    _, word = _render(tmp_path, doc, landscape=True)
    (inline,) = _pictures(word.element.body)
    section = word.sections[0]
    cx = int(inline.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent").get("cx"))
    printable = section.page_width - section.left_margin - section.right_margin
    assert printable * 0.9 < cx <= printable


# --------------------------------------------------------------------------- stacked, properties, scale


def test_stacked_book_breaks_pages_before_chapters(tmp_path):
    _, word = _render(tmp_path, layout="stacked")
    assert word.tables == []
    broken = [p for p in word.paragraphs if p.paragraph_format.page_break_before]
    assert [(p.text, p.style.name) for p in broken] == [("Глава вторая", "Heading 1"), ("Глава третья", "Heading 1"),
                                                        ("About this edition", "Colophon Heading")]
    texts = [p.text for p in word.paragraphs]
    k = texts.index("Первый пункт повестки.")
    assert [(word.paragraphs[k + i].style.name) for i in range(2)] == ["List Bullet", "List Continue"]
    assert texts.count("* * *") == 1
    assert _ref_ids(word.element.body) == ["1", "2"]
    epigraph = word.paragraphs[texts.index("Всё проходит, и это тоже пройдёт.")]
    assert epigraph.style.name == "Epigraph"


def test_core_properties_name_the_authors(tmp_path):
    doc = book_document()
    doc.meta.authors = ["Иван Петров", "Анна Смирнова"]
    _, word = _render(tmp_path, doc)
    cp = word.core_properties
    assert cp.author == "Иван Петров; Анна Смирнова"
    assert cp.last_modified_by == "bilingual 0.1.0"
    assert word.paragraphs[2].text == "Иван Петров, Анна Смирнова"


@pytest.mark.parametrize("layout", ["side-by-side", "stacked"])
def test_same_document_same_xml(tmp_path, layout):
    a, _ = _render(tmp_path, name="a.docx", layout=layout)
    b, _ = _render(tmp_path, name="b.docx", layout=layout)
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        assert za.namelist() == zb.namelist()
        for name in za.namelist():
            assert za.read(name) == zb.read(name), name


def test_long_book_renders(tmp_path):
    doc = long_book()
    start = time.perf_counter()
    _, word = _render(tmp_path, doc, granularity="sentence")
    seconds = time.perf_counter() - start
    assert len(word.tables) == 3
    assert len(word.tables[1].rows) > 2500
    assert _ref_ids(word.element.body) == ["1", "2"]
    assert seconds < 10, seconds


# --------------------------------------------------------------------------- LibreOffice


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("libreoffice") is None or shutil.which("pdftotext") is None,
                    reason="needs libreoffice and pdftotext")
def test_libreoffice_shows_the_footnotes(tmp_path):
    path, _ = _render(tmp_path)
    home = tmp_path / "lo-home"
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{home}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "book.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    assert len([p for p in pages if p.strip()]) == 4  # one page per chapter, then the colophon
    assert "About this edition" in pages[3] and "Machine translation:" in pages[3]
    for k, (ru, en) in enumerate(CHAPTER_TITLES):
        assert ru in pages[k] and en in pages[k]
    for k, (_, ru, en) in enumerate(NOTE_TEXTS):  # each footnote at the foot of its chapter's page
        page = pages[k]
        assert ru in page and en in page
        assert page.index(ru) > page.index(CHAPTER_TITLES[k][0])
