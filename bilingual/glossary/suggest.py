"""Proper names and acronyms an article uses that the glossary lacks, with proposed spellings.

How names are found (no NER model: pymorphy3 is already loaded for matching, and Russian
capitalisation is a strong signal on its own):

* a capitalised Cyrillic word **inside** a sentence is a name — Russian capitalises no common
  noun there; its pymorphy3 tags (Name, Surn, Patr → person; Geox → place; Orgn → org) give
  the kind and the dictionary form;
* a capitalised word at the **start** of a sentence (or after an opening quote or bracket) is
  only taken when its most likely parse is a proper noun («Алиев поблагодарил»), or when the
  same name also occurs inside a sentence; «Встреча», «Глава», «Российский» are skipped;
* all-caps words (БПЛА, ПВО, AZAL) are acronyms; Latin words with a dot (NEWS.ru) are site names;
* adjacent person-name words form one full name («Светлана Журова»); its surname is also
  proposed alone, since later mentions use it bare. The first name's gender picks the
  surname's form (Журовой → Журова, not Журов).

Words the glossary already matches are not proposed. The English spelling is proposed with
the iuliia package's **Wikipedia** schema (a modified BGN/PCGN that English-language media
and Wikipedia use: Алиев → Aliyev, Анатолий → Anatoly, Журова → Zhurova; no apostrophes for
soft signs). Acronyms are transliterated too but flagged: they usually need a translation
(ПВО → air defence), which a human must choose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Document
from .core import Glossary
from .match import PROPER_TAGS, Morphology, Token, default_morphology, fold, is_caps, tokenize
from .tsv import Entry

__all__ = ["Suggestion", "suggest_terms", "transliterate", "SCHEMA_NAME"]

#: The transliteration schema used for proposals.
SCHEMA_NAME = "iuliia Wikipedia"

_PERSON = frozenset({"Name", "Surn", "Patr"})
_MID_SENTENCE_PUNCT = set(",;:-‐‑‒–—―")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")
_DOMAIN = re.compile(r"(?<![\w.])[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z][A-Za-z0-9-]*)+(?![\w])")


def transliterate(text: str) -> str:
    """Russian → Latin with iuliia's Wikipedia schema (Latin text passes through)."""
    import iuliia

    return str(iuliia.WIKIPEDIA.translate(text))


@dataclass
class Suggestion:
    """A name or acronym the glossary lacks."""

    source: str  #: dictionary form, e.g. "Светлана Журова"
    target: str  #: proposed English, e.g. "Svetlana Zhurova"
    kind: str  #: person, place, org, acronym or name (unknown)
    count: int = 0  #: occurrences in the article
    forms: list[str] = field(default_factory=list)  #: forms as they stand in the text
    lemma: str = ""  #: lower-case key (ё = е) the occurrences were grouped by

    def note(self) -> str:
        """A note for the TSV line: kind, count, forms and the transliteration schema."""
        forms = ", ".join(self.forms)
        check = (
            "acronym: translate or expand it" if self.kind == "acronym"
            else "kept as written" if not _CYRILLIC.search(self.source)
            else SCHEMA_NAME
        )
        return f"{self.kind}; {self.count}× ({forms}); {check}"

    def tsv(self) -> str:
        """``source<TAB>target<TAB>note`` ready to paste into the glossary."""
        return f"{self.source}\t{self.target}\t{self.note()}"

    def entry(self, with_kind: bool = False) -> Entry:
        """The glossary entry ``--add`` writes."""
        check = "acronym: suggested transliteration, translate it" if self.kind == "acronym" else f"suggested ({SCHEMA_NAME}); check the spelling"
        extra = {"kind": self.kind} if with_kind and self.kind else {}
        return Entry(source=self.source, target=self.target, note=check, extra=extra)


