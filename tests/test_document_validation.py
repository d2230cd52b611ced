"""Loading a hand-edited JSON document: every bad value is one DocumentError line naming its field.

Unit tests take a valid document's JSON (the sample article, the hand-built book), break one
value the way an editor might (a string offset, a deleted key, an unknown kind, a null list,
an offset past the text…) and check the exact field named. The property test mutates the JSON
at random (other types, deleted and added keys, deep nesting, NaN, huge numbers, surrogates) and
runs ``render``, ``export``, ``import`` and ``glossary check`` on it through the CLI: each exits
0, 1 (violations, ``check`` only) or 2 with one line, never a traceback.
"""

from __future__ import annotations

import copy
import json
import math
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.errors import DocumentError
from bilingual.model import BLOCK_KINDS, Document
from bilingual.pipeline import write_images
from bookdocs import book_document
from docfixtures import nasty_document, sample_document

REPO = Path(__file__).resolve().parent.parent
V1_SAMPLE = REPO / "tests" / "data" / "schema" / "v1-sample.json"
GLOSSARY = REPO / "glossary" / "ru-en.tsv"
runner = CliRunner()


def _sample() -> dict[str, Any]:
    return json.loads(sample_document().to_json())


def _book() -> dict[str, Any]:
    return json.loads(book_document().to_json())


def _error(data: Any) -> str:
    with pytest.raises(DocumentError) as info:
        Document.from_dict(data)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message
    return message


def _block_with(data: dict[str, Any], key: str) -> int:
    return next(i for i, b in enumerate(data["blocks"]) if b[key])


# --------------------------------------------------------------------------- valid documents
@pytest.mark.parametrize("make", [sample_document, book_document])
def test_valid_documents_round_trip(make) -> None:  # type: ignore[no-untyped-def]
    doc = make()
    again = Document.from_json(doc.to_json())
    assert again == doc
    assert again.to_json() == doc.to_json()


def test_markup_and_control_characters_load_but_a_lone_surrogate_does_not() -> None:
    text = nasty_document().to_json()  # NUL, U+FFFE, "<&>", "]]>" in every text, and a lone surrogate
    with pytest.raises(DocumentError, match=r"^meta\.title: holds a lone surrogate \\ud800 at character 28"):
        Document.from_json(text)
    clean = text.replace("\ud800", "?")  # the same length: offsets still hold
    assert Document.from_json(clean).to_json() == clean


def test_schema_1_sample_loads_and_upgrades() -> None:
    data = json.loads(V1_SAMPLE.read_text(encoding="utf-8"))
    assert data["schema"] == 1 and "chapters" not in data
    doc = Document.load(V1_SAMPLE)
    assert len(doc.blocks) == len(data["blocks"])
    assert [c.title for c in doc.chapters] == [data["meta"]["title"]]
    assert all(b.chapter == 0 and b.marks == [] for b in doc.blocks)
    assert doc.blocks[0].sentences[0].terms[0].accept == ["Russian"]
    assert Document.from_json(doc.to_json()).to_dict()["schema"] == 2


def test_nulls_where_the_model_allows_them() -> None:
    data = _sample()
    data["meta"].update(date=None, model=None, glossary=None)
    data["blocks"][0]["target_override"] = "Whole paragraph."
    data["blocks"][0]["sentences"][0]["confidence"] = 1
    data["blocks"][0]["sentences"][1]["confidence"] = 0.25
    doc = Document.from_dict(data)
    assert doc.meta.date is None and doc.meta.glossary is None and doc.meta.model.name == ""
    assert doc.blocks[0].target == "Whole paragraph."
    assert [s.confidence for s in doc.blocks[0].sentences[:2]] == [1.0, 0.25]


def test_missing_optional_keys_take_their_defaults() -> None:
    data = _sample()
    for key in ("level", "start", "marks", "chapter", "note_id", "image", "target_override"):
        del data["blocks"][1][key]
    for key in ("target", "origin", "role", "terms", "issues", "confidence", "machine_target", "engine_source"):
        del data["blocks"][0]["sentences"][0][key]
    doc = Document.from_dict(data)
    assert doc.blocks[1].level == 0 and doc.blocks[1].marks == []
    s = doc.blocks[0].sentences[0]
    assert (s.target, s.origin, s.role, s.confidence) == ("", "", "text", None)


