"""Finding glossary terms in Russian text by lemma: the index and the matcher.

How a text word meets a glossary word: :mod:`.morph` (tokens and keys; the names it defines are
re-exported here). Before matching, the text is cleaned by :mod:`.normalize` (NFD composed, soft
hyphens and zero-width characters dropped, Latin look-alikes inside Cyrillic words read as
Cyrillic); match offsets always point into the text as given.

Rules
-----
A capitalised entry word only matches a capitalised text word (unless ``match=anycase``):
``Вера`` matches «с Верой Ивановой» but not «вера в будущее». The first word of a multi-word
entry is exempt when it is a common noun (``Министерство финансов`` matches «в министерстве
финансов»); a name (``Вера Иванова``) or an adjective (``Красный Октябрь``) is not.

Multi-word entries match consecutive tokens, each by the rules above; whitespace must be where
the entry has it, except around dashes (``Север — Юг`` = ``Север–Юг``) and quotation marks.
Quotation marks between the words are skipped on either side (``завод Красный Октябрь`` matches
«завода «Красный Октябрь»», the closing mark then included in the span). Overlapping matches
resolve deterministically: more entry tokens first, then more characters, then a singular
reading before a plural-only one («Бердымухамедовым» is the man, not the family, when both
entries exist), then the earlier position, then the entry requiring more capitals, then the earlier glossary line; chosen matches
never overlap. A hyphenated compound no entry matches whole is searched part by part for
capitalised one-word names («Баку-Тбилиси» → Baku).

A personal name of two or three capitalised words (``Владимир Путин``) also matches its surname
after initials («В. В. Путин», «А.Смирнова» for ``Анна Смирнова``) when the initials agree with
the entry's first name (and patronymic); only the surname is the match — its target is the last
word of the entry's target — so the initials stay as written in the engine's input.

Cost
----
Entries are indexed by the keys of their first token, multi-token entries by the keys of their
first two tokens (dicts), so a text word costs a few dict look-ups per key plus a check of the
entries that share those keys — independent of the glossary's size. The compiled index can be
saved and loaded without pymorphy3 (:meth:`Matcher.state`, :mod:`.index`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import GlossaryError
from ..model import TermMatch
from .morph import (
    DASHES,
    PROPER_TAGS,
    QUOTES,
    Morphology,
    Token,
    default_morphology,
    fold,
    is_caps,
    punct_key,
    tokenize,
)
from .normalize import normalize
from .tsv import Entry

__all__ = [
    "Token", "tokenize", "fold", "is_caps", "Morphology", "default_morphology", "Matcher",
    "PROPER_TAGS", "DASHES", "QUOTES",
]

_INITIAL = re.compile(r"[А-ЯЁ]")


@dataclass(frozen=True, slots=True)
class _PTok:
    keys: frozenset[str]
    cap: bool  #: the text token must start with a capital
    space: bool  #: whitespace before it in the entry
    dash: bool  #: a dash: whitespace around it is free
    quoted: bool = False  #: a quotation mark stood before it in the entry: whitespace is free


@dataclass(frozen=True, slots=True)
class _Pattern:
    entry: int  #: index into the matcher's entries
    toks: tuple[_PTok, ...]
    chars: int


@dataclass(frozen=True, slots=True)
class _Surname:
    entry: int
    initials: str  #: first letters of the entry's given name (and patronymic)
    target: str  #: the surname part of the target


class Matcher:
    """Longest-first, non-overlapping glossary matching over a lemma index."""

    def __init__(self, entries: Sequence[Entry], morphology: Morphology | None = None, state: Any = None) -> None:
        self.entries = list(entries)
        self.morph = morphology or default_morphology()
        if state is not None:
            self._load(state)
            return
        patterns, surnames = [], []
        for ei, entry in enumerate(self.entries):
            for variant in entry.variants:
                p = self._compile(ei, entry, variant)
                patterns.append(p)
                s = _surname_of(p, entry, variant)
                if s is not None:
                    surnames.append((p.toks[-1].keys, s))
        # rank: more tokens, more characters, more capitals required (the name «Вера» before the
        # noun «вера» for «Верой»), earlier line, earlier variant
        order = sorted(
            range(len(patterns)),
            key=lambda i: (-len(patterns[i].toks), -patterns[i].chars, -sum(t.cap for t in patterns[i].toks), i),
        )
        #: patterns by rank; an entry may still be in its stored form (a str) until first used
        self.patterns: list[_Pattern | str] = [patterns[i] for i in order]
        # one-token patterns by key; longer ones by (first key, second key), so the many entries
        # sharing a first word («Александр …», «президент …») are not all checked at every
        # occurrence of that word. A key's value is a pattern id, or a list of them.
        index: dict[str, Any] = {}
        index2: dict[str, dict[str, Any]] = {}
        for pid, p in enumerate(patterns[i] for i in order):
            for key in p.toks[0].keys:
                if len(p.toks) == 1:
                    _put(index, key, pid)
                else:
                    second = index2.setdefault(key, {})
                    for key2 in p.toks[1].keys:
                        _put(second, key2, pid)
        self.index, self.index2 = index, index2
        #: full names for matching a surname after initials: records, and their ids by surname key
        self._surnames: list[_Surname | str] = [s for _, s in surnames]
        self.surnames: dict[str, Any] = {}
        for sid, (keys, _) in enumerate(surnames):
            for key in keys:
                _put(self.surnames, key, sid)

    def state(self) -> tuple[Any, ...]:
        """The compiled index as plain data (for :mod:`.index`): it loads without pymorphy3.
        Strings are joined into a few long ones, which unpickle far faster than many short ones."""
        pats = _SEP.join(p if isinstance(p, str) else _encode(p) for p in self.patterns)
        k1s = list(self.index2)
        second = [self.index2[k] for k in k1s]
        surn = _SEP.join(x if isinstance(x, str) else f"{x.entry}\x1d{x.initials}\x1d{x.target}" for x in self._surnames)
        return (
            len(self.patterns), pats,
            _SEP.join(self.index), list(self.index.values()),
            _SEP.join(k1s), [len(d) for d in second], _SEP.join(k for d in second for k in d), [v for d in second for v in d.values()],
            surn, _SEP.join(self.surnames), list(self.surnames.values()),
        )

    def _load(self, state: Any) -> None:
        npats, pats, keys1, vals1, k1s, counts, k2s, vals2, surn, skeys, svals = state
        patterns = _split(pats)
        if len(patterns) != npats:
            raise ValueError("not a glossary index")
        self.patterns = patterns  # type: ignore[assignment]
        self.index = dict(zip(_split(keys1), vals1, strict=True))
        self.index2 = {}
        seconds, pos = _split(k2s), 0
        for k1, count in zip(_split(k1s), counts, strict=True):
            self.index2[k1] = dict(zip(seconds[pos : pos + count], vals2[pos : pos + count], strict=True))
            pos += count
        self._surnames = _split(surn)  # type: ignore[assignment]
        self.surnames = dict(zip(_split(skeys), svals, strict=True))

    def _surname(self, sid: int) -> _Surname:
        s = self._surnames[sid]
        if isinstance(s, str):
            entry, initials, target = s.split("\x1d")
            s = self._surnames[sid] = _Surname(int(entry), initials, target)
        return s

    def pattern(self, pid: int) -> _Pattern:
        """Pattern ``pid`` (decoded from its stored form on first use)."""
        p = self.patterns[pid]
        if isinstance(p, str):
            p = self.patterns[pid] = _decode(p)
        return p

    def _compile(self, ei: int, entry: Entry, variant: str) -> _Pattern:
        mode = entry.match
        toks: list[_PTok] = []
        quoted = False
        words = [t for t in tokenize(variant) if t.word]
        if not words:
            where = f"line {entry.line}: " if entry.line else ""
            raise GlossaryError(f"{where}«{variant}» has no letters or digits to look for; fix or delete that entry")
        for t in tokenize(variant):
            if not t.word and t.text in QUOTES:
                quoted = True  # quotation marks are optional in the text: not part of the pattern
                continue
            if t.word:
                keys = self.morph.entry_keys(t.text, mode)
                cap = mode == "lemma" and t.text[:1].isupper()
                if cap and not toks and len(words) > 1 and not is_caps(t.text) and self.morph.noun_first(t.text):
                    cap = False  # «Министерство финансов» in «в министерстве финансов»
            else:
                keys, cap = frozenset({punct_key(t.text)}), False
            toks.append(_PTok(keys, cap, t.space_before, not t.word and t.text in DASHES, quoted and bool(toks)))
            quoted = False
        return _Pattern(ei, tuple(toks), len(variant))

    def __len__(self) -> int:
        return len(self.entries)

    # ------------------------------------------------------------------ finding
    def find(self, text: str) -> list[TermMatch]:
        """Glossary terms in ``text``: offsets into it, in text order, never overlapping."""
        norm = normalize(text)
        out = []
        for start, end, ei, target in self._find_clean(norm.text):
            entry = self.entries[ei]
            start, end = norm.span(start, end)
            out.append(TermMatch(source=entry.source, target=target, start=start, end=end, text=text[start:end]))
        return out

    def _find_clean(self, text: str) -> list[tuple[int, int, int, str]]:
        toks = tokenize(text)
        keys = [self.morph.token_keys(t) for t in toks]
        quote = [not t.word and t.text in QUOTES for t in toks]
        index, index2, patterns = self.index, self.index2, self.patterns
        n = len(toks)
        # (-ntoks, -nchars, only a plural reading, start token, pattern id, end token)
        cands: list[tuple[int, int, bool, int, int, int]] = []
        for i, tkeys in enumerate(keys):
            nxt = i + 1
            while nxt < n and quote[nxt] and nxt - i <= 2:
                nxt += 1
            ids: set[int] = set()
            for k in tkeys:
                hit = index.get(k)
                if hit is not None:
                    ids.add(hit) if type(hit) is int else ids.update(hit)
                if nxt < n:
                    second = index2.get(k)
                    if second:
                        for k2 in keys[nxt]:
                            hit = second.get(k2)
                            if hit is not None:
                                ids.add(hit) if type(hit) is int else ids.update(hit)
            for pid in ids:
                stored = patterns[pid]
                p = self.pattern(pid) if isinstance(stored, str) else stored
                end = _verify(p, toks, keys, quote, i)
                if end > 0:
                    plural_only = all(k[-2:] == "#p" for k in p.toks[0].keys & tkeys)
                    cands.append((-len(p.toks), toks[i].start - toks[end - 1].end, plural_only, i, pid, end))
        cands.sort()
        taken = bytearray(n)
        out: list[tuple[int, int, int, str]] = []
        for _, _, _, i, pid, end in cands:
            if any(taken[i:end]):
                continue
            taken[i:end] = b"\x01" * (end - i)
            entry = self.pattern(pid).entry
            out.append((toks[i].start, toks[end - 1].end, entry, self.entries[entry].target))
        for i, tok in enumerate(toks):
            if taken[i] or not tok.word:
                continue
            if "-" in fold(tok.text):
                out.extend(self._find_in_compound(tok))
            elif self.surnames and tok.text[:1].isupper():
                hit = self._after_initials(toks, keys, i)
                if hit is not None:
                    out.append(hit)
        out.sort()
        return out

    def _after_initials(self, toks: list[Token], keys: list[frozenset[str]], i: int) -> tuple[int, int, int, str] | None:
        """A surname after initials («В. В. Путин») of a full-name entry."""
        letters = ""
        j = i - 2
        while j >= 0 and len(letters) < 2 and toks[j + 1].text == "." and toks[j].word and _INITIAL.fullmatch(toks[j].text):
            letters = fold(toks[j].text) + letters
            j -= 2
        if not letters:
            return None
        for key in keys[i]:
            for sid in _ids(self.surnames.get(key)):
                s = self._surname(sid)
                if letters[0] == s.initials[0] and (len(letters) == 1 or len(s.initials) == 1 or letters[1] == s.initials[1]):
                    return (toks[i].start, toks[i].end, s.entry, s.target)
        return None

    def _find_in_compound(self, tok: Token) -> list[tuple[int, int, int, str]]:
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
            ids = {pid for k in keys for pid in _ids(self.index.get(k)) if _is_name_pattern(self.pattern(pid))}
            if ids:
                entry = self.pattern(min(ids)).entry
                out.append((start, start + len(part), entry, self.entries[entry].target))
        return out


def _is_name_pattern(p: _Pattern) -> bool:
    first = p.toks[0]
    return len(p.toks) == 1 and (first.cap or any(k.startswith("!") for k in first.keys))


def _verify(p: _Pattern, toks: list[Token], keys: list[frozenset[str]], quote: list[bool], i: int) -> int:
    """The end token (exclusive) of ``p`` matched at token ``i``, or -1."""
    n = len(toks)
    j, skipped = i, 0
    prev: _PTok | None = None
    for pt in p.toks:
        q = 0
        if prev is not None:
            while j < n and quote[j] and q < 2:
                j, q = j + 1, q + 1
            skipped += q
        if j >= n:
            return -1
        tt = toks[j]
        if pt.cap and not tt.text[:1].isupper():
            return -1
        if prev is not None:
            if not (q or pt.quoted or pt.dash or prev.dash) and pt.space != tt.space_before:
                return -1
            if pt.keys.isdisjoint(keys[j]):
                return -1
        prev = pt
        j += 1
    if skipped % 2 and j < n and quote[j]:
        j += 1  # the closing mark of «завода «Красный Октябрь»»
    return j


def _surname_of(p: _Pattern, entry: Entry, variant: str) -> _Surname | None:
    """The surname record of a full-name entry (2–3 capitalised words, target of as many words)."""
    if entry.match != "lemma" or (entry.kind and entry.kind != "person"):
        return None
    words = [t.text for t in tokenize(variant) if t.word]
    target = entry.target.split()
    if len(p.toks) != len(words) or not 2 <= len(words) <= 3 or len(target) != len(words):
        return None
    if not all(w[:1].isupper() and not is_caps(w) and _INITIAL.match(w) for w in words):
        return None
    return _Surname(p.entry, "".join(fold(w[0]) for w in words[:-1]), target[-1])


def _put(index: dict[str, Any], key: str, pid: int) -> None:
    """Add ``pid`` under ``key``: a lone id is stored as an int (most keys have one pattern)."""
    hit = index.get(key)
    if hit is None:
        index[key] = pid
    elif type(hit) is int:
        index[key] = [hit, pid]
    else:
        hit.append(pid)


_SEP = "\x1c"  # between stored strings (never in glossary values: control characters are refused)


def _split(blob: str) -> list[str]:
    return blob.split(_SEP) if blob else []


def _ids(hit: Any) -> tuple[int, ...] | list[int]:
    if hit is None:
        return ()
    return (hit,) if type(hit) is int else hit


# stored form of a pattern: "entry\x1dchars\x1d" + tokens joined by \x1e, each "flags" + keys
# joined by \x1f (control characters never occur in glossary values)
def _encode(p: _Pattern) -> str:
    toks = "\x1e".join(
        "".join("1" if f else "0" for f in (t.cap, t.space, t.dash, t.quoted)) + "\x1f".join(sorted(t.keys)) for t in p.toks
    )
    return f"{p.entry}\x1d{p.chars}\x1d{toks}"


def _decode(s: str) -> _Pattern:
    entry, chars, toks = s.split("\x1d")
    out = []
    for t in toks.split("\x1e"):
        flags, keys = t[:4], t[4:]
        out.append(_PTok(frozenset(keys.split("\x1f")), flags[0] == "1", flags[1] == "1", flags[2] == "1", flags[3] == "1"))
    return _Pattern(int(entry), tuple(out), int(chars))
