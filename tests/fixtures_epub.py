"""Builders of test EPUBs, written with zipfile into a given folder (no reader code involved).

* :func:`build_epub3` — EPUB 3 with a nav document (in the spine), two chapters plus a cover,
  nested sections (h1/h2/h3), a footnote (``epub:type="noteref"`` + ``<aside epub:type="footnote">``),
  a figure with a figcaption, emphasis, a list, a table, a poem, a quote, script/style/nav/svg.
* :func:`build_epub2` — EPUB 2 with an NCX only, an HTML contents page, ``<a href="notes.xhtml#n1">``
  endnotes in a separate notes file (one note spanning a number-only block and two paragraphs),
  ``<a href="#e1">`` notes inside a chapter's notes section, and ``&nbsp;`` entities.
* :func:`build_calibre_like` — bare ``[1]`` markers linking to a notes file with a neutral name,
  whose notes link straight back (the Calibre / FB2-converter pattern).
* :func:`build_paragraphs` — one chapter of given paragraphs (for property tests).
* :func:`write_epub` / :func:`opf` / :func:`xhtml` — the parts, for damaged variants.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = [
    "PNG",
    "CONTAINER",
    "xhtml",
    "opf",
    "write_epub",
    "build_epub3",
    "build_epub2",
    "build_calibre_like",
    "build_paragraphs",
    "EPUB3_TEXT",
]

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""


def _png() -> bytes:
    """A valid 1×1 red PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


PNG = _png()

XHTML11_DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">'


