"""Tokens and lemma keys: how a text word and a glossary word are compared (see :mod:`.match`).

Every word gets a set of *keys*; an entry word matches a text word when their key sets share one:

* ``=form`` — the lower-cased surface form (indeclinable and unknown words match themselves);
* ``!Form`` — the exact surface form; all-caps entry words and ``match=exact`` carry only this;
* ``lemma`` — a pymorphy3 normal form, for **every** parse of a text word; surname parses carry
  their gender (``путин#m`` / ``путин#f``), because pymorphy3 gives «Алиевой» the masculine
  normal form, or ``путин#p`` for a plural form (the family: entries of either gender carry it);
* predicted surname keys (:mod:`.surnames`) for capitalised words with a regular surname
  ending, so «Бердымухамедовым» meets «Бердымухамедов» though the dictionary lacks it;
* for a word of two or three parts joined by a hyphen or an apostrophe, every combination of
  the parts' keys (``римский-корсаков#m`` for «Римского-Корсакова», ``д'артаньян`` for
  «Д’Артаньяну»).

``ё`` is read as ``е`` in every key, but a word written with ``ё`` is parsed as written too
(text) or only as written (entries): folding first can change pymorphy3's parse, so ``ё``
never loses a reading. Entry words are citation forms, so their parses are narrowed: a
capitalised entry word keeps its proper-noun parses when it has any, a lower-case one its
common parses; then nominative parses are preferred.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any

from .surnames import entry_surname_keys, text_surname_keys

__all__ = [
    "Token", "tokenize", "fold", "is_caps", "Morphology", "default_morphology",
    "PROPER_TAGS", "DASHES", "QUOTES", "punct_key",
]

#: pymorphy3 grammemes that mark a proper noun.
PROPER_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})

DASHES = "-‐‑‒–—―−"
QUOTES = "«»„“”‟\"'‚‘’‹›"
_WORD = r"[^\W_]+(?:[-‐‑'’][^\W_]+)*"
_TOKEN_RE = re.compile(rf"({_WORD})|(\S)")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")
_JOINER = re.compile(r"([-'])")
# one-to-one character folding, so offsets never move
_FOLD = str.maketrans({"ё": "е", "Ё": "Е", "‐": "-", "‑": "-", "’": "'"})
_MAX_COMBOS = 256


def fold(text: str) -> str:
    """ё→е and one hyphen and apostrophe; the result has the same length as ``text``."""
    return text.translate(_FOLD)


def is_caps(word: str) -> bool:
    """An acronym-like word: at least two letters, all upper case (БПЛА, ПВО, AZAL, COVID-19)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(frozen=True, slots=True)
class Token:
    """A word or a punctuation character of a text, with its offsets."""

    start: int
    end: int
    text: str
    word: bool  #: letters/digits (else one punctuation character)
    space_before: bool  #: whitespace separates it from the previous token


def tokenize(text: str) -> list[Token]:
    """Words and punctuation characters of ``text`` with offsets (whitespace is skipped)."""
    out: list[Token] = []
    prev_end = 0
    for m in _TOKEN_RE.finditer(text):
        out.append(Token(m.start(), m.end(), m.group(), m.group(1) is not None, m.start() > prev_end))
        prev_end = m.end()
    return out


def punct_key(ch: str) -> str:
    """The key of a punctuation token: all dashes are one, all quotation marks are one."""
    if ch in DASHES:
        return "~-"
    if ch in QUOTES:
        return '~"'
    return "~" + ch


def _lemma_keys(parses: Iterable[Any]) -> set[str]:
    keys: set[str] = set()
    for p in parses:
        nf = fold(p.normal_form)
        if "Surn" in p.tag:
            gender = p.tag.gender
            if "plur" in p.tag:
                keys.add(nf + "#p")  # «Алиевы»: the family, either gender
                continue
            if gender != "femn":
                keys.add(nf + "#m")
            if gender != "masc":
                keys.add(nf + "#f")
        else:
            keys.add(nf)
    return keys


def _select(parses: Sequence[Any], capitalised: bool) -> Sequence[Any]:
    """The parses an entry word (a citation form) stands for."""
    proper = [p for p in parses if not PROPER_TAGS.isdisjoint(p.tag.grammemes)]
    common = [p for p in parses if PROPER_TAGS.isdisjoint(p.tag.grammemes)]
    pool = proper if capitalised and proper else common if not capitalised and common else list(parses)
    nominative = [p for p in pool if p.tag.case in ("nomn", None)]
    return nominative or pool


