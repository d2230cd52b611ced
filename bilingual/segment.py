"""Sentence segmentation with razdel, keeping character offsets.

``split_sentences("Привет. Как дела?")`` → ``[(0, 7), (8, 17)]``. Offsets index the text
given, so ``text[start:end]`` is each sentence exactly (no whitespace at either end).

razdel's work grows faster than its input on one huge paragraph (it builds each sentence by
string concatenation: ×2.8–6.8 per doubling past 64k characters of abbreviations, see
``bench/bench_reader_linear.py --segment``), so a text longer than :data:`PIECE_CHARS` is fed
to it in pieces (:func:`_pieces`), cut only where razdel itself ends a sentence, far from every
other delimiter; shorter text — every normal paragraph — goes to razdel whole.

Why the pieces give razdel's sentences: razdel decides at each delimiter (``.?!…;``, quotes,
closing brackets, smileys) from the 10 characters on either side and, for list bullets, the
current sentence when it is at most 20 characters long. A cut is made at the end of a
delimiter that razdel ends a sentence with (razdel having seen :data:`_MARGIN` characters
past it), with no other delimiter within 10 characters before it or 11 after it: every
decision inside a piece then sees what it sees in the whole text. A piece with no such place
past its first quarter is cut at a space — the one case where the sentences differ from
razdel's, which would return a "sentence" of thousands of characters there, longer than any
translation model takes in one go.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .model import Block, Sentence

__all__ = ["split_sentences", "segment_block", "CREDIT_RE", "PIECE_CHARS"]

#: Texts longer than this are sentenized in pieces of about this size (see the module docstring).
PIECE_CHARS = 8_000

#: A photo credit at the end of a caption: «… Фото: president.az», «… Photo: Reuters».
CREDIT_RE = re.compile(
    r"(?:(?<=\s)|^)(?:Фото|Фотография|Фото и видео|Видео|Кадр|Скриншот|Источник фото|Иллюстрация|Photo|Image)"
    r"\s*(?::|—|–)\s*\S[^\n]{0,80}$"
)


@lru_cache(maxsize=1)
def _sentenize():  # type: ignore[no-untyped-def]
    from razdel import sentenize

    return sentenize


def split_sentences(text: str, *, piece_chars: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` by razdel, as ``(start, end)`` offsets, in order; a text
    longer than ``piece_chars`` goes to razdel in pieces (linear time, the same sentences)."""
    if not text.strip():
        return []
    if len(text) <= piece_chars:
        spans = [(s.start, s.stop) for s in _sentenize()(text)]
    else:
        spans = _pieces(text, piece_chars)
    # razdel spans are already stripped; guard anyway so text[start:end] has no outer space
    return _stripped(text, spans)


_MARGIN = 200  #: characters razdel sees past a piece, so the decisions up to the cut have their context
_CONTEXT = 10  #: razdel's window on each side of a delimiter (razdel.segmenters.sentenize.SentSplitter)
_ENDINGS = ".?!…"


@lru_cache(maxsize=1)
def _delimiters() -> re.Pattern[str]:
    """Every delimiter razdel weighs (its own pattern; a wider class if razdel ever renames it)."""
    try:
        from razdel.segmenters.sentenize import DELIMITER

        return re.compile(DELIMITER)
    except ImportError:  # pragma: no cover - razdel 0.5 has it
        return re.compile(r"[=:;]-?[)(]{1,3}|[.?!…;\"„'«»“”‘’()\[\]{}]")


def _pieces(text: str, piece_chars: int) -> list[tuple[int, int]]:
    """razdel's sentence spans of a long ``text``, sentenized a piece at a time.

    Each run starts where the previous one was cut and reaches :data:`_MARGIN` characters past
    the piece, so every sentence kept (those up to the cut) was decided with its full context.
    A piece where no sentence ends cleanly after its first quarter is cut at a space."""
    from bisect import bisect_left

    marks = [(m.start(), m.end()) for m in _delimiters().finditer(text)]
    stops = [stop for _, stop in marks]
    out: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + piece_chars + _MARGIN)
        spans = [(start + s.start, start + s.stop) for s in _sentenize()(text[start:end])]
        if end == len(text):
            out += spans
            break
        lo, hi = start + piece_chars // 4, start + piece_chars
        ends = [stop for _, stop in spans if lo <= stop <= hi]
        cut = next((e for e in reversed(ends) if _clear(text, marks, bisect_left(stops, e))), None)
        if cut is None:  # razdel ends no sentence cleanly here: one of thousands of characters
            cut = _space_before(text, hi, start)
            kept = [(a, b) for a, b in spans if b <= cut - _CONTEXT]
            out += kept + _stripped(text, [(kept[-1][1] if kept else start, cut)])
        else:
            out += [(a, b) for a, b in spans if b <= cut]
        start = cut
    return out


def _clear(text: str, marks: list[tuple[int, int]], j: int) -> bool:
    """Delimiter ``j`` ends in a sentence ending followed by a space, with no other delimiter
    within razdel's window before it or just after it (so a cut there changes no decision)."""
    if j >= len(marks):
        return False
    start, stop = marks[j]
    if text[stop - 1] not in _ENDINGS or stop >= len(text) or not text[stop].isspace():
        return False
    before = marks[j - 1][1] if j > 0 else -_CONTEXT
    after = marks[j + 1][0] if j + 1 < len(marks) else len(text) + _CONTEXT
    return before <= start - _CONTEXT and after > stop + _CONTEXT


def _space_before(text: str, limit: int, start: int) -> int:
    """The last space before ``limit`` (after ``start``), else ``limit``: the fallback cut."""
    at = text.rfind(" ", start + 1, limit)
    return at if at > start else limit


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
