"""The metadata of a saved news page: title, authors, date, site name, canonical URL, description,
rights (``<meta name="copyright">``, ``dc.rights``, JSON-LD ``copyrightNotice``/``license``), and
the citation line :func:`citation` makes of the site and the date ("NEWS.ru, 9 October 2025").

Read from what sites publish for machines, in this order: Open Graph / ``article:*`` meta tags,
schema.org JSON-LD (``NewsArticle`` and kin), ``<meta name=…>``, ``itemprop`` microdata, then the
page itself (the ``<h1>``, ``<time datetime>``, a ``rel=author`` / ``.author`` element, a
Russian date (``12.09.2025 13:45``, ``12 июля 2025``) in a ``.date`` element, the ``<title>`` minus the site's name). A few dozen
lines of look-ups, so no metadata library (trafilatura's guesses read "Автор: Игорь Смолин" as the
author's name and the host name as the site's).
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from .. import dates
from .common import clean_inline

__all__ = ["PageMeta", "page_meta", "iso_date", "citation"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip

_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "report", "scholarlyarticle", "webpage", "liveblogposting"}
_TITLE_SEPARATORS = re.compile(r"\s+[—–|:·•»«/\\-]{1,2}\s+")
_AUTHOR_LABEL = re.compile(r"^(?:автор(?:ы)?(?: материала)?|текст|by)\s*[:—–-]?\s*", re.IGNORECASE)


@dataclass
class PageMeta:
    """What the page says about its article (empty strings where it says nothing)."""

    title: str = ""
    h1: str = ""  #: the page's first ``<h1>``, the article's headline as shown
    authors: list[str] = field(default_factory=list)
    date: str | None = None  #: ISO 8601
    site: str = ""
    url: str = ""
    description: str = ""
    rights: str = ""  #: the page's copyright or licence line


def _fold(text: str | None) -> str:
    return " ".join(clean_inline(text or "").split())


def _text(elem: etree._Element) -> str:
    return _fold("".join(elem.itertext()))


def _meta(tree: etree._Element, *keys: str) -> str:
    """The first non-empty ``<meta property|name|itemprop=KEY content=…>`` among ``keys``."""
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            for elem in tree.iterfind(f".//meta[@{attr}='{key}']"):
                value = _fold(elem.get("content"))
                if value:
                    return value
    return ""


def iso_date(value: str | None) -> str | None:
    """``value`` as ISO 8601, its time kept when it has one (``2025-07-12T09:30:00+03:00``, else
    ``2025-07-12``): an ISO date-time, or the first date :mod:`bilingual.dates` finds in it
    (``12.09.2025 13:45``, ``12 июля 2025, 09:30``); None when it holds no real date."""
    value = (value or "").strip()
    if not value:
        return None
    with contextlib.suppress(ValueError):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    found = dates.parse(value) or dates.search(value)
    return found.iso_datetime() if found else None


# ------------------------------------------------------------------ JSON-LD
def _ld_objects(tree: etree._Element) -> list[dict]:
    """The schema.org article objects of the page's JSON-LD scripts."""
    found: list[dict] = []

    def visit(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                found.append(node)
            visit(node.get("@graph"))

    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        with contextlib.suppress(ValueError, TypeError):
            visit(json.loads(script.text or "", strict=False))
    found.sort(key=lambda obj: str(obj.get("@type")).lower() == "webpage")  # articles before pages
    return found


def _ld_names(value: object) -> list[str]:
    if isinstance(value, list):
        return [n for item in value for n in _ld_names(item)]
    if isinstance(value, dict):
        return _ld_names(value.get("name"))
    return [_fold(value)] if isinstance(value, str) and _fold(value) else []


def _ld(objects: list[dict], key: str) -> object:
    return next((obj[key] for obj in objects if obj.get(key)), None)


# ------------------------------------------------------------------ the fields
def _authors(tree: etree._Element, ld: list[dict]) -> list[str]:
    candidates: list[str] = []
    meta = _meta(tree, "article:author", "author", "og:article:author", "parsely-author", "sailthru.author")
    if meta and not meta.startswith(("http://", "https://")):
        candidates = [meta]
    candidates = candidates or _ld_names(_ld(ld, "author"))
    if not candidates:
        for elem in tree.xpath(".//*[@rel='author' or @itemprop='author' or contains(concat(' ', "
                               "normalize-space(@class), ' '), ' author ') or contains(@class, '__author') "
                               "or contains(@class, 'news-author') or contains(@class, 'byline__author')]"):
            name = elem.find(".//*[@itemprop='name']")
            text = _AUTHOR_LABEL.sub("", _text(name if name is not None else elem))
            if text and len(text) <= 60 and len(text.split()) <= 5:
                candidates.append(text)
                break
    out: list[str] = []
    for name in candidates:
        for part in re.split(r"\s*(?:,|;| и )\s*", name) if len(name) > 40 else [name]:
            if part and part not in out:
                out.append(part)
    return out


def _date(tree: etree._Element, ld: list[dict]) -> str | None:
    for value in (_meta(tree, "article:published_time", "og:article:published_time", "datePublished",
                        "pubdate", "publishdate", "date", "DC.date", "dc.date", "sailthru.date"),
                  _ld(ld, "datePublished"), _ld(ld, "dateCreated")):
        iso = iso_date(value if isinstance(value, str) else None)
        if iso:
            return iso
    for elem in tree.iterfind(".//time[@datetime]"):
        iso = iso_date(elem.get("datetime"))
        if iso:
            return iso
    for elem in tree.xpath(".//*[contains(@class, 'date') or contains(@class, 'time')]"):
        found = dates.search(_text(elem))
        if found:
            return found.iso_datetime()
    return None


def _strip_site(title: str, site: str) -> str:
    """``Headline — Site`` → ``Headline``: the site's name dropped from either end; without a
    known name, a last part of at most three words after the longer headline."""
    seps = list(_TITLE_SEPARATORS.finditer(title))
    if not seps:
        return title
    head, tail = title[: seps[-1].start()], title[seps[-1].end():]
    lead, rest = title[: seps[0].start()], title[seps[0].end():]
    if site and tail.casefold() == site.casefold():
        return head
    if site and lead.casefold() == site.casefold():
        return rest
    if not site and len(tail.split()) <= 3 and len(tail) < len(head):
        return head
    return title


def page_meta(tree: etree._Element) -> PageMeta:
    """The metadata of a parsed page (``lxml.html`` document)."""
    ld = _ld_objects(tree)
    site = _meta(tree, "og:site_name", "application-name", "al:android:app_name")
    if not site:
        site = next(iter(_ld_names(_ld(ld, "publisher"))), "")
    h1 = next((t for t in (_text(e) for e in tree.iter("h1")) if t), "")
    page_title = _fold(tree.findtext(".//title"))
    if not site and h1 and page_title.startswith(h1):  # <title>Headline — Site</title>
        tail = _TITLE_SEPARATORS.match(page_title, len(h1))
        if tail and 0 < len(page_title) - tail.end() <= 60:
            site = page_title[tail.end():]
    title = _meta(tree, "og:title", "twitter:title") or next(iter(_ld_names(_ld(ld, "headline"))), "")
    if not title:
        title = h1 or page_title
    url = ""
    for value in [e.get("href") for e in tree.iterfind(".//link[@rel='canonical']")] + [_meta(tree, "og:url")]:
        if value and value.strip().startswith(("http://", "https://")):
            url = value.strip()
            break
    return PageMeta(
        title=_strip_site(title, site) if title != h1 else title,
        h1=h1,
        authors=_authors(tree, ld),
        date=_date(tree, ld),
        site=site,
        url=url,
        description=_meta(tree, "og:description", "description", "twitter:description"),
        rights=_rights(tree, ld),
    )


def _rights(tree: etree._Element, ld: list[dict]) -> str:
    """The page's copyright or licence line: meta tags, else JSON-LD (a URL licence is kept as is)."""
    found = _meta(tree, "copyright", "dc.rights", "dcterms.rights", "DC.rights", "rights")
    if not found:
        value = _ld(ld, "copyrightNotice") or _ld(ld, "license")
        found = _fold(value) if isinstance(value, str) else ""
    return found


def citation(site: str, date: str | None) -> str:
    """How a reader cites the page: "NEWS.ru, 9 October 2025" (the site, the date in English
    words: day, month or year as far as ``date`` goes); "" without a site."""
    if not site:
        return ""
    match = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date or "")
    if not match:
        return site
    year, month, day = match.groups()
    when = year
    if month and 1 <= int(month) <= 12:
        when = f"{_MONTHS[int(month) - 1]} {year}"
        if day:
            when = f"{int(day)} {when}"
    return f"{site}, {when}"
