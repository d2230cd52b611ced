"""Dates: the shared parser (:mod:`bilingual.dates`), the readers that use it, and an EPUB that
stays valid when the article's date is not a calendar date.

Golden cases use a one-line notation: ``text ⇒ result`` where the result is the ISO date (or
date-time, when the text gave a time), ``-`` for text written like a date that names no real
day, and ``∅`` for text that is not a date at all; ``␣`` stands for a no-break space.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from epubcheck_util import epubcheck_errors
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from bilingual import dates
from bilingual.pipeline import TranslateConfig, translate_file
from bilingual.read import decode, parse_document, read_source
from bilingual.read.epub_meta import parse_date as epub_date
from bilingual.read.fb2_meta import iso_date as fb2_date
from bilingual.read.html_meta import iso_date as html_date
from bilingual.render.common import format_date, parse_date

GOLDEN = r"""
2025-10-09                         ⇒ 2025-10-09
2025-10-09T13:45                   ⇒ 2025-10-09T13:45:00
2025-10-09 13:45:30                ⇒ 2025-10-09T13:45:30
2025-10-09T13:45:00+03:00          ⇒ 2025-10-09T13:45:00+03:00
2025-10-09T13:45:00.5Z             ⇒ 2025-10-09T13:45:00.500000+00:00
2025-10-09T13:45+0300              ⇒ 2025-10-09T13:45:00+03:00
31.12.2025                         ⇒ 2025-12-31
9.10.2025                          ⇒ 2025-10-09
31.12.25                           ⇒ 2025-12-31
31.12.99                           ⇒ 1999-12-31
31.12.2025 г.                      ⇒ 2025-12-31
09.10.2025 13:45                   ⇒ 2025-10-09T13:45:00
09.10.2025, 13:45                  ⇒ 2025-10-09T13:45:00
09.10.2025 в 13:45                 ⇒ 2025-10-09T13:45:00
9 октября 2025                     ⇒ 2025-10-09
9 октября 2025 г.                  ⇒ 2025-10-09
9 октября 2025 года                ⇒ 2025-10-09
9 Октября 2025г.                   ⇒ 2025-10-09
9 окт. 2025                        ⇒ 2025-10-09
9␣октября␣2025                     ⇒ 2025-10-09
1 мая 2024 г., 08:05               ⇒ 2024-05-01T08:05:00
9 October 2025                     ⇒ 2025-10-09
29.02.2024                         ⇒ 2024-02-29
2025-02-30                         ⇒ -
29.02.2025                         ⇒ -
31.13.2025                         ⇒ -
32 октября 2025                    ⇒ -
09.10.2025 25:00                   ⇒ -
2025-10-09T10:00+25:00             ⇒ -
9 котов 2025                       ⇒ ∅
2025                               ⇒ ∅
1869 год                           ⇒ ∅
31.12.202                          ⇒ ∅
вчера                              ⇒ ∅
2025-10-09 и ещё                   ⇒ ∅
"""


def _golden():  # type: ignore[no-untyped-def]
    for line in GOLDEN.strip().splitlines():
        text, expected = (part.strip() for part in line.split("⇒"))
        yield pytest.param(text.replace("␣", "\u00a0"), expected, id=text)


@pytest.mark.parametrize("text,expected", list(_golden()))
def test_golden_dates(text: str, expected: str) -> None:
    found = dates.parse(text)
    got = found.iso_datetime() if found else "-" if dates.is_date_shaped(text) else "∅"
    assert got == expected
    assert dates.iso_date(text) == (expected[:10] if expected not in "-∅" else None)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Опубликовано: 12.09.2025 13:45 | обновлено", "2025-09-12T13:45:00"),
        ("9 котов 2025, а потом 3 мая 2024 г.", "2024-05-03"),
        ("версия 1.12.09.2025", None),  # a dotted number run is not a date
        ("31.12.25", None),  # inside a text a year has four digits
        ("без даты", None),
    ],
)
def test_search_finds_the_first_real_date(text: str, expected: str | None) -> None:
    found = dates.search(text)
    assert (found.iso_datetime() if found else None) == expected


def test_match_at_reports_the_span_and_an_impossible_day() -> None:
    text = "date 9 октября 2025 г. Путин прилетел."
    found = dates.match_at(text, 5)
    assert found is not None and text[found.start : found.end] == "9 октября 2025 г." and found.value is not None
    assert found.value.iso() == "2025-10-09"
    bad = dates.match_at("date 2025-02-30 Путин", 5)
    assert bad is not None and bad.text == "2025-02-30" and bad.value is None
    assert dates.match_at("Дата выхода фильма", 5) is None


_FORMS = [
    lambda d: d.isoformat(),
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"{d.day}.{d.month}.{d.year} г.",
    lambda d: format_date(d.isoformat(), "ru"),  # "9 октября 2025 г.": what the editions print
    lambda d: f"{d.day} {format_date(d.isoformat(), 'ru').split()[1][:3]}. {d.year}",
    lambda d: format_date(d.isoformat(), "en"),
]


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)), st.sampled_from(_FORMS))
def test_property_every_written_form_reads_back(day: dt.date, form) -> None:  # type: ignore[no-untyped-def]
    text = form(day)
    assert dates.parse(text) == dates.ParsedDate(day), text
    assert parse_date(text) == day


@given(st.integers(1, 40), st.integers(1, 14), st.integers(1000, 2999))
def test_property_numeric_dates_are_real_days_or_shaped(day: int, month: int, year: int) -> None:
    """Any dd.mm.yyyy is either the day the calendar has or reported as date-shaped, never a crash."""
    text = f"{day:02d}.{month:02d}.{year}"
    try:
        real = dt.date(year, month, day)
    except ValueError:
        real = None
    assert dates.iso_date(text) == (real.isoformat() if real else None)
    assert dates.is_date_shaped(text)


# ------------------------------------------------------------------ readers
def _read(tmp_path: Path, name: str, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_source(path)


@pytest.mark.parametrize(
    "name,text,expected",
    [
        ("a.txt", "date 31.12.2025\n\nПутин прилетел.", "2025-12-31"),
        ("a.txt", "Дата: 9 октября 2025 г.\n\nПутин прилетел.", "2025-10-09"),
        ("a.txt", "дата 09.10.2025 13:45 Путин прилетел.", "2025-10-09"),
        ("a.txt", "date 2025-10-09T13:45:00+03:00\n\nПутин прилетел.", "2025-10-09"),
        ("a.md", "---\ndate: 31.12.2025\n---\n\nПутин прилетел.", "2025-12-31"),
        ("a.md", "---\ndate: '9 октября 2025 г.'\n---\n\nПутин прилетел.", "2025-10-09"),
        ("a.md", "---\ndate: 2025-10-09 13:45:00 +03:00\n---\n\nПутин прилетел.", "2025-10-09"),
    ],
)
def test_readers_store_russian_dates_as_iso(tmp_path: Path, name: str, text: str, expected: str) -> None:
    result = _read(tmp_path, name, text)
    assert result.document.meta.date == expected and result.warnings == []
    assert [b.source for b in result.document.blocks] == ["Путин прилетел."]


@pytest.mark.parametrize(
    "name,text,raw",
    [
        ("a.md", "---\ntitle: Встреча\ndate: 2025-02-30\n---\n\nПутин прилетел.", "2025-02-30"),
        ("a.md", "---\ndate: вчера\n---\n\nПутин прилетел.", "вчера"),
        ("a.txt", "date 31.13.2025\n\nПутин прилетел.", "31.13.2025"),
        ("a.txt", "Дата: 30 февраля 2025 г.\n\nПутин прилетел.", "30 февраля 2025 г."),
    ],
)
def test_an_impossible_date_is_left_out_with_a_warning(tmp_path: Path, name: str, text: str, raw: str) -> None:
    result = _read(tmp_path, name, text)
    assert result.document.meta.date is None
    assert f"date {raw!r} is not a calendar date; left out of the metadata" in result.warnings
    assert [b.source for b in result.document.blocks] == ["Путин прилетел."]  # never taken for text


def test_a_date_word_without_a_date_stays_text() -> None:
    doc = parse_document(decode("Дата выхода фильма перенесена.\n\nЕщё абзац.".encode()), source_file="a.txt")
    assert doc.meta.date is None and doc.blocks[0].source == "Дата выхода фильма перенесена."


def test_markup_readers_read_russian_dates() -> None:
    assert fb2_date("12.05.2008") == "2008-05-12" and fb2_date("1869") == "1869"
    assert fb2_date("1869 год") is None and fb2_date("2008-02-30") is None
    assert epub_date("31 декабря 2012 г.") == "2012-12-31" and epub_date("2021-02") == "2021-02"
    assert epub_date("0101-01-01T00:00:00+00:00") is None and epub_date("01.01.0101") is None
    assert html_date("2025-07-12T09:30:00+03:00") == "2025-07-12T09:30:00+03:00"
    assert html_date("12 июля 2025, 09:30") == "2025-07-12T09:30:00"
    assert html_date("Обновлено 12.09.2025 13:45") == "2025-09-12T13:45:00"
    assert html_date("2025-02-30") is None and html_date("") is None


def test_render_helpers_read_the_shared_forms() -> None:
    assert parse_date("31.12.2025") == dt.date(2025, 12, 31)
    assert parse_date("2025-10-09T13:45:00+03:00") == dt.date(2025, 10, 9)
    assert parse_date("2025-02-30") is None and parse_date(None) is None
    assert format_date("31.12.2025", "ru") == "31 декабря 2025 г."
    assert format_date("9 октября 2025", "en") == "9 October 2025"
    assert format_date("2025-02-30", "en") == "2025-02-30"  # as given: not a date to reformat


# ------------------------------------------------------------------ editions
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/", "x": "http://www.w3.org/1999/xhtml"}


def _epub_dates(epub: Path) -> tuple[list[str], list[str], list[str]]:
    """dc:date values, <time datetime> values and the title block's date text of an EPUB."""
    with zipfile.ZipFile(epub) as zf:
        opf_name = next(n for n in zf.namelist() if n.endswith(".opf"))
        opf = etree.fromstring(zf.read(opf_name))
        article = etree.fromstring(zf.read(next(n for n in zf.namelist() if n.endswith("article.xhtml"))))
    dc_dates = [el.text for el in opf.iterfind(".//dc:date", NS)]
    datetimes = article.xpath(".//x:time/@datetime", namespaces=NS)
    shown = [" ".join("".join(p.itertext()).split()) for p in article.iterfind(".//x:p[@class='date']", NS)]
    return dc_dates, datetimes, shown


