"""The saved-web-page reader (``bilingual.read.html``): the article, not the page around it.

Pages come from :mod:`fixtures_html` (six typical Russian news layouts, each with menus,
sidebars, comments, footers, cookie banners and scripts around the article). Each test reopens
what the reader produced and compares it with what the page's article holds.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import fixtures_html as F
from bilingual.cli import app
from bilingual.errors import InputError
from bilingual.model import Block
from bilingual.read import read_source
from bilingual.read.common import BookBuilder, has_letters
from bilingual.read.html import decode_html, parse
from bilingual.read.html_walk import SKIP_TAGS, Walker

runner = CliRunner()
PAGE_NAMES = list(F.PAGES)
_LETTER = re.compile(r"[^\W\d_]")


def _read(tmp_path: Path, page: F.Page, **kw: bool):  # type: ignore[no-untyped-def]
    path = F.write_page(tmp_path, page, **kw)
    return parse(path.read_bytes(), str(path)), path


# ------------------------------------------------------------------ the article, in order
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_article_blocks_in_order_and_no_boilerplate(tmp_path: Path, name: str) -> None:
    page = F.PAGES[name]()
    result, _ = _read(tmp_path, page)
    blocks = result.document.blocks
    assert [(b.kind, b.source) for b in blocks] == page.article.expected()
    assert page.leaked([b.source for b in blocks]) == []
    assert result.warnings == []


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_headings_levels_and_emphasis(tmp_path: Path, name: str) -> None:
    page = F.PAGES[name]()
    doc = _read(tmp_path, page)[0].document
    assert [(b.level, b.source) for b in doc.blocks if b.kind == "heading"] == page.article.headings()
    marked = sorted((m.kind, b.source[m.start:m.end]) for b in doc.blocks for m in b.marks)
    assert marked == sorted(page.article.emphasis())


def test_scripts_styles_and_hidden_text_never_reach_blocks(tmp_path: Path) -> None:
    page = F.semantic_page()
    extra = ('<p>Видимый абзац статьи о мосте через реку.</p><p hidden>Скрытый абзац</p>'
             '<div style="display: none">Невидимый блок</div><noscript>Включите скрипты</noscript>'
             '<script>var t = "Текст скрипта";</script><style>.x{content:"Стиль"}</style><!-- Комментарий -->')
    page.html = page.html.replace(b"</div>\n<div class=\"share\">", extra.encode() + b"</div>\n<div class=\"share\">")
    text = " ".join(b.source for b in _read(tmp_path, page)[0].document.blocks)
    assert "Видимый абзац статьи о мосте через реку." in text
    for hidden in ("Скрытый", "Невидимый", "Включите", "скрипта", "Стиль", "Комментарий", "dataLayer", "{"):
        assert hidden not in text


# ------------------------------------------------------------------ metadata
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_metadata(tmp_path: Path, name: str) -> None:
    page = F.PAGES[name]()
    path = F.write_page(tmp_path, page)
    doc = read_source(path).document
    a, meta = page.article, doc.meta
    assert meta.title == a.title
    assert meta.authors == [a.author]
    assert meta.source_identifier == a.url
    assert meta.source_format == "html" and meta.source_file == str(path)
    assert meta.identifier.startswith("urn:uuid:")
    assert len(doc.chapters) == 1 and doc.chapters[0].title == a.title
    assert all(b.chapter == 0 for b in doc.blocks) and all(b.sentences for b in doc.blocks if b.kind != "image"
                                                           or b.source)
    if name == "legacy":  # no meta tags: the date from the page's text, the site from <title>
        assert meta.date == "2025-09-12T13:45:00"
        assert meta.publisher == a.site
    else:
        assert meta.date == a.date and meta.publisher == a.site


def test_title_without_meta_tags_is_title_element_minus_site_name(tmp_path: Path) -> None:
    page_html = ("<html><head><title>Морозы ударят по Якутии | Новости Севера</title></head><body>"
                 "<div class='text'><p>Синоптики обещают до минус пятидесяти градусов в ближайшие выходные "
                 "дни в центральных районах республики.</p></div></body></html>")
    path = tmp_path / "p.html"
    path.write_text(page_html, encoding="utf-8")
    doc = read_source(path).document
    assert doc.meta.title == "Морозы ударят по Якутии"
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].source == "Морозы ударят по Якутии"


# ------------------------------------------------------------------ encodings
def test_windows_1251_page(tmp_path: Path) -> None:
    page = F.legacy_page()
    assert b"charset=windows-1251" in page.html and page.html.decode("cp1251")
    with pytest.raises(UnicodeDecodeError):
        page.html.decode("utf-8")
    result, _ = _read(tmp_path, page)
    assert result.document.meta.source_encoding == "cp1251"
    assert [(b.kind, b.source) for b in result.document.blocks] == page.article.expected()


def test_undeclared_cp1251_and_mislabelled_utf8_and_bom() -> None:
    html = "<html><body><p>Съешь же ещё этих мягких французских булок, да выпей чаю.</p></body></html>"
    undeclared = html.encode("cp1251")
    assert decode_html(undeclared)[1] == "cp1251" and decode_html(undeclared)[0] == html
    mislabelled = html.replace("<html>", '<html><meta charset="windows-1251">').encode("utf-8")
    assert decode_html(mislabelled)[1] == "utf-8"
    assert decode_html(b"\xef\xbb\xbf" + html.encode())[0] == html
    assert decode_html(html.encode("utf-16"))[0] == html


# ------------------------------------------------------------------ pictures
def test_pictures_from_the_files_folder(tmp_path: Path) -> None:
    page = F.longread_page()
    result, _ = _read(tmp_path, page)
    doc = result.document
    images = [b for b in doc.blocks if b.kind == "image"]
    assert [b.source for b in images] == page.article.texts("image")
    assert [doc.image_bytes(b.image) for b in images] == [page.files[f] for f in page.article.images()]
    assert all(doc.image(b.image).media_type == "image/png" for b in images)
    assert doc.image(images[0].image).alt == "Фрагмент росписи"


def test_missing_pictures_keep_their_captions(tmp_path: Path) -> None:
    page = F.semantic_page()
    result, _ = _read(tmp_path, page, with_files=False)
    kinds = [(b.kind, b.source) for b in result.document.blocks]
    caption = page.article.texts("image")[0]
    assert ("caption", caption) in kinds and not result.document.images
    assert len(result.warnings) == 1 and "1 picture(s) not found" in result.warnings[0]


def test_pictures_outside_the_folder_are_not_read_and_data_uris_are(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(F.png_bytes())
    inline = base64.b64encode(F.png_bytes(6, 5, (1, 2, 3))).decode()
    pixel = base64.b64encode(F.png_bytes(1, 1)).decode()  # a lazy page's placeholder
    (tmp_path / "site").mkdir()
    path = tmp_path / "site" / "p.html"
    path.write_text(
        "<html><body><div class='article'><p>Первый абзац статьи о фотовыставке в центре города, где "
        "собрались сотни гостей.</p>"
        "<figure><img src='../secret.png'><figcaption>Чужой файл. Фото: архив</figcaption></figure>"
        f"<figure><img src='data:image/png;base64,{inline}'><figcaption>Встроенный снимок</figcaption></figure>"
        f"<figure><img src='data:image/png;base64,{pixel}' data-src='gone.jpg'><figcaption>Ленивый снимок"
        "</figcaption></figure>"
        "<p>Второй абзац статьи о выставке, которая продлится до конца месяца.</p></div></body></html>",
        encoding="utf-8",
    )
    doc = parse(path.read_bytes(), str(path)).document
    kinds = {b.source: b for b in doc.blocks}
    assert kinds["Чужой файл. Фото: архив"].kind == "caption"
    assert kinds["Встроенный снимок"].kind == "image" and kinds["Ленивый снимок"].kind == "caption"
    assert doc.image_bytes(kinds["Встроенный снимок"].image) == F.png_bytes(6, 5, (1, 2, 3))
    assert len(doc.images) == 1


# ------------------------------------------------------------------ accounting
def _text_nodes(elem: lxml.html.HtmlElement) -> list[str]:
    """Folded text nodes with letters inside ``elem``, in document order (scripts etc. excluded)."""
    out: list[str] = []

    def visit(e: lxml.html.HtmlElement) -> None:
        if not isinstance(e.tag, str) or e.tag in SKIP_TAGS:
            return
        out.append(e.text or "")
        for child in e:
            visit(child)
            out.append(child.tail or "")

    visit(elem)
    return [" ".join(t.split()) for t in out if has_letters(t)]


def _letters(texts: object) -> int:
    return len(_LETTER.findall(" ".join(texts)))  # type: ignore[arg-type]


def _assert_accounted(nodes: list[str], blocks: list[Block]) -> None:
    """Each text node is found, in order, inside one block; and the blocks hold no other letters."""
    i, pos = 0, 0
    for node in nodes:
        while i < len(blocks) and (found := " ".join(blocks[i].source.split()).find(node, pos)) < 0:
            i, pos = i + 1, 0
        assert i < len(blocks), f"text node {node!r} is in no block (after block {i})"
        pos = found + len(node)
    assert _letters(nodes) == _letters(b.source for b in blocks)


@pytest.mark.parametrize("name", [n for n in PAGE_NAMES if F.PAGES[n]().clean_body])
def test_every_text_node_of_the_article_lands_in_exactly_one_block(tmp_path: Path, name: str) -> None:
    page = F.PAGES[name]()
    result, _ = _read(tmp_path, page)
    body = lxml.html.document_fromstring(page.html.decode(page.encoding)).get_element_by_id("article-body")
    blocks = result.document.blocks
    assert blocks[0].source == page.article.title  # the headline stands outside the body
    _assert_accounted(_text_nodes(body), blocks[1:])


WORDS = ["мост", "город", "река", "Казань", "весна", "строители", "дорога", "«трамвай»", "мэр", "ёлка",
         "Фото:", "2025", "—", "и", "ночью"]
_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
_spaced = st.tuples(st.sampled_from(["", " ", "\n  "]), _text, st.sampled_from(["", " ", "\n"])).map("".join)
_inline = st.recursive(
    _spaced,
    lambda kids: st.one_of(
        st.tuples(st.sampled_from(["em", "strong", "a", "span", "b", "i", "sup"]), st.lists(kids, min_size=1, max_size=3))
        .map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
        st.lists(kids, min_size=2, max_size=3).map("<br>".join),
    ),
    max_leaves=6,
)
_block = st.recursive(
    st.one_of(
        _inline.map(lambda s: f"<p>{s}</p>"),
        _inline.map(lambda s: f"<h2>{s}</h2>"),
        st.lists(_inline, min_size=1, max_size=3).map(lambda xs: "<ul>" + "".join(f"<li>{x}</li>" for x in xs) + "</ul>"),
        _inline.map(lambda s: f"<figure><img src='p.png'><figcaption>{s}</figcaption></figure>"),
        st.lists(_inline, min_size=1, max_size=3).map(lambda xs: "<table><tr>" + "".join(f"<td>{x}</td>" for x in xs) + "</tr></table>"),
        _inline.map(lambda s: f"{s}<script>var x = 'скрипт';</script>"),
    ),
    lambda kids: st.one_of(
        st.lists(kids, min_size=1, max_size=3).map(lambda xs: "<blockquote>" + "".join(xs) + "</blockquote>"),
        st.lists(st.one_of(kids, _inline), min_size=1, max_size=4).map(lambda xs: "<div>" + "".join(xs) + "</div>"),
        st.tuples(_inline, kids, _inline).map(lambda t: f"<span>{t[0]}<div>{t[1]}</div>{t[2]}</span>"),
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_block, min_size=1, max_size=5))
def test_walker_accounts_for_every_text_node(parts: list[str]) -> None:
    root = lxml.html.fragment_fromstring("<div id='article-body'>" + "".join(parts) + "</div>")
    book = BookBuilder("html")
    Walker(book, lambda img: book.add_image(img.get("src"), F.png_bytes(), "p.png")).walk(root)
    _assert_accounted(_text_nodes(root), book.blocks)
    for block in book.blocks:
        assert all(0 <= m.start < m.end <= len(block.source) for m in block.marks)
        assert "скрипт" not in block.source and "<" not in block.source


# ------------------------------------------------------------------ bad input
NO_TEXT = {
    "empty-body": b"<html><head><title>x</title></head><body></body></html>",
    "menus-only": ('<html><body><nav><a href="/">Главная</a><a href="/n">Новости</a></nav><ul class="menu">'
                   '<li><a href="/p">Политика</a></li><li><a href="/e">Экономика и бизнес</a></li></ul>'
                   "<footer>© 2025</footer></body></html>").encode(),
    "scripts-only": ("<html><head><script>var a = 'Привет, это текст скрипта';</script><style>p{}</style></head>"
                     "<body><script>document.write('Здравствуйте')</script><noscript>Включите JS</noscript></body></html>").encode(),
}


@pytest.mark.parametrize("name", list(NO_TEXT))
def test_page_without_article_text_is_one_line_input_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.html"
    path.write_bytes(NO_TEXT[name])
    with pytest.raises(InputError) as info:
        read_source(path)
    message = str(info.value)
    assert "\n" not in message and "has no article text" in message and "save the article page itself" in message


def test_binary_file_named_html_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.html"
    path.write_bytes(F.png_bytes() * 50 + bytes(range(32)) * 20)
    with pytest.raises(InputError, match="binary"):
        read_source(path)


def test_cli_refuses_page_without_text(tmp_path: Path) -> None:
    path = tmp_path / "menus.html"
    path.write_bytes(NO_TEXT["menus-only"])
    out = tmp_path / "out"
    result = runner.invoke(app, ["translate", str(path), "-o", str(out), "--no-glossary", "--no-cache"])
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "has no article text" in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_cli_translates_a_saved_page(tmp_path: Path) -> None:
    import docx

    page = F.semantic_page()
    path = F.write_page(tmp_path / "saved", page)
    out = tmp_path / "out"
    result = runner.invoke(app, ["translate", str(path), "-o", str(out), "--no-glossary", "--no-cache", "-f", "docx,json"])
    assert result.exit_code == 0, result.output
    text = " ".join(p.text for p in docx.Document(str(out / "semantic.docx")).paragraphs) + " ".join(
        c.text for t in docx.Document(str(out / "semantic.docx")).tables for r in t.rows for c in r.cells)
    assert "Ринат Гилязов, мэр Казани" in text and "Читайте также" not in text and "cookie" not in text


def test_double_br_separates_paragraphs_and_single_br_is_a_line_break(tmp_path: Path) -> None:
    line = "Жители просят не парковать машины под деревьями и запастись водой на двое суток."
    path = tmp_path / "old.html"
    path.write_text(f"<html><body><div id='text'>{line}<br><br>{line} Второй.<br> <br>"
                    "Стихи: первая строка,<br>вторая строка.</div></body></html>", encoding="utf-8")
    blocks = parse(path.read_bytes(), str(path)).document.blocks
    assert [b.source for b in blocks if b.kind == "paragraph"] == [
        line, f"{line} Второй.", "Стихи: первая строка,\nвторая строка."]
