"""The EPUB reader, through ``bilingual.read.read_source`` on EPUBs built by :mod:`fixtures_epub`.

Structure (kinds, levels, chapters and titles), inline marks at the right words, notes (each
reference points at a note block that exists, in the chapter of the first reference, its text
nowhere else), pictures (bytes equal to the file in the EPUB), metadata; an accounting check that
every text node with letters of the source bodies lands in exactly one block; a property test on
generated paragraphs; damaged, encrypted and non-EPUB inputs refused with one line, also through
the CLI.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from bilingual.errors import InputError
from bilingual.model import Document
from bilingual.read import read_source
from bilingual.read.common import clean_inline, has_letters

import fixtures_epub as F

# --------------------------------------------------------------------------- helpers
_SKIPPED = {"head", "script", "style", "nav", "svg", "title"}


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname.lower() if isinstance(el.tag, str) else ""


def _spine_bodies(epub: Path) -> list[etree._Element]:
    """The bodies of the spine's XHTML documents (not the nav document), parsed here with lxml."""
    with zipfile.ZipFile(epub) as z:
        container = etree.fromstring(z.read("META-INF/container.xml"))
        opf_path = next(el.get("full-path") for el in container.iter() if _local(el) == "rootfile")
        package = etree.fromstring(z.read(opf_path))
        base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        items = {el.get("id"): el for el in package.iter() if _local(el) == "item"}
        bodies = []
        for ref in (el for el in package.iter() if _local(el) == "itemref"):
            item = items[ref.get("idref")]
            if "nav" in (item.get("properties") or "").split() or "xhtml" not in item.get("media-type"):
                continue
            parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
            root = etree.fromstring(z.read(base + item.get("href")), parser)
            bodies.append(next(el for el in root.iter() if _local(el) == "body"))
    return bodies


def source_text_nodes(epub: Path, exclude: Callable[[etree._Element], bool] = lambda el: False) -> list[str]:
    """Every text node with letters of the spine bodies, outside script/style/nav/svg and
    outside elements ``exclude`` names (note markers and back links carry no letters here)."""
    nodes = []
    for body in _spine_bodies(epub):
        for el in body.iter():
            if not isinstance(el.tag, str):
                owner_chain = [el.getparent(), *el.getparent().iterancestors()]
                texts = [el.tail]
            else:
                owner_chain = [el, *el.iterancestors()]
                texts = [el.text]
                parent = el.getparent()
                if parent is not None:
                    tail_chain = [parent, *parent.iterancestors()]
                    if not any(_local(a) in _SKIPPED or exclude(a) for a in tail_chain):
                        nodes.append(el.tail)
            if not any(_local(a) in _SKIPPED or exclude(a) for a in owner_chain):
                nodes.extend(texts)
    return [" ".join(clean_inline(t).split()) for t in nodes if t and has_letters(t)]


def assert_text_accounted(epub: Path, doc: Document, exclude: Callable[[etree._Element], bool] = lambda el: False) -> None:
    """Nothing dropped, nothing duplicated: the letters of the source text nodes and of the
    blocks are the same multiset, and each node's text stands whole in some block."""
    nodes = source_text_nodes(epub, exclude)
    assert nodes, "the accounting found no text at all"
    expected = Counter(c for t in nodes for c in t if c.isalpha())
    got = Counter(c for b in doc.blocks for c in b.source if c.isalpha())
    assert got == expected, f"missing {expected - got}, extra {got - expected}"
    sources = [b.source.replace("\n", " ") for b in doc.blocks]
    for text in nodes:
        assert sum(text in s for s in sources) >= 1, f"{text!r} is in no block"


def kinds(doc: Document, chapter: int | None = None) -> list[str]:
    """``kind`` (``heading2`` for headings) of the blocks, of one chapter if given."""
    return [b.kind + (str(b.level) if b.kind == "heading" else "") for b in doc.blocks if chapter is None or b.chapter == chapter]


def block(doc: Document, text: str):  # type: ignore[no-untyped-def]
    """The one block whose source contains ``text``."""
    found = [b for b in doc.blocks if text in b.source]
    assert len(found) == 1, (text, [b.source for b in found])
    return found[0]


