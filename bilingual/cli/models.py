"""CLI commands: ``bilingual models list`` and ``bilingual models install``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import console, err_console, guarded

models_app = typer.Typer(
    help="Translation models (Argos Translate packages): list and install.",
    no_args_is_help=True,
)
app.add_typer(models_app, name="models")

PACKAGES_DIR_OPTION = typer.Option(
    None, "--packages-dir", help="Argos packages folder (default: $ARGOS_PACKAGES_DIR or Argos' own)."
)


@models_app.command("list")
@guarded
def list_models(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    packages_dir: Optional[Path] = PACKAGES_DIR_OPTION,
) -> None:
    """List installed packages, the packages folder and the translation cache location."""
    from ..translate.cache import default_cache_dir
    from ..translate.packages import default_packages_dir, list_packages

    root = packages_dir if packages_dir is not None else default_packages_dir()
    packages = list_packages(root)
    cache = default_cache_dir()
    if as_json:
        data = {
            "packages_dir": str(root),
            "cache_dir": str(cache),
            "packages": [
                {"name": p.name, "from": p.from_code, "to": p.to_code, "version": p.version,
                 "path": str(p.path), "usable": p.usable, "description": p.description}
                for p in packages
            ],
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    if packages:
        table = Table("name", "languages", "version", "path")
        for p in packages:
            name = p.name if p.usable else f"{p.name} (incomplete)"
            table.add_row(name, f"{p.from_code}→{p.to_code}", p.version, str(p.path))
        console.print(table)
    else:
        console.print("no packages installed; run: bilingual models install", soft_wrap=True, markup=False)
    console.print(f"packages folder: {root}", soft_wrap=True, markup=False)
    console.print(f"translation cache: {cache}", soft_wrap=True, markup=False)


@models_app.command("install")
@guarded
def install(
    path: Optional[Path] = typer.Argument(
        None, help="A downloaded .argosmodel file. Without it, the newest ru→en package is downloaded."
    ),
    packages_dir: Optional[Path] = PACKAGES_DIR_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Install a package from a file, or download the newest ru→en package from the Argos index."""
    from ..translate.packages import install_from_file, install_from_index

    if path is not None:
        pkg = install_from_file(path, packages_dir)
    else:
        with _DownloadBar(quiet) as progress:
            pkg = install_from_index("ru", "en", packages_dir, progress=progress)
    console.print(f"installed {pkg.name} ({pkg.from_code}→{pkg.to_code} {pkg.version}) in {pkg.path}", soft_wrap=True, markup=False)


class _DownloadBar:
    """A rich download bar on stderr; yields the ``progress(done, total)`` callback."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self._bar = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.quiet:
            return None
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

        self._bar = Progress(TextColumn("downloading"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                             console=err_console, transient=True)
        bar = self._bar.__enter__()
        task = bar.add_task("download", total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
