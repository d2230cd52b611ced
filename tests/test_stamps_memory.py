"""The document digest of the edition stamps is hashed block by block, and means the same as before.

``bilingual.stamps.document_digest`` used to hash ``repr(doc.blocks)``, one string of about 2.7×
the JSON's size (+84 MiB on a 31 MB book, on every render). It now feeds the hash one block at a
time. These tests check:

* the digest is the same after any number of save/load round trips (the image bytes read back
  from their file), ignores ``meta.created``, and changes when any one sentence's target does
  (a property test picks the sentence and the text);
* a stamp written by the previous recipe (``_STAMP_VERSION`` 1) only means the edition is written
  once more and stamped anew — never an error; a damaged stamp likewise;
* in a child process (so nothing else of the test run is counted, its peak reset through
  ``/proc/self/clear_refs`` after loading), digesting a 10.6 MB document raises the peak by less
  than 0.5× the JSON's size (the old ``repr`` of all blocks: +28.9 MB, 2.72×; now: 0).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bookdocs import book_document, long_book, tiny_png
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingual import stamps
from bilingual.model import Document


def _with_image_file(tmp_path: Path) -> Document:
    """:func:`book_document` with its picture's bytes in a file beside the JSON, as the pipeline keeps them."""
    doc = book_document()
    (tmp_path / "img-1.png").write_bytes(tiny_png(40, 30))
    doc.images[0].file = "img-1.png"
    doc.base_dir = tmp_path
    return doc


# --------------------------------------------------------------------------- what the digest means
def test_the_digest_survives_save_and_load_round_trips(tmp_path: Path) -> None:
    doc = _with_image_file(tmp_path)
    first = stamps.document_digest(doc)
    for round_trip in range(3):
        doc = Document.load(doc.save(tmp_path / f"doc{round_trip}.json"))
        assert doc.images[0].data is None  # the bytes come from the file now
        assert stamps.document_digest(doc) == first
    doc.meta.created = "2030-01-01T00:00:00Z"  # the write time is not content
    assert stamps.document_digest(doc) == first
    (tmp_path / "img-1.png").write_bytes(tiny_png(40, 30, rgb=(0, 0, 0)))
    assert stamps.document_digest(doc) != first  # nor is a picture changed on disk ignored


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pick=st.integers(0, 10_000), target=st.text(max_size=30))
def test_changing_one_sentence_target_changes_the_digest(pick: int, target: str) -> None:
    doc = book_document()
    sentences = doc.sentences()
    sentence = sentences[pick % len(sentences)]
    first = stamps.document_digest(doc)
    old, sentence.target = sentence.target, target
    assert (stamps.document_digest(doc) == first) == (target == old)
    sentence.target = old
    assert stamps.document_digest(doc) == first


def test_moving_a_block_or_a_chapter_boundary_changes_the_digest() -> None:
    doc = book_document()
    first = stamps.document_digest(doc)
    doc.blocks[1], doc.blocks[2] = doc.blocks[2], doc.blocks[1]
    assert stamps.document_digest(doc) != first
    doc = book_document()
    doc.chapters.append(doc.chapters.pop(0))
    assert stamps.document_digest(doc) != first
    doc = book_document()
    doc.blocks[-1].chapter = 0
    assert stamps.document_digest(doc) != first


# --------------------------------------------------------------------------- older stamps
def _fingerprint_v1(doc: Document, fmt: str) -> str:
    """The fingerprint ``_STAMP_VERSION`` 1 recorded: ``repr`` of each whole field in one string."""
    h = hashlib.blake2b(digest_size=32)
    for f in dataclasses.fields(doc):
        if f.repr:
            value = getattr(doc, f.name)
            value = dataclasses.replace(value, created="") if f.name == "meta" else value
            h.update(f"{f.name}={value!r}\x1f".encode("utf-8", "surrogatepass"))
    for image in doc.images:
        blob = doc.image_bytes(image.id)
        h.update(image.id.encode() + b"\0" + (hashlib.blake2b(blob, digest_size=32).digest() if blob is not None else b"missing"))
    parts = ["stamp=1", f"renderer={stamps.renderer_version()}", f"format={fmt}", "options=None",
             f"document={h.hexdigest()}"]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@pytest.mark.parametrize("stamp", ["old", "damaged"])
def test_an_old_or_damaged_stamp_rewrites_the_edition_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          stamp: str) -> None:
    monkeypatch.setenv("BILINGUAL_CACHE_DIR", str(tmp_path / "cache"))
    doc = _with_image_file(tmp_path)
    out = tmp_path / "out"
    path = stamps.write_current(doc, out, "book", ["json"])["json"]
    assert stamps.plan_outputs(doc, out, "book", ["json"]).todo == []  # current
    if stamp == "old":  # what the previous release recorded for this very edition
        assert stamps._STAMP_VERSION == 2
        stamps.record(path, _fingerprint_v1(doc, "json"))
    else:
        stamps.stamp_path(path).write_text('{"fingerprint": ', encoding="utf-8")
    assert stamps.plan_outputs(doc, out, "book", ["json"]).todo == ["json"]  # changed, not an error
    os.utime(path, ns=(1, 1))  # so that a rewrite shows
    assert stamps.write_current(doc, out, "book", ["json"]) == {"json": path}
    assert path.stat().st_mtime_ns != 1  # written again
    assert Document.load(path).to_json() == doc.to_json()
    assert stamps.plan_outputs(doc, out, "book", ["json"]).todo == []  # and stamped anew: once


# --------------------------------------------------------------------------- memory
_CHILD = """
import json, sys
def status():
    return {k: int(v.split()[0]) * 1024 for k, v in (l.split(":", 1) for l in open("/proc/self/status"))
            if k in ("VmRSS", "VmHWM")}
from bilingual.model import Document
from bilingual.stamps import document_digest
doc = Document.load(sys.argv[1])
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # VmHWM := VmRSS, so the peak measured is the digest's own
before = status()
digest = document_digest(doc)
after = status()
print(json.dumps({"before": before, "after": after, "digest": digest}))
"""


def _can_reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(not _can_reset_peak(), reason="needs Linux's /proc/self/clear_refs to reset VmHWM")
def test_digesting_a_big_document_adds_less_than_half_its_size_to_the_peak(tmp_path: Path) -> None:
    doc = long_book(13_000)  # about 10.6 MB of JSON
    path = doc.save(tmp_path / "big.json")
    size = path.stat().st_size
    assert size > 10_000_000
    run = subprocess.run(  # in tmp_path: "-c" puts the working folder first on the child's path
        [sys.executable, "-c", _CHILD, str(path)], check=False, capture_output=True, text=True, timeout=300,
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["digest"] == stamps.document_digest(Document.load(path))  # the same digest as in this process
    added = got["after"]["VmHWM"] - got["before"]["VmRSS"]
    assert added < 0.5 * size, f"digesting raised the peak by {added / size:.2f}× the JSON's size"