def assert_notes_consistent(doc: Document) -> None:
    """Every noteref points at exactly one note block, in the chapter of its first reference;
    every note's text is in no other block."""
    notes = {b.note_id: b for b in doc.blocks if b.kind == "note"}
    assert len(notes) == sum(b.kind == "note" for b in doc.blocks), "two note blocks share an id"
    first: dict[str, int] = {}
    for b in doc.blocks:
        for m in b.marks:
            if m.kind == "noteref":
                assert m.ref in notes, f"noteref {m.ref!r} points at no note"
                assert m.start == m.end and 0 <= m.start <= len(b.source)
                first.setdefault(m.ref, b.chapter)
    for note_id, note in notes.items():
        assert note.chapter == first.get(note_id, note.chapter)
        assert note.source and all(note.source not in b.source for b in doc.blocks if b is not note)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("epubs")


@pytest.fixture(scope="module")
def epub3(folder: Path) -> tuple[Path, Document]:
    path = F.build_epub3(folder)
    return path, read_source(path).document


@pytest.fixture(scope="module")
def epub2(folder: Path) -> tuple[Path, Document]:
    path = F.build_epub2(folder)
    return path, read_source(path).document


# --------------------------------------------------------------------------- EPUB 3
def test_epub3_blocks_in_order(epub3: tuple[Path, Document]) -> None:
    _, doc = epub3
    assert kinds(doc, 0) == ["image"]  # the cover page
    assert kinds(doc, 1) == [
        "heading1", "paragraph", "heading2", "paragraph", "heading3", "paragraph", "image",
        "list-item", "list-item", "table-cell", "table-cell", "table-cell", "table-cell", "note",
    ]  # fmt: skip
    assert kinds(doc, 2) == ["verse", "verse", "separator", "quote", "quote", "paragraph", "verse", "paragraph", "paragraph", "image"]
    assert [b.source for b in doc.blocks if b.kind == "table-cell"] == ["Имя", "Город", "Иван", "Москва"]
    assert [b.source for b in doc.blocks if b.kind == "list-item"] == ["Первый пункт", "Второй пункт"]
    assert block(doc, "Прямой текст").source == "Прямой текст в блоке div."


def test_epub3_chapters_and_titles(epub3: tuple[Path, Document]) -> None:
    _, doc = epub3
    assert [c.source for c in doc.chapters] == ["text/cover.xhtml", "text/chapter1.xhtml", "text/chapter2.xhtml"]
    assert doc.chapters[1].title == "Глава первая"  # its heading
    assert doc.chapters[2].title == "Вторая глава из оглавления"  # no heading: the nav's label
    assert not any("Оглавление" in b.source for b in doc.blocks)  # the nav document is not text


def test_epub3_marks_point_at_words(epub3: tuple[Path, Document]) -> None:
    _, doc = epub3
    words = lambda b, kind: [b.source[m.start : m.end] for m in b.marks if m.kind == kind]
    assert words(block(doc, "Он сказал"), "em") == ["очень громко"]
    assert words(block(doc, "Текст раздела"), "strong") == ["жирным"]
    assert words(block(doc, "Второй пункт"), "em") == ["пункт"]
    last = block(doc, "Последний абзац")
    assert last.source == "Последний абзац с курсивом, H2O и x2."
    assert words(last, "em") == ["курсивом"] and words(last, "sub") == ["2"] and words(last, "sup") == ["2"]
    assert [m.start for m in last.marks if m.kind == "sub"] == [last.source.index("2O")]


def test_epub3_footnote(epub3: tuple[Path, Document]) -> None:
    _, doc = epub3
    para = block(doc, "Он сказал")
    assert para.source == "Он сказал очень громко и ушёл. Потом вернулся."  # no marker "1"
    refs = [m for m in para.marks if m.kind == "noteref"]
    assert len(refs) == 1 and para.source[: refs[0].start] == "Он сказал очень громко и ушёл."
    note = next(b for b in doc.blocks if b.kind == "note")
    assert note.note_id == refs[0].ref and note.source == "Текст сноски о громком голосе."  # no "↩"
    assert note.chapter == para.chapter
    assert_notes_consistent(doc)


def test_epub3_verse(epub3: tuple[Path, Document]) -> None:
    _, doc = epub3
    verses = [b.source for b in doc.blocks if b.kind == "verse"]
    assert verses[0] == "Мороз и солнце; день чудесный!\nЕщё ты дремлешь, друг прелестный —"
    assert verses[1] == "Пора, красавица, проснись:\nОткрой сомкнуты негой взоры"
    assert verses[2] == "Строка раз,\nстрока два."
    assert [len(b.sentences) for b in doc.blocks if b.kind == "verse"] == [2, 2, 2]  # a sentence per line


