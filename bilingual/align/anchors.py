"""Anchors: things that survive translation and so tie a Russian segment to its English one.

Each segment (a block or a sentence) gets a :class:`Segment`: its length and a bag of anchor
keys. A Russian and an English segment share a key when

* ``n:<digits>`` — both contain the number (``9 октября 2025`` / ``October 9, 2025``; Roman
  numerals count as their value: ``XIX век`` / ``19th century``);
* ``l:<token>`` — a Latin-script token of the Russian (``NEWS.ru``, ``AZAL``, ``president.az``)
  stands in the English;
* ``p:<key>`` — a Russian word, transliterated (iuliia, Wikipedia scheme) and folded, starts
  with the same four letters as an English word: names and cognates (``Алиева`` ↔ ``Aliyev``,
  ``стратегическим`` ↔ ``strategic``, ``экономических`` ↔ ``economic``) — the 4-letter-prefix
  cognate test of Simard, Foster & Isabelle (1992), through transliteration;
* ``t:<target>`` — a glossary term of the Russian (lemma-matched) has its English target in the
  English (``Владимира Путина`` ↔ ``Vladimir Putin``);
* ``q`` — both open with a quotation mark (``«…`` ↔ ``“…``); ``c`` — both are a photo credit;
  ``h`` — both are heading-like (a heading or caption block: a single line without closing
  punctuation).

:func:`anchor_score` sums, over shared keys, ``weight(kind) / sqrt(df)`` times the shared count,
where ``df`` is how many Russian segments hold the key: a number that occurs once in the article
is strong evidence, the president's name in every paragraph is weak.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = [
    "Segment",
    "WEIGHTS",
    "ru_keys",
    "en_keys",
    "anchor_score",
    "anchor_mismatches",
    "merged_keys",
    "shared_score",
    "document_frequency",
    "name_key",
    "roman_value",
]

#: Weight (in nats of alignment cost) of one shared anchor, by key kind.
WEIGHTS = {"n": 4.0, "l": 4.0, "t": 2.0, "p": 1.0, "q": 1.5, "c": 3.0, "h": 3.0}

# digits, with thousands grouped by a comma (1,200) or a space / no-break space / thin space (1 200)
_NUMBER = re.compile(r"\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+(?![\d,])|\d+")
_GROUPING = re.compile(r"[,\u00a0\u202f\u2009 ]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.\-'’][A-Za-z0-9]+)*")
_CYR_WORD = re.compile(r"[А-ЯЁа-яё]{4,}")
_LAT_WORD = re.compile(r"[A-Za-z]{4,}")
_OPEN_QUOTES_RU = "«„“\""
_OPEN_QUOTES_EN = "“\"‘«„'"
#: Name keys compare this many folded letters (Russian names inflect at the end).
NAME_PREFIX = 4


@dataclass
class Segment:
    """One side's segment as the aligner sees it."""

    text: str
    keys: Counter[str] = field(default_factory=Counter)
    short: bool = False  #: heading-like: a heading or caption line
    group: int = 0  #: the block / paragraph a sentence belongs to (sentence level)
    note: bool = False  #: English only: the translator's own note (:mod:`.notes`), never linked to Russian

    @property
    def length(self) -> int:
        """Length in characters, at least 1 (so a ratio never divides by zero)."""
        return max(1, len(self.text))


@lru_cache(maxsize=1)
def _transliterate():  # type: ignore[no-untyped-def]
    import iuliia

    return iuliia.WIKIPEDIA.translate


_FOLD = str.maketrans({"y": "i", "j": "i", "w": "v", "c": "k", "q": "k", "z": "s", "x": "k", "h": None})


@lru_cache(maxsize=65536)
def name_key(latin_word: str) -> str:
    """A folded prefix of a Latin-script word, so spelling variants of a name agree:
    ``Aliyev``/``Aliev`` → ``alie``, ``Wasserman``/``Vasserman`` → ``vase``; ``""`` if too short."""
    w = latin_word.lower().translate(_FOLD)
    w = re.sub(r"(.)\1+", r"\1", w)  # doubled letters
    w = re.sub(r"[^a-z]", "", w)
    return w[:NAME_PREFIX] if len(w) >= NAME_PREFIX else ""


