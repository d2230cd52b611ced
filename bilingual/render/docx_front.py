"""The DOCX edition's front and back matter and its file properties.

The title block opens the document: the title in both languages, the authors, the
translators, the source as a reader cites it, the date, the line saying what made the
translation (:func:`~bilingual.render.common.translation_note`), and, in a draft, a marker
naming how many sentences are untranslated or flagged. The colophon closes it
(:func:`~bilingual.render.common.colophon_lines`). No local path appears in either.

Core properties (``docProps/core.xml``, read back by python-docx's ``core_properties``) hold
only the fields OPC defines, so the people and rights share them this way:

* ``title`` — "Russian title / English title";
* ``author`` (``dc:creator``) — the source's authors, "; "-separated (empty if unknown: the
  program is not an author; it is ``lastModifiedBy``, the application that wrote the file);
* ``comments`` (``dc:description``) — the credits as labelled sentences: "Translated by …",
  the translation note, "Source: …", "Publisher: …", "Rights: …";
* ``subject`` — the source citation (what the document is about: that article or book),
  else "Russian–English bilingual edition";
* ``keywords`` — the languages and "bilingual"; ``category`` — "Bilingual edition";
* ``content_status`` — "Draft" (with the counts) or "Translated";
* ``language`` — en-US, the edition's reading language; ``identifier`` — the stable id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .common import (
    clean_text,
    colophon_lines,
    generator_name,
    made_at,
    people,
    source_line,
    stable_identifier,
    titles,
    translation_note,
)  # fmt: skip
from .common_text import has_cyrillic
from .docx_runs import run_xml
from .docx_styles import (
    AUTHORS,
    COLOPHON,
    COLOPHON_HEAD,
    DRAFT,
    EDITION_NOTE,
    TITLE_EN,
    WORD_LANG,
)
from .docx_xml import Para

if TYPE_CHECKING:
    from ..model import Document
    from .common import TitlePage

__all__ = ["title_block", "colophon", "core_properties"]


def _lang(text: str) -> str:
    """ru for a text with Cyrillic letters (a name as the Russian source spells it), else en."""
    return "ru" if has_cyrillic(text) else "en"


def _line(style: str, text: str, lang: str | None = None) -> Para:
    return Para(style, run_xml(text, lang or _lang(text)))


def title_block(page: TitlePage) -> list[Para]:
    """The paragraphs above the first chapter: the title page of
    :func:`~bilingual.render.common.title_page`, with its draft marker."""
    out = []
    if page.ru_title:
        out.append(_line("Title", page.ru_title, "ru"))
    if page.en_title:
        out.append(_line(TITLE_EN, page.en_title, "en"))
    if page.authors:
        out.append(_line(AUTHORS, page.authors))
    if page.translators:
        out.append(_line(AUTHORS, page.translators))
    if page.source:
        out.append(_line(EDITION_NOTE, page.source))
    if page.publisher:
        out.append(Para(EDITION_NOTE, run_xml("Published by ", "en") + run_xml(page.publisher, _lang(page.publisher))))
    if page.date_ru or page.date_en:
        dates = [run_xml(d, lang) for d, lang in ((page.date_ru, "ru"), (page.date_en, "en")) if d]
        out.append(Para(EDITION_NOTE, run_xml(" · ", "en").join(dates)))
    out.append(_line(EDITION_NOTE, page.note, "en"))
    if page.rights:
        out.append(_line(EDITION_NOTE, page.rights))
    if page.draft:
        out.append(_line(DRAFT, page.draft, "en"))
    out[-1].after = 240
    return out


def colophon(doc: Document, new_page: bool) -> list[Para]:
    """The colophon after the last chapter: a heading and one "label: value" line each."""
    head = Para(COLOPHON_HEAD, run_xml("About this edition", "en"), keep_next=True, page_break=new_page)
    lines = []
    for label, value in colophon_lines(doc):
        value = clean_text(value).strip()
        lines.append(Para(COLOPHON, run_xml(f"{clean_text(label).strip()}: ", "en", ("strong",)) + run_xml(value, _lang(value))))
    for para in lines[:-1]:
        para.keep_next = True  # the colophon stays on one page
    return [head, *lines]


def _credits(doc: Document) -> str:
    meta = doc.meta
    parts = []
    translators = people(meta)[1]
    if translators and meta.model.name != "aligned":  # an aligned translation's note names them
        parts.append(f"Translated by {', '.join(translators)}.")
    for label, value in (("Source", source_line(doc)), ("Publisher", meta.publisher), ("Rights", meta.rights)):
        value = clean_text(value).strip()
        if value:
            parts.append(f"{label}: {value}{'' if value.endswith('.') else '.'}")
    parts.append(translation_note(meta))  # last: the longest part, the one cut at 255 characters
    return " ".join(parts)


def core_properties(word: Any, doc: Document, marker: str) -> None:
    """Fill ``docProps/core.xml`` (see the module docstring for which field holds what)."""
    ru, en = titles(doc)
    made = made_at(doc.meta).replace(tzinfo=None)  # python-docx writes naive datetimes as UTC
    cp = word.core_properties
    cp.title = _short(f"{ru} / {en}" if en and ru else (ru or en))
    cp.author = _short("; ".join(people(doc.meta)[0]))
    cp.comments = _short(_credits(doc))
    cp.subject = _short(source_line(doc) or "Russian–English bilingual edition")
    cp.keywords = "bilingual; Russian; English; ru-RU; en-US; translation"
    cp.category = "Bilingual edition"
    cp.content_status = _short(marker.rstrip(".") if marker else "Translated")
    cp.language = WORD_LANG["en"]
    cp.last_modified_by = _short(generator_name(doc.meta))
    cp.identifier = _short(stable_identifier(doc))
    cp.created = made
    cp.modified = made
    cp.revision = 1
    _app_properties(word, doc)


_APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<Application>bilingual</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>'
            '{company}<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>'
            '<HyperlinksChanged>false</HyperlinksChanged></Properties>')


def _app_properties(word: Any, doc: Document) -> None:
    """Replace python-docx's template ``docProps/app.xml`` ("Microsoft Macintosh Word", page and
    word counts of an empty document) with ours: the application, and the publisher as the
    company Word and LibreOffice show in the document's properties."""
    from xml.sax.saxutils import escape

    publisher = _short(" ".join(clean_text(doc.meta.publisher).split()))
    company = f"<Company>{escape(publisher)}</Company>" if publisher else ""
    for part in word.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APP_XML.format(company=company).encode("utf-8")  # a plain Part: its bytes are its content


def _short(text: str, limit: int = 255) -> str:
    """Core properties hold at most 255 characters (python-docx enforces it)."""
    text = clean_text(text).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