def test_epub3_pictures(epub3: tuple[Path, Document]) -> None:
    path, doc = epub3
    with zipfile.ZipFile(path) as z:
        pic, cover = z.read("OEBPS/images/pic.png"), z.read("OEBPS/images/cover.png")
    images = [b for b in doc.blocks if b.kind == "image"]
    assert [b.source for b in images] == ["", "Рисунок первый: дом у реки", ""]
    assert doc.image_bytes(images[0].image) == cover
    assert doc.image_bytes(images[1].image) == pic and images[2].image == images[1].image  # one picture, twice
    assert doc.image(images[1].image).media_type == "image/png"
    assert doc.image(images[1].image).alt == "Красный квадрат"
    assert not any("Рисунок первый" in b.source for b in doc.blocks if b.kind != "image")


def test_epub3_never_reads_script_style_nav_svg(epub3: tuple[Path, Document]) -> None:
    _, doc = epub3
    text = " ".join(b.source for b in doc.blocks)
    for hidden in ("скрипт", "margin", "Навигация внутри", "Текст в рисунке", "Глава 1"):
        assert hidden not in text


def test_epub3_metadata(epub3: tuple[Path, Document]) -> None:
    _, doc = epub3
    meta = doc.meta
    assert meta.title == "Тестовая книга"
    assert meta.authors == ["Иван Петров", "Пётр Сидоров"]  # not the illustrator
    assert meta.source_lang == "ru" and meta.date == "2019-05-03"
    assert meta.publisher == "Издательство «Тест»"
    assert meta.source_identifier == "urn:isbn:9785000000001"
    assert meta.description == "Описание книги для проверки."
    assert meta.source_format == "epub"
    assert meta.identifier.startswith("urn:uuid:") and meta.identifier != meta.source_identifier


def test_epub3_text_accounted(epub3: tuple[Path, Document]) -> None:
    assert_text_accounted(*epub3)


# --------------------------------------------------------------------------- EPUB 2
def test_epub2_structure_and_titles(epub2: tuple[Path, Document]) -> None:
    _, doc = epub2
    assert [c.title for c in doc.chapters] == ["Содержание", "Глава 1. Начало", "Вторая глава (NCX)", "Примечания"]
    assert kinds(doc, 0) == ["heading1", "paragraph", "paragraph", "paragraph"]  # a contents page's links are text
    assert kinds(doc, 1) == ["heading1", "paragraph", "paragraph", "note", "note"]
    assert kinds(doc, 2) == ["paragraph", "paragraph", "note", "note"]
    assert kinds(doc, 3) == ["heading1"]  # what remains of the notes file
    assert block(doc, "Первый абзац").source == "Первый абзац со сноской и ещё одной."  # &nbsp; folded
    assert block(doc, "Второй абзац главы").source == "Второй абзац главы — без сносок."


def test_epub2_endnotes(epub2: tuple[Path, Document]) -> None:
    _, doc = epub2
    notes = {b.note_id: b for b in doc.blocks if b.kind == "note"}
    assert notes["n1"].source == "Первое примечание."  # back link "[1]" dropped
    assert notes["n2"].source == "Второе примечание, важное."
    assert [notes["n2"].source[m.start : m.end] for m in notes["n2"].marks] == ["важное"]
    assert notes["n3"].source == "Третье примечание из двух абзацев. Второй абзац третьего."
    assert notes["e1"].source == "Сноска в той же главе."
    assert (notes["n1"].chapter, notes["n2"].chapter, notes["n3"].chapter, notes["e1"].chapter) == (1, 1, 2, 2)
    para = block(doc, "Первый абзац")
    assert [(para.source[: m.start], m.ref) for m in para.marks] == [("Первый абзац со сноской", "n1"), ("Первый абзац со сноской и ещё одной", "n2")]
    again = block(doc, "Снова первая")
    assert [m.ref for m in again.marks] == ["n1", "e1"]  # a second reference to n1, no second note
    assert_notes_consistent(doc)