def xhtml(body: str, title: str = "Документ", *, doctype: str = "<!DOCTYPE html>", head_extra: str = "") -> str:
    """A complete XHTML content document around ``body`` (markup, not escaped)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="ru" xml:lang="ru">\n'
        f"<head><title>{escape(title)}</title>{head_extra}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def opf(manifest: list[tuple[str, str, str, str]], spine: list[str], metadata: str, *, version: str = "3.0",
        toc: str = "", unique: str = "bookid") -> str:  # fmt: skip
    """An OPF package: ``manifest`` rows are (id, href, media type, properties)."""
    items = "\n".join(
        f'    <item id="{i}" href="{h}" media-type="{m}"' + (f' properties="{p}"' if p else "") + "/>"
        for i, h, m, p in manifest
    )
    refs = "\n".join(f'    <itemref idref="{r}"/>' for r in spine)
    toc_attr = f' toc="{toc}"' if toc else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="{version}" unique-identifier="{unique}">\n'
        '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">\n'
        f"{metadata}\n  </metadata>\n  <manifest>\n{items}\n  </manifest>\n  <spine{toc_attr}>\n{refs}\n  </spine>\n</package>\n"
    )


def write_epub(path: Path, files: dict[str, str | bytes], *, opf_path: str = "OEBPS/content.opf",
               container: bool = True, mimetype: bool = True) -> Path:  # fmt: skip
    """Write an EPUB zip: ``mimetype`` first and stored, ``META-INF/container.xml`` naming
    ``opf_path``, then ``files`` (archive path → text or bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if mimetype:
            z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        if container:
            z.writestr("META-INF/container.xml", CONTAINER.format(opf=opf_path))
        for name, data in files.items():
            z.writestr(name, data)
    return path


# --------------------------------------------------------------------------- EPUB 3
EPUB3_META = """    <dc:identifier id="bookid">urn:isbn:9785000000001</dc:identifier>
    <dc:title>Тестовая книга</dc:title>
    <dc:creator id="c1">Иван Петров</dc:creator>
    <meta refines="#c1" property="role" scheme="marc:relators">aut</meta>
    <dc:creator id="c2">Пётр Сидоров</dc:creator>
    <dc:creator id="c3">Анна Художница</dc:creator>
    <meta refines="#c3" property="role" scheme="marc:relators">ill</meta>
    <dc:language>ru</dc:language>
    <dc:date>2019-05-03</dc:date>
    <dc:publisher>Издательство «Тест»</dc:publisher>
    <dc:description>&lt;p&gt;Описание &lt;b&gt;книги&lt;/b&gt; для проверки.&lt;/p&gt;</dc:description>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>"""

CHAPTER1 = """<section epub:type="chapter">
<h1>Глава первая</h1>
<p>Он сказал <em>очень громко</em> и ушёл.<a epub:type="noteref" href="#fn1" id="ref1"><sup>1</sup></a> Потом вернулся.</p>
<section>
<h2>Раздел второй</h2>
<p>Текст раздела с <strong>жирным</strong> словом.</p>
<section>
<h3>Подраздел</h3>
<p>Вложенный текст подраздела.</p>
</section>
</section>
<figure><img src="../images/pic.png" alt="Красный квадрат"/><figcaption>Рисунок первый: дом у реки</figcaption></figure>
<ul><li>Первый пункт</li><li>Второй <em>пункт</em></li></ul>
<table><tr><th>Имя</th><th>Город</th></tr><tr><td>Иван</td><td><p>Москва</p></td></tr></table>
<aside epub:type="footnote" id="fn1"><p><a href="#ref1">↩</a> Текст сноски о громком голосе.</p></aside>
</section>"""

CHAPTER2 = """<div class="poem">
<div class="stanza"><p>Мороз и солнце; день чудесный!</p><p>Ещё ты дремлешь, друг прелестный —</p></div>
<div class="stanza"><p>Пора, красавица, проснись:</p><p>Открой сомкнуты негой взоры</p></div>
</div>
<hr/>
<blockquote><p>Цитата из книги.</p><p>Вторая часть цитаты.</p></blockquote>
<div>Прямой текст в блоке div.</div>
<div class="poem"><p>Строка раз,<br/>строка два.</p></div>
<p>Последний абзац с <i>курсивом</i>, H<sub>2</sub>O и x<sup>2</sup>.</p>
<script type="text/javascript">var x = "скрипт";</script>
<nav><p>Навигация внутри главы</p></nav>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text x="0" y="5">Текст в рисунке</text></svg>
<p>Конец <img src="../images/pic.png" alt=""/> второй главы.</p>"""

NAV = """<nav epub:type="toc" id="toc"><h1>Оглавление</h1><ol>
<li><a href="text/chapter1.xhtml">Глава первая</a></li>
<li><a href="text/chapter2.xhtml">Вторая глава из оглавления</a></li>
</ol></nav>"""

COVER = '<div class="cover"><img src="../images/cover.png" alt="Обложка"/></div>'

#: Chapter files of :func:`build_epub3` (archive path → XHTML), for accounting tests.
EPUB3_TEXT = {
    "OEBPS/text/cover.xhtml": xhtml(COVER, "Обложка"),
    "OEBPS/text/chapter1.xhtml": xhtml(CHAPTER1, "Глава 1", head_extra="<style>p { margin: 0 }</style>"),
    "OEBPS/text/chapter2.xhtml": xhtml(CHAPTER2, "Глава 2"),
}


def build_epub3(folder: Path, name: str = "book3.epub") -> Path:
    """The EPUB 3 described in the module docstring."""
    manifest = [
        ("nav", "nav.xhtml", "application/xhtml+xml", "nav"),
        ("cover", "text/cover.xhtml", "application/xhtml+xml", ""),
        ("ch1", "text/chapter1.xhtml", "application/xhtml+xml", ""),
        ("ch2", "text/chapter2.xhtml", "application/xhtml+xml", "svg scripted"),
        ("pic", "images/pic.png", "image/png", ""),
        ("coverimg", "images/cover.png", "image/png", "cover-image"),
        ("css", "style.css", "text/css", ""),
    ]
    files: dict[str, str | bytes] = {
        "OEBPS/content.opf": opf(manifest, ["cover", "nav", "ch1", "ch2"], EPUB3_META),
        "OEBPS/nav.xhtml": xhtml(NAV, "Оглавление"),
        "OEBPS/images/pic.png": PNG,
        "OEBPS/images/cover.png": PNG + b"cover",
        "OEBPS/style.css": "p { text-indent: 1em }",
        **EPUB3_TEXT,
    }
    return write_epub(folder / name, files)


# --------------------------------------------------------------------------- EPUB 2
EPUB2_META = """    <dc:title>Старая книга</dc:title>
    <dc:creator opf:role="aut" opf:file-as="Второй, Автор">Автор Второй</dc:creator>
    <dc:creator opf:role="trl">Переводчик Посторонний</dc:creator>
    <dc:language>ru-RU</dc:language>
    <dc:date opf:event="modification">2020-01-01</dc:date>
    <dc:date opf:event="publication">1999</dc:date>
    <dc:identifier id="uid" opf:scheme="UUID">urn:uuid:12345678-1234-5678-1234-567812345678</dc:identifier>
    <dc:identifier opf:scheme="ISBN">978-5-00-000000-2</dc:identifier>"""

CONTENTS2 = """<h1>Содержание</h1>
<p><a href="ch1.xhtml#c1">Глава 1. Начало</a></p>
<p><a href="ch2.xhtml">Глава без заголовка</a></p>
<p><a href="notes.xhtml">Примечания</a></p>"""

CH1_2 = """<h1 id="c1">Глава 1. Начало</h1>
<p>Первый&nbsp;абзац со сноской<a href="notes.xhtml#n1" id="r1">[1]</a> и ещё одной<a href="notes.xhtml#n2" id="r2"><sup>[2]</sup></a>.</p>
<p>Второй абзац главы&#160;— без сносок.</p>"""

CH2_2 = """<p>Глава без заголовка начинается здесь<a href="notes.xhtml#n3" id="r3">3</a>.</p>
<p>Снова первая сноска<a href="notes.xhtml#n1" id="r1b">[1]</a> и внутренняя<a href="#e1" id="re1">*</a>.</p>
<div class="notes"><p id="e1"><a href="#re1">*</a> Сноска в той же главе.</p></div>"""

NOTES2 = """<h1>Примечания</h1>
<p id="n1"><a href="ch1.xhtml#r1">[1]</a> Первое примечание.</p>
<p id="n2"><a href="ch1.xhtml#r2">[2]</a> Второе примечание, <em>важное</em>.</p>
<p id="n3"><a href="ch2.xhtml#r3">3</a></p>
<p>Третье примечание из двух абзацев.</p>
<p>Второй абзац третьего.</p>"""

NCX = """<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
<head><meta name="dtb:uid" content="urn:uuid:12345678-1234-5678-1234-567812345678"/></head>
<docTitle><text>Старая книга</text></docTitle>
<navMap>
<navPoint id="p1" playOrder="1"><navLabel><text>Глава 1</text></navLabel><content src="Text/ch1.xhtml"/></navPoint>
<navPoint id="p2" playOrder="2"><navLabel><text>Вторая глава (NCX)</text></navLabel><content src="Text/ch2.xhtml"/></navPoint>
<navPoint id="p3" playOrder="3"><navLabel><text>Примечания</text></navLabel><content src="Text/notes.xhtml"/></navPoint>
</navMap>
</ncx>
"""

#: Chapter files of :func:`build_epub2`.
EPUB2_TEXT = {
    "OPS/Text/contents.xhtml": xhtml(CONTENTS2, "Содержание", doctype=XHTML11_DOCTYPE),
    "OPS/Text/ch1.xhtml": xhtml(CH1_2, "Глава 1", doctype=XHTML11_DOCTYPE),
    "OPS/Text/ch2.xhtml": xhtml(CH2_2, "Глава 2", doctype=XHTML11_DOCTYPE),
    "OPS/Text/notes.xhtml": xhtml(NOTES2, "Примечания", doctype=XHTML11_DOCTYPE),
}


def build_epub2(folder: Path, name: str = "book2.epub") -> Path:
    """The EPUB 2 described in the module docstring."""
    manifest = [
        ("ncx", "toc.ncx", "application/x-dtbncx+xml", ""),
        ("contents", "Text/contents.xhtml", "application/xhtml+xml", ""),
        ("ch1", "Text/ch1.xhtml", "application/xhtml+xml", ""),
        ("ch2", "Text/ch2.xhtml", "application/xhtml+xml", ""),
        ("notes", "Text/notes.xhtml", "application/xhtml+xml", ""),
    ]
    files: dict[str, str | bytes] = {
        "OPS/content.opf": opf(manifest, ["contents", "ch1", "ch2", "notes"], EPUB2_META, version="2.0", toc="ncx", unique="uid"),
        "OPS/toc.ncx": NCX,
        **EPUB2_TEXT,
    }
    return write_epub(folder / name, files, opf_path="OPS/content.opf")


# --------------------------------------------------------------------------- Calibre-like
CALIBRE_TEXT = {
    "index_split_000.xhtml": xhtml(
        '<h2>Часть первая</h2>\n<p class="calibre1">Слово со ссылкой<a id="back1" href="index_split_001.xhtml#fn1">'
        '<span class="calibre2">1</span></a> в тексте. А вот <a href="index_split_000.xhtml#top">ссылка наверх</a>.</p>\n'
        '<p id="top">Абзац-цель обычной ссылки.</p>'
    ),
    "index_split_001.xhtml": xhtml(
        '<p class="calibre1" id="fn1"><a href="index_split_000.xhtml#back1">1</a> Сноска в духе Calibre.</p>'
    ),
}


def build_calibre_like(folder: Path, name: str = "calibre.epub") -> Path:
    """Bare markers and a neutral-named notes file whose notes link straight back."""
    manifest = [(f"s{i}", href, "application/xhtml+xml", "") for i, href in enumerate(CALIBRE_TEXT)]
    meta = '    <dc:identifier id="bookid">calibre:1</dc:identifier>\n    <dc:title>Кэлибр</dc:title>\n    <dc:date>0101-01-01T00:00:00+00:00</dc:date>'
    files: dict[str, str | bytes] = {"content.opf": opf(manifest, [m[0] for m in manifest], meta, version="2.0"), **CALIBRE_TEXT}
    return write_epub(folder / name, files, opf_path="content.opf")


def build_paragraphs(folder: Path, paragraphs: list[str], name: str = "paragraphs.epub") -> Path:
    """One chapter holding ``paragraphs`` (plain text, escaped here) as ``<p>`` elements."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    manifest = [("c1", "c1.xhtml", "application/xhtml+xml", "")]
    meta = '    <dc:identifier id="bookid">x</dc:identifier>\n    <dc:title>Абзацы</dc:title>'
    files: dict[str, str | bytes] = {"OEBPS/content.opf": opf(manifest, ["c1"], meta), "OEBPS/c1.xhtml": xhtml(body)}
    return write_epub(folder / name, files)


# --------------------------------------------------------------------------- odd markup
MIXED_COVER = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
    '<image width="10" height="10" xlink:href="../img/cover.png"/><text>Надпись на обложке</text></svg>'
)

MIXED_BODY = """<div class="epigraph"><p>Эпиграф к главе.</p><p class="text-author">Автор эпиграфа</p></div>
<div>Начало блока <!-- комментарий -->с хвостом после комментария
  <div>Вложенный блок.</div>
  Хвост после вложенного блока.
  <a href="#x"><div>Ссылка вокруг блока.</div></a>
</div>
<p>* * *</p>
<p>Абзац со встроенной сноской<a epub:type="noteref" href="#sp1">2</a><span epub:type="footnote" id="sp1">Встроенная сноска.</span> и продолжением.</p>
<pre>Первая строка
Вторая строка</pre>
<p class="subtitle">Подзаголовок раздела</p>
<p>Ссылка на <a href="notes.xhtml#en1" role="doc-noteref">примечание в списке</a>, и на <a href="notes.xhtml#dn1">[3]</a> словарное.</p>
<ol><li>Пункт <span epub:type="pagebreak" id="page5" title="5">5</span>списка<ol><li>Вложенный пункт</li></ol></li></ol>"""

MIXED_NOTES = """<section epub:type="endnotes" role="doc-endnotes"><h2>Комментарии</h2>
<ol><li id="en1" role="doc-endnote"><p>Примечание в нумерованном списке. <a href="mixed.xhtml" role="doc-backlink">Назад</a></p></li></ol>
<dl class="notes"><dt id="dn1"><a href="mixed.xhtml">3</a></dt><dd>Определение из словаря примечаний.</dd></dl>
</section>"""

#: Chapter files of :func:`build_mixed`.
MIXED_TEXT = {
    "OEBPS/text/cover.xhtml": xhtml(MIXED_COVER, "Обложка"),
    "OEBPS/text/mixed.xhtml": xhtml(MIXED_BODY, "Смесь"),
    "OEBPS/text/notes.xhtml": xhtml(MIXED_NOTES, "Комментарии"),
}


def build_mixed(folder: Path, name: str = "mixed.epub") -> Path:
    """Odd but valid markup: an SVG cover, an epigraph with its author, mixed content with
    comments and nested blocks, a scene break, an inline footnote, ``<pre>``, a subtitle,
    endnotes in an ``<ol>`` (``role`` doc-noteref/doc-endnote/doc-backlink), a ``<dl>`` note."""
    manifest = [
        ("cover", "text/cover.xhtml", "application/xhtml+xml", "svg"),
        ("mixed", "text/mixed.xhtml", "application/xhtml+xml", ""),
        ("notes", "text/notes.xhtml", "application/xhtml+xml", ""),
        ("img", "img/cover.png", "image/png", "cover-image"),
    ]
    meta = '    <dc:identifier id="bookid">mixed</dc:identifier>\n    <dc:title>Смесь</dc:title>\n    <dc:date>2021-02</dc:date>'
    files: dict[str, str | bytes] = {
        "OEBPS/content.opf": opf(manifest, ["cover", "mixed", "notes"], meta),
        "OEBPS/img/cover.png": PNG,
        **MIXED_TEXT,
    }
    return write_epub(folder / name, files)


# --------------------------------------------------------------------------- FB2-converter style
FB2_STYLE_TEXT = {
    "OEBPS/ch.xhtml": xhtml("""<div class="section"><h2 class="title">Глава первая</h2>
<div class="epigraph"><div class="poem"><div class="stanza"><p class="v">Строка эпиграфа</p><p class="v">Вторая строка</p></div></div>
<p class="text-author">Пушкин</p></div>
<p>Текст со сноской<a class="note" type="note" href="notes.xhtml#n_1" id="back_n_1"><sup>[1]</sup></a>.</p>
<div class="poem"><p class="v">Раз строка</p><p class="v">Два строка</p><p class="empty-line"/><p class="v">Три строка</p>
<p class="text-author">Неизвестный поэт</p></div>
<div class="cite"><p>Цитата в духе FB2.</p></div></div>"""),
    "OEBPS/notes.xhtml": xhtml("""<div class="section"><h2>Примечания</h2>
<div class="section" id="n_1"><h3 class="title"><a href="ch.xhtml#back_n_1">1</a></h3>
<p>Текст примечания.</p><p>Второй абзац примечания.</p></div></div>"""),
}


def build_fb2_style(folder: Path, name: str = "fb2style.epub") -> Path:
    """What FB2→EPUB converters write: div sections, poems of ``<p class="v">`` lines broken by
    ``empty-line``, epigraph and ``text-author``, ``cite``, notes as sections with a numeric title."""
    manifest = [("c", "ch.xhtml", "application/xhtml+xml", ""), ("n", "notes.xhtml", "application/xhtml+xml", "")]
    files: dict[str, str | bytes] = {"OEBPS/content.opf": opf(manifest, ["c", "n"], "    <dc:title>Т</dc:title>"), **FB2_STYLE_TEXT}
    return write_epub(folder / name, files)
