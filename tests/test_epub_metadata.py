"""Title, people and rights in the EPUB: set them on the Metadata, render, read them back with
ebooklib; the cover (given or drawn) is a real image marked as the cover; no local path in any
edition; a title taken from the text is not printed twice."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from bookdocs import tiny_png
from docfixtures import make_block, sample_document
from ebooklib import epub
from epubcheck_util import epubcheck_errors
from lxml import etree

from bilingual.model import Document, GlossaryInfo, Image, Metadata, ModelInfo
from bilingual.render import RenderOptions, render_epub
from bilingual.render.common import colophon_lines, title_page, translation_note

NS = {"x": "http://www.w3.org/1999/xhtml", "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "epub": "http://www.idpf.org/2007/ops"}
DC = "http://purl.org/dc/elements/1.1/"


def _people_document() -> Document:
    doc = sample_document()
    meta = doc.meta
    meta.authors = ["Анна Иванова"]
    meta.translators = ["Jane Doe", "John Roe"]
    meta.source = "NEWS.ru, 9 October 2025"
    meta.publisher = "NEWS.ru"
    meta.rights = "© 2025 NEWS.ru; translation CC BY 4.0"
    meta.glossary = GlossaryInfo(path="/home/someone/private/ru-en.tsv", entries=454, title="News names",
                                 layers=["built-in (412 entries)", "project (42 entries)"])
    meta.source_file = "/home/someone/private/article.ru.txt"
    doc.images = [Image(id="front.png", media_type="image/png", data=tiny_png(60, 90))]
    meta.cover = "front.png"
    return doc


@pytest.fixture(scope="module")
def people_epub(tmp_path_factory) -> Path:
    return render_epub(_people_document(), tmp_path_factory.mktemp("meta") / "people.epub")


def _read(path: Path, name: str):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(f"EPUB/{name}"))


def test_people_and_rights_round_trip_through_ebooklib(people_epub):
    book = epub.read_epub(str(people_epub))
    values = {name: [v for v, _ in book.get_metadata("DC", name)] for name in
              ("creator", "contributor", "source", "publisher", "rights", "language", "title")}
    assert values["creator"] == ["Анна Иванова"]
    assert values["contributor"][:2] == ["Jane Doe", "John Roe"]
    assert values["contributor"][2] == "Argos Translate ru→en 1.9 (translate-ru_en 1.9) (machine translation)"
    assert values["source"] == ["NEWS.ru, 9 October 2025"]
    assert values["publisher"] == ["NEWS.ru"]
    assert values["rights"] == ["© 2025 NEWS.ru; translation CC BY 4.0"]
    assert values["language"] == ["en", "ru"]
    opf = _read(people_epub, "content.opf")
    roles = {m.get("refines"): m.text for m in opf.iterfind(".//opf:meta[@property='role']", NS)}
    ids = {el.text: el.get("id") for el in opf.iterfind(".//dc:contributor", NS)}
    assert roles[f"#{ids['Jane Doe']}"] == roles[f"#{ids['John Roe']}"] == "trl"
    assert f"#{ids[values['contributor'][2]]}" not in roles  # the engine is no translator (no trl role)
    assert all(m.get("scheme") == "marc:relators" for m in opf.iterfind(".//opf:meta[@property='role']", NS))


def test_the_given_cover_is_the_cover(people_epub):
    book = epub.read_epub(str(people_epub))
    opf = _read(people_epub, "content.opf")
    item = opf.xpath("//opf:item[@properties='cover-image']", namespaces=NS)
    assert len(item) == 1 and item[0].get("media-type") == "image/png"
    assert opf.xpath("//opf:meta[@name='cover']/@content", namespaces=NS) == [item[0].get("id")]
    assert book.get_item_with_id(item[0].get("id")).get_content() == tiny_png(60, 90)
    spine = [book.get_item_with_id(idref).file_name for idref, _ in book.spine]
    assert spine[0] == "cover.xhtml"
    page = _read(people_epub, "cover.xhtml")
    assert page.xpath("//x:img/@src", namespaces=NS) == [item[0].get("href")]
    assert page.xpath("//x:section/@epub:type", namespaces=NS) == ["cover"]
    nav = _read(people_epub, "nav.xhtml")
    assert nav.xpath("//x:nav[@epub:type='landmarks']//x:a[@epub:type='cover']/@href", namespaces=NS) == ["cover.xhtml"]


def test_a_cover_is_drawn_when_none_is_given(tmp_path):
    from PIL import Image as PILImage

    doc = sample_document()
    doc.meta.authors = ["Анна Иванова"]
    one = render_epub(doc, tmp_path / "one.epub")
    two = render_epub(doc, tmp_path / "two.epub")
    assert one.read_bytes() == two.read_bytes()  # deterministic, cover included
    opf = _read(one, "content.opf")
    href = opf.xpath("//opf:item[@properties='cover-image']/@href", namespaces=NS)[0]
    data = zipfile.ZipFile(one).read(f"EPUB/{href}")
    picture = PILImage.open(io.BytesIO(data))
    assert picture.format == "PNG" and picture.size == (1600, 2400)
    assert len(picture.convert("L").getcolors(256)) > 10  # text was drawn on it, not a blank page
    doc.meta.title_target = "A different title"
    other = render_epub(doc, tmp_path / "other.epub")
    assert zipfile.ZipFile(other).read(f"EPUB/{href}") != data  # the titles are on it


def test_a_lost_cover_picture_falls_back_to_a_drawn_one(tmp_path):
    doc = sample_document()
    doc.meta.cover = "no-such-image"
    path = render_epub(doc, tmp_path / "lost.epub")
    opf = _read(path, "content.opf")
    assert opf.xpath("//opf:item[@properties='cover-image']/@media-type", namespaces=NS) == ["image/png"]


def test_title_page_and_colophon_name_them(people_epub):
    article = _read(people_epub, "article.xhtml")
    header = article.xpath("//x:header[@class='title-block']", namespaces=NS)[0]
    lines = {p.get("class"): " ".join("".join(p.itertext()).split()) for p in header}
    assert lines["authors"] == "Анна Иванова"
    assert lines["translators"] == "Translated by Jane Doe, John Roe"
    assert lines["source"] == "Source: NEWS.ru, 9 October 2025"
    assert lines["publisher"] == "Published by NEWS.ru"
    assert lines["rights"] == "© 2025 NEWS.ru; translation CC BY 4.0"
    colophon = _read(people_epub, "colophon.xhtml")
    terms = {dt.text: dt.getnext().text for dt in colophon.iter(f"{{{NS['x']}}}dt")}
    assert terms["Translators"] == "Jane Doe, John Roe"
    assert terms["Author"] == "Анна Иванова"
    assert terms["Source"] == "NEWS.ru, 9 October 2025"
    assert terms["Publisher"] == "NEWS.ru"
    assert terms["Rights"] == "© 2025 NEWS.ru; translation CC BY 4.0"
    assert terms["Glossary"] == "News names, 454 entries — built-in (412 entries), project (42 entries)"


def test_no_local_path_anywhere(people_epub):
    with zipfile.ZipFile(people_epub) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            for secret in (b"/home/someone", b"article.ru.txt", b"ru-en.tsv"):
                assert secret not in data, (name, secret)


def test_common_lines_serve_both_editions():
    doc = _people_document()
    page = title_page(doc)
    assert (page.ru_title, page.en_title) == (doc.meta.title, doc.meta.title_target)
    assert page.translators == "Translated by Jane Doe, John Roe" and page.draft == "Draft: 1 sentence untranslated."
    labels = [label for label, _ in colophon_lines(doc)]
    assert labels[:4] == ["Title", "Author", "Translators", "Machine translation"]
    assert "Source file" not in labels
    assert "/home" not in translation_note(doc.meta) and "News names" in translation_note(doc.meta)
    doc.meta.model = ModelInfo(name="aligned", description="aligned with the published translation")
    assert translation_note(doc.meta).startswith("Existing translation by Jane Doe, John Roe aligned")


def _lead_document(first_kind: str) -> Document:
    lead = "Президент России Владимир Путин и лидер Азербайджана Ильхам Алиев встретились в Душанбе."
    blocks = [make_block(first_kind, [(lead.rstrip(".") if first_kind == "heading" else lead, "Putin and Aliyev met.")], level=1),
              make_block("paragraph", [("Переговоры длились полтора часа.", "The talks lasted an hour and a half.")])]
    meta = Metadata(title=lead.rstrip("."), title_target="Putin and Aliyev met", created="2025-10-10T08:30:00Z",
                    model=ModelInfo(name="m", version="1"))
    return Document(meta=meta, blocks=blocks)


@pytest.mark.parametrize("first_kind", ["paragraph", "heading"])
def test_a_title_taken_from_the_text_is_printed_once(tmp_path, first_kind):
    doc = _lead_document(first_kind)
    path = render_epub(doc, tmp_path / "lead.epub", RenderOptions("side-by-side", "sentence"))
    text = " ".join("".join(_read(path, "article.xhtml").itertext()).split())
    assert text.count("Путин и лидер Азербайджана") == 1
    assert not _read(path, "article.xhtml").xpath("//x:header/x:h1", namespaces=NS)
    book = epub.read_epub(str(path))
    assert [t for t, _ in book.get_metadata("DC", "title")] == ["Putin and Aliyev met", doc.meta.title]  # still the book's title


def test_a_title_of_its_own_is_printed(tmp_path):
    doc = _lead_document("paragraph")
    doc.meta.title = "Встреча в Душанбе"
    assert title_page(doc).ru_title == "Встреча в Душанбе"


@pytest.mark.slow
def test_people_epub_passes_epubcheck(people_epub):
    assert epubcheck_errors(people_epub, warnings=True) == []


@pytest.mark.slow
def test_every_metadata_edition_passes_epubcheck(tmp_path):
    docs = {"lead-paragraph": _lead_document("paragraph"), "lead-heading": _lead_document("heading")}
    lost = sample_document()
    lost.meta.cover = "no-such-image"
    drawn = sample_document()
    drawn.meta.authors = ["Анна Иванова"]
    docs.update(lost=lost, drawn=drawn)
    for name, doc in docs.items():
        path = render_epub(doc, tmp_path / f"{name}.epub", RenderOptions("side-by-side", "sentence"))
        assert epubcheck_errors(path, warnings=True) == [], name


def test_docx_title_page_and_core_properties_keep_publisher_and_rights(tmp_path):
    """The DOCX title page names the publisher; the core properties' comments (255 characters at
    most) keep source, publisher and rights before the long translation note, which is cut."""
    import docx

    from bilingual.render import render_docx

    doc = _people_document()
    path = render_docx(doc, tmp_path / "people.docx")
    word = docx.Document(str(path))
    first_page = [p.text for p in word.paragraphs[:12]]
    assert "Published by NEWS.ru" in first_page
    comments = word.core_properties.comments
    assert len(comments) <= 255
    assert "Source: NEWS.ru, 9 October 2025." in comments
    assert "Publisher: NEWS.ru." in comments
    assert "Rights: © 2025 NEWS.ru; translation CC BY 4.0." in comments
    assert comments.startswith("Translated by Jane Doe, John Roe.")


def test_creator_language_follows_the_script_and_app_xml_names_us(tmp_path):
    """A creator in Latin letters is not tagged Russian; the DOCX's app.xml names bilingual and
    the publisher, not the template's "Microsoft Macintosh Word"."""
    from bilingual.render import render_docx

    doc = _people_document()
    doc.meta.authors = ["Анна Иванова", "NEWS.ru staff"]
    opf = _read(render_epub(doc, tmp_path / "p.epub"), "content.opf")
    langs = {c.text: c.get("{http://www.w3.org/XML/1998/namespace}lang") for c in opf.iter(f"{{{DC}}}creator")}
    assert langs == {"Анна Иванова": "ru", "NEWS.ru staff": None}
    with zipfile.ZipFile(render_docx(doc, tmp_path / "p.docx")) as zf:
        app = etree.fromstring(zf.read("docProps/app.xml"))
    ns = {"e": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
    assert app.findtext("e:Application", namespaces=ns) == "bilingual"
    assert app.findtext("e:Company", namespaces=ns) == "NEWS.ru"