def test_epub2_metadata(epub2: tuple[Path, Document]) -> None:
    meta = epub2[1].meta
    assert meta.title == "Старая книга" and meta.authors == ["Автор Второй"]  # not the translator
    assert meta.date == "1999"  # the publication date, not the modification
    assert meta.source_lang == "ru" and meta.source_identifier == "urn:uuid:12345678-1234-5678-1234-567812345678"
    assert meta.publisher == "" and meta.description == ""


def test_epub2_text_accounted(epub2: tuple[Path, Document]) -> None:
    assert_text_accounted(*epub2)


def test_calibre_like_notes(folder: Path) -> None:
    path = F.build_calibre_like(folder)
    doc = read_source(path).document
    assert kinds(doc) == ["heading2", "paragraph", "paragraph", "note"]
    para = block(doc, "Слово со ссылкой")
    assert para.source == "Слово со ссылкой в тексте. А вот ссылка наверх."  # an ordinary link keeps its words
    assert [m.ref for m in para.marks if m.kind == "noteref"] == ["fn1"]
    assert block(doc, "Calibre").source == "Сноска в духе Calibre."
    assert doc.meta.date is None  # Calibre's 0101-01-01 placeholder
    assert len(doc.chapters) == 1  # the notes file held only the note
    assert_notes_consistent(doc)
    assert_text_accounted(path, doc)


# --------------------------------------------------------------------------- property
_WORDS = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", min_size=1, max_size=12)
_PUNCT = st.sampled_from(["&", "<", ">", '"', "'", "«", "»", "—", ",", ".", "!", "?", "&amp;", "<p>", "1", "(", ")", ";"])
_PARAGRAPH = st.lists(st.one_of(_WORDS, _WORDS, _PUNCT), min_size=1, max_size=15).filter(
    lambda tokens: any(re.search("[а-яё]", t, re.I) for t in tokens)
).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=8, unique=True))
def test_paragraph_text_survives(tmp_path: Path, paragraphs: list[str]) -> None:
    path = F.build_paragraphs(tmp_path, paragraphs)
    doc = read_source(path).document
    sources = [b.source for b in doc.blocks]
    assert all(sources.count(p) == 1 for p in paragraphs), (paragraphs, sources)
    assert len(doc.blocks) == len(paragraphs) and {b.kind for b in doc.blocks} == {"paragraph"}


# --------------------------------------------------------------------------- lenient reading
def _one_chapter(tmp_path: Path, body: str | bytes, name: str = "one.epub", extra: dict | None = None) -> Path:
    manifest = [("c1", "c1.xhtml", "application/xhtml+xml", "")]
    meta = '<dc:identifier id="bookid">x</dc:identifier><dc:title>Т</dc:title>'
    files = {"OEBPS/content.opf": F.opf(manifest, ["c1"], meta), "OEBPS/c1.xhtml": body, **(extra or {})}
    return F.write_epub(tmp_path / name, files)


def test_sloppy_xhtml_is_read_with_a_warning(tmp_path: Path) -> None:
    body = "<html><body><p>Первый абзац &laquo;книги&raquo;<p>Второй <b>абзац<br> без закрытия</body></html>"
    result = read_source(_one_chapter(tmp_path, body))
    text = " ".join(b.source for b in result.document.blocks)
    assert "«книги»" in text and "Второй" in text and "без закрытия" in text
    assert any("not well-formed" in w for w in result.warnings)


def test_html_entities_without_doctype(tmp_path: Path) -> None:
    doc = read_source(_one_chapter(tmp_path, F.xhtml("<p>Слово&nbsp;и&mdash;дело &amp; ещё</p>"))).document
    assert doc.blocks[0].source == "Слово и—дело & ещё"


def test_font_obfuscation_is_no_drm(tmp_path: Path) -> None:
    enc = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">'
        '<enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/font.otf"/></enc:CipherData></enc:EncryptedData></encryption>'
    )
    path = _one_chapter(tmp_path, F.xhtml("<p>Обычная книга.</p>"), extra={"META-INF/encryption.xml": enc, "OEBPS/font.otf": b"x"})
    assert read_source(path).document.blocks[0].source == "Обычная книга."


def test_unknown_picture_is_a_warning(tmp_path: Path) -> None:
    body = F.xhtml('<p>Текст.</p><p><img src="a.bmp" alt=""/></p><p><img src="missing.png"/></p>')
    result = read_source(_one_chapter(tmp_path, body, extra={"OEBPS/a.bmp": b"BM\x00\x00not an image"}))
    assert [b.kind for b in result.document.blocks] == ["paragraph"]
    assert any("a.bmp" in w for w in result.warnings) and any("missing.png" in w for w in result.warnings)