# --------------------------------------------------------------------------- typical edits gone wrong
def test_a_string_offset() -> None:
    data = _sample()
    data["blocks"][3]["sentences"][1]["start"] = "7"
    assert _error(data) == 'blocks[3].sentences[1].start: expected a whole number, got "7"'


@pytest.mark.parametrize("value, shown", [(7.0, "7.0"), (True, "true"), (None, "null"), ([7], "a list"), ({}, "an object")])
def test_offsets_are_whole_numbers(value: Any, shown: str) -> None:
    data = _sample()
    data["blocks"][0]["sentences"][0]["end"] = value
    assert _error(data) == f"blocks[0].sentences[0].end: expected a whole number, got {shown}"


def test_a_missing_key() -> None:
    data = _sample()
    del data["blocks"][2]["source"]
    assert _error(data) == "blocks[2].source: missing"
    data = _sample()
    del data["blocks"][2]["sentences"][0]["start"]
    assert _error(data) == "blocks[2].sentences[0].start: missing"
    data = _sample()
    del data["meta"]
    assert _error(data) == "meta: missing"


def test_an_unknown_block_kind() -> None:
    data = _sample()
    data["blocks"][1]["kind"] = "Heading"
    message = _error(data)
    assert message.startswith('blocks[1].kind: unknown value "Heading"; expected one of "heading", "paragraph"')
    assert all(f'"{kind}"' in message for kind in BLOCK_KINDS)


def test_unknown_mark_kind_origin_and_role() -> None:
    data = _book()
    b = _block_with(data, "marks")
    data["blocks"][b]["marks"][0]["kind"] = "blink"
    assert _error(data).startswith(f'blocks[{b}].marks[0].kind: unknown value "blink"; expected one of "em"')
    data = _sample()
    data["blocks"][7]["sentences"][1]["origin"] = "Human"  # a typo must not let a machine run overwrite the edit
    assert _error(data).startswith('blocks[7].sentences[1].origin: unknown value "Human"; expected one of ""')
    data = _sample()
    data["blocks"][5]["sentences"][1]["role"] = "photo"
    assert _error(data).startswith('blocks[5].sentences[1].role: unknown value "photo"')


def test_a_null_where_a_list_goes() -> None:
    data = _sample()
    data["blocks"][0]["sentences"] = None
    assert _error(data) == "blocks[0].sentences: expected a list, got null"
    data = _sample()
    data["blocks"] = {"0": data["blocks"][0]}
    assert _error(data) == "blocks: expected a list, got an object"
    data = _sample()
    data["meta"]["authors"] = "Иван Петров"
    assert _error(data) == 'meta.authors: expected a list, got "Иван Петров"'


def test_an_item_that_is_no_object() -> None:
    data = _sample()
    data["blocks"][4]["sentences"][1] = "Я верю"
    assert _error(data) == 'blocks[4].sentences[1]: expected an object, got "Я верю"'
    data = _book()
    data["chapters"][1] = None
    assert _error(data) == "chapters[1]: expected an object, got null"


def test_a_sentence_out_of_range() -> None:
    data = _sample()
    size = len(data["blocks"][0]["source"])
    data["blocks"][0]["sentences"][2]["end"] = size + 1
    assert _error(data) == f"blocks[0].sentences[2].end: {size + 1} is past the end of the block's source ({size} characters)"
    data = _sample()
    data["blocks"][0]["sentences"][0]["start"] = -1
    assert _error(data) == "blocks[0].sentences[0].start: must be 0 or more, got -1"
    data = _sample()
    data["blocks"][0]["sentences"][0].update(start=50, end=40)
    assert _error(data) == "blocks[0].sentences[0].end: 40 is before its start (50)"


