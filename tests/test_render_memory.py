"""Rendering a large document stays within a small multiple of its JSON's size in memory (issue 14).

The EPUB keeps each unit as its bytes serialised in place (:mod:`bilingual.render.epub_units`)
and writes every file from them: a property test checks that this gives exactly the bytes of the
whole page serialised as one tree, whatever the text holds.

A long book (``long_book(15000)``, about 12 MB of JSON) is saved; a fresh Python process loads
it, renders a small book once in the format (imports and caches are not what is measured),
resets its peak (``/proc/self/clear_refs``), renders the long book and reports ``VmHWM`` less
its resident size before that render. The old renderers, which held the whole book as lxml
trees (EPUB) or as one string (DOCX), added about 9× (EPUB) and 3.5× (DOCX) the JSON's size.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bookdocs import long_book
from hypothesis import given, settings
from hypothesis import strategies as st

from bilingual.model import Mark
from bilingual.render.common import Row
from bilingual.render.epub_units import STUB, InPlace, fill_skeleton, fix_links
from bilingual.render.epub_xhtml import EPUB_TYPE, Context, E, footnote, new_page, serialise

_needs_proc = pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc peak reset")

#: The render may add at most this many times the JSON's size to the process's peak.
LIMIT = 2.0
TESTS = Path(__file__).resolve().parent

_CHILD = r"""
import gc, json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from bookdocs import book_document
from bilingual.model import Document
from bilingual.render import RenderOptions, render_document

def status(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024

doc = Document.load(sys.argv[1])
out, fmt = Path(sys.argv[2]), sys.argv[3]
options = RenderOptions(layout=sys.argv[5])
render_document(book_document(), out, "warm", [fmt], options)
gc.collect()
Path("/proc/self/clear_refs").write_text("5")
base = status("VmRSS")
paths = render_document(doc, out, "big", [fmt], options)
print(json.dumps({"added": status("VmHWM") - base, "files": sorted(p.name for p in paths.values())}))
"""


# --------------------------------------------------------------------------- units in place

_text = st.text(alphabet="абв Где xyz&<>\"'\n\t\r.", max_size=24)
_row = st.tuples(st.sampled_from(["paragraph", "verse", "heading", "quote", "list-item", "caption", "note"]),
                 _text, _text, st.integers(0, 24), st.integers(0, 24), st.booleans())


def _units(specs, layout):
    """The elements of one unit per spec (a row, or a footnote for a note), and whether it is a note."""
    from bilingual.render.epub_rows import row_elements

    ctx = Context({"n1": 1}, {}, layout=layout)
    units = []
    for k, (kind, ru, en, a, b, ref) in enumerate(specs):
        marks = (Mark(min(a, b), max(a, b), "em"),) + ((Mark(a, a, "noteref", "n1"),) if ref else ())
        row = Row(kind, ru, en, 2, block_index=k, marks=marks, target_refs=((len(en), "n1"),) if ref else (), note_id="n1")
        if kind == "note":
            units.append(([footnote(row, 1, ctx, f"fn-1-{k}")], True))
        else:
            units.append((row_elements(row, ctx), False))
    return units


def _page(units, stub: bool):
    html, body = new_page("Глава & <1>", "x")
    section = E("section", {EPUB_TYPE: "bodymatter chapter", "class": "chapter"}, parent=body)
    notes = None
    for elements, note in units:
        if note and notes is None:
            notes = E("section", {EPUB_TYPE: "footnotes", "class": "footnotes"}, parent=section)
        target = notes if note else section
        for el in [E(STUB)] if stub else elements:
            target.append(el)
    return html


@settings(max_examples=60, deadline=None)
@given(specs=st.lists(_row, min_size=1, max_size=6), layout=st.sampled_from(["side-by-side", "interleaved"]))
def test_a_file_from_stored_units_is_the_page_serialised_whole(specs, layout):
    specs.sort(key=lambda s: s[0] == "note")  # notes follow the text, as in a chapter
    whole = serialise(_page(_units(specs, layout), stub=False))
    units = _units(specs, layout)
    stored = [InPlace(4 if note else 3).serialise(elements) for elements, note in units]
    assert fill_skeleton(serialise(_page(units, stub=True)), stored) == whole


def test_only_placeholder_links_are_fixed():
    ctx = Context({}, {})
    p = E("p", None, 'href="&#13;link-placeholder-#fn-1" and \u00a0href="x"')
    a = E("a", {"title": 'href="#fn-1"'}, "1", p)
    ctx.link(a, "fn-1")
    gone = E("a", None, "2", p)
    ctx.link(gone, "fn-9")
    data = InPlace(3).serialise([p])
    fixed = fix_links(data, "ch01.xhtml", {"fn-1": "ch01-part2.xhtml"})
    assert fixed == data.replace(b"&#13;link-placeholder-#fn-1", b"ch01-part2.xhtml#fn-1").replace(
        b' href="&#13;link-placeholder-#fn-9"', b"")
    assert b"&amp;#13;link-placeholder-#fn-1" in fixed  # the same characters in the text stay
    assert fix_links(data, "ch01-part2.xhtml", {"fn-1": "ch01-part2.xhtml"}).count(b'href="#fn-1"') == 1


# --------------------------------------------------------------------------- peak memory


@pytest.fixture(scope="module")
def big_json(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("render-memory") / "big.json"
    long_book(15000).save(path)
    return path


def _added_mb(path: Path, fmt: str, layout: str, out: Path) -> tuple[float, list[str]]:
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(out), fmt, str(TESTS), layout],
                          capture_output=True, text=True, cwd=str(out), timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return result["added"], result["files"]


@pytest.mark.slow
@_needs_proc
@pytest.mark.parametrize(("fmt", "layout"), [("docx", "side-by-side"), ("epub", "side-by-side"), ("epub", "both")])
def test_render_adds_at_most_twice_the_json_size(big_json, tmp_path, fmt, layout):
    json_mb = big_json.stat().st_size / 2**20
    assert json_mb > 10  # big enough that fixed costs do not decide
    added, files = _added_mb(big_json, fmt, layout, tmp_path)
    assert files == (["big.epub", "big.interleaved.epub"] if layout == "both" else [f"big.{fmt}"])
    with zipfile.ZipFile(tmp_path / files[0]) as zf:  # the whole book is in it (it compresses well)
        assert sum(i.file_size for i in zf.infolist()) > json_mb * 2**20 / 2
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary file left
    assert added <= LIMIT * json_mb, f"{fmt} {layout}: render added {added:.0f} MB for {json_mb:.1f} MB of JSON"
