"""XLIFF 1.2 export/import and TMX 1.4 export: structure, states, notes, round trip, refusals."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from bilingual.errors import DocumentError, InputError
from bilingual.exchange import (
    apply_xliff,
    export_tmx,
    export_xliff,
    import_xliff,
    iter_units,
    parse_unit_id,
    unit_id,
)
from bilingual.model import Document, GlossaryIssue, TermMatch
from docfixtures import make_block, nasty_document, sample_document

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def _tree(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def _units(data: bytes) -> dict[str, etree._Element]:
    return {tu.get("id"): tu for tu in _tree(data).iterfind(".//x:trans-unit", NS)}


def _edit(data: bytes, uid: str, text: str) -> bytes:
    """Change one unit's target with lxml, as a CAT tool would."""
    root = _tree(data)
    tu = root.find(f".//x:trans-unit[@id='{uid}']", NS)
    target = tu.find("x:target", NS)
    if target is None:
        target = etree.SubElement(tu, f"{{{NS['x']}}}target")
        tu.find("x:source", NS).addnext(target)
    target.text = text
    target.set("state", "translated")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def doc() -> Document:
    d = sample_document()
    first = d.blocks[0].sentences[0]
    first.terms = [TermMatch("Владимир Путин", "Vladimir Putin", 17, 31, "Владимир Путин")]
    first.issues = [GlossaryIssue("Ильхам Алиев", "Ilham Aliyev", "«Ильхам Алиев» should be “Ilham Aliyev”")]
    return d


# --------------------------------------------------------------------------- export
def test_xliff_is_version_1_2_with_one_unit_per_sentence(doc: Document) -> None:
    data = export_xliff(doc)
    root = _tree(data)
    assert root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff" and root.get("version") == "1.2"
    files = root.findall("x:file", NS)
    assert len(files) == 1
    f = files[0]
    assert f.get("original") == "2025-10-09-putin-aliyev-dushanbe.ru.txt"
    assert (f.get("source-language"), f.get("target-language"), f.get("datatype")) == ("ru", "en", "plaintext")
    units = root.findall(".//x:trans-unit", NS)
    expected = [u for u in iter_units(doc)]
    assert [tu.get("id") for tu in units] == [u.id for u in expected]
    assert [tu.findtext("x:source", namespaces=NS) for tu in units] == [u.sentence.source for u in expected]
    assert len(units) == len(doc.sentences())
    # no stray namespace declarations left behind by the toolkit
    assert b"document:1.1" not in data


def test_xliff_ids_are_stable_across_runs_and_json(doc: Document, tmp_path: Path) -> None:
    first = export_xliff(doc)
    again = export_xliff(Document.load(doc.save(tmp_path / "d.json")))
    assert first == again  # byte for byte: deterministic
    uid = unit_id(4, 1, doc.blocks[4].sentences[1])
    assert uid.startswith("b5s2-") and parse_unit_id(uid) == (4, 1, doc.blocks[4].sentences[1].sid)
    assert parse_unit_id("b0s1") is None and parse_unit_id("x") is None


def test_xliff_states_follow_origin(doc: Document) -> None:
    units = _units(export_xliff(doc))
    by_origin = {}
    for u in iter_units(doc):
        by_origin.setdefault(u.sentence.origin or "none", units[u.id])
    machine = by_origin["machine"].find("x:target", NS)
    assert machine.get("state") == "needs-review-translation" and machine.get("state-qualifier") == "leveraged-mt"
    assert by_origin["machine"].get("approved") is None
    human = by_origin["human"]
    assert human.find("x:target", NS).get("state") == "final" and human.get("approved") == "yes"
    assert by_origin["none"].find("x:target", NS) is None  # untranslated: no target


def test_xliff_aligned_states_and_notes() -> None:
    d = sample_document()
    a, b = d.blocks[0].sentences[:2]
    a.origin, a.confidence = "aligned", 0.9
    b.origin, b.confidence = "aligned", 0.2
    c = d.blocks[0].sentences[2]
    c.origin, c.target, c.confidence = "aligned", "", 0.8
    units = _units(export_xliff(d))
    ua, ub, uc = (units[unit_id(0, i, s)] for i, s in enumerate(d.blocks[0].sentences[:3]))
    assert ua.find("x:target", NS).get("state") == "translated"
    assert ub.find("x:target", NS).get("state") == "needs-review-translation"
    assert "low confidence (0.20)" in " ".join(n.text for n in ub.findall("x:note", NS))
    assert uc.find("x:target", NS) is None
    assert "no separate English" in " ".join(n.text for n in uc.findall("x:note", NS))


