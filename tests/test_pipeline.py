"""End to end: the sample article through the real engine code on the tiny test-double model."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.model import Document
from bilingual.pipeline import TranslateConfig, translate_file

from epubcheck_util import epubcheck_errors

GLOSSARY = Path(__file__).resolve().parent.parent / "glossary" / "ru-en.tsv"
runner = CliRunner()


@pytest.fixture
def work(tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding the sample and the project glossary, as a user's checkout would."""
    (tmp_path / "seeds").mkdir()
    shutil.copy(sample_path, tmp_path / "seeds" / sample_path.name)
    (tmp_path / "glossary").mkdir()
    shutil.copy(GLOSSARY, tmp_path / "glossary" / "ru-en.tsv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory, sample_path: Path):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("out")
    config = TranslateConfig(out_dir=out, glossary=GLOSSARY, use_cache=False)
    return translate_file(sample_path, config)


def test_sample_translates_into_three_files(translated, sample_path: Path) -> None:  # type: ignore[no-untyped-def]
    stem = sample_path.stem
    assert sorted(translated.outputs) == ["docx", "epub", "json"]
    for kind, path in translated.outputs.items():
        assert path.name == f"{stem}.{kind}" and path.stat().st_size > 0
    assert translated.blocks == 21 and translated.sentences == 41
    doc = Document.load(translated.outputs["json"])
    assert doc.meta.date == "2025-10-09"
    assert doc.meta.model.name and doc.meta.model.version
    assert doc.meta.model.description.startswith("TEST DOUBLE")  # the colophon says what made it
    assert all(s.target and s.origin == "machine" for s in doc.sentences())
    # the tiny model is a word-by-word dictionary: a sentence it knows fully comes out known
    lead = doc.blocks[0].sentences[0]
    assert lead.target.startswith("President Russia Vladimir Putin")
    assert doc.meta.title_target == lead.target.rstrip(".")
    # no stray temp files beside the editions
    assert sorted(p.name for p in translated.outputs["json"].parent.iterdir()) == sorted(p.name for p in translated.outputs.values())


def test_glossary_zero_violations_and_curated_names(translated) -> None:  # type: ignore[no-untyped-def]
    doc = translated.document
    assert doc.meta.glossary is not None and doc.meta.glossary.entries > 20
    assert translated.violations == 0
    assert not [s.issues for s in doc.sentences() if s.issues]
    english = " ".join(b.target for b in doc.blocks)
    for name in ("Putin", "Aliyev", "Dushanbe", "State Duma", "Kohi Somon", "Makhachkala", "Zhurova", "Wasserman"):
        assert name in english, name
    # no Russian form of a curated name leaks into the English
    for russian in ("Путин", "Алиев", "Душанбе", "Госдум", "Махачкал"):
        assert russian not in english, russian


def test_sample_names_the_engine_gets_right_go_in_unmodified(translated) -> None:  # type: ignore[no-untyped-def]
    """auto enforcement on the sample (tests' engine, a TEST DOUBLE): sentences whose terms the
    engine writes itself are decoded from the unmodified Russian; the others get only their
    missing terms substituted; each path is counted and recorded in the JSON."""
    doc = Document.load(translated.outputs["json"])
    termed = [s for s in doc.sentences() if s.terms]
    assert {s.enforcement for s in doc.sentences() if not s.terms} == {""}
    model = [s for s in termed if s.enforcement == "model"]
    substituted = [s for s in termed if s.enforcement == "substituted"]
    assert len(model) + len(substituted) == len(termed) and model and substituted
    assert all(s.engine_source == s.source for s in model)
    assert all(s.engine_source != s.source for s in substituted)
    first = doc.blocks[0].sentences[0]  # «Президент России Владимир Путин и лидер Азербайджана Ильхам Алиев …»
    assert first.enforcement == "model" and first.engine_source == first.source
    assert translated.enforcement == {"model": len(model), "alternative": 0, "substituted": len(substituted),
                                      "post-edited": 0, "violated": 0}
    assert doc.meta.glossary is not None and doc.meta.glossary.layers[0].startswith("built-in (")
    assert doc.meta.glossary.layers[-1].startswith("project (") and doc.meta.glossary.title


def test_docx_and_epub_carry_the_translation(translated) -> None:  # type: ignore[no-untyped-def]
    import docx

    d = docx.Document(str(translated.outputs["docx"]))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert any("Vladimir Putin" in c for c in cells)
    assert any("Владимир Путин" in c for c in cells)
    with zipfile.ZipFile(translated.outputs["epub"]) as z:
        xhtml = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
    assert "Kohi Somon" in xhtml and "Кохи Сомон" in xhtml
    assert epubcheck_errors(translated.outputs["epub"], warnings=True) == []


def test_second_run_uses_cache_and_keeps_human_edits(tmp_path: Path, sample_path: Path) -> None:
    config = TranslateConfig(out_dir=tmp_path / "out", glossary=GLOSSARY, cache_dir=tmp_path / "cache")
    first = translate_file(sample_path, config)
    assert first.translated == first.sentences and first.cached == 0
    # an editor corrects one sentence in the JSON
    data = json.loads(first.outputs["json"].read_text(encoding="utf-8"))
    edited = data["blocks"][2]["sentences"][0]
    edited["target"], edited["origin"] = "An editor wrote this sentence.", "human"
    first.outputs["json"].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    second = translate_file(sample_path, config)
    assert second.translated == 0
    assert second.kept == 1 and second.cached == second.sentences - 1
    sent = second.document.blocks[2].sentences[0]
    assert sent.target == "An editor wrote this sentence." and sent.origin == "human"
    import docx

    cells = [c.text for t in docx.Document(str(second.outputs["docx"])).tables for r in t.rows for c in r.cells]
    assert any("An editor wrote this sentence." in c for c in cells)


def test_cli_translate_prints_summary(work: Path) -> None:
    result = runner.invoke(app, ["translate", "seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "21 blocks (11 paragraph, 5 quote, 3 heading, 2 caption), 41 sentences" in result.output
    assert "no violations" in result.output
    for ext in ("docx", "epub", "json"):
        assert (work / "out" / f"2025-10-09-putin-aliyev-dushanbe.ru.{ext}").exists()


def test_cli_format_subset(work: Path) -> None:
    result = runner.invoke(app, ["translate", "seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt", "-f", "json", "-q", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (work / "out").iterdir()] == ["2025-10-09-putin-aliyev-dushanbe.ru.json"]


@pytest.mark.parametrize(
    "name,content,needle",
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "is empty"),
        ("binary.txt", bytes(range(256)) * 40, "binary"),
        ("english.txt", b"Just English.\n", "no Russian"),
        ("folder", "dir", "no file bilingual can read"),
        ("bad-utf.txt", b"\xff\xfe\x00\xd8 broken", "re-save it as UTF-8"),
        ("out.json", '{"text": "Привет"}'.encode(), "use 'bilingual render'"),
        ("article.docx", b"PK\x03\x04 not really", "docx"),
        ("book.pdf", b"%PDF-1.4", "ebook-convert"),
        ("book.mobi", b"BOOKMOBI", "ebook-convert"),
        ("notes.odt", b"PK\x03\x04", "soffice"),
    ],
)
def test_cli_bad_input_one_line_exit_2_nothing_written(work: Path, name: str, content, needle: str) -> None:  # type: ignore[no-untyped-def]
    target = work / name
    if content == "dir":
        target.mkdir()
    elif content is not None:
        target.write_bytes(content)
    result = runner.invoke(app, ["translate", name, "-q", "--no-cache"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0], result.output
    assert not (work / "out").exists() or not any((work / "out").iterdir())


def test_cli_unknown_format_is_refused(work: Path) -> None:
    result = runner.invoke(app, ["translate", "seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt", "-f", "pdf"])
    assert result.exit_code == 2 and "unknown output format pdf" in result.output


def test_no_model_offline_says_how_to_install(work: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path_factory.mktemp("no-packages")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(empty))
    result = runner.invoke(app, ["translate", "seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt", "--no-install", "-q"])
    assert result.exit_code == 2
    assert "bilingual models install" in result.output and "Traceback" not in result.output
    assert not (work / "out").exists() or not any((work / "out").iterdir())


@pytest.mark.parametrize(
    "target,error,needle",
    [
        ("bilingual.fileio.os.replace", OSError(28, "No space left on device"), "No space left on device"),
        ("bilingual.fileio.tempfile.mkstemp", PermissionError(13, "Permission denied"), "Permission denied"),
    ],
    ids=["disk-full", "read-only-folder"],
)
def test_write_failure_keeps_earlier_editions(work: Path, monkeypatch: pytest.MonkeyPatch, target: str, error: OSError, needle: str) -> None:
    """Simulated (the tests run as root, which ignores folder permissions)."""
    args = ["translate", "seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt", "-q", "--no-cache"]
    assert runner.invoke(app, args).exit_code == 0
    out = work / "out"
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def fail(*_a, **_k):  # type: ignore[no-untyped-def]
        raise error

    monkeypatch.setattr(target, fail)
    result = runner.invoke(app, [*args, "--layout", "interleaved"])  # other options: the editions must be rewritten
    assert result.exit_code == 2 and needle in result.output and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_translate_after_align_keeps_the_human_translation(tmp_path: Path) -> None:
    data = Path(__file__).parent / "data" / "align"
    ru = next(data.glob("dushanbe*.ru.txt"))
    en = next(data.glob("dushanbe*.en.txt"))
    out = tmp_path / "out"
    aligned = runner.invoke(app, ["align", str(ru), str(en), "-o", str(out), "-f", "json", "--no-glossary"])
    assert aligned.exit_code == 0, aligned.output
    before = Document.load(out / f"{ru.stem}.json")
    aligned_targets = [s.target for s in before.sentences() if s.origin == "aligned"]
    assert len(aligned_targets) > 10

    result = translate_file(ru, TranslateConfig(out_dir=out, formats=("json",), use_cache=False))
    after = result.document
    assert [s.target for s in after.sentences() if s.origin == "aligned"] == aligned_targets
    assert result.translated == sum(1 for s in after.sentences() if s.origin == "machine")


def test_edit_of_a_changed_sentence_is_saved_not_dropped(tmp_path: Path, sample_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(sample_path.read_text(encoding="utf-8"), encoding="utf-8")
    config = TranslateConfig(out_dir=tmp_path / "out", formats=("json",), use_cache=False)
    first = translate_file(src, config)
    data = json.loads(first.outputs["json"].read_text(encoding="utf-8"))
    edited = data["blocks"][2]["sentences"][0]
    edited["target"], edited["origin"] = "Edited by a human.", "human"
    first.outputs["json"].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    # the author rewrites that very sentence
    src.write_text(src.read_text(encoding="utf-8").replace("Встреча Путина и Алиева в правительственной", "Беседа Путина и Алиева в правительственной"), encoding="utf-8")

    second = translate_file(src, config)
    orphans = tmp_path / "out" / "a.orphaned-edits.json"
    assert orphans.exists() and "Edited by a human." in orphans.read_text(encoding="utf-8")
    assert any("could not be placed" in w for w in second.warnings)
    assert second.kept == 0


def test_a_front_matter_title_is_translated_with_the_glossary(tmp_path: Path) -> None:
    src = tmp_path / "a.md"
    src.write_text("---\ntitle: Путин и Алиев встретились\ndate: 2025-10-09\n---\n\nЯ люблю тебя.\n", encoding="utf-8")
    result = translate_file(src, TranslateConfig(out_dir=tmp_path / "out", glossary=GLOSSARY, use_cache=False))
    assert result.document.meta.title == "Путин и Алиев встретились"
    assert result.document.meta.title_target == "Putin and Aliyev met"
    assert result.sentences == 1 and result.translated == 1  # the title is not counted as a sentence
    import docx

    assert "Putin and Aliyev met" in "\n".join(p.text for p in docx.Document(str(result.outputs["docx"])).paragraphs)


def test_an_output_path_that_is_a_file_fails_before_translating(work: Path) -> None:
    (work / "afile").write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["translate", "seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt", "-o", "afile", "-q", "--no-cache"])
    assert result.exit_code == 2
    assert "afile is a file, not a folder" in result.output and "Traceback" not in result.output
    assert (work / "afile").read_text(encoding="utf-8") == "not a folder"


def test_a_text_file_given_as_a_document_is_refused_naming_it(work: Path) -> None:
    result = runner.invoke(app, ["export", "seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt"])
    assert result.exit_code == 2
    assert "2025-10-09-putin-aliyev-dushanbe.ru.txt: not valid JSON" in result.output and "out/<stem>.json" in result.output
