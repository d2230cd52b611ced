"""The dictionary form of a name found in a text.

pymorphy3 knows common Russian first names, many surnames and places, but guesses for the rest,
and its guesses for foreign and Central Asian names are often wrong (``Бердымухамедов`` parsed
as a genitive plural of «Бердымухамед», ``Гурбангулы`` as a plural). So:

* **surnames** of the Russian paradigms are inflected by rule, whatever the dictionary says:
  -ов/-ев/-ёв/-ин/-ын (``Бердымухамедовым`` → ``Бердымухамедов``, ``Журовой`` → ``Журова``) and
  -ский/-цкий (``Вертинского`` → ``Вертинский``, ``Гордеевской`` → ``Гордеевская``); the gender comes from a first
  name beside it, else from the other forms the text uses, else a form that is already a
  nominative stays as it is (``Захарова`` alone stays ``Захарова``);
* other person words: a dictionary first name or patronymic goes to its nominative; a word the
  dictionary does not know stays as written when a nominative reading exists (``Гурбангулы``);
* **multi-word** organisations and places inflect their head only: the adjectives before the
  first noun agree with it, the words after it stay as written (``Министерства обороны`` →
  ``Министерство обороны``, ``Счётной палаты`` → ``Счётная палата``, ``Нижнем Новгороде`` →
  ``Нижний Новгород``); a name starting with a preposition («За права человека») stays as is;
* ё is kept wherever the text wrote it (pymorphy3 is given the word with ё folded to е).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..match import PROPER_TAGS, Morphology, fold

__all__ = ["person_form", "phrase_form", "restore_yo", "surname_form", "surname_gender_hint", "word_form"]

_OV = r"(?:ов|ев|ёв|ин|ын)"
#: (regex on the lower-case word, masculine citation, feminine citation), with \1 the stem+suffix
_SURNAME = [
    (re.compile(rf"^(.+{_OV})(?:|а|у|ым|е|ой|ых|ыми)$"), "{0}", "{0}а"),
    (re.compile(r"^(.+[сц]к)(?:ий|ого|ому|им|ом|ая|ой|ую|ие|их|ими)$"), "{0}ий", "{0}ая"),
]
_MASC_ONLY = re.compile(rf"(?:{_OV}|{_OV}ым|{_OV}е|[сц]кий|[сц]кого|[сц]кому|[сц]ким|[сц]ком)$")
_FEMN_ONLY = re.compile(rf"(?:{_OV}ой|[сц]кая|[сц]кую)$")


def restore_yo(form: str, surface: str) -> str:
    """``form`` with ё put back where ``surface`` has it at the same place (Счетная → Счётная)."""
    if "ё" not in surface.lower():
        return form
    out = list(form)
    for i, ch in enumerate(surface[: len(form)]):
        if ch in "ёЁ" and out[i] in "еЕ":
            out[i] = "ё" if ch == "ё" else "Ё"
    return "".join(out)


def _cap_like(form: str, surface: str) -> str:
    parts, sparts = form.split("-"), surface.split("-")
    out = []
    for i, part in enumerate(parts):
        s = sparts[i] if i < len(sparts) else sparts[-1]
        if s.isupper() and len(s) > 1:
            out.append(part.upper())
        else:
            out.append(part[:1].upper() + part[1:] if s[:1].isupper() else part)
    return restore_yo("-".join(out), surface)


def surname_gender_hint(word: str) -> str | None:
    """``"masc"``/``"femn"`` when a form of a surname can only be one gender (Путиным, Журовой)."""
    low = word.lower()
    if _FEMN_ONLY.search(low):
        return "femn"
    if _MASC_ONLY.search(low):
        return "masc"
    return None


def surname_form(word: str, gender: str | None) -> str | None:
    """The citation form of a Russian-paradigm surname, or None when ``word`` is not one."""
    low = word.lower()
    for rx, masc, femn in _SURNAME:
        m = rx.match(low)
        if not m or len(m.group(1)) < 4:
            continue
        g = gender or surname_gender_hint(word)
        if g is None:  # -ова, -ина, -ская…: already a (feminine) nominative
            return word
        return _cap_like((femn if g == "femn" else masc).format(m.group(1)), word)
    return None


def _in_dictionary(parse: Any) -> bool:
    return type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"


def _parses(word: str, morph: Morphology) -> Sequence[Any]:
    low = fold(word).lower()
    return morph.parse(low) if re.search(r"[а-яё]", low) else ()


def word_form(word: str, morph: Morphology, *, person: bool = False, gender: str | None = None, surname: bool | None = None) -> str:
    """The nominative of one name word (the last part of a hyphenated one inflects alone);
    ``surname``: True for the last word of a full name (inflected by the surname rules when it
    fits them), False for its other words, None for a name standing alone."""
    if "-" in word and not word.isupper():
        head, _, last = word.rpartition("-")
        parses = _parses(word, morph)
        if not parses or not _in_dictionary(parses[0]):
            return f"{head}-{word_form(last, morph, person=person, gender=gender, surname=surname)}"
    if word.isupper() or not re.search(r"[а-яёА-ЯЁ]", word):
        return word
    m = _INFLECTED_ACRONYM.match(word)
    if m:  # МИДа, ООНом: an acronym with a case ending
        return m.group(1)
    parses = list(_parses(word, morph))
    if not parses:
        return word
    proper = [p for p in parses if not PROPER_TAGS.isdisjoint(p.tag.grammemes)]
    if person:
        known = [p for p in proper if _in_dictionary(p) and ({"Name", "Patr"} & p.tag.grammemes or "Surn" in p.tag)]
        if surname and not any("Surn" in p.tag for p in known):
            rule = surname_form(word, gender)
            if rule is not None:  # Бердымухамедов: a surname, whatever else the dictionary knows
                return rule
        if gender:
            known = [p for p in known if p.tag.gender is None or p.tag.gender == gender] or known
        if surname:  # Сафонов: the surname, not a plural of the first name «Сафон»
            known = [p for p in known if "Surn" in p.tag] or known
        elif surname is False and any("Name" in p.tag or "Patr" in p.tag for p in known):  # a first name
            known = [p for p in known if "Surn" not in p.tag] or known
        if not known:
            rule = surname_form(word, gender)
            if rule is not None:
                return rule
            if any(p.tag.case == "nomn" for p in parses):
                return word
            if not any(_in_dictionary(p) for p in parses):
                return _strip_case(word)
        pool = known or proper or parses
    else:
        pool = [p for p in proper if _in_dictionary(p)] or [p for p in parses if _in_dictionary(p)] or parses
        if not _in_dictionary(pool[0]):
            nouns = [p for p in parses if p.tag.POS == "NOUN"]
            if not nouns or any(p.tag.case == "nomn" for p in parses):
                return word  # Живерни is no verb «живернуть»; a nominative stays
            pool = nouns
    chosen = pool[0]
    wanted = {"nomn"} | ({gender} if person and gender and "Surn" in chosen.tag else set())
    inflected = chosen.inflect(wanted) if chosen.tag.case else None
    form = inflected.word if inflected is not None else chosen.normal_form
    return _cap_like(form, word)


_INFLECTED_ACRONYM = re.compile(r"^([А-ЯЁ]{2,})(?:а|у|ом|е|ы|ов|ам|ами|ах)$")
_CASE_END = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])(?:ом|ем|ым|а|у)$")


def _strip_case(word: str) -> str:
    """An unknown foreign name without a nominative reading: its case ending cut
    (Райкконена → Райкконен); one ending in a vowel stays (Кими, Гурбангулы, Саломе)."""
    return _CASE_END.sub("", word) if len(word) > 4 else word


def person_form(words: Sequence[str], morph: Morphology, gender: str | None = None) -> str:
    """The dictionary form of a person's name (first name, patronymic, surname)."""
    if gender is None:
        gender = person_gender(words, morph)
    last = len(words) - 1
    return " ".join(word_form(w, morph, person=True, gender=gender, surname=(i == last) if last else None) for i, w in enumerate(words))


