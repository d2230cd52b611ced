"""The editions CLI: align, export, import, render — help, exit codes, messages, the full round trip.

The round trip: translate the sample (tiny test-double model) → export XLIFF → edit one target
with lxml → import → render → the edit is in the DOCX (python-docx) and the EPUB (ebooklib) →
translate again → the edit is still there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from ebooklib import ITEM_DOCUMENT, epub
from lxml import etree
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.exchange import iter_units
from bilingual.model import Document
from epubcheck_util import epubcheck_errors

DATA = Path(__file__).parent / "data" / "align"
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
runner = CliRunner()
EDIT = "Vladimir Putin and Ilham Aliyev met in Dushanbe on 9 October (edited by hand)."


def _run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def _docx_text(path: Path) -> str:
    word = docx.Document(str(path))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def _epub_text(path: Path) -> str:
    book = epub.read_epub(str(path))
    parts = []
    for item in book.get_items_of_type(ITEM_DOCUMENT):
        root = etree.fromstring(item.get_content())
        parts.append(" ".join(" ".join(root.itertext()).split()))
    return "\n".join(parts)


def _edit_first_target(xlf: Path, text: str) -> str:
    root = etree.parse(str(xlf)).getroot()
    tu = root.find(".//x:trans-unit", NS)
    target = tu.find("x:target", NS)
    target.text = text
    target.set("state", "translated")
    xlf.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return tu.get("id")


# --------------------------------------------------------------------------- help and exit codes
@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("align", ["SOURCE", "TRANSLATION", "--format", "--layout", "--granularity", "--glossary", "--force"]),
        ("export", ["DOCUMENT", "--to", "xliff", "tmx", "--output", "--reviewed-only"]),
        ("import", ["DOCUMENT", "EDITED", "human"]),
        ("render", ["DOCUMENT", "--format", "--layout", "--granularity", "--landscape"]),
    ],
)
def test_help(command: str, words: list[str]) -> None:
    result = _run(command, "--help")
    assert result.exit_code == 0, result.output
    for word in words:
        assert word.lower() in result.output.lower()


def test_commands_are_listed_in_main_help() -> None:
    result = _run("--help")
    assert result.exit_code == 0
    for command in ("align", "export", "import", "render"):
        assert command in result.output


# --------------------------------------------------------------------------- align
def test_align_writes_editions_and_lists_flagged_links(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _run("align", DATA / "dushanbe.ru.txt", DATA / "dushanbe.en.txt", "-o", out, "--no-glossary")
    assert result.exit_code == 0, result.output
    assert "aligned 21 Russian blocks with 21 English paragraphs" in result.output
    assert "flagged (confidence < 0.5, or nothing on one side)" in result.output
    assert "1 Russian paragraph has no English (block 19)" in result.output
    assert "ru 21.3 ↔ en 21.1" in result.output  # the worst link is listed
    assert sorted(p.name for p in out.iterdir()) == ["dushanbe.ru.docx", "dushanbe.ru.epub", "dushanbe.ru.json"]
    doc = Document.load(out / "dushanbe.ru.json")
    assert all(s.origin == "aligned" for s in doc.sentences())
    assert doc.meta.model.name == "aligned" and "dushanbe.en.txt" in doc.meta.model.description
    assert any(s.confidence is not None and s.confidence < 0.5 for s in doc.sentences())
    assert "How the Putin–Aliyev talks went" in _docx_text(out / "dushanbe.ru.docx")
    assert "This article was first published in Russian" in _epub_text(out / "dushanbe.ru.epub")


def test_align_with_a_glossary_checks_the_translation_against_it(tmp_path: Path) -> None:
    gloss = tmp_path / "g.tsv"
    gloss.write_text("source\ttarget\tnote\nАнатолий Вассерман\tAnatoly Wasserman\t\nКохи Сомон\tKokhi Somon\t\n", encoding="utf-8")
    out = tmp_path / "out"
    result = _run("align", DATA / "dushanbe.ru.txt", DATA / "dushanbe.en.txt", "-o", out, "-g", gloss, "-f", "json", "--no-builtin-glossary")
    assert result.exit_code == 0, result.output
    assert "renders 1 glossary term differently: «Анатолий Вассерман» (glossary: “Anatoly Wasserman”)" in result.output
    doc = Document.load(out / "dushanbe.ru.json")
    issues = [i for s in doc.sentences() for i in s.issues]
    assert [i.target for i in issues] == ["Anatoly Wasserman"]  # the translator wrote "Anatolii"
    assert any(t.target == "Kokhi Somon" for s in doc.sentences() for t in s.terms)
    xlf = tmp_path / "a.xlf"
    assert _run("export", out / "dushanbe.ru.json", "-o", xlf).exit_code == 0
    assert "Glossary: «Кохи Сомон» = Kokhi Somon" in xlf.read_text(encoding="utf-8")


@pytest.mark.slow
def test_aligned_epub_with_an_added_block_passes_epubcheck(tmp_path: Path) -> None:
    """An added English paragraph has no Russian: the edition must still be valid."""
    ru = tmp_path / "a.ru.txt"
    en = tmp_path / "a.en.txt"
    ru.write_text("Первый абзац про 1990 год.\n\nВторой абзац про 2000 год.\n", encoding="utf-8")
    en.write_text(
        "The first paragraph about 1990.\n\nA note the translator added, long enough to stand on its own as a paragraph.\n\n"
        "The second paragraph about 2000.\n",
        encoding="utf-8",
    )
    result = _run("align", ru, en, "-o", tmp_path / "out", "-f", "epub,json", "--granularity", "sentence", "--no-glossary")
    assert result.exit_code == 0, result.output
    doc = Document.load(tmp_path / "out" / "a.ru.json")
    assert [b.source for b in doc.blocks][1] == ""
    assert epubcheck_errors(tmp_path / "out" / "a.ru.epub") == []


def test_align_refuses_to_overwrite_human_edits(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run("align", DATA / "kazan.ru.txt", DATA / "kazan.en.txt", "-o", out, "-f", "json", "--no-glossary").exit_code == 0
    path = out / "kazan.ru.json"
    doc = Document.load(path)
    doc.sentences()[0].origin = "human"
    doc.save(path)
    before = path.read_bytes()
    result = _run("align", DATA / "kazan.ru.txt", DATA / "kazan.en.txt", "-o", out)
    assert result.exit_code == 2 and "human-edited" in result.output and "--force" in result.output
    assert path.read_bytes() == before and sorted(p.name for p in out.iterdir()) == ["kazan.ru.json"]
    assert _run("align", DATA / "kazan.ru.txt", DATA / "kazan.en.txt", "-o", out, "--force", "-f", "json").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.ru.txt", DATA / "kazan.en.txt"], "no such file"),
        ([DATA / "kazan.ru.txt", DATA / "kazan.ru.txt"], "mostly Cyrillic"),
        ([DATA / "kazan.ru.txt", DATA / "kazan.en.txt", "-f", "pdf"], "unknown output format"),
        ([DATA / "kazan.ru.txt", DATA / "kazan.en.txt", "--layout", "diagonal"], "layout"),
        ([DATA / "kazan.ru.txt", DATA / "kazan.en.txt", "-g", "missing.tsv"], "glossary"),
    ],
)
def test_align_errors_exit_2_with_one_line(tmp_path: Path, args: list, message: str) -> None:
    result = _run("align", *args, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# --------------------------------------------------------------------------- the round trip
@pytest.fixture(scope="module")
def translated_once(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Path:
    """A folder with the sample and its ``out/<stem>.json``, translated by the tiny test model."""
    from bilingual.pipeline import TranslateConfig, translate_file

    base = tmp_path_factory.mktemp("translated")
    src = base / sample_path.name
    shutil.copy(sample_path, src)
    translate_file(src, TranslateConfig(out_dir=base / "out", formats=("json",), use_cache=False))
    return base


@pytest.fixture
def translated(tmp_path: Path, translated_once: Path, sample_path: Path) -> Path:
    """A private copy of :func:`translated_once`; returns the JSON's path."""
    work = shutil.copytree(translated_once, tmp_path / "work")
    return work / "out" / f"{sample_path.stem}.json"


