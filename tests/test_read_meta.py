"""Title, people, rights and cover read from each source format's own metadata (issue 9): a
Markdown front matter, an EPUB's OPF, an FB2's description, a DOCX's core and custom properties.

The fixtures are built here (not in the shared ``fixtures_*`` helpers): each holds every field,
and each test reads it through :func:`bilingual.read.read_source` and checks
:class:`~bilingual.model.Metadata`, the cover's bytes in ``Document.images``, and that nothing
of the metadata is read as text to translate. The JSON round trip keeps every field.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from fixtures_epub import PNG, opf, write_epub, xhtml
from fixtures_fb2 import COVER_PNG, HREF, E, png_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from bilingual.errors import InputError
from bilingual.model import Document
from bilingual.read import read_source
from bilingual.read.front_matter import split_front_matter

FRONT = """---
title: Море и маяк
title_en: "The Sea: and the Lighthouse"
authors:
  - Иван Петров
  - Мария Сидорова
translator: Jane Roe; John Doe
source: NEWS.ru, 9 October 2025
publisher: Издательство «Маяк»
rights: © 2025 Иван Петров, CC BY 4.0
date: 2025-10-09
description: Рассказ о маяке.
cover: img/cover.png
---

# Заголовок статьи

Первый абзац текста. Второе предложение абзаца.
"""


def _texts(doc: Document) -> str:
    return "\n".join(b.source for b in doc.blocks)


def _md(folder: Path, text: str, name: str = "статья.md") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- Markdown
@pytest.fixture()
def md_folder(tmp_path: Path) -> Path:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "cover.png").write_bytes(COVER_PNG)
    return tmp_path


def test_front_matter_fills_every_field(md_folder: Path) -> None:
    result = read_source(_md(md_folder, FRONT))
    doc, meta = result.document, result.document.meta
    assert meta.title == "Море и маяк"
    assert (meta.title_target, meta.title_target_origin) == ("The Sea: and the Lighthouse", "human")
    assert meta.authors == ["Иван Петров", "Мария Сидорова"]
    assert meta.translators == ["Jane Roe", "John Doe"]
    assert meta.source == "NEWS.ru, 9 October 2025"
    assert meta.publisher == "Издательство «Маяк»"
    assert meta.rights == "© 2025 Иван Петров, CC BY 4.0"
    assert meta.date == "2025-10-09"
    assert meta.description == "Рассказ о маяке."
    assert meta.cover == "cover.png"
    assert doc.image_bytes(meta.cover) == COVER_PNG
    assert doc.image(meta.cover).media_type == "image/png"
    assert [(b.kind, b.source) for b in doc.blocks] == [
        ("heading", "Заголовок статьи"), ("paragraph", "Первый абзац текста. Второе предложение абзаца."),
    ]  # fmt: skip
    assert result.warnings == []


def test_front_matter_survives_the_json_round_trip(md_folder: Path) -> None:
    doc = read_source(_md(md_folder, FRONT)).document
    again = Document.from_json(doc.to_json())
    assert again.meta == doc.meta
    assert [im.id for im in again.images] == ["cover.png"]


def test_front_matter_that_is_not_yaml_is_read_line_by_line(tmp_path: Path) -> None:
    text = "---\ntitle: Да: нет\nавтор: Пётр Иванов\nПереводчик: 'Jane Roe'\nrights: CC0\n---\nТекст абзаца.\n"
    doc = read_source(_md(tmp_path, text)).document
    assert (doc.meta.title, doc.meta.authors, doc.meta.translators, doc.meta.rights) == (
        "Да: нет", ["Пётр Иванов"], ["Jane Roe"], "CC0",
    )  # fmt: skip
    assert _texts(doc) == "Текст абзаца."


def test_values_stay_text_as_written(tmp_path: Path) -> None:
    """BaseLoader: a year-like title is not a number, an impossible date no crash (a warning)."""
    result = read_source(_md(tmp_path, "---\ntitle: 1984\ndate: 2025-02-30\nauthor: yes\n---\nТекст.\n"))
    assert result.document.meta.title == "1984"
    assert result.document.meta.authors == ["yes"]
    assert result.document.meta.date is None
    assert any("2025-02-30" in w and "not a calendar date" in w for w in result.warnings)


def test_unknown_keys_are_named_once(tmp_path: Path) -> None:
    result = read_source(_md(tmp_path, "---\ntitle: Статья\nlayout: post\ntags: [a, b]\n---\nТекст.\n"))
    [warning] = result.warnings
    assert "layout, tags not used" in warning
    assert "layout" not in _texts(result.document)


@pytest.mark.parametrize(
    "text",
    [
        "---\nОн сказал: привет всем.\n---\nТекст абзаца.\n",  # a rule, a sentence, a rule
        "---\nПросто строка текста\n---\nТекст абзаца.\n",
    ],
)
def test_a_rule_over_a_paragraph_is_no_front_matter(tmp_path: Path, text: str) -> None:
    doc = read_source(_md(tmp_path, text)).document
    assert text.split("\n")[1] in _texts(doc)
    assert doc.meta.authors == []


def test_empty_front_matter_is_dropped(tmp_path: Path) -> None:
    doc = read_source(_md(tmp_path, "---\n---\nТекст абзаца.\n")).document
    assert _texts(doc) == "Текст абзаца."


def test_front_matter_in_a_txt_file_is_text(tmp_path: Path) -> None:
    """Only Markdown has front matter; a .txt file's lines are its text."""
    doc = read_source(_md(tmp_path, "---\nauthor: Пётр\n---\nТекст абзаца.\n", "статья.txt")).document
    assert doc.meta.authors == [] and "author: Пётр" in _texts(doc)


