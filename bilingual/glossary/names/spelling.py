"""Choosing the English spelling of each suggestion: established, model, transliterated.

* ``established`` (confidence 0.95): the shipped list; a full name not listed whose surname is
  («Анар Алиев») gets the listed surname and a transliterated first name (origin
  ``transliterated``, since part of it is);
* ``model`` (0.75, 0.6 from a single occurrence): the engine translates the name with the six
  words either side of it, in (up to) the two shortest sentences it occurs in; the Latin name in each output most like the transliteration (difflib ratio ≥
  0.7, same number of words, not the established spelling of another name in the text) is the rendering, taken only when every output agrees;
  organisations and acronyms are translated on their own (dictionary form) and taken when the
  result is Latin;
* ``transliterated`` (0.5 for people and unknown places, 0.3 for other kinds) by
  :func:`.spell.transliterate`. Acronyms and dictionary-known places (exonyms) without an
  established form are not ``addable``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..match import Morphology, fold
from .established import Established
from .spell import DEFAULT_SCHEME, transliterate

if TYPE_CHECKING:  # pragma: no cover
    from ..suggest import Suggestion

__all__ = ["model_renderings", "spell_all"]

_CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")
_LATIN_WORD = re.compile(r"[A-Z][A-Za-z'’-]*")


def spell_all(found: Sequence[Suggestion], table: Established, morph: Morphology, *, engine: Any = None,
              scheme: str = DEFAULT_SCHEME) -> None:
    """Fill target, origin, confidence, basis and addable of each suggestion in place."""
    basis = f"{scheme} scheme" if scheme != DEFAULT_SCHEME else "newsroom convention"
    todo = []
    for s in found:
        row = table.get(s.source)
        if row is not None:
            s.target, s.origin, s.confidence, s.basis = row.target, "established", 0.95, row.basis
            continue
        if not _CYRILLIC.search(s.source):
            s.target, s.origin, s.confidence, s.basis = s.source, "established", 0.9, "written in Latin in the text"
            continue
        s.target, s.origin, s.basis = _compose(s.source, table, scheme), "transliterated", basis
        s.confidence = 0.5 if s.kind in ("person", "place") else 0.3
        if s.kind == "acronym" or (s.kind == "place" and _known_place(s.source, morph)):
            s.addable = False
        todo.append(s)
    if engine is not None and todo:
        taken = {s.target for s in found if s.origin == "established"}
        for s, (rendering, n) in zip(todo, model_renderings(todo, engine, taken)):
            if rendering:
                s.target, s.origin, s.basis = rendering, "model", "engine rendering in context"
                s.confidence = 0.75 if n > 1 else 0.6
                s.addable = True


def _compose(source: str, table: Established, scheme: str) -> str:
    words = source.split()
    if len(words) > 1:
        last = table.get(words[-1])
        if last is not None and last.kind == "person":
            return " ".join([transliterate(" ".join(words[:-1]), scheme), last.target])
    return transliterate(source, scheme)


def _known_place(source: str, morph: Morphology) -> bool:
    """A one-word place the dictionary knows (Германия, Кёльн): English likely has its own name."""
    if " " in source:
        return False
    parses = morph.parse(fold(source).lower())
    return any("Geox" in p.tag and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer" for p in parses)


def _best_latin(translation: str, guess: str, words: int, taken: set[str]) -> str | None:
    tokens = [m for m in _LATIN_WORD.finditer(translation)]
    best, score = None, 0.7
    for i in range(len(tokens)):
        for n in (words,):
            if i + n > len(tokens):
                continue
            cand = translation[tokens[i].start(): tokens[i + n - 1].end()]
            if len(cand.split()) != n or cand in taken:
                continue
            r = difflib.SequenceMatcher(None, cand.lower(), guess.lower()).ratio()
            if r >= score:
                best, score = cand, r
    return best


def _window(sentence: str, forms: Sequence[str], words: int = 6) -> str:
    """The words around the first occurrence of one of ``forms``: context enough for the engine
    to render the name, far cheaper to translate than a long sentence."""
    at = min((sentence.find(f) for f in forms if f in sentence), default=-1)
    if at < 0:
        return sentence
    before = sentence[:at].split()[-words:]
    after = sentence[at:].split()[: words + 3]
    return " ".join(before + after)


def model_renderings(found: Sequence[Suggestion], engine: Any, taken: set[str] = frozenset()) -> list[tuple[str, int]]:  # type: ignore[assignment]
    """(rendering or "", occurrences agreeing) per suggestion, from one batch of engine calls.
    A Latin name in ``taken`` (the established spelling of another name) is never a rendering."""
    jobs: list[tuple[int, str]] = []
    for i, s in enumerate(found):
        if s.kind in ("org", "acronym"):
            jobs.append((i, s.source))
        else:
            jobs.extend((i, _window(c, s.forms)) for c in sorted(s.contexts, key=len)[:2])
    if not jobs:
        return [("", 0)] * len(found)
    outputs = engine.translate([t for _, t in jobs])
    seen: dict[int, list[str | None]] = {}
    for (i, _), out in zip(jobs, outputs):
        s = found[i]
        if s.kind in ("org", "acronym"):
            text = out.strip().rstrip(".")
            seen.setdefault(i, []).append(text if text and not _CYRILLIC.search(text) and text != transliterate(s.source) else None)
        else:
            seen.setdefault(i, []).append(_best_latin(out, s.target, len(s.source.split()), taken))
    result = []
    for i in range(len(found)):
        got = seen.get(i, [])
        ok = bool(got) and got[0] is not None and all(g == got[0] for g in got)
        result.append((got[0] or "", len(got)) if ok else ("", 0))
    return result
