"""Enforcing terms: engine source with inlined targets, the QA check, and the sample end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bilingual.glossary import Glossary, apply_glossary, check_document, load_glossary, target_present
from bilingual.model import Block, Document, Metadata, Sentence

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "2025-10-09-putin-aliyev-dushanbe.ru.txt"
PROJECT_GLOSSARY = ROOT / "glossary" / "ru-en.tsv"


def make_doc(*paragraphs: list[str]) -> Document:
    """A document by hand: each paragraph is a list of sentences joined by one space."""
    blocks = []
    for sentences in paragraphs:
        source = " ".join(sentences)
        block, pos = Block(kind="paragraph", source=source), 0
        for text in sentences:
            start = source.index(text, pos)
            block.sentences.append(Sentence(start=start, end=start + len(text), source=text))
            pos = start + len(text)
        blocks.append(block)
    return Document(meta=Metadata(), blocks=blocks)


@pytest.fixture(scope="module")
def g() -> Glossary:
    return Glossary.from_entries(
        [("Владимир Путин", "Vladimir Putin"), ("Путин", "Putin"), ("Алиев", "Aliyev"), ("ПВО", "air defence"),
         ("Госдума", "State Duma"), ("Академия наук", "Academy of Sciences"), ("Север — Юг", "North–South")],
        path=Path("glossary/test.tsv"),
    )


def test_apply_sets_terms_engine_source_and_metadata(g: Glossary) -> None:
    doc = make_doc(["Погода хорошая.", "Встреча Путина и Алиева прошла в Госдуме."], ["Путин сказал: «Системы ПВО сработали»."])
    apply_glossary(doc, g)
    first, second = doc.blocks[0].sentences
    assert first.terms == [] and first.engine_source == first.source
    assert second.engine_source == "Встреча Putin и Aliyev прошла в State Duma."
    block = doc.blocks[0]
    for t in second.terms:  # offsets index the block's source
        assert block.source[t.start : t.end] == t.text
    assert [(t.source, t.text) for t in second.terms] == [("Путин", "Путина"), ("Алиев", "Алиева"), ("Госдума", "Госдуме")]
    third = doc.blocks[1].sentences[0]
    # a term at sentence start keeps the target's own casing
    assert third.engine_source == "Putin сказал: «Системы air defence сработали»."
    assert doc.meta.glossary is not None
    assert doc.meta.glossary.entries == len(g) and doc.meta.glossary.path == "glossary/test.tsv"
    assert doc.meta.glossary.sha256 == g.sha256


def test_apply_is_idempotent_and_clears_stale_issues(g: Glossary) -> None:
    doc = make_doc(["Путин приехал."])
    apply_glossary(doc, g)
    s = doc.blocks[0].sentences[0]
    s.target = "Poutine arrived."
    assert check_document(doc) == 1
    apply_glossary(doc, g)
    assert s.issues == [] and s.engine_source == "Putin приехал."


@pytest.mark.parametrize(
    ("target", "english", "ok"),
    [
        ("Putin", "Putin said", True),
        ("Putin", "It was Putin's idea", True),
        ("Putin", "the Putins' house", True),
        ("Putin", "Putin’s view", True),
        ("Putin", "Putinism", False),
        ("Putin", "Poutine said", False),
        ("UAV", "two UAVs were hit", True),
        ("air defence", "Air defence systems fired", True),
        ("air defence", "air defense systems", False),
        ("State Duma", "the State  Duma deputy", True),
        ("State Duma", "the state Duma", False),
        ("North–South", "the North-South corridor", True),
        ("Academy of Sciences", "both Academies of Sciences", False),
        ("Academy", "both Academies met", True),
        ("NEWS.ru", "told NEWS.ru.", True),
        ("NEWS.ru", "told NEWSxru", False),
    ],
)
def test_target_present(target: str, english: str, ok: bool) -> None:
    assert target_present(target, english) is ok


def test_check_document_records_issues(g: Glossary) -> None:
    doc = make_doc(["Путин и Алиев встретились.", "Путин сказал.", "Погода хорошая."], ["Алиев уехал."])
    apply_glossary(doc, g)
    a, b, c = doc.blocks[0].sentences
    a.target, b.target, c.target = "Putin's and Aliev met.", "Putin said.", "Fine weather."
    # the last block is not translated yet: skipped, not a violation
    assert check_document(doc) == 1
    assert [(i.source, i.target) for i in a.issues] == [("Алиев", "Aliyev")]
    assert "«Алиев»" in a.issues[0].message and "Aliyev" in a.issues[0].message
    assert b.issues == [] and c.issues == []
    # issues survive the JSON round trip
    again = Document.from_json(doc.to_json())
    assert again.blocks[0].sentences[0].issues == a.issues
    assert again.blocks[0].sentences[0].terms == a.terms


def test_repeated_term_is_one_issue(g: Glossary) -> None:
    doc = make_doc(["Путин, Путина и Путину."])
    apply_glossary(doc, g)
    doc.blocks[0].sentences[0].target = "Poutine."
    assert check_document(doc) == 1


# ---------------------------------------------------------------- the sample, end to end
def copy_through_engine(text: str) -> str:
    """Test double of the tiny model's relevant behaviour: Latin text passes through untouched,
    and so does every Russian word it does not know (here: all of them)."""
    return text


def translate_sample(engine) -> Document:  # type: ignore[no-untyped-def]
    from bilingual.read import read_document

    doc = read_document(SAMPLE)
    apply_glossary(doc, load_glossary(PROJECT_GLOSSARY))
    for s in doc.sentences():
        s.target, s.origin = engine(s.engine_source), "machine"
    return doc


def test_sample_has_zero_violations_and_only_curated_names() -> None:
    doc = translate_sample(copy_through_engine)
    assert check_document(doc) == 0
    english = " ".join(b.target for b in doc.blocks)
    for name in ("Vladimir Putin", "Ilham Aliyev", "Dushanbe", "State Duma", "Kohi Somon", "Makhachkala", "Svetlana Zhurova",
                 "Anatoly Wasserman", "Nikolai Buduev", "UAV", "air defence", "North–South", "CIS", "Aktau", "Kazakhstan",
                 "Caspian region", "Russian-Azerbaijani intergovernmental commission", "AZAL", "NEWS.ru", "president.az",
                 "State Duma Committee on International Affairs", "Moscow", "Baku", "Tajikistan", "Ukraine"):
        assert name in english, name
    # no Russian form of a curated term is left for the engine to render its own way:
    # the only glossary terms the English still contains are those kept as written (NEWS.ru, AZAL…)
    g = load_glossary(PROJECT_GLOSSARY)
    leftovers = {m.source for m in g.find(english)}
    assert all(g.get(src).source == g.get(src).target for src in leftovers), leftovers
    assert not re.search(r"\b(Путин|Алиев|Душанбе|Госдум|Махачкал|Журов|Вассерман|Будуев)", english)


def test_sample_mistranslations_are_reported() -> None:
    def bad_engine(text: str) -> str:
        return text.replace("Aliyev", "Aliev").replace("air defence", "air defense")

    doc = translate_sample(bad_engine)
    count = check_document(doc)
    issues = [i for s in doc.sentences() for i in s.issues]
    assert count == len(issues) > 0
    assert {i.target for i in issues} == {"Aliyev", "Ilham Aliyev", "air defence"}


def test_accept_column_takes_a_natural_rendering_but_not_a_wrong_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bilingual.glossary import apply_glossary, check_document, load_glossary
    from bilingual.read import decode, parse_document

    path = tmp_path / "g.tsv"
    path.write_text("source\ttarget\tnote\tkind\tmatch\tforms\taccept\nРоссия\tRussia\t\tplace\t\t\tRussian\nПутин\tPutin\n", encoding="utf-8")
    glossary = load_glossary(path)
    doc = parse_document(decode("Президент России Путин выступил. Президент России Путин уехал.".encode()), source_file="a.txt")
    apply_glossary(doc, glossary)
    first, second = doc.blocks[0].sentences
    assert [t.accept for t in first.terms] == [["Russian"], []]
    first.target = "The Russian President Putin spoke."  # the adjective: accepted
    second.target = "The Rossiyan President Putin left."  # neither Russia nor Russian: a violation
    assert check_document(doc) == 1
    assert first.issues == [] and [i.target for i in second.issues] == ["Russia"]
