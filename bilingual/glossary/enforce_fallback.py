"""The fallbacks for a sentence none of whose n-best hypotheses meets every term.

* ``substitute`` — decode again with the *missing* terms replaced by their English in the input
  (the terms the model already renders keep their Russian, and their case ending).
* ``prefix`` — force the engine's own English up to the first missing term, then the term's
  target, as CTranslate2's ``target_prefix``, and let it go on from there (once per missing term).
* ``post-edit`` — replace, in the engine's best output, the words aligned to the term (the
  cross-attention's strongest source piece for each target piece, ``return_attention``) by the
  term's target.

``prefix`` and ``post-edit`` need the attention alignment, which :class:`Engine` does not offer
publicly: :func:`attend` drives the engine's loaded CTranslate2 translator and SentencePiece
model (``engine._translator``, ``engine._sp``) directly; an executor without them (Ray) falls
back to ``substitute`` with a warning. Each fallback's result is checked again; a sentence it
does not fix keeps the engine's best output of the Russian and is ``violated``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Sentence, TermMatch

__all__ = ["Alignment", "FallbackResult", "attend", "post_edit", "run_fallback", "term_span"]


@dataclass
class FallbackResult:
    """Which of the sentences given were decoded now (not from the cache), and warnings."""

    fresh: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def run_fallback(name: str, sentences: list[Sentence], engine: Any, cache: Any) -> FallbackResult:
    """Apply fallback ``name`` to ``sentences`` (their ``target`` is the engine's best output of
    the Russian); sets ``target``, ``engine_source`` and ``enforcement`` on each."""
    result = FallbackResult()
    if name != "substitute" and not can_attend(engine):
        result.warnings.append(f"the {name} fallback needs the local engine's attention; used substitute instead")
        name = "substitute"
    if name == "substitute":
        _substitute(sentences, engine, cache, result)
    elif name == "prefix":
        _prefix(sentences, engine, cache, result)
    else:
        _post_edit(sentences, engine, result)
    return result


def _missing(s: Sentence, english: str) -> list[TermMatch]:
    from .enforce_run import missing_terms

    return missing_terms(s.terms, english)


def _substitute(sentences: list[Sentence], engine: Any, cache: Any, result: FallbackResult) -> None:
    from .enforce import inline_terms
    from .enforce_run import _plain, meets_terms

    inputs = [inline_terms(s.source, _missing(s, s.target), s.start) for s in sentences]
    hits = set(cache.get_many(engine.cache_key(), inputs)) if cache is not None else set()
    targets, _ = _plain(inputs, engine, cache)
    for i, (s, text, target) in enumerate(zip(sentences, inputs, targets)):
        if text not in hits:
            result.fresh.add(i)
        if meets_terms(s.terms, target):
            s.engine_source, s.target, s.enforcement = text, target, "substituted"
        else:
            s.enforcement = "violated"


# ------------------------------------------------------------------------ attention
@dataclass
class Alignment:
    """One decoded translation: source pieces with their character spans, target pieces, and for
    each target piece the index of the source piece it attends to most."""

    spans: list[tuple[int, int]]
    target: list[str]
    links: list[int]


def can_attend(engine: Any) -> bool:
    """Whether ``engine`` is a local :class:`Engine` whose translator :func:`attend` can drive."""
    return hasattr(engine, "_translator") and hasattr(engine, "_sp")


def attend(engine: Any, text: str, prefix: str = "") -> Alignment:
    """Decode ``text`` (optionally forcing the English ``prefix``) with attention."""
    sp, opts = engine._sp, engine.options
    proto = sp.encode(text, return_type="proto")
    pieces = [p.piece for p in proto.pieces]
    raw = text.encode("utf-8")
    chars = [len(raw[:k].decode("utf-8", errors="ignore")) for k in range(len(raw) + 1)]
    spans = [(chars[p.begin], chars[p.end]) for p in proto.pieces]
    lead = engine.package.target_prefix
    forced = ([lead] if lead else []) + (sp.encode(prefix, out_type=str) if prefix else [])
    kwargs: dict[str, Any] = {"target_prefix": [forced]} if forced else {}
    result = engine._translator.translate_batch(
        [pieces], beam_size=opts.beam_size, return_attention=True, max_decoding_length=opts.max_decoding_length,
        length_penalty=opts.length_penalty, replace_unknowns=opts.replace_unknowns, **kwargs)[0]
    tokens, attention = list(result.hypotheses[0]), result.attention[0]
    links = [max(range(len(row)), key=row.__getitem__) if row else -1 for row in attention]
    if lead and tokens and tokens[0] == lead:
        tokens, links = tokens[1:], links[1:]
    return Alignment(spans, tokens, links)


def term_span(al: Alignment, term: TermMatch, offset: int) -> tuple[int, int] | None:
    """The target pieces ``[a, b)`` aligned to ``term`` (widened to whole words), or None."""
    start, end = term.start - offset, term.end - offset
    src = {i for i, (a, b) in enumerate(al.spans) if a < end and b > start and al.spans[i][0] < al.spans[i][1]}
    hit = [t for t, s in enumerate(al.links) if s in src]
    if not hit:
        return None
    a, b = min(hit), max(hit) + 1
    while a > 0 and not al.target[a].startswith("\u2581"):
        a -= 1
    while b < len(al.target) and not al.target[b].startswith("\u2581") and al.target[b][:1].isalnum():
        b += 1
    return a, b


def _join(engine: Any, before: Sequence[str], middle: str, after: Sequence[str]) -> str:
    """``before`` + ``middle`` + ``after`` as English (pieces decoded, one space between words)."""
    left = engine._sp.decode(list(before)).strip()
    right = engine._sp.decode(list(after)).strip() if after else ""
    gap = " " if after and after[0].startswith("\u2581") else ""
    return ((left + " ") if left else "") + middle + (gap + right if right else "")


def post_edit(engine: Any, sentence: Sentence, terms: Sequence[TermMatch]) -> str | None:
    """The engine's best output of ``sentence.source`` with each of ``terms``' aligned words
    replaced by its target; None when a term's words cannot be found or two overlap."""
    al = attend(engine, sentence.source)
    spans = []
    for term in terms:
        span = term_span(al, term, sentence.start)
        if span is None:
            return None
        spans.append((span, term.target))
    spans.sort()
    if any(x[0][1] > y[0][0] for x, y in zip(spans, spans[1:])):
        return None
    tokens, out, pos = al.target, "", 0
    for (a, b), target in spans:  # decoded piece by piece: a target is never re-tokenised
        left = engine._sp.decode(list(tokens[pos:a])).strip()
        out = " ".join(x for x in (out, left, target) if x)
        pos = b
    rest = tokens[pos:]
    right = engine._sp.decode(list(rest)).strip() if rest else ""
    if right:
        out += (" " if rest[0].startswith("\u2581") else "") + right
    return out


