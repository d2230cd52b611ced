"""Mentions → suggestions: grouping by dictionary form, full names and their parts.

* occurrences are grouped by the folded, lower-case dictionary form (ё = е);
* a sentence-initial candidate that is not clearly a name (``pending``) counts only when the
  same name is also found elsewhere;
* a lone first name or patronymic («Гурбангулы», «Владимирович») of a full name the text
  gives is counted under that full name, not proposed alone;
* a full name's surname is proposed too (later mentions use it bare); when the text never
  writes it alone it carries ``part_of`` (the full name).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..match import Morphology, fold
from .candidates import Mention
from .lemma import word_form

if TYPE_CHECKING:  # pragma: no cover
    from ..suggest import Suggestion

__all__ = ["collect"]


def _key(text: str) -> str:
    return " ".join(fold(text).lower().split())


def _patronymic(word: str, morph: Morphology) -> bool:
    return any("Patr" in p.tag for p in morph.parse(fold(word).lower()))


def collect(mentions: Sequence[Mention], lemmas: Sequence[str], sentences: Sequence[str], morph: Morphology,
            genders: dict[str, str] | None = None) -> list[Suggestion]:
    """Suggestions from mentions and their dictionary forms, most frequent first."""
    from ..suggest import Suggestion

    found: dict[str, Suggestion] = {}
    order: dict[str, int] = {}
    confirmed: set[str] = set()
    alone: set[str] = set()
    pending: list[tuple[str, str, int]] = []

    def note(source: str, kind: str, surface: str, m: Mention, is_pending: bool, part_of: str = "") -> None:
        key = _key(source)
        if len(key.replace(" ", "")) < 2 or key.isdigit():
            return
        sug = found.get(key)
        if sug is None:
            sug = found[key] = Suggestion(source=source, target="", kind=kind, lemma=key, part_of=part_of)
            order[key] = len(order)
        elif sug.kind in ("name", "org") and kind in ("person", "place"):
            sug.kind = kind
        if not part_of:
            alone.add(key)
        if is_pending:
            pending.append((key, surface, m.sentence))
            return
        confirmed.add(key)
        _count(sug, surface, sentences[m.sentence] if m.sentence < len(sentences) else "")

    for m, lemma in zip(mentions, lemmas):
        if m.covered:
            continue
        note(lemma, m.kind, m.surface, m, m.pending)
        if m.kind == "person" and 1 < len(m.words) <= 4 and not _patronymic(m.words[-1], morph):
            words = lemma.split()
            if len(words) == len(m.words):
                note(words[-1], "person", m.words[-1], m, m.pending, part_of=lemma)
    for key, surface, sentence in pending:
        if key in confirmed:
            _count(found[key], surface, sentences[sentence] if sentence < len(sentences) else "")
    out = [s for k, s in found.items() if k in confirmed]
    for s in out:
        if s.lemma in alone:
            s.part_of = ""
    out = _fold_parts(out, morph)
    out.sort(key=lambda s: (-s.count, order[s.lemma]))
    return out


def _count(sug: Any, surface: str, sentence: str) -> None:
    sug.count += 1
    if surface not in sug.forms:
        sug.forms.append(surface)
    if sentence and len(sug.contexts) < 5 and sentence not in sug.contexts:
        sug.contexts.append(sentence)


def _fold_parts(found: list[Suggestion], morph: Morphology) -> list[Suggestion]:
    """Count lone first names and patronymics under the full name they belong to."""
    firsts: dict[str, Suggestion] = {}
    middles: dict[str, Suggestion] = {}
    for s in found:
        words = s.lemma.split()
        if s.kind == "person" and len(words) > 1:
            firsts.setdefault(words[0], s)
            for w in words[1:-1]:
                middles.setdefault(w, s)
    out = []
    for s in found:
        owner = None
        if s.kind in ("person", "name") and " " not in s.lemma and not s.part_of:
            owner = middles.get(s.lemma) or (firsts.get(s.lemma) if _first_name(s.source, morph) else None)
        if owner is not None and owner is not s:
            owner.count += s.count
            owner.forms.extend(f for f in s.forms if f not in owner.forms)
            continue
        out.append(s)
    return out


def _first_name(word: str, morph: Morphology) -> bool:
    """A word that can only be a first name or patronymic here (not also a surname)."""
    parses = morph.parse(fold(word).lower())
    tags = [p.tag for p in parses if "Name" in p.tag or "Patr" in p.tag or "Surn" in p.tag]
    if not tags:  # unknown to the dictionary (Гурбангулы): a first name when it is not a surname form
        return word_form(word, morph, person=True) == word
    return not any("Surn" in t for t in tags)
