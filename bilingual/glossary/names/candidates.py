"""Where the names are: candidate mentions in the sentences of a text.

Two detectors give the same :class:`Mention` list:

* :func:`rule_mentions` (always available; pymorphy3 only) — capitalisation and morphology:
  a capitalised Cyrillic word **inside** a sentence is a name (Russian capitalises no common noun
  there); at a sentence start it is taken only when its most likely parse is a proper noun or
  the same name also occurs inside a sentence (``pending``). A short capitalised phrase in
  quotation marks («Новая газета», «Роснефть») is one organisation name — a capital after « is
  not a sentence start. A capitalised common word inside a sentence takes the lower-case words
  that complete it (``Министерства обороны``, ``Счётной палаты``, ``Государственной думы``).
  Adjacent person-name words form one full name; a country or an organisation next to a person
  stays separate (``с Путиным Алиев`` is two names);
* :func:`.natasha.natasha_mentions` — natasha's news NER (slovnet; ``pip install natasha``), which finds
  organisations far better than rules can; its spans are cleaned (a Latin gloss in brackets is
  its own name, list-joined names are split) and the rule detector adds what it misses
  (acronyms, quoted names, site names).

All-caps words (БПЛА, ПВО, AZAL) are acronyms; Latin words with a dot (NEWS.ru) are site names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..match import PROPER_TAGS, Morphology, Token, fold, is_caps, tokenize

__all__ = ["COMMON_ACRONYMS", "Mention", "rule_mentions"]

_PERSON = frozenset({"Name", "Surn", "Patr"})
_MID_SENTENCE_PUNCT = set(",;:-‐‑‒–—―")
_OPEN_QUOTES = "«„“"
_CLOSE_QUOTES = "»“”"
_CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")
_LATIN = re.compile(r"[A-Za-z]")
_DOMAIN = re.compile(r"(?<![\w.])[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z][A-Za-z0-9-]*)+(?![\w])")
#: all-caps words that are common nouns, not names (media, GDP, road accident…)
COMMON_ACRONYMS = frozenset(["СМИ", "ВВП", "ДТП", "НДС", "ЧП", "ЧС", "ЖКХ", "ЖЖ", "ВУЗ", "ВИЧ", "СПИД", "ЕГЭ", "ОРВИ", "ИП", "ООО", "ОАО", "ЗАО", "ПАО", "АО", "НКО", "ТВ", "ОС", "СМС", "ГБ", "МБ", "ИА", "ПК"])
_ROMAN = re.compile(r"^[IVXLCDMХІ]+$")  # XX век, also written with Cyrillic Х
_NOT_NAMES = frozenset(["бог", "господь", "интернет"])


@dataclass
class Mention:
    """One occurrence of a name: its words as written, where and what kind."""

    words: list[str]
    kind: str  #: person, place, org, acronym, name (unknown)
    start: int = 0  #: offset in the sentence
    end: int = 0
    pending: bool = False  #: sentence-initial and not clearly a name: kept only if confirmed elsewhere
    covered: bool = False  #: the glossary already matches all of it
    sentence: int = 0
    quoted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def surface(self) -> str:
        """The words as they stand in the text."""
        return " ".join(self.words)


@dataclass
class _Word:
    text: str
    start: int
    end: int
    parses: tuple[Any, ...]
    initial: bool

    @property
    def proper(self) -> list[Any]:
        return [p for p in self.parses if not PROPER_TAGS.isdisjoint(p.tag.grammemes)]

    @property
    def is_person_part(self) -> bool:
        if not self.parses or is_caps(self.text):
            return False
        tags = [p.tag.grammemes for p in self.proper]
        if tags and not _PERSON.isdisjoint(self.proper[0].tag.grammemes):
            return True
        if not tags:  # a capitalised common word is a name part inside a sentence, not at its start
            return not self.initial or not any(type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer" for p in self.parses)
        return any(not _PERSON.isdisjoint(t) for t in tags) and not any("Geox" in t or "Orgn" in t for t in tags[:1])

    @property
    def has_name(self) -> bool:
        return any("Name" in p.tag for p in self.proper)

    @property
    def kind(self) -> str:
        if is_caps(self.text):
            return "acronym"
        if not _CYRILLIC.search(self.text):
            return "org"
        if not self.proper:
            return "name"
        tags = self.proper[0].tag.grammemes
        return "person" if not _PERSON.isdisjoint(tags) else "place" if "Geox" in tags else "org" if "Orgn" in tags else "name"


def _quoted_spans(text: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Token index ranges [i, j) of short capitalised phrases inside « » (1–6 words)."""
    out = []
    for i, tok in enumerate(tokens):
        if tok.text not in _OPEN_QUOTES or i + 1 >= len(tokens) or not tokens[i + 1].text[:1].isupper():
            continue
        for j in range(i + 1, min(i + 9, len(tokens))):
            if tokens[j].text in _CLOSE_QUOTES and tokens[j].text != tok.text or tokens[j].text == "»":
                words = [t for t in tokens[i + 1 : j] if t.word]
                if 1 <= len(words) <= 6 and all(t.word or t.text in "-–.&" for t in tokens[i + 1 : j]):
                    out.append((i + 1, j))
                break
    return out