# --------------------------------------------------------------------------- bad input
_ENC_AES = (
    '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">'
    '<enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
    '<enc:CipherData><enc:CipherReference URI="OEBPS/c1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>'
)
_GOOD = F.xhtml("<p>Текст книги.</p>")


def _bad(tmp_path: Path, case: str) -> Path:
    """Write the damaged input ``case`` and return its path."""
    meta = '<dc:identifier id="bookid">x</dc:identifier><dc:title>Т</dc:title>'
    one = [("c1", "c1.xhtml", "application/xhtml+xml", "")]
    target = tmp_path / f"{case}.epub"
    if case == "not-a-zip":
        target.write_bytes(b"%PDF-1.4 this is no zip at all\n" * 10)
    elif case == "truncated-zip":
        F.write_epub(target, {"OEBPS/content.opf": F.opf(one, ["c1"], meta), "OEBPS/c1.xhtml": _GOOD})
        target.write_bytes(target.read_bytes()[:-60])
    elif case == "zip-not-epub":
        with zipfile.ZipFile(target, "w") as z:
            z.writestr("readme.txt", "просто архив")
    elif case == "missing-opf":
        F.write_epub(target, {"OEBPS/c1.xhtml": _GOOD})
    elif case == "broken-opf":
        F.write_epub(target, {"OEBPS/content.opf": "<package><manifest>", "OEBPS/c1.xhtml": _GOOD})
    elif case == "missing-spine-item":
        two = [*one, ("c2", "c2.xhtml", "application/xhtml+xml", "")]
        F.write_epub(target, {"OEBPS/content.opf": F.opf(two, ["c1", "c2"], meta), "OEBPS/c1.xhtml": _GOOD})
    elif case == "unknown-idref":
        F.write_epub(target, {"OEBPS/content.opf": F.opf(one, ["c1", "ghost"], meta), "OEBPS/c1.xhtml": _GOOD})
    elif case == "empty-spine":
        F.write_epub(target, {"OEBPS/content.opf": F.opf(one, [], meta), "OEBPS/c1.xhtml": _GOOD})
    elif case == "unreadable-xhtml":
        F.write_epub(target, {"OEBPS/content.opf": F.opf(one, ["c1"], meta), "OEBPS/c1.xhtml": b"\x00\x01\x02binary"})
    elif case == "drm-encrypted":
        files = {"OEBPS/content.opf": F.opf(one, ["c1"], meta), "OEBPS/c1.xhtml": b"\x8a\x13 ciphertext", "META-INF/encryption.xml": _ENC_AES}
        F.write_epub(target, files)
    elif case == "drm-rights":
        files = {"OEBPS/content.opf": F.opf(one, ["c1"], meta), "OEBPS/c1.xhtml": _GOOD, "META-INF/rights.xml": "<rights/>"}
        F.write_epub(target, files)
    elif case == "no-russian":
        F.write_epub(target, {"OEBPS/content.opf": F.opf(one, ["c1"], meta), "OEBPS/c1.xhtml": F.xhtml("<p>English only.</p>")})
    else:  # pragma: no cover
        raise AssertionError(case)
    return target


