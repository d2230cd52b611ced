"""CLI commands: ``bilingual glossary path|init`` — the glossary layers in force.

``path`` prints one TSV line per layer in force, lowest first: the layer (``built-in``,
``user``, ``project``), its entries, and where it is read from; a summary of the merged
glossary goes to stderr. ``init`` copies the built-in glossary to the user layer's file (or to
FILE) for editing, and refuses to overwrite one that exists without ``--force``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import err_console, guarded
from .glossary import glossary_app


def _note(message: str) -> None:
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)


@glossary_app.command("path")
@guarded
def path_cmd(
    glossary: Optional[Path] = typer.Option(None, "-g", "--glossary", help="Project glossary file [default: glossary/ru-en.tsv if present]."),
    no_glossary: bool = typer.Option(False, "--no-glossary", help="No glossary at all."),
    no_builtin_glossary: bool = typer.Option(False, "--no-builtin-glossary", help="Leave out the glossary shipped with bilingual."),
) -> None:
    """Show the glossary layers a translation would use (built-in, user, project; later ones win per entry)."""
    from ..glossary.layers import (
        BUILTIN_RESOURCE,
        GlossarySettings,
        glossary_layers,
        merge_layers,
        user_glossary_path,
    )

    layers = glossary_layers(GlossarySettings(project=glossary, no_glossary=no_glossary, no_builtin=no_builtin_glossary))
    for layer in layers:
        where = layer.path if layer.path is not None else _builtin_location(BUILTIN_RESOURCE)
        typer.echo(f"{layer.name}\t{len(layer.glossary)}\t{where}")
    if not layers:
        _note("no glossary in force")
        return
    merged = merge_layers(layers)
    _note(f"{len(merged)} entries in force from {len(layers)} layer(s): {', '.join(la.line() for la in layers)}")
    if not any(la.name == "user" for la in layers):
        _note(f"no user glossary at {user_glossary_path()} (create it with 'bilingual glossary init')")


def _builtin_location(resource: str) -> str:
    from importlib.resources import files

    return str(files("bilingual").joinpath(resource))


@glossary_app.command("init")
@guarded
def init_cmd(
    file: Optional[Path] = typer.Argument(None, help="Where to write the copy [default: the user glossary, see 'bilingual glossary path']."),
    force: bool = typer.Option(False, "--force", "-f", help="Overwrite the file if it exists."),
) -> None:
    """Copy the built-in glossary for editing: to the user glossary (it then layers over the built-in one) or to FILE."""
    from ..errors import GlossaryError
    from ..glossary.layers import init_glossary, user_glossary_path

    dest = file if file is not None else user_glossary_path()
    if dest.exists() and not force:
        raise GlossaryError(f"{dest} already exists; edit it, or pass --force to overwrite it with the built-in glossary")
    written = init_glossary(dest, force=True)
    _note(f"copied the built-in glossary to {written}; edit it with 'bilingual glossary add -g {written}' or by hand")
