"""Enforcing glossary terms without breaking the English, and checking what the engine wrote.

The method: the model's own English first
-----------------------------------------
Replacing every term by its English in the engine's input (``Путину`` → ``Putin``) removes the
Russian case ending, which carries the grammar («Путину показали» is "Putin was shown",
«Путиным» "by Putin"); inline substitution is only proven for models *trained* for it (Dinu et
al. 2019; Bergmanis & Pinnis 2021). Most of the time a good ru→en model writes "Putin" for
«Путину» by itself — then substitution only costs grammar. So (mode ``auto``,
:mod:`bilingual.glossary.enforce_run`):

1. a sentence with terms is decoded from the **unmodified Russian** with the engine's n-best
   list (CTranslate2 ``num_hypotheses``; at beam 4 the beam already holds 4 hypotheses);
2. the best-scoring hypothesis that contains every term (the QA check below decides) is kept:
   ``model`` when it is the engine's first, ``alternative`` when a lower-ranked one;
3. only when none does, a **fallback**: the default re-decodes with just the *missing* terms
   replaced by their English (the terms the model already renders keep their Russian ending).

Sentences without terms go in unmodified too. Mode ``substitute`` is the old method (every term
inlined); ``check`` only reports. The JSON records the path per sentence (``enforcement``).

Why substitution is the fallback — measured (``bench/bench_enforce.py``) on the sample article
with the built-in glossary on the tests' engine (a word-for-word TEST DOUBLE; 41 sentences, 30
with terms, 87 term occurrences; 13 met by the model's own output, 17 left to the fallback):

=====================  ===========  ============================  =========
fallback               terms kept   damage (word edits/word)      time
=====================  ===========  ============================  =========
``substitute``         87/87        0.008 (2 of 17 sentences)     1×
``prefix``             63/87        0 on the 2 it fixed           ≈4×
``post-edit``          87/87        0                             ≈1.6×
=====================  ===========  ============================  =========

(damage: word edit distance between the fallback's output and the engine's best output of the
Russian, both without the term words; the two "damaged" substitutions differ only where the
Russian output had a case-ending fragment after the name, «Азербайджаном» → "Azerbaijanом").

* ``prefix`` (``target_prefix``: the engine's own English up to the term, then the term, and
  the engine goes on) loses terms: the decoder does not know the forced term replaced its own
  rendering, and continues as if it had written that many pieces of the Russian name — here it
  glued the Russian ending to the name ("Rahmonа"), and the check rightly refused 15 sentences.
  It also costs one decode per missing term.
* ``post-edit`` (replace, in the best output, the words the cross-attention aligns with the term,
  ``return_attention``) keeps every term and the rest of the sentence here — but only because
  this engine's attention is exactly positional by construction. Argos/OPUS-MT models are not
  trained with guided alignment, so their attention is an unverified proxy: a misplaced edit
  damages a word the check cannot see (it only looks for the term). It also needs the local
  engine's translator (not the Ray executor) and an extra decode that is not cached.
* ``substitute`` keeps every term, is a real decode the model wrote fluently, is cached like any
  translation, and works on every executor. Its cost — the lost case ending — now falls only on
  the terms the model got wrong, in the sentences where it got them wrong.

``prefix`` and ``post-edit`` stay available (``TranslateConfig.enforce_fallback``). A sentence
no path fixes keeps the engine's best output of the Russian and is ``violated``.

Cost (same benchmark, the random-weight Transformer-base at beam 4, the sample's 41 sentences):
the n-best list is free — the beam holds the hypotheses anyway (9.1 sentences/s when every term
is met by it, against 8.5 for plain decoding and 8.4 for ``substitute``); ``auto`` costs one
more decode per sentence left to the fallback (4.9/s when all 30 sentences with terms are, the
worst case, since a random model never writes a term).

Substitution itself: inline targets
-----------------------------------
Where terms are substituted, each is replaced in ``Sentence.engine_source`` by its English
target, written exactly as in the glossary:

    Встреча Путина и Алиева в резиденции Кохи Сомон …
    Встреча Putin и Aliyev в резиденции Kohi Somon …        ← what the engine gets

Why this and not the alternatives, for Argos Translate / CTranslate2 models:

* **Constrained decoding** (forcing target tokens into the beam) would be ideal, but
  CTranslate2 has no positive lexical constraints (its feature request, OpenNMT/CTranslate2
  #739, is open); Argos and LibreTranslate expose no terminology control at all
  (LibreTranslate #775/#820, LTEngine #11 ask for it).
* **Placeholders** (``<x1>``, ``__T0__``, ``{0}``) are unknown pieces to a SentencePiece
  model; Argos users report them translated, duplicated or dropped, and projects that use
  them end up writing repair code for the engine's damage. A lost placeholder loses the name.
* **Inline targets** use what every NMT model trained on web text already does: Latin-script
  names, brands and codes in a Russian sentence are copied through (the same effect the
  "code-switching" terminology-injection literature trains for). The term is never in Russian,
  so the engine has nothing to mistranslate or transliterate its own way; the rest of the
  sentence stays intact. The tests' tiny model copies Latin through by construction.

Costs and how they are handled: the Russian case ending of the term is lost (``Путина`` →
``Putin``), which engines bridge from word order and prepositions ("the meeting of Putin and
Aliyev"); a target keeps its own casing even at sentence start (the check below accepts a
capitalised first letter). Adjectives derived from names (российский, азербайджанский) are
deliberately *not* glossary terms: engines translate them reliably, and inlining them would
strip the agreement that ties them to their noun.

The QA check
------------
:func:`check_document` runs after translation: for every sentence with terms, each expected
target must appear in ``Sentence.target`` as a whole word sequence, allowing English
possessive and plural endings (Putin's, Putins', UAVs, the Aliyevs, Academies for Academy)
or one of the entry's ``accept`` renderings (Russian for Россия),
a capital first letter for a lower-case target (a sentence may open with "Air defence", but
"state Duma" is not "State Duma"), any run of whitespace for a space and any dash for a dash.
Missing targets become :class:`~bilingual.model.GlossaryIssue` records on the sentence.
Human-edited sentences are checked too: the check is about the text a reader gets.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, GlossaryIssue, Sentence, TermMatch
from .core import Glossary
from .match import DASHES

__all__ = ["apply_glossary", "check_document", "check_sentence", "inline_terms", "refresh_terms", "sentence_terms", "target_present"]


def inline_terms(text: str, matches: list[TermMatch], offset: int = 0) -> str:
    """``text`` with every match replaced by its target (match offsets minus ``offset`` index ``text``)."""
    out, pos = [], 0
    for m in sorted(matches, key=lambda m: m.start):
        start, end = m.start - offset, m.end - offset
        out.append(text[pos:start])
        out.append(m.target)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def apply_glossary(doc: Document, glossary: Glossary, *, substitute: bool = True) -> None:
    """Find terms in every sentence and prepare the engine's input.

    Sets ``sentence.terms`` (offsets into the block's source), ``sentence.engine_source`` (with
    ``substitute``, the sentence with each term replaced by its English target; else, and for a
    sentence without terms, the source itself — :func:`~bilingual.glossary.enforce_run.enforce_sentences`
    then decides per sentence), clears stale ``sentence.issues`` and ``enforcement``, and records
    the glossary in ``doc.meta.glossary``. Matching is per sentence, so a term never spans two.
    """
    for block in doc.blocks:
        for sentence in block.sentences:
            found = glossary.find(sentence.source)
            sentence.terms = _sentence_terms(glossary, found, sentence.start)
            sentence.engine_source = inline_terms(sentence.source, found) if found and substitute else sentence.source
            sentence.issues = []
            sentence.enforcement = ""
    doc.meta.glossary = glossary.info()


def sentence_terms(glossary: Glossary, sentence: Sentence) -> list[TermMatch]:
    """The terms of one sentence, with its block's offsets (a sentence with ``start`` 0 and no
    block, such as a title translated on its own, gets offsets into itself)."""
    return _sentence_terms(glossary, glossary.find(sentence.source), sentence.start)


def refresh_terms(doc: Document, glossary: Glossary) -> None:
    """Find the terms again with ``glossary`` (after it was edited), leaving ``engine_source`` —
    the record of what the engine was given — untouched; for re-checking a translated document."""
    for block in doc.blocks:
        for sentence in block.sentences:
            sentence.terms = _sentence_terms(glossary, glossary.find(sentence.source), sentence.start)
    doc.meta.glossary = glossary.info()


def _sentence_terms(glossary: Glossary, found: list[TermMatch], offset: int) -> list[TermMatch]:
    """Matches in a sentence → terms with block offsets and the entry's accepted renderings."""
    terms = []
    for m in found:
        entry = glossary.get(m.source)
        accept = entry.accept if entry is not None else []
        terms.append(TermMatch(m.source, m.target, m.start + offset, m.end + offset, m.text, accept))
    return terms


