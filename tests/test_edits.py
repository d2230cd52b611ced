"""carry_over: an editor's work survives a second translate run."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from bilingual.edits import carry_over, match_sentences
from bilingual.model import Block, Document, Metadata, ModelInfo, Sentence
from docfixtures import make_block, sample_document


def _fresh(doc: Document) -> Document:
    """The same article as read again: no translations, no origins."""
    new = copy.deepcopy(doc)
    for s in new.sentences():
        s.target, s.origin, s.machine_target, s.confidence = "", "", "", None
    for b in new.blocks:
        b.target_override = None
    return new


def _human(doc: Document) -> list[Sentence]:
    return [s for s in doc.sentences() if s.origin == "human"]


def test_unchanged_article_keeps_everything() -> None:
    old = sample_document()
    new = _fresh(old)
    report = carry_over(old, new)
    assert report.kept == len(_human(old)) == 1
    assert [(s.target, s.origin) for s in new.sentences()] == [(s.target, s.origin) for s in old.sentences()]
    assert report.kept_machine == sum(1 for s in old.sentences() if s.origin == "machine" and s.target)
    assert report.to_translate == 1  # the fixture's one untranslated sentence
    assert not report.orphans
    assert "1 human edit(s) kept" in report.summary()


def test_human_edit_survives_added_and_removed_paragraphs() -> None:
    old = sample_document()
    edited = _human(old)[0]
    new = _fresh(old)
    new.blocks.insert(0, make_block("paragraph", [("Совсем новый абзац в начале статьи.", "")]))
    del new.blocks[3]  # a paragraph the author removed
    new.blocks.append(make_block("paragraph", [("И ещё один в конце.", "")]))
    report = carry_over(old, new)
    kept = [s for s in new.sentences() if s.origin == "human"]
    assert report.kept == 1 and len(kept) == 1
    assert kept[0].source == edited.source and kept[0].target == edited.target
    assert kept[0].machine_target == edited.machine_target
    assert new.blocks[0].sentences[0].target == ""  # new text goes to the engine


def test_changed_source_sentence_orphans_the_edit_and_says_so() -> None:
    old = sample_document()
    edited = _human(old)[0]
    new = _fresh(old)
    for s in new.sentences():
        if s.source == edited.source:
            s.source = s.source.replace("нюансы", "разногласия")
    report = carry_over(old, new)
    assert report.kept == 0 and len(report.orphans) == 1
    orphan = report.orphans[0]
    assert orphan.source == edited.source and orphan.target == edited.target
    assert "разногласия" in orphan.closest and orphan.similarity > 0.8
    assert not any(s.origin == "human" for s in new.sentences())
    assert "not applied" in report.summary()


def test_machine_output_is_reused_only_for_the_same_engine_input() -> None:
    old = sample_document()
    new = _fresh(old)
    first = new.blocks[0].sentences[0]
    first.engine_source = first.source.replace("Владимир Путин", "Vladimir Putin")  # the glossary changed
    new.meta.model = ModelInfo(name=old.meta.model.name, version=old.meta.model.version)
    report = carry_over(old, new)
    assert first.target == "" and first.origin == ""
    assert new.blocks[0].sentences[1].origin == "machine"
    assert report.kept == 1  # the human edit does not care

    newer = _fresh(old)
    newer.meta.model = ModelInfo(name="translate-ru_en", version="2.0")  # another model
    carry_over(old, newer)
    assert not any(s.origin == "machine" for s in newer.sentences())
    assert any(s.origin == "human" for s in newer.sentences())

    no_machine = _fresh(old)
    report = carry_over(old, no_machine, keep_machine=False)
    assert report.kept_machine == 0 and report.kept == 1


def test_aligned_sentences_and_block_translations_are_kept() -> None:
    old = sample_document()
    s = old.blocks[0].sentences[0]
    s.origin, s.confidence = "aligned", 0.42
    old.blocks[2].target_override = "A block-level translation."
    new = _fresh(old)
    report = carry_over(old, new)
    assert new.blocks[0].sentences[0].origin == "aligned" and new.blocks[0].sentences[0].confidence == 0.42
    assert new.blocks[2].target_override == "A block-level translation." and report.blocks_kept == 1
    assert report.kept_aligned == 1


def test_repeated_sentences_match_by_position() -> None:
    def doc(targets: list[str], origins: list[str]) -> Document:
        pairs = [("Да.", t) for t in targets]
        return Document(Metadata(), [make_block("paragraph", pairs, origins=origins)])

    old = doc(["Yes.", "Indeed.", "Yes!"], ["machine", "human", "machine"])
    new = doc(["", "", ""], ["", "", ""])
    carry_over(old, new)
    assert [s.target for s in new.sentences()] == ["Yes.", "Indeed.", "Yes!"]
    assert match_sentences(old.sentences(), new.sentences()) == [(0, 0), (1, 1), (2, 2)]


def test_moved_paragraph_keeps_its_edit() -> None:
    old = sample_document()
    edited = _human(old)[0]
    new = _fresh(old)
    moved = next(b for b in new.blocks if any(s.source == edited.source for s in b.sentences))
    new.blocks.remove(moved)
    new.blocks.insert(0, moved)
    report = carry_over(old, new)
    assert report.kept == 1 and new.blocks[0].sentences[1].target == edited.target


SENTENCES = [f"Предложение номер {i}." for i in range(30)]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=15),
    st.data(),
)
def test_every_surviving_edit_is_kept_and_nothing_lands_on_other_text(sources: list[str], data) -> None:  # type: ignore[no-untyped-def]
    origins = data.draw(st.lists(st.sampled_from(["human", "machine", ""]), min_size=len(sources), max_size=len(sources)))
    old_pairs = [(src, f"EN {i} {src}" if o else "") for i, (src, o) in enumerate(zip(sources, origins))]
    old = Document(Metadata(), [make_block("paragraph", [p], origins=[o]) for p, o in zip(old_pairs, origins)])
    # the new version: some sentences deleted, some new ones inserted, order otherwise kept
    keep = data.draw(st.lists(st.booleans(), min_size=len(sources), max_size=len(sources)))
    new_sources = []
    for src, k in zip(sources, keep):
        if data.draw(st.booleans()):
            new_sources.append(data.draw(st.sampled_from(SENTENCES)))
        if k:
            new_sources.append(src)
    new_sources = new_sources or ["Пусто."]
    new = Document(Metadata(), [Block("paragraph", src, [Sentence(0, len(src), src)]) for src in new_sources])
    report = carry_over(old, new)
    old_sents, new_sents = old.sentences(), new.sentences()
    # every carried translation sits on a sentence with the very same Russian
    for s in new_sents:
        if s.target:
            assert any(o.source == s.source and o.target == s.target and o.origin == s.origin for o in old_sents)
    # every human edit is either kept or reported, never silently lost
    human = [o for o in old_sents if o.origin == "human"]
    kept = [s for s in new_sents if s.origin == "human"]
    assert report.kept == len(kept)
    assert len(kept) + len(report.orphans) == len(human)
    # an edit whose sentence survived (same text, not displaced by a duplicate) is kept
    surviving = [o for o in human if sum(1 for s in new_sents if s.source == o.source) >= sum(1 for x in old_sents if x.source == o.source)]
    assert len(kept) >= len(surviving)


def test_orphans_can_be_saved(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from bilingual.edits import write_orphans

    old = sample_document()
    new = _fresh(old)
    for s in new.sentences():
        if s.origin == "" and s.source.endswith("«несмотря на нюансы»."):
            s.source = "Глава РФ говорил о связях Москвы и Баку."
    report = carry_over(old, new)
    path = write_orphans(report.orphans, tmp_path / "orphans.json")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert [o["target"] for o in saved] == [s.target for s in _human(old)]
