"""The EPUB's layouts survive every reader: side by side is one two-cell table per row with its
widths in the markup and a language on every cell; interleaved puts each English under its
Russian; "both" writes the two; the stylesheet leaves body text to the reader and uses no
grid, flex or media query."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docfixtures import sample_document
from epubcheck_util import epubcheck_errors
from lxml import etree

from bilingual.render import LAYOUTS, RenderOptions, render_document, render_epub
from bilingual.render.common import build_rows
from bilingual.render.epub_css import CSS

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
X = f"{{{NS['x']}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("layout")
    return {(lay, gran): render_epub(sample_document(), out / f"{lay}-{gran}.epub", RenderOptions(lay, gran))
            for lay in ("side-by-side", "interleaved") for gran in ("paragraph", "sentence")}


def _article(path: Path):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("EPUB/article.xhtml"))


def _lang(el) -> str | None:
    while el is not None:
        if el.get("lang"):
            assert el.get(XML_LANG) == el.get("lang")
            return el.get("lang")
        el = el.getparent()
    return None


@pytest.mark.parametrize("gran", ["paragraph", "sentence"])
def test_side_by_side_is_one_two_cell_table_per_row(editions, gran):
    root = _article(editions[("side-by-side", gran)])
    tables = root.xpath("//x:table", namespaces=NS)
    rows = [r for r in build_rows(sample_document(), gran)]
    assert len(tables) == len(rows) + 1  # one per row, and the column labels
    assert "langs" in tables[0].get("class").split()
    for table in tables:
        assert len(table.xpath(".//x:tr", namespaces=NS)) == 1  # never one table for many rows
        cols = table.findall("x:colgroup/x:col", NS)
        cells = table.findall("x:tbody/x:tr/x:td", NS)
        assert [c.get("style") for c in cols] == ["width: 50%"] * 2  # widths in the markup
        assert [c.get("style") for c in cells] == ["width: 50%"] * 2
        assert [(c.get("lang"), c.get(XML_LANG)) for c in cells] == [("ru", "ru"), ("en", "en")]
        assert not table.xpath(".//x:table", namespaces=NS)
    assert not root.xpath("//x:div[contains(@class, 'pair')]", namespaces=NS)


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_every_text_has_its_language_and_the_root_is_english(editions, layout):
    root = _article(editions[(layout, "sentence")])
    assert (root.get("lang"), root.get(XML_LANG)) == ("en", "en")
    for el in root.iter(X + "*"):
        for text, owner in ((el.text, el), (el.tail, el.getparent())):
            if text and CYRILLIC.search(text):
                assert _lang(owner) == "ru", text


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_markup_needs_no_stylesheet(editions, layout):
    """With the CSS removed the text reads in order: only the column widths are inline styles,
    no ``&shy;`` was injected, and each Russian text comes before its English."""
    path = editions[(layout, "paragraph")]
    raw = zipfile.ZipFile(path).read("EPUB/article.xhtml").decode()
    assert "\u00ad" not in raw and "&shy;" not in raw
    root = _article(path)
    styles = {el.get("style") for el in root.iter() if el.get("style")}
    assert styles <= {"width: 50%"}
    doc = sample_document()
    text = " ".join(" ".join(root.itertext()).split())
    at = 0
    for block in doc.blocks:
        for part in (block.text_sentences[0].source, block.text_sentences[0].target):
            if part:
                found = text.find(part, at)
                assert found >= 0, part
                at = found + len(part)


def test_interleaved_puts_each_english_under_its_russian(editions):
    root = _article(editions[("interleaved", "paragraph")])
    pairs = root.xpath("//x:section/x:div[contains(@class, 'pair')]", namespaces=NS)
    assert len(pairs) == len(sample_document().blocks)
    for pair in pairs:
        langs = [child.get("lang") for child in pair]
        assert langs in (["ru", "en"], ["ru"])  # an English missing in a draft is a marker, never an empty box
        assert all(child.get(XML_LANG) == child.get("lang") for child in pair)
    assert not root.xpath("//x:table", namespaces=NS)


def test_stacked_is_an_alias_of_interleaved(tmp_path, editions):
    assert "stacked" in LAYOUTS and "interleaved" in LAYOUTS
    old = render_epub(sample_document(), tmp_path / "old.epub", RenderOptions("stacked", "paragraph"))
    assert old.read_bytes() == editions[("interleaved", "paragraph")].read_bytes()


def test_both_writes_two_epubs_and_one_docx(tmp_path, editions):
    out = render_document(sample_document(), tmp_path, "art", options=RenderOptions(layout="both"))
    assert out == {"docx": tmp_path / "art.docx", "epub": tmp_path / "art.epub",
                   "epub-interleaved": tmp_path / "art.interleaved.epub"}
    assert out["epub"].read_bytes() == editions[("side-by-side", "paragraph")].read_bytes()
    assert out["epub-interleaved"].read_bytes() == editions[("interleaved", "paragraph")].read_bytes()
    only = render_document(sample_document(), tmp_path / "e", "art", formats=["epub"], options=RenderOptions(layout="both"))
    assert set(only) == {"epub", "epub-interleaved"}
    none = render_document(sample_document(), tmp_path / "d", "art", formats=["docx"], options=RenderOptions(layout="both"))
    assert set(none) == {"docx"}


@pytest.mark.slow
@pytest.mark.parametrize("variant", [(lay, gran) for lay in ("side-by-side", "interleaved") for gran in ("paragraph", "sentence")],
                         ids="-".join)
def test_layouts_pass_epubcheck(editions, variant):
    assert epubcheck_errors(editions[variant], warnings=True) == []


# --------------------------------------------------------------------------- the stylesheet


def _rules(css: str) -> list[tuple[list[str], dict[str, str]]]:
    """(selectors, declarations) of each rule; the stylesheet has no nested blocks (asserted)."""
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    body = re.sub(r"@charset[^;]*;", "", body)
    assert "@" not in body  # no @media, @supports, @font-face…
    rules = []
    for selectors, block in re.findall(r"([^{}]+)\{([^{}]*)\}", body):
        decls = {}
        for decl in block.split(";"):
            if decl.strip():
                name, _, value = decl.partition(":")
                decls[name.strip().lower()] = value.strip().lower()
        rules.append(([s.strip() for s in selectors.split(",")], decls))
    assert re.sub(r"([^{}]+)\{([^{}]*)\}", "", body).strip() == ""  # everything was a rule
    return rules


_HEADING_OR_TITLE = re.compile(r"^(h[1-6]|\.title-block( \S+)?)$")


def _check_css(css: str) -> None:
    """Body text at the reader's defaults; no colour, grid, flex, fixed em widths or hyphens."""
    rules = _rules(css)
    for selectors, decls in rules:
        assert "color" not in decls, selectors  # the English is marked by structure, not colour
        for prop in ("font-size", "line-height", "font-family", "font"):
            if prop in decls:
                assert all(_HEADING_OR_TITLE.match(s) for s in selectors), (selectors, prop)
        for prop, value in decls.items():
            assert "grid" not in value and "flex" not in value, (selectors, prop)
            if prop in ("width", "min-width", "max-width"):
                assert not value.endswith("em"), (selectors, prop)  # no fixed widths on text
            assert "hyphens" not in prop