def test_round_trip_edit_reaches_both_editions_and_survives_a_second_translate(translated: Path) -> None:
    from bilingual.pipeline import TranslateConfig, translate_file

    out = translated.parent
    stem = translated.name[: -len(".json")]
    result = _run("export", translated)
    assert result.exit_code == 0, result.output
    xlf = out / f"{stem}.xlf"
    assert xlf.exists() and "bilingual import" in result.output
    machine = Document.load(translated).blocks[0].sentences[0].target
    uid = _edit_first_target(xlf, EDIT)

    result = _run("import", translated, xlf)
    assert result.exit_code == 0, result.output
    assert "1 segment(s) changed" in result.output and uid in result.output
    doc = Document.load(translated)
    first = doc.blocks[0].sentences[0]
    assert (first.target, first.origin, first.machine_target) == (EDIT, "human", machine)

    for args in ([], ["--granularity", "sentence", "--layout", "stacked", "--landscape"]):
        result = _run("render", translated, *args)
        assert result.exit_code == 0, result.output
        assert "1 edited by hand" in result.output
        assert EDIT in _docx_text(out / f"{stem}.docx")
        assert EDIT in _epub_text(out / f"{stem}.epub")

    # the same import twice changes nothing and says so
    again = _run("import", translated, xlf)
    assert again.exit_code == 0 and "no changes" in again.output

    # a second translate run of the same article keeps the editor's sentence
    src = translated.parent.parent / f"{stem}.txt"
    second = translate_file(src, TranslateConfig(out_dir=out, use_cache=False))
    assert second.kept == 1
    kept = Document.load(translated).blocks[0].sentences[0]
    assert (kept.target, kept.origin) == (EDIT, "human")
    assert EDIT in _docx_text(out / f"{stem}.docx")