#: words that announce an organisation's or a medium's name in quotes: газета «Коммерсантъ»
_ORG_WORDS = re.compile(
    r"^(?:газет|журнал|издани|агентств|телеканал|канал|радио|радиостанци|компани|корпораци|концерн|холдинг|"
    r"групп|банк|фонд|парти|движени|организаци|объединени|союз|ассоциаци|клуб|команд|завод|комбинат|"
    r"предприяти|фирм|сет|оао|зао|ооо|пао|ао|нко|гуп|фгуп|мауп|ано|центр|институт|университет|театр|"
    r"общество|обществ|фракци|блок|альянс|коалици|бренд|авиакомпани|оператор|портал|сайт|телекомпани)", re.IGNORECASE)


def _organisation_quote(tokens: Sequence[Token], before: int, words: Sequence[Token], morph: Morphology) -> bool:
    """A quoted phrase that names an organisation or a medium: after a word such as газета,
    компания, партия (within two words), ending in such a word («Новая газета»), or a single word the dictionary knows only as a
    name or not at all («Роснефть», «Газпром»); titles of books and films are left out."""
    for k in range(before - 1, max(before - 3, -1), -1):
        if tokens[k].word and _ORG_WORDS.match(fold(tokens[k].text).lower()):
            return True
    last = fold(words[-1].text).lower()
    if len(words) > 1 and _ORG_WORDS.match(last) and not last.startswith("союз"):  # «Новая газета»
        return True
    if len(words) == 1 and not words[0].text.isupper():
        parses = morph.parse(fold(words[0].text).lower())
        return not parses or any("Orgn" in p.tag for p in parses) or all(
            type(p.methods_stack[0][0]).__name__ != "DictionaryAnalyzer" for p in parses)
    return False


