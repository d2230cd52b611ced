"""`bilingual glossary …` through typer's CliRunner: help, exit codes, messages, files."""

from __future__ import annotations

import json
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
    result = run(runner, "suggest", "article.txt", "--add", "-g", str(small))
    assert result.exit_code == 0 and f"added {len(rows)} entries" in result.stderr
    g = load_glossary(small)
    assert len(g) == 1 + len(rows) and g.file.lines[0] == "# mine"
    assert g.get("Махачкала").kind == "place"  # type: ignore[union-attr]
    result = run(runner, "suggest", "article.txt", "-g", str(small))
    assert result.stdout == ""


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
    assert "block 4, sentence 2: «Махачкалы» should be 'Makhachkala'" in result.stdout
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
