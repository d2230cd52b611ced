"""Sentence segmentation with razdel, keeping character offsets.

``split_sentences("Привет. Как дела?")`` → ``[(0, 7), (8, 17)]``. Offsets index the text
given, so ``text[start:end]`` is each sentence exactly (no whitespace at either end).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .model import Block, Sentence

__all__ = ["split_sentences", "segment_block", "CREDIT_RE"]

#: A photo credit at the end of a caption: «… Фото: president.az», «… Photo: Reuters».
CREDIT_RE = re.compile(
    r"(?:(?<=\s)|^)(?:Фото|Фотография|Фото и видео|Видео|Кадр|Скриншот|Источник фото|Иллюстрация|Photo|Image)"
    r"\s*(?::|—|–)\s*\S[^\n]{0,80}$"
)


@lru_cache(maxsize=1)
def _sentenize():  # type: ignore[no-untyped-def]
    from razdel import sentenize

    return sentenize


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` by razdel, as ``(start, end)`` offsets, in order."""
    if not text.strip():
        return []
    # razdel spans are already stripped; guard anyway so text[start:end] has no outer space
    return _stripped(text, ((s.start, s.stop) for s in _sentenize()(text)))


def _stripped(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` of ``text`` without outer white space; empty ones dropped."""
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


#: Kinds whose text is one sentence however it is punctuated.
ONE_SENTENCE_KINDS = ("heading", "subtitle", "attribution", "table-cell")


def _lines(text: str) -> list[tuple[int, int]]:
    """Each non-blank line of ``text`` as a ``(start, end)`` span, outer spaces excluded."""
    return _stripped(text, ((m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)))


def segment_block(block: Block) -> Block:
    """Fill ``block.sentences`` from ``block.source``: razdel sentences; headings, subtitles,
    attributions and table cells stay one sentence (a line each if they hold line breaks);
    verse is one sentence per line; a caption's (or image's) trailing photo credit becomes
    its own sentence with role ``"credit"``; a separator has none."""
    text = block.source
    spans: list[tuple[int, int, str]]
    credit_at = None
    if block.kind == "separator" or not text.strip():
        block.sentences = []
        return block
    if block.kind == "verse" or (block.kind in ONE_SENTENCE_KINDS and "\n" in text):
        block.sentences = [Sentence(start=a, end=b, source=text[a:b]) for a, b in _lines(text)]
        return block
    if block.kind in ("caption", "image"):
        m = CREDIT_RE.search(text)
        if m and m.start() > 0:
            credit_at = m.start()
    body_end = credit_at if credit_at is not None else len(text)
    if block.kind in ONE_SENTENCE_KINDS:
        lead = len(text) - len(text.lstrip())
        body = [(lead, len(text.rstrip()))] if text.strip() else []
    else:
        body = split_sentences(text[:body_end])
    spans = [(a, b, "text") for a, b in body]
    if credit_at is not None:
        spans.append((credit_at, len(text.rstrip()), "credit"))
    block.sentences = [Sentence(start=a, end=b, source=text[a:b], role=role) for a, b, role in spans]
    return block
