"""Builders of test DOCX files: python-docx for what it models, raw WordprocessingML for what it
does not (footnotes and endnotes parts, note references, fields, tracked changes, hyperlinks,
text boxes, content controls).

:func:`book_docx` writes a small manuscript touching every feature the DOCX reader handles;
:data:`BOOK` holds the facts tests check against it. :func:`plain_docx` writes paragraphs only.
:func:`docx_texts` lists every ``w:t`` a reader must account for (body and notes).
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

__all__ = [
    "BOOK", "W_NS", "book_docx", "captions_docx", "docx_texts", "libreoffice_docx", "localised_docx", "plain_docx",
    "runs_docx", "tiny_png",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
}
_DECL = " ".join(f'xmlns:{k}="{v}"' for k, v in _NS.items())

#: What :func:`book_docx` holds.
BOOK: dict[str, Any] = {
    "core_title": "Море и маяк",
    "authors": ["Иван Петров", "Мария Сидорова"],
    "date": "2024-05-17",
    "description": "Рукопись для проверки чтения.",
    "alt": "Маяк на скале",
    "caption": "Рисунок 1. Маяк на рассвете",
    "footnotes": {1: "Примечание к первой главе.", 2: "Вторая сноска о береге."},
    "endnotes": {1: "Концевая сноска в конце книги."},
}


def tiny_png(rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid 2×2 RGB PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _xml(fragment: str) -> Any:
    """An element from a WordprocessingML fragment (namespaces declared on its root)."""
    head, rest = fragment.split(">", 1) if not fragment.startswith("<?") else ("", fragment)
    closing = head.endswith("/")
    head = head[:-1] if closing else head
    return etree.fromstring(f"{head} {_DECL}{'/' if closing else ''}>{rest}")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


# --------------------------------------------------------------------------- raw pieces
def note_ref(paragraph: Any, note_id: int, kind: str = "footnote") -> None:
    """Append a run with a ``w:footnoteReference`` (or endnote) to a python-docx paragraph."""
    style = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
    paragraph._p.append(_xml(
        f'<w:r><w:rPr><w:rStyle w:val="{style}"/><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:{kind}Reference w:id="{note_id}"/></w:r>'
    ))


def add_notes_part(document: Any, notes: dict[int, str], kind: str = "footnote") -> None:
    """Add ``word/footnotes.xml`` (or endnotes) with Word's two separator notes and ``notes``,
    related to the document part; python-docx writes its content type and relationship."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = [
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>',
    ]
    for note_id, text in notes.items():
        first, _, rest = text.partition(" ")
        body.append(
            f'<w:{kind} w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>'
            f'{_run(" " + first, "<w:i/>")}{_run(" " + rest)}</w:p></w:{kind}>'
        )
    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s {_DECL}>{"".join(body)}</w:{kind}s>'
    content_type, reltype = (CT.WML_FOOTNOTES, RT.FOOTNOTES) if kind == "footnote" else (CT.WML_ENDNOTES, RT.ENDNOTES)
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, blob.encode(), document.part.package)
    document.part.relate_to(part, reltype)


def add_field(paragraph: Any, instr: str, result: str) -> None:
    """A complex field: its code (never to be read) and its shown result."""
    for piece in ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                  f'<w:r><w:instrText xml:space="preserve"> {_esc(instr)} </w:instrText></w:r>',
                  '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', _run(result),
                  '<w:r><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(_xml(piece))


def add_tracked(paragraph: Any, deleted: str, inserted: str) -> None:
    """A tracked deletion (not to be read) then a tracked insertion (to be read)."""
    paragraph._p.append(_xml(
        f'<w:del w:id="91" w:author="Ред"><w:r><w:delText xml:space="preserve">{_esc(deleted)}</w:delText></w:r></w:del>'
    ))
    paragraph._p.append(_xml(f'<w:ins w:id="92" w:author="Ред">{_run(inserted)}</w:ins>'))


