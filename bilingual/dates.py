"""Dates as Russian articles and books write them, read into calendar dates (ISO 8601).

>>> iso_date("9 октября 2025 г.")
'2025-10-09'
>>> iso_date("31.12.25"), iso_date("2025-02-30")
('2025-12-31', None)

Formats read (letter case and surrounding white space do not matter):

* ISO 8601: ``2025-10-09``, with a time ``2025-10-09T13:45``, ``2025-10-09 13:45:30.5``, and a
  zone ``Z``, ``+03:00``, ``+0300`` or ``+03``;
* numeric: ``09.10.2025``, ``9.10.2025``, ``09.10.25`` (a two-digit year reads as strptime's
  ``%y``: 00–68 are 2000–2068, 69–99 are 1969–1999), optionally ``г.``, and a time
  ``09.10.2025 13:45``, ``09.10.2025, 13:45``, ``09.10.2025 в 13:45``;
* words: ``9 октября 2025``, ``9 окт. 2025``, ``9 октября 2025 г.``, ``9 октября 2025 года``
  (genitive, nominative or abbreviated Russian month names; English ones too), with the same
  optional time. A no-break space may stand for any space.

A text *shaped* like one of these with numbers that name no day (``2025-02-30``, ``31.13.2025``,
``25:00``) is reported as a date-shaped match without a value, so a reader can say the date is
wrong instead of taking it for text.

Why hand-written: the library that reads Russian dates (``dateparser``) is large, slow to import
and lenient by design — it reads ``вчера`` or a lone ``9`` relative to today, so a re-run would
not give the same document. Here every format is one fixed pattern, each of whose repeats is
followed by a character it cannot match (no backtracking beyond a linear scan), and the
calendar check is the standard library's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

__all__ = ["ParsedDate", "DateMatch", "parse", "iso_date", "search", "match_at", "is_date_shaped"]

_MONTH_NAMES = {
    1: "января январь янв jan january",
    2: "февраля февраль фев февр feb february",
    3: "марта март мар mar march",
    4: "апреля апрель апр apr april",
    5: "мая май may",
    6: "июня июнь июн jun june",
    7: "июля июль июл jul july",
    8: "августа август авг aug august",
    9: "сентября сентябрь сен сент sep sept september",
    10: "октября октябрь окт oct october",
    11: "ноября ноябрь ноя нояб nov november",
    12: "декабря декабрь дек dec december",
}
#: Month word (lower case, no final dot) → month number.
MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}

_SP = r"[ \t\u00a0\u202f]"  # a space, a tab or a no-break space


def _clock_re(f: str) -> str:
    """A time of day ``13:45[:30[.5]]``; group names start with the format's letter ``f``."""
    return rf"(?P<{f}h>\d{{1,2}}):(?P<{f}mi>\d{{2}})(?::(?P<{f}s>\d{{2}})(?:[.,](?P<{f}us>\d{{1,9}}))?)?"


def _families(short_year: bool) -> str:
    """The three formats as one alternation (groups: ``i…`` ISO, ``n…`` numeric, ``w…`` words)."""
    year = r"\d{4}|\d{2}" if short_year else r"\d{4}"
    iso = (
        rf"(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})"
        rf"(?:(?:T|{_SP}+){_clock_re('i')}(?:{_SP}*(?P<itz>Z|[+-]\d{{2}}(?::?\d{{2}})?))?)?"
    )
    numeric = (
        rf"(?P<nd>\d{{1,2}})\.(?P<nm>\d{{1,2}})\.(?P<ny>{year})(?!\d)(?:{_SP}*г\.?)?"
        rf"(?:(?:,{_SP}*|{_SP}+)(?:в{_SP}+)?{_clock_re('n')})?"
    )
    words = (
        rf"(?P<wd>\d{{1,2}}){_SP}+(?P<wm>[^\W\d_]+)\.?{_SP}+(?P<wy>\d{{4}})(?!\d)(?:{_SP}*г(?:ода?|\.)?)?"
        rf"(?:(?:,{_SP}*|{_SP}+)(?:в{_SP}+)?{_clock_re('w')})?"
    )
    return f"(?:{iso}|{numeric}|{words})"


