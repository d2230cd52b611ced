"""DOCX edition: reopen with python-docx and check the real structure."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingual.errors import BilingualError, DocumentError, OutputError
from bilingual.model import Document, Metadata
from bilingual.render import RenderOptions, render_document, render_docx
from bilingual.render.common import clean_text
from docfixtures import NASTY, SAMPLE_HEADINGS, make_block, nasty_document, sample_document

W_LANG = qn("w:lang")


def _render(tmp_path: Path, doc: Document | None = None, **opts) -> docx.document.Document:
    path = render_docx(doc or sample_document(), tmp_path / "out.docx", RenderOptions(**opts))
    return docx.Document(str(path))


def _langs(paragraph) -> set[str]:
    return {lang.get(qn("w:val")) for lang in paragraph._p.iter(W_LANG)}


def _body_rows(word):
    return word.tables[0].rows[1:]


# --------------------------------------------------------------------------- table structure


def test_paragraph_rows_one_per_block_with_header(tmp_path):
    doc = sample_document()
    word = _render(tmp_path, doc)
    assert len(word.tables) == 1
    table = word.tables[0]
    assert len(table.rows) == 1 + len(doc.blocks)
    assert [c.text for c in table.rows[0].cells] == ["Русский", "English"]
    for row, block in zip(_body_rows(word), doc.blocks):
        left, right = (c.text for c in row.cells)
        if block.credit is None:
            assert left == block.source
            assert right == block.target
        else:  # caption: text, then the credit on its own line
            assert left.endswith("\n" + block.credit.source)
            assert right.endswith("\n" + block.credit.target)


def test_sentence_rows_one_per_sentence_headings_whole(tmp_path):
    doc = sample_document()
    word = _render(tmp_path, doc, granularity="sentence")
    expected = [(s.source, s.target) for b in doc.blocks for s in b.sentences]
    got = [tuple(c.text for c in row.cells) for row in _body_rows(word)]
    assert got == expected
    assert len(word.tables[0].rows) == 1 + len(doc.sentences())


def test_left_is_russian_right_is_english(tmp_path):
    word = _render(tmp_path)
    for row in _body_rows(word):
        left, right = row.cells
        assert re.search("[а-яё]", left.text, re.I)
        if right.text:
            assert not re.search("[а-яё]", right.text, re.I), right.text
            assert _langs(right.paragraphs[0]) == {"en-US"}
        assert _langs(left.paragraphs[0]) == {"ru-RU"}


def test_header_row_repeats_and_rows_do_not_split(tmp_path):
    word = _render(tmp_path)
    rows = word.tables[0].rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    for row in rows[1:]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is None
    for row in rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    # schema order inside w:trPr: cantSplit before tblHeader
    assert [el.tag for el in rows[0]._tr.trPr] == [qn("w:cantSplit"), qn("w:tblHeader")]


def test_untranslated_sentence_is_empty_not_none(tmp_path):
    doc = sample_document()
    word = _render(tmp_path, doc, granularity="sentence")
    untranslated = [row for row in _body_rows(word) if row.cells[1].text == ""]
    assert len(untranslated) == 1
    assert untranslated[0].cells[0].text.startswith("Азербайджанский лидер")
    xml = word.element.xml
    assert ">None<" not in xml


# --------------------------------------------------------------------------- styles of kinds


def test_headings_use_heading_styles_in_both_columns(tmp_path):
    doc = sample_document()
    doc.blocks[1].level = 3
    word = _render(tmp_path, doc)
    heads = [(i, b) for i, b in enumerate(doc.blocks) if b.kind == "heading"]
    rows = _body_rows(word)
    for i, block in heads:
        for cell in rows[i].cells:
            assert cell.paragraphs[0].style.name == f"Heading {block.level}"
    assert [tuple(rows[i].cells[k].text for k in (0, 1)) for i, _ in heads] == SAMPLE_HEADINGS
    body = [i for i, b in enumerate(doc.blocks) if b.kind == "paragraph"]
    assert all(rows[i].cells[0].paragraphs[0].style.name == "Normal" for i in body)


def test_captions_italic_with_credit_on_own_line(tmp_path):
    doc = sample_document()
    word = _render(tmp_path, doc)
    caption_rows = [_body_rows(word)[i] for i, b in enumerate(doc.blocks) if b.kind == "caption"]
    assert len(caption_rows) == 2
    with_credit, without = caption_rows
    for cell, credit in zip(with_credit.cells, ("Фото: president.az", "Photo: president.az")):
        text_p, credit_p = cell.paragraphs
        assert text_p.style.name == "Caption" and text_p.style.font.italic is True
        assert credit_p.text == credit
        assert credit_p.style.name == "Credit"
        assert credit_p.style.font.italic is False
        assert credit_p.style.font.size < text_p.style.font.size
    assert [len(c.paragraphs) for c in without.cells] == [1, 1]
    assert without.cells[0].paragraphs[0].style.name == "Caption"


def test_credit_gets_its_own_row_at_sentence_granularity(tmp_path):
    word = _render(tmp_path, granularity="sentence")
    credit_rows = [r for r in _body_rows(word) if r.cells[0].paragraphs[0].style.name == "Credit"]
    assert [[c.text for c in r.cells] for r in credit_rows] == [["Фото: president.az", "Photo: president.az"]]


def test_quotes_use_quote_style(tmp_path):
    doc = sample_document()
    word = _render(tmp_path, doc)
    quotes = [_body_rows(word)[i] for i, b in enumerate(doc.blocks) if b.kind == "quote"]
    assert len(quotes) == 2
    for row in quotes:
        for cell in row.cells:
            para = cell.paragraphs[0]
            assert para.style.name == "Quote"
            assert para.style.font.italic is True


# --------------------------------------------------------------------------- title, footer, properties


def test_title_block_above_table(tmp_path):
    word = _render(tmp_path)
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == "Путин и Алиев провели переговоры в Душанбе"
    assert word.paragraphs[0].style.name == "Title"
    assert _langs(word.paragraphs[0]) == {"ru-RU"}
    assert texts[1] == "Putin and Aliyev held talks in Dushanbe"
    assert _langs(word.paragraphs[1]) == {"en-US"}
    assert texts[2] == "9 октября 2025 г. · 9 October 2025"
    note = texts[3]
    assert "Argos Translate ru→en 1.9" in note and "translate-ru_en 1.9" in note
    assert "42 entries" in note and "glossary/" not in note and ".tsv" not in note  # no local path
    # the title block comes before the table in the body
    body = list(word.element.body)
    assert body.index(word.paragraphs[3]._p) < body.index(word.tables[0]._tbl)


def test_footer_has_page_field(tmp_path):
    word = _render(tmp_path)
    footer = word.sections[0].footer
    instr = [el.text.strip() for el in footer._element.iter(qn("w:instrText"))]
    assert instr == ["PAGE", "NUMPAGES"]
    kinds = [el.get(qn("w:fldCharType")) for el in footer._element.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"] * 2


def test_core_properties(tmp_path):
    word = _render(tmp_path)
    cp = word.core_properties
    assert cp.title == "Путин и Алиев провели переговоры в Душанбе / Putin and Aliyev held talks in Dushanbe"
    assert cp.language == "en-US"
    assert cp.created == datetime(2025, 10, 10, 8, 30, tzinfo=timezone.utc)
    assert "bilingual" in cp.keywords and cp.category == "Bilingual edition"
    assert cp.author == ""  # no author known: the program is not one
    assert cp.last_modified_by == "bilingual 0.1.0"
    assert cp.content_status == "Draft: 1 sentence untranslated"
    assert "Argos Translate ru→en 1.9" in cp.comments and "42 entries" in cp.comments
    assert cp.identifier.startswith("urn:uuid:")
    assert "python-docx" not in (cp.author + cp.last_modified_by + cp.comments)


def test_fonts_have_cyrillic_and_no_theme_fonts(tmp_path):
    word = _render(tmp_path)
    for name in ("Normal", "Heading 2", "Title"):
        rfonts = word.styles[name].element.rPr.rFonts
        assert not any(a.endswith("Theme") or a.endswith("theme") for a in rfonts.attrib), name
        assert rfonts.get(qn("w:hAnsi")) in ("Times New Roman", "Calibri")


def test_portrait_by_default_landscape_on_request(tmp_path):
    portrait = _render(tmp_path).sections[0]
    assert portrait.orientation == WD_ORIENT.PORTRAIT
    assert portrait.page_width < portrait.page_height
    landscape = _render(tmp_path, landscape=True).sections[0]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    assert landscape.page_width > landscape.page_height
    assert landscape.page_width == portrait.page_height
    # the columns follow the page: each half of the printable width
    word = _render(tmp_path, landscape=True)
    printable = landscape.page_width - landscape.left_margin - landscape.right_margin
    assert sum(c.width for c in word.tables[0].rows[1].cells) == pytest.approx(printable, abs=2)
    tblw = word.tables[0]._tbl.tblPr.find(qn("w:tblW"))
    assert tblw.get(qn("w:type")) == "dxa" and int(tblw.get(qn("w:w"))) == pytest.approx(printable / 635, abs=2)  # 635 EMU per twip


# --------------------------------------------------------------------------- stacked


@pytest.mark.parametrize("granularity", ["paragraph", "sentence"])
def test_stacked_puts_english_under_russian(tmp_path, granularity):
    doc = sample_document()
    word = _render(tmp_path, doc, layout="stacked", granularity=granularity)
    assert word.tables == []
    lead = doc.blocks[0]
    start = next(i for i, p in enumerate(word.paragraphs) if p.text.startswith(lead.sentences[0].source))
    body = word.paragraphs[start:]  # after the title block
    assert [p.text for p in word.paragraphs[:start]][-1] == "Draft: 1 sentence untranslated."
    texts = [p.text for p in body]
    if granularity == "paragraph":
        assert texts[:2] == [lead.source, lead.target]
    else:
        assert texts[:2] == [lead.sentences[0].source, lead.sentences[0].target]
    first_ru, first_en = body[:2]
    assert first_ru.paragraph_format.keep_with_next is True
    assert _langs(first_ru) == {"ru-RU"} and _langs(first_en) == {"en-US"}
    heading = texts.index(SAMPLE_HEADINGS[0][0])
    assert texts[heading + 1] == SAMPLE_HEADINGS[0][1]
    assert body[heading].style.name == body[heading + 1].style.name == "Heading 2"


# --------------------------------------------------------------------------- text safety, errors


def test_nasty_text_survives_minus_forbidden_chars(tmp_path):
    word = _render(tmp_path, nasty_document())
    cells = [c.text for row in word.tables[0].rows for c in row.cells]
    expected = clean_text(NASTY).strip()
    assert expected == "AT&T <b>bold</b>"
    assert f"Заголовок {expected}" in cells
    assert any("Ещё  «кавычки» 'single' \"double\"." in c for c in cells)
    assert word.paragraphs[0].text == f"Заглавие {expected}"


def test_invalid_options_raise_one_line_errors():
    for kwargs in ({"layout": "diagonal"}, {"granularity": "word"}, {"landscape": "yes"}):
        with pytest.raises(BilingualError) as err:
            RenderOptions(**kwargs)
        assert "\n" not in str(err.value)
        assert "use one of" in str(err.value) or "true or false" in str(err.value)


def test_empty_document_is_refused(tmp_path):
    with pytest.raises(DocumentError):
        render_docx(Document(meta=Metadata()), tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_failed_render_keeps_earlier_edition(tmp_path, monkeypatch):
    path = render_docx(sample_document(), tmp_path / "a.docx")
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OutputError("disk full")

    monkeypatch.setattr("bilingual.render.docx._core_properties", boom)
    with pytest.raises(OutputError):
        render_docx(sample_document(), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]  # no temp file left


def test_render_document_writes_requested_formats(tmp_path):
    out = render_document(sample_document(), tmp_path / "out", "article", formats=["docx"])
    assert out == {"docx": tmp_path / "out" / "article.docx"}
    assert docx.Document(str(out["docx"])).tables
    with pytest.raises(BilingualError, match="unknown format 'pdf'"):
        render_document(sample_document(), tmp_path, "x", formats=["docx", "pdf"])
    assert not (tmp_path / "x.docx").exists()  # checked before anything is written
    with pytest.raises(BilingualError):
        render_document(sample_document(), tmp_path, "../escape")


# --------------------------------------------------------------------------- property


_texts = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=()),  # anything, lone surrogates included
        st.sampled_from("\x00\x01\x0b\t\n\r&<>\"'\ufffe\uffff\ud800 абвАБВ"),
    ),
    max_size=60,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=_texts, target=_texts, kind=st.sampled_from(["heading", "paragraph", "quote", "caption"]))
def test_any_text_reopens_in_docx(tmp_path, source, target, kind):
    block = make_block(kind, [(source, target)], level=2)
    doc = Document(meta=Metadata(title=source, title_target=target), blocks=[block])
    word = _render(tmp_path, doc)
    left, right = word.tables[0].rows[1].cells
    assert left.text == clean_text(source).strip()
    assert right.text == clean_text(target).strip()


def test_importing_render_loads_no_heavy_library():
    import subprocess
    import sys

    code = "import sys, bilingual.render; print(sorted({'docx', 'ebooklib', 'lxml'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
