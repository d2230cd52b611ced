"""Translating sentences with their glossary terms met: the engine's n-best list first, then a fallback.

:func:`enforce_sentences` is what the pipeline calls (see :mod:`bilingual.glossary.enforce` for
the method and why). Per mode:

* ``auto`` — sentences without terms are translated as they are. A sentence with terms is
  decoded from the unmodified Russian with ``n`` hypotheses; the best-scoring one that contains
  every term wins (``model`` if it is the engine's first, else ``alternative``). For the rest the
  fallback (:data:`FALLBACKS`, default ``substitute``) runs; when it cannot meet every term
  either, the sentence keeps the engine's best output of the Russian and is ``violated``.
* ``substitute`` — every term replaced by its English in the engine's input (the old method):
  ``substituted``, or ``violated``.
* ``check`` — the Russian as it is, only reported: ``model`` or ``violated``.

Cache: every entry is keyed exactly by what was decoded. Plain translations use the engine's
key with the text sent (the Russian, or the substituted Russian); n-best lists use the engine's
key plus ``|nbest=N`` with the unmodified Russian, the list stored as JSON; prefix decodes add
``|prefix`` with the Russian and the forced English joined by a NUL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..model import Sentence, TermMatch
from .enforce import inline_terms, target_present

__all__ = [
    "ENFORCE_MODES",
    "FALLBACKS",
    "PATHS",
    "EnforceReport",
    "enforce_sentences",
    "meets_terms",
    "missing_terms",
    "nbest_texts",
]

ENFORCE_MODES = ("auto", "substitute", "check")
FALLBACKS = ("substitute", "prefix", "post-edit")
#: The per-sentence enforcement paths counted in a summary (model.ENFORCEMENTS without "").
PATHS = ("model", "alternative", "substituted", "post-edited", "violated")
CHUNK = 64  #: texts per n-best engine call: progress moves and the cache commits that often
NBEST = 4  #: hypotheses asked for: with beam 4 the beam holds 4 already, so they cost nothing extra


@dataclass
class EnforceReport:
    """What :func:`enforce_sentences` did: sentences answered by the engine now or by the cache,
    and how many sentences met their terms by each path."""

    translated: int = 0
    cached: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PATHS, 0))
    warnings: list[str] = field(default_factory=list)

    def add(self, other: EnforceReport) -> None:
        """Add ``other``'s numbers to these."""
        self.translated += other.translated
        self.cached += other.cached
        for k, v in other.counts.items():
            self.counts[k] = self.counts.get(k, 0) + v
        self.warnings += other.warnings


def missing_terms(terms: Sequence[TermMatch], english: str) -> list[TermMatch]:
    """The terms whose target (or an accepted rendering) ``english`` lacks (the QA check's rule)."""
    return [t for t in terms if not any(target_present(x, english) for x in (t.target, *t.accept))]


def meets_terms(terms: Sequence[TermMatch], english: str) -> bool:
    """Whether ``english`` contains every term (an empty translation meets nothing)."""
    return bool(english.strip()) and not missing_terms(terms, english)


def check_mode(mode: str, fallback: str = "substitute") -> None:
    """Refuse an unknown mode or fallback (a library error: names the values, no CLI flag)."""
    if mode not in ENFORCE_MODES:
        raise InputError(f"unknown glossary enforcement {mode!r}; choose from {', '.join(ENFORCE_MODES)}")
    if fallback not in FALLBACKS:
        raise InputError(f"unknown enforcement fallback {fallback!r}; choose from {', '.join(FALLBACKS)}")


# ------------------------------------------------------------------------ the cached n-best list
def nbest_texts(texts: Sequence[str], engine: Any, cache: Any, n: int,
                progress: Callable[[int], None] | None = None) -> tuple[list[list[Any]], set[int]]:
    """``n`` hypotheses for each text (through the cache); also the indices the cache answered.

    Texts the cache lacks are decoded :data:`CHUNK` at a time, each chunk committed to the cache
    (an interrupted run keeps it) and reported as ``progress(texts done)``."""
    from ..translate.engine import Hypothesis

    key = f"{engine.cache_key()}|nbest={n}"
    distinct = list(dict.fromkeys(t for t in texts if t.strip()))
    hits: dict[str, str] = cache.get_many(key, distinct) if cache is not None and distinct else {}
    found: dict[str, list[Any]] = {}
    for text, value in hits.items():
        try:
            found[text] = [Hypothesis(str(h), float(s)) for h, s in json.loads(value)]
        except (ValueError, TypeError):
            continue  # a damaged entry: decode again
    answered = set(found)
    misses = [t for t in distinct if t not in found]
    weight = {t: 0 for t in distinct}
    for t in texts:
        if t in weight:
            weight[t] += 1
    done = len(texts) - sum(weight[t] for t in misses)
    if progress is not None:
        progress(done)
    for start in range(0, len(misses), CHUNK):
        chunk = misses[start:start + CHUNK]
        for text, hyps in zip(chunk, engine.translate_nbest(chunk, n)):
            found[text] = list(hyps)
            if cache is not None:
                cache.add(key, text, json.dumps([[h.text, h.score] for h in hyps], ensure_ascii=False))
        if cache is not None:
            cache.flush()
        done += sum(weight[t] for t in chunk)
        if progress is not None:
            progress(done)
    out = [found.get(t, [Hypothesis("", 0.0)]) if t.strip() else [Hypothesis("", 0.0)] for t in texts]
    return out, {i for i, t in enumerate(texts) if t in answered}