_FULL = re.compile(_families(True), re.IGNORECASE)
_PREFIX = re.compile(_families(True) + r"(?!\w)", re.IGNORECASE)
_SEARCH = re.compile(r"(?<![\w.])" + _families(False) + r"(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedDate:
    """A calendar day and, when the text gave one, its time of day (aware when it had a zone)."""

    day: date
    clock: time | None = None

    def iso(self) -> str:
        """The day as ``YYYY-MM-DD``."""
        return self.day.isoformat()

    def iso_datetime(self) -> str:
        """``YYYY-MM-DDTHH:MM:SS[+HH:MM]`` when a time was given, else :meth:`iso`."""
        if self.clock is None:
            return self.iso()
        return datetime.combine(self.day, self.clock).isoformat()


@dataclass(frozen=True)
class DateMatch:
    """Date-shaped text at ``text[start:end]``; ``value`` is None when it names no real day."""

    start: int
    end: int
    text: str
    value: ParsedDate | None


def _zone(text: str | None) -> timezone | None:
    """The zone of ``Z``/``±HH[:MM]``, None when absent; ValueError when out of range."""
    if not text:
        return None
    if text.upper() == "Z":
        return timezone.utc
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"no zone {text}")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if text[0] == "-" else offset)


def _clock(g: dict[str, str | None], f: str) -> time | None:
    """The time of day in format ``f``'s groups, None when absent; ValueError when not a real time."""
    hour = g.get(f + "h")
    if hour is None:
        return None
    micro = int(((g.get(f + "us") or "") + "000000")[:6])
    return time(int(hour), int(g[f + "mi"] or 0), int(g.get(f + "s") or 0), micro, tzinfo=_zone(g.get(f + "tz")))


def _format(m: re.Match[str]) -> str | None:
    """Which format matched (``i``, ``n`` or ``w``); None when a word that is no month stands in
    the month's place (then it is not a date at all)."""
    g = m.groupdict()
    f = next(f for f in "inw" if g[f + "d"] is not None)
    if f == "w" and g["wm"].lower().rstrip(".") not in MONTHS:
        return None
    return f


def _value(m: re.Match[str], f: str) -> ParsedDate | None:
    """The date a match of format ``f`` names; None when its numbers name no real day or time."""
    g = m.groupdict()
    year_text = g[f + "y"] or ""
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 69 else 1900
    month = MONTHS[g["wm"].lower().rstrip(".")] if f == "w" else int(g[f + "m"] or 0)
    try:
        return ParsedDate(date(year, month, int(g[f + "d"] or 0)), _clock(g, f))
    except ValueError:
        return None


def match_at(text: str, pos: int = 0) -> DateMatch | None:
    """Date-shaped text starting exactly at ``text[pos]`` and ending at a word boundary (the
    longest such), or None. Its ``value`` is None when the numbers name no real day."""
    m = _PREFIX.match(text, pos)
    f = _format(m) if m else None
    if m is None or f is None:
        return None
    return DateMatch(m.start(), m.end(), m.group(), _value(m, f))


def parse(text: str | None) -> ParsedDate | None:
    """The date ``text`` is (all of it, outer white space aside), or None."""
    m = _FULL.fullmatch((text or "").strip())
    f = _format(m) if m else None
    return _value(m, f) if m and f else None


def iso_date(text: str | None) -> str | None:
    """``text`` as an ISO date ``YYYY-MM-DD`` (any time of day dropped), or None."""
    found = parse(text)
    return found.iso() if found else None


def is_date_shaped(text: str | None) -> bool:
    """Whether ``text`` is written like a date in one of the formats, real day or not."""
    m = _FULL.fullmatch((text or "").strip())
    return m is not None and _format(m) is not None


def search(text: str | None) -> ParsedDate | None:
    """The first real date written inside ``text`` (four-digit years only), or None."""
    for m in _SEARCH.finditer(text or ""):
        f = _format(m)
        found = _value(m, f) if f else None
        if found:
            return found
    return None
