"""EPUB 3 edition: reopen with ebooklib, zipfile and lxml; validate with EPUBCheck."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docfixtures import (
    NASTY,
    SAMPLE_HEADINGS,
    make_block,
    nasty_document,
    sample_document,
)
from ebooklib import epub
from epubcheck_util import epubcheck_errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from bilingual.errors import DocumentError, OutputError
from bilingual.model import Document, Metadata
from bilingual.render import (
    GRANULARITIES,
    LAYOUTS,
    RenderOptions,
    render_document,
    render_epub,
)
from bilingual.render.common import build_rows, clean_text, paragraph_numbers

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VARIANTS = [(layout, gran) for layout in LAYOUTS for gran in GRANULARITIES]


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """The sample article in every layout × granularity, plus the nasty document."""
    out = tmp_path_factory.mktemp("epub")
    paths = {
        (layout, gran): render_epub(sample_document(), out / f"{layout}-{gran}.epub", RenderOptions(layout, gran))
        for layout, gran in VARIANTS
    }
    paths[("nasty", "paragraph")] = render_epub(nasty_document(), out / "nasty.epub")
    return paths


@pytest.fixture
def sample(editions) -> Path:
    return editions[("side-by-side", "paragraph")]


def _xml(path: Path, name: str):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(f"EPUB/{name}"))


def _pair_elements(path: Path):
    """The rows: two-cell tables (side by side) or ``div.pair`` (interleaved), column labels left out."""
    return _xml(path, "article.xhtml").xpath(
        "//*[self::x:div or self::x:table][contains(@class,'pair') and not(contains(@class,'langs'))]", namespaces=NS)


def _sides(pair) -> list:
    """A row's sides: the two cells of a table, or the pair's children."""
    if pair.tag == f"{{{NS['x']}}}table":
        return pair.findall("x:tbody/x:tr/x:td", NS)
    return list(pair)


def _pairs(path: Path):
    return [_sides(p) for p in _pair_elements(path)]


def _side_text(el) -> str:
    return "\n".join(t.strip() for t in el.itertext() if t.strip())


# --------------------------------------------------------------------------- package structure


def test_spine_article_then_colophon(sample):
    book = epub.read_epub(str(sample))
    spine = [book.get_item_with_id(idref).file_name for idref, _linear in book.spine]
    assert spine == ["cover.xhtml", "article.xhtml", "colophon.xhtml"]
    assert book.get_item_with_id("nav").file_name == "nav.xhtml"


def test_zip_is_well_formed_and_deterministic(tmp_path, sample):
    with zipfile.ZipFile(sample) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert zf.read("mimetype") == b"application/epub+zip"
        assert {i.date_time for i in zf.infolist()} == {(2025, 10, 10, 8, 30, 0)}
    again = render_epub(sample_document(), tmp_path / "again.epub")
    assert again.read_bytes() == sample.read_bytes()


def test_metadata(sample):
    opf = _xml(sample, "content.opf")
    md = opf.find("opf:metadata", NS)
    titles = md.findall("dc:title", NS)
    assert [(t.text, t.get(XML_LANG)) for t in titles] == [
        ("Putin and Aliyev held talks in Dushanbe", "en"),
        ("Путин и Алиев провели переговоры в Душанбе", "ru"),
    ]
    assert [el.text for el in md.findall("dc:language", NS)] == ["en", "ru"]
    assert md.find("dc:date", NS).text == "2025-10-09"
    modified = md.xpath("opf:meta[@property='dcterms:modified']", namespaces=NS)
    assert [m.text for m in modified] == ["2025-10-10T08:30:00Z"]
    ident = md.find("dc:identifier", NS)
    assert opf.get("unique-identifier") == ident.get("id")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", ident.text)
    book = epub.read_epub(str(sample))
    assert book.get_metadata("DC", "identifier")[0][0] == ident.text


def test_identifier_stable_and_overridable(tmp_path, sample):
    doc = sample_document()
    doc.meta.created = "2025-11-01T00:00:00Z"  # a later run of the same article
    other = render_epub(doc, tmp_path / "later.epub")
    ids = [_xml(p, "content.opf").find(".//dc:identifier", NS).text for p in (sample, other)]
    assert ids[0] == ids[1]
    doc.meta.identifier = "urn:isbn:9780000000002"
    fixed = render_epub(doc, tmp_path / "fixed.epub")
    assert _xml(fixed, "content.opf").find(".//dc:identifier", NS).text == "urn:isbn:9780000000002"


# --------------------------------------------------------------------------- navigation


def test_nav_lists_headings_then_colophon(sample):
    nav = _xml(sample, "nav.xhtml")
    toc = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)[0]
    links = [(a.text, a.get("href")) for a in toc.iter(f"{{{NS['x']}}}a")]
    assert [text for text, _ in links] == [en for _, en in SAMPLE_HEADINGS] + ["Colophon"]
    article = _xml(sample, "article.xhtml")
    for text, href in links[:-1]:
        file, anchor = href.split("#")
        assert file == "article.xhtml"
        target = article.xpath(f"//*[@id='{anchor}']", namespaces=NS)[0]
        assert target.tag in (f"{{{NS['x']}}}h2",) and target.getparent().get("lang") == "ru"
    ncx = _xml(sample, "toc.ncx")
    labels = [t.text for t in ncx.iterfind(".//ncx:navPoint/ncx:navLabel/ncx:text", NS)]
    assert labels == [text for text, _ in links]


def test_nav_nests_deeper_headings(tmp_path):
    doc = sample_document()
    doc.blocks[6].level = 3  # second heading becomes a subsection of the first
    path = render_epub(doc, tmp_path / "nested.epub")
    toc = _xml(path, "nav.xhtml").xpath("//x:nav[@epub:type='toc']/x:ol", namespaces=NS)[0]
    top = [li.find("x:a", NS).text for li in toc.findall("x:li", NS)]
    assert top == [SAMPLE_HEADINGS[0][1], SAMPLE_HEADINGS[2][1], "Colophon"]
    inner = toc.findall("x:li", NS)[0].findall("x:ol/x:li/x:a", NS)
    assert [a.text for a in inner] == [SAMPLE_HEADINGS[1][1]]
    assert _xml(path, "article.xhtml").xpath("//x:td[@lang='ru']/x:h3", namespaces=NS)
    assert epubcheck_errors(path) == []


# --------------------------------------------------------------------------- content


def test_pairs_in_block_order_with_languages(sample):
    doc = sample_document()
    pairs = _pair_elements(sample)
    assert len(pairs) == len(doc.blocks)
    for pair, block in zip(pairs, doc.blocks):
        ru, en = _sides(pair)
        assert (ru.get("lang"), ru.get(XML_LANG), ru.get("class").split()[0]) == ("ru", "ru", "ru")
        assert (en.get("lang"), en.get(XML_LANG), en.get("class").split()[0]) == ("en", "en", "en")
        assert block.kind in pair.get("class").split()
        if block.credit is None:
            assert _side_text(ru) == block.source
            missing = sum(1 for x in block.sentences if not x.target)
            marker = {0: "", 1: "\n[1 sentence not translated]"}[missing] if block.target else "[not translated]"
            assert _side_text(en) == block.target + marker


def test_kinds_become_headings_quotes_captions(sample):
    article = _xml(sample, "article.xhtml")
    h2 = article.xpath("//x:table[contains(@class,'heading')]//x:td/x:h2", namespaces=NS)
    assert [h.text for h in h2] == [t for pair in SAMPLE_HEADINGS for t in pair]
    quotes = article.xpath("//x:table[contains(@class,'quote')]//x:td/x:blockquote", namespaces=NS)
    assert [q.getparent().get("lang") for q in quotes] == ["ru", "en", "ru", "en"]
    captions = article.xpath("//x:table[contains(@class,'pair caption')]", namespaces=NS)
    assert len(captions) == 2
    credits = captions[0].xpath(".//x:p[@class='credit']", namespaces=NS)
    assert [c.text for c in credits] == ["Фото: president.az", "Photo: president.az"]
    assert not captions[1].xpath(".//x:p[@class='credit']", namespaces=NS)
    css = zipfile.ZipFile(sample).read("EPUB/style.css").decode()
    assert re.search(r"\.caption \{[^}]*font-style: italic", css)
    assert re.search(r"\.credit \{[^}]*font-style: normal", css)


def test_title_block_and_untranslated_side(sample):
    article = _xml(sample, "article.xhtml")
    header = article.xpath("//x:header[@class='title-block']", namespaces=NS)[0]
    assert header.find("x:h1", NS).text == "Путин и Алиев провели переговоры в Душанбе"
    assert header.find("x:h1", NS).get("lang") == "ru"
    assert "Putin and Aliyev held talks in Dushanbe" in _side_text(header)
    assert header.xpath(".//x:time/@datetime", namespaces=NS) == ["2025-10-09"]
    assert "Glossary: 42 entries." in _side_text(header)
    assert "glossary/ru-en.tsv" not in _side_text(header)  # never a local path
    assert header.xpath("x:p[@class='draft']/x:strong", namespaces=NS)[0].text == "Draft: 1 sentence untranslated."
    raw = zipfile.ZipFile(sample).read("EPUB/article.xhtml").decode()
    assert ">None<" not in raw


def test_sentence_granularity_one_pair_per_sentence(editions):
    doc = sample_document()
    pairs = _pairs(editions[("side-by-side", "sentence")])
    assert len(pairs) == len(build_rows(doc, "sentence")) == len(doc.sentences())
    texts = [(_side_text(p[0]), _side_text(p[1])) for p in pairs]
    numbers = paragraph_numbers(build_rows(doc, "sentence"))
    expected = []
    for i, b in enumerate(doc.blocks):
        for k, s in enumerate(b.sentences):
            number = f"{numbers[i]}\n" if k == 0 and i in numbers else ""
            expected.append((number + s.source, s.target or "[not translated]"))
    assert texts == expected
    empty = [t for t in texts if t[1] == "[not translated]"]
    assert len(empty) == 1 and empty[0][0].startswith("Азербайджанский лидер")


@pytest.mark.parametrize("gran", GRANULARITIES)
def test_layout_classes(editions, gran):
    stacked = _xml(editions[("stacked", gran)], "article.xhtml")
    side = _xml(editions[("side-by-side", gran)], "article.xhtml")
    assert stacked.find("x:body", NS).get("class").split() == ["interleaved", gran]  # the older name
    assert side.find("x:body", NS).get("class").split() == ["side-by-side", gran]
    assert editions[("stacked", gran)].read_bytes() == editions[("interleaved", gran)].read_bytes()
    assert len(_pairs(editions[("stacked", gran)])) == len(_pairs(editions[("side-by-side", gran)]))
    assert not stacked.xpath("//x:table", namespaces=NS)
    assert {p.tag for p in _pair_elements(editions[("side-by-side", gran)])} == {f"{{{NS['x']}}}table"}


def test_colophon(sample):
    colophon = _xml(sample, "colophon.xhtml")
    text = _side_text(colophon)
    for expected in ("Argos Translate ru→en 1.9 (translate-ru_en 1.9)", "Glossary\n42 entries",
                     "2025-10-10 08:30 UTC", "bilingual 0.1.0", "9 October 2025",
                     "22; 1 edited by hand; 1 untranslated"):
        assert expected in text
    assert "glossary/" not in text and ".txt" not in text  # no local paths
    assert colophon.xpath("//x:section[@epub:type='backmatter colophon']", namespaces=NS)


# --------------------------------------------------------------------------- escaping


def test_clean_text_removes_only_what_xml_forbids():
    assert clean_text(NASTY) == "AT&T <b>bold</b>  "
    assert clean_text("a\tb\nc\r\nd\re") == "a\tb\nc\nd\ne"
    assert clean_text("\x7f\x85\u2028\U0001F600\ufffd") == "\x7f\x85\u2028\U0001F600\ufffd"
    assert clean_text(None) == "" and clean_text("") == ""
    assert clean_text("".join(map(chr, range(32)))) == "\t\n\n"


def test_nasty_text_is_escaped_and_cleaned(editions):
    path = editions[("nasty", "paragraph")]
    clean = clean_text(NASTY).strip()
    assert clean == "AT&T <b>bold</b>"
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith(".png"):
                continue
            data = zf.read(name)
            assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data), name
            assert "\ufffe".encode() not in data and "\uffff".encode() not in data
            etree.fromstring(data) if name.endswith((".xhtml", ".opf", ".ncx")) else None
        raw = zf.read("EPUB/article.xhtml").decode()
    assert "AT&amp;T &lt;b&gt;bold&lt;/b&gt;" in raw
    article = _xml(path, "article.xhtml")
    assert not article.xpath("//x:b", namespaces=NS)  # markup in text never becomes markup
    texts = [_side_text(p[0]) for p in _pairs(path)]
    assert texts[0] == f"Заголовок {clean}"
    assert texts[2] == f"«Цитата]]> {clean_text(NASTY)}»"
    nav = _xml(path, "nav.xhtml")
    assert f"Heading {clean}" in _side_text(nav)
    opf = _xml(path, "content.opf")
    assert opf.find(".//dc:title", NS).text == f"Title {clean}"


# --------------------------------------------------------------------------- EPUBCheck


@pytest.mark.slow
@pytest.mark.parametrize("variant", [*VARIANTS, ("nasty", "paragraph")], ids="-".join)
def test_epubcheck_no_errors(editions, variant):
    assert epubcheck_errors(editions[variant], warnings=True) == []


@pytest.mark.slow
def test_epubcheck_util_reports_a_broken_epub(tmp_path, sample):
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(sample) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "EPUB/article.xhtml":
                data = data.replace(b"<section", b"<section unknown-attr='1'", 1)
            dst.writestr(info, data)
    assert epubcheck_errors(broken)


# --------------------------------------------------------------------------- errors and atomicity


def test_empty_document_is_refused(tmp_path):
    with pytest.raises(DocumentError):
        render_epub(Document(meta=Metadata()), tmp_path / "x.epub")
    assert list(tmp_path.iterdir()) == []


def test_failed_render_keeps_earlier_edition(tmp_path, monkeypatch, sample):
    path = tmp_path / "a.epub"
    path.write_bytes(sample.read_bytes())

    def boom(*args, **kwargs):
        raise OutputError("disk full")

    monkeypatch.setattr("bilingual.render.epub._normalised_zip", boom)
    with pytest.raises(OutputError):
        render_epub(sample_document(), path)
    assert path.read_bytes() == sample.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["a.epub"]


def test_render_document_both_formats(tmp_path):
    out = render_document(sample_document(), tmp_path, "article")
    assert out == {"docx": tmp_path / "article.docx", "epub": tmp_path / "article.epub"}
    assert zipfile.ZipFile(out["epub"]).read("mimetype") == b"application/epub+zip"


# --------------------------------------------------------------------------- properties

_texts = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=()),  # anything, lone surrogates included
        st.sampled_from("\x00\x01\x0b\t\n\r&<>\"'\ufffe\uffff\ud800 ]]> абвАБВ"),
    ),
    max_size=60,
)
_kinds = st.sampled_from(["heading", "paragraph", "quote", "caption"])


def _doc(source: str, target: str, kind: str, credit: str = "") -> Document:
    block = make_block(kind, [(source, target)], level=2, credit=(credit, credit) if credit else None)
    return Document(meta=Metadata(title=source, title_target=target, date="2025-10-09"), blocks=[block])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=_texts, target=_texts, kind=_kinds, credit=_texts)
def test_any_text_gives_parseable_xhtml(tmp_path, source, target, kind, credit):
    path = render_epub(_doc(source, target, kind, credit), tmp_path / "p.epub")
    with zipfile.ZipFile(path) as zf:
        for name in ("EPUB/article.xhtml", "EPUB/nav.xhtml", "EPUB/content.opf", "EPUB/toc.ncx"):
            etree.fromstring(zf.read(name))  # raises on malformed XML
    ru, en = _pairs(path)[0]
    for side, text in ((ru, source), (en, target)):
        got = " ".join(side.xpath(".//text()[not(ancestor::x:span[contains(@class, 'marker')])]", namespaces=NS)).split()
        assert got == f"{clean_text(text)} {clean_text(credit)}".split()
    markers = en.xpath(".//x:span[contains(@class, 'marker')]", namespaces=NS)
    if clean_text(source).strip() and not clean_text(target).strip():  # a Russian text without English says so
        assert markers and "not translated" in markers[0].text
    if clean_text(target).strip() and clean_text(credit).strip() or not clean_text(source).strip():
        assert not markers  # fully translated, or nothing to translate: no marker


@pytest.mark.slow
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=_texts.filter(str.strip), target=_texts, kind=_kinds, credit=_texts)
def test_any_text_passes_epubcheck(tmp_path, source, target, kind, credit):
    path = render_epub(_doc(source, target, kind, credit), tmp_path / "p.epub")
    assert epubcheck_errors(path) == []
