"""Sentence granularity shows the alignment: one row per link (an aligned 2:1 link, stored as
the whole English on the first Russian sentence and "" on the second — see
bilingual/align/store.py — is one row); paragraph starts are visible; a draft shows where
English is missing or to be checked, and the colophon counts them right."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docfixtures import make_block
from epubcheck_util import epubcheck_errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from bilingual.model import Block, Document, Metadata, ModelInfo, Sentence
from bilingual.render import RenderOptions, render_epub
from bilingual.render.common import build_rows, draft_counts, joined_sentences
from bilingual.render.epub_xhtml import MARKERS

NS = {"x": "http://www.w3.org/1999/xhtml"}
X = f"{{{NS['x']}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CYRILLIC = re.compile("[А-Яа-яЁё]")


def _aligned(pairs: list[tuple[str, str, float]], kind: str = "paragraph") -> Block:
    """A block of aligned sentences: (Russian, English, confidence)."""
    block = make_block(kind, [(ru, en) for ru, en, _ in pairs], origins=["aligned"] * len(pairs))
    for s, (_, _, conf) in zip(block.sentences, pairs):
        s.confidence = conf
    return block


def aligned_document() -> Document:
    """Block 0: a 2:1 link then a 1:1; block 1: a 1:0 (flagged); block 2 opens with the second
    sentence of a link that began in block 1 (a link across the paragraph boundary)."""
    blocks = [
        _aligned([("Первое предложение.", "The first and second sentences, merged.", 0.91),
                  ("Второе предложение.", "", 0.91),
                  ("Третье предложение.", "The third sentence.", 0.83)]),
        _aligned([("Пропущенное переводчиком.", "", 0.12),
                  ("Начало связи.", "A link that spans two paragraphs.", 0.77)]),
        _aligned([("Конец связи.", "", 0.77), ("Последнее.", "The last one.", 0.95)]),
    ]
    meta = Metadata(title="Выравнивание", title_target="Alignment", created="2025-10-10T08:30:00Z",
                    model=ModelInfo(name="aligned", description="aligned with a published translation"))
    return Document(meta=meta, blocks=blocks)


@pytest.fixture(scope="module")
def aligned_epubs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("aligned")
    return {lay: render_epub(aligned_document(), out / f"{lay}.epub", RenderOptions(lay, "sentence"))
            for lay in ("side-by-side", "interleaved")}


def _xml(path: Path, name: str = "article.xhtml"):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(f"EPUB/{name}"))


def _cells(path: Path) -> list[tuple[str, str, list[str]]]:
    """(Russian, English, classes) of each row of a side-by-side edition (labels left out)."""
    out = []
    for table in _xml(path).xpath("//x:table[not(contains(@class, 'langs'))]", namespaces=NS):
        ru, en = table.findall("x:tbody/x:tr/x:td", NS)
        out.append((" ".join("".join(ru.itertext()).split()), " ".join("".join(en.itertext()).split()), table.get("class").split()))
    return out


def test_joined_sentences_follow_the_store_format():
    doc = aligned_document()
    assert joined_sentences(doc) == {(0, 1), (2, 0)}
    counts = draft_counts(doc)
    assert (counts.sentences, counts.untranslated, counts.flagged, counts.joined) == (7, 1, 1, 2)


def test_one_row_per_link(aligned_epubs):
    rows = _cells(aligned_epubs["side-by-side"])
    assert [(ru, en) for ru, en, _ in rows] == [
        ("1 Первое предложение. Второе предложение.", "The first and second sentences, merged."),  # 2:1: one row
        ("Третье предложение.", "The third sentence."),
        ("2 Пропущенное переводчиком.", f"{MARKERS['gap']} {MARKERS['flag']}"),  # 1:0: says so, flagged
        ("Начало связи.", "A link that spans two paragraphs."),
        ("3 Конец связи.", MARKERS["joined"]),  # its English is in the row above: no gap
        ("Последнее.", "The last one."),
    ]
    assert len(build_rows(aligned_document(), "sentence")) == 6


def test_paragraph_starts_are_visible(aligned_epubs):
    rows = _cells(aligned_epubs["side-by-side"])
    assert [("para" in c, "cont" in c) for _, _, c in rows] == [
        (True, False), (False, True), (True, False), (False, True), (True, False), (False, True)]
    css = zipfile.ZipFile(aligned_epubs["side-by-side"]).read("EPUB/style.css").decode()
    assert re.search(r"table\.pair\.para \{ border-top: 2px solid", css)  # a stronger rule than between sentences
    numbers = _xml(aligned_epubs["interleaved"]).xpath("//x:span[@class='pno']/text()", namespaces=NS)
    assert numbers == ["1", "2", "3"]


def test_draft_is_marked_and_counted(aligned_epubs):
    for path in aligned_epubs.values():
        header = _xml(path).xpath("//x:header", namespaces=NS)[0]
        assert header.xpath("normalize-space(x:p[@class='draft'])", namespaces=NS) == "Draft: 1 sentence untranslated, 1 flagged for review."
        colophon = _xml(path, "colophon.xhtml")
        terms = {dt.text: dt.getnext().text for dt in colophon.iter(X + "dt")}
        assert terms["Sentences"] == "7; 0 edited by hand; 1 untranslated; 1 flagged for review; 2 translated together with the sentence before"


def test_untranslated_sides_make_no_empty_boxes(tmp_path):
    doc = Document(meta=Metadata(title="Т", title_target="T", created="2025-10-10T08:30:00Z"), blocks=[
        make_block("quote", [("«Цитата без перевода.»", "")]),
        make_block("caption", [("Подпись.", "")], credit=("Фото: автор", "")),
        make_block("list-item", [("Пункт.", "")]),
        make_block("paragraph", [("Переведено.", "Translated.")]),
    ])
    for layout in ("side-by-side", "interleaved"):
        root = _xml(render_epub(doc, tmp_path / f"{layout}.epub", RenderOptions(layout)))
        english = root.xpath("//*[@lang='en' and not(self::x:html) and not(ancestor::x:header) and not(ancestor::*[contains(@class, 'langs')])]",
                             namespaces=NS)
        assert not [e for e in english if e.xpath(".//x:blockquote | .//x:ul | .//x:div", namespaces=NS)
                    or e.tag in (X + "blockquote", X + "ul", X + "div")]
        gaps = root.xpath("//x:span[contains(@class, 'marker')]/text()", namespaces=NS)
        assert gaps == [MARKERS["gap"]] * 3


def test_a_finished_translation_shows_no_marker(tmp_path):
    doc = Document(meta=Metadata(title="Т", title_target="T", created="2025-10-10T08:30:00Z"),
                   blocks=[make_block("paragraph", [("Один.", "One."), ("Два.", "Two.")])])
    path = render_epub(doc, tmp_path / "done.epub", RenderOptions(granularity="sentence"))
    root = _xml(path)
    assert not root.xpath("//x:span[contains(@class, 'marker')] | //x:p[@class='draft']", namespaces=NS)


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_aligned_editions_pass_epubcheck(aligned_epubs, layout):
    assert epubcheck_errors(aligned_epubs[layout], warnings=True) == []


# --------------------------------------------------------------------------- properties

_text = st.text(alphabet=st.sampled_from(list("абвгд ЖЗ xyz.,&<>\"'\n\x00") + ["\ud800"]), max_size=25)
_english = st.text(alphabet=st.sampled_from(list("abc XYZ.,&<>\"'\n\x00") + ["\ud800"]), max_size=25)
_sentence = st.tuples(_text, _english, st.sampled_from(["", "machine", "aligned", "human"]), st.sampled_from([None, 0.2, 0.8]))
_block = st.tuples(st.sampled_from(["heading", "paragraph", "quote", "caption", "verse", "list-item", "epigraph"]),
                   st.lists(_sentence, min_size=1, max_size=4))


def _random_document(specs) -> Document:
    blocks = []
    for kind, sentences in specs:
        source, items = "", []
        for ru, en, origin, conf in sentences:
            ru = ru.replace("\n", " ") if kind != "verse" else ru
            start = len(source) + (1 if source else 0)
            source = f"{source} {ru}" if source else ru
            items.append(Sentence(start, start + len(ru), ru, en, origin=origin, confidence=conf))
        blocks.append(Block(kind, source, items, level=2 if kind == "heading" else 0))
    return Document(meta=Metadata(title="Книга", created="2025-10-10T08:30:00Z"), blocks=blocks)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(_block, min_size=1, max_size=6), layout=st.sampled_from(["side-by-side", "interleaved"]),
       gran=st.sampled_from(["paragraph", "sentence"]))
def test_any_text_gives_well_formed_rows_with_languages(tmp_path, specs, layout, gran):
    doc = _random_document(specs)
    path = render_epub(doc, tmp_path / "p.epub", RenderOptions(layout, gran))
    root = _xml(path)  # parses: well-formed XHTML
    rows = build_rows(doc, gran)
    if layout == "side-by-side":
        tables = root.xpath("//x:table[not(contains(@class, 'langs'))]", namespaces=NS)
        assert len(tables) == len(rows)
        for table in tables:
            cells = table.xpath(".//x:td", namespaces=NS)
            assert [(c.get("lang"), c.get(XML_LANG)) for c in cells] == [("ru", "ru"), ("en", "en")]
            assert len(table.xpath(".//x:tr", namespaces=NS)) == 1
    else:
        assert len(root.xpath("//x:div[contains(@class, 'pair')]", namespaces=NS)) == len(rows)
    for el in root.iter(X + "*"):
        for text, owner in ((el.text, el), (el.tail, el.getparent())):
            if text and CYRILLIC.search(text):
                lang = owner
                while lang is not None and not lang.get("lang"):
                    lang = lang.getparent()
                assert lang is not None and lang.get("lang") == "ru" and lang.get(XML_LANG) == "ru"
    gaps = root.xpath("//x:span[contains(@class, 'marker') and contains(@class, 'gap')]", namespaces=NS)
    assert bool(gaps) == any(r.missing for r in rows)  # a draft's gaps are shown, and only those
    assert draft_counts(doc).untranslated == sum(r.missing for r in rows)


@pytest.mark.slow
def test_draft_editions_pass_epubcheck(tmp_path):
    doc = Document(meta=Metadata(title="Т", title_target="T", created="2025-10-10T08:30:00Z"), blocks=[
        make_block("quote", [("«Цитата без перевода.»", "")]),
        make_block("caption", [("Подпись.", "")], credit=("Фото: автор", "")),
        make_block("list-item", [("Пункт.", "")]),
    ])
    for layout in ("side-by-side", "interleaved"):
        path = render_epub(doc, tmp_path / f"{layout}.epub", RenderOptions(layout, "sentence"))
        assert epubcheck_errors(path, warnings=True) == [], layout


@pytest.mark.slow
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(_block, min_size=1, max_size=6), layout=st.sampled_from(["side-by-side", "interleaved"]))
def test_any_draft_passes_epubcheck(tmp_path, specs, layout):
    path = render_epub(_random_document(specs), tmp_path / "p.epub", RenderOptions(layout, "sentence"))
    assert epubcheck_errors(path) == []
