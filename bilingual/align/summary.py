"""What an editor checks first after aligning: what has no counterpart, and which glossary terms
the translation renders differently — as plain lines for the ``align`` command to print.

>>> for line in alignment_summary(result):                     # doctest: +SKIP
...     print(line)
16 Russian paragraphs have no English (blocks 6–21)
2 English paragraphs are the translator's notes, kept unlinked (paragraphs 11, 13)
the translation renders 1 glossary term differently: «Кохи Сомон» (glossary: “Kokhi Somon”, 2 times)

Numbers are 1-based, as in the gold files and the ``align`` listing: Russian blocks as the
reader splits the source, English paragraphs of the translation, ``block.sentence`` for
sentences; runs are written ``6–21``. :func:`summarize` gives the same as data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .links import Alignment

__all__ = ["AlignmentSummary", "alignment_summary", "ranges", "summarize"]

#: At most this many sentence ids are listed on a line (then "…").
MAX_IDS = 12


@dataclass
class AlignmentSummary:
    """What :func:`summarize` found (0-based indices; :meth:`lines` writes them 1-based)."""

    ru_blocks_without_english: list[int] = field(default_factory=list)
    ru_sentences_without_english: list[tuple[int, int]] = field(default_factory=list)  #: inside blocks that have English
    en_paragraphs_without_russian: list[int] = field(default_factory=list)  #: not counting notes
    notes: list[int] = field(default_factory=list)  #: English paragraphs that are the translator's notes
    en_sentences_without_russian: list[tuple[int, int]] = field(default_factory=list)  #: inside paragraphs linked to Russian
    terms: list[tuple[str, str, int]] = field(default_factory=list)  #: (Russian term, glossary target, times missed)
    flagged: int = 0  #: sentence links flagged for review
    flagged_gaps: int = 0  #: … of which 1:0 / 0:1

    def lines(self) -> list[str]:
        """Plain sentences, most important first; none for what is not there."""
        out = []
        if self.ru_blocks_without_english:
            n = len(self.ru_blocks_without_english)
            out.append(f"{_count(n, 'Russian paragraph')} {_has(n)} no English ({_word(n, 'block')} {ranges(self.ru_blocks_without_english)})")
        if self.ru_sentences_without_english:
            n = len(self.ru_sentences_without_english)
            out.append(f"{_count(n, 'Russian sentence')} in translated paragraphs {_has(n)} no English ({_ids(self.ru_sentences_without_english)})")
        if self.notes:
            n = len(self.notes)
            out.append(f"{_count(n, 'English paragraph')} {'is' if n == 1 else 'are'} the translator's notes, kept unlinked ({_word(n, 'paragraph')} {ranges(self.notes)})")
        if self.en_paragraphs_without_russian:
            n = len(self.en_paragraphs_without_russian)
            out.append(f"{_count(n, 'English paragraph')} {_has(n)} no Russian ({_word(n, 'paragraph')} {ranges(self.en_paragraphs_without_russian)})")
        if self.en_sentences_without_russian:
            n = len(self.en_sentences_without_russian)
            out.append(f"{_count(n, 'English sentence')} in linked paragraphs {_has(n)} no Russian ({_ids(self.en_sentences_without_russian)})")
        if self.terms:
            names = ", ".join(f"«{src}» (glossary: “{tgt}”{f', {k} times' if k > 1 else ''})" for src, tgt, k in self.terms)
            out.append(f"the translation renders {_count(len(self.terms), 'glossary term')} differently: {names}")
        if self.flagged:
            out.append(
                f"{_count(self.flagged, 'link')} flagged for review ({self.flagged_gaps} with nothing on one side, "
                f"{self.flagged - self.flagged_gaps} of low confidence)"
            )
        return out


def summarize(result: Alignment) -> AlignmentSummary:
    """Gaps, notes, glossary terms rendered differently and flags of an alignment."""
    out = AlignmentSummary(notes=list(result.notes))
    notes = set(result.notes)
    linked_ru: set[int] = set()
    linked_en: set[int] = set()
    for link in result.paragraphs:
        if link.ru and not link.en:
            out.ru_blocks_without_english += link.ru
        elif link.en and not link.ru:
            out.en_paragraphs_without_russian += [j for j in link.en if j not in notes]
        else:
            linked_ru.update(link.ru)
            linked_en.update(link.en)
    for link in result.sentences:
        if link.ru and not link.en:
            out.ru_sentences_without_english += [result.ru_refs[i] for i in link.ru if result.ru_refs[i][0] in linked_ru]
        elif link.en and not link.ru:
            out.en_sentences_without_russian += [result.en_refs[j] for j in link.en if result.en_refs[j][0] in linked_en]
    out.ru_blocks_without_english.sort()
    out.en_paragraphs_without_russian.sort()
    out.terms = _terms(result)
    flagged = result.flagged
    out.flagged, out.flagged_gaps = len(flagged), sum(1 for k in flagged if k.gap)
    return out


def alignment_summary(result: Alignment) -> list[str]:
    """The summary lines of :class:`AlignmentSummary` (see the module docstring)."""
    return summarize(result).lines()


def _terms(result: Alignment) -> list[tuple[str, str, int]]:
    """Glossary terms whose target the aligned English lacks (``Sentence.issues``, set when the
    alignment was given a glossary), in order of first appearance, with how often."""
    seen: dict[tuple[str, str], int] = {}
    for sentence in result.document.sentences():
        for issue in sentence.issues:
            key = (issue.source, issue.target)
            seen[key] = seen.get(key, 0) + 1
    return [(src, tgt, k) for (src, tgt), k in seen.items()]


def ranges(indices: Iterable[int]) -> str:
    """0-based indices as 1-based runs: ``[5, 6, 7, 9]`` → ``"6–8, 10"``."""
    values = sorted(set(indices))
    parts: list[str] = []
    k = 0
    while k < len(values):
        end = k
        while end + 1 < len(values) and values[end + 1] == values[end] + 1:
            end += 1
        a, b = values[k] + 1, values[end] + 1
        parts.append(str(a) if a == b else f"{a}, {b}" if b == a + 1 else f"{a}–{b}")
        k = end + 1
    return ", ".join(parts)


def _ids(refs: Sequence[tuple[int, int]]) -> str:
    shown = ", ".join(f"{b + 1}.{s + 1}" for b, s in refs[:MAX_IDS])
    return shown + (f", … {len(refs) - MAX_IDS} more" if len(refs) > MAX_IDS else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _word(n: int, noun: str) -> str:
    return noun if n == 1 else noun + "s"


def _has(n: int) -> str:
    return "has" if n == 1 else "have"
