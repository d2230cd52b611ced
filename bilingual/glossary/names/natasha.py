"""natasha's news NER (slovnet) as a name detector, with its spans cleaned.

natasha finds organisations far better than capitalisation rules can, so :mod:`..suggest` uses
it when it is installed (``pip install natasha``: about 50 MB with its models, 1 s to load).
Its spans are cleaned: a Latin gloss in brackets is its own name, names joined by commas or
slashes are split, ``МИД России`` is an acronym and a place, a legal form (``ОАО``) is dropped,
and spans that are not names are skipped (common acronyms such as СМИ, a person with digits,
a common word opening the sentence). The rule detector (:mod:`.candidates`) adds what natasha
misses: acronyms, organisations and media in quotation marks, site names.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..match import PROPER_TAGS, Morphology, fold, is_caps, tokenize
from .candidates import (
    _CYRILLIC,
    _DOMAIN,
    _LATIN,
    _OPEN_QUOTES,
    _ROMAN,
    COMMON_ACRONYMS,
    Mention,
    rule_mentions,
)

__all__ = ["natasha_available", "natasha_document", "natasha_mentions"]

_LEGAL_FORM = re.compile(r"(?:ОАО|ЗАО|ООО|ПАО|АО|НКО|ГУП|ФГУП|МУП|АНО|ОДО)\s*[«\"„]?\s*")


def natasha_available() -> bool:
    """Whether natasha (and its bundled news models) can be imported."""
    try:
        import natasha  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _natasha() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


_KINDS = {"PER": "person", "LOC": "place", "ORG": "org"}


def natasha_mentions(sentence: str, morph: Morphology, covered: Sequence[tuple[int, int]] = (), index: int = 0) -> list[Mention]:
    """Mentions in one sentence from natasha's NER, cleaned, plus what the rules find outside its spans."""
    return natasha_document([sentence], morph, [covered])[0] if sentence.strip() else []


def natasha_document(sentences: Sequence[str], morph: Morphology, covered: Sequence[Sequence[tuple[int, int]]]) -> list[list[Mention]]:
    """:func:`natasha_mentions` for many sentences, tagged in one natasha pass (much faster)."""
    from natasha import Doc

    segmenter, tagger = _natasha()
    text = "\n".join(s.replace("\n", " ") for s in sentences)
    starts, pos = [], 0
    for s in sentences:
        starts.append(pos)
        pos += len(s) + 1
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    raw: list[list[tuple[int, int, str]]] = [[] for _ in sentences]
    for span in doc.spans:
        i = bisect.bisect_right(starts, span.start) - 1
        a, b = span.start - starts[i], min(span.stop - starts[i], len(sentences[i]))
        raw[i].append((a, b, span.type))
    return [_natasha_sentence(s, morph, covered[i], i, raw[i]) for i, s in enumerate(sentences)]


def _natasha_sentence(sentence: str, morph: Morphology, covered: Sequence[tuple[int, int]], index: int,
                      raw: Sequence[tuple[int, int, str]]) -> list[Mention]:
    domains = [(m.start(), m.end()) for m in _DOMAIN.finditer(sentence)]
    out: list[Mention] = []
    spans = []
    for start, stop, tag in raw:
        if any(a < stop and start < b for a, b in domains):
            continue
        for a, b in _clean_span(sentence, start, stop):
            legal = _LEGAL_FORM.match(sentence, a, b)
            if legal and tag == "ORG" and legal.end() < b:
                a = legal.end()
            words = [t.text for t in tokenize(sentence[a:b]) if t.word]
            if not _plausible(words, tag, morph, a, sentence):
                continue
            kind = _KINDS.get(tag, "name")
            quoted = a > 0 and sentence[a - 1] in _OPEN_QUOTES
            parts = [(words, a, b)]
            toks = [t for t in tokenize(sentence[a:b]) if t.word]
            if len(words) > 1 and all(is_caps(w) for w in words) or len(toks) == 2 and is_caps(words[0]) and _place(words[1], morph):  # МИД РФ: two names
                parts = [([t.text], a + t.start, a + t.end) for t in toks]
            for ws, x0, x1 in parts:
                k = "acronym" if len(ws) == 1 and is_caps(ws[0]) and kind != "place" else kind
                if len(parts) > 1 and not is_caps(ws[0]):
                    k = "place"
                cov = any(x <= x0 and x1 <= y for x, y in covered)
                out.append(Mention(ws, k, x0, x1, covered=cov, sentence=index, quoted=quoted))
            spans.append((a, b))
    for m in rule_mentions(sentence, morph, covered, index, strict_quotes=True):
        if any(a < m.end and m.start < b for a, b in spans):
            continue
        if m.kind == "acronym" and any(c.isdigit() for c in m.surface):  # ТМА-11, Су-35: models, not names
            continue
        if m.kind == "acronym" or m.quoted or (m.kind == "org" and not _CYRILLIC.search(m.surface)):
            out.append(m)
    return sorted(out, key=lambda m: m.start)


def _place(word: str, morph: Morphology) -> bool:
    return any("Geox" in p.tag for p in morph.parse(fold(word).lower())[:2])


def _plausible(words: Sequence[str], tag: str, morph: Morphology, start: int, sentence: str) -> bool:
    """Drop natasha spans that are not names: lower-case or numeric only, common acronyms (СМИ),
    a person with digits (Формула-1), a common word opening the sentence (Схожего)."""
    if not words or all(w[:1].islower() or w.isdigit() for w in words):
        return False
    if len(words) == 1 and (fold(words[0]) in COMMON_ACRONYMS or _ROMAN.match(words[0])):
        return False
    if tag == "PER" and any(any(c.isdigit() for c in w) for w in words):
        return False
    if len(words) == 1 and _CYRILLIC.search(words[0]) and not is_caps(words[0]) and not sentence[:start].strip():
        quoted = False
        parses = morph.parse(fold(words[0]).lower())
        if not quoted and parses and all(PROPER_TAGS.isdisjoint(p.tag.grammemes) for p in parses) and all(
            type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer" for p in parses
        ):
            return False
    return True


_SPLIT = re.compile(r"\s*[()\[\]/,;]\s*")


def _clean_span(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """A natasha span split at brackets, commas and between Cyrillic and Latin runs."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in _SPLIT.finditer(text, start, stop):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, stop))
    out = []
    for a, b in pieces:
        seg = text[a:b]
        # split where the script changes between words
        last, cur = a, None
        for w in re.finditer(r"\S+", seg):
            script = "lat" if _LATIN.search(w.group()) and not _CYRILLIC.search(w.group()) else "cyr"
            if cur is not None and script != cur:
                out.append((last, a + w.start()))
                last = a + w.start()
            cur = script
        out.append((last, b))
    clean = []
    for a, b in out:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip(" «»\"'"))
        trail = len(seg) - len(seg.rstrip(" «»\"'"))
        if b - trail > a + lead:
            clean.append((a + lead, b - trail))
    return clean
