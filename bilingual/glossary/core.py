"""The :class:`Glossary`: a glossary file plus its (lazily built) lemma matcher."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import GlossaryError
from ..model import GlossaryInfo, TermMatch
from .match import Matcher, Morphology
from .entry import gc_paused
from .tsv import Entry, GlossaryFile, clean_entry, one_letter_problem, source_key

if TYPE_CHECKING:  # pragma: no cover
    from .ambiguity import Handover, Overlap

__all__ = ["Glossary", "EntryConflict", "load_glossary", "glossary_info"]


class EntryConflict(GlossaryError):
    """``Glossary.add`` refused an entry that competes with others; adding it is still possible
    (``force``). ``kind``: ``duplicate``, ``twin``, ``overlap`` or ``one-letter``."""

    def __init__(self, kind: str, message: str, *, old: Entry | None = None, overlaps: list[Overlap] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.old = old  #: the entry the new one would replace or duplicate
        self.overlaps = overlaps or []


def _merged(new: Entry, old: Entry, note: str | None, extra: dict[str, str] | None) -> Entry:
    """``new`` replacing ``old``: the note and extra columns not given are kept from ``old``."""
    columns = {**old.extra, **{k: v for k, v in (extra or {}).items()}}
    return Entry(new.source, new.target, old.note if note is None else new.note, {k: v for k, v in columns.items() if v})


class Glossary:
    """Entries of a glossary file; :meth:`find` matches them in Russian text by lemma.

    The matcher (and pymorphy3) is only built on the first :meth:`find`, so listing and
    editing stay instant. Edits (:meth:`add`, :meth:`remove`) change the file's lines in memory;
    :meth:`save` writes them atomically.
    """

    def __init__(self, file: GlossaryFile, morphology: Morphology | None = None) -> None:
        self.file = file
        self._morphology = morphology
        self._matcher: Matcher | None = None

    # ------------------------------------------------------------------ construction
    @classmethod
    def load(cls, path: str | Path) -> Glossary:
        """Read a glossary file (see :mod:`bilingual.glossary.tsv` for the format)."""
        return cls(GlossaryFile.read(path))

    @classmethod
    def from_entries(cls, entries: list[tuple[str, str]] | list[Entry], path: Path | None = None) -> Glossary:
        """A glossary from ``(source, target)`` pairs or entries (handy in tests and benchmarks)."""
        gf = GlossaryFile.new(path)
        lines = gf.lines
        for e in entries:
            entry = Entry(e.source, e.target, e.note, dict(e.extra)) if isinstance(e, Entry) else Entry(source=e[0], target=e[1])
            lines.append(gf.format_row(entry))  # escapes a leading "#"
        return cls(GlossaryFile.parse("".join(x + "\n" for x in lines), path))

    # ------------------------------------------------------------------ reading
    @property
    def path(self) -> Path | None:
        """Where the glossary was read from."""
        return self.file.path

    @property
    def entries(self) -> list[Entry]:
        """Entries in file order."""
        return self.file.entries

    def __len__(self) -> int:
        return len(self.file.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.file.entries)

    @property
    def sha256(self) -> str:
        """SHA-256 of the file's bytes."""
        return self.file.sha256

    def info(self, path: str | Path | None = None) -> GlossaryInfo:
        """What the document metadata records about this glossary."""
        where = path if path is not None else self.path
        return GlossaryInfo(path=str(where) if where is not None else "", entries=len(self), sha256=self.sha256)

    @property
    def matcher(self) -> Matcher:
        """The lemma index (built on first use; for a large glossary, loaded from the index
        persisted by an earlier load of the same text, see :mod:`.index`)."""
        if self._matcher is None:
            self._matcher = self._build_matcher()
        return self._matcher

    def _build_matcher(self) -> Matcher:
        from . import index

        if self._morphology is not None or self.path is None or len(self) < index.MIN_ENTRIES:
            return Matcher(self.entries, self._morphology)
        key = index.index_key(self.file.to_text())
        state = index.load_state(key, len(self))
        if state is not None:
            try:
                with gc_paused():
                    return Matcher(self.entries, state=state)
            except (TypeError, ValueError, IndexError):  # a damaged state that unpickled: rebuild
                pass
        matcher = Matcher(self.entries)
        index.save_state(key, len(self), matcher.state())
        return matcher

    def find(self, text: str) -> list[TermMatch]:
        """Glossary terms in ``text`` (offsets into it): longest match first, never overlapping,
        in text order; the same input always gives the same matches."""
        return self.matcher.find(text)

    def get(self, source: str) -> Entry | None:
        """The entry whose source is ``source`` (ё = е, spacing ignored), if any."""
        found = self.file.find_source(source)
        return found[0] if found else None

    def covering(self, source: str) -> Entry | None:
        """Another entry that matches all of ``source`` as text (e.g. «Путину» → the entry «Путин»)."""
        source = source.strip()
        matches = self.find(source)
        if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(source):
            return self.get(matches[0].source)
        return None

    def _lemma_twin(self, new: Entry) -> Entry | None:
        """An entry that is the same term as ``new`` by lemma: each matches the other's source
        whole («Путину» and «Путин»; not «Вера», a name, and «вера», a noun)."""
        old = self.covering(new.source)
        if old is None:
            return None
        other = Glossary.from_entries([new])
        other._morphology = self._morphology
        return old if other.covering(old.source) is not None else None

    # ------------------------------------------------------------------ editing
    def overlaps(self, new: Entry) -> list[Overlap]:
        """Existing entries sharing an inflected form with ``new`` (see :mod:`.ambiguity`)."""
        from .ambiguity import find_overlaps

        return find_overlaps(self, new) if len(self) else []

    def handovers(self, new: Entry, texts: list[str]) -> list[Handover]:
        """Matches in ``texts`` that would change hands if ``new`` were added."""
        from .ambiguity import handovers

        return handovers(self, new, texts)

    def add(
        self,
        source: str,
        target: str,
        note: str | None = None,
        *,
        extra: dict[str, str] | None = None,
        force: bool = False,
    ) -> tuple[str, Entry, Entry | None]:
        """Add an entry; returns ``(action, new_entry, replaced_entry)``, action "added" or "replaced".

        Refused with :class:`EntryConflict` unless ``force``:

        * ``duplicate`` — the same source is already there (``force`` replaces that line,
          keeping the note and extra columns not given here);
        * ``twin`` — another entry already matches this source by lemma both ways (``Путину``
          beside ``Путин``: ``force`` replaces it, as above), or this source is only an
          inflected form of an entry with the same target (``Путина → Putin``: ``force`` adds it);
        * ``overlap`` — the new source shares inflected forms with another entry (``Алиева``
          beside ``Алиев``): ``force`` adds it; :meth:`handovers` shows what would change;
        * ``one-letter`` — a one-letter source or form.

        An identical entry is refused even with ``force``.
        """
        for value in (source, target, note or "", *(extra or {}).values()):
            if any(ch in value for ch in "\t\r\n"):
                raise GlossaryError(f"{value!r} contains a tab or line break; glossary fields are single-line")
        source, target = " ".join(source.split()), " ".join(target.split())
        new = Entry(source=source, target=target, note=(note or "").strip(), extra=dict(extra or {}))
        clean_entry(new)  # empty or malformed values: refused before any comparison
        problem = one_letter_problem(source, *new.forms)
        if problem and not force:
            raise EntryConflict("one-letter", problem)
        old = self.get(source)
        kind = "duplicate"
        if old is None and source:
            old, kind = self._lemma_twin(new), "twin"
        if old is not None:
            new = _merged(new, old, note, extra)
            if (old.source, old.target, old.note, old.extra) == (new.source, new.target, new.note, new.extra):
                raise GlossaryError(f"«{source}» → {target!r} is already in the glossary (line {old.line}); nothing to do")
            if not force:
                shown = f"«{old.source}» → {old.target!r} (line {old.line})"
                what = f"is already matched by the entry {shown} (same lemma)" if kind == "twin" else f"is already in the glossary: {shown}"
                raise EntryConflict(kind, f"«{source}» {what}", old=old)
        elif source and not force:
            self._refuse_competition(new)
        entry = self.file.add(new, replace=old)
        self._matcher = None
        return ("replaced" if old is not None else "added"), entry, old

    def _refuse_competition(self, new: Entry) -> None:
        """:class:`EntryConflict` for a one-way twin or an overlap with ``new``."""
        from .ambiguity import twin_of

        twin = twin_of(self, new) if len(self) else None
        if twin is not None:
            raise EntryConflict(
                "twin",
                f"«{new.source}» is only an inflected form of «{twin.source}» → {twin.target!r} (line {twin.line}), "
                "which already matches it",
                old=twin,
            )
        overlaps = self.overlaps(new)
        if overlaps:
            raise EntryConflict(
                "overlap",
                f"«{new.source}» shares inflected forms with {len(overlaps)} entr{'y' if len(overlaps) == 1 else 'ies'}: "
                + "; ".join(o.describe() for o in overlaps),
                overlaps=overlaps,
            )

    def put(self, edits: list[tuple[Entry, Entry | None]]) -> list[Entry]:
        """Bulk low-level edit without conflict checks: each entry replaces the line of its paired
        entry, or is appended (see :meth:`GlossaryFile.put`)."""
        written = self.file.put(edits)
        self._matcher = None
        return written

    def remove(self, source: str) -> list[Entry]:
        """Remove the entry with this source (all its lines); returns the removed entries."""
        found = self.file.find_source(source)
        if not found:
            hint = ""
            try:
                near = self.covering(source)
            except GlossaryError:
                near = None
            if near is not None:
                hint = f"; did you mean «{near.source}» (line {near.line})?"
            raise GlossaryError(f"«{source}» is not in the glossary{hint or '; see bilingual glossary list'}")
        self.file.remove(found)
        self._matcher = None
        return found

    def save(self, path: str | Path | None = None) -> Path:
        """Write the glossary atomically (to where it was read from by default)."""
        return self.file.save(path)

    def lookup_pattern(self, pattern: str) -> list[Entry]:
        """Entries whose source, target or note contains ``pattern`` (case-insensitive, ё = е),
        plus the entries that match it as Russian text (so ``Путина`` lists ``Путин``)."""
        needle = source_key(pattern).casefold()
        hits = {
            id(e)
            for e in self.entries
            if any(needle in source_key(v).casefold() for v in (e.source, e.target, e.note))
        }
        if pattern.strip():
            for m in self.find(pattern):
                entry = self.get(m.source)
                if entry is not None:
                    hits.add(id(entry))
        return [e for e in self.entries if id(e) in hits]


def load_glossary(path: str | Path) -> Glossary:
    """Read a glossary file; :class:`GlossaryError` names the file and line of any problem."""
    return Glossary.load(path)


def glossary_info(glossary: Glossary) -> GlossaryInfo:
    """The :class:`~bilingual.model.GlossaryInfo` for ``glossary`` (path, entries, sha256)."""
    return glossary.info()