@lru_cache(maxsize=4096)
def _target_regex(target: str) -> re.Pattern[str]:
    parts: list[str] = []
    for i, ch in enumerate(target.strip()):
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in DASHES:
            parts.append(f"[{re.escape(DASHES)}]")
        elif ch in "'’":
            parts.append("['’]")
        elif i == 0 and ch.islower() and ch.upper() != ch:  # "air defence" may open a sentence
            parts.append(f"[{re.escape(ch.lower())}{re.escape(ch.upper())}]")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    alternatives = [body + r"(?:['’]s|['’]|s|es)?"]
    if target.endswith("y") and len(target) > 1:
        alternatives.append(body[: -len(re.escape("y"))] + "ies")
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def target_present(target: str, english: str) -> bool:
    """Whether ``target`` occurs in ``english`` as words (possessive/plural endings allowed)."""
    return _target_regex(target).search(english) is not None


def check_sentence(sentence: Sentence) -> list[GlossaryIssue]:
    """Glossary issues of one translated sentence (also stored in ``sentence.issues``)."""
    issues: list[GlossaryIssue] = []
    if sentence.terms and sentence.target.strip():
        seen: set[tuple[str, str]] = set()
        for term in sentence.terms:
            if (term.source, term.target) in seen:
                continue
            seen.add((term.source, term.target))
            if not any(target_present(t, sentence.target) for t in (term.target, *term.accept)):
                issues.append(
                    GlossaryIssue(
                        source=term.source,
                        target=term.target,
                        message=f"«{term.text}» should be “{term.target}” but the English does not contain it",
                    )
                )
    sentence.issues = issues
    return issues


def check_document(doc: Document) -> int:
    """Check every translated sentence against its terms; sets ``sentence.issues`` and returns the
    number of violations. Untranslated sentences (empty target) are skipped."""
    return sum(len(check_sentence(s)) for s in doc.sentences())
