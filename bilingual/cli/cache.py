"""CLI commands: ``bilingual cache info`` and ``bilingual cache clear``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import console, guarded

cache_app = typer.Typer(help="The translation cache: where it is, how big, and clearing it.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

CACHE_DIR_OPTION = typer.Option(None, "--cache-dir", help="Cache folder (default: $BILINGUAL_CACHE_DIR or the user cache dir).")


@cache_app.command("info")
@guarded
def info(
    cache_dir: Optional[Path] = CACHE_DIR_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show the cache location, its size on disk and the number of cached translations."""
    from ..translate.cache import cache_info

    stats = cache_info(cache_dir)
    if as_json:
        typer.echo(json.dumps({"path": str(stats.path), "size_bytes": stats.size_bytes,
                               "entries": stats.entries, "engines": stats.engines}))
        return
    console.print(f"location: {stats.path}", soft_wrap=True, markup=False)
    console.print(f"size: {_human(stats.size_bytes)}", soft_wrap=True, markup=False)
    console.print(f"entries: {stats.entries} translations ({stats.engines} model/option sets)", soft_wrap=True, markup=False)


@cache_app.command("clear")
@guarded
def clear(
    cache_dir: Optional[Path] = CACHE_DIR_OPTION,
    wait: float = typer.Option(10.0, "--wait", min=0.0, help="Seconds to wait for a command that is writing to the cache."),
) -> None:
    """Delete every cached translation. A damaged cache file is removed; one that another command is using is never touched."""
    from ..translate.cache import clear_cache, default_cache_dir

    removed = clear_cache(cache_dir, timeout=wait)
    console.print(f"cleared {removed} cached translations from {cache_dir or default_cache_dir()}", soft_wrap=True, markup=False)


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover
