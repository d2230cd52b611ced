"""EPUB 3 edition of books: chapter files, splitting, notes, images, marks, navigation, metadata.

Every EPUB is reopened with zipfile + lxml (and ebooklib for the spine) and checked for
structure and text; EPUBCheck runs are marked slow.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bookdocs import CHAPTER_TITLES, NOTE_TEXTS, book_document, long_book, tiny_png
from docfixtures import make_block
from ebooklib import epub
from epubcheck_util import epubcheck_errors
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from bilingual.media import sniff_image_type
from bilingual.model import Block, Document, Mark, Metadata
from bilingual.render import GRANULARITIES, LAYOUTS, RenderOptions, render_epub
from bilingual.render.epub import MAX_FILE_BYTES
from bilingual.render.epub_files import pack
from bilingual.render.epub_xhtml import Context, E, inline

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/"}
X = f"{{{NS['x']}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VARIANTS = [(layout, gran) for layout in LAYOUTS for gran in GRANULARITIES]
CHAPTERS = ["ch01.xhtml", "ch02.xhtml", "ch03.xhtml"]


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """book_document() in every layout × granularity."""
    out = tmp_path_factory.mktemp("books")
    return {v: render_epub(book_document(), out / f"{'-'.join(v)}.epub", RenderOptions(*v)) for v in VARIANTS}


@pytest.fixture(scope="module")
def long_editions(tmp_path_factory) -> dict[str, Path]:
    """long_book() in both granularities."""
    out = tmp_path_factory.mktemp("long")
    return {g: render_epub(long_book(), out / f"long-{g}.epub", RenderOptions(granularity=g)) for g in GRANULARITIES}


@pytest.fixture
def book(books) -> Path:
    return books[("side-by-side", "paragraph")]


def _files(path: Path) -> dict[str, etree._Element]:
    """Every XHTML file of the package, parsed, by its name under EPUB/."""
    with zipfile.ZipFile(path) as zf:
        return {n[5:]: etree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith(".xhtml")}


def _xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(f"EPUB/{name}"))


def _spine(path: Path) -> list[str]:
    book = epub.read_epub(str(path))
    return [book.get_item_with_id(idref).file_name for idref, _ in book.spine]


def _resolve(files: dict, current: str, href: str):
    """The element ``href`` (``#id`` or ``file#id``) points at from ``current``, and its file."""
    name, _, frag = href.partition("#")
    name = name or current
    found = files[name].xpath("//*[@id=$i]", i=frag) if frag else [files[name]]
    assert len(found) == 1, (current, href)
    return found[0], name


def _text(el) -> str:
    return " ".join(" ".join(el.itertext()).split())


def _pair_elements(root, kind: str):
    """The rows of ``kind``: two-cell tables (side by side) or ``div.pair`` (interleaved)."""
    return root.xpath(f"//*[self::x:div or self::x:table][contains(concat(' ', @class, ' '), ' pair ') and "
                      f"contains(concat(' ', @class, ' '), ' {kind} ')]", namespaces=NS)


def _sides(pair) -> list:
    """A row's two sides: each cell's content element (a table), or the pair's children."""
    if pair.tag == X + "table":
        cells = pair.findall("x:tbody/x:tr/x:td", NS)
        assert len(cells) == 2 and [c.get("lang") for c in cells] == ["ru", "en"]
        return [c[0] if len(c) == 1 else c for c in cells]
    return list(pair)


def _pairs(root, kind: str):
    return [_sides(p) for p in _pair_elements(root, kind)]


def _lang(el) -> str | None:
    while el is not None:
        if el.get("lang"):
            assert el.get(XML_LANG) == el.get("lang")
            return el.get("lang")
        el = el.getparent()
    return None


# --------------------------------------------------------------------------- chapter files


@pytest.mark.parametrize("variant", VARIANTS, ids="-".join)
def test_one_spine_file_per_chapter(books, variant):
    path = books[variant]
    assert _spine(path) == ["cover.xhtml", *CHAPTERS, "colophon.xhtml"]
    files = _files(path)
    assert sorted(files) == sorted(["cover.xhtml", *CHAPTERS, "colophon.xhtml", "nav.xhtml"])
    layout = {"stacked": "interleaved", "both": "side-by-side"}.get(variant[0], variant[0])
    for name, (ru, en) in zip(CHAPTERS, CHAPTER_TITLES):
        h1 = _pairs(files[name], "heading")[0]
        assert [(h.tag, h.text, _lang(h)) for h in h1] == [(X + "h1", ru, "ru"), (X + "h1", en, "en")]
        assert files[name].find("x:body", NS).get("class").split() == [layout, variant[1]]
    headers = [n for n in CHAPTERS if files[n].xpath("//x:header[@class='title-block']", namespaces=NS)]
    assert headers == ["ch01.xhtml"]
    header = files["ch01.xhtml"].xpath("//x:header", namespaces=NS)[0]
    assert [_text(p) for p in header] == ["Путешествие в Душанбе", "A Journey to Dushanbe", "Иван Петров",
                                          "9 октября 2025 г. · 9 October 2025", "Source: urn:isbn:9785000000000",
                                          "Published by Издательство «Пример»", header[-1].text]
    assert header[-1].text.startswith("Machine translation: TEST DOUBLE")
    assert "glossary/" not in header[-1].text and "journey.fb2" not in _text(header)  # no local paths
    first = files["ch01.xhtml"].xpath("//x:section[@epub:type='bodymatter chapter']/*", namespaces=NS)
    assert first[0].tag == X + "header"  # the title block opens the first chapter


def test_every_text_element_has_its_language(book):
    cyrillic = re.compile("[А-Яа-яЁё]")
    for name, root in _files(book).items():
        for el in root.iter(X + "*"):
            for text, owner in ((el.text, el), (el.tail, el.getparent())):
                if text and cyrillic.search(text):
                    assert _lang(owner) == "ru", (name, text)
        for table in root.xpath("//x:table[contains(@class,'pair')]", namespaces=NS):
            cells = table.findall("x:tbody/x:tr/x:td", NS)
            assert [(c.get("lang"), c.get(XML_LANG)) for c in cells] == [("ru", "ru"), ("en", "en")], name
        assert not root.xpath("//x:div[contains(@class,'pair')]", namespaces=NS)  # side by side: tables only


def test_block_kinds(book):
    files = _files(book)
    ch1, ch2, ch3 = (files[n] for n in CHAPTERS)
    epigraph = _pairs(ch1, "epigraph")[0]
    assert [(q.tag, q.get(f"{{{NS['epub']}}}type")) for q in epigraph] == [(X + "blockquote", "epigraph")] * 2
    attribution = _pairs(ch1, "attribution")[0]
    assert [_text(s) for s in attribution] == ["Царь Соломон", "King Solomon"]  # no dash added
    items = _pairs(ch1, "list-item")
    assert [[_text(li) for li in side.iterfind("x:li", NS)] for p in items for side in p] == [
        ["Первый пункт повестки."], ["The first item on the agenda."],
        ["Второй пункт повестки."], ["The second item on the agenda."]]
    assert all(side.tag == X + "ul" for p in items for side in p)  # a bullet even with CSS off
    assert [_text(s) for s in _pairs(ch2, "quote")[0] if s.tag == X + "blockquote"] == [
        "«Мы договорились», — сказал министр.", "“We have agreed,” the minister said."]
    assert len(ch2.xpath("//x:hr[@class='separator']", namespaces=NS)) == 1
    assert [[_text(s) for s in p] for p in _pairs(ch2, "table-cell")] == [["Город", "City"], ["Население", "Population"]]
    subtitle = _pairs(ch3, "subtitle")[0]
    assert [(s.tag, _text(s)) for s in subtitle] == [(X + "p", "Вместо послесловия"), (X + "p", "Instead of an afterword")]
    css = zipfile.ZipFile(book).read("EPUB/style.css").decode()
    assert re.search(r"\.epigraph blockquote \{[^}]*text-align: right", css)
    assert re.search(r"\.attribution p \{[^}]*text-align: right", css)
    assert re.search(r"\.subtitle p \{[^}]*text-align: center; font-weight: bold", css)
    for root in files.values():  # notes are not rendered inline
        assert not _pairs(root, "note")


@pytest.mark.parametrize("gran", GRANULARITIES)
def test_verse_keeps_its_lines(books, gran):
    ch2 = _xml(books[("stacked", gran)], "ch02.xhtml")
    elements = _pair_elements(ch2, "verse")
    pairs = [_sides(p) for p in elements]
    sides = [[], []]
    for pair in pairs:
        for k, side in enumerate(pair):
            text = side.text or ""
            for child in side:
                if child.get("class") == "pno":  # the paragraph number (sentence granularity)
                    assert gran == "sentence" and child.text.isdigit() and child.tail.startswith(" ")
                    text += child.tail[1:]
                    continue
                text += "\n" if child.tag == X + "br" else ""
                text += child.tail or ""
            sides[k] += text.split("\n")
    assert sides == [["Мороз и солнце; день чудесный!", "Ещё ты дремлешь, друг прелестный"],
                     ["Frost and sun; a wonderful day!", "You are still dozing, lovely friend"]]
    assert len(pairs) == (1 if gran == "paragraph" else 2)
    if gran == "sentence":
        assert "cont" in elements[1].get("class").split()


def test_marks_on_the_russian_side(book):
    ch1 = _xml(book, "ch01.xhtml")
    ru, en = _pairs(ch1, "paragraph")[0]
    assert [e.text for e in ru.iter(X + "em")] == ["вечером"]
    assert not list(en.iter(X + "em"))  # a word's mark cannot be placed in the English
    assert (ru.text, ru[0].tail, ru[1].tail) == ("Президент прилетел в Душанбе", " ", ". Его встречали министры.")
    ru, en = _pairs(ch1, "paragraph")[1]
    assert [s.text for s in ru.iter(X + "strong")] == ["Переговоры длились три часа."]
    assert [s.text for s in en.iter(X + "strong")] == ["The talks lasted three hours."]  # whole block: both sides


# --------------------------------------------------------------------------- notes


@pytest.mark.parametrize("variant", VARIANTS, ids="-".join)
def test_noterefs_resolve_to_footnotes_both_ways(books, variant):
    files = _files(books[variant])
    seen = {}
    for name, root in files.items():
        for a in root.xpath("//x:a[@epub:type='noteref']", namespaces=NS):
            assert a.getparent().tag == X + "sup" and a.get("href").startswith("#fn-")
            aside, where = _resolve(files, name, a.get("href"))
            assert where == name and aside.tag == X + "aside"
            assert aside.get(f"{{{NS['epub']}}}type") == "footnote"
            assert a.text == aside.get("id")[3:]
            seen.setdefault(a.text, []).append((name, _lang(a)))
    assert seen == {"1": [("ch01.xhtml", "ru"), ("ch01.xhtml", "en")], "2": [("ch02.xhtml", "ru"), ("ch02.xhtml", "en")]}
    for number, (note_id, ru_text, en_text) in enumerate(NOTE_TEXTS, 1):
        name = CHAPTERS[number - 1]
        aside = files[name].xpath("//x:aside[@id=$i]", i=f"fn-{number}", namespaces=NS)[0]
        ru, en = aside
        assert (_lang(ru), _lang(en)) == ("ru", "en")
        assert _text(ru) == f"{number} {ru_text}" and _text(en) == en_text
        back = ru.find("x:a", NS)
        ref, where = _resolve(files, name, back.get("href"))
        assert where == name and ref.get(f"{{{NS['epub']}}}type") == "noteref" and _lang(ref) == "ru"
        last = files[name].xpath("//x:section[@epub:type='bodymatter chapter']/*", namespaces=NS)[-1]
        assert aside.getparent() is last  # at the end of the chapter


def test_note_references_sit_where_the_marks_are(book):
    ch1 = _xml(book, "ch01.xhtml")
    ru, en = _pairs(ch1, "paragraph")[0]
    assert ru.text.endswith("Душанбе") and ru[0].tag == X + "sup"  # right after the marked word
    assert en.text == "The president flew into Dushanbe in the evening." and en[0].tag == X + "sup"


def test_unreferenced_and_dangling_notes(tmp_path):
    doc = book_document()
    last = doc.blocks[-1]
    last.marks = [Mark(0, 0, "noteref", "no-such-note")]
    doc.blocks.append(Block("note", "Примечание без ссылки.", make_block("note", [("Примечание без ссылки.", "A note nobody cites.")]).sentences,
                            chapter=2, note_id="n3"))
    doc.blocks.append(Block("note", "Примечание без имени.", chapter=2))
    path = render_epub(doc, tmp_path / "notes.epub")
    ch3 = _xml(path, "ch03.xhtml")
    asides = ch3.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)
    assert [(a.get("id"), _text(a)) for a in asides] == [
        ("fn-3", "3 Примечание без ссылки. A note nobody cites."), ("fn-4", "4 Примечание без имени. [not translated]")]
    assert not ch3.xpath("//x:aside/x:p/x:a", namespaces=NS)  # no back link: nothing refers to them
    assert not ch3.xpath("//x:a[@epub:type='noteref']", namespaces=NS)  # the dangling reference gives no dead link
    assert " ".join(_text(s) for s in _pairs(ch3, "paragraph")[0]) == "Конец книги. The end of the book."


# --------------------------------------------------------------------------- long chapters


@pytest.mark.parametrize("gran", GRANULARITIES)
def test_long_chapter_is_split_below_the_limit(long_editions, gran):
    path = long_editions[gran]
    spine = _spine(path)
    parts = [n for n in spine if n.startswith("ch02")]
    assert len(parts) >= 2 and parts == ["ch02.xhtml", *(f"ch02-part{k}.xhtml" for k in range(2, len(parts) + 1))]
    assert spine == ["cover.xhtml", "ch01.xhtml", *parts, "ch03.xhtml", "colophon.xhtml"]
    with zipfile.ZipFile(path) as zf:
        sizes = {i.filename: i.file_size for i in zf.infolist() if i.filename.endswith(".xhtml")}
    assert max(sizes.values()) <= MAX_FILE_BYTES
    files = _files(path)
    numbers = [int(m) for n in parts for p in _pairs(files[n], "paragraph")
               for m in re.findall(r"^(?:\d+ )?Это абзац номер (\d+),", _text(p[0]))]
    assert numbers == list(range(2500))  # every paragraph once, in order
    english = [p[1] for n in parts for p in _pairs(files[n], "paragraph")]
    assert [_text(e) for e in english] == [f"This is paragraph number {i}, about talks and meetings." for i in range(2500)]
    refs = files["ch02.xhtml"].xpath("//x:a[@epub:type='noteref']", namespaces=NS)
    assert refs and all(a.get("href") == f"{parts[-1]}#fn-2" for a in refs)  # across files
    aside, where = _resolve(files, "ch02.xhtml", refs[0].get("href"))
    assert where == parts[-1] and aside.tag == X + "aside"
    ref, where = _resolve(files, parts[-1], aside.find("x:p/x:a", NS).get("href"))
    assert where == "ch02.xhtml" and ref is not None
    for name in parts:  # a part never ends with a heading
        pairs = files[name].xpath("//x:section/x:table[contains(@class,'pair')]", namespaces=NS)
        assert "heading" not in pairs[-1].get("class").split()


def test_long_article_parts_keep_the_article_name(tmp_path):
    text = "Абзац {} о переговорах и встречах в Душанбе."
    blocks = [make_block("paragraph", [(text.format(i), f"Paragraph {i}.")]) for i in range(3000)]
    doc = Document(meta=Metadata(title="Статья", title_target="Article", created="2025-10-10T08:00:00Z"), blocks=blocks)
    path = render_epub(doc, tmp_path / "long.epub")
    spine = _spine(path)
    assert spine[1] == "article.xhtml" and spine[2] == "article-part2.xhtml" and spine[-1] == "colophon.xhtml"
    with zipfile.ZipFile(path) as zf:
        assert max(i.file_size for i in zf.infolist() if i.filename.endswith(".xhtml")) <= MAX_FILE_BYTES


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.integers(1, 300), max_size=40), heads=st.lists(st.booleans(), min_size=40, max_size=40),
       budget=st.integers(1, 600))
def test_pack_keeps_order_and_budget(sizes, heads, budget):
    parts = pack(sizes, heads[: len(sizes)], budget)
    assert [i for part in parts for i in part] == list(range(len(sizes)))
    assert all(parts)
    for k, part in enumerate(parts):
        if k + 1 < len(parts) and len(part) > 1:
            assert not heads[part[-1]]  # a heading moves on with what follows
        if sum(sizes[i] for i in part) > budget:  # only a carried heading run or one big unit may pass it
            assert len(part) == 1 or all(heads[i] for i in part[:-1])


# --------------------------------------------------------------------------- images


def test_image_in_manifest_and_figure(book):
    opf = _xml(book, "content.opf")
    items = opf.xpath("//opf:item[@media-type='image/png' and not(@properties='cover-image')]", namespaces=NS)
    assert [i.get("href") for i in items] == ["images/img-1.png"]
    assert zipfile.ZipFile(book).read("EPUB/images/img-1.png") == book_document().images[0].data
    fig = _xml(book, "ch02.xhtml").xpath("//x:figure", namespaces=NS)[0]
    img = fig.find("x:img", NS)
    assert (img.get("src"), img.get("alt"), img.get("lang")) == ("images/img-1.png", "Вид на город", "ru")
    ru, en = _sides(fig.find("x:figcaption/x:table", NS))
    assert (_text(ru), _text(en)) == ("Вид на город. Фото: автор", "A view of the city. Photo: the author")
    colophon = _text(_xml(book, "colophon.xhtml"))
    assert "Images 1" in colophon


def test_missing_or_mislabelled_image(tmp_path):
    doc = book_document()
    doc.images[0].data = None  # bytes lost
    path = render_epub(doc, tmp_path / "lost.epub")
    ch2 = _xml(path, "ch02.xhtml")
    assert not ch2.xpath("//x:img | //x:figure", namespaces=NS)
    assert [_text(s) for s in _pairs(ch2, "image")[0]] == ["Вид на город. Фото: автор", "A view of the city. Photo: the author"]
    assert [n for n in zipfile.ZipFile(path).namelist() if "images/" in n] == ["EPUB/images/cover.png"]
    assert "Images 0; 1 missing from the source" in _text(_xml(path, "colophon.xhtml"))
    doc = book_document()
    doc.images[0].media_type, doc.images[0].id = "image/jpeg", "picture.jpg"
    for b in doc.blocks:
        b.image = "picture.jpg" if b.image else ""
    path = render_epub(doc, tmp_path / "label.epub")
    item = _xml(path, "content.opf").xpath("//opf:item[starts-with(@href,'images/') and not(@properties)]", namespaces=NS)[0]
    assert (item.get("href"), item.get("media-type")) == ("images/picture.jpg.png", "image/png")  # the bytes decide


def test_sniff_image_type():
    assert sniff_image_type(tiny_png()) == "image/png"
    assert sniff_image_type(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert sniff_image_type(b"GIF89a....") == "image/gif"
    assert sniff_image_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff_image_type(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>') == "image/svg+xml"
    assert sniff_image_type(b"BM\x00\x00") is None and sniff_image_type(b"") is None


# --------------------------------------------------------------------------- inline marks


def _walk(el, tags=()):
    """(character, enclosing mark tags) for each character of el's text, note references left out."""
    out = []
    if el.get("class") == "noteref":
        return [("¹", ())], el.tail
    for ch in el.text or "":
        out.append((ch, tags))
    for child in el:
        inner, tail = _walk(child, (*tags, etree.QName(child).localname))
        out += inner
        out += [(ch, tags) for ch in tail or ""]
    return out, el.tail


_mark = st.tuples(st.integers(0, 12), st.integers(0, 12), st.sampled_from(["em", "strong", "sup", "code"]))


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet="абв xyz", max_size=12), marks=st.lists(_mark, max_size=4),
       refs=st.lists(st.integers(0, 12), max_size=3))
def test_inline_marks_nest_and_cover_exactly(text, marks, refs):
    p = E("p")
    ctx = Context({"n": 1}, {})
    inline(p, text, [Mark(a, b, k) for a, b, k in marks], [(r, "n") for r in refs], ctx)
    chars, _ = _walk(p)
    assert "".join(c for c, _ in chars if c != "¹") == text
    assert sum(c == "¹" for c, _ in chars) == len(refs) == len(ctx.links)
    plain = [(c, t) for c, t in chars if c != "¹"]
    for i, (_, tags) in enumerate(plain):
        want = {k for a, b, k in marks if min(a, len(text)) <= i < min(b, len(text))}
        assert set(tags) == want