def test_sentences_hold_their_blocks_text_in_order() -> None:
    data = _sample()
    data["blocks"][0]["sentences"][1]["source"] = "Переговоры в столице."
    message = _error(data)
    assert message.startswith('blocks[0].sentences[1].source: is not the block\'s source[99:239] ("Переговоры в столице Таджикистана')
    data = _sample()
    first, second = data["blocks"][0]["sentences"][:2]
    second.update(start=first["start"], end=first["end"], source=first["source"])
    assert _error(data).startswith("blocks[0].sentences[1].start: 0 overlaps the sentence before (it ends at 98)")


def test_mark_and_term_offsets_stay_within_the_block() -> None:
    data = _book()
    b = _block_with(data, "marks")
    data["blocks"][b]["marks"][0]["end"] = 10**30
    assert _error(data) == f"blocks[{b}].marks[0].end: a number of 31 digits is past the end of the block's source ({len(data['blocks'][b]['source'])} characters)"
    data = json.loads(Document.load(V1_SAMPLE).to_json())
    data["blocks"][0]["sentences"][0]["terms"][1]["start"] = "17"
    assert _error(data) == 'blocks[0].sentences[0].terms[1].start: expected a whole number, got "17"'


def test_levels_chapters_and_confidence_ranges() -> None:
    data = _sample()
    data["blocks"][1]["level"] = 7
    assert _error(data) == "blocks[1].level: must be from 0 to 6, got 7"
    data = _book()
    data["blocks"][-1]["chapter"] = 3
    assert _error(data) == f"blocks[{len(data['blocks']) - 1}].chapter: 3 is no chapter (the document has only 3 chapter(s), numbered from 0)"
    data = _sample()
    data["blocks"][2]["chapter"] = 1
    assert _error(data) == "blocks[2].chapter: 1 is no chapter (the document has no chapters, so it must be 0)"
    for bad, shown in ((1.5, "1.5"), (-0.1, "-0.1"), (math.nan, "NaN"), (math.inf, "Infinity"), (True, "true"), ("0.5", '"0.5"')):
        data = _sample()
        data["blocks"][0]["sentences"][0]["confidence"] = bad
        assert _error(data).startswith("blocks[0].sentences[0].confidence: ") and _error(data).endswith(f"got {shown}")


def test_unknown_fields_are_refused() -> None:
    data = _sample()
    data["blocks"][7]["sentences"][1]["taget"] = "A corrected English sentence."
    message = _error(data)
    assert message.startswith('blocks[7].sentences[1]: unknown field "taget"; expected start, end, source, target')
    data = _sample()
    data["extra"] = 1
    assert _error(data).startswith('the document: unknown field "extra"')
    data = _book()
    data["images"][0]["data"] = "iVBORw0KGgo="  # bytes are never in the JSON
    assert _error(data).startswith('images[0]: unknown field "data"')


def test_images_stay_inside_the_documents_folder() -> None:
    for bad in ("/etc/passwd", "../secret.png", "img/../../x.png", "C:/x.png"):
        data = _book()
        data["images"][0]["file"] = bad
        assert _error(data) == f'images[0].file: must be a path inside the JSON\'s folder, got "{bad}"'
    data = _book()
    data["images"][0]["id"] = "../x.png"
    assert _error(data) == 'images[0].id: must be a plain file name (no folders), got "../x.png"'
    data = _book()
    data["images"].append(dict(data["images"][0]))
    assert _error(data) == 'images[1].id: "img-1.png" is already the id of images[0]'


def test_texts_must_be_unicode() -> None:
    data = _sample()
    data["blocks"][0]["sentences"][0]["target"] = "Putin\ud800 met"
    assert _error(data) == r"blocks[0].sentences[0].target: holds a lone surrogate \ud800 at character 5, which is no character; remove it"
    data = _sample()
    data["meta"]["title"] = 7
    assert _error(data) == "meta.title: expected text, got 7"


def test_schema_must_be_a_known_whole_number() -> None:
    for bad, shown in ((True, "true"), ("2", '"2"'), (2.0, "2.0")):
        data = _sample()
        data["schema"] = bad
        assert _error(data) == f"schema: expected a whole number, got {shown}"
    data = _sample()
    data["schema"] = 3
    assert _error(data).startswith("document schema 3 is not supported (this version reads 1, 2)")
    assert _error([1, 2]).startswith("not a bilingual document")