@pytest.mark.parametrize(
    ("cover", "says"),
    [
        ("https://example.org/c.png", "reads no network"),
        ("/etc/hostname", "inside the .md's folder"),
        ("../outside.png", "inside the .md's folder"),
        ("img/missing.png", "no such picture file"),
        ("img/not-a-picture.png", "not a JPEG, PNG"),
        ("img", "no such picture file"),
    ],
)
def test_a_cover_that_cannot_be_used_is_a_warning(md_folder: Path, cover: str, says: str) -> None:
    (md_folder / "img" / "not-a-picture.png").write_text("текст, не картинка")
    (md_folder.parent / "outside.png").write_bytes(PNG)
    result = read_source(_md(md_folder, f"---\ntitle: Статья\ncover: {cover}\n---\nТекст.\n"))
    assert result.document.meta.cover == "" and result.document.images == []
    [warning] = result.warnings
    assert f"cover {cover!r} left out" in warning and says in warning


def test_a_cover_symlink_leaving_the_folder_is_refused(md_folder: Path) -> None:
    (md_folder.parent / "secret.png").write_bytes(PNG)
    (md_folder / "img" / "link.png").symlink_to(md_folder.parent / "secret.png")
    result = read_source(_md(md_folder, "---\ncover: img/link.png\n---\nТекст.\n"))
    assert result.document.meta.cover == ""
    assert "inside the .md's folder" in result.warnings[0]


def test_yaml_aliases_cannot_blow_up(tmp_path: Path) -> None:
    """A billion-laughs front matter: names are capped, the read stays fast."""
    lines = ["---", "a: &a [Иван, Иван, Иван, Иван, Иван, Иван, Иван, Иван, Иван]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}" if i > 1 else "*a"] * 9) + "]")
    lines += ["authors: [*a8, *a8, *a8]", "---", "Текст абзаца."]
    began = time.perf_counter()
    doc = read_source(_md(tmp_path, "\n".join(lines) + "\n")).document
    assert time.perf_counter() - began < 2  # 55 s before the walk was bounded
    assert doc.meta.authors in ([], ["Иван"])


def test_front_matter_longer_than_the_cap_is_text(tmp_path: Path) -> None:
    from bilingual.read.front_matter import MAX_FRONT_MATTER

    text = "---\ntitle: Т\ndescription: " + "о" * MAX_FRONT_MATTER + "\n---\nТекст.\n"
    assert split_front_matter(text) is None


_KEY = st.sampled_from(["title", "title_en", "author", "authors", "translator", "source", "rights", "date", "x"])
_VALUE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_KEY, _VALUE), max_size=6), st.text(max_size=40))
def test_any_front_matter_reads_or_refuses_in_one_line(tmp_path: Path, pairs: list[tuple[str, str]], body: str) -> None:
    """Whatever the front matter holds: no traceback, the metadata is text, and when it is taken
    as front matter none of its lines is read as a block."""
    front = "\n".join(f"{k}: {v}" for k, v in pairs)
    text = f"---\n{front}\n---\nТекст абзаца. {body}\n"
    try:
        doc = read_source(_md(tmp_path, text)).document
    except InputError as err:
        assert "\n" not in str(err)
        return
    meta = doc.meta
    assert all(isinstance(v, str) for v in [meta.title, meta.title_target, meta.source, meta.rights])
    assert all(isinstance(v, str) and v for v in meta.authors + meta.translators)
    if split_front_matter(doc.meta.source_file and Path(doc.meta.source_file).read_text("utf-8")) is not None:
        assert not any(b.source.startswith("---") for b in doc.blocks)


# --------------------------------------------------------------------------- EPUB
def _epub3(path: Path, *, cover_in_spine: bool) -> Path:
    metadata = """    <dc:identifier id="bookid">urn:isbn:9785000000002</dc:identifier>
    <dc:title id="t1">Море и маяк</dc:title>
    <dc:title id="t2" xml:lang="en">The Sea and the Lighthouse</dc:title>
    <dc:creator id="c1">Иван Петров</dc:creator>
    <meta refines="#c1" property="role" scheme="marc:relators">aut</meta>
    <dc:contributor id="c2">Jane Roe</dc:contributor>
    <meta refines="#c2" property="role" scheme="marc:relators">trl</meta>
    <dc:contributor id="c3">Calibre</dc:contributor>
    <meta refines="#c3" property="role" scheme="marc:relators">bkp</meta>
    <dc:language>ru</dc:language>
    <dc:publisher>Издательство «Маяк»</dc:publisher>
    <dc:rights>© 2025 Иван Петров</dc:rights>
    <dc:source>NEWS.ru, 9 October 2025</dc:source>
    <meta property="dcterms:modified">2025-01-01T00:00:00Z</meta>"""
    manifest = [
        ("nav", "nav.xhtml", "application/xhtml+xml", "nav"),
        ("ch1", "text/ch1.xhtml", "application/xhtml+xml", ""),
        ("coverimg", "images/cover.png", "image/png", "cover-image"),
    ]
    spine = ["ch1"]
    files: dict[str, str | bytes] = {
        "OEBPS/nav.xhtml": xhtml('<nav epub:type="toc"><ol><li><a href="text/ch1.xhtml">Глава</a></li></ol></nav>'),
        "OEBPS/text/ch1.xhtml": xhtml("<h1>Глава первая</h1><p>Текст главы о маяке.</p>"),
        "OEBPS/images/cover.png": COVER_PNG,
    }
    if cover_in_spine:
        manifest.append(("cover", "text/cover.xhtml", "application/xhtml+xml", ""))
        files["OEBPS/text/cover.xhtml"] = xhtml('<img src="../images/cover.png" alt="Обложка"/>')
        spine.insert(0, "cover")
    files["OEBPS/content.opf"] = opf(manifest, spine, metadata)
    return write_epub(path, files)


def test_epub3_people_rights_source_and_a_cover_outside_the_spine(tmp_path: Path) -> None:
    doc = read_source(_epub3(tmp_path / "book.epub", cover_in_spine=False)).document
    meta = doc.meta
    assert meta.title == "Море и маяк"
    assert (meta.title_target, meta.title_target_origin) == ("The Sea and the Lighthouse", "human")
    assert meta.authors == ["Иван Петров"]
    assert meta.translators == ["Jane Roe"]  # the book producer (bkp) is no translator
    assert (meta.publisher, meta.rights, meta.source) == ("Издательство «Маяк»", "© 2025 Иван Петров", "NEWS.ru, 9 October 2025")
    assert meta.cover and doc.image_bytes(meta.cover) == COVER_PNG
    assert not any(b.kind == "image" for b in doc.blocks)  # not in the text: only the cover
    assert "Jane Roe" not in _texts(doc)
    again = Document.from_json(doc.to_json())
    assert again.meta == meta and again.image(meta.cover) is not None


def test_epub3_cover_page_in_the_spine_is_the_same_image(tmp_path: Path) -> None:
    doc = read_source(_epub3(tmp_path / "book.epub", cover_in_spine=True)).document
    [image_block] = [b for b in doc.blocks if b.kind == "image"]
    assert doc.meta.cover == image_block.image
    assert len(doc.images) == 1


def _epub2(path: Path, cover_meta: str) -> Path:
    metadata = f"""    <dc:identifier id="bookid">urn:uuid:1</dc:identifier>
    <dc:title>Книга</dc:title>
    <dc:creator opf:role="aut">Пётр Сидоров</dc:creator>
    <dc:creator opf:role="trl">John Doe</dc:creator>
    <dc:contributor opf:role="trl">Jane Roe</dc:contributor>
    <dc:language>ru</dc:language>
    <dc:rights>Все права защищены</dc:rights>
    {cover_meta}"""
    manifest = [
        ("ncx", "toc.ncx", "application/x-dtbncx+xml", ""),
        ("ch1", "ch1.xhtml", "application/xhtml+xml", ""),
        ("my-cover", "cover.png", "image/png", ""),
        ("pic", "pic.png", "image/png", ""),
    ]
    ncx = ('<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
           '<navMap><navPoint id="p1"><navLabel><text>Глава</text></navLabel><content src="ch1.xhtml"/></navPoint>'
           "</navMap></ncx>")  # fmt: skip
    return write_epub(path, {
        "OEBPS/content.opf": opf(manifest, ["ch1"], metadata, version="2.0", toc="ncx"),
        "OEBPS/toc.ncx": ncx,
        "OEBPS/ch1.xhtml": xhtml('<p>Текст главы.</p><p><img src="pic.png" alt="рисунок"/></p>'),
        "OEBPS/cover.png": COVER_PNG,
        "OEBPS/pic.png": PNG,
    })  # fmt: skip


@pytest.mark.parametrize("content", ["my-cover", "cover.png"])  # by id, as the spec says; by href, as some tools do
def test_epub2_meta_name_cover(tmp_path: Path, content: str) -> None:
    doc = read_source(_epub2(tmp_path / "book.epub", f'<meta name="cover" content="{content}"/>')).document
    assert doc.meta.authors == ["Пётр Сидоров"]
    assert doc.meta.translators == ["John Doe", "Jane Roe"]
    assert doc.meta.rights == "Все права защищены"
    assert doc.image_bytes(doc.meta.cover) == COVER_PNG
    [pic] = [b for b in doc.blocks if b.kind == "image"]
    assert pic.image != doc.meta.cover and doc.image_bytes(pic.image) == PNG


@pytest.mark.parametrize("cover_meta", ["", '<meta name="cover" content="nothing-such"/>'])
def test_epub_without_a_usable_cover_has_none(tmp_path: Path, cover_meta: str) -> None:
    result = read_source(_epub2(tmp_path / "book.epub", cover_meta))
    assert result.document.meta.cover == ""
    assert [im.id for im in result.document.images] == [b.image for b in result.document.blocks if b.kind == "image"]


def test_epub_creators_of_other_roles_are_authors_when_none_is_aut(tmp_path: Path) -> None:
    metadata = """    <dc:identifier id="bookid">x</dc:identifier><dc:title>Книга</dc:title>
    <dc:creator opf:role="edt">Редактор Один</dc:creator><dc:creator opf:role="trl">John Doe</dc:creator>"""
    path = write_epub(tmp_path / "b.epub", {
        "OEBPS/content.opf": opf([("ch1", "ch1.xhtml", "application/xhtml+xml", "")], ["ch1"], metadata),
        "OEBPS/ch1.xhtml": xhtml("<p>Текст главы.</p>"),
    })  # fmt: skip
    meta = read_source(path).document.meta
    assert (meta.authors, meta.translators) == (["Редактор Один"], ["John Doe"])


# --------------------------------------------------------------------------- FB2
def _person(tag: str, first: str, last: str) -> etree._Element:
    return E(tag, E("first-name", first), E("last-name", last))


def _fb2(path: Path, *, src_lang: str = "en", cover: str = "#cover.png") -> Path:
    image = E.image()
    image.set(HREF, cover)
    picture = E.image()
    picture.set(HREF, "#pic.png")
    root = E.FictionBook(
        E.description(
            E("title-info", _person("author", "Лев", "Толстой"), E("book-title", "Война и мир"),
              _person("translator", "Анна", "Переводчица"), E.coverpage(image), E.lang("ru"), E("src-lang", src_lang)),
            E("src-title-info", _person("author", "Leo", "Tolstoy"), E("book-title", "War and Peace"), E.lang(src_lang)),
            E("publish-info", E.publisher("Издательство «Книга»"), E.year("2001")),
        ),
        E.body(E.section(E.title(E.p("Глава первая")), E.p("Текст главы."), picture)),
        E.binary("".join(__import__("base64").b64encode(COVER_PNG).decode().split()), id="cover.png",
                 **{"content-type": "image/png"}),
        E.binary(__import__("base64").b64encode(png_bytes(2, 2, (1, 2, 3))).decode(), id="pic.png",
                 **{"content-type": "image/png"}),
    )  # fmt: skip
    path.write_bytes(etree.tostring(root, encoding="utf-8", xml_declaration=True))
    return path


def test_fb2_translator_publisher_cover_and_english_original(tmp_path: Path) -> None:
    doc = read_source(_fb2(tmp_path / "book.fb2")).document
    meta = doc.meta
    assert meta.title == "Война и мир"
    assert (meta.title_target, meta.title_target_origin) == ("War and Peace", "human")
    assert meta.authors == ["Лев Толстой"]  # title-info's, not the original's spelling
    assert meta.translators == ["Анна Переводчица"]
    assert meta.publisher == "Издательство «Книга»"
    assert doc.image_bytes(meta.cover) == COVER_PNG
    assert doc.blocks[0].kind == "image" and doc.blocks[0].image == meta.cover  # the cover opens the book
    assert "Переводчица" not in _texts(doc)


def test_fb2_original_in_another_language_gives_no_english_title(tmp_path: Path) -> None:
    meta = read_source(_fb2(tmp_path / "book.fb2", src_lang="fr")).document.meta
    assert (meta.title_target, meta.title_target_origin) == ("", "")


def test_fb2_cover_without_its_binary(tmp_path: Path) -> None:
    result = read_source(_fb2(tmp_path / "book.fb2", cover="#absent.png"))
    assert result.document.meta.cover == ""
    assert any("absent.png" in w for w in result.warnings)


# --------------------------------------------------------------------------- DOCX
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def _docx(path: Path, custom: dict[str, str] | None, *, author: str = "Иван Петров; Мария Сидорова",
          damaged: bool = False) -> Path:  # fmt: skip
    import docx
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    from bilingual.read.docx_meta import CUSTOM_PROPERTIES

    d = docx.Document()
    d.core_properties.title = "Море и маяк"
    d.core_properties.author = author
    d.add_paragraph("Текст рукописи о маяке.")
    if custom is not None:
        vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
        props = "".join(
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i + 2}" name="{name}">'
            f"<vt:lpwstr>{value}</vt:lpwstr></property>"
            for i, (name, value) in enumerate(custom.items())
        )
        blob = (f'<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/'
                f'officeDocument/2006/custom-properties" xmlns:vt="{vt}">{props}</Properties>')  # fmt: skip
        if damaged:
            blob = blob[:-20]
        part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_CT, blob.encode(), d.part.package)
        d.part.package.relate_to(part, CUSTOM_PROPERTIES)
    d.save(str(path))
    return path


def test_docx_core_and_custom_properties(tmp_path: Path) -> None:
    custom = {
        "Translator": "Jane Roe; John Doe", "Publisher": "Издательство «Маяк»", "Copyright": "© 2025",
        "Source": "NEWS.ru, 9 October 2025", "English title": "The Sea and the Lighthouse", "Project": "x",
    }  # fmt: skip
    path = _docx(tmp_path / "рукопись.docx", custom)
    with zipfile.ZipFile(path) as z:
        assert "docProps/custom.xml" in z.namelist()
    result = read_source(path)
    meta = result.document.meta
    assert meta.title == "Море и маяк"
    assert meta.authors == ["Иван Петров", "Мария Сидорова"]
    assert meta.translators == ["Jane Roe", "John Doe"]
    assert (meta.publisher, meta.rights, meta.source) == ("Издательство «Маяк»", "© 2025", "NEWS.ru, 9 October 2025")
    assert (meta.title_target, meta.title_target_origin) == ("The Sea and the Lighthouse", "human")
    assert _texts(result.document) == "Текст рукописи о маяке."