def _post_edit(sentences: list[Sentence], engine: Any, result: FallbackResult) -> None:
    from .enforce_run import meets_terms

    for i, s in enumerate(sentences):
        edited = post_edit(engine, s, _missing(s, s.target))
        result.fresh.add(i)
        if edited is not None and meets_terms(s.terms, edited):
            s.engine_source, s.target, s.enforcement = s.source, edited, "post-edited"
        else:
            s.enforcement = "violated"


def _prefix(sentences: list[Sentence], engine: Any, cache: Any, result: FallbackResult) -> None:
    """Force the English up to each missing term plus its target, leftmost first."""
    from .enforce_run import meets_terms

    for i, s in enumerate(sentences):
        result.fresh.add(i)
        english, prefix = s.target, ""
        for _ in range(len(s.terms)):
            missing = _missing(s, english)
            if not missing:
                break
            al = attend(engine, s.source, prefix)
            span = term_span(al, missing[0], s.start)
            if span is None:
                break
            prefix = _join(engine, al.target[: span[0]], missing[0].target, [])
            english = engine.translate_nbest([s.source], 1, prefixes=[prefix])[0][0].text
        if meets_terms(s.terms, english):
            # the term's English went into the engine (on the target side): "substituted"
            s.engine_source, s.target, s.enforcement = s.source, english, "substituted"
        else:
            s.enforcement = "violated"
