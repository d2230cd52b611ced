r"""The glossary file: UTF-8 TSV, parsed and edited line by line so comments and order survive.

Format (the columns OmegaT and DeepL read, plus optional extras)::

    # comment lines start with '#'; blank lines are allowed
    source<TAB>target<TAB>note<TAB>kind<TAB>match<TAB>forms<TAB>accept
    Владимир Путин<TAB>Vladimir Putin<TAB>Russian president<TAB>person

* ``source`` — the Russian term in its dictionary form (nominative), e.g. ``Госдума``.
  A source that starts with a capital letter is a proper noun: it only matches capitalised text.
* ``target`` — the English the translation must contain, in its own casing.
* ``note`` — free text for people (optional).
* ``kind`` (optional) — ``person``, ``place``, ``org``, ``acronym``, ``term`` or ``phrase``;
  informational (``list``/``suggest`` show it), matching does not depend on it.
* ``match`` (optional) — ``lemma`` (default: any inflection, capitalised words must be
  capitalised in the text), ``anycase`` (any inflection, capitalisation ignored) or
  ``exact`` (the exact characters, case-sensitive, no inflection).
* ``forms`` (optional) — extra source spellings separated by ``|`` that map to the same
  target (``МИДа|МИДе`` for an abbreviation the morphology does not inflect).
* ``accept`` (optional) — other English renderings, separated by ``|``, that the QA check
  accepts where the term occurs (``Russian`` for Россия: «Президент России» → "the Russian
  President"). The engine is still given ``target``; this only stops false alarms on good English.

The header line is optional: a file whose first row is not ``source<TAB>target…`` is read as
three columns ``source, target, note`` (an OmegaT glossary). Other header names are kept and
written back untouched, but ignored. Fields are trimmed; a row may leave trailing columns out.

Rows and single values (:class:`Entry`, the columns, the value checks) live in :mod:`.entry`
and are re-exported here.

Edge cases, decided:

* A line whose first non-blank character is ``#`` is a comment (as in OmegaT), commented-out
  entries included. A source that starts with ``#`` is written ``\#`` (``\#хэштег<TAB>hashtag``
  is the entry «#хэштег»); one leading backslash before ``#`` is dropped on reading and added on
  writing, so edits round-trip.
* Line ends may be LF, CRLF or CR alone (old Mac files), even mixed; saving writes LF.
* A byte-order mark at the start of any line (files joined with ``cat``) is dropped; elsewhere,
  and for control characters (NUL, U+0001–U+001F but TAB, DEL, U+0080–U+009F, U+2028/9) in any
  row, the file is refused naming the line and column. A second header row is refused too.
* A one-letter source (``в``, ``А``) would match every such word standing alone, so
  :func:`one_letter_problem` says why; :meth:`Glossary.add <bilingual.glossary.core.Glossary.add>`
  and :func:`~bilingual.glossary.exchange.import_glossary` refuse it unless forced.

:class:`GlossaryFile` keeps every line verbatim; :meth:`GlossaryFile.add` appends or replaces a
single line and :meth:`GlossaryFile.remove` deletes lines, so comments, blank lines and the
order of everything else never change. Errors name the file and the line. :meth:`GlossaryFile.save`
writes under the file's lock and refuses to overwrite changes another command made since the read.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GlossaryError
from .entry import (
    _CONTROL,
    _HAS_WORD,
    COLUMNS,
    EXTRA_COLUMNS,
    KINDS,
    MATCH_MODES,
    Entry,
    clean_entry,
    control_character,
    decode_glossary_bytes,
    gc_paused,
    one_letter_problem,
    source_key,
)

__all__ = [
    "COLUMNS",
    "EXTRA_COLUMNS",
    "KINDS",
    "MATCH_MODES",
    "Entry",
    "GlossaryFile",
    "parse_glossary_text",
    "decode_glossary_bytes",
    "source_key",
    "one_letter_problem",
    "control_character",
    "clean_entry",
]

_LINE_END = re.compile(r"\r\n|\r|\n")
_ESCAPED_HASH = re.compile(r"\\+#")  # a source written \# (or \\# …)


def _parsed_key(source: str) -> str:
    """:func:`source_key` of a source read from a file (already NFC: the whole text was composed)."""
    return " ".join(source.replace("ё", "е").replace("Ё", "Е").split())


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _is_blank(line: str) -> bool:
    return not line.strip()


@dataclass
class GlossaryFile:
    """A glossary file as lines: entries are parsed from them, edits rewrite single lines."""

    path: Path | None
    lines: list[str]
    columns: list[str] = field(default_factory=lambda: list(COLUMNS))
    header_line: int | None = None  #: 0-based index of the header line, None without header
    entries: list[Entry] = field(default_factory=list)
    data: bytes = b""  #: the bytes last read or written (their SHA-256 identifies the glossary)
    _by_key: dict[str, list[Entry]] = field(default_factory=dict, repr=False)
    #: (file, SHA-256 of its bytes) when read from or last written to disk; None for a new glossary
    _disk: tuple[Path, str] | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ reading
    @classmethod
    def read(cls, path: str | Path) -> GlossaryFile:
        """Read and parse ``path``; :class:`GlossaryError` for a missing or malformed file."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise GlossaryError(
                f"{path}: no such glossary file; create it with 'bilingual glossary add SOURCE TARGET -g {path}'"
            ) from None
        except IsADirectoryError:
            raise GlossaryError(f"{path} is a folder; give the path of a .tsv glossary file") from None
        except OSError as err:
            raise GlossaryError(f"{path}: cannot read it ({err.strerror or err})") from None
        gf = cls.parse(data, path)
        gf._disk = (path, hashlib.sha256(data).hexdigest())
        return gf

    @classmethod
    def parse(cls, data: bytes | str, path: Path | None = None) -> GlossaryFile:
        """Parse glossary bytes (or text); ``path`` is only used in messages."""
        name = str(path) if path is not None else "glossary"
        if isinstance(data, str):
            text, raw = unicodedata.normalize("NFC", data), data.encode("utf-8")
        else:
            text, raw = decode_glossary_bytes(data, name), data
        lines = [ln.lstrip("\ufeff") for ln in _LINE_END.split(text)]  # a BOM opening a joined file
        if lines and lines[-1] == "":
            lines.pop()
        gf = cls(path=path, lines=lines, data=raw)
        gf._parse()
        return gf

    @classmethod
    def new(cls, path: Path | None, columns: Iterable[str] = COLUMNS) -> GlossaryFile:
        """An empty glossary with a header line (not written until :meth:`save`)."""
        columns = list(columns)
        return cls(path=path, lines=["\t".join(columns)], columns=columns, header_line=0)

    def _where(self, index: int) -> str:
        name = str(self.path) if self.path is not None else "glossary"
        return f"{name}, line {index + 1}"

    def _parse(self) -> None:
        with gc_paused():
            self._parse_lines()

    def _parse_lines(self) -> None:
        self.entries = []
        self._by_key = {}
        self.columns, self.header_line = list(COLUMNS), None
        seen: dict[str, Entry] = {}
        controls = _CONTROL.search("\n".join(self.lines)) is not None  # one scan, not one per line
        for i, line in enumerate(self.lines):
            first = line[:1]
            if first == "#" or (first.isspace() and _is_comment(line)):
                continue
            if controls:
                self._check_controls(i, line)
            if not first or (first.isspace() and _is_blank(line)):
                continue
            cells = [c.strip() for c in line.split("\t")]
            if cells[0][:1] in "sS" and _looks_like_header(cells):
                if self.entries or self.header_line is not None:
                    raise GlossaryError(f"{self._where(i)}: a second header line (two glossaries joined?); delete this line")
                self._read_header(i, cells)
                continue
            entry = self._read_row(i, cells)
            key = _parsed_key(entry.source)
            if key in seen and seen[key].target != entry.target:
                first = seen[key]
                raise GlossaryError(
                    f"{self._where(i)}: «{entry.source}» is already on line {first.line} with another target "
                    f"({first.target!r} there, {entry.target!r} here); keep one of the two lines"
                )
            seen.setdefault(key, entry)
            self._by_key.setdefault(key, []).append(entry)
            self.entries.append(entry)

    def _check_controls(self, i: int, line: str) -> None:
        bad = control_character(line)
        if bad is None:
            return
        column = line[: _CONTROL.search(line).start()].count("\t")  # type: ignore[union-attr]
        name = f" ({self.columns[column]})" if column < len(self.columns) else ""
        hint = "; is the file UTF-16? re-save it as UTF-8" if "\x00" in line else ""
        raise GlossaryError(f"{self._where(i)}, column {column + 1}{name}: the control character {bad}; delete it{hint}")

    def _read_header(self, i: int, cells: list[str]) -> None:
        names = [c.lower() for c in cells]
        while names and not names[-1]:
            names.pop()
        if any(not n for n in names):
            raise GlossaryError(f"{self._where(i)}: the header has an empty column name; name every column")
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise GlossaryError(f"{self._where(i)}: the header names the column {dupes[0]!r} twice")
        self.columns, self.header_line = names, i

    def _read_row(self, i: int, cells: list[str]) -> Entry:
        while len(cells) > len(self.columns) and not cells[-1]:
            cells.pop()
        if len(cells) < 2:
            raise GlossaryError(
                f"{self._where(i)}: expected at least 2 TAB-separated columns (source, target), found 1; "
                "separate the columns with a TAB character"
            )
        if len(cells) > len(self.columns):
            raise GlossaryError(
                f"{self._where(i)}: {len(cells)} columns but the header has {len(self.columns)} "
                f"({', '.join(self.columns)}); remove the extra TABs or name the column in the header"
            )
        if cells[0][:1] == "\\" and _ESCAPED_HASH.match(cells[0]):
            cells[0] = cells[0][1:]  # \#хэштег is the source #хэштег
        columns = self.columns
        if columns[:3] == ["source", "target", "note"]:  # the usual layout: no dict to build and empty
            source, target = cells[0], cells[1]
            note = cells[2] if len(cells) > 2 else ""
            extra = {columns[k]: cells[k] for k in range(3, len(cells)) if cells[k]}
            return self._checked_row(i, source, target, note, extra)
        values = dict(zip(columns, cells))
        source, target = values.pop("source", ""), values.pop("target", "")
        note = values.pop("note", "")
        return self._checked_row(i, source, target, note, {k: v for k, v in values.items() if v})

    def _checked_row(self, i: int, source: str, target: str, note: str, extra: dict[str, str]) -> Entry:
        if not source:
            raise GlossaryError(f"{self._where(i)}: the source column is empty; write the Russian term or delete the line")
        if not target:
            raise GlossaryError(f"{self._where(i)}: «{source}» has an empty target; write its English or delete the line")
        if not _HAS_WORD.search(source):
            raise GlossaryError(f"{self._where(i)}: the source «{source}» has no letters or digits to look for; fix or delete the line")
        mode = extra.get("match", "")
        if mode and mode not in MATCH_MODES:
            raise GlossaryError(
                f"{self._where(i)}: match column says {mode!r}; use one of {', '.join(MATCH_MODES)}"
            )
        return Entry(source=source, target=target, note=note, extra=extra, line=i + 1)

    # ------------------------------------------------------------------ writing
    def to_text(self) -> str:
        """The file's text: every line as read or edited, LF line ends, final newline."""
        return "".join(line + "\n" for line in self.lines)

    @property
    def sha256(self) -> str:
        """SHA-256 of the bytes last read or written."""
        return hashlib.sha256(self.data).hexdigest()

    def save(self, path: str | Path | None = None) -> Path:
        """Write atomically to ``path`` (default: where it was read from), under the file's lock.

        Refused (:class:`GlossaryError`, nothing written) when the file this glossary was read
        from was changed on disk since — by another command — so that its changes are not lost.
        """
        from ..fileio import write_text
        from ..locking import Snapshot, file_lock

        target = Path(path) if path is not None else self.path
        if target is None:
            raise GlossaryError("this glossary has no file name; give a path to save it to")
        text = self.to_text()
        with file_lock(target):
            if self._disk is not None and _same_path(self._disk[0], target) and Snapshot.of(target).sha256 != self._disk[1]:
                raise GlossaryError(f"{target} was changed by another command since it was read; nothing written — run the command again")
            write_text(target, text)
        self.data = text.encode("utf-8")
        self.path = target
        self._disk = (target, hashlib.sha256(self.data).hexdigest())
        return target

    # ------------------------------------------------------------------ editing
    def find_source(self, source: str) -> list[Entry]:
        """Entries whose source is ``source`` (same letters and case; ё = е; spacing ignored)."""
        return list(self._by_key.get(source_key(source), ()))

    def format_row(self, entry: Entry) -> str:
        """The TSV line for ``entry`` under this file's columns (trailing empty columns dropped)."""
        values = {"source": entry.source, "target": entry.target, "note": entry.note, **entry.extra}
        missing = [k for k, v in values.items() if v and k not in self.columns]
        if missing:
            if self.header_line is None:
                raise GlossaryError(
                    f"this glossary has no header line, so it has no {missing[0]!r} column; add the line "
                    f"'source<TAB>target<TAB>note<TAB>{missing[0]}' at its top"
                )
            self._add_columns(missing)
        cells = [values.get(c, "") for c in self.columns]
        while len(cells) > 2 and not cells[-1]:
            cells.pop()
        if _ESCAPED_HASH.match(cells[0]) or cells[0].startswith("#"):
            cells[0] = "\\" + cells[0]  # not a comment: see the module docstring
        return "\t".join(cells)

    def _add_columns(self, names: list[str]) -> None:
        assert self.header_line is not None
        self.columns = [*self.columns, *names]
        self.lines[self.header_line] = "\t".join(self.columns)

    def add(self, entry: Entry, *, replace: Entry | None = None) -> Entry:
        """Append ``entry`` as a new last line, or put it on the line of ``replace``; returns the
        entry as parsed back. Conflict checks are the caller's (:meth:`Glossary.add`); this only
        checks the values are single-line and non-empty."""
        return self.put([(entry, replace)])[0]

    def put(self, edits: list[tuple[Entry, Entry | None]]) -> list[Entry]:
        """Bulk :meth:`add`: each entry replaces the line of its paired entry, or is appended.
        The file is re-parsed once; on any error nothing changes."""
        saved = (list(self.lines), list(self.columns))
        rows: list[int] = []
        try:
            for entry, replace in edits:
                row = self.format_row(clean_entry(entry))
                if replace is not None:
                    self.lines[replace.line - 1] = row
                    rows.append(replace.line)
                else:
                    self.lines.append(row)
                    rows.append(len(self.lines))
            self._parse()
        except GlossaryError:
            self.lines, self.columns = saved
            self._parse()
            raise
        by_line = {e.line: e for e in self.entries}
        return [by_line[n] for n in rows]

    def remove(self, entries: Iterable[Entry]) -> None:
        """Delete the lines of ``entries``."""
        drop = {e.line - 1 for e in entries}
        self.lines = [ln for i, ln in enumerate(self.lines) if i not in drop]
        self._parse()


def _same_path(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _looks_like_header(cells: list[str]) -> bool:
    return len(cells) >= 2 and cells[0].lower() == "source" and cells[1].lower() == "target"


def parse_glossary_text(text: str, name: str = "glossary") -> list[Entry]:
    """Entries of TSV glossary text (for imports and tests)."""
    return GlossaryFile.parse(text, Path(name)).entries
