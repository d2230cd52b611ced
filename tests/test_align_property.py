"""Property: whatever the segmentation, the alignment loses, duplicates and reorders nothing.

Random Russian sentences and random "translations" (dropped, merged, split and added
sentences, each side cut into paragraphs independently, or left as one long paragraph) go
through the aligner; then every Russian sentence is in the document exactly once, in order,
every English sentence is in the targets exactly once, in order, and the links partition both
sides in order.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingual.align import align_alignment

RU_WORDS = (
    "город река дом улица мост школа музей книга карта поезд остров берег лес поле дорога "
    "вечер утро письмо газета рынок площадь сад окно дверь стол зима лето весна осень"
).split()
EN_WORDS = (
    "city river house street bridge school museum book map train island shore forest field road "
    "evening morning letter paper market square garden window door table winter summer spring autumn"
).split()


@st.composite
def texts(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(min_value=1, max_value=40))
    ru, en = [], []
    for _ in range(n):
        words = draw(st.lists(st.sampled_from(RU_WORDS), min_size=2, max_size=12))
        ru.append(" ".join(words).capitalize() + ".")
        op = draw(st.sampled_from(["keep", "keep", "keep", "drop", "split", "merge", "add"]))
        en_words = draw(st.lists(st.sampled_from(EN_WORDS), min_size=2, max_size=14))
        sentence = " ".join(en_words).capitalize() + "."
        if op == "drop":
            continue
        if op == "merge" and en:
            en[-1] = en[-1][:-1] + " and " + sentence[0].lower() + sentence[1:]
            continue
        en.append(sentence)
        if op in ("split", "add"):
            extra = draw(st.lists(st.sampled_from(EN_WORDS), min_size=2, max_size=14))
            en.append(" ".join(extra).capitalize() + ".")
    if not en:
        en.append("Nothing survived the edit.")
    ru_cuts = draw(st.lists(st.booleans() if draw(st.booleans()) else st.just(False), min_size=len(ru) - 1, max_size=len(ru) - 1))
    en_cuts = draw(st.lists(st.booleans() if draw(st.booleans()) else st.just(False), min_size=len(en) - 1, max_size=len(en) - 1))
    return _join(ru, ru_cuts), _join(en, en_cuts)


def _join(sentences: list[str], cuts: list[bool]) -> str:
    out = sentences[0]
    for cut, s in zip(cuts, sentences[1:]):
        out += ("\n\n" if cut else " ") + s
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_every_sentence_once_in_order(pair: tuple[str, str]) -> None:
    ru, en = pair
    result = align_alignment(ru, en)
    doc = result.document
    # Russian: the document's sentences are the source's, in order, none added or lost
    assert [s.source for b in doc.blocks for s in b.sentences if s.source] == result.ru_sentences
    assert " ".join(result.ru_sentences).split() == ru.split()
    # English: the targets, read in document order, are the translation, in order
    targets = [s.target for b in doc.blocks for s in b.sentences if s.target]
    assert " ".join(targets) == " ".join(result.en_sentences)
    assert " ".join(result.en_sentences).split() == en.split()
    # links partition both sides, in order; confidences are probabilities
    assert [i for k in result.sentences for i in k.ru] == list(range(len(result.ru_sentences)))
    assert [j for k in result.sentences for j in k.en] == list(range(len(result.en_sentences)))
    assert all(0.0 <= k.confidence <= 1.0 for k in result.sentences)
    assert all(s.origin == "aligned" and 0.0 <= (s.confidence or 0.0) <= 1.0 for s in doc.sentences())
    # paragraph links partition blocks and paragraphs too
    assert sorted(i for k in result.paragraphs for i in k.ru) == list(range(len([b for b in doc.blocks if b.source])))
    assert sorted(j for k in result.paragraphs for j in k.en) == list(range(len(result.en_paragraphs)))