@pytest.mark.slow
@pytest.mark.parametrize(
    "front,dc_date,shown",
    [
        ("2025-02-30", [], []),  # no calendar date: left out of every place a date goes
        ("31.12.2025", ["2025-12-31"], ["31 декабря 2025 г. · 31 December 2025"]),
    ],
)
def test_epub_with_a_front_matter_date_is_valid(tmp_path: Path, front: str, dc_date: list[str], shown: list[str]) -> None:
    src = tmp_path / "a.ru.md"
    src.write_text(f"---\ntitle: Встреча\ndate: {front}\n---\n\nПутин прилетел в Душанбе.\n", encoding="utf-8")
    result = translate_file(src, TranslateConfig(out_dir=tmp_path / "out", formats=("epub",), use_cache=False))
    epub = result.outputs["epub"]
    assert epubcheck_errors(epub) == []
    assert _epub_dates(epub) == (dc_date, dc_date, shown)
    warned = [w for w in result.warnings if "not a calendar date" in w]
    assert warned == ([f"date {front!r} is not a calendar date; left out of the metadata"] if not dc_date else [])


@pytest.mark.slow
def test_a_hand_edited_impossible_date_still_gives_a_valid_epub(tmp_path: Path) -> None:
    """A JSON whose meta.date was edited to "2025-02-30": the title block shows it as text, no
    <time> without datetime, and epubcheck passes."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from docfixtures import sample_document
    from epubcheck_util import epubcheck_errors

    from bilingual.render import RenderOptions, render_document

    doc = sample_document()
    doc.meta.date = "2025-02-30"
    epub = render_document(doc, tmp_path, "edited", ["epub"], RenderOptions())["epub"]
    assert epubcheck_errors(epub) == []
