"""Text as the matcher reads it, with a map back to the characters of the original.

Real Russian text carries characters a reader never sees but a matcher trips over:

* **NFD** — ``й``, ``ё`` written as a base letter plus a combining mark (text pasted from macOS
  or extracted from PDFs). Each base letter with its marks is composed (NFC) as one cluster.
* **Invisible characters inside words** — the soft hyphen (U+00AD, left by hyphenation), zero-width
  space/joiners (U+200B–U+200D), the word joiner (U+2060) and a stray byte-order mark (U+FEFF)
  are dropped.
* **Latin look-alikes** — a Latin ``y`` in «Пyтин», a Latin ``e`` in «Медведeв» (OCR, keyboard
  layouts, deliberate filter evasion). Inside a word that has Cyrillic letters, every Latin letter
  that has a Cyrillic twin is read as that twin; :func:`spelling_problems` reports each such word
  as a spelling problem of the source. A word with a Latin letter that has no twin is left alone.

:func:`normalize` returns the cleaned text plus, for every cleaned character, the offsets of the
original characters it came from, so a span found in the cleaned text maps back exactly
(:meth:`Normalized.span`). Ordinary text (already NFC, nothing invisible, no mixed-script word)
takes a fast path and is returned as it is.

Hand-written (no library does this with an offset map): ``unicodedata`` composes, but loses the
positions; the homoglyph table is the small Latin/Cyrillic subset of Unicode's confusables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Normalized", "normalize", "SpellingProblem", "spelling_problems", "INVISIBLE", "HOMOGLYPHS"]

#: Characters dropped from the matcher's view of a text.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
#: Latin letters that look like Cyrillic ones (read as the Cyrillic letter inside a Cyrillic word).
HOMOGLYPHS = dict(zip("aceopxyAEOPCXBHKMTy", "асеорхуАЕОРСХВНКМТу"))

_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_WORDISH = re.compile(rf"[^\W_]+(?:[{INVISIBLE}\u0300-\u036f'’-]*[^\W_]+)*")
_MIXED = re.compile(r"[а-яёА-ЯЁ][A-Za-z]|[A-Za-z][а-яёА-ЯЁ]")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Normalized:
    """A cleaned text; ``starts[i]``/``ends[i]``: where cleaned character ``i`` came from."""

    original: str
    text: str
    starts: tuple[int, ...] | None = None  #: None: ``text`` is ``original`` (identity map)
    ends: tuple[int, ...] | None = None

    @property
    def identity(self) -> bool:
        """Whether the text needed no cleaning."""
        return self.starts is None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets into :attr:`original` of the cleaned span ``[start, end)`` (non-empty)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _fold_word(word: str) -> str:
    """Latin look-alikes → Cyrillic, when the word has Cyrillic letters and every Latin one has a twin."""
    if not _CYRILLIC.search(word):
        return word
    latin = _LATIN.findall(word)
    if not latin or any(ch not in HOMOGLYPHS for ch in latin):
        return word
    return "".join(HOMOGLYPHS.get(ch, ch) for ch in word)


def _needs_work(text: str) -> bool:
    return bool(_INVISIBLE_RE.search(text) or _MIXED.search(text) or not unicodedata.is_normalized("NFC", text))


def normalize(text: str) -> Normalized:
    """``text`` composed (NFC), without invisible characters, Latin look-alikes read as Cyrillic."""
    if not _needs_work(text):
        return Normalized(text, text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in INVISIBLE:
            i += 1
            continue
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j]) if j > i + 1 else ch
        for c in cluster:
            out.append(c)
            starts.append(i)
            ends.append(j)
        i = j
    clean = "".join(out)
    if _MIXED.search(clean):
        clean = _WORD_RE.sub(lambda m: _fold_word(m.group()), clean)  # same length: the map holds
    return Normalized(text, clean, tuple(starts), tuple(ends))


_WORD_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class SpellingProblem:
    """A word of the source written with Latin letters that look Cyrillic (offsets into the text)."""

    start: int
    end: int
    text: str  #: the word as it stands
    reading: str  #: the word as the matcher reads it (all Cyrillic)
    latin: str  #: the Latin letters found, in order

    @property
    def message(self) -> str:
        """One line for people: what is wrong and what to do."""
        letters = ", ".join(f"'{c}'" for c in dict.fromkeys(self.latin))
        return f"«{self.text}» has Latin {letters} among Cyrillic letters (read as «{self.reading}»); retype the word in Cyrillic"


def spelling_problems(text: str) -> list[SpellingProblem]:
    """Words of ``text`` that mix Latin look-alike letters into a Cyrillic word («Пyтин»)."""
    if not _MIXED.search(_INVISIBLE_RE.sub("", text)):
        return []
    out = []
    for m in _WORDISH.finditer(text):
        word = m.group()
        bare = _INVISIBLE_RE.sub("", word)
        folded = _fold_word(bare)
        if folded != bare:
            out.append(SpellingProblem(m.start(), m.end(), word, folded, "".join(_LATIN.findall(bare))))
    return out
