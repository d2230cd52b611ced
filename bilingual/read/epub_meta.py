"""EPUB metadata: the OPF's Dublin Core into :class:`~bilingual.model.Metadata`.

Title (the first ``dc:title``), authors (``dc:creator`` whose role is ``aut`` or unstated, by the
EPUB 2 ``opf:role`` or an EPUB 3 ``refines`` meta), language, date (publication first; an ISO
date only when it parses), publisher, identifier (the package's unique one) and description
(reduced to text: Calibre stores HTML there).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import re

from .. import dates
from ..model import Metadata
from .common import clean_inline
from .epub_package import Element, Package, local

__all__ = ["read_metadata", "parse_date"]

_DC = "http://purl.org/dc/elements/"


def _dc(metadata: Element, name: str) -> list[Element]:
    return [
        el for el in metadata.iter()
        if local(el) == name and isinstance(el.tag, str) and el.tag.startswith("{" + _DC)
    ]  # fmt: skip


def _text(el: Element) -> str:
    return " ".join(clean_inline("".join(el.itertext())).split())


def parse_date(text: str) -> str | None:
    """An ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) from the start of ``text``, else a
    Russian day (``31.12.2012``, ``31 декабря 2012 г.``, as :mod:`bilingual.dates` reads it); None
    when neither parses (or for a placeholder year before 1000, as Calibre writes ``0101-01-01``)."""
    m = re.match(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d])", text or "")
    if not m:
        found = dates.parse(text)
        return found.iso() if found and found.day.year >= 1000 else None
    if int(m.group(1)) < 1000:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            return _dt.date(int(year), int(month), int(day)).isoformat()
        if month:
            _dt.date(int(year), int(month), 1)
            return f"{year}-{month}"
    except ValueError:
        return None
    return year


def _refined_roles(opf: Element) -> dict[str, str]:
    """EPUB 3 ``<meta refines="#id" property="role">`` values, by the id they refine."""
    roles = {}
    for el in opf.iter():
        if local(el) == "meta" and el.get("property") == "role" and (el.get("refines") or "").startswith("#"):
            roles[el.get("refines")[1:]] = (el.text or "").strip()
    return roles


def _description(text: str) -> str:
    """The description's text: Calibre stores HTML there (``<p>…</p>``), reduced to its text."""
    if "<" in text and ">" in text:
        import lxml.html

        with contextlib.suppress(Exception):  # not HTML after all: keep the text as it is
            text = lxml.html.fromstring(text).text_content()
    return " ".join(clean_inline(text).split())


def read_metadata(package: Package) -> Metadata:
    """Title, authors, language, date, publisher, identifier and description from the OPF."""
    opf = package.opf
    metadata = next((el for el in opf.iter() if local(el) == "metadata"), opf)
    meta = Metadata(source_format="epub")
    titles = [_text(t) for t in _dc(metadata, "title") if _text(t)]
    meta.title = titles[0] if titles else ""
    roles = _refined_roles(opf)
    creators = []
    for el in _dc(metadata, "creator"):
        role = next((v for k, v in el.attrib.items() if k.endswith("role")), "") or roles.get(el.get("id", ""), "")
        if _text(el):
            creators.append((_text(el), role.strip().lower()))
    authors = [n for n, role in creators if role in ("", "aut")] or [n for n, _ in creators]
    meta.authors = list(dict.fromkeys(authors))
    language = next((_text(el) for el in _dc(metadata, "language") if _text(el)), "")
    if language:
        meta.source_lang = language.split("-")[0].lower()
    dates = _dc(metadata, "date")
    event = lambda el: next((v for k, v in el.attrib.items() if k.endswith("event")), "").lower()
    dates.sort(key=lambda el: 0 if "publication" in event(el) else 2 if "modification" in event(el) else 1)
    meta.date = next((d for d in (parse_date(_text(el)) for el in dates) if d), None)
    meta.publisher = next((_text(el) for el in _dc(metadata, "publisher") if _text(el)), "")
    unique = opf.get("unique-identifier", "")
    identifiers = _dc(metadata, "identifier")
    identifiers.sort(key=lambda el: 0 if unique and el.get("id") == unique else 1)
    meta.source_identifier = next((_text(el) for el in identifiers if _text(el)), "")
    meta.description = next((_description("".join(el.itertext())) for el in _dc(metadata, "description")), "")
    return meta
