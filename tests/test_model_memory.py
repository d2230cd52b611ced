"""Loading a big document stays small in memory, and loading changes nothing.

``Document.load`` reads the JSON chunk by chunk and makes each block as soon as it is read
(``bilingual.model_json.document_from_text``); the plain ``json.loads`` reading is kept for
files that are no valid document, so that its messages stay the same. These tests check:

* a saved document loads back to the same bytes, whatever the chunk size (a property test cuts
  the text everywhere: inside strings, escapes, numbers, between keys);
* the cases the chunked reading gives up on (key twice, keys in another order, an error in a
  block after an error in ``meta``) answer what ``json.loads`` + the checks answered;
* equal texts are one object (a sentence that is its whole block, ``machine_target`` = ``target``,
  kind names), and the model's classes have no per-instance ``__dict__``;
* in a child process (so nothing else of the test run is counted), loading an 11 MB JSON grows
  the resident size by at most 2× the JSON's size and its peak by at most 2.5× (before this
  change: 3.1× and 4.9×), and saving it again (block by block) keeps the peak there (before:
  7.9×), giving the same bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bookdocs import book_document, long_book
from docfixtures import nasty_document, sample_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingual import model_json
from bilingual.errors import DocumentError
from bilingual.model import Block, Document, Mark, Sentence

V1_SAMPLE = Path(__file__).resolve().parent / "data" / "schema" / "v1-sample.json"


def _nasty_clean() -> Document:
    """:func:`nasty_document` without its lone surrogate (which no document may hold)."""
    return Document.from_json(nasty_document().to_json().replace("\ud800", "?"))


DOCS = {"sample": sample_document, "nasty": _nasty_clean, "book": book_document, "long": lambda: long_book(200)}


def _saved(tmp_path: Path, doc: Document, name: str = "doc.json") -> tuple[Path, bytes]:
    path = doc.save(tmp_path / name)
    return path, path.read_bytes()


# --------------------------------------------------------------------------- the same bytes
@pytest.mark.parametrize("name", sorted(DOCS))
def test_save_of_load_gives_the_same_bytes(tmp_path: Path, name: str) -> None:
    path, first = _saved(tmp_path, DOCS[name]())
    doc = Document.load(path)
    assert doc.base_dir == tmp_path
    _, again = _saved(tmp_path, doc, "again.json")
    assert again == first
    assert Document.from_json(first.decode("utf-8")).to_json().encode("utf-8") == first


def test_a_schema_1_file_loads_as_before(tmp_path: Path) -> None:
    doc = Document.load(V1_SAMPLE)
    assert len(doc.chapters) == 1 and doc.chapters[0].title == doc.meta.title
    assert Document._parse(V1_SAMPLE.read_text(encoding="utf-8")).to_json() == doc.to_json()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(DOCS)), chunk=st.integers(1, 3000), indent=st.sampled_from([None, 0, 1, 3]),
       ascii_only=st.booleans())
def test_any_chunk_size_reads_the_same_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                                                chunk: int, indent: int | None, ascii_only: bool) -> None:
    doc = DOCS[name]()
    text = json.dumps(doc.to_dict(), ensure_ascii=ascii_only, indent=indent)  # other spacing, \u escapes
    path = tmp_path / "doc.json"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(model_json, "_CHUNK", chunk)
    assert model_json.read_by_chunks(path) is not None  # read the chunked way, not the fallback
    assert Document.load(path).to_json() == doc.to_json()


def test_saving_a_lone_surrogate_fails_as_before_and_writes_nothing(tmp_path: Path) -> None:
    doc = nasty_document()
    with pytest.raises(UnicodeEncodeError) as expected:
        doc.to_json().encode("utf-8")
    with pytest.raises(UnicodeEncodeError) as got:
        doc.save(tmp_path / "doc.json")
    assert str(got.value) == str(expected.value)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- same answers
def _load_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "doc.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        Document.load(path)
    return str(info.value).removeprefix(f"{path}: ")


def test_the_first_error_is_still_the_one_named(tmp_path: Path) -> None:
    data = json.loads(book_document().to_json())
    data["blocks"][2]["level"] = "2"  # read before meta's chapters check would have run
    data["meta"]["title"] = 7
    assert _load_error(tmp_path, json.dumps(data)).startswith("meta.title: expected text, got 7")
    data["meta"]["title"] = "Книга"
    data["blocks"][3]["chapter"] = 5
    data["chapters"] = data["chapters"][:1]
    assert _load_error(tmp_path, json.dumps(data)).startswith("blocks[2].level: expected a whole number")


def test_other_key_orders_and_a_key_twice_read_as_json_loads_reads_them(tmp_path: Path) -> None:
    data = json.loads(book_document().to_json())
    reordered = {k: data[k] for k in ("blocks", "images", "chapters", "meta", "schema")}  # chapters after blocks
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(reordered, ensure_ascii=False), encoding="utf-8")
    assert Document.load(path).to_json() == book_document().to_json()
    twice = json.dumps(data, ensure_ascii=False)[:-1] + ', "blocks": []}'  # the last one counts
    path.write_text(twice, encoding="utf-8")
    assert Document.load(path).blocks == []
    assert _load_error(tmp_path, json.dumps(data)[:-1] + "} x").startswith("not valid JSON (line 1): Extra data")
    assert _load_error(tmp_path, "\ufeff" + json.dumps(data)).startswith("not valid JSON (line 1): Unexpected UTF-8 BOM")


def test_undecodable_bytes_name_their_place(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(book_document().to_json().encode()[:4000] + b"\xff" + book_document().to_json().encode()[4000:])
    with pytest.raises(DocumentError, match=r"cannot read it as a UTF-8 JSON document \('utf-8' codec can't decode byte 0xff in position 4000"):
        Document.load(path)


# --------------------------------------------------------------------------- what is held
def test_equal_texts_are_one_object_and_instances_have_no_dict(tmp_path: Path) -> None:
    path, _ = _saved(tmp_path, long_book(20))
    doc = Document.load(path)
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph" and len(b.sentences) == 1]
    assert len(paragraphs) > 20
    for b in paragraphs:
        (s,) = b.sentences
        assert s.source is b.source and s.machine_target is s.target
        assert b.kind is paragraphs[0].kind and s.origin is paragraphs[0].sentences[0].origin
    for obj in (doc, doc.meta, doc.blocks[0], doc.blocks[0].sentences[0], doc.chapters[0], doc.images[0], Mark(0, 0, "em")):
        assert not hasattr(obj, "__dict__"), type(obj).__name__
    fresh = Block("paragraph", "Текст.")  # constructors still take positions and keywords
    fresh.sentences.append(Sentence(0, 6, "Текст.", target="Text."))
    assert Block("paragraph", "x").sentences == []  # each instance its own list


_CHILD = """
import json, sys
def status():
    return {k: int(v.split()[0]) * 1024 for k, v in (l.split(":", 1) for l in open("/proc/self/status"))
            if k in ("VmRSS", "VmHWM")}