_ROMAN = re.compile(r"^[IVXLC]{2,}$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(token: str) -> int | None:
    """The value of a Roman numeral of two or more letters (``XIX`` → 19), else ``None``."""
    if not _ROMAN.match(token):
        return None
    total = 0
    for a, b in zip(token, token[1:] + " "):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total if total > 0 else None


def _number_keys(text: str) -> Iterable[str]:
    for m in _NUMBER.finditer(text):
        yield "n:" + (_GROUPING.sub("", m.group()).lstrip("0") or "0")
    for m in _LATIN.finditer(text):
        value = roman_value(m.group())
        if value is not None:
            yield f"n:{value}"


def ru_keys(text: str, *, terms: Sequence[str] = (), credit: bool = False) -> Counter[str]:
    """Anchor keys of a Russian segment (``terms``: English targets of its glossary matches)."""
    keys: Counter[str] = Counter(_number_keys(text))
    keys.update("l:" + m.group().lower() for m in _LATIN.finditer(text) if roman_value(m.group()) is None)
    translit = _transliterate()
    for m in _CYR_WORD.finditer(text):
        k = name_key(translit(m.group()))
        if k:
            keys["p:" + k] += 1
    keys.update("t:" + t.lower() for t in terms)
    if text[:1] in _OPEN_QUOTES_RU:
        keys["q"] += 1
    if credit:
        keys["c"] += 1
    return keys


def en_keys(text: str, *, terms: Sequence[str] = (), credit: bool = False) -> Counter[str]:
    """Anchor keys of an English segment (``terms``: glossary targets found in it)."""
    keys: Counter[str] = Counter(_number_keys(text))
    keys.update("l:" + m.group().lower() for m in _LATIN.finditer(text))
    for m in _LAT_WORD.finditer(text):
        k = name_key(m.group())
        if k:
            keys["p:" + k] += 1
    keys.update("t:" + t.lower() for t in terms)
    if text[:1] in _OPEN_QUOTES_EN:
        keys["q"] += 1
    if credit:
        keys["c"] += 1
    return keys


def document_frequency(segments: Sequence[Segment]) -> dict[str, float]:
    """Per key, the weight of one match: ``WEIGHTS[kind] / sqrt(number of segments holding it)``."""
    df: Counter[str] = Counter()
    for s in segments:
        df.update(set(s.keys))
        if s.short:
            df["h"] += 1
    return {k: WEIGHTS[k.split(":", 1)[0]] / math.sqrt(n) for k, n in df.items()}


def merged_keys(segments: Sequence[Segment]) -> dict[str, int]:
    """The anchor keys of several segments together."""
    if len(segments) == 1:
        return segments[0].keys
    out: dict[str, int] = {}
    for s in segments:
        for k, n in s.keys.items():
            out[k] = out.get(k, 0) + n
    return out


def shared_score(a: dict[str, int], b: dict[str, int], weights: dict[str, float]) -> float:
    """Σ over keys of ``weights[key] · min(a[key], b[key])``."""
    if len(a) > len(b):
        a, b = b, a
    score = 0.0
    for k, n in a.items():
        m = b.get(k)
        if m:
            score += weights.get(k, 0.0) * (n if n < m else m)
    return score


def anchor_score(ru: Sequence[Segment], en: Sequence[Segment], weights: dict[str, float]) -> float:
    """Evidence (in nats, ≥ 0) that ``ru`` and ``en`` translate each other, from shared anchors."""
    if not ru or not en:
        return 0.0
    score = shared_score(merged_keys(ru), merged_keys(en), weights)
    if len(ru) == 1 and len(en) == 1 and ru[0].short and en[0].short:
        score += weights.get("h", WEIGHTS["h"])
    return score


def anchor_mismatches(ru: Sequence[Segment], en: Sequence[Segment]) -> int:
    """How many numbers or Latin-script tokens one side of a link has and the other lacks
    (a Latin token of the English is only missed if it is a number: English is all Latin)."""
    a: Counter[str] = Counter()
    b: Counter[str] = Counter()
    for s in ru:
        a.update({k: n for k, n in s.keys.items() if k[0] in "nl"})
    for s in en:
        b.update({k: n for k, n in s.keys.items() if k[0] in "nl"})
    missing = sum(max(0, n - b.get(k, 0)) for k, n in a.items())
    missing += sum(max(0, n - a.get(k, 0)) for k, n in b.items() if k[0] == "n")
    return missing