def test_xliff_notes_carry_glossary_terms_issues_and_context(doc: Document) -> None:
    units = _units(export_xliff(doc))
    first = units[unit_id(0, 0, doc.blocks[0].sentences[0])]
    notes = [n.text for n in first.findall("x:note", NS)]
    assert "Paragraph, block 1, sentence 1" in notes
    assert "Glossary: «Владимир Путин» = Vladimir Putin" in notes
    assert any(n.startswith("Glossary check: «Ильхам Алиев»") for n in notes)
    credit = next(u for u in iter_units(doc) if u.sentence.role == "credit")
    assert units[credit.id].findtext("x:note", namespaces=NS).startswith("Photo credit")


def test_xliff_header_names_the_document_and_human_edits_keep_the_machine_text() -> None:
    d = sample_document()
    s = d.blocks[7].sentences[1]  # human-edited in the fixture
    s.machine_target = "The head of the Russian Federation spoke about nuances."
    root = _tree(export_xliff(d))
    header_notes = [n.text for n in root.iterfind(".//x:header/x:note", NS)]
    from bilingual.render.common import stable_identifier

    assert f"document: {stable_identifier(d)}" in header_notes
    assert root.find(".//x:header/x:tool", NS).get("tool-id") == "bilingual"
    alt = root.find(f".//x:trans-unit[@id='{unit_id(7, 1, s)}']/x:alt-trans/x:target", NS)
    assert alt is not None and alt.text == s.machine_target


def test_xliff_opens_in_translate_toolkit(doc: Document) -> None:
    from translate.storage import factory, xliff

    store = xliff.xlifffile.parsestring(export_xliff(doc))
    assert len(store.units) == len(doc.sentences())
    assert store.units[0].source == doc.blocks[0].sentences[0].source
    assert store.getsourcelanguage() == "ru" and store.gettargetlanguage() == "en"
    assert factory  # the toolkit's generic loader is importable too


def test_xml_forbidden_characters_are_dropped_not_fatal() -> None:
    d = nasty_document()
    data = export_xliff(d)
    _tree(data)  # well-formed
    assert b"AT&amp;T &lt;b&gt;" in data and b"\x00" not in data
    report = apply_xliff(d, data, name="n.xlf")  # its own export imports as "no change"
    assert report.count == 0 and report.unchanged > 0
    _tree(export_tmx(d))


# --------------------------------------------------------------------------- import
def test_round_trip_one_edit(doc: Document) -> None:
    machine = next(u for u in iter_units(doc) if u.sentence.origin == "machine")
    old = machine.sentence.target
    data = _edit(export_xliff(doc), machine.id, "  An   edited\nsentence.  ")
    report = apply_xliff(doc, data, name="e.xlf")
    assert report.count == 1
    change = report.changed[0]
    assert (change.unit_id, change.old, change.new) == (machine.id, old, "An edited sentence.")
    assert (change.block, change.sentence) == (machine.block_index + 1, machine.sentence_index + 1)
    s = machine.sentence
    assert s.target == "An edited sentence." and s.origin == "human" and s.machine_target == old
    assert report.unchanged == len(list(iter_units(doc))) - 1 - report.untranslated


def test_import_fills_an_untranslated_sentence_and_rechecks_glossary(doc: Document) -> None:
    blank = next(u for u in iter_units(doc) if not u.sentence.target)
    blank.sentence.terms = [TermMatch("Путин", "Putin", blank.sentence.start, blank.sentence.start + 5, "Путину")]
    report = apply_xliff(doc, _edit(export_xliff(doc), blank.id, "He thanked the Russian leader."), name="e.xlf")
    assert report.count == 1 and report.changed[0].old == ""
    assert blank.sentence.origin == "human" and blank.sentence.machine_target == ""
    assert report.glossary_issues == 1 and blank.sentence.issues[0].target == "Putin"


def test_import_never_erases_a_translation(doc: Document) -> None:
    machine = next(u for u in iter_units(doc) if u.sentence.origin == "machine")
    before = machine.sentence.target
    report = apply_xliff(doc, _edit(export_xliff(doc), machine.id, ""), name="e.xlf")
    assert report.count == 0 and report.kept_empty == 1 and machine.sentence.target == before


def test_import_xliff_writes_json_atomically(doc: Document, tmp_path: Path) -> None:
    path = doc.save(tmp_path / "a.json")
    unit = next(iter_units(doc))
    xlf = tmp_path / "a.xlf"
    xlf.write_bytes(_edit(export_xliff(doc), unit.id, "A new title line."))
    report = import_xliff(path, xlf)
    assert report.count == 1
    again = Document.load(path)
    assert again.blocks[0].sentences[0].target == "A new title line." and again.blocks[0].sentences[0].origin == "human"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "a.xlf"]  # no temp files left


def _refused(doc: Document, data: bytes, match: str) -> None:
    before = doc.to_json()
    with pytest.raises(DocumentError, match=match):
        apply_xliff(doc, data, name="bad.xlf")
    assert doc.to_json() == before


def test_refuses_unknown_ids(doc: Document) -> None:
    data = export_xliff(doc)
    unit = next(iter_units(doc))
    edited = _edit(data, unit.id, "Changed.").replace(unit.id.encode(), b"b99s1-0123456789ab")
    _refused(doc, edited, "unit id")