import bilingual.model, bilingual.model_check, bilingual.model_json, codecs
from bilingual.model import Document
before = status()
doc = Document.load(sys.argv[1])
after = status()
doc.save(sys.argv[2])
print(json.dumps({"before": before, "after": after, "saved": status(), "blocks": len(doc.blocks)}))
"""


@pytest.mark.slow
def test_loading_a_big_document_stays_within_twice_its_size(tmp_path: Path) -> None:
    paragraphs = 14_000  # about 11 MB of JSON
    path, first = _saved(tmp_path, long_book(paragraphs), "big.json")
    size = path.stat().st_size
    assert size > 10_000_000
    run = subprocess.run(  # in tmp_path: "-c" puts the working folder first on the child's path
        [sys.executable, "-c", _CHILD, str(path), str(tmp_path / "again.json")], check=False, capture_output=True,
        text=True, timeout=300, cwd=tmp_path, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["blocks"] == len(book_document().blocks) + paragraphs
    resident = got["after"]["VmRSS"] - got["before"]["VmRSS"]
    peak = got["after"]["VmHWM"] - got["before"]["VmRSS"]
    assert resident <= 2.0 * size, f"resident grew {resident / size:.2f}× the JSON's size"
    assert peak <= 2.5 * size, f"peak grew {peak / size:.2f}× the JSON's size"
    saving = got["saved"]["VmHWM"] - got["before"]["VmRSS"]  # saving writes block by block
    assert saving <= 2.5 * size, f"saving took the peak to {saving / size:.2f}× the JSON's size"
    assert (tmp_path / "again.json").read_bytes() == first