def test_messages_stay_short_and_on_one_line() -> None:
    data = _sample()
    data["blocks"][0]["sentences"][0]["start"] = "line one\nline two " + "x" * 5000
    message = _error(data)
    assert message == 'blocks[0].sentences[0].start: expected a whole number, got "line one\\nline two xxxxxxxxxxxxxxxxxxxxxx"…'
    data = _sample()
    data["blocks"][0]["a\u2028b\x1ec\x85"] = 1  # what str.splitlines (and some terminals) break lines at
    message = _error(data)
    assert message.startswith('blocks[0]: unknown field "a\\u2028b\\u001ec\\u0085"; expected kind, source, sentences')
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"schema": 2, "blocks": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"schema": 2, "meta": {}, "blocks": [], "chapters": [' + "9" * 20_000 + "]}", "a number of thousands of digits"),
        ('{"schema": 2, "meta": {"title": NaN}, "blocks": []}', "meta.title: expected text, got NaN"),
        ('{"schema": 2, "meta": {}, "blocks": [{"kind": "paragraph", "source": "", "level": 1e400}]}', "blocks[0].level: expected a whole number, got Infinity"),
        ('{"schema": 2, "meta": {}, "blocks": [1, 2', "not valid JSON (line 1)"),
    ],
)
def test_json_that_python_cannot_hold(text: str, expected: str) -> None:
    with pytest.raises(DocumentError, match=None) as info:
        Document.from_json(text)
    assert expected in str(info.value) and "\n" not in str(info.value)


def test_load_names_the_file_and_what_to_do(tmp_path: Path) -> None:
    data = _sample()
    data["blocks"][3]["sentences"][1]["start"] = "7"
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        Document.load(path)
    assert str(info.value) == f'{path}: blocks[3].sentences[1].start: expected a whole number, got "7"; correct that value in the JSON'


def test_image_bytes_never_read_a_fifo(tmp_path: Path) -> None:
    doc = book_document()
    write_images(doc, tmp_path, "book")
    doc.images[0].data = None
    assert doc.image_bytes("img-1.png") == (tmp_path / "book.images" / "img-1.png").read_bytes()
    fifo = tmp_path / "book.images" / "img-1.png"
    fifo.unlink()
    os.mkfifo(fifo)
    got: list[Any] = []
    reader = threading.Thread(target=lambda: got.append(doc.image_bytes("img-1.png")), daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():  # unblock the reader before failing
        with open(fifo, "wb"):
            pass
    assert got == [None]


# --------------------------------------------------------------------------- through the CLI
def _run(*args: Any):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "80"})


def test_render_of_an_edited_document_gone_wrong_is_one_line(tmp_path: Path) -> None:
    data = _sample()
    data["blocks"][3]["sentences"][1]["start"] = "7"
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for args in (["render", path, "-f", "epub,docx"], ["export", path], ["glossary", "check", path, "-g", GLOSSARY]):
        result = _run(*args)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and 'blocks[3].sentences[1].start: expected a whole number, got "7"' in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]  # no edition, no XLIFF written


# --------------------------------------------------------------------------- property: random damage
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=6),
    st.sampled_from(["7", "", "\ud800", "a\udfffb", "paragraph", "noteref", "human", "../x.png", "/etc/passwd",
                     10**30, -1, 0, 1, 7, math.nan, math.inf, 1e300]),
)  # fmt: skip
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)
KEYS = st.sampled_from(["start", "end", "source", "target", "kind", "level", "chapter", "confidence", "marks", "sentences",
                        "terms", "images", "chapters", "id", "file", "data", "schema", "zz"]) | st.text(max_size=6)  # fmt: skip
DEEP = "\u0000deep\u0000"
SAME_TEXT = st.text(max_size=12) | st.sampled_from(["", " ", "\n", "<b>&amp;</b>", "]]>", "\x00\x0b\ufffe", "\ud800",
                                                    "heading", "note", "noteref", "credit", "human", "img-1.png", "n1"])
SAME_NUMBER = st.integers(-2, 400) | st.sampled_from([0, 1, 6, 7, 10**30, -(10**30), 0.5, 1.0, 2.5, math.nan, -math.inf])