def test_refuses_another_documents_file(doc: Document) -> None:
    other = copy.deepcopy(doc)
    other.meta.identifier = "urn:uuid:00000000-0000-5000-8000-000000000000"
    _refused(doc, export_xliff(other), "another document")


def test_refuses_another_file_name_when_the_header_is_gone(doc: Document) -> None:
    root = _tree(export_xliff(doc))
    header = root.find(".//x:header", NS)
    header.getparent().remove(header)
    root.find("x:file", NS).set("original", "some-other-article.ru.txt")
    _refused(doc, etree.tostring(root), "some-other-article")


def test_refuses_changed_source_and_duplicate_ids(doc: Document) -> None:
    data = export_xliff(doc)
    unit = next(iter_units(doc))
    root = _tree(data)
    root.find(f".//x:trans-unit[@id='{unit.id}']/x:source", NS).text = "Другой текст."
    _refused(doc, etree.tostring(root), "source")
    root = _tree(data)
    body = root.find(".//x:body", NS)
    body.append(copy.deepcopy(body[0]))
    _refused(doc, etree.tostring(root), "repeats")


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "empty"),
        (b"<xliff><file>", "not well-formed"),
        (b"<?xml version='1.0'?><root/>", "XLIFF"),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ru">'
            b'<file id="f"><unit id="u"><segment><source>a</source></segment></unit></file></xliff>',
            "XLIFF",
        ),
    ],
)
def test_refuses_malformed_files(doc: Document, data: bytes, match: str) -> None:
    _refused(doc, data, match)


def test_import_xliff_missing_file(doc: Document, tmp_path: Path) -> None:
    path = doc.save(tmp_path / "a.json")
    with pytest.raises(InputError, match="no such file"):
        import_xliff(path, tmp_path / "missing.xlf")


# --------------------------------------------------------------------------- TMX
def _tus(data: bytes) -> list[etree._Element]:
    return _tree(data).findall(".//tu")


def test_tmx_pairs_with_origin_and_header(doc: Document) -> None:
    data = export_tmx(doc)
    root = _tree(data)
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("srclang") == "ru" and header.get("creationtool") == "bilingual"
    assert header.get("creationdate") == "20251010T083000Z"
    tus = _tus(data)
    translated = [u for u in iter_units(doc) if u.sentence.target]
    assert [tu.get("tuid") for tu in tus] == [u.id for u in translated]
    first = tus[0]
    assert first.find("prop").get("type") == "x-origin" and first.find("prop").text == "machine"
    segs = [(tuv.get("{http://www.w3.org/XML/1998/namespace}lang"), tuv.findtext("seg")) for tuv in first.findall("tuv")]
    assert segs == [("ru", translated[0].sentence.source), ("en", translated[0].sentence.target)]


def test_tmx_reviewed_only_and_translate_toolkit_reads_it(doc: Document) -> None:
    from translate.storage import tmx

    data = export_tmx(doc, reviewed_only=True)
    tus = _tus(data)
    assert len(tus) == 1 and tus[0].find("prop").text == "human"
    store = tmx.tmxfile.parsestring(export_tmx(doc))
    assert len(store.units) == len([u for u in iter_units(doc) if u.sentence.target])


def test_tmx_pairs_a_merged_block_as_a_whole() -> None:
    d = sample_document()
    block = make_block(
        "paragraph",
        [("Первая фраза.", "The first and the second sentence, merged."), ("Вторая фраза.", "")],
        origins=["aligned", "aligned"],
    )
    d.blocks.insert(1, block)
    tus = _tus(export_tmx(d))
    whole = [tu for tu in tus if tu.get("segtype") == "paragraph"]
    assert len(whole) == 1 and whole[0].get("tuid") == "b2"
    assert [tuv.findtext("seg") for tuv in whole[0].findall("tuv")] == [block.source, "The first and the second sentence, merged."]


def test_xliff_element_order_follows_the_1_2_schema() -> None:
    """trans-unit: source, target?, then notes / alt-trans; header before body; a declared tool."""
    import re

    d = sample_document()
    d.blocks[7].sentences[1].machine_target = "The machine text."
    root = _tree(export_xliff(d))
    f = root.find("x:file", NS)
    assert [etree.QName(c).localname for c in f] == ["header", "body"]
    assert {etree.QName(c).localname for c in f.find("x:header", NS)} <= {"tool", "note"}
    assert f.get("tool-id") == f.find("x:header/x:tool", NS).get("tool-id")
    for tu in root.iterfind(".//x:trans-unit", NS):
        names = " ".join(etree.QName(c).localname for c in tu)
        assert re.fullmatch(r"source( target)?( (note|alt-trans))*", names), names
        assert tu.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
        target = tu.find("x:target", NS)
        if target is not None:
            assert target.get("state") in {"final", "translated", "needs-review-translation"}
