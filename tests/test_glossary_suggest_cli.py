"""`bilingual glossary suggest` through typer's CliRunner: --add, --add-all, --json, --scheme, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.glossary import load_glossary

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "2025-10-09-putin-aliyev-dushanbe.ru.txt"
FORBIDDEN = {"Rossiya", "Azerbaydzhan", "RF", "PVO", "BPLA", "SNG", "Gosduma", "Moskva"}


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SAMPLE, tmp_path / "article.txt")
    (tmp_path / "names.txt").write_text(
        "Депутат Мария Бубликова выступила в Думе. Ведомство ГУМРФ промолчало. Бубликова ушла.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["glossary", "suggest", *args])


def test_add_writes_only_established_and_model_spellings(work: Path) -> None:
    listing = json.loads(run("article.txt", "-g", "new.tsv", "--json", "--no-model").stdout)
    expected = [d for d in listing if d["addable"] and d["origin"] != "transliterated"]
    result = run("article.txt", "-g", "new.tsv", "--add", "--no-model")
    assert result.exit_code == 0, result.output
    assert f"added {len(expected)} entries" in result.stderr and "--add-all" in result.stderr
    g = load_glossary(work / "new.tsv")
    targets = {e.source: e.target for e in g}
    assert set(targets) == {d["source"] for d in expected}
    assert targets["Россия"] == "Russia" and targets["Азербайджан"] == "Azerbaijan" and targets["ПВО"] == "air defence"
    assert not FORBIDDEN & set(targets.values())
    assert "Анатолий Вассерман" not in targets  # transliterated: only with --add-all
    assert all("unreviewed" not in e.note for e in g)
    assert g.get("Махачкала").kind == "place"  # type: ignore[union-attr]


def test_add_all_adds_transliterations_marked_unreviewed_but_never_unknown_acronyms(work: Path) -> None:
    result = run("names.txt", "-g", "new.tsv", "--add-all", "--no-model")
    assert result.exit_code == 0, result.output
    g = load_glossary(work / "new.tsv")
    entry = g.get("Мария Бубликова")
    assert entry is not None and entry.target == "Maria Bublikova" and "unreviewed" in entry.note
    assert g.get("ГУМРФ") is None and "not added" in result.stderr
    # a second run finds nothing new to add and still exits 0
    again = run("names.txt", "-g", "new.tsv", "--add-all", "--no-model")
    assert again.exit_code == 0 and "added 0 entries" in again.stderr


def test_plain_add_leaves_out_the_transliteration(work: Path) -> None:
    result = run("names.txt", "-g", "new.tsv", "--add", "--no-model")
    assert result.exit_code == 0
    assert not (work / "new.tsv").exists() or load_glossary(work / "new.tsv").get("Мария Бубликова") is None


def test_json_gives_every_field(work: Path) -> None:
    result = run("names.txt", "-g", "new.tsv", "--json", "--no-model", "--detector", "rules")
    assert result.exit_code == 0
    data = {d["source"]: d for d in json.loads(result.stdout)}
    b = data["Мария Бубликова"]
    assert {"source", "target", "kind", "count", "forms", "lemma", "origin", "confidence", "basis", "addable",
            "part_of", "contexts", "note"} <= set(b)
    assert (b["origin"], b["addable"], b["kind"]) == ("transliterated", True, "person")
    assert data["ГУМРФ"]["addable"] is False and data["ГУМРФ"]["kind"] == "acronym"
    assert data["Бубликова"]["part_of"] == "" and data["Бубликова"]["count"] == 2
    assert not (work / "new.tsv").exists()  # listing never writes


def test_scheme_selects_a_strict_standard_and_a_bad_one_exits_2(work: Path) -> None:
    result = run("names.txt", "-g", "new.tsv", "--scheme", "bgn_pcgn", "--no-model")
    assert result.exit_code == 0 and "Mariya Bublikova" in result.stdout
    bad = run("names.txt", "-g", "new.tsv", "--scheme", "klingon")
    assert bad.exit_code == 2 and "klingon" in bad.stderr and "bgn_pcgn" in bad.stderr
    bad = run("names.txt", "-g", "new.tsv", "--detector", "crystal-ball")
    assert bad.exit_code == 2 and "detector" in bad.stderr


def test_the_installed_model_is_used_unless_no_model(work: Path) -> None:
    (work / "z.txt").write_text("Вчера Бубликов выступил. Потом Лукашенко ответил.\n", encoding="utf-8")
    with_model = {d["source"]: d for d in json.loads(run("z.txt", "-g", "new.tsv", "--json", "--detector", "rules").stdout)}
    assert with_model["Лукашенко"]["origin"] == "established"  # the list beats the engine's "Lukashenka"
    without = {d["source"]: d for d in json.loads(run("z.txt", "-g", "new.tsv", "--json", "--no-model", "--detector", "rules").stdout)}
    assert without["Бубликов"]["origin"] == "transliterated"
