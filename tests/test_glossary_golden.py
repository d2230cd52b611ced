"""Golden matching cases (tests/data/glossary/*.txt, notation in its README.md), plus properties:
invisible characters and NFD never lose a match, and offsets always index the original text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingual.glossary import Glossary
from bilingual.glossary.match import default_morphology

DATA = Path(__file__).parent / "data" / "glossary"
FILES = sorted(DATA.glob("*.txt"))
_ESC = {"[": "\x01", "]": "\x02", "|": "\x03", "{": "\x04"}
_UNESC = {v: k for k, v in _ESC.items()}


@dataclass
class Case:
    where: str
    entries: list[str]
    text: str
    spans: list[tuple[int, int, str]]  # start, end, entry source
    flags: set[str]

    def glossary(self) -> Glossary:
        return Glossary.from_entries([(e, " ".join(f"W{i}" for i in range(len(e.split())))) for e in self.entries])


def _unescape(s: str) -> str:
    s = re.sub(r"\\u([0-9A-Fa-f]{4})", lambda m: chr(int(m.group(1), 16)), s)
    return "".join(_UNESC.get(c, c) for c in s)


def parse_case(line: str, where: str) -> Case:
    """``ENTRY[; ENTRY…] | text with [span]{Entry} marked[ | flags]`` → a :class:`Case`."""
    protected = re.sub(r"\\([\[\]|{])", lambda m: _ESC[m.group(1)], line)
    cols = [c.strip() for c in protected.split(" | ")]
    assert 2 <= len(cols) <= 3, f"{where}: expected 'entries | text[ | flags]'"
    entries = [_unescape(e.strip()) for e in cols[0].split(";")]
    flags = set(cols[2].split()) if len(cols) == 3 else set()
    nfd = "nfd" in flags
    text, spans = "", []
    for m in re.finditer(r"\[([^\]]*)\](?:\{([^}]*)\})?|([^\[]+)", cols[1]):
        chunk = _unescape(m.group(1) if m.group(1) is not None else m.group(3))
        if nfd:
            chunk = unicodedata.normalize("NFD", chunk)
        if m.group(1) is not None:
            source = m.group(2) or entries[0]
            assert source in entries, f"{where}: {{{source}}} is not one of the entries"
            spans.append((len(text), len(text) + len(chunk), source))
        text += chunk
    return Case(where, entries, text, spans, flags)


def load_cases() -> list[Case]:
    out = []
    for path in FILES:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("#"):
                out.append(parse_case(line, f"{path.name}:{n}"))
    return out


CASES = load_cases()


def test_every_class_has_golden_cases() -> None:
    names = {p.stem for p in FILES}
    assert {"surnames", "yo", "unicode", "initials", "quotes", "lowercase", "compounds", "homoglyphs"} <= names
    assert len(CASES) >= 100
    assert sum(1 for c in CASES if not c.spans) >= 15  # the cases that must not match


def test_parser_reads_the_notation() -> None:
    c = parse_case(r"А; Б | x [yy]{Б} z [w\u00ADw] \[q\]", "t")
    assert c.text == "x yy z w\u00adw [q]"
    assert c.spans == [(2, 4, "Б"), (7, 10, "А")]


@pytest.mark.parametrize("case", CASES, ids=[c.where for c in CASES])
def test_golden(case: Case) -> None:
    matches = case.glossary().find(case.text)
    got = [(m.start, m.end, m.source) for m in matches]
    assert got == case.spans, f"{case.where}: {case.text!r}"
    for m in matches:
        assert m.text == case.text[m.start : m.end]


MATCHED = [c for c in CASES if c.spans]
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060"


@st.composite
def _disturbed(draw: st.DrawFn) -> tuple[Case, str, list[tuple[int, int, str]]]:
    """A golden case with invisible characters inserted inside its matched words (and maybe
    NFD applied), with the spans its matches must have in the disturbed text."""
    case = draw(st.sampled_from(MATCHED))
    nfd = draw(st.booleans())
    inside = sorted({i for s, e, _ in case.spans for i in range(s + 1, e) if case.text[i - 1].isalpha() and case.text[i].isalpha()})
    where = set(draw(st.lists(st.sampled_from(inside), max_size=4))) if inside else set()
    out: list[str] = []
    begin: list[int] = []  # where original character i starts in the disturbed text
    finish: list[int] = []  # and where it ends
    size = 0
    for i, ch in enumerate(case.text):
        if i in where:
            out.append(draw(st.sampled_from(INVISIBLE)))
            size += 1
        piece = unicodedata.normalize("NFD", ch) if nfd else ch
        begin.append(size)
        out.append(piece)
        size += len(piece)
        finish.append(size)
    spans = [(begin[s], finish[e - 1], src) for s, e, src in case.spans]
    return case, "".join(out), spans


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_disturbed())
def test_invisible_characters_and_nfd_keep_every_match(sample: tuple[Case, str, list[tuple[int, int, str]]]) -> None:
    case, text, spans = sample
    matches = case.glossary().find(text)
    assert [(m.start, m.end, m.source) for m in matches] == spans
    for m in matches:
        assert m.text == text[m.start : m.end]


def test_golden_cases_are_deterministic_with_a_cold_morphology() -> None:
    default_morphology().clear()
    case = next(c for c in CASES if c.where.startswith("surnames"))
    assert [(m.start, m.end) for m in case.glossary().find(case.text)] == [(s, e) for s, e, _ in case.spans]


_LATIN_TWIN = {c: l for l, c in __import__("bilingual.glossary.normalize", fromlist=["HOMOGLYPHS"]).HOMOGLYPHS.items()}


@st.composite
def _look_alikes(draw: st.DrawFn) -> tuple[Case, str]:
    """A golden case with some Cyrillic letters of its matched words typed as Latin twins (each
    run of letters keeps at least one Cyrillic letter, as a real typo does)."""
    case = draw(st.sampled_from([c for c in MATCHED if "nfd" not in c.flags]))
    chars = list(case.text)
    for s, e, _ in case.spans:
        for run in re.finditer(r"[^\W\d_]+", case.text[s:e]):
            twins = [s + run.start() + k for k, ch in enumerate(run.group()) if ch in _LATIN_TWIN]
            if len(twins) == len(run.group()):
                twins = twins[1:]  # keep one Cyrillic letter
            for i in draw(st.lists(st.sampled_from(twins), max_size=2, unique=True)) if twins else []:
                chars[i] = _LATIN_TWIN[chars[i]]
    return case, "".join(chars)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_look_alikes())
def test_latin_look_alikes_keep_every_match_and_are_reported(sample: tuple[Case, str]) -> None:
    from bilingual.glossary import spelling_problems

    case, text = sample
    matches = case.glossary().find(text)
    assert [(m.start, m.end, m.source) for m in matches] == case.spans
    reported = {(p.start, p.end) for p in spelling_problems(text)}
    for i, (a, b) in enumerate(zip(case.text, text)):
        if a != b:  # every changed letter lies in a reported word
            assert any(s <= i < e for s, e in reported), (text, i)