BAD_CASES = {
    "not-a-zip": "not a zip archive",
    "truncated-zip": "not a zip archive",
    "zip-not-epub": "not an EPUB",
    "missing-opf": "is missing",
    "broken-opf": "not well-formed XML",
    "missing-spine-item": "OEBPS/c2.xhtml (in the spine) is missing",
    "unknown-idref": "'ghost'",
    "empty-spine": "empty spine",
    "unreadable-xhtml": "not XHTML that can be read",
    "drm-encrypted": "is encrypted (DRM)",
    "drm-rights": "is encrypted (DRM)",
    "no-russian": "no Russian",
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_input_is_one_line(tmp_path: Path, case: str) -> None:
    path = _bad(tmp_path, case)
    with pytest.raises(InputError) as info:
        read_source(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    assert BAD_CASES[case] in message, message


def test_zip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cap on unpacked bytes (lowered to 1 MB here) stops a member that unpacks to more."""
    import bilingual.read.epub_package as package

    monkeypatch.setattr(package, "MAX_UNPACKED", 2**20)
    one = [("c1", "c1.xhtml", "application/xhtml+xml", "")]
    meta = '<dc:identifier id="bookid">x</dc:identifier><dc:title>Т</dc:title>'
    padding = "<!--" + " " * (3 * 2**20) + "-->"
    path = F.write_epub(tmp_path / "bomb.epub", {"OEBPS/content.opf": F.opf(one, ["c1"], meta), "OEBPS/c1.xhtml": _GOOD + padding})
    assert path.stat().st_size < 50_000
    with pytest.raises(InputError, match="zip bomb") as info:
        read_source(path)
    assert "\n" not in str(info.value)


@pytest.mark.slow
def test_zip_bomb_default_cap(tmp_path: Path) -> None:
    """The real 256 MB cap: a chapter that unpacks to 300 MB (about 300 KB zipped) is refused."""
    path = tmp_path / "bomb.epub"
    one = [("c1", "c1.xhtml", "application/xhtml+xml", "")]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("META-INF/container.xml", F.CONTAINER.format(opf="OEBPS/content.opf"))
        z.writestr("OEBPS/content.opf", F.opf(one, ["c1"], "<dc:title>Т</dc:title>"))
        with z.open("OEBPS/c1.xhtml", "w", force_zip64=True) as fh:
            fh.write(_GOOD.encode())
            for _ in range(300):
                fh.write(b" " * 2**20)
    assert path.stat().st_size < 2_000_000
    with pytest.raises(InputError, match="more than 256 MB") as info:
        read_source(path)
    assert "\n" not in str(info.value)


def test_cli_bad_epub_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = _bad(tmp_path, "not-a-zip")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "bilingual", "translate", str(bad), "-o", str(out), "--no-glossary", "--no-cache", "-q"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert not out.exists() or not any(out.iterdir())
    assert "not a zip archive" in lines[0] and str(bad) in lines[0]


def test_cli_translates_an_epub_end_to_end(tmp_path: Path, epub3: tuple[Path, Document]) -> None:
    """A good EPUB through ``bilingual translate`` (tiny test-double model): the JSON keeps the
    reader's blocks, notes and pictures (not a translation check)."""
    from typer.testing import CliRunner

    from bilingual.cli import app

    path, doc = epub3
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["translate", str(path), "-o", str(out), "--no-glossary", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    saved = Document.load(out / f"{path.stem}.json")
    assert kinds(saved) == kinds(doc) and [b.source for b in saved.blocks] == [b.source for b in doc.blocks]
    assert [b.note_id for b in saved.blocks if b.kind == "note"] == ["fn1"]
    image = next(b for b in saved.blocks if b.kind == "image" and b.source)
    with zipfile.ZipFile(path) as z:
        assert saved.image_bytes(image.image) == z.read("OEBPS/images/pic.png")
    assert {p.suffix for p in out.iterdir()} >= {".docx", ".epub", ".json"}


def test_odd_markup(folder: Path) -> None:
    path = F.build_mixed(folder)
    doc = read_source(path).document
    assert kinds(doc, 0) == ["image"]  # an SVG cover: its picture, not its text
    assert kinds(doc, 1) == [
        "epigraph", "attribution", "paragraph", "paragraph", "paragraph", "paragraph", "separator",
        "paragraph", "note", "paragraph", "subtitle", "paragraph", "list-item", "list-item", "note", "note",
    ]  # fmt: skip
    assert [b.source for b in doc.blocks if b.kind == "paragraph"][:4] == [
        "Начало блока с хвостом после комментария", "Вложенный блок.", "Хвост после вложенного блока.", "Ссылка вокруг блока.",
    ]  # fmt: skip
    assert block(doc, "Первая строка").source == "Первая строка\nВторая строка"  # <pre> keeps its lines
    assert [b.source for b in doc.blocks if b.kind == "list-item"] == ["Пункт списка", "Вложенный пункт"]  # no page number
    notes = {b.note_id: b.source for b in doc.blocks if b.kind == "note"}
    assert notes == {
        "sp1": "Встроенная сноска.", "en1": "Примечание в нумерованном списке.", "dn1": "Определение из словаря примечаний.",
    }  # fmt: skip
    para = block(doc, "Ссылка на")
    assert para.source == "Ссылка на примечание в списке, и на словарное."  # a worded reference keeps its words
    assert [(para.source[: m.start], m.ref) for m in para.marks] == [("Ссылка на примечание в списке", "en1"), ("Ссылка на примечание в списке, и на", "dn1")]
    assert [c.title for c in doc.chapters] == ["", "", "Комментарии"] and doc.meta.date == "2021-02"
    with zipfile.ZipFile(path) as z:
        assert doc.image_bytes(doc.blocks[0].image) == z.read("OEBPS/img/cover.png")
    assert_notes_consistent(doc)
    assert_text_accounted(path, doc, exclude=lambda el: el.get("role") == "doc-backlink")


_ELEMENTS = [
    "p", "div", "section", "blockquote", "h2", "h4", "ul", "ol", "li", "table", "tr", "td", "th", "figure",
    "figcaption", "aside", "header", "pre", "dl", "dt", "dd", "em", "strong", "span", "b", "i", "sup", "sub",
    "code", "a", "small", 'div class="poem"', 'div class="stanza"', 'p class="verse"', 'div class="epigraph"',
    'p class="text-author"', 'span class="line"',
]  # fmt: skip
_LEAF = st.one_of(
    st.lists(_WORDS, min_size=1, max_size=4).map(" ".join).map(lambda t: f" {escape(t)} "),
    _WORDS.map(escape),
    st.sampled_from(["<br/>", "<hr/>", " ", "<!-- заметка -->", "&amp;", "* * *"]),
)


def _render(node: object) -> str:
    if isinstance(node, str):
        return node
    tag, children = node  # type: ignore[misc]
    name = tag.split()[0]
    return f"<{tag}>{''.join(_render(c) for c in children)}</{name}>"


_TREE = st.recursive(_LEAF, lambda kids: st.tuples(st.sampled_from(_ELEMENTS), st.lists(kids, max_size=4)), max_leaves=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(trees=st.lists(_TREE, min_size=1, max_size=5))
def test_any_nesting_reads_every_text_once(tmp_path: Path, trees: list[object]) -> None:
    """Random nestings of block, inline, verse and role elements: every text node with letters
    lands in exactly one block (the accounting check), and nothing crashes."""
    body = "<p>Начало книги.</p>" + "".join(_render(t) for t in trees)
    path = _one_chapter(tmp_path, F.xhtml(body), name="tree.epub")
    doc = read_source(path).document
    assert_text_accounted(path, doc)


def test_missing_container_with_one_package_file(tmp_path: Path) -> None:
    manifest = [("c1", "c1.xhtml", "application/xhtml+xml", "")]
    files = {"OEBPS/content.opf": F.opf(manifest, ["c1"], "<dc:title>Т</dc:title>"), "OEBPS/c1.xhtml": _GOOD}
    result = read_source(F.write_epub(tmp_path / "nocontainer.epub", files, container=False))
    assert [b.source for b in result.document.blocks] == ["Текст книги."]
    assert any("container.xml is missing" in w for w in result.warnings)


@pytest.mark.slow
def test_translated_book_passes_epubcheck(tmp_path: Path, epub3: tuple[Path, Document]) -> None:
    """The reader's document (chapters, notes, pictures) renders into an EPUB that EPUBCheck accepts."""
    from typer.testing import CliRunner

    from bilingual.cli import app

    from epubcheck_util import epubcheck_errors

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["translate", str(epub3[0]), "-o", str(out), "-f", "epub", "--no-glossary", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    assert epubcheck_errors(out / f"{epub3[0].stem}.epub") == []


def test_fb2_converter_style(folder: Path) -> None:
    path = F.build_fb2_style(folder)
    doc = read_source(path).document
    assert kinds(doc) == ["heading2", "verse", "attribution", "paragraph", "verse", "verse", "attribution", "quote", "note", "heading2"]
    assert [b.source for b in doc.blocks if b.kind == "verse"] == ["Строка эпиграфа\nВторая строка", "Раз строка\nДва строка", "Три строка"]
    note = next(b for b in doc.blocks if b.kind == "note")
    assert note.source == "Текст примечания. Второй абзац примечания." and note.chapter == 0  # its number "1" dropped
    assert [m.ref for m in block(doc, "Текст со сноской").marks] == [note.note_id]
    assert_notes_consistent(doc)
    assert_text_accounted(path, doc)
