"""Glossary rows and their values: :class:`Entry`, the columns, and the checks on single values.

The file format is described in :mod:`.tsv`; this module is what an entry *is*, independent of
the file it sits in (imports, the CLI and the matcher use it without reading a file).
"""

from __future__ import annotations

import contextlib
import gc
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import GlossaryError

__all__ = [
    "COLUMNS",
    "EXTRA_COLUMNS",
    "KINDS",
    "MATCH_MODES",
    "Entry",
    "decode_glossary_bytes",
    "source_key",
    "one_letter_problem",
    "control_character",
    "clean_entry",
    "gc_paused",
]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that hold no cycles (the
    rows of a large glossary, its index): collections triggered by allocation alone cost ~40 %
    of a 100,000-entry load and find nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()

#: The three standard columns, in order.
COLUMNS = ("source", "target", "note")
#: Optional columns this tool understands.
EXTRA_COLUMNS = ("kind", "match", "forms", "accept")
#: Documented values of the ``kind`` column (others are accepted and kept).
KINDS = ("person", "place", "org", "acronym", "term", "phrase")
#: Values of the ``match`` column.
MATCH_MODES = ("lemma", "anycase", "exact")


_HAS_WORD = re.compile(r"[^\W_]")
#: Characters no glossary field may hold (TAB separates fields; CR and LF end lines).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def control_character(value: str) -> str | None:
    """A description of the first control character in ``value`` ("U+0000 (NUL)"), or None."""
    found = _CONTROL.search(value)
    if found is None:
        return None
    ch = found.group()
    name = {"\x00": "NUL", "\ufeff": "a byte-order mark", "\x7f": "DEL"}.get(ch) or unicodedata.name(ch, "a control character")
    return f"U+{ord(ch):04X} ({name})"


def one_letter_problem(source: str, *forms: str) -> str | None:
    """Why a one-letter source or form (``в``, ``«А»``) is risky, or None when all are longer."""
    for what, value in [("source", source), *(("form", f) for f in forms)]:
        word = [ch for ch in value if ch.isalnum()]
        if len(word) == 1 and word[0].isalpha():
            return f"one-letter {what} {value.strip()!r} would match every «{word[0]}» standing alone in a text"
    return None


def source_key(source: str) -> str:
    """The identity of a source for duplicate checks: NFC, ё→е, single spaces; case kept."""
    text = unicodedata.normalize("NFC", source).replace("ё", "е").replace("Ё", "Е")
    return " ".join(text.split())


@dataclass(slots=True)
class Entry:
    """One glossary row."""

    source: str
    target: str
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)  #: further columns by header name
    line: int = 0  #: 1-based line number in its file (0 for an entry not from a file)

    @property
    def kind(self) -> str:
        """The ``kind`` column ("" when absent)."""
        return self.extra.get("kind", "")

    @property
    def match(self) -> str:
        """The ``match`` mode: ``lemma`` (default), ``anycase`` or ``exact``."""
        return self.extra.get("match", "") or "lemma"

    @property
    def forms(self) -> list[str]:
        """Extra source spellings from the ``forms`` column."""
        return [f.strip() for f in self.extra.get("forms", "").split("|") if f.strip()]

    @property
    def accept(self) -> list[str]:
        """Other English renderings the QA check accepts (the ``accept`` column)."""
        return [f.strip() for f in self.extra.get("accept", "").split("|") if f.strip()]

    @property
    def variants(self) -> list[str]:
        """The source and its extra forms: everything that is matched in a text."""
        return [self.source, *self.forms]


def decode_glossary_bytes(data: bytes, name: str) -> str:
    """UTF-8 (BOM allowed) bytes → text; a :class:`GlossaryError` names the line of a bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise GlossaryError(f"{name}: the file is UTF-16 text; re-save the glossary as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        offset = err.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data[:offset].count(b"\n") + 1
        raise GlossaryError(
            f"{name}, line {line}: not UTF-8 text (byte 0x{data[offset]:02x}); re-save the glossary as UTF-8"
        ) from None
    return unicodedata.normalize("NFC", text)


def _check_value(value: str, what: str) -> str:
    if any(ch in value for ch in "\t\r\n"):
        raise GlossaryError(f"the {what} {value!r} contains a tab or line break; glossary fields are single-line")
    bad = control_character(value)
    if bad:
        raise GlossaryError(f"the {what} {value!r} contains the control character {bad}; delete it")
    return value.strip()


def clean_entry(entry: Entry) -> Entry:
    """``entry`` with trimmed values; :class:`GlossaryError` for a multi-line, empty or invalid value."""
    clean = Entry(
        source=_check_value(entry.source, "source"),
        target=_check_value(entry.target, "target"),
        note=_check_value(entry.note, "note"),
        extra={k: _check_value(v, k) for k, v in entry.extra.items() if v.strip()},
    )
    if not clean.source or not clean.target:
        raise GlossaryError("both SOURCE and TARGET must be non-empty")
    if not _HAS_WORD.search(clean.source):
        raise GlossaryError(f"the source «{clean.source}» has no letters or digits to look for")
    mode = clean.extra.get("match", "")
    if mode and mode not in MATCH_MODES:
        raise GlossaryError(f"match mode {mode!r} is not one of {', '.join(MATCH_MODES)}")
    return clean