def _tail(tokens: Sequence[Token], j: int, morph: Morphology, parses: Sequence[Any]) -> int:
    """How far a capitalised common word's name runs into the lower-case words after it."""
    end = j
    limit = min(len(tokens), j + 5)

    def lower_word(k: int) -> list[Any] | None:
        if k >= limit or not tokens[k].word or not tokens[k].text.islower() or len(tokens[k].text) < 3:
            return None
        ps = list(morph.parse(fold(tokens[k].text)))
        return None if not ps or ps[0].tag.POS in ("PREP", "CONJ", "PRCL", "VERB", "INFN", "ADVB") else ps

    adj_cases = {p.tag.case for p in parses if p.tag.POS in ("ADJF", "PRTF")}
    if parses and parses[0].tag.POS in ("ADJF", "PRTF"):  # Счётной палаты, Государственной думы: adjectives, a noun
        k = j
        while (ps := lower_word(k)) is not None:
            if any(p.tag.POS == "NOUN" and p.tag.case in adj_cases for p in ps):
                end = k + 1
                break
            if not any(p.tag.POS == "ADJF" and p.tag.case in adj_cases for p in ps):
                return j
            k += 1
        else:
            return j
    elif not parses or parses[0].tag.POS != "NOUN":
        return j
    # a genitive tail: Министерства обороны, Комитета по делам…: nouns/adjectives in the genitive
    k = end
    while (ps := lower_word(k)) is not None:
        if not any(p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF") for p in ps):
            break
        if any(p.tag.POS == "NOUN" and p.tag.case == "gent" for p in ps):
            end = k + 1
        k += 1
    return end


@lru_cache(maxsize=4096)
def _institution_word(low: str) -> bool:
    """Words that open a multi-word institution name (Министерство, Счётная, Государственная…)."""
    return low.startswith(("министерств", "комитет", "служб", "агентств", "палат", "совет", "суд", "прокуратур", "дум",
                           "счётн", "счетн", "государственн", "федеральн", "верховн", "конституционн", "центральн",
                           "генеральн", "национальн", "следственн", "управлени", "администраци", "парламент",
                           "собрани", "фонд", "банк", "союз", "партия", "движени", "университет", "академи", "институт"))


def rule_mentions(sentence: str, morph: Morphology, covered: Sequence[tuple[int, int]] = (), index: int = 0,
                  strict_quotes: bool = False) -> list[Mention]:
    """Candidate name mentions in one sentence, by capitalisation and morphology. ``strict_quotes``:
    take a quoted phrase only when it names an organisation (:func:`_organisation_quote`), not
    any capitalised one (titles of books, films, spacecraft)."""
    tokens = tokenize(sentence)
    quoted = {a: b for a, b in _quoted_spans(sentence, tokens)}
    domains = [(m.start(), m.end()) for m in _DOMAIN.finditer(sentence)]
    out: list[Mention] = []
    run: list[_Word] = []
    i = 0

    def is_covered(a: int, b: int) -> bool:
        return any(x <= a and b <= y for x, y in covered)

    def flush() -> None:
        for group in _split_run(run):
            out.extend(_mention(group, index, is_covered))
        run.clear()

    while i < len(tokens):
        tok = tokens[i]
        if i in quoted:
            flush()
            j = quoted[i]
            words = [t for t in tokens[i:j] if t.word]
            if (_organisation_quote(tokens, i - 1, words, morph) if strict_quotes
                    else len(words) > 1 or not words[0].text.isupper()):
                a, b = tokens[i].start, tokens[j - 1].end
                kind = "org"
                if len(words) == 1:
                    ws = _Word(words[0].text, a, b, morph.parse(fold(words[0].text).lower()), False)
                    kind = "org" if ws.kind in ("name", "org") else ws.kind
                out.append(Mention([t.text for t in words], kind, a, b, covered=is_covered(a, b), sentence=index, quoted=True))
                i = j
                continue
        prev = tokens[i - 1] if i else None
        initial = prev is None or (not prev.word and prev.text not in _MID_SENTENCE_PUNCT)
        candidate = tok.word and tok.text[:1].isupper() and not any(a <= tok.start < b for a, b in domains)
        if candidate and (_CYRILLIC.search(tok.text) or is_caps(tok.text)):
            low = fold(tok.text).lower()
            parses = morph.parse(low) if _CYRILLIC.search(tok.text) else ()
            w = _Word(tok.text, tok.start, tok.end, parses, initial)
            if parses and not w.proper and not initial and not is_caps(tok.text) and _institution_word(low):
                end = _tail(tokens, i + 1, morph, parses)
                if end > i + 1:
                    flush()
                    a, b = tok.start, tokens[end - 1].end
                    out.append(Mention([t.text for t in tokens[i:end]], "org", a, b, covered=is_covered(a, b), sentence=index))
                    i = end
                    continue
            run.append(w)
        else:
            flush()
        i += 1
    flush()
    for a, b in domains:
        out.append(Mention([sentence[a:b]], "org", a, b, covered=is_covered(a, b), sentence=index))
    return _join_adjectives(out, sentence, morph)


def _join_adjectives(mentions: list[Mention], sentence: str, morph: Morphology) -> list[Mention]:
    """A capitalised common adjective and the capitalised name right after it are one name
    (Нижнем Новгороде, Южной Осетии, Белом доме's kin): the adjective agrees with the noun."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None and len(prev.words) == 1 and prev.kind == "name" and not prev.quoted
            and not sentence[prev.end : m.start].strip() and len(m.words) == 1 and m.kind in ("place", "org", "name")
        ):
            ps = morph.parse(fold(prev.words[0]).lower())
            ns = morph.parse(fold(m.words[0]).lower())
            cases = {p.tag.case for p in ps if p.tag.POS == "ADJF"}
            if cases and ps[0].tag.POS == "ADJF" and any(p.tag.POS == "NOUN" and p.tag.case in cases for p in ns):
                kind = m.kind if m.kind != "name" else "place"
                out[-1] = Mention(prev.words + m.words, kind, prev.start, m.end, prev.pending and m.pending,
                                  prev.covered and m.covered, prev.sentence)
                continue
        out.append(m)
    return out


def _accepted(word: _Word) -> bool | None:
    """True: a name; False: not one; None: decide later (sentence-initial, might be a name)."""
    if fold(word.text).lower() in _NOT_NAMES:
        return False
    if is_caps(word.text):
        return fold(word.text) not in COMMON_ACRONYMS and not _ROMAN.match(word.text)
    if not word.parses:
        return True
    if len(word.text) == 1:  # an initial
        return False
    if not word.initial:
        return True
    if word.proper and word.parses[0] in word.proper:
        return True
    return None if word.proper else False


def _mention(group: list[_Word], index: int, is_covered: Any) -> list[Mention]:
    verdicts = [(w, _accepted(w)) for w in group]
    kept = [w for w, v in verdicts if v is not False]
    if not kept:
        return []
    out = []
    # split again where a rejected word was dropped from the middle
    pieces: list[list[_Word]] = [[]]
    for w, v in verdicts:
        if v is False:
            pieces.append([])
        else:
            pieces[-1].append(w)
    for piece in pieces:
        if not piece:
            continue
        pending = all(v is None for w, v in verdicts if w in piece)
        if len(piece) > 1:
            kind = "person" if any(w.has_name for w in piece) or all(w.is_person_part for w in piece) else "name"
        else:
            kind = piece[0].kind
        a, b = piece[0].start, piece[-1].end
        out.append(Mention([w.text for w in piece], kind, a, b, pending, is_covered(a, b), index))
    return out


def _split_run(run: list[_Word]) -> list[list[_Word]]:
    """Full names (a first name and what follows) and unknown multi-word names stay together;
    any other word stands alone («с Путиным Алиев» is two names)."""
    groups: list[list[_Word]] = []
    for w in run:
        last = groups[-1] if groups else None
        if (
            last is not None
            and w.is_person_part
            and last[-1].is_person_part
            and not (w.initial and not last[-1].initial)
            and (last[0].has_name or not w.proper or not last[-1].proper)
        ):
            groups[-1].append(w)
        else:
            groups.append([w])
    return groups
