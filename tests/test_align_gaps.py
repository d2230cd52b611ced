"""Issue 12: no gap hidden (every 1:0 / 0:1 link flagged), calibrated confidence, translator's
notes kept unlinked, and the summary that says what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilingual.align import align_files, needs_review, parse_translation
from bilingual.align.confidence import CALIBRATION, calibrate, fit_isotonic
from bilingual.align.notes import is_translator_note, note_paragraphs
from bilingual.align.summary import alignment_summary, ranges, summarize

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data" / "align"
SAMPLE = ROOT / "seeds" / "2025-10-09-putin-aliyev-dushanbe.ru.txt"


@pytest.fixture(scope="module")
def first_five(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The issue's case: the sample (21 blocks) against an English translation of its first 5
    blocks only (the first 5 paragraphs of the gold translation, which translate blocks 1–5)."""
    paragraphs = [p for p in (DATA / "dushanbe.en.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
    path = tmp_path_factory.mktemp("first5") / "first5.en.txt"
    path.write_text("\n\n".join(paragraphs[:5]) + "\n", encoding="utf-8")
    return align_files(SAMPLE, path)


def test_every_russian_sentence_without_english_is_flagged_and_the_pairs_are_not(first_five) -> None:  # type: ignore[no-untyped-def]
    result = first_five
    assert len(result.document.blocks) == 21
    dropped = [k for k in result.sentences if k.ru and not k.en]
    # blocks 6–21 have 29 sentences: every one is a 1:0 link, and flagged
    assert sorted(result.ru_refs[i][0] for k in dropped for i in k.ru) == sorted(
        b for b, _ in result.ru_refs if b >= 5
    )
    assert sum(len(k.ru) for k in dropped) == 29
    assert all(k.flagged for k in dropped)
    # … whatever their confidence, which no longer climbs toward the end as a certainty of a pair would
    assert max(k.confidence for k in dropped) <= max(CALIBRATION[-1][1], 0.95)
    # the pairs in blocks 1–5 are linked inside blocks 1–5 and none is flagged
    pairs = [k for k in result.sentences if k.ru and k.en]
    assert pairs and all(result.ru_refs[i][0] < 5 for k in pairs for i in k.ru)
    assert not any(k.flagged for k in pairs)
    # the JSON alone flags the same sentences
    for block in result.document.blocks[5:]:
        assert all(needs_review(s) and s.target == "" for s in block.sentences)
    assert not any(needs_review(s) for b in result.document.blocks[:5] for s in b.sentences)


def test_summary_says_what_is_missing(first_five) -> None:  # type: ignore[no-untyped-def]
    lines = alignment_summary(first_five)
    assert lines[0] == "16 Russian paragraphs have no English (blocks 6–21)"
    assert "29 links flagged for review (29 with nothing on one side, 0 of low confidence)" in lines
    data = summarize(first_five)
    assert data.ru_blocks_without_english == list(range(5, 21)) and not data.notes


def test_summary_names_the_glossary_terms_rendered_differently(tmp_path: Path) -> None:
    from bilingual.glossary import load_glossary

    gloss = tmp_path / "g.tsv"
    gloss.write_text("source\ttarget\tnote\nАлиев\tIlham Aliyev\t\nКохи Сомон\tKokhi Somon\t\n", encoding="utf-8")
    ru = tmp_path / "a.ru.txt"
    en = tmp_path / "a.en.txt"
    ru.write_text("Алиев приехал в Кохи Сомон. Встреча длилась час.\n\nАлиев уехал из Кохи Сомон вечером.\n", encoding="utf-8")
    en.write_text("Ilham Aliyev arrived at the Kohi Somon palace. The meeting lasted an hour.\n\nIlham Aliyev left Kohi Somon in the evening.\n", encoding="utf-8")
    result = align_files(ru, en, glossary=load_glossary(gloss))
    lines = alignment_summary(result)
    assert "the translation renders 1 glossary term differently: «Кохи Сомон» (glossary: “Kokhi Somon”, 2 times)" in lines
    assert not any("Aliyev" in line for line in lines)


def test_summary_lists_notes_and_dropped_runs_of_the_gold_text() -> None:
    lines = alignment_summary(align_files(DATA / "pskov.ru.txt", DATA / "pskov.en.txt"))
    assert lines[:2] == [
        "3 Russian paragraphs have no English (blocks 11–13)",
        "4 English paragraphs are the translator's notes, kept unlinked (paragraphs 11, 13–15)",
    ]


@given(st.sets(st.integers(0, 60)))
def test_ranges_compress_runs_and_keep_every_number(values: set[int]) -> None:
    text = ranges(values)
    got: set[int] = set()
    for part in filter(None, text.split(", ")):
        a, _, b = part.partition("–")
        got.update(range(int(a) - 1, int(b or a)))
        assert not b or int(b) - int(a) >= 2  # a run of two is written "6, 7"
    assert got == values


# --------------------------------------------------------------------------- notes
@pytest.mark.parametrize(
    "text, note",
    [
        ("[Translator's note: gusli are a plucked instrument.]", True),
        ("(Translator’s note: the palace was a stop on the road.)", True),
        ("TN: the name means “white lake”.", True),
        ("[Note: the figures are for 2024.]", True),
        ("Note that the president did not answer.", False),
        ("Translators noted that the book is hard.", False),
        ("Notes were taken by the secretary.", False),
    ],
)
def test_translator_notes_are_recognised(text: str, note: bool) -> None:
    assert is_translator_note(text) is note


def test_an_endnotes_section_needs_markers_and_yields_to_russian_notes() -> None:
    en = parse_translation("Title\n\nText one.\n\nNotes\n\n1. The first note.\n\n2. The second note.\n")
    assert note_paragraphs(en) == {2, 3, 4}
    plain = parse_translation("Title\n\nText one.\n\nNotes\n\nA chapter about notes in music.\n")
    assert note_paragraphs(plain) == set()
    from bilingual.read import Decoded, parse_document

    ru = parse_document(Decoded(text="Заголовок\n\nТекст.\n\nПримечания\n\n1. Первое.\n", encoding="utf-8"), source_file="a.txt")
    assert note_paragraphs(en, ru) == set()  # the Russian has notes: the English ones translate them


def test_a_note_is_never_linked_to_russian_text() -> None:
    ru = "Первый абзац о погоде в городе. Было тепло.\n\nВторой абзац о реке, которая разлилась весной.\n"
    en = (
        "The first paragraph is about the weather in the city. It was warm.\n\n"
        "[Translator's note: the city lies on the Volga, which floods every spring.]\n\n"
        "The second paragraph is about the river, which flooded in spring.\n"
    )
    result = align_files_text(ru, en)
    assert result.notes == [1]
    note_links = [k for k in result.sentences if any(result.en_refs[j][0] == 1 for j in k.en)]
    assert note_links and all(not k.ru and k.flagged for k in note_links)


def align_files_text(ru: str, en: str):  # type: ignore[no-untyped-def]
    from bilingual.align import align_alignment

    return align_alignment(ru, en)


# --------------------------------------------------------------------------- calibration
def test_calibration_is_monotone_and_bounded() -> None:
    xs = [k / 100 for k in range(101)]
    ys = [calibrate(x) for x in xs]
    assert ys == sorted(ys) and 0.0 <= ys[0] and ys[-1] < 1.0
    assert calibrate(-1.0) == CALIBRATION[0][1] and calibrate(2.0) == CALIBRATION[-1][1]


@given(st.lists(st.tuples(st.floats(0.0, 1.0), st.booleans()), min_size=1, max_size=200))
def test_isotonic_fit_is_non_decreasing_and_never_certain(points: list[tuple[float, bool]]) -> None:
    knots = fit_isotonic(points)
    assert [x for x, _ in knots] == sorted(x for x, _ in knots)
    ys = [y for _, y in knots]
    assert ys == sorted(ys) and all(0.0 <= y < 1.0 for y in ys)


def test_isotonic_fit_tracks_the_share_right() -> None:
    points = [(0.1, k % 2 == 0) for k in range(20)] + [(0.9, k % 10 != 0) for k in range(40)]
    knots = dict(fit_isotonic(points))
    assert knots[0.1] == pytest.approx(0.5) and knots[0.9] == pytest.approx(37 / 42, abs=1e-3)
