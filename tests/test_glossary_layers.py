"""Glossary layers: built-in (package data), user (config folder), project; merging, switches,
the CLI's ``glossary path|init``, and a translation run from a folder with no glossary in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.errors import GlossaryError
from bilingual.glossary import Glossary
from bilingual.glossary.layers import (
    GlossarySettings,
    builtin_bytes,
    builtin_glossary,
    glossary_layers,
    init_glossary,
    resolve_glossary,
    user_glossary_path,
)
from bilingual.model import Document
from bilingual.pipeline import TranslateConfig, Translator, translate_file

REPO = Path(__file__).resolve().parent.parent
HEADER = "source\ttarget\tnote\tkind\tmatch\tforms\taccept\n"
runner = CliRunner()


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder and an empty user config folder of this test's own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def write(path: Path, rows: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_builtin_is_package_data_with_a_title() -> None:
    g = builtin_glossary()
    assert len(g) >= 40 and g.get("Путин").target == "Putin"  # type: ignore[union-attr]
    assert (REPO / "bilingual" / "data" / "glossary" / "ru-en.tsv").read_bytes() == builtin_bytes()
    layer = glossary_layers(GlossarySettings(user=False, cwd=REPO / "bilingual"))[0]
    assert layer.name == "built-in" and layer.title == "bilingual curated Russian–English glossary"
    assert layer.line() == f"built-in ({len(g)} entries)"


def test_user_path_is_in_the_config_folder(home: Path) -> None:
    assert user_glossary_path() == home.parent / "config" / "bilingual" / "ru-en.tsv"


def test_layers_merge_later_wins_per_entry_and_keep_columns(home: Path) -> None:
    write(user_glossary_path(), "Путин\tPoutine\tFrench style\nЗмей Горыныч\tZmey Gorynych\n")
    write(home / "glossary" / "ru-en.tsv", "Путин\tPutin V.\t\tperson\t\t\tPutin\nАлиев\tAliev\n")
    g = resolve_glossary()
    assert g is not None
    assert g.get("Путин").target == "Putin V." and g.get("Путин").accept == ["Putin"]  # type: ignore[union-attr]
    assert g.get("Змей Горыныч").target == "Zmey Gorynych"  # type: ignore[union-attr]
    assert g.get("Алиев").target == "Aliev" and g.get("Душанбе").target == "Dushanbe"  # type: ignore[union-attr]
    assert len(g) == len(builtin_glossary()) + 1  # Змей Горыныч is new; the others replace built-in entries
    assert [m.target for m in g.find("Встреча Путина и Алиева")] == ["Putin V.", "Aliev"]
    info = g.info()
    assert info.layers == [f"built-in ({len(builtin_glossary())} entries)", "user (2 entries)", "project (2 entries)"]
    assert info.path == "glossary/ru-en.tsv" and info.entries == len(g) and len(info.sha256) == 64
    assert info.title == "project glossary"
    assert not any("/" in line for line in info.layers)


def test_switches(home: Path) -> None:
    write(home / "glossary" / "ru-en.tsv", "Алиев\tAliev\n")
    only_project = resolve_glossary(GlossarySettings(no_builtin=True))
    assert only_project is not None and len(only_project) == 1
    assert resolve_glossary(GlossarySettings(no_glossary=True)) is None
    assert resolve_glossary(GlossarySettings(no_builtin=True, project=Glossary.from_entries([("Баку", "Baku")]))).info().layers == ["project (1 entry)"]  # type: ignore[union-attr]


def test_missing_project_file_is_one_line_without_cli_flags(home: Path) -> None:
    with pytest.raises(GlossaryError) as err:
        resolve_glossary(GlossarySettings(project=home / "nope.tsv"))
    assert "nope.tsv" in str(err.value) and "--" not in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(GlossaryError) as err2:
        translate_file(home / "a.txt", TranslateConfig(glossary=home / "nope.tsv"))
    assert "--" not in str(err2.value)


def test_init_copies_builtin_and_refuses_to_overwrite(home: Path) -> None:
    dest = init_glossary()
    assert dest == user_glossary_path() and dest.read_bytes() == builtin_bytes()
    dest.write_text(HEADER + "Путин\tPoutine\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="already exists"):
        init_glossary()
    assert "Poutine" in dest.read_text(encoding="utf-8")
    init_glossary(force=True)
    assert dest.read_bytes() == builtin_bytes()


def test_cli_path_and_init(home: Path) -> None:
    result = runner.invoke(app, ["glossary", "path"])
    assert result.exit_code == 0, result.output
    lines = [ln.split("\t") for ln in result.stdout.splitlines()]
    assert [ln[0] for ln in lines] == ["built-in"] and int(lines[0][1]) == len(builtin_glossary())
    assert Path(lines[0][2]).read_bytes() == builtin_bytes()
    assert "no user glossary" in result.stderr
    made = runner.invoke(app, ["glossary", "init"])
    assert made.exit_code == 0 and user_glossary_path().is_file()
    again = runner.invoke(app, ["glossary", "init"])
    assert again.exit_code == 2 and "--force" in again.stderr and "already exists" in again.stderr
    assert runner.invoke(app, ["glossary", "init", "--force"]).exit_code == 0
    write(home / "glossary" / "ru-en.tsv", "Алиев\tAliev\n")
    shown = runner.invoke(app, ["glossary", "path", "--no-builtin-glossary"])
    assert [ln.split("\t")[:2] for ln in shown.stdout.splitlines()] == [["user", str(len(builtin_glossary()))], ["project", "1"]]
    assert runner.invoke(app, ["glossary", "path", "--no-glossary"]).stdout == ""


def test_translate_from_any_folder_applies_the_builtin_glossary(home: Path) -> None:
    src = home / "a.ru.txt"
    src.write_text("Путин и Алиев встретились в Душанбе. Рахмон приехал.\n", encoding="utf-8")
    result = translate_file(src, TranslateConfig(out_dir=home / "out", formats=("json",), use_cache=False))
    doc = Document.load(result.outputs["json"])
    assert doc.meta.glossary is not None and doc.meta.glossary.layers == [f"built-in ({len(builtin_glossary())} entries)"]
    assert doc.meta.glossary.path == "" and doc.meta.glossary.title == "bilingual curated Russian–English glossary"
    first, second = doc.sentences()
    assert first.enforcement == "model" and first.engine_source == first.source  # the engine wrote the names itself
    assert second.enforcement == "substituted" and second.target.startswith("Rahmon")
    assert result.enforcement["model"] == 1 and result.enforcement["substituted"] == 1 and result.violations == 0


def test_no_glossary_and_translator_layers(home: Path) -> None:
    src = home / "a.ru.txt"
    src.write_text("Рахмон приехал.\n", encoding="utf-8")
    bare = translate_file(src, TranslateConfig(out_dir=home / "o1", formats=("json",), use_cache=False, no_glossary=True))
    assert bare.document.meta.glossary is None and bare.document.sentences()[0].enforcement == ""
    project = Glossary.from_entries([("Рахмон", "Rakhmon")])
    with Translator(TranslateConfig(use_cache=False), project) as t:  # a Glossary object: the project layer
        assert t.glossary.get("Рахмон").target == "Rakhmon" and t.glossary.get("Путин") is not None
        assert t.glossary.info().layers[-1] == "project (1 entry)"
