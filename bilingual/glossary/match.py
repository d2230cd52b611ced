"""Finding glossary terms in Russian text by lemma: the index and the matcher.

How a text word meets a glossary word
-------------------------------------
Text and entries are cut into the same tokens (:func:`tokenize`): words — letters and digits,
hyphenated or apostrophised words kept whole (``Касым-Жомарт``, ``О'Нил``) — and single
punctuation characters, each with its character offsets. Every word gets a set of *keys*;
an entry word matches a text word when their key sets share one. Keys are:

* ``=form`` — the lower-cased surface form (so indeclinable and unknown words always match
  themselves: ``Душанбе``, ``Актау``, ``Сомон``);
* ``!Form`` — the exact surface form. All-caps entry words (acronyms: ``БПЛА``, ``ПВО``,
  ``AZAL``) and entries with ``match=exact`` carry only this key: exact and case-sensitive;
* ``lemma`` — a pymorphy3 normal form, for **every** parse of a text word (``Путина`` →
  путин, путина), so a wrong first guess never hides a match. Surname parses carry their
  gender, ``путин#m`` / ``путин#f`` (plural surnames both), because pymorphy3 gives
  ``Алиевой`` the masculine normal form ``алиев``: «Алиевой» (Aliyeva) must not become Aliyev;
* for a hyphenated word, also the first parts plus the keys of its last part
  (``Касым-Жомартом`` → ``касым-жомарт``), as only the last part inflects.

Entry words are citation forms, so their parses are narrowed: a capitalised entry word keeps
its proper-noun parses (Name, Surn, Patr, Geox, Orgn, Trad) when it has any, a lower-case
one its common parses; then nominative parses are preferred. ``Путин`` therefore means the
surname (``путин#m``), not the genitive plural of «путина» (fishing season), and
``Журова`` means the woman (``журов#f``): «Журовой», «Журову» match it, «Журов» does not.

A capitalised entry word only matches a capitalised text word (unless ``match=anycase``):
``Вера`` matches «с Верой Ивановой» but not «вера в будущее». ``ё`` is read as ``е``
throughout; dashes (``- – —``) are one character and so are all quotation marks.

Multi-word entries match consecutive tokens, each by the rules above; whitespace must be
where the entry has it, except around dashes (``Север — Юг`` = ``Север–Юг``). Overlapping
matches resolve deterministically: more tokens first, then more characters, then the earlier
position, then the entry requiring more capitals, then the earlier glossary line; chosen matches never overlap. A hyphenated compound
no entry matches whole is searched part by part for capitalised one-word names
(«Баку-Тбилиси» → Baku).

Cost
----
Entries are indexed by the keys of their first token, multi-token entries by the keys of their
first two tokens (dicts), so a text word costs a few dict look-ups per key (a handful) plus a
check of the entries that share those keys — independent of the glossary's size. pymorphy3 runs once per distinct word form (``functools.lru_cache``); the
analyzer is created on first use and shared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import GlossaryError
from ..model import TermMatch
from .tsv import Entry

__all__ = ["Token", "tokenize", "fold", "Morphology", "default_morphology", "Matcher", "PROPER_TAGS"]

#: pymorphy3 grammemes that mark a proper noun.
PROPER_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})

DASHES = "-‐‑‒–—―−"
QUOTES = "«»„“”‟\"'‚‘’‹›"
_WORD = r"[^\W_]+(?:[-‐‑'’][^\W_]+)*"
_TOKEN_RE = re.compile(rf"({_WORD})|(\S)")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")
# one-to-one character folding, so offsets never move
_FOLD = str.maketrans({"ё": "е", "Ё": "Е", "‐": "-", "‑": "-", "’": "'"})


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


def _punct_key(ch: str) -> str:
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
            if gender != "femn":
                keys.add(nf + "#m")
            if gender != "masc":
                keys.add(nf + "#f")
        else:
            keys.add(nf)
    return keys


_SURNAME_M = re.compile(r"(?:ов|ев|ин|ын)$")
_SURNAME_F = re.compile(r"(?:ова|ева|ина|ына)$")


def _surname_guess(low: str) -> set[str]:
    """Surname keys for a capitalised entry word the dictionary only knows as a common word
    (``Токаев`` → genitive plural of «токай»): the inflected text forms are predicted as
    surnames (``Токаева`` → ``токаев#m``), so give the entry those keys too."""
    if _SURNAME_M.search(low):
        return {low + "#m"}
    if _SURNAME_F.search(low):
        return {low[:-1] + "#f"}
    return set()


def _select(parses: Sequence[Any], capitalised: bool) -> Sequence[Any]:
    """The parses an entry word (a citation form) stands for."""
    proper = [p for p in parses if not PROPER_TAGS.isdisjoint(p.tag.grammemes)]
    common = [p for p in parses if PROPER_TAGS.isdisjoint(p.tag.grammemes)]
    pool = proper if capitalised and proper else common if not capitalised and common else list(parses)
    nominative = [p for p in pool if p.tag.case in ("nomn", None)]
    return nominative or pool


class Morphology:
    """pymorphy3 behind per-word-form caches; the analyzer is created on first use."""

    def __init__(self, cache_size: int = 1 << 18) -> None:
        self._analyzer: Any = None
        self.parse = lru_cache(maxsize=cache_size // 4)(self._parse)
        self.text_keys = lru_cache(maxsize=cache_size)(self._text_keys)
        self.entry_keys = lru_cache(maxsize=cache_size)(self._entry_keys)

    @property
    def analyzer(self) -> Any:
        """The shared ``pymorphy3.MorphAnalyzer``."""
        if self._analyzer is None:
            import pymorphy3

            self._analyzer = pymorphy3.MorphAnalyzer(lang="ru")
        return self._analyzer

    def clear(self) -> None:
        """Forget cached parses (the analyzer stays loaded)."""
        for f in (self.parse, self.text_keys, self.entry_keys):
            f.cache_clear()

    def _parse(self, lower: str) -> tuple[Any, ...]:
        return tuple(self.analyzer.parse(lower))

    def _text_keys(self, word: str) -> frozenset[str]:
        f = fold(word)
        low = f.lower()
        keys = {"!" + f, "=" + low}
        if _CYRILLIC.search(f):
            keys |= _lemma_keys(self.parse(low))
            if "-" in low:
                head, _, last = low.rpartition("-")
                keys |= {f"{head}-{k}" for k in _lemma_keys(self.parse(last))}
        return frozenset(keys)

    def _entry_keys(self, word: str, mode: str = "lemma") -> frozenset[str]:
        f = fold(word)
        if mode == "exact" or is_caps(f):
            return frozenset({"!" + f})
        low = f.lower()
        if not _CYRILLIC.search(f):
            return frozenset({"=" + low})
        cap = f[:1].isupper()
        parses = self.parse(low)
        keys = {"=" + low} | _lemma_keys(_select(parses, cap))
        if cap and all(PROPER_TAGS.isdisjoint(p.tag.grammemes) for p in parses):
            keys |= _surname_guess(low)
        if "-" in low:
            head, _, last = low.rpartition("-")
            keys |= {f"{head}-{k}" for k in _lemma_keys(_select(self.parse(last), cap))}
        return frozenset(keys)

    def token_keys(self, token: Token) -> frozenset[str]:
        """Keys of a text token."""
        return self.text_keys(token.text) if token.word else frozenset({_punct_key(token.text)})


_DEFAULT: Morphology | None = None


def default_morphology() -> Morphology:
    """The process-wide :class:`Morphology` (created on first call)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Morphology()
    return _DEFAULT


@dataclass(frozen=True, slots=True)
class _PTok:
    keys: frozenset[str]
    cap: bool  #: the text token must start with a capital
    space: bool  #: whitespace before it in the entry
    dash: bool  #: a dash: whitespace around it is free


@dataclass(frozen=True, slots=True)
class _Pattern:
    entry: int  #: index into the matcher's entries
    toks: tuple[_PTok, ...]
    chars: int


class Matcher:
    """Longest-first, non-overlapping glossary matching over a lemma index."""

    def __init__(self, entries: Sequence[Entry], morphology: Morphology | None = None) -> None:
        self.entries = list(entries)
        self.morph = morphology or default_morphology()
        patterns: list[_Pattern] = []
        for ei, entry in enumerate(self.entries):
            for variant in entry.variants:
                patterns.append(self._compile(ei, entry, variant))
        # rank: more tokens, more characters, more capitals required (the name «Вера» before the
        # noun «вера» for «Верой»), earlier line, earlier variant
        order = sorted(
            range(len(patterns)),
            key=lambda i: (-len(patterns[i].toks), -patterns[i].chars, -sum(t.cap for t in patterns[i].toks), i),
        )
        self.patterns = [patterns[i] for i in order]
        # one-token patterns by key; longer ones by (first key, second key), so the many entries
        # sharing a first word («Александр …», «президент …») are not all checked at every
        # occurrence of that word
        self.index: dict[str, list[int]] = {}
        self.index2: dict[str, dict[str, list[int]]] = {}
        for pid, p in enumerate(self.patterns):
            for key in p.toks[0].keys:
                if len(p.toks) == 1:
                    self.index.setdefault(key, []).append(pid)
                else:
                    second = self.index2.setdefault(key, {})
                    for key2 in p.toks[1].keys:
                        second.setdefault(key2, []).append(pid)

    def _compile(self, ei: int, entry: Entry, variant: str) -> _Pattern:
        mode = entry.match
        toks = []
        for t in tokenize(variant):
            if t.word:
                keys = self.morph.entry_keys(t.text, mode)
                cap = mode == "lemma" and t.text[:1].isupper()
            else:
                keys, cap = frozenset({_punct_key(t.text)}), False
            toks.append(_PTok(keys, cap, t.space_before, not t.word and t.text in DASHES))
        if not any(t.word for t in tokenize(variant)):
            where = f"line {entry.line}: " if entry.line else ""
            raise GlossaryError(f"{where}«{variant}» has no letters or digits to look for; fix or delete that entry")
        return _Pattern(ei, tuple(toks), len(variant))

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str) -> list[TermMatch]:
        """Glossary terms in ``text``: offsets into it, in text order, never overlapping."""
        toks = tokenize(text)
        keys = [self.morph.token_keys(t) for t in toks]
        index, index2, patterns = self.index, self.index2, self.patterns
        last_token = len(toks) - 1
        cands: list[tuple[int, int, int, int]] = []  # (-ntoks, -nchars, start token, pattern id)
        for i, tkeys in enumerate(keys):
            ids: set[int] = set()
            for k in tkeys:
                hit = index.get(k)
                if hit:
                    ids.update(hit)
                if i < last_token:
                    second = index2.get(k)
                    if second:
                        for k2 in keys[i + 1]:
                            hit = second.get(k2)
                            if hit:
                                ids.update(hit)
            for pid in ids:
                p = patterns[pid]
                if self._verify(p, toks, keys, i):
                    last = toks[i + len(p.toks) - 1]
                    cands.append((-len(p.toks), toks[i].start - last.end, i, pid))
        cands.sort()
        taken = bytearray(len(toks))
        chosen: list[tuple[int, int]] = []
        for neg_n, _, i, pid in cands:
            if any(taken[i : i - neg_n]):
                continue
            taken[i : i - neg_n] = b"\x01" * -neg_n
            chosen.append((i, pid))
        out = []
        for i, pid in chosen:
            p = patterns[pid]
            entry = self.entries[p.entry]
            start, end = toks[i].start, toks[i + len(p.toks) - 1].end
            out.append(TermMatch(source=entry.source, target=entry.target, start=start, end=end, text=text[start:end]))
        for i, tok in enumerate(toks):
            if not taken[i] and tok.word and "-" in fold(tok.text):
                out.extend(self._find_in_compound(tok, text))
        out.sort(key=lambda m: m.start)
        return out

    def _find_in_compound(self, tok: Token, text: str) -> list[TermMatch]:
        """Names inside a hyphenated compound no entry matches whole: «Баку-Тбилиси» → Baku.
        Only capitalised parts, and only one-word entries (lower-case parts of compound
        adjectives such as «российско-азербайджанский» are not terms)."""
        out = []
        pos = tok.start
        for part in re.split(r"[-‐‑]", tok.text):
            start, pos = pos, pos + len(part) + 1
            if not part[:1].isupper():
                continue
            keys = self.morph.text_keys(part)
            ids = {pid for k in keys for pid in self.index.get(k, ()) if self._is_name_pattern(self.patterns[pid])}
            if ids:
                entry = self.entries[self.patterns[min(ids)].entry]
                out.append(TermMatch(entry.source, entry.target, start, start + len(part), text[start : start + len(part)]))
        return out

    @staticmethod
    def _is_name_pattern(p: _Pattern) -> bool:
        first = p.toks[0]
        return len(p.toks) == 1 and (first.cap or any(k.startswith("!") for k in first.keys))

    @staticmethod
    def _verify(p: _Pattern, toks: list[Token], keys: list[frozenset[str]], i: int) -> bool:
        if i + len(p.toks) > len(toks):
            return False
        prev: _PTok | None = None
        for j, pt in enumerate(p.toks):
            tt = toks[i + j]
            if pt.cap and not tt.text[:1].isupper():
                return False
            if j:
                assert prev is not None
                if pt.space != tt.space_before and not (pt.dash or prev.dash):
                    return False
                if pt.keys.isdisjoint(keys[i + j]):
                    return False
            prev = pt
        return True