def add_hyperlink(document: Any, paragraph: Any, text: str, url: str) -> None:
    """A hyperlink run to ``url``."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rid = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(_xml(f'<w:hyperlink r:id="{rid}">{_run(text)}</w:hyperlink>'))


def add_textbox(paragraph: Any, text: str) -> None:
    """A text box as Word saves it: DrawingML in ``mc:Choice``, the same text in a VML fallback."""
    box = f'<w:txbxContent><w:p>{_run(text)}</w:p></w:txbxContent>'
    paragraph._p.append(_xml(
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="50" name="Надпись 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
        f'</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>'
        '</mc:Fallback></mc:AlternateContent></w:r>'
    ))


def add_content_control(document: Any, text: str) -> None:
    """A block-level content control (``w:sdt``) holding one paragraph, at the end of the body."""
    body = document.element.body
    body.insert(len(body) - 1, _xml(f'<w:sdt><w:sdtPr/><w:sdtContent><w:p>{_run(text)}</w:p></w:sdtContent></w:sdt>'))


# --------------------------------------------------------------------------- documents
def book_docx(path: Path) -> Path:
    """The manuscript of :data:`BOOK`: title page, two chapters, every block kind and inline feature."""
    import docx

    d = docx.Document()
    cp = d.core_properties
    cp.title, cp.author = BOOK["core_title"], "Иван Петров; Мария Сидорова"
    cp.comments, cp.subject = BOOK["description"], "Тема"
    cp.created = dt.datetime(2024, 5, 17, 10, 30)
    d.add_paragraph("Книга о море", style="Title")
    d.add_paragraph("Повесть в двух главах", style="Subtitle")
    d.add_paragraph("Глава первая", style="Heading 1").runs[0].bold = True  # bold by style: no mark
    p = d.add_paragraph("Он сказал ")
    p.add_run("громко").italic = True
    p.add_run(" и ")
    p.add_run("ясно").bold = True
    p.add_run(".")
    note_ref(p, 1)
    p.add_run(" Потом замолчал.")
    d.add_paragraph("Берег", style="Heading 2")
    d.add_paragraph("Камни", style="Heading 3")
    d.add_paragraph("«Море помнит всё», — говорил отец.", style="Quote")
    d.add_paragraph("Первый пункт списка", style="List Bullet")
    d.add_paragraph("Второй пункт списка", style="List Number")
    table = d.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Объединённая ячейка"
    table.cell(1, 0).text = "Левая ячейка"
    table.cell(1, 1).text = "Правая ячейка"
    d.add_picture(io.BytesIO(tiny_png()))
    d.inline_shapes[0]._inline.docPr.set("descr", BOOK["alt"])
    d.add_paragraph(BOOK["caption"], style="Caption")
    d.add_paragraph("* * *")
    d.add_paragraph("После разрыва сцены.")
    d.add_paragraph("")
    d.add_paragraph("Глава вторая", style="Heading 1")
    p = d.add_paragraph("Строка один")
    p.runs[0].add_break()
    p.add_run("строка два\tи дальше.")
    p = d.add_paragraph("Смотри ")
    add_field(p, "PAGEREF _Toc1 \\h", "страницу пять")
    p.add_run(" о береге.")
    note_ref(p, 2)
    p = d.add_paragraph("Было ")
    add_tracked(p, "удалённое ", "вставленное")
    p.add_run(" слово.")
    note_ref(p, 1, kind="endnote")
    p = d.add_paragraph("Читайте ")
    add_hyperlink(d, p, "на сайте издательства", "https://example.org/книга")
    p = d.add_paragraph("Вода H")
    p.add_run("2").font.subscript = True
    p.add_run("O и площадь м")
    p.add_run("2").font.superscript = True
    p = d.add_paragraph("Стиль: ")
    p.add_run("выделение стилем", style="Emphasis")
    p.add_run(" и ")
    p.add_run("строгий стиль", style="Strong")
    p = d.add_paragraph("Абзац с рамкой.")
    add_textbox(p, "Текст в рамке")
    add_content_control(d, "Текст в элементе управления")
    add_notes_part(d, BOOK["footnotes"], "footnote")
    add_notes_part(d, BOOK["endnotes"], "endnote")
    d.save(str(path))
    return path


def localised_docx(path: Path) -> Path:
    """Styles as a Russian user or LibreOffice names them; no title in the core properties."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml

    d = docx.Document()
    styles = d.styles
    styles.add_style("Заголовок 1", WD_STYLE_TYPE.PARAGRAPH)
    styles.add_style("Цитата", WD_STYLE_TYPE.PARAGRAPH)
    styles.add_style("Глава-подраздел", WD_STYLE_TYPE.PARAGRAPH).base_style = styles["Heading 2"]
    outline = styles.add_style("Мой раздел", WD_STYLE_TYPE.PARAGRAPH)
    outline.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl xmlns:w="{W_NS}" w:val="2"/>'))
    d.add_paragraph("Вступление до первой главы.")
    d.add_paragraph("Название из абзаца", style="Title")
    d.add_paragraph("Первая глава", style="Заголовок 1")
    d.add_paragraph("Подраздел по образцу", style="Глава-подраздел")
    d.add_paragraph("Раздел по уровню структуры", style="Мой раздел")
    d.add_paragraph("Слова в цитате.", style="Цитата")
    p = d.add_paragraph("Уровень прямо в абзаце")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl xmlns:w="{W_NS}" w:val="0"/>'))
    d.add_paragraph("Текст второй главы.")
    for text, num_id in (("Пункт по нумерации", 1), ("Нумерация снята", 0)):
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    d.save(str(path))
    return path


