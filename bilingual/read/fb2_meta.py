"""The ``<description>`` of an FB2 book → :class:`~bilingual.model.Metadata`.

``title-info``: ``book-title`` → title, ``author`` (first, middle and last name, or the
nickname) → authors, ``translator`` (named the same way) → translators (of the text as read:
when the Russian book is itself a translation, its translator into Russian), ``lang`` → source
language (the reader's caller has the last word),
``date`` (its ``value``, else its text) → an ISO date when it names a day (ISO or Russian, as
:mod:`bilingual.dates` reads it) or a year ``YYYY``,
``annotation`` → description, ``coverpage`` → the cover images' elements. ``publish-info``:
``publisher``, ``isbn`` (as ``urn:isbn:…``); else ``document-info`` ``id`` → the source's
identifier. ``src-title-info`` describes the original of a translated book: in English, its
``book-title`` is the English title (given by a human); its authors stand in when
``title-info`` names none. Names are the plain ones :func:`bilingual.read.fb2.load_xml` leaves.
"""

from __future__ import annotations

import re

from lxml import etree

from .. import dates
from ..model import Metadata
from .fb2 import text_of

__all__ = ["read_meta", "iso_date"]

_ISBN_PREFIX = re.compile(r"^\s*ISBN[-:\s]*", re.IGNORECASE)


def read_meta(root: etree._Element) -> tuple[Metadata, list[etree._Element]]:
    """The book's metadata and its cover ``<image>`` elements (empty list if none)."""
    meta = Metadata()
    desc = root.find("description")
    if desc is None:
        return meta, []
    info = desc.find("title-info")
    if info is None:
        info = desc.find("src-title-info")
    covers: list[etree._Element] = []
    if info is not None:
        meta.title = text_of(info.find("book-title"))
        meta.authors = _people(info, "author")
        meta.translators = _people(info, "translator")
        meta.source_lang = text_of(info.find("lang")).lower() or meta.source_lang
        meta.date = _date(info.find("date"))
        meta.description = _annotation(info.find("annotation"))
        cover = info.find("coverpage")
        if cover is not None:
            covers = [el for el in cover.iter("image")]
    original = desc.find("src-title-info")
    if original is not None and original is not info:
        if text_of(original.find("lang")).lower().split("-")[0] == "en":
            english = text_of(original.find("book-title"))
            if english and english != meta.title:
                meta.title_target, meta.title_target_origin = english, "human"
        meta.authors = meta.authors or _people(original, "author")
    publish = desc.find("publish-info")
    if publish is not None:
        meta.publisher = text_of(publish.find("publisher"))
        isbn = _ISBN_PREFIX.sub("", text_of(publish.find("isbn"))).replace(" ", "")
        if isbn:
            meta.source_identifier = f"urn:isbn:{isbn}"
    if not meta.source_identifier:
        document = desc.find("document-info")
        if document is not None:
            meta.source_identifier = text_of(document.find("id"))
    return meta, covers


def _people(info: etree._Element, tag: str) -> list[str]:
    """The names of ``info``'s ``<author>`` or ``<translator>`` elements, repeats dropped."""
    return list(dict.fromkeys(a for a in (author_name(el) for el in info.findall(tag)) if a))


def author_name(el: etree._Element) -> str:
    """An ``<author>`` (or ``<translator>``): "first middle last", else the nickname, else its own text."""
    parts = [text_of(el.find(tag)) for tag in ("first-name", "middle-name", "last-name")]
    name = " ".join(p for p in parts if p)
    if name:
        return name
    nickname = text_of(el.find("nickname"))
    if nickname:
        return nickname
    bare = [el.text or ""] + [child.tail or "" for child in el]  # never the e-mail or home page
    return " ".join("".join(bare).split())


def _date(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    return iso_date(el.get("value", "")) or iso_date(text_of(el))


def iso_date(text: str) -> str | None:
    """``text`` as an ISO date when it names a real day — ``1869-03-15``, ``15.03.1869``,
    ``15 марта 1869 г.`` (the forms :mod:`bilingual.dates` reads) — or ``text`` when it is a
    year ``YYYY``; else None."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    return dates.iso_date(text)


def _annotation(el: etree._Element | None) -> str:
    """The annotation's paragraphs (and verse lines), one a line."""
    if el is None:
        return ""
    lines = [text_of(p) for p in el.iter("p", "v", "subtitle", "text-author")]
    lines = [line for line in lines if line]
    return "\n".join(lines) if lines else text_of(el)
