"""What users really send, end to end through the CLI on the tiny test-double model.

Each input ends in either a correct edition (DOCX that python-docx reopens, EPUB that epubcheck
accepts) or a one-line message with exit code 2 — never a traceback, an invalid file or a
partial file. Plus a property test: any text in, valid editions out, every character kept.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.errors import InputError
from bilingual.model import Document
from bilingual.pipeline import TranslateConfig, translate_file
from bilingual.read import decode, parse_document
from bilingual.render import render_document

from epubcheck_util import epubcheck_errors

runner = CliRunner()
LEAD = "Президент России встретился с лидером Азербайджана."


def _run(tmp_path: Path, data: bytes, name: str = "in.txt", *extra: str):  # type: ignore[no-untyped-def]
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out"
    result = runner.invoke(app, ["translate", str(src), "-o", str(out), "--no-glossary", "--no-cache", *extra])
    assert "Traceback" not in result.output
    return result, out, src


def _docx_text(path: Path) -> tuple[str, str]:
    import docx

    d = docx.Document(str(path))
    left = " ".join(row.cells[0].text for t in d.tables for row in t.rows[1:])
    right = " ".join(row.cells[1].text for t in d.tables for row in t.rows[1:])
    return left, right


def _xhtml_text(epub: Path) -> str:
    with zipfile.ZipFile(epub) as z:
        texts = []
        for name in z.namelist():
            if name.endswith(".xhtml") and "nav" not in name:
                root = etree.fromstring(z.read(name))  # must parse as XML
                texts.append("".join(root.itertext()))
    return " ".join(texts)


GOOD_INPUTS = {
    "control-characters": (f"{LEAD}\x00 Мир\x07 и \x1b[31mдом\x0c.\n".encode(), "in.txt", ["removed 4 control"]),
    "lone-surrogate-bytes": (f"{LEAD} Плохой байт: ".encode() + b"\xed\xa0\x80" + " здесь.\n".encode(), "in.txt", ["invalid UTF-8"]),
    "cp1251": (f"{LEAD}\n\nВторой абзац: «кавычки» — тире.\n".encode("cp1251"), "in.txt", ["read as cp1251"]),
    "koi8-r": (f"{LEAD}\n\nВторой абзац, ещё один.\n".encode("koi8_r"), "in.txt", ["read as koi8-r"]),
    "bom-crlf": (b"\xef\xbb\xbf" + f"Заголовок\r\n\r\n{LEAD}\r\n".encode(), "in.txt", ["read as utf-8-sig"]),
    "mixed-russian-english": (f"{LEAD} The talks were held in English, said Reuters.\n".encode(), "in.txt", []),
    "markup-and-ampersand": (f"{LEAD} AT&T <b>bold</b> <script>alert(1)</script> &amp; <!-- x --> ]]>\n".encode(), "in.txt", []),
    "long-url-and-word": (f"{LEAD} Ссылка https://example.org/{'a' * 1500}?q=1&x=2 и слово {'б' * 800}.\n".encode(), "in.txt", []),
    "markdown": (f"# Заголовок & <тег>\n\n{LEAD}\n\n> «Цитата», — сказал он.\n".encode(), "in.md", []),
}


@pytest.mark.parametrize("case", sorted(GOOD_INPUTS))
def test_hard_inputs_make_valid_editions(tmp_path: Path, case: str) -> None:
    data, name, expected = GOOD_INPUTS[case]
    result, out, src = _run(tmp_path, data, name)
    assert result.exit_code == 0, result.output
    for needle in expected:
        assert needle in result.output, result.output
    stem = src.stem
    doc = Document.load(out / f"{stem}.json")
    decoded = decode(data)
    # every character of the article (outside metadata) is in the Russian column and the EPUB
    left, _right = _docx_text(out / f"{stem}.docx")
    expected_text = "".join(b.source for b in doc.blocks)
    nonspace = lambda s: "".join(ch for ch in s if not ch.isspace())  # noqa: E731
    assert nonspace(left) == nonspace(expected_text)
    if name.endswith(".txt"):
        assert nonspace(expected_text) == nonspace(decoded.text)
    xhtml = _xhtml_text(out / f"{stem}.epub")
    for block in doc.blocks:
        assert block.source in xhtml
    assert epubcheck_errors(out / f"{stem}.epub") == []


def test_markup_is_shown_as_text(tmp_path: Path) -> None:
    data, name, _ = GOOD_INPUTS["markup-and-ampersand"]
    result, out, src = _run(tmp_path, data, name)
    assert result.exit_code == 0
    xhtml = _xhtml_text(out / f"{src.stem}.epub")
    assert "AT&T <b>bold</b> <script>alert(1)</script> &amp;" in xhtml
    with zipfile.ZipFile(out / f"{src.stem}.epub") as z:
        raw = " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert "<script>" not in raw and "<b>bold" not in raw


@pytest.mark.parametrize(
    "data,needle",
    [
        (b"", "is empty"),
        (b" \n\t\n   \n", "is empty"),
        (bytes(range(256)) * 100, "binary"),
        (b"\x00" * 5000, "binary"),
        (b"PK\x03\x04" + bytes(range(256)) * 20, "binary"),
        (b"Only English here, nothing to translate.\n", "no Russian"),
    ],
)
def test_refused_inputs_one_line_exit_2(tmp_path: Path, data: bytes, needle: str) -> None:
    result, out, _ = _run(tmp_path, data)
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0], result.output
    assert not out.exists() or not list(out.iterdir())


def test_malformed_glossary_is_refused_naming_the_line(tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text("source\ttarget\tnote\nПутин\tPutin\t\nАлиев\n", encoding="utf-8")
    src = tmp_path / "in.txt"
    src.write_text(LEAD, encoding="utf-8")
    result = runner.invoke(app, ["translate", str(src), "-o", str(tmp_path / "out"), "-g", str(glossary), "--no-cache"])
    assert result.exit_code == 2 and "line 3" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_five_megabyte_single_paragraph_reads_and_renders(tmp_path: Path, sample_path: Path) -> None:
    """A 5 MB line with no newline: reader and renderers cope (the engine's own chunking is tested
    in test_engine; translating 20,000 sentences with beam search is a benchmark, not a test).
    The English side is a scaffold copy of the Russian — this test checks layout, not translation."""
    one_line = sample_path.read_text(encoding="utf-8").replace("\n", " ")
    big = (one_line * (5_000_000 // len(one_line) + 1))[:5_000_000]
    doc = parse_document(decode(big.encode()), source_file="big.txt")
    assert len(doc.blocks) == 1 and len(doc.sentences()) > 10_000
    for s in doc.sentences():
        s.target = s.source
    paths = render_document(doc, tmp_path, "big")
    left, right = _docx_text(paths["docx"])
    assert len(left) == len(doc.blocks[0].source)
    with zipfile.ZipFile(paths["epub"]) as z:
        assert z.testzip() is None


def test_model_archive_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(b"not a zip at all")
    result = runner.invoke(app, ["models", "install", str(bad), "--packages-dir", str(tmp_path / "pk")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not (tmp_path / "pk").exists() or not list((tmp_path / "pk").iterdir())


# ---------------------------------------------------------------------------------- property
def _control_heavy(data: bytes) -> bool:
    """What the reader refuses as binary: too many control characters (see bilingual.read.text)."""
    from bilingual.read.text import _binary_bytes, _looks_binary

    return _binary_bytes(data) or _looks_binary(data.decode("utf-8"))


text_strategy = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60),
    min_size=1,
    max_size=5,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(paragraphs=text_strategy)
def test_property_any_text_gives_valid_editions(tmp_path_factory: pytest.TempPathFactory, paragraphs: list[str]) -> None:
    """Reader → engine → renderers on arbitrary text: the DOCX reopens with every character of
    the article in its Russian column, the EPUB's XHTML parses, the JSON round-trips."""
    tmp = tmp_path_factory.mktemp("prop")
    src = tmp / "p.txt"
    data = ("Мир.\n\n" + "\n\n".join(paragraphs)).encode("utf-8")
    src.write_bytes(data)
    if _control_heavy(data):  # mostly control characters: refused as binary, nothing written
        with pytest.raises(InputError, match="binary"):
            translate_file(src, TranslateConfig(out_dir=tmp / "out", use_cache=False))
        assert not (tmp / "out").exists()
        return
    result = translate_file(src, TranslateConfig(out_dir=tmp / "out", use_cache=False))
    doc = result.document
    left, _ = _docx_text(result.outputs["docx"])
    nonspace = lambda s: "".join(ch for ch in s if not ch.isspace())  # noqa: E731
    assert nonspace(left) == nonspace("".join(b.source for b in doc.blocks))
    assert nonspace(decode(src.read_bytes()).text).endswith(nonspace("".join(b.source for b in doc.blocks))[-20:])
    _xhtml_text(result.outputs["epub"])
    assert Document.load(result.outputs["json"]) == doc


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(paragraphs=text_strategy)
def test_property_epubcheck_accepts_any_text(tmp_path_factory: pytest.TempPathFactory, paragraphs: list[str]) -> None:
    tmp = tmp_path_factory.mktemp("propcheck")
    src = tmp / "p.txt"
    data = ("Мир.\n\n" + "\n\n".join(paragraphs)).encode("utf-8")
    assume(not _control_heavy(data))
    src.write_bytes(data)
    result = translate_file(src, TranslateConfig(out_dir=tmp / "out", use_cache=False, formats=("epub",)))
    assert epubcheck_errors(result.outputs["epub"]) == []
