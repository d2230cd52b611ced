"""The aligner: the bead DP, each link shape, how links are stored, confidence flags, errors."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bilingual.align import (
    LOW_CONFIDENCE,
    AlignParams,
    align_alignment,
    align_files,
    align_texts,
    needs_review,
    parse_translation,
)
from bilingual.align.anchors import en_keys, name_key, roman_value, ru_keys
from bilingual.align.lattice import BEAD_TYPES, best_path
from bilingual.align.score import Scorer, bead_cost, length_cost
from bilingual.align.anchors import Segment, document_frequency
from bilingual.errors import InputError

DATA = Path(__file__).parent / "data" / "align"


# --------------------------------------------------------------------------- the DP
def _path_cost(want: list[tuple[int, int]]):  # type: ignore[no-untyped-def]
    """A cost function for which the bead sequence ``want`` (shapes from (0,0)) is optimal."""
    beads = set()
    i = j = 0
    for di, dj in want:
        beads.add((i, j, di, dj))
        i, j = i + di, j + dj

    def cost(i: int, j: int, di: int, dj: int) -> float:
        return 0.0 if (i, j, di, dj) in beads else 10.0

    return i, j, cost


def test_best_path_finds_every_bead_shape() -> None:
    shapes = [(1, 1), (2, 1), (1, 2), (2, 2), (1, 0), (0, 1), (1, 1)]
    n, m, cost = _path_cost(shapes)
    path = best_path(n, m, cost)
    assert [(b.di, b.dj) for b in path] == shapes
    assert all(b.posterior > 0.99 for b in path)  # every alternative costs ≥ 10 nats more


def test_posterior_splits_between_equal_alternatives() -> None:
    # two sources, two targets: 1:1+1:1 and 2:2 cost the same; everything else is expensive
    def cost(i: int, j: int, di: int, dj: int) -> float:
        if (di, dj) == (1, 1) and i == j:
            return 0.5
        if (i, j, di, dj) == (0, 0, 2, 2):
            return 1.0
        return 50.0

    path = best_path(2, 2, cost)
    assert [(b.di, b.dj) for b in path] == [(1, 1), (1, 1)]
    assert all(abs(b.posterior - 0.5) < 0.01 for b in path)
    hot = best_path(2, 2, cost, temperature=2.0)  # a higher temperature cannot sharpen
    assert all(abs(b.posterior - 0.5) < 0.01 for b in hot)


def test_posteriors_are_probabilities_and_temperature_spreads_them() -> None:
    def cost(i: int, j: int, di: int, dj: int) -> float:
        return {(1, 1): 0.2, (2, 1): 2.0, (1, 2): 2.0, (2, 2): 4.0}.get((di, dj), 5.0) + 0.1 * abs(i - j)

    cold = best_path(6, 7, cost, temperature=1.0)
    hot = best_path(6, 7, cost, temperature=3.0)
    assert [(b.i, b.j, b.di, b.dj) for b in cold] == [(b.i, b.j, b.di, b.dj) for b in hot]
    assert all(0.0 <= b.posterior <= 1.0 for b in cold + hot)
    assert min(b.posterior for b in hot) < min(b.posterior for b in cold)


def test_explicit_bounds_are_respected() -> None:
    def cost(i: int, j: int, di: int, dj: int) -> float:
        return 0.0 if (di, dj) == (1, 1) else 3.0

    # the diagonal (1:1 everywhere) is cheapest, but rows are held to j ≥ i + 1 past row 0
    n = 4
    lo = [0] + [i + 1 for i in range(1, n)] + [n]
    hi = [1] + [n] * (n - 1) + [n]
    path = best_path(n, n, cost, bounds=(lo, hi))
    assert path[0].dj - path[0].di == 1  # had to start with an extra English segment
    for b in path:
        i_end, j_end = b.i + b.di, b.j + b.dj
        assert lo[i_end] <= j_end <= hi[i_end]


def test_empty_sides() -> None:
    assert [(b.di, b.dj) for b in best_path(0, 3, lambda *a: 1.0)] == [(0, 1)] * 3
    assert [(b.di, b.dj) for b in best_path(2, 0, lambda *a: 1.0)] == [(1, 0)] * 2
    assert best_path(0, 0, lambda *a: 1.0) == []


def test_bead_types_include_the_wide_links() -> None:
    assert set(BEAD_TYPES) == {(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3), (3, 2), (2, 3)}


def test_best_path_finds_the_wide_shapes() -> None:
    shapes = [(1, 1), (3, 1), (1, 3), (2, 3), (3, 2), (1, 1)]
    n, m, cost = _path_cost(shapes)
    assert [(b.di, b.dj) for b in best_path(n, m, cost)] == shapes


def test_wide_links_cost_more_than_narrow_ones_a_priori() -> None:
    from bilingual.align.score import prior

    p = AlignParams()
    assert prior(p, 1, 1) > prior(p, 2, 1) > prior(p, 3, 1) > prior(p, 3, 2)
    assert prior(p, 1, 3) == prior(p, 3, 1) and prior(p, 2, 3) == prior(p, 3, 2)


# --------------------------------------------------------------------------- scores and anchors
def test_length_cost_grows_with_the_mismatch() -> None:
    assert length_cost(100, 100, 1.0, 6.8) < 0.05
    assert length_cost(100, 130, 1.0, 6.8) < length_cost(100, 160, 1.0, 6.8) < length_cost(100, 300, 1.0, 6.8)
    assert math.isfinite(length_cost(10, 100_000, 1.0, 6.8))  # no underflow to inf


def test_anchor_keys_survive_translation() -> None:
    ru = ru_keys("Депутат Анатолий Вассерман в беседе с NEWS.ru 9 октября 2025 года, XIX век")
    en = en_keys("Deputy Anatolii Wasserman told NEWS.ru on 9 October 2025, the 19th century")
    shared = set(ru) & set(en)
    assert {"n:9", "n:2025", "l:news.ru", "n:19", f"p:{name_key('Wasserman')}"} <= shared
    assert name_key("Aliyev") == name_key("Aliev") and name_key("Vasserman") == name_key("Wasserman")
    assert roman_value("XIX") == 19 and roman_value("XVI") == 16 and roman_value("I") is None
    assert "q" in ru_keys("«Цитата», — сказал он.") and "q" in en_keys("“A quote,” he said.")


def test_glossary_targets_are_anchors() -> None:
    ru = ru_keys("Встреча Путина", terms=["Vladimir Putin"])
    en = en_keys("The meeting with Vladimir Putin", terms=["Vladimir Putin"])
    assert "t:vladimir putin" in set(ru) & set(en)


def test_scorer_matches_bead_cost() -> None:
    ru_texts = ["Первая фраза про 1990 год.", "Вторая.", "И третья, подлиннее."]
    en_texts = ["The first sentence about 1990.", "Second.", "And a third, longer one."]
    ru = [Segment(t, ru_keys(t)) for t in ru_texts]
    en = [Segment(t, en_keys(t)) for t in en_texts]
    params = AlignParams()
    scorer = Scorer(ru, en, 1.0, params)
    weights = document_frequency(ru)
    for di, dj in BEAD_TYPES:
        want = bead_cost(ru[:di], en[:dj], 1.0, params, weights)
        assert scorer(0, 0, di, dj) == pytest.approx(want)


# --------------------------------------------------------------------------- the aligner
RU_BASE = [
    "Город основан в 1147 году на берегу Москвы-реки.",
    "В 1812 году он сильно пострадал от пожара, но был быстро отстроен.",
    "Сегодня здесь живут более 13 миллионов человек.",
    "Метрополитен открыли в 1935 году, и с тех пор он стал одним из самых загруженных в мире.",
]
EN_BASE = [
    "The city was founded in 1147 on the bank of the Moskva River.",
    "In 1812 it was badly damaged by fire, but it was quickly rebuilt.",
    "Today more than 13 million people live here.",
    "The metro opened in 1935 and has since become one of the busiest in the world.",
]


def _texts(ru_paras: list[list[str]], en_paras: list[list[str]]) -> tuple[str, str]:
    return "\n\n".join(" ".join(p) for p in ru_paras), "\n\n".join(" ".join(p) for p in en_paras)


def _targets_in_order(doc) -> str:  # type: ignore[no-untyped-def]
    return " ".join(s.target for b in doc.blocks for s in b.sentences if s.target)


def test_one_to_one_everything_aligned_and_confident() -> None:
    ru, en = _texts([RU_BASE[:2], RU_BASE[2:]], [EN_BASE[:2], EN_BASE[2:]])
    result = align_alignment(ru, en)
    doc = result.document
    assert [s.target for s in doc.sentences()] == EN_BASE
    assert all(s.origin == "aligned" and 0.5 <= s.confidence <= 1.0 for s in doc.sentences())
    assert result.shapes("paragraph") == {"1:1": 2} and result.shapes() == {"1:1": 4}
    assert not result.flagged and not any(needs_review(s) for s in doc.sentences())
    assert doc.meta.model.name == "aligned"


def test_merged_paragraphs_two_to_one() -> None:
    ru, en = _texts([RU_BASE[:2], RU_BASE[2:]], [EN_BASE])
    result = align_alignment(ru, en)
    assert [(k.ru, k.en) for k in result.paragraphs] == [((0, 1), (0,))]
    # each Russian block still gets the English of its own sentences
    assert [b.target for b in result.document.blocks] == [" ".join(EN_BASE[:2]), " ".join(EN_BASE[2:])]


def test_split_paragraph_one_to_two() -> None:
    ru, en = _texts([RU_BASE], [EN_BASE[:1], EN_BASE[1:]])
    result = align_alignment(ru, en)
    assert [(k.ru, k.en) for k in result.paragraphs] == [((0,), (0, 1))]
    assert [s.target for s in result.document.sentences()] == EN_BASE


def test_two_russian_sentences_in_one_english_sentence() -> None:
    ru = "Выставка открылась в 2019 году. Ее посетили 40 тысяч человек. Вход был свободный."
    en = "The exhibition opened in 2019 and was visited by 40,000 people. Admission was free."
    result = align_alignment(ru, en)
    assert [(k.shape) for k in result.sentences] == ["2:1", "1:1"]
    first, second, third = result.document.sentences()
    assert first.target.startswith("The exhibition opened") and second.target == ""
    assert first.confidence == second.confidence and second.origin == "aligned"
    assert third.target == "Admission was free."


def test_one_russian_sentence_in_two_english() -> None:
    ru = (
        "Мост длиной 1200 метров через Волгу строили три года, а его открытие из-за сильных морозов отложили до весны. "
        "Движение по нему пустили в июне 2021 года."
    )
    en = (
        "The 1,200-metre bridge over the Volga took three years to build. "
        "Its opening was postponed until spring because of severe frosts. "
        "Traffic started in June 2021."
    )
    result = align_alignment(ru, en)
    assert [k.shape for k in result.sentences] == ["1:2", "1:1"]
    assert _targets_in_order(result.document) == en
    assert result.document.sentences()[0].target.endswith("severe frosts.")


def test_dropped_sentence_is_one_to_zero() -> None:
    ru = " ".join(RU_BASE[:2] + ["Эта фраза длинная, в переводе ее нет, и переводчик ее просто опустил без всяких объяснений."] + RU_BASE[2:])
    en = " ".join(EN_BASE)
    result = align_alignment(ru, en)
    shapes = [k.shape for k in result.sentences]
    assert shapes == ["1:1", "1:1", "1:0", "1:1", "1:1"]
    dropped = result.document.sentences()[2]
    assert dropped.target == "" and dropped.origin == "aligned" and dropped.confidence is not None
    assert _targets_in_order(result.document) == en


def test_added_sentence_is_zero_to_one_and_keeps_its_place() -> None:
    added = "This long sentence was added by the translator to explain the history of the city to foreign readers."
    ru = " ".join(RU_BASE)
    en = " ".join(EN_BASE[:2] + [added] + EN_BASE[2:])
    result = align_alignment(ru, en)
    assert [k.shape for k in result.sentences] == ["1:1", "1:1", "0:1", "1:1", "1:1"]
    sents = result.document.sentences()
    assert sents[1].target == f"{EN_BASE[1]} {added}"  # attached to the sentence before it
    assert _targets_in_order(result.document) == en


def test_added_paragraph_becomes_a_block_and_dropped_paragraph_stays_empty() -> None:
    note = "Translator's note: the figures below come from the 2021 census and the city's own statistics office."
    dropped = "Фото: архив редакции и пресс-служба городской администрации, все права защищены, перепечатка запрещена."
    ru, en = _texts([RU_BASE[:1], [dropped], RU_BASE[1:3], RU_BASE[3:]], [EN_BASE[:1], EN_BASE[1:3], [note], EN_BASE[3:]])
    result = align_alignment(ru, en)
    assert [(k.ru, k.en) for k in result.paragraphs] == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((), (2,)), ((3,), (3,))]
    blocks = result.document.blocks
    assert [b.source[:6] for b in blocks] == ["Город ", "Фото: ", "В 1812", "", "Метроп"]
    added = blocks[3]
    assert added.target == note and added.sentences[0].origin == "aligned" and added.kind == "paragraph"
    gone = blocks[1]
    assert gone.target == "" and all(s.origin == "aligned" for s in gone.sentences)
    assert _targets_in_order(result.document) == " ".join(EN_BASE[:3] + [note] + EN_BASE[3:])


def test_headings_anchor_to_headings() -> None:
    ru = "История города\n\n" + " ".join(RU_BASE[:2]) + "\n\nНаши дни\n\n" + " ".join(RU_BASE[2:])
    en = "History of the city\n\n" + " ".join(EN_BASE[:2]) + "\n\nToday\n\n" + " ".join(EN_BASE[2:])
    result = align_alignment(ru, en)
    doc = result.document
    headings = [b for b in doc.blocks if b.kind == "heading"]
    assert [h.target for h in headings] == ["History of the city", "Today"]
    assert result.shapes("paragraph") == {"1:1": 4}


def test_flagged_links_are_the_low_confidence_ones(tmp_path: Path) -> None:
    result = align_files(DATA / "dushanbe.ru.txt", DATA / "dushanbe.en.txt")
    assert result.flagged, "the gold text has ambiguous links; some must be flagged"
    assert all(k.confidence < LOW_CONFIDENCE or k.gap for k in result.flagged)
    assert all(k in result.flagged for k in result.sentences if k.gap)  # every 1:0 / 0:1, whatever its confidence
    assert [k.confidence for k in result.flagged] == sorted(k.confidence for k in result.flagged)
    # the JSON alone tells the same story: a sentence is flagged iff its link is
    flagged_ru = {i for k in result.flagged for i in k.ru}
    gap_ru = {result.ru_sentences[i] for k in result.sentences if k.gap for i in k.ru}
    assert gap_ru and all(needs_review(s) for s in result.document.sentences() if s.source in gap_ru)
    doc_flagged = {s.source for s in result.document.sentences() if needs_review(s)}
    assert {result.ru_sentences[i] for i in flagged_ru} <= doc_flagged
    # confidences survive the JSON round trip
    path = result.document.save(tmp_path / "a.json")
    from bilingual.model import Document

    again = Document.load(path)
    assert [s.confidence for s in again.sentences()] == [s.confidence for s in result.document.sentences()]


def test_wrong_guesses_get_low_confidence() -> None:
    """A dropped sentence next to an added one looks like a bad 1:1 link: it must be flagged."""
    ru = " ".join(RU_BASE[:3] + ["Короткая фраза без перевода."])
    en = " ".join(EN_BASE[:3] + ["The 2024 figures were published by Rosstat on its website rosstat.gov.ru in March."])
    result = align_alignment(ru, en)
    last = result.sentences[-1]
    assert last.flagged


def test_glossary_terms_become_anchors_and_notes(tmp_path: Path) -> None:
    from bilingual.glossary import load_glossary

    gloss = tmp_path / "g.tsv"
    gloss.write_text("source\ttarget\tnote\nАлиев\tIlham Aliyev\t\nКохи Сомон\tKokhi Somon\t\n", encoding="utf-8")
    g = load_glossary(gloss)
    doc = align_texts("Алиев приехал в Кохи Сомон. Встреча длилась час.", "Ilham Aliyev arrived at Kokhi Somon. The meeting lasted an hour.", g)
    first = doc.sentences()[0]
    assert {t.target for t in first.terms} == {"Ilham Aliyev", "Kokhi Somon"}
    assert doc.meta.glossary is not None and doc.meta.glossary.entries == 2
    assert first.issues == []


def test_source_document_is_not_changed() -> None:
    from bilingual.read import Decoded, parse_document

    ru = parse_document(Decoded(" ".join(RU_BASE), "utf-8"), source_file="x.ru.txt")
    before = ru.to_json()
    align_texts(ru, " ".join(EN_BASE))
    assert ru.to_json() == before


def test_english_abbreviations_do_not_split_sentences() -> None:
    doc = parse_translation("Mr. Smith met Dr. Jones on Oct. 9 in Kazan. They talked.")
    assert [s.source for s in doc.blocks[0].sentences] == ["Mr. Smith met Dr. Jones on Oct. 9 in Kazan.", "They talked."]


def test_refuses_a_russian_translation_and_an_empty_one(tmp_path: Path) -> None:
    ru = tmp_path / "a.ru.txt"
    ru.write_text(" ".join(RU_BASE), encoding="utf-8")
    same = tmp_path / "b.txt"
    same.write_text(" ".join(RU_BASE), encoding="utf-8")
    with pytest.raises(InputError, match="mostly Cyrillic"):
        align_files(ru, same)
    empty = tmp_path / "c.en.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError):
        align_files(ru, empty)
    with pytest.raises(InputError, match="no such file"):
        align_files(ru, tmp_path / "missing.en.txt")


def test_params_without_anchors_still_align() -> None:
    ru, en = _texts([RU_BASE[:2], RU_BASE[2:]], [EN_BASE[:2], EN_BASE[2:]])
    doc = align_texts(ru, en, params=AlignParams(anchors=False))
    assert [s.target for s in doc.sentences()] == EN_BASE


def test_english_in_a_legacy_encoding_and_markdown(tmp_path: Path) -> None:
    from bilingual.align import read_translation

    legacy = tmp_path / "a.en.txt"
    legacy.write_bytes("The café “Pushkin” opened in 1999. It serves blinis.".encode("cp1252"))
    assert [s.source for s in read_translation(legacy).blocks[0].sentences] == ["The café “Pushkin” opened in 1999.", "It serves blinis."]
    md = tmp_path / "b.en.md"
    md.write_text("# History of the city\n\n" + " ".join(EN_BASE) + "\n", encoding="utf-8")
    ru = tmp_path / "b.ru.md"
    ru.write_text("# История города\n\n" + " ".join(RU_BASE) + "\n", encoding="utf-8")
    result = align_files(ru, md)
    assert result.document.blocks[0].kind == "heading" and result.document.blocks[0].target == "History of the city"
    assert [s.target for s in result.document.blocks[1].sentences] == EN_BASE
