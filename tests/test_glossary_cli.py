"""`bilingual glossary …` through typer's CliRunner: help, exit codes, messages, files."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.glossary import apply_glossary, load_glossary
from bilingual.model import Document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "2025-10-09-putin-aliyev-dushanbe.ru.txt"
PROJECT_GLOSSARY = ROOT / "glossary" / "ru-en.tsv"
COMMANDS = ["list", "add", "remove", "scan", "suggest", "check", "import", "export"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with glossary/ru-en.tsv (the default path) and the sample."""
    (tmp_path / "glossary").mkdir()
    shutil.copy(PROJECT_GLOSSARY, tmp_path / "glossary" / "ru-en.tsv")
    shutil.copy(SAMPLE, tmp_path / "article.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["glossary", *args])


def test_group_help_lists_every_command(runner: CliRunner) -> None:
    result = run(runner, "--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(runner: CliRunner, name: str) -> None:
    result = run(runner, name, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    if name != "export":
        assert "--glossary" in result.output


def test_check_help_documents_exit_status(runner: CliRunner) -> None:
    out = run(runner, "check", "--help").output
    assert "0 no violations" in out and "1 violations found" in out


def test_list_all_and_pattern(runner: CliRunner, work: Path) -> None:
    result = run(runner, "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "Владимир Путин\tVladimir Putin\tPresident of Russia\tperson" in lines
    assert f"{len(lines)} of {len(lines)} entries" in result.stderr
    result = run(runner, "list", "Путина")  # an inflected form finds its entry
    assert result.exit_code == 0
    assert [ln.split("\t")[0] for ln in result.stdout.splitlines()] == ["Путин"]
    result = run(runner, "list", "путин")  # a substring, any case
    assert [ln.split("\t")[0] for ln in result.stdout.splitlines()] == ["Владимир Путин", "Путин"]
    assert run(runner, "list", "duma").stdout.count("State Duma") >= 3  # target, any case
    result = run(runner, "list", "Шойгу")
    assert result.exit_code == 1 and "no entry matches 'Шойгу'" in result.stderr


def test_add_remove_round_trip_and_force(runner: CliRunner, work: Path) -> None:
    path = work / "glossary" / "ru-en.tsv"
    before = path.read_text(encoding="utf-8")
    result = run(runner, "add", "Касым-Жомарт Токаев", "Kassym-Jomart Tokayev", "--note", "President of Kazakhstan", "--kind", "person")
    assert result.exit_code == 0, result.output
    assert "added «Касым-Жомарт Токаев» → 'Kassym-Jomart Tokayev'" in result.stderr
    assert path.read_text(encoding="utf-8") == before + "Касым-Жомарт Токаев\tKassym-Jomart Tokayev\tPresident of Kazakhstan\tperson\n"
    result = run(runner, "add", "Касым-Жомарт Токаев", "Kasym-Zhomart Tokayev")
    assert result.exit_code == 2
    assert "already in the glossary" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.output
    result = run(runner, "add", "Путину", "Putinu")
    assert result.exit_code == 2 and "already matched by the entry «Путин»" in result.stderr
    result = run(runner, "add", "Касым-Жомарт Токаев", "Kassym-Zhomart Tokayev", "--force")
    assert result.exit_code == 0 and "replaced" in result.stderr and "was 'Kassym-Jomart Tokayev'" in result.stderr
    result = run(runner, "remove", "Касым-Жомарт Токаев")
    assert result.exit_code == 0 and "removed «Касым-Жомарт Токаев»" in result.stderr
    assert path.read_text(encoding="utf-8") == before
    result = run(runner, "remove", "Касым-Жомарт Токаев")
    assert result.exit_code == 2 and "not in the glossary" in result.stderr


def test_add_creates_a_new_glossary(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "new" / "g.tsv"
    result = run(runner, "add", "Путин", "Putin", "-g", str(path))
    assert result.exit_code == 0 and "created" in result.stderr
    assert path.read_text(encoding="utf-8") == "source\ttarget\tnote\nПутин\tPutin\n"


def test_malformed_glossary_is_one_line_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("source\ttarget\nПутин\tPutin\nАлиев\n", encoding="utf-8")
    for args in (["list"], ["scan", str(SAMPLE)], ["add", "Баку", "Baku"], ["export", str(tmp_path / "x.csv")]):
        result = run(runner, *args, "-g", str(bad))
        assert result.exit_code == 2, args
        assert "bad.tsv, line 3" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.csv").exists()
    assert bad.read_text(encoding="utf-8") == "source\ttarget\nПутин\tPutin\nАлиев\n"


def test_missing_glossary_says_how_to_create_it(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "list", "-g", str(tmp_path / "none.tsv"))
    assert result.exit_code == 2 and "bilingual glossary add" in result.stderr


def test_scan_json_shape_on_the_sample(runner: CliRunner, work: Path) -> None:
    result = run(runner, "scan", "article.txt", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data[0]["source"] == "Россия"
    first = next(d for d in data if d["source"] == "Владимир Путин")
    assert first["target"] == "Vladimir Putin"
    assert first["matches"][0] == {"block": 0, "start": 17, "end": 31, "text": "Владимир Путин"}
    total = len(load_glossary(PROJECT_GLOSSARY))
    assert f"{len(data)} of {total} entries found, {sum(len(d['matches']) for d in data)} matches in 21 blocks" in result.stderr


def test_scan_text_output(runner: CliRunner, work: Path) -> None:
    result = run(runner, "scan", "article.txt")
    assert result.exit_code == 0
    row = next(ln for ln in result.stdout.splitlines() if ln.startswith("Путин\t"))
    assert row.startswith("Путин\tPutin\t11×\tПутин, Путина, Путину, Путиным")


def test_scan_missing_input(runner: CliRunner, work: Path) -> None:
    result = run(runner, "scan", "nope.txt")
    assert result.exit_code == 2 and "nope.txt" in result.stderr


def test_suggest_prints_and_adds(runner: CliRunner, work: Path) -> None:
    result = run(runner, "suggest", "article.txt")
    assert result.exit_code == 0 and result.stdout == ""
    assert "0 names/acronyms" in result.stderr
    small = work / "small.tsv"
    small.write_text("# mine\nsource\ttarget\tnote\tkind\nПутин\tPutin\t\tperson\n", encoding="utf-8")
    result = run(runner, "suggest", "article.txt", "-g", str(small))
    assert result.exit_code == 0
    rows = [ln.split("\t") for ln in result.stdout.splitlines()]
    assert ["Алиев", "Aliyev"] in [r[:2] for r in rows]
    assert all(len(r) == 3 for r in rows) and not any(r[0] == "Путин" for r in rows)
    as_json = json.loads(run(runner, "suggest", "article.txt", "-g", str(small), "--json").stdout)
    assert {"source", "target", "kind", "count", "forms", "lemma"} <= set(as_json[0])
    result = run(runner, "suggest", "article.txt", "--add-all", "-g", str(small))  # transliterations too
    counts = re.search(r"added (\d+) entries .*; (\d+) not added", result.stderr)
    assert result.exit_code == 0 and counts is not None, result.stderr
    added, listed = int(counts.group(1)), int(counts.group(2))
    assert added + listed == len(rows) and added >= len(rows) - 2 and "skipped" not in result.stderr
    g = load_glossary(small)
    assert len(g) == 1 + added and g.file.lines[0] == "# mine"
    assert g.get("Махачкала").kind == "place"  # type: ignore[union-attr]
    result = run(runner, "suggest", "article.txt", "-g", str(small))
    assert len(result.stdout.splitlines()) == listed  # only what could not be added is left


def _translated(work: Path, english_for) -> Path:  # type: ignore[no-untyped-def]
    from bilingual.read import read_document

    doc = read_document(work / "article.txt")
    apply_glossary(doc, load_glossary(work / "glossary" / "ru-en.tsv"))
    for s in doc.sentences():
        s.target, s.origin = english_for(s.engine_source), "machine"
    return doc.save(work / "out" / "article.json")


def test_check_clean_document_exit_0(runner: CliRunner, work: Path) -> None:
    path = _translated(work, lambda text: text)
    result = run(runner, "check", str(path))
    assert result.exit_code == 0, result.output
    assert "no glossary violations" in result.stderr and result.stdout == ""


def test_check_violations_exit_1_and_write(runner: CliRunner, work: Path) -> None:
    path = _translated(work, lambda text: text.replace("Makhachkala", "Mahachkala"))
    result = run(runner, "check", str(path))
    assert result.exit_code == 1
    assert "block 5, sentence 3: «Махачкалы» should be 'Makhachkala'" in result.stdout
    assert "English: " in result.stdout and "Mahachkala" in result.stdout
    assert "1 glossary violation in" in result.stderr
    assert Document.load(path).sentences()[0].issues == []  # not written without --write
    assert run(runner, "check", str(path), "--write").exit_code == 1
    issues = [i for s in Document.load(path).sentences() for i in s.issues]
    assert [(i.source, i.target) for i in issues] == [("Махачкала", "Makhachkala")]


def test_check_rematch_uses_the_edited_glossary(runner: CliRunner, work: Path) -> None:
    path = _translated(work, lambda text: text)
    assert run(runner, "add", "Таджикистан", "Tadjikistan", "--force").exit_code == 0
    assert run(runner, "check", str(path)).exit_code == 0  # terms recorded at translation time
    result = run(runner, "check", str(path), "--rematch")
    assert result.exit_code == 1 and "'Tadjikistan'" in result.stdout


def test_check_bad_document_exit_2(runner: CliRunner, work: Path) -> None:
    (work / "x.json").write_text("{not json", encoding="utf-8")
    result = run(runner, "check", "x.json")
    assert result.exit_code == 2 and "not valid JSON" in result.stderr
    result = run(runner, "check", "missing.json")
    assert result.exit_code == 2 and "no such file" in result.stderr


@pytest.mark.parametrize("ext", ["tsv", "csv", "tbx"])
def test_export_import_round_trip(runner: CliRunner, work: Path, ext: str) -> None:
    out = work / f"export.{ext}"
    n = len(load_glossary(PROJECT_GLOSSARY))
    result = run(runner, "export", str(out))
    assert result.exit_code == 0 and f"exported {n} entries" in result.stderr
    result = run(runner, "import", str(out), "-g", "copy.tsv")
    assert result.exit_code == 0 and f"{n} added, 0 replaced, 0 already present" in result.stderr
    original = [(e.source, e.target, e.note, e.extra) for e in load_glossary(work / "glossary" / "ru-en.tsv")]
    assert [(e.source, e.target, e.note, e.extra) for e in load_glossary(work / "copy.tsv")] == original
    result = run(runner, "import", str(out))
    assert result.exit_code == 0 and f"0 added, 0 replaced, {n} already present" in result.stderr


def test_import_conflict_exit_2_then_force(runner: CliRunner, work: Path) -> None:
    other = work / "other.csv"
    other.write_text("Алиев,Aliev\n", encoding="utf-8")
    result = run(runner, "import", str(other))
    assert result.exit_code == 2 and "conflicts" in result.stderr and "--force" in result.stderr
    result = run(runner, "import", str(other), "--force")
    assert result.exit_code == 0 and "0 added, 1 replaced" in result.stderr
    assert load_glossary(work / "glossary" / "ru-en.tsv").get("Алиев").target == "Aliev"  # type: ignore[union-attr]


def test_export_unknown_format(runner: CliRunner, work: Path) -> None:
    result = run(runner, "export", "g.xlsx")
    assert result.exit_code == 2 and "use .tsv, .csv or .tbx" in result.stderr


# ------------------------------------------------------------------ add: twins, overlaps, --sample, --force


def _one_line_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and result.stderr.count("\n") == 1, result.stderr
    return lines[0]


def test_add_refuses_an_overlap_and_shows_the_sample(runner: CliRunner, tmp_path: Path) -> None:
    g = tmp_path / "g.tsv"
    g.write_text("source\ttarget\tnote\nПутин\tPutin\nАлиев\tAliyev\tpresident\n", encoding="utf-8")
    before = g.read_bytes()
    line = _one_line_error(run(runner, "add", "Алиева", "Aliyeva", "-g", str(g)))
    assert "«Алиева» shares inflected forms with 1 entry: «Алиев» → 'Aliyev' (line 3)" in line
    assert "pass --force to add it anyway" in line and "--sample FILE" in line
    assert g.read_bytes() == before
    sample = tmp_path / "s.txt"
    sample.write_text("Переговоры Путина и Алиева.\n\nВстреча с Алиевой.\n", encoding="utf-8")
    result = run(runner, "add", "Алиева", "Aliyeva", "--sample", str(sample), "-g", str(g))
    assert result.exit_code == 2 and g.read_bytes() == before
    assert result.stdout.splitlines() == [
        "block 0\t20-26\tАлиева\t«Алиев» -> «Алиева»",
        "block 1\t10-17\tАлиевой\t(no match) -> «Алиева»",
    ]
    assert "2 matches in" in result.stderr and "(1 taken from other entries)" in result.stderr
    result = run(runner, "add", "Алиева", "Aliyeva", "--force", "-g", str(g))
    assert result.exit_code == 0
    assert "warning: «Алиева» «Алиев» → 'Aliyev' (line 3) shares the forms" in result.stderr
    assert g.read_text(encoding="utf-8").splitlines()[-1] == "Алиева\tAliyeva"


def test_add_refuses_a_twin(runner: CliRunner, tmp_path: Path) -> None:
    g = tmp_path / "g.tsv"
    g.write_text("Путин\tPutin\n", encoding="utf-8")
    line = _one_line_error(run(runner, "add", "Путина", "Putin", "-g", str(g)))
    assert line == "error: «Путина» is only an inflected form of «Путин» → 'Putin' (line 1), which already matches it; pass --force to add it anyway"
    line = _one_line_error(run(runner, "add", "Путину", "Poutine", "-g", str(g)))
    assert "already matched by the entry «Путин»" in line and "--force" in line
    assert g.read_text(encoding="utf-8") == "Путин\tPutin\n"


def test_add_force_keeps_the_columns_not_given(runner: CliRunner, tmp_path: Path) -> None:
    g = tmp_path / "g.tsv"
    g.write_text("source\ttarget\tnote\tkind\nПутин\tPutin\tpresident\tperson\n", encoding="utf-8")
    line = _one_line_error(run(runner, "add", "Путин", "Poutine", "-g", str(g)))
    assert "already in the glossary" in line and "pass --force to replace that entry" in line
    result = run(runner, "add", "Путин", "Poutine", "--force", "-g", str(g))
    assert result.exit_code == 0 and "replaced «Путин» → 'Poutine'" in result.stderr
    assert g.read_text(encoding="utf-8").splitlines()[1] == "Путин\tPoutine\tpresident\tperson"
    assert run(runner, "add", "Путин", "Putin", "--note", "", "--force", "-g", str(g)).exit_code == 0
    assert g.read_text(encoding="utf-8").splitlines()[1] == "Путин\tPutin\t\tperson"


def test_list_escapes_hash_sources_so_the_output_pastes_back(runner: CliRunner, tmp_path: Path) -> None:
    g = tmp_path / "g.tsv"
    g.write_text("\\#хэштег\thashtag\nПутин\tPutin\n", encoding="utf-8")
    result = run(runner, "list", "-g", str(g))
    assert result.stdout.splitlines() == ["\\#хэштег\thashtag", "Путин\tPutin"]
    pasted = tmp_path / "pasted.tsv"
    pasted.write_text(result.stdout, encoding="utf-8")
    assert [e.source for e in load_glossary(pasted)] == ["#хэштег", "Путин"]


def test_quiet_drops_the_notes(runner: CliRunner, tmp_path: Path) -> None:
    g = tmp_path / "g.tsv"
    result = run(runner, "add", "Путин", "Putin", "-q", "-g", str(g))
    assert result.exit_code == 0 and result.stderr == ""
    result = run(runner, "list", "--quiet", "-g", str(g))
    assert result.stdout == "Путин\tPutin\n" and result.stderr == ""
    article = tmp_path / "a.txt"
    article.write_text("Сказал Пyтин.\n", encoding="utf-8")
    result = run(runner, "scan", str(article), "-q", "-g", str(g))
    assert result.stdout.startswith("Путин\tPutin\t1×\tПyтин")
    # the spelling problem is a warning: shown even with -q
    assert result.stderr.strip() == "warning: spelling: block 0, characters 7–12: «Пyтин» has Latin 'y' among Cyrillic letters (read as «Путин»); retype the word in Cyrillic"
    for cmd in (["remove", "Путин"], ["export", str(tmp_path / "out.tsv")]):
        result = run(runner, *cmd, "-q", "-g", str(g))
        assert result.exit_code == 0 and result.stderr == "", cmd