# --------------------------------------------------------------------------- navigation


def _nav_tree(ol):
    return [(li.find("x:a", NS).text, _nav_tree(li.find("x:ol", NS)) if li.find("x:ol", NS) is not None else [])
            for li in ol.findall("x:li", NS)]


def test_nav_nests_chapters_and_sections(book):
    files = _files(book)
    toc = files["nav.xhtml"].xpath("//x:nav[@epub:type='toc']/x:ol", namespaces=NS)[0]
    assert _nav_tree(toc) == [("Chapter One", [("The first meeting", [("Details", [])])]),
                              ("Chapter Two", []), ("Chapter Three", []), ("Colophon", [])]
    for a in toc.iter(X + "a"):
        target, _ = _resolve(files, "nav.xhtml", a.get("href"))
        if a.text != "Colophon":
            assert target.tag.endswith(("h1", "h2", "h3")) and _lang(target) == "ru"
    assert "Instead of an afterword" not in _text(toc)  # subtitles are not navigation


def test_ncx_is_two_levels_deep(book):
    ncx = _xml(book, "toc.ncx")
    nav_map = ncx.find("ncx:navMap", NS)

    def tree(el):
        return [(p.find("ncx:navLabel/ncx:text", NS).text, tree(p)) for p in el.findall("ncx:navPoint", NS)]

    assert tree(nav_map) == [("Chapter One", [("The first meeting", []), ("Details", [])]), ("Chapter Two", []),
                             ("Chapter Three", []), ("Colophon", [])]
    assert not ncx.xpath("//ncx:navPoint/ncx:navPoint/ncx:navPoint", namespaces=NS)
    meta = {m.get("name"): m.get("content") for m in ncx.iterfind("ncx:head/ncx:meta", NS)}
    assert meta["dtb:depth"] == "2"
    assert meta["dtb:uid"] == "urn:uuid:12345678-1234-5678-1234-567812345678"
    orders = [int(p.get("playOrder")) for p in ncx.iter(f"{{{NS['ncx']}}}navPoint")]
    assert orders == list(range(1, len(orders) + 1))


def test_chapter_without_heading_takes_its_title(tmp_path):
    doc = book_document()
    doc.blocks = [b for b in doc.blocks if not (b.kind == "heading" and b.chapter in (1, 2))]
    doc.chapters[2].title_target = ""  # untranslated: the Russian title, marked as Russian
    path = render_epub(doc, tmp_path / "titles.epub")
    toc = _xml(path, "nav.xhtml").xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:a", namespaces=NS)
    assert [(a.text, a.get("href"), a.get("lang")) for a in toc] == [
        ("Chapter One", "ch01.xhtml#h1", None), ("Chapter Two", "ch02.xhtml", None),
        ("Глава третья", "ch03.xhtml", "ru"), ("Colophon", "colophon.xhtml", None)]


# --------------------------------------------------------------------------- metadata, colophon, determinism


