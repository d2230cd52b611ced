"""CLI: ``bilingual models list|install`` and ``bilingual cache info|clear``."""

from __future__ import annotations

import json
import urllib.error
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.translate import package_index
from bilingual.translate.cache import TranslationCache

runner = CliRunner()


@pytest.mark.parametrize("command", [["models"], ["models", "list"], ["models", "install"], ["cache"], ["cache", "info"], ["cache", "clear"]])
def test_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_list_shows_the_installed_package_and_locations(argos_packages_dir: Path) -> None:
    result = runner.invoke(app, ["models", "list"])
    assert result.exit_code == 0, result.output
    assert "translate-ru_en-tiny" in result.output and "ru→en" in result.output
    flat = result.output.replace("\n", "")
    assert "packages folder:" in flat and "translation cache:" in flat
    data = json.loads(runner.invoke(app, ["models", "list", "--json"]).output)
    assert data["packages_dir"] == str(argos_packages_dir)
    assert [(p["name"], p["from"], p["to"], p["version"], p["usable"]) for p in data["packages"]] == [
        ("translate-ru_en-tiny", "ru", "en", "0.1", True)]


def test_list_empty(tmp_path: Path) -> None:
    result = runner.invoke(app, ["models", "list", "--packages-dir", str(tmp_path)])
    assert result.exit_code == 0 and "no packages installed; run: bilingual models install" in result.output


def test_install_from_file_then_list(tiny_argosmodel: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["models", "install", str(tiny_argosmodel), "--packages-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "installed translate-ru_en-tiny (ru→en 0.1)" in result.output
    data = json.loads(runner.invoke(app, ["models", "list", "--json", "--packages-dir", str(tmp_path)]).output)
    assert [p["name"] for p in data["packages"]] == ["translate-ru_en-tiny"]


def test_install_bad_file_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "x.argosmodel"
    bad.write_text("not a zip")
    result = runner.invoke(app, ["models", "install", str(bad), "--packages-dir", str(tmp_path / "pk")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith("error:") and "zip" in result.output
    assert not (tmp_path / "pk").exists() or not any((tmp_path / "pk").iterdir())


def test_install_from_index_offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def no_network(url: str, *args: object, **kwargs: object) -> bytes:
        raise urllib.error.URLError("no route to host")

    monkeypatch.setattr(package_index, "_fetch", no_network)
    result = runner.invoke(app, ["models", "install", "--packages-dir", str(tmp_path), "-q"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "bilingual models install PATH.argosmodel" in result.output.replace("\n", "")


def test_cache_info_and_clear(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    result = runner.invoke(app, ["cache", "info", "--cache-dir", str(cache_dir)])
    assert result.exit_code == 0 and "entries: 0" in result.output and not cache_dir.exists()
    with TranslationCache(cache_dir) as cache:
        cache.put_many("k", [("Да.", "Yes."), ("Нет.", "No.")])
    result = runner.invoke(app, ["cache", "info", "--cache-dir", str(cache_dir)])
    assert result.exit_code == 0 and "entries: 2 translations" in result.output and "translations.sqlite3" in result.output
    data = json.loads(runner.invoke(app, ["cache", "info", "--json", "--cache-dir", str(cache_dir)]).output)
    assert data["entries"] == 2 and data["size_bytes"] > 0
    result = runner.invoke(app, ["cache", "clear", "--cache-dir", str(cache_dir)])
    assert result.exit_code == 0 and "cleared 2 cached translations" in result.output
    assert "entries: 0" in runner.invoke(app, ["cache", "info", "--cache-dir", str(cache_dir)]).output


def test_cache_defaults_to_env_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BILINGUAL_CACHE_DIR", str(tmp_path))
    result = runner.invoke(app, ["cache", "info"])
    assert result.exit_code == 0 and str(tmp_path) in result.output.replace("\n", "")