def test_export_tmx_and_reviewed_only(translated: Path, tmp_path: Path) -> None:
    target = tmp_path / "memory.tmx"
    result = _run("export", translated, "--to", "tmx", "-o", target)
    assert result.exit_code == 0, result.output
    root = etree.parse(str(target)).getroot()
    assert root.get("version") == "1.4" and len(root.findall(".//tu")) == len(Document.load(translated).sentences())
    result = _run("export", translated, "--to", "tmx", "-o", target, "--reviewed-only")
    assert result.exit_code == 0 and root is not None
    assert etree.parse(str(target)).getroot().findall(".//tu") == []  # machine output only


@pytest.mark.parametrize("case", ["unknown-id", "other-document", "malformed", "xliff2"])
def test_import_refusals_exit_2_and_change_nothing(translated: Path, tmp_path: Path, case: str) -> None:
    xlf = tmp_path / "edited.xlf"
    assert _run("export", translated, "-o", xlf).exit_code == 0
    _edit_first_target(xlf, EDIT)
    data = xlf.read_bytes()
    if case == "unknown-id":
        first = next(iter_units(Document.load(translated))).id
        data = data.replace(first.encode(), b"b1s9-0123456789ab")
    elif case == "other-document":
        data = data.replace(b"document: urn:uuid:", b"document: urn:uuid:0")
    elif case == "malformed":
        data = data[: len(data) // 2]
    else:
        data = b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"><file id="f"/></xliff>'
    xlf.write_bytes(data)
    before = translated.read_bytes()
    result = _run("import", translated, xlf)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error:") and len(result.output.strip().splitlines()) <= 3
    assert "Traceback" not in result.output
    assert translated.read_bytes() == before


def test_export_import_render_errors(tmp_path: Path, translated: Path) -> None:
    assert _run("export", tmp_path / "none.json").exit_code == 2
    bad = _run("export", translated, "--to", "po")
    assert bad.exit_code == 2 and "unknown export format" in bad.output
    assert _run("import", tmp_path / "none.json", tmp_path / "x.xlf").exit_code == 2
    missing = _run("import", translated, tmp_path / "x.xlf")
    assert missing.exit_code == 2 and "no such file" in missing.output
    assert _run("render", tmp_path / "none.json").exit_code == 2
    layout = _run("render", translated, "--layout", "diagonal")
    assert layout.exit_code == 2 and "layout" in layout.output
    fmt = _run("render", translated, "-f", "json")
    assert fmt.exit_code == 2 and "unknown output format" in fmt.output


def test_render_into_another_folder(tmp_path: Path, translated: Path) -> None:
    result = _run("render", translated, "-o", tmp_path / "editions", "-f", "docx")
    assert result.exit_code == 0, result.output
    assert [p.suffix for p in (tmp_path / "editions").iterdir()] == [".docx"]
