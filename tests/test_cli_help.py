"""Every command and sub-command answers --help (found by walking the CLI, so new ones are covered)."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from bilingual.cli import app

runner = CliRunner()


def _paths(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    if hasattr(command, "commands"):  # a group (typer may vendor its own click)
        for name, sub in sorted(command.commands.items()):
            paths += _paths(sub, (*prefix, name))
    return paths


COMMANDS = _paths(typer.main.get_command(app))


def test_the_cli_has_every_documented_command() -> None:
    names = {" ".join(p) for p in COMMANDS}
    for expected in ("translate", "align", "export", "import", "render", "models list", "models install",
                     "glossary list", "glossary add", "glossary remove", "glossary scan", "glossary suggest",
                     "glossary check", "glossary import", "glossary export", "cache info", "cache clear"):
        assert expected in names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "bilingual")
def test_help(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and "Traceback" not in result.output


def test_no_arguments_shows_help_not_a_traceback() -> None:
    result = runner.invoke(app, [])
    assert "Usage:" in result.output and "Traceback" not in result.output


def test_unknown_option_is_a_usage_error() -> None:
    result = runner.invoke(app, ["translate", "--no-such-option"])
    assert result.exit_code == 2 and "No such option" in result.output


def test_help_shows_no_bool_metavar_and_version_prints() -> None:
    """The console entry point (what users run) shows flags without a ``<bool>`` value."""
    import subprocess
    import sys

    from bilingual import __version__

    for args in (["translate", "--help"], ["glossary", "add", "--help"], ["--help"]):
        out = subprocess.run([sys.executable, "-m", "bilingual", *args], capture_output=True, text=True, check=True,
                             env={**__import__("os").environ, "COLUMNS": "200"}).stdout
        assert "--force" in out or "--version" in out or "--quiet" in out
        assert "<bool>" not in out, args
    version = subprocess.run([sys.executable, "-m", "bilingual", "--version"], capture_output=True, text=True, check=True).stdout
    assert version.strip() == f"bilingual {__version__}"
