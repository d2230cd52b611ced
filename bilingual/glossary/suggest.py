"""Proper names and acronyms an article uses that the glossary lacks, with proposed spellings.

Finding (:mod:`.names.candidates`): natasha's news NER when it is installed (``pip install
natasha``; it wins on organisations), else capitalisation and pymorphy3 rules; both add
acronyms, names in quotation marks and site names. Dictionary forms (:mod:`.names.lemma`):
multi-word names inflect their head only (``Министерства обороны`` → ``Министерство обороны``),
surnames of the Russian paradigms by rule (``Бердымухамедовым`` → ``Бердымухамедов``), a
nominative stays, ё is kept. A lone first name or patronymic of a full name the text gives is
counted under the full name; a full name's surname is also proposed alone (later mentions use
it bare), marked ``part_of`` when the text never writes it alone.

Spelling, in order (each suggestion says which in ``origin``):

1. ``established`` — the shipped list of English forms (:mod:`.names.established`);
2. ``model`` — the translation engine's own rendering in context, when an engine is given,
   Latin, and the same in every occurrence tried;
3. ``transliterated`` — newsroom-convention transliteration (:mod:`.names.spell`), or a strict
   iuliia standard with ``scheme``.

``addable`` is false for acronyms and well-known places (exonyms) without an established form:
they are listed but ``--add`` never writes them (``Азербайджан`` must not become "Azerbaydzhan").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..model import Document
from .core import Glossary
from .match import Morphology, default_morphology, fold
from .names.candidates import Mention, rule_mentions
from .names.established import Established, established_forms
from .names.lemma import person_form, phrase_form, surname_form, surname_gender_hint
from .names.natasha import natasha_available, natasha_document
from .names.spell import DEFAULT_SCHEME, transliterate
from .tsv import Entry

__all__ = ["DETECTORS", "ORIGINS", "Suggestion", "suggest_terms", "transliterate"]

#: where a proposed spelling comes from, most trusted first
ORIGINS = ("established", "model", "transliterated")
DETECTORS = ("auto", "natasha", "rules")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")


@dataclass
class Suggestion:
    """A name or acronym the glossary lacks, with a proposed English spelling."""

    source: str  #: dictionary form, e.g. "Светлана Журова"
    target: str  #: proposed English, e.g. "Svetlana Zhurova"
    kind: str  #: person, place, org, acronym or name (unknown)
    count: int = 0  #: occurrences in the article
    forms: list[str] = field(default_factory=list)  #: forms as they stand in the text
    lemma: str = ""  #: lower-case key (ё = е) the occurrences were grouped by
    origin: str = "transliterated"  #: established, model or transliterated
    confidence: float = 0.0  #: 0–1, how far the spelling can be trusted unreviewed
    basis: str = ""  #: where the spelling comes from (list basis, engine, scheme)
    addable: bool = True  #: False: an acronym or exonym without a known English form; never added
    part_of: str = ""  #: the full name this surname was taken from, when it never stands alone
    contexts: list[str] = field(default_factory=list, repr=False)  #: sentences it occurs in (first five)

    def note(self) -> str:
        """A note for the TSV line: kind, count, forms and where the spelling comes from."""
        forms = ", ".join(self.forms)
        return f"{self.kind}; {self.count}× ({forms}); {self.check()}"

    def check(self) -> str:
        """What a reviewer should know about the spelling."""
        if self.origin == "established":
            return f"established: {self.basis}"
        if self.origin == "model":
            return f"model rendering ({self.basis}); check it"
        if not self.addable:
            return ("acronym: translate or expand it" if self.kind == "acronym"
                    else "exonym? find the English name") + " (not added)"
        if not _CYRILLIC.search(self.source):
            return "kept as written"
        return f"transliterated ({self.basis}); unreviewed"

    def tsv(self) -> str:
        """``source<TAB>target<TAB>note`` ready to paste into the glossary."""
        return f"{self.source}\t{self.target}\t{self.note()}"

    def entry(self, with_kind: bool = False) -> Entry:
        """The glossary entry ``--add`` writes (the note says how the spelling was found)."""
        extra = {"kind": self.kind} if with_kind and self.kind else {}
        return Entry(source=self.source, target=self.target, note=f"suggested, {self.check()}", extra=extra)

    def to_dict(self) -> dict[str, Any]:
        """Every field, for ``suggest --json``."""
        d = asdict(self)
        d["note"] = self.check()
        return d


def _sentences(doc: Document) -> list[str]:
    out: list[str] = []
    for block in doc.blocks:
        if block.sentences:
            out.extend(s.source for s in block.sentences)
        elif block.source.strip():
            out.append(block.source)
    return out


def _mentions(doc: Document, glossary: Glossary | None, morph: Morphology, detector: str) -> tuple[list[Mention], list[str]]:
    from ..errors import InputError

    if detector not in DETECTORS:
        raise InputError(f"unknown name detector {detector!r}; use one of: {', '.join(DETECTORS)}")
    if detector == "natasha" and not natasha_available():
        raise InputError("the natasha detector needs natasha: pip install natasha (or use --detector rules)")
    sentences = _sentences(doc)
    use_glossary = glossary is not None and len(glossary) > 0
    covered = [[(m.start, m.end) for m in glossary.find(text)] if use_glossary else [] for text in sentences]  # type: ignore[union-attr]
    if detector != "rules" and natasha_available():
        per_sentence = natasha_document(sentences, morph, covered) if sentences else []
    else:
        per_sentence = [rule_mentions(text, morph, covered[i], i) for i, text in enumerate(sentences)]
    return [m for ms in per_sentence for m in ms], sentences


def _lemma(m: Mention, morph: Morphology, genders: dict[str, str], table: Established) -> str:
    if m.kind == "acronym" or not _CYRILLIC.search(m.surface):
        return m.surface
    listed = table.get(m.surface)
    if listed is not None and " " in m.surface:  # «Мехрибан Алиева» as written is a listed name
        return listed.source
    if m.kind == "person":
        from .names.lemma import person_gender

        masc = surname_form(m.words[-1], "masc")
        hint = surname_gender_hint(m.words[-1])
        gender = hint or (person_gender(m.words, morph) if len(m.words) > 1 else None) or (genders.get(fold(masc).lower()) if masc else None)
        return person_form(m.words, morph, gender)
    if m.quoted and len(m.words) > 3:
        return m.surface
    return phrase_form(m.words, morph)


def _surname_genders(mentions: Sequence[Mention], morph: Morphology) -> dict[str, str]:
    """Masculine surname key → gender, from full names and from forms only one gender has."""
    from .names.lemma import person_gender

    out: dict[str, str] = {}
    for m in mentions:
        if m.kind != "person":
            continue
        gender = person_gender(m.words, morph) if len(m.words) > 1 else surname_gender_hint(m.words[-1])
        masc = surname_form(m.words[-1], "masc")
        if gender and masc:
            out.setdefault(fold(masc).lower(), gender)
    return out


def suggest_terms(
    doc: Document,
    glossary: Glossary | None = None,
    morphology: Morphology | None = None,
    *,
    engine: Any = None,
    scheme: str = DEFAULT_SCHEME,
    detector: str = "auto",
    established: Established | None = None,
) -> list[Suggestion]:
    """Names and acronyms in ``doc`` that ``glossary`` does not match, most frequent first.

    ``engine``: a translator with ``translate(list[str]) -> list[str]`` whose renderings of names
    in context are offered (origin ``model``); ``scheme``: the transliteration (``news`` or an
    iuliia schema name); ``detector``: ``auto`` (natasha when installed), ``natasha`` or ``rules``;
    ``established``: the list of English forms (default: the shipped one).
    """
    from .names.collect import collect

    morph = morphology or (glossary.matcher.morph if glossary is not None and len(glossary) else default_morphology())
    mentions, sentences = _mentions(doc, glossary, morph, detector)
    genders = _surname_genders(mentions, morph)
    table = established if established is not None else established_forms()
    lemmas = [_lemma(m, morph, genders, table) for m in mentions]
    found = collect(mentions, lemmas, sentences, morph, genders)
    if glossary is not None and len(glossary):
        found = [s for s in found if glossary.get(s.source) is None and glossary.covering(s.source) is None]
    from .names.spelling import spell_all

    spell_all(found, table, morph, engine=engine, scheme=scheme)
    return found