def person_gender(words: Sequence[str], morph: Morphology) -> str | None:
    """The gender a first name (or a surname form) in ``words`` gives, if any."""
    for w in words:
        for p in _parses(w, morph):
            if "Name" in p.tag and _in_dictionary(p) and p.tag.gender in ("masc", "femn"):
                return str(p.tag.gender)
    for w in reversed(words):
        hint = surname_gender_hint(w)
        if hint:
            return hint
    first = words[0] if len(words) > 1 else ""
    if first and not any(_in_dictionary(p) for p in _parses(first, morph)) and not first.endswith(("а", "я")):
        return "masc"  # an unknown first name not ending in -а/-я: Гурбангулы, Касым-Жомарт
    return None


def _agreeing(parses: Iterable[Any], pos: set[str]) -> list[Any]:
    return [p for p in parses if p.tag.POS in pos]


def phrase_form(words: Sequence[str], morph: Morphology) -> str:
    """The dictionary form of a multi-word organisation or place name (its head inflected)."""
    if len(words) == 1:
        return word_form(words[0], morph)
    parsed = [list(_parses(w, morph)) for w in words]
    head = None
    for i, ps in enumerate(parsed):
        if not ps:
            break
        nouns = _agreeing(ps, {"NOUN"})
        adjs = _agreeing(ps, {"ADJF", "PRTF"})
        if ps[0].tag.POS in ("PREP", "CONJ", "PRCL") and i == 0:
            return " ".join(words)
        if nouns and (not adjs or ps[0].tag.POS == "NOUN" or i == len(words) - 1):
            head = i
            break
        if not adjs:
            break
    if head is None:
        return " ".join(words)
    hp = _agreeing(parsed[head], {"NOUN"})
    if head:  # agree with the adjective before it
        cases = {p.tag.case for p in _agreeing(parsed[head - 1], {"ADJF", "PRTF"})}
        hp = [p for p in hp if p.tag.case in cases] or hp
    noun = hp[0]
    number = noun.tag.number or "sing"
    nom = noun.inflect({"nomn", number})
    out = [_cap_like(nom.word if nom else noun.normal_form, words[head])]
    for i in range(head):
        adj = [p for p in _agreeing(parsed[i], {"ADJF", "PRTF"}) if p.tag.case == noun.tag.case] or _agreeing(parsed[i], {"ADJF", "PRTF"})
        want = {"nomn", number} | ({noun.tag.gender} if number == "sing" and noun.tag.gender else set())
        form = adj[0].inflect(want) if adj else None
        out.insert(i, _cap_like(form.word if form else words[i], words[i]))
    return " ".join(out + list(words[head + 1 :]))