def test_css_leaves_body_text_to_the_reader(editions):
    css = zipfile.ZipFile(editions[("side-by-side", "paragraph")]).read("EPUB/style.css").decode()
    assert css == CSS
    _check_css(css)
    rules = _rules(css)
    assert len(rules) > 30
    for pair in ("table.pair.heading", "div.pair.heading"):  # a heading's two languages stay on one page
        kept = [d for sels, d in rules if pair in sels and d.get("break-inside") == "avoid"]
        assert kept and kept[0].get("break-after") == "avoid", pair
    sized = [s for sels, d in rules if "font-size" in d for s in sels]
    assert set(sized) >= {"h1", "h2"} and all(d["font-size"].endswith("em") for _, d in rules if "font-size" in d)


@pytest.mark.parametrize("bad", ["p { font-size: 12pt; }", "td.en { color: #1f3864; }", "body { line-height: 1.45; }",
                                 "@media (min-width: 36em) { .pair { display: grid; } }", ".en { width: 20em; }",
                                 "div.pair { display: flex; }"])
def test_css_check_catches_a_body_text_rule(bad):
    with pytest.raises(AssertionError):
        _check_css(CSS + bad + "\n")


def test_the_docx_takes_interleaved_as_its_stacked_layout(tmp_path):
    def body(layout: str) -> bytes:
        out = render_document(sample_document(), tmp_path / layout, "a", formats=["docx"], options=RenderOptions(layout))
        return zipfile.ZipFile(out["docx"]).read("word/document.xml")

    assert body("interleaved") == body("stacked")
    assert body("both") == body("side-by-side") != body("stacked")


def test_the_two_editions_are_two_publications(editions):
    def uid(path: Path) -> tuple[str, str]:
        with zipfile.ZipFile(path) as zf:
            opf = etree.fromstring(zf.read("EPUB/content.opf"))
            ncx = etree.fromstring(zf.read("EPUB/toc.ncx"))
        ident = opf.find(".//{http://purl.org/dc/elements/1.1/}identifier").text
        meta = ncx.find(".//{http://www.daisy.org/z3986/2005/ncx/}meta[@name='dtb:uid']").get("content")
        return ident, meta

    side, inter = uid(editions[("side-by-side", "paragraph")]), uid(editions[("interleaved", "paragraph")])
    assert side[0] == side[1] and inter[0] == inter[1]  # the OPF and the NCX agree
    assert side[0] != inter[0] and inter[0].startswith("urn:uuid:")
    assert uid(editions[("interleaved", "sentence")]) == inter  # stable: the layout decides, not the granularity