@dataclass
class _Word:
    text: str
    parses: tuple[Any, ...]
    initial: bool
    covered: bool
    last_parses: tuple[Any, ...] = ()  #: parses of the last part of a hyphenated word

    @property
    def proper(self) -> list[Any]:
        return [p for p in self.parses if not PROPER_TAGS.isdisjoint(p.tag.grammemes)]

    @property
    def is_person_part(self) -> bool:
        if not self.parses or is_caps(self.text):
            return False
        tags = [p.tag.grammemes for p in self.proper]
        return any(not _PERSON.isdisjoint(t) for t in tags) or not tags

    @property
    def has_name(self) -> bool:
        return any("Name" in p.tag for p in self.proper)


def _capitalise_like(form: str, surface: str) -> str:
    parts, sparts = form.split("-"), surface.split("-")
    out = []
    for i, part in enumerate(parts):
        s = sparts[i] if i < len(sparts) else sparts[-1]
        out.append(part[:1].upper() + part[1:] if s[:1].isupper() else part)
    return "-".join(out)


def _citation(word: _Word, gender: str | None = None) -> tuple[str, str]:
    """(dictionary form, kind) of a candidate word."""
    if is_caps(word.text) or not _CYRILLIC.search(word.text):
        return word.text, "acronym" if is_caps(word.text) else "org"  # else: a site name (NEWS.ru)
    proper = word.proper
    if not proper:
        return word.text, "name"
    if word.last_parses and not _in_dictionary(proper[0]):
        # an unknown hyphenated name inflects in its last part only: Касым-Жомартом → Касым-Жомарт
        head, _, last = word.text.rpartition("-")
        form, kind = _citation(_Word(last, word.last_parses, word.initial, word.covered), gender)
        return f"{head}-{form}", kind
    chosen = proper[0]
    if gender:
        chosen = next((p for p in proper if "Surn" in p.tag and p.tag.gender == gender), chosen)
    tags = chosen.tag.grammemes
    kind = "person" if not _PERSON.isdisjoint(tags) else "place" if "Geox" in tags else "org" if "Orgn" in tags else "name"
    wanted = {"nomn"} | ({chosen.tag.gender} if "Surn" in tags and chosen.tag.gender else set())
    inflected = chosen.inflect(wanted) if chosen.tag.case else None
    form = inflected.word if inflected is not None else chosen.normal_form
    return _capitalise_like(form, word.text), kind


def _in_dictionary(parse: Any) -> bool:
    return type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"


def _sentences(doc: Document) -> list[str]:
    out: list[str] = []
    for block in doc.blocks:
        if block.sentences:
            out.extend(s.source for s in block.sentences)
        else:
            out.append(block.source)
    return out


def _words(text: str, glossary: Glossary | None, morph: Morphology) -> list[list[_Word]]:
    """Runs of adjacent candidate words in ``text`` (a run is broken by punctuation or a non-candidate)."""
    spans = [(m.start, m.end) for m in glossary.find(text)] if glossary is not None and len(glossary) else []
    domains = [(m.start(), m.end()) for m in _DOMAIN.finditer(text)]
    runs: list[list[_Word]] = []
    run: list[_Word] = []
    prev: Token | None = None
    for tok in tokenize(text):
        # after a full stop, quote, bracket or ellipsis a capital says nothing; after a comma or dash it does
        initial = prev is None or (not prev.word and prev.text not in _MID_SENTENCE_PUNCT)
        candidate = tok.word and tok.text[:1].isupper() and not any(a <= tok.start < b for a, b in domains)
        if candidate and (_CYRILLIC.search(tok.text) or is_caps(tok.text)):
            folded = fold(tok.text).lower()
            parses = morph.parse(folded) if _CYRILLIC.search(tok.text) else ()
            covered = any(a <= tok.start and tok.end <= b for a, b in spans)
            last = morph.parse(folded.rpartition("-")[2]) if "-" in folded and parses else ()
            run.append(_Word(tok.text, parses, initial, covered, last))
        else:
            if run:
                runs.append(run)
            run = []
        prev = tok
    if run:
        runs.append(run)
    # site names (Latin with a dot), which the tokenizer splits
    for a, b in domains:
        covered = any(x <= a and b <= y for x, y in spans)
        runs.append([_Word(text[a:b], (), False, covered)])
    return runs