def _combine(parts: list[str], part_keys: list[set[str]]) -> set[str]:
    """Keys of a joined word from its parts' keys (``parts`` holds the words and the joiners)."""
    sizes = 1
    for ks in part_keys:
        sizes *= len(ks)
    if sizes > _MAX_COMBOS:  # only the last part inflects, as in «Касым-Жомартом»
        head = "".join(parts[:-1])
        return {head + k for k in part_keys[-1]}
    joiners = parts[1::2]
    out = set()
    for combo in product(*part_keys):
        out.add(combo[0] + "".join(j + k for j, k in zip(joiners, combo[1:])))
    return out


class Morphology:
    """pymorphy3 behind per-word-form caches; the analyzer is created on first use."""

    def __init__(self, cache_size: int = 1 << 18) -> None:
        self._analyzer: Any = None
        self.parse = lru_cache(maxsize=cache_size // 4)(self._parse)
        self.text_keys = lru_cache(maxsize=cache_size)(self._text_keys)
        self.entry_keys = lru_cache(maxsize=cache_size)(self._entry_keys)
        self.noun_first = lru_cache(maxsize=cache_size // 4)(self._noun_first)

    @property
    def analyzer(self) -> Any:
        """The shared ``pymorphy3.MorphAnalyzer``."""
        if self._analyzer is None:
            import pymorphy3

            self._analyzer = pymorphy3.MorphAnalyzer(lang="ru")
        return self._analyzer

    def clear(self) -> None:
        """Forget cached parses (the analyzer stays loaded)."""
        for f in (self.parse, self.text_keys, self.entry_keys, self.noun_first):
            f.cache_clear()

    def _parse(self, lower: str) -> tuple[Any, ...]:
        return tuple(self.analyzer.parse(lower))

    # ------------------------------------------------------------------ text words
    def _word_text_keys(self, word: str) -> set[str]:
        """Lemma and surname keys of one text word (no surface keys)."""
        low_e = word.lower()
        low = fold(low_e)
        keys = _lemma_keys(self.parse(low))
        if low_e != low:
            keys |= _lemma_keys(self.parse(low_e))
        if word[:1].isupper():
            keys |= text_surname_keys(low)
        return keys

    def _text_keys(self, word: str) -> frozenset[str]:
        f = fold(word)
        low = f.lower()
        keys = {"!" + f, "=" + low}
        if _CYRILLIC.search(f):
            keys |= self._word_text_keys(word)
            parts = _JOINER.split(f)
            if 3 <= len(parts) <= 5:
                originals = _split_like(word, parts)
                keys |= _combine(parts, [{p.lower()} | self._word_text_keys(o) for p, o in zip(parts[::2], originals)])
        return frozenset(keys)

    # ------------------------------------------------------------------ entry words
    def _word_entry_keys(self, word: str) -> set[str]:
        """Lemma and surname keys of one entry word in its dictionary form."""
        low_e = word.lower()
        low = fold(low_e)
        cap = word[:1].isupper()
        parses = self.parse(low_e)  # ё as written: folding can change the parse
        keys = _lemma_keys(_select(parses, cap))
        if cap and not is_caps(word):
            keys |= entry_surname_keys(low)
        return keys | {k[:-2] + "#p" for k in keys if k.endswith(("#m", "#f"))}

    def _entry_keys(self, word: str, mode: str = "lemma") -> frozenset[str]:
        f = fold(word)
        if mode == "exact" or is_caps(f):
            return frozenset({"!" + f})
        low = f.lower()
        if not _CYRILLIC.search(f):
            return frozenset({"=" + low})
        keys = {"=" + low} | self._word_entry_keys(word)
        parts = _JOINER.split(f)
        if 3 <= len(parts) <= 5:
            originals = _split_like(word, parts)
            keys |= _combine(parts, [{p.lower()} | self._word_entry_keys(o) for p, o in zip(parts[::2], originals)])
        return frozenset(keys)

    def _noun_first(self, word: str) -> bool:
        """Whether a capitalised entry word is a common noun in the nominative (``Министерство``):
        a multi-word name opening with it may stand in lower case in running text."""
        parses = self.parse(word.lower())
        if any(not PROPER_TAGS.isdisjoint(p.tag.grammemes) for p in parses):
            return False  # «Вера Иванова»: «вера иванова» is not the name
        return any(p.tag.POS == "NOUN" and p.tag.case == "nomn" for p in parses)

    def token_keys(self, token: Token) -> frozenset[str]:
        """Keys of a text token."""
        return self.text_keys(token.text) if token.word else frozenset({punct_key(token.text)})


def _split_like(word: str, folded_parts: list[str]) -> list[str]:
    """The parts of ``word`` (unfolded, so ё survives) at the places of ``folded_parts``' words."""
    out, pos = [], 0
    for i, part in enumerate(folded_parts):
        if i % 2 == 0:
            out.append(word[pos : pos + len(part)])
        pos += len(part)
    return out


_DEFAULT: Morphology | None = None


def default_morphology() -> Morphology:
    """The process-wide :class:`Morphology` (created on first call)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Morphology()
    return _DEFAULT