def test_metadata(book):
    opf = _xml(book, "content.opf")
    md = opf.find("opf:metadata", NS)
    assert [(t.text, t.get(XML_LANG)) for t in md.findall("dc:title", NS)] == [
        ("A Journey to Dushanbe", "en"), ("Путешествие в Душанбе", "ru")]
    refines = {(m.get("refines"), m.get("property")): m.text for m in md.findall("opf:meta", NS) if m.get("refines")}
    creators = md.findall("dc:creator", NS)
    assert [(c.text, c.get(XML_LANG)) for c in creators] == [("Иван Петров", "ru")]
    assert refines[(f"#{creators[0].get('id')}", "role")] == "aut"
    contributor = md.find("dc:contributor", NS)
    assert contributor.text == "TEST DOUBLE (not a translator) (tiny-test-double 0.1) (machine translation)"
    assert (f"#{contributor.get('id')}", "role") not in refines  # no person: no trl role
    assert refines[("#title-main", "title-type")] == "main"
    assert md.find("dc:source", NS).text == "urn:isbn:9785000000000"
    assert md.find("dc:publisher", NS).text == "Издательство «Пример»"
    assert [el.text for el in md.findall("dc:language", NS)] == ["en", "ru"]
    assert md.find("dc:date", NS).text == "2025-10-09"
    assert [m.text for m in md.xpath("opf:meta[@property='dcterms:modified']", namespaces=NS)] == ["2025-10-10T08:00:00Z"]
    assert md.find("dc:identifier", NS).text == "urn:uuid:12345678-1234-5678-1234-567812345678"


def test_source_is_never_the_file_name(tmp_path):
    doc = book_document()
    doc.meta.source_identifier = ""
    doc.meta.authors = ["Иван Петров", "Пётр Иванов"]
    path = render_epub(doc, tmp_path / "src.epub")
    opf = _xml(path, "content.opf")
    assert opf.find(".//dc:source", NS) is None
    assert [c.text for c in opf.iterfind(".//dc:creator", NS)] == ["Иван Петров", "Пётр Иванов"]
    with zipfile.ZipFile(path) as zf:
        assert not any(b"journey.fb2" in zf.read(n) or b"glossary/ru-en.tsv" in zf.read(n) for n in zf.namelist())
    doc.meta.source = "Издательство «Пример», 2025"
    opf = _xml(render_epub(doc, tmp_path / "src2.epub"), "content.opf")
    assert opf.find(".//dc:source", NS).text == "Издательство «Пример», 2025"


def test_colophon_lists_the_book(book):
    colophon = _xml(book, "colophon.xhtml")
    terms = {dt.text: dt.getnext() for dt in colophon.iter(X + "dt")}
    assert terms["Author"].text == "Иван Петров" and terms["Author"].get("lang") == "ru"
    assert terms["Publisher"].text == "Издательство «Пример»"
    assert terms["Source"].text == "urn:isbn:9785000000000"  # no Metadata.source: the identifier
    assert (terms["Chapters"].text, terms["Notes"].text, terms["Images"].text) == ("3", "2", "1")
    assert "TEST DOUBLE" in terms["Machine translation"].text
    assert terms["Glossary"].text == "38 entries"


def test_same_document_same_bytes(tmp_path, book):
    again = render_epub(book_document(), tmp_path / "again.epub")
    assert again.read_bytes() == book.read_bytes()
    one, two = (render_epub(long_book(), tmp_path / f"long{k}.epub") for k in (1, 2))
    assert one.read_bytes() == two.read_bytes()


# --------------------------------------------------------------------------- EPUBCheck


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS, ids="-".join)
def test_epubcheck_book(books, variant):
    assert epubcheck_errors(books[variant], warnings=True) == []


@pytest.mark.slow
@pytest.mark.parametrize("gran", GRANULARITIES)
def test_epubcheck_long_book(long_editions, gran):
    assert epubcheck_errors(long_editions[gran], warnings=True) == []


