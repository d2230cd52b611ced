"""When a new entry would compete with an existing one (``glossary add``).

Two entries *overlap* when some inflected form of one is also a form of the other: «Алиева» —
Aliyev's wife, or the genitive of «Алиев» — would take «переговоры Путина и Алиева» over from
Aliyev. :func:`entry_forms` inflects a source (the surname paradigm of :mod:`.surnames` for
regular surnames, pymorphy3 for other words, agreeing words inflected together), and
:func:`find_overlaps` runs each form through both glossaries: a form matched whole by an
existing entry and by the new one is shared. :func:`handovers` shows, for a sample text, which
matches would pass from one entry to another (or appear, or vanish) once the entry is added.

A *twin* is an entry that is only an inflected form of another one with the same target
(``Путина → Putin`` beside ``Путин → Putin``): :func:`twin_of` finds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .morph import Morphology, _select, is_caps, tokenize
from .surnames import surname_forms

if TYPE_CHECKING:  # pragma: no cover
    from .core import Glossary
    from .tsv import Entry

__all__ = ["Overlap", "Handover", "entry_forms", "find_overlaps", "twin_of", "handovers"]

_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_NUMBERS = ("sing", "plur")


@dataclass(frozen=True)
class Overlap:
    """An existing entry sharing forms with a new one."""

    entry: Entry
    forms: tuple[str, ...]  #: the shared forms, as the new entry would be written in them

    def describe(self) -> str:
        """«Алиев» → 'Aliyev' (line 3) shares the forms «Алиева», «Алиеву»"""
        shown = ", ".join(f"«{f}»" for f in self.forms[:4]) + (f" and {len(self.forms) - 4} more" if len(self.forms) > 4 else "")
        return f"«{self.entry.source}» → {self.entry.target!r} (line {self.entry.line}) shares the form{'s' if len(self.forms) > 1 else ''} {shown}"


@dataclass(frozen=True)
class Handover:
    """A match in a sample text that changes once the new entry is added."""

    block: int
    start: int
    end: int
    text: str
    before: str | None  #: source of the entry matching there now (None: nothing)
    after: str | None  #: source of the entry matching there with the new entry


def _cased(form: str, like: str) -> str:
    if is_caps(like):
        return form.upper()
    return form[:1].upper() + form[1:] if like[:1].isupper() else form


def _word_forms(word: str, morph: Morphology) -> list[str]:
    """Forms of one word of a source in its dictionary form (itself first)."""
    low = word.lower()
    if word[:1].isupper() and not is_caps(word):
        regular = surname_forms(low.replace("ё", "е"))
        if regular:
            return [word, *(_cased(f, word) for f in regular)]
    return [word]


def entry_forms(source: str, morph: Morphology, limit: int = 24) -> list[str]:
    """Inflected forms of ``source`` (itself first): regular surnames by paradigm; otherwise
    every case and number of its nominative words, inflected together so they agree."""
    toks = tokenize(source)
    words = [t for t in toks if t.word]
    if len(words) == 1:
        forms = _word_forms(words[0].text, morph)
        if len(forms) > 1:
            return _splice(source, [(words[0], f) for f in forms])[:limit]
    parses = {}
    for t in words:
        picked = _select(morph.parse(t.text.lower()), t.text[:1].isupper()) if t.text.isalpha() else ()
        nominative = [p for p in picked if p.tag.case == "nomn"]
        if nominative:
            parses[t] = nominative[0]
    out = [source]
    for number in _NUMBERS:
        for case in _CASES:
            replaced = source
            for t in reversed(words):
                p: Any = parses.get(t)
                if p is None:
                    continue
                r = p.inflect({case, number})
                if r is not None:
                    replaced = replaced[: t.start] + _cased(r.word, t.text) + replaced[t.end :]
            out.append(replaced)
    return list(dict.fromkeys(out))[:limit]


def _splice(source: str, choices: list[tuple[Any, str]]) -> list[str]:
    return list(dict.fromkeys(source[: t.start] + f + source[t.end :] for t, f in choices))


def _whole(glossary: Glossary, text: str) -> Entry | None:
    """The entry matching all of ``text``, if one does."""
    found = glossary.find(text)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(text):
        return glossary.get(found[0].source)
    return None


def find_overlaps(glossary: Glossary, new: Entry) -> list[Overlap]:
    """Existing entries (other than one with ``new``'s own source) sharing a form with ``new``."""
    from .core import Glossary as _G

    alone = _G.from_entries([new])
    alone._morphology = glossary._morphology
    morph = alone.matcher.morph
    shared: dict[int, list[str]] = {}
    entries: dict[int, Entry] = {}
    key = glossary.file.find_source(new.source)
    for variant in new.variants:
        for form in entry_forms(variant, morph):
            old = _whole(glossary, form)
            if old is None or (key and old is key[0]) or _whole(alone, form) is None:
                continue
            if old.source[:1].isupper() != new.source[:1].isupper():
                continue  # «Вера» and «вера»: the capital rule tells them apart
            entries[id(old)] = old
            shared.setdefault(id(old), []).append(form)
    return [Overlap(entries[k], tuple(dict.fromkeys(v))) for k, v in shared.items()]


def twin_of(glossary: Glossary, new: Entry) -> Entry | None:
    """An entry with ``new``'s target of which ``new``'s source is only an inflected form
    (``Путина → Putin`` beside ``Путин → Putin``)."""
    old = _whole(glossary, new.source)
    if old is not None and old.target.casefold() == new.target.casefold() and old.source != new.source:
        return old
    return None


def handovers(glossary: Glossary, new: Entry, texts: list[str]) -> list[Handover]:
    """Matches in ``texts`` (one per block) that change when ``new`` joins ``glossary``."""
    from .core import Glossary as _G

    after_g = _G.from_entries([*glossary.entries, new])
    after_g._morphology = glossary._morphology
    out = []
    for bi, text in enumerate(texts):
        before = {(m.start, m.end): m.source for m in glossary.find(text)}
        after = {(m.start, m.end): m.source for m in after_g.find(text)}
        for span in sorted(set(before) | set(after)):
            if before.get(span) != after.get(span):
                out.append(Handover(bi, span[0], span[1], text[span[0] : span[1]], before.get(span), after.get(span)))
    return out