def captions_docx(path: Path) -> Path:
    """Three pictures: a caption above the first, none by the second (the same picture again),
    one below the third; then a table of contents (styled ``toc 1``, inside a TOC field) and a
    field left open (begun, never ended) before a last paragraph."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    d.add_paragraph("Глава с картинками", style="Heading 1")
    d.add_paragraph("Подпись над первой", style="Caption")
    d.add_picture(io.BytesIO(tiny_png((10, 200, 10))))
    d.add_paragraph("Текст после первой картинки.")
    d.add_picture(io.BytesIO(tiny_png((10, 200, 10))))
    d.add_paragraph("Текст после второй картинки.")
    d.add_picture(io.BytesIO(tiny_png((10, 10, 200))))
    d.add_paragraph("Подпись под третьей", style="Caption")
    d.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    first = d.add_paragraph(style="toc 1")
    first._p.append(_xml('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'))
    first._p.append(_xml('<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" </w:instrText></w:r>'))
    first._p.append(_xml('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'))
    first._p.append(_xml(_run("Глава с картинками\t1")))
    d.add_paragraph("Ещё строка оглавления\t2", style="toc 1")
    last = d.add_paragraph("Текст после оглавления.")
    last._p.insert(1, _xml('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    broken = d.add_paragraph("Перед сломанным полем.")  # a field begun, never separated or ended
    broken._p.append(_xml('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'))
    broken._p.append(_xml('<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
    d.add_paragraph("Текст после сломанного поля.")
    d.add_paragraph("Таблица 1. Числа", style="Caption")  # a caption by no picture stays a caption
    d.add_table(rows=1, cols=1).cell(0, 0).text = "Ячейка таблицы"
    d.save(str(path))
    return path


def plain_docx(path: Path, paragraphs: list[str]) -> Path:
    """A document of Normal paragraphs (tabs and newlines as python-docx writes them)."""
    import docx

    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    d.save(str(path))
    return path


def runs_docx(path: Path, paragraphs: list[list[tuple[str, bool]]]) -> Path:
    """Paragraphs of (text, italic) runs, each run followed by a plain one-space run."""
    import docx

    d = docx.Document()
    for runs in paragraphs:
        p = d.add_paragraph()
        for text, italic in runs:
            p.add_run(text).italic = italic
            p.add_run(" ")
    d.save(str(path))
    return path


_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>Книга из LibreOffice</dc:title><meta:initial-creator>Анна Автор</meta:initial-creator>
<meta:creation-date>2023-03-04T12:00:00</meta:creation-date></office:meta>
<office:automatic-styles><style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic"/>
</style:style></office:automatic-styles>
<office:body><office:text>
<text:p text:style-name="Title">Заглавие книги</text:p>
<text:h text:style-name="Heading_20_1" text:outline-level="1">Глава первая</text:h>
<text:p text:style-name="Text_20_body">Текст с <text:span text:style-name="T1">курсивом</text:span>.<text:note text:id="ftn1"
 text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote"
 >Сноска из LibreOffice.</text:p></text:note-body></text:note> Дальше.</text:p>
<text:h text:style-name="Heading_20_2" text:outline-level="2">Раздел</text:h>
<text:p text:style-name="Quotations">Цитата в стиле LibreOffice.</text:p>
<text:list><text:list-item><text:p text:style-name="List_20_Bullet">Пункт один</text:p></text:list-item></text:list>
<table:table><table:table-column table:number-columns-repeated="2"/><table:table-row><table:table-cell
 table:number-columns-spanned="2"><text:p>Широкая ячейка</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
<table:table-row><table:table-cell><text:p>Слева</text:p></table:table-cell><table:table-cell><text:p>Справа</text:p>
</table:table-cell></table:table-row></table:table>
<text:p><draw:frame draw:name="Image1" svg:width="2cm" svg:height="2cm" text:anchor-type="as-char"><draw:image>
<office:binary-data>PNG</office:binary-data></draw:image><svg:desc>Описание картинки</svg:desc></draw:frame></text:p>
<text:p text:style-name="Caption">Рисунок 1. Подпись</text:p>
<text:h text:style-name="Heading_20_1" text:outline-level="1">Глава вторая</text:h>
<text:p>Текст второй главы.</text:p>
</office:text></office:body></office:document>
"""


def libreoffice_docx(folder: Path) -> Path | None:
    """A DOCX as LibreOffice writes it (converted from a flat ODT by ``soffice``), or None when
    LibreOffice is not installed or fails."""
    import base64
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    src = folder / "lo.fodt"
    src.write_text(_FODT.replace("PNG", base64.b64encode(tiny_png()).decode()), encoding="utf-8")
    cmd = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(src)]
    try:
        subprocess.run(cmd, capture_output=True, timeout=180, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    out = folder / "lo.docx"
    return out if out.exists() else None


def docx_texts(path: Path) -> list[str]:
    """Every ``w:t`` text of the body and the notes parts, in order, leaving out what a reader
    must not read: ``mc:Fallback`` copies and Word's separator notes."""
    texts = []
    with zipfile.ZipFile(path) as zf:
        for member in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if member not in zf.namelist():
                continue
            root = etree.fromstring(zf.read(member))
            for t in root.iter(f"{{{W_NS}}}t"):
                ancestors = {a.tag.split("}")[1] for a in t.iterancestors()}
                if "Fallback" in ancestors:
                    continue
                note = next((a for a in t.iterancestors() if a.tag.endswith(("}footnote", "}endnote"))), None)
                if note is not None and note.get(f"{{{W_NS}}}type"):
                    continue
                texts.append(t.text or "")
    return texts
