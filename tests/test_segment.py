"""Sentence segmentation (``bilingual.segment``): offsets always slice the source exactly, a
huge paragraph goes to razdel in pieces with razdel's own sentences, and the work grows
linearly (issue 14). ``bench/bench_reader_linear.py --segment`` prints the per-doubling figures.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from razdel import sentenize

from bilingual.model import Block
from bilingual.segment import PIECE_CHARS, segment_block, split_sentences


def razdel_spans(text: str) -> list[tuple[int, int]]:
    """razdel on the whole text (the reference), blank spans left out."""
    return [(s.start, s.stop) for s in sentenize(text) if text[s.start : s.stop].strip()]


def assert_exact(text: str, spans: list[tuple[int, int]]) -> None:
    """Spans in order, not overlapping, stripped, and every non-space character in one of them."""
    covered = 0
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        covered += sum(not ch.isspace() for ch in piece)
        last = end
    assert covered == sum(not ch.isspace() for ch in text)


#: Sentences that end or start with what razdel weighs: abbreviations, initials, quotes,
#: brackets, list bullets, smileys, dashes, ellipses.
TRICKY = [
    "Т. е. он ушёл.", "Это было в г. Москве.", "А. С. Пушкин пришёл.", "«Кто там?» — спросил он.",
    "1. Первый пункт.", "а) второй;", "Он сказал: «Нет».", "(Смех.)", "Ура :)", "Что?! Да.",
    "Итак… продолжим.", "См. рис. 2.", "Было 5 млн. руб.", '"Цитата," — сказал он.', "Ну и т. д.",
    "Это в 1990-х гг. было.", "Он — «за».", "…и всё.", "Да? — Да!", "ул. Ленина, д. 5.",
]
#: Sentences that start and end with ten letters and more, no delimiter near either end.
PLAIN = [
    "Путешественники долго шли через заснеженный перевал.", "Вечерами экспедиция собиралась вокруг костра.",
    "Председатель комиссии внимательно выслушал докладчика.", "Журналисты терпеливо ожидали официального заявления.",
]


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    """Groups of up to three tricky sentences and two plain ones, so a clean sentence end comes
    every few hundred characters."""
    groups = draw(st.lists(st.tuples(st.lists(st.sampled_from(TRICKY), max_size=3),
                                     st.sampled_from(PLAIN), st.sampled_from(PLAIN)), min_size=1, max_size=40))  # fmt: skip
    space = draw(st.sampled_from([" ", "  ", "\n", " \n "]))
    return space.join(s for tricky, a, b in groups for s in [*tricky, a, b])


@settings(max_examples=200, deadline=None)
@given(paragraphs(), st.sampled_from([600, 900, 1500]))
def test_pieces_give_razdels_sentences(text: str, piece_chars: int) -> None:
    """Cut into pieces far smaller than the paragraph, the sentences are razdel's on the whole."""
    assert split_sentences(text, piece_chars=piece_chars) == razdel_spans(text)


_ANY = st.text(st.sampled_from(list("аб Ав.?!…;:\"«»()-—\n 1)т.е.")), max_size=1500)


@settings(max_examples=300, deadline=None)
@given(_ANY, st.sampled_from([40, 100, 400, PIECE_CHARS]))
def test_offsets_always_slice_the_source_exactly(text: str, piece_chars: int) -> None:
    """Whatever the text and however small the pieces: exact, ordered, stripped, nothing lost."""
    assert_exact(text, split_sentences(text, piece_chars=piece_chars))


@settings(max_examples=100, deadline=None)
@given(_ANY)
def test_short_text_is_razdel_exactly(text: str) -> None:
    assert split_sentences(text) == razdel_spans(text)


def test_a_huge_paragraph_keeps_its_sentences() -> None:
    base = " ".join(TRICKY + PLAIN) + " "
    text = base * (3 * PIECE_CHARS // len(base) + 2)
    assert len(text) > 3 * PIECE_CHARS
    spans = split_sentences(text)
    assert spans == razdel_spans(text)
    block = segment_block(Block(kind="paragraph", source=text))
    assert [(s.start, s.end) for s in block.sentences] == spans
    assert all(s.source == text[s.start : s.end] for s in block.sentences)


def test_no_sentence_end_for_pages_is_cut_at_a_space() -> None:
    """Thousands of characters razdel would call one sentence are cut at spaces, exactly."""
    text = "слово, " * (4 * PIECE_CHARS // 7)
    spans = split_sentences(text)
    assert len(spans) > 1 and all(e - s <= PIECE_CHARS + 200 for s, e in spans)  # the last piece sees its margin
    assert_exact(text, spans)


def _cpu(fn: object, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        began = time.process_time()
        fn(text)  # type: ignore[operator]
        best = min(best, time.process_time() - began)
    return best


@pytest.mark.parametrize("unit", ["т. е. ", ". ", "Он пришёл. Т. е. ушёл. "])
def test_work_grows_linearly(unit: str) -> None:
    """t(128k) / t(16k) stays near 8 (linear); razdel alone reaches 14–20 on these."""
    small, large = unit * (16_000 // len(unit)), unit * (128_000 // len(unit))
    ratio = _cpu(split_sentences, large) / max(_cpu(split_sentences, small), 1e-6)
    if ratio >= 12:  # a busy machine can slow one run; superlinear work fails every time
        ratio = _cpu(split_sentences, large) / max(_cpu(split_sentences, small), 1e-6)
    assert ratio < 12, f"{unit!r}: ×{ratio:.1f} from 16k to 128k characters"