@pytest.mark.slow
def test_epubcheck_odd_books(tmp_path):
    doc = book_document()
    doc.images[0].data = None
    doc.blocks = [b for b in doc.blocks if not (b.kind == "heading" and b.chapter == 1)]
    doc.blocks[3].marks.append(Mark(5, 5, "noteref", "missing"))
    doc.blocks.append(Block("note", "Без ссылки.", chapter=2, note_id="n9"))
    path = render_epub(doc, tmp_path / "odd.epub", RenderOptions("stacked", "sentence"))
    assert epubcheck_errors(path, warnings=True) == []


def test_split_holds_even_when_sizes_are_underestimated(tmp_path, monkeypatch):
    import bilingual.render.epub_files as files_mod

    real = files_mod._measure
    monkeypatch.setattr(files_mod, "_measure", lambda el: real(el) // 3)  # every unit looks 3× smaller
    path = render_epub(long_book(), tmp_path / "under.epub")
    with zipfile.ZipFile(path) as zf:
        sizes = [i.file_size for i in zf.infolist() if i.filename.endswith(".xhtml")]
    assert max(sizes) <= MAX_FILE_BYTES
    files = _files(path)
    count = sum(len(_pairs(root, "paragraph")) for root in files.values())
    assert count == 2500 + 3  # book_document() has three paragraphs of its own


_KINDS = ["heading", "paragraph", "quote", "caption", "image", "verse", "epigraph", "attribution", "subtitle",
          "list-item", "table-cell", "note", "separator"]
_words = st.text(alphabet="абв Где xyz&<>\n\x00.", max_size=30)
_block_spec = st.tuples(st.sampled_from(_KINDS), _words, st.integers(0, 2), st.integers(1, 4),
                        st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from(["em", "strong", "noteref"])), max_size=3),
                        st.sampled_from(["a", "b", "c", ""]))


def _random_book(specs) -> Document:
    from bilingual.segment import segment_block

    blocks = []
    for kind, text, chapter, level, marks, ref in specs:
        text = text if kind != "separator" else ""
        block = Block(kind, text, level=level if kind == "heading" else 0, chapter=chapter,
                      note_id=ref if kind == "note" else "", image="img-1.png" if kind == "image" and ref else "")
        block.marks = [Mark(a, a if k == "noteref" else b, k, ref or "zz" if k == "noteref" else "") for a, b, k in marks]
        segment_block(block)
        for s in block.sentences:
            s.target = s.source.upper()
        blocks.append(block)
    doc = Document(meta=Metadata(title="Книга", created="2025-10-10T08:00:00Z"), blocks=blocks)
    doc.chapters = book_document().chapters
    doc.images = book_document().images if any(b.image for b in blocks) else []
    return doc


@settings(max_examples=30, deadline=None)
@given(specs=st.lists(_block_spec, min_size=1, max_size=14), gran=st.sampled_from(GRANULARITIES))
def test_any_book_gives_linked_well_formed_files(tmp_path_factory, specs, gran):
    path = render_epub(_random_book(specs), tmp_path_factory.mktemp("any") / "b.epub", RenderOptions(granularity=gran))
    files = _files(path)  # every file parses
    ids = [el.get("id") for root in files.values() for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    for name, root in files.items():
        for a in root.iter(X + "a"):
            href = a.get("href") or ""
            if a.get(f"{{{NS['epub']}}}type") == "noteref" or a.get("class") == "backlink":
                assert "#" in href
            if "#" in href:
                _resolve(files, name, href)  # exactly one target
    spine = _spine(path)
    assert spine[0] == "cover.xhtml"
    numbers = [int(re.match(r"ch0(\d)\.xhtml$", n).group(1)) for n in spine[1:-1]]
    assert numbers == sorted(set(numbers)) and spine[-1] == "colophon.xhtml"


@pytest.mark.slow
@settings(max_examples=3, deadline=None)
@given(specs=st.lists(_block_spec, min_size=1, max_size=14), gran=st.sampled_from(GRANULARITIES))
def test_any_book_passes_epubcheck(tmp_path_factory, specs, gran):
    path = render_epub(_random_book(specs), tmp_path_factory.mktemp("anycheck") / "b.epub", RenderOptions(granularity=gran))
    assert epubcheck_errors(path) == []
