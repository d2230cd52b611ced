"""scan and suggest on the sample article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bilingual.glossary import Glossary, load_glossary, scan_document, suggest_terms
from bilingual.model import Block, Document, Metadata, Sentence

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "2025-10-09-putin-aliyev-dushanbe.ru.txt"
PROJECT_GLOSSARY = ROOT / "glossary" / "ru-en.tsv"


@pytest.fixture(scope="module")
def sample() -> Document:
    from bilingual.read import read_document

    return read_document(SAMPLE)


def one_block(text: str) -> Document:
    return Document(meta=Metadata(), blocks=[Block("paragraph", text, [Sentence(0, len(text), text)])])


def test_scan_sample_shape_and_offsets(sample: Document) -> None:
    g = load_glossary(PROJECT_GLOSSARY)
    found = scan_document(sample, g)
    data = json.loads(json.dumps([e.to_dict() for e in found], ensure_ascii=False))
    assert all(set(d) == {"source", "target", "matches"} for d in data)
    assert all(set(m) == {"block", "start", "end", "text"} for d in data for m in d["matches"])
    for d in data:
        for m in d["matches"]:
            assert sample.blocks[m["block"]].source[m["start"] : m["end"]] == m["text"]
    by_source = {d["source"]: d for d in data}
    putin = by_source["Владимир Путин"]
    assert putin["target"] == "Vladimir Putin"
    assert [m["block"] for m in putin["matches"]] == [0, 8, 18]
    assert {m["text"] for m in by_source["Путин"]["matches"]} == {"Путин", "Путина", "Путину", "Путиным"}
    assert {m["text"] for m in by_source["Махачкала"]["matches"]} == {"Махачкалы"}
    assert by_source["Светлана Журова"]["matches"][0]["text"] == "Светлана Журова"
    # order of first appearance in the article
    firsts = [(d["matches"][0]["block"], d["matches"][0]["start"]) for d in data]
    assert firsts == sorted(firsts)
    # every entry found in the sample except those it does not use
    unused = {e.source for e in g} - set(by_source)
    assert unused == {"Российская Федерация", "Содружество Независимых Государств", "Азербайджанские авиалинии",
                      "межправительственная комиссия", "Государственная дума", "Журова", "Вассерман", "Будуев"}


def test_suggest_on_the_sample_with_an_empty_glossary(sample: Document) -> None:
    sugg = {s.source: s for s in suggest_terms(sample, Glossary.from_entries([]))}
    assert sugg["Путин"].target == "Putin" and sugg["Путин"].kind == "person" and sugg["Путин"].count >= 10
    assert {"Путина", "Путину"} <= set(sugg["Путин"].forms)
    assert sugg["Алиев"].target == "Aliyev"
    assert sugg["Светлана Журова"].target == "Svetlana Zhurova"
    assert sugg["Журова"].kind == "person"  # the feminine form, chosen by the first name's gender
    assert sugg["Владимир Путин"].count == 3
    assert sugg["Махачкала"].kind == "place" and sugg["Махачкала"].forms == ["Махачкалы"]
    assert sugg["Госдума"].kind == "org"
    assert sugg["Кохи Сомон"].target == "Kokhi Somon"
    assert sugg["БПЛА"].kind == "acronym" and "translate" in sugg["БПЛА"].note()
    assert sugg["NEWS.ru"].target == "NEWS.ru" and "NEWS" not in sugg
    for common in ("Встреча", "Глава", "Как", "Президент", "Российский", "Азербайджанский", "Депутат", "Наши", "Фото"):
        assert common not in sugg, common
    # most frequent first; each line is a pasteable TSV row
    counts = [s.count for s in sugg.values()]
    assert counts == sorted(counts, reverse=True)
    assert all(len(s.tsv().split("\t")) == 3 for s in sugg.values())


def test_suggest_on_the_sample_with_the_curated_glossary_finds_nothing_missing(sample: Document) -> None:
    assert suggest_terms(sample, load_glossary(PROJECT_GLOSSARY)) == []


def test_suggest_skips_what_the_glossary_has_and_keeps_the_rest() -> None:
    g = Glossary.from_entries([("Путин", "Putin")])
    doc = one_block("Вчера Путин встретился с Касым-Жомартом Токаевым и Марией Захаровой в Астане.")
    sugg = {s.source: s for s in suggest_terms(doc, g)}
    assert "Путин" not in sugg
    assert sugg["Касым-Жомарт Токаев"].kind == "person"
    assert sugg["Мария Захарова"].target == "Mariya Zakharova"
    assert sugg["Захарова"].count == 1
    assert "Астана" in sugg and sugg["Астана"].kind == "place"
    assert "Вчера" not in sugg


def test_suggestion_entry_for_add() -> None:
    doc = one_block("Встреча прошла в Астане.")
    (s,) = suggest_terms(doc, Glossary.from_entries([]))
    entry = s.entry(with_kind=True)
    assert (entry.source, entry.target, entry.extra) == ("Астана", "Astana", {"kind": "place"})
    assert "iuliia Wikipedia" in entry.note