def _kind(value: Any) -> str:
    return "number" if isinstance(value, (int, float)) and not isinstance(value, bool) else type(value).__name__


def _paths(node: Any, path: tuple = ()) -> list[tuple]:  # type: ignore[type-arg]
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*path, i))
    return out


def _same_kind(old: Any, draw: Any) -> Any:
    """Another value of the same JSON type: what passes the type checks and tests the ranges."""
    if isinstance(old, str):
        return draw(SAME_TEXT)
    if isinstance(old, bool):
        return not old
    if isinstance(old, (int, float)):
        return draw(SAME_NUMBER)
    if isinstance(old, list) and old:
        i, j = draw(st.integers(0, len(old) - 1)), draw(st.integers(0, len(old) - 1))
        return draw(st.sampled_from([old[:i] + old[i + 1 :], old[:i] + [copy.deepcopy(old[j])] + old[i:], old[::-1]]))
    return draw(JSON)


def _mutate(data: Any, draw: Any) -> Any:
    """One random edit: a value of another type or the same type, a deleted or added key, a deep nest."""
    path = draw(st.sampled_from(_paths(data)))
    if not path:
        return draw(JSON)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    key, old = path[-1], parent[path[-1]]
    op = draw(st.sampled_from(["other", "other", "same", "same", "delete", "add", "deep"]))
    if op == "other":
        new = draw(JSON)
        parent[key] = new if _kind(new) != _kind(old) else (None if old is not None else [])
    elif op == "same":
        parent[key] = _same_kind(old, draw)
    elif op == "delete" and isinstance(parent, dict):
        del parent[key]
    elif op == "add" and isinstance(old, dict):
        old[draw(KEYS)] = draw(JSON)
    elif op == "add" and isinstance(old, list):
        old.insert(draw(st.integers(0, len(old))), draw(JSON))
    else:
        parent[key] = DEEP
    return data


@pytest.fixture(scope="module")
def valid_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, dict[str, Any]]]:
    """For the sample and the book: the folder, an XLIFF exported from the valid JSON, the JSON's data."""
    out = {}
    for name, doc in (("sample", sample_document()), ("book", book_document())):
        folder = tmp_path_factory.mktemp(name)
        write_images(doc, folder, "doc")  # the book's picture beside its JSON, as translate leaves it
        doc.save(folder / "doc.json")
        result = _run("export", folder / "doc.json", "--to", "xliff", "-o", folder / "valid.xlf")
        assert result.exit_code == 0, result.output
        out[name] = (folder, folder / "valid.xlf", json.loads((folder / "doc.json").read_text(encoding="utf-8")))
    return out


def _commands(path: Path, xlf: Path, out: Path) -> list[tuple[list[Any], set[int]]]:
    return [
        (["render", path, "-f", "epub", "-o", out], {0, 2}),
        (["export", path, "--to", "xliff", "-o", out / "x.xlf"], {0, 2}),
        (["import", path, xlf], {0, 2}),
        (["glossary", "check", path, "-g", GLOSSARY, "--rematch", "--write"], {0, 1, 2}),
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(which=st.sampled_from(["sample", "book"]), data=st.data())
def test_no_damage_to_the_json_crashes_a_command(valid_files, which: str, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    folder, xlf, valid = valid_files[which]
    doc = copy.deepcopy(valid)
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        doc = _mutate(doc, data.draw)
    text = json.dumps(doc, ensure_ascii=True, allow_nan=True).replace(json.dumps(DEEP), "[" * 50_000 + "]" * 50_000)
    path, out = folder / "edited.json", folder / "out"
    try:
        for args, codes in _commands(path, xlf, out):
            path.write_text(text, encoding="utf-8")
            result = _run(*args)
            event(f"{args[0]} exit {result.exit_code}")
            assert result.exception is None or isinstance(result.exception, SystemExit), (args[0], repr(result.exception))
            assert result.exit_code in codes, (args[0], result.exit_code, result.output)
            if result.exit_code == 2:
                lines = result.stderr.strip().splitlines()
                assert len(lines) == 1 and lines[0].startswith("error: "), (args[0], result.stderr)
    finally:
        shutil.rmtree(out, ignore_errors=True)
