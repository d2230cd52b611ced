"""EPUB metadata: the OPF's Dublin Core into :class:`~bilingual.model.Metadata`.

Title (the first ``dc:title``; another one in ``xml:lang="en"`` is the English title, given by a
human), authors (``dc:creator`` whose role is ``aut`` or unstated, by the EPUB 2 ``opf:role`` or
an EPUB 3 ``refines`` meta), translators (``dc:creator`` or ``dc:contributor`` of role ``trl``),
language, date (publication first; an ISO date only when it parses), publisher, rights
(``dc:rights``), source (``dc:source``), identifier (the package's unique one), description
(reduced to text: Calibre stores HTML there) and the cover picture (:func:`cover_path`: the
manifest item of ``properties="cover-image"``, else the EPUB 2 ``<meta name="cover">``).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import re

from .. import dates
from ..model import Metadata
from .common import clean_inline
from .epub_package import Element, Package, local

__all__ = ["read_metadata", "parse_date", "cover_path"]

_DC = "http://purl.org/dc/elements/"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


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


def _role(el: Element, roles: dict[str, str]) -> str:
    """A creator's or contributor's MARC relator: ``opf:role``, else its EPUB 3 refinement."""
    role = next((v for k, v in el.attrib.items() if k.endswith("role")), "") or roles.get(el.get("id", ""), "")
    return role.strip().lower()


def _names(metadata: Element, roles: dict[str, str]) -> tuple[list[str], list[str]]:
    """(authors, translators): creators of role ``aut`` or none (else every creator that is no
    translator), and creators or contributors of role ``trl``."""
    creators = [(_text(el), _role(el, roles)) for el in _dc(metadata, "creator") if _text(el)]
    contributors = [(_text(el), _role(el, roles)) for el in _dc(metadata, "contributor") if _text(el)]
    translators = [n for n, role in creators + contributors if role == "trl"]
    authors = [n for n, role in creators if role in ("", "aut")] or [n for n, role in creators if role != "trl"]
    return list(dict.fromkeys(authors)), list(dict.fromkeys(translators))


def _titles(metadata: Element) -> tuple[str, str]:
    """(title, English title): the first ``dc:title``, and another in English, if any."""
    titles = [(t, _text(t)) for t in _dc(metadata, "title") if _text(t)]
    if not titles:
        return "", ""
    lang = lambda el: (el.get(_XML_LANG) or "").lower().split("-")[0]
    main = titles[0][1]
    english = next((text for el, text in titles[1:] if lang(el) == "en" and text != main), "")
    return main, english


def read_metadata(package: Package) -> Metadata:
    """Title (and an English one), authors, translators, language, date, publisher, rights,
    source, identifier and description from the OPF (the cover: :func:`cover_path`)."""
    opf = package.opf
    metadata = next((el for el in opf.iter() if local(el) == "metadata"), opf)
    meta = Metadata(source_format="epub")
    meta.title, english = _titles(metadata)
    if english:
        meta.title_target, meta.title_target_origin = english, "human"
    meta.authors, meta.translators = _names(metadata, _refined_roles(opf))
    language = next((_text(el) for el in _dc(metadata, "language") if _text(el)), "")
    if language:
        meta.source_lang = language.split("-")[0].lower()
    dates = _dc(metadata, "date")
    event = lambda el: next((v for k, v in el.attrib.items() if k.endswith("event")), "").lower()
    dates.sort(key=lambda el: 0 if "publication" in event(el) else 2 if "modification" in event(el) else 1)
    meta.date = next((d for d in (parse_date(_text(el)) for el in dates) if d), None)
    first = lambda name: next((_text(el) for el in _dc(metadata, name) if _text(el)), "")
    meta.publisher, meta.rights, meta.source = first("publisher"), first("rights"), first("source")
    unique = opf.get("unique-identifier", "")
    identifiers = _dc(metadata, "identifier")
    identifiers.sort(key=lambda el: 0 if unique and el.get("id") == unique else 1)
    meta.source_identifier = next((_text(el) for el in identifiers if _text(el)), "")
    meta.description = next((_description("".join(el.itertext())) for el in _dc(metadata, "description")), "")
    return meta


def cover_path(package: Package) -> str | None:
    """The archive path of the cover picture: the manifest item with ``properties="cover-image"``
    (EPUB 3), else the item an EPUB 2 ``<meta name="cover" content="…">`` names (by id, or by
    href as some tools write it); None when there is none or it is missing from the archive."""
    items = list(package.manifest.values())
    found = next((i for i in items if "cover-image" in i.properties), None)
    if found is None:
        content = next(
            ((el.get("content") or "").strip() for el in package.opf.iter()
             if local(el) == "meta" and (el.get("name") or "").strip().lower() == "cover"), "",
        )  # fmt: skip
        found = package.manifest.get(content) or next((i for i in items if content and content in (i.href, i.path)), None)
    if found is None or not found.path:
        return None
    return package.archive.find(found.path)