def _plain(texts: list[str], engine: Any, cache: Any, progress: Callable[[int, int], None] | None = None) -> tuple[list[str], Any]:
    from ..translate import translate_texts

    return translate_texts(texts, engine, cache=cache, progress=progress)


# ------------------------------------------------------------------------ the run
def enforce_sentences(sentences: Sequence[Sentence], engine: Any, cache: Any = None, *, mode: str = "auto",
                      fallback: str = "substitute", n: int = NBEST,
                      progress: Callable[[int, int], None] | None = None, translate: Any = None) -> EnforceReport:
    """Translate ``sentences`` (each with its ``terms`` found) meeting their terms per ``mode``.

    Sets ``target``, ``engine_source`` (what the kept translation was decoded from) and
    ``enforcement`` on each sentence ("" for a sentence without terms). See the module docstring.
    ``translate(texts, progress) -> (targets, stats)`` decodes the plain texts (default:
    :func:`~bilingual.translate.translate_texts` with ``engine`` and ``cache``).
    """
    check_mode(mode, fallback)
    report = EnforceReport()
    total = len(sentences)
    termed = [s for s in sentences if s.terms] if mode == "auto" else []
    plain = [s for s in sentences if not (s.terms and mode == "auto")]
    for s in plain:
        s.engine_source = inline_terms(s.source, s.terms, _offset(s)) if mode == "substitute" and s.terms else s.source

    def plain_progress(done: int, _total: int) -> None:
        if progress is not None:
            progress(done, total)

    texts = [s.engine_source for s in plain]
    targets, stats = translate(texts, plain_progress) if translate is not None else _plain(texts, engine, cache, plain_progress)
    report.translated, report.cached = stats.translated, stats.cached
    for s, target in zip(plain, targets):
        s.target = target
        if s.terms:
            ok = meets_terms(s.terms, target)
            s.enforcement = ("substituted" if mode == "substitute" else "model") if ok else "violated"
            report.counts[s.enforcement] += 1
        else:
            s.enforcement = ""
    if termed:
        base = len(plain)

        def nbest_progress(done: int) -> None:
            if progress is not None:
                progress(base + done, total)

        report.add(_auto(termed, engine, cache, fallback, n, nbest_progress))
    if progress is not None:
        progress(total, total)
    return report


def _offset(sentence: Sentence) -> int:
    """Where the sentence starts in its block: its terms' offsets are the block's."""
    return sentence.start


def _auto(sentences: list[Sentence], engine: Any, cache: Any, fallback: str, n: int,
          progress: Callable[[int], None] | None = None) -> EnforceReport:
    """The ``auto`` mode for sentences with terms: n-best of the Russian, then ``fallback``."""
    report = EnforceReport()
    lists, hits = nbest_texts([s.source for s in sentences], engine, cache, n, progress)
    fresh = set(range(len(sentences))) - hits
    unmet: list[int] = []
    for i, (s, hyps) in enumerate(zip(sentences, lists)):
        s.engine_source = s.source
        s.target = hyps[0].text if hyps else ""
        rank = next((r for r, h in enumerate(hyps) if meets_terms(s.terms, h.text)), None)
        if rank is None:
            unmet.append(i)
            continue
        s.target = hyps[rank].text
        s.enforcement = "model" if rank == 0 else "alternative"
        report.counts[s.enforcement] += 1
    if unmet:
        from .enforce_fallback import run_fallback

        todo = [sentences[i] for i in unmet]
        fell = run_fallback(fallback, todo, engine, cache)
        report.warnings += fell.warnings
        fresh |= {unmet[j] for j in fell.fresh}
        for s in todo:
            report.counts[s.enforcement] += 1
    report.translated, report.cached = len(fresh), len(sentences) - len(fresh)
    return report