def _accepted(word: _Word) -> bool | None:
    """True: a name; False: not one; None: decide later (sentence-initial, might be a name)."""
    if is_caps(word.text) or not word.parses:
        return True
    if not word.initial:
        return True
    if word.proper and word.parses[0] in word.proper:
        return True
    return None if word.proper else False


def suggest_terms(doc: Document, glossary: Glossary | None = None, morphology: Morphology | None = None) -> list[Suggestion]:
    """Names and acronyms in ``doc`` that ``glossary`` does not match, most frequent first."""
    morph = morphology or (glossary.matcher.morph if glossary is not None and len(glossary) else default_morphology())
    occurrences: list[tuple[list[_Word], str | None, bool]] = []  # (words, gender, pending)
    genders: dict[str, str] = {}
    for text in _sentences(doc):
        for run in _words(text, glossary, morph):
            for words in _split_run(run):
                verdicts = [(w, _accepted(w)) for w in words]
                group = [w for w, v in verdicts if v is not False]
                if not group:
                    continue
                pending = all(v is None for _, v in verdicts if v is not False)
                gender = None
                if len(group) > 1 and group[0].has_name:
                    name = next(p for p in group[0].proper if "Name" in p.tag)
                    gender = name.tag.gender
                    for w in group[1:]:
                        for p in w.proper:
                            if "Surn" in p.tag and p.tag.gender == gender:
                                genders[fold(p.normal_form)] = gender
                occurrences.append((group, gender, pending))
    return _collect(occurrences, genders, glossary)


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
            and (last[0].has_name or not w.proper or not last[-1].proper)
        ):
            groups[-1].append(w)
        else:
            groups.append([w])
    return groups


def _collect(occurrences: list[tuple[list[_Word], str | None, bool]], genders: dict[str, str], glossary: Glossary | None) -> list[Suggestion]:
    found: dict[str, Suggestion] = {}
    order: dict[str, int] = {}
    confirmed: set[str] = set()
    pending_hits: list[tuple[str, Suggestion, str]] = []

    def note(source: str, kind: str, surface: str, pending: bool) -> None:
        key = fold(source).lower()
        sug = found.get(key)
        if sug is None:
            sug = Suggestion(source=source, target=transliterate(source), kind=kind, lemma=key)
            found[key] = sug
            order[key] = len(order)
        if pending:
            pending_hits.append((key, sug, surface))
            return
        confirmed.add(key)
        sug.count += 1
        if surface not in sug.forms:
            sug.forms.append(surface)

    for group, gender, pending in occurrences:
        surface = " ".join(w.text for w in group)
        if len(group) > 1:
            if not all(w.covered for w in group):
                parts = [_citation(w, gender) for w in group]
                note(" ".join(p[0] for p in parts), "person" if group[0].has_name else "name", surface, pending)
            if group[0].has_name:
                last = group[-1]
                if not last.covered and any("Surn" in p.tag for p in last.proper):
                    note(_citation(last, gender)[0], "person", last.text, pending)
            continue
        word = group[0]
        if word.covered:
            continue
        g = next((genders[fold(p.normal_form)] for p in word.proper if "Surn" in p.tag and fold(p.normal_form) in genders), None)
        source, kind = _citation(word, g)
        note(source, kind, word.text, pending)
    for key, sug, surface in pending_hits:
        if key in confirmed:
            sug.count += 1
            if surface not in sug.forms:
                sug.forms.append(surface)
    out = [s for k, s in found.items() if k in confirmed]
    if glossary is not None and len(glossary):
        out = [s for s in out if glossary.get(s.source) is None and glossary.covering(s.source) is None]
    out.sort(key=lambda s: (-s.count, order[s.lemma]))
    return out