def test_docx_russian_custom_names_and_author_fallback(tmp_path: Path) -> None:
    path = _docx(tmp_path / "r.docx", {"Переводчик": "Анна Иванова", "Автор": "Пётр Сидоров"}, author="python-docx")
    meta = read_source(path).document.meta
    assert (meta.translators, meta.authors) == (["Анна Иванова"], ["Пётр Сидоров"])


def test_docx_without_custom_properties(tmp_path: Path) -> None:
    meta = read_source(_docx(tmp_path / "r.docx", None)).document.meta
    assert (meta.translators, meta.publisher, meta.rights, meta.source) == ([], "", "", "")


def test_docx_damaged_custom_properties_are_a_warning(tmp_path: Path) -> None:
    result = read_source(_docx(tmp_path / "r.docx", {"Translator": "Jane Roe"}, damaged=True))
    assert result.document.meta.translators == []
    assert any("custom properties" in w for w in result.warnings)
    assert result.document.meta.authors == ["Иван Петров", "Мария Сидорова"]


def test_elide_keeps_both_ends() -> None:
    from bilingual.read.common import elide

    long = "urn:uuid:" + "0" * 100 + "-tail"
    short = elide(long, 40)
    assert len(short) == 40 and short.startswith("urn:uuid:0") and short.endswith("-tail") and "…" in short
    assert elide("короткий  текст\nв две строки") == "короткий текст в две строки"


def test_a_long_cover_path_is_named_whole_enough(md_folder: Path) -> None:
    name = "img/" + "очень-длинное-имя-" * 4 + "обложка.png"
    result = read_source(_md(md_folder, f"---\ncover: {name}\n---\nТекст.\n"))
    [warning] = result.warnings
    assert "обложка.png" in warning and "…" in warning and "no such picture file" in warning


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_read_text_refuses_what_is_no_regular_file(tmp_path: Path, kind: str) -> None:
    """``read_text`` (the English side of 'bilingual align') never waits on a pipe or reads a
    device without end."""
    import os

    from bilingual.read import read_text

    if kind == "device":
        path = Path("/dev/zero")
    else:
        path = tmp_path / "pipe.txt"
        os.mkfifo(path)
    with pytest.raises(InputError, match="not a regular file"):
        read_text(path)


# --------------------------------------------------------------------------- HTML
PAGE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>Путин прилетел в Душанбе — NEWS.ru</title>
<meta property="og:site_name" content="NEWS.ru">
<meta property="article:published_time" content="2025-10-09T10:15:00+03:00">
<meta name="author" content="Игорь Смолин">
<meta name="copyright" content="© NEWS.ru, 2025">
</head><body><article><h1>Путин прилетел в Душанбе</h1>
<p>Президент России прибыл в Таджикистан с рабочим визитом. Его встретили в аэропорту.</p>
<p>Визит продлится два дня, сообщили в Кремле.</p></article></body></html>"""


def test_html_page_gives_the_citation_line_and_rights(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    meta = read_source(path).document.meta
    assert meta.source == "NEWS.ru, 9 October 2025"
    assert meta.rights == "© NEWS.ru, 2025"
    assert meta.authors == ["Игорь Смолин"] and meta.publisher == "NEWS.ru"


@pytest.mark.parametrize(
    ("site", "date", "line"),
    [("NEWS.ru", "2025-10-09", "NEWS.ru, 9 October 2025"), ("ТАСС", "2024-02", "ТАСС, February 2024"),
     ("РБК", "2023", "РБК, 2023"), ("РБК", None, "РБК"), ("", "2025-01-01", "")],
)  # fmt: skip
def test_citation(site: str, date: str | None, line: str) -> None:
    from bilingual.read.html_meta import citation

    assert citation(site, date) == line
