"""CLI command: ``bilingual translate`` — the main job."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import DEFAULT_GLOSSARY, DEFAULT_OUT, console, err_console, glossary_path, guarded


@contextlib.contextmanager
def progress_bar(quiet: bool) -> Iterator[object]:
    """A rich progress bar on stderr (sentences done / total, rate); a no-op when quiet."""
    if quiet:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("translating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("sentences"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("translate", total=None, rate="")

        def update(done: int, total: int) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            rate = f"{done / elapsed:.1f}/s" if elapsed > 0 and done else ""
            bar.update(task, completed=done, total=total, rate=rate)

        yield update


@app.command()
@guarded
def translate(
    input: Path = typer.Argument(..., help="Russian article: .txt or .md, UTF-8/cp1251/KOI8-R.", show_default=False),
    out: Path = typer.Option(DEFAULT_OUT, "-o", "--out", help="Output folder."),
    format: str = typer.Option("docx,epub,json", "-f", "--format", help="Comma-separated outputs: docx, epub, json."),
    glossary: Optional[Path] = typer.Option(None, "-g", "--glossary", help=f"Glossary TSV (source, target, note) [default: {DEFAULT_GLOSSARY} if present]."),
    no_glossary: bool = typer.Option(False, "--no-glossary", help="Translate without a glossary."),
    layout: str = typer.Option("side-by-side", "--layout", help="side-by-side or stacked (English under each Russian block)."),
    granularity: str = typer.Option("paragraph", "--granularity", help="paragraph (a row per block) or sentence (a row per sentence)."),
    landscape: bool = typer.Option(False, "--landscape", help="Landscape pages in the DOCX."),
    beam_size: int = typer.Option(4, "--beam-size", min=1, max=16, help="Beam size (1 = greedy, fastest)."),
    compute_type: str = typer.Option("int8", "--compute-type", help="CTranslate2 compute type: int8, int8_float32, float32, auto…"),
    threads: int = typer.Option(0, "--threads", min=0, help="CPU threads for the engine in all (0 = all cores)."),
    parallel: int = typer.Option(0, "--parallel", min=0, help="Batches decoded in parallel (0 = one per thread, fastest measured)."),
    batch_size: int = typer.Option(8, "--batch-size", min=1, max=1024, help="Sentences per engine batch."),
    packages_dir: Optional[Path] = typer.Option(None, "--packages-dir", envvar="ARGOS_PACKAGES_DIR", help="Argos packages folder."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the translation cache."),
    no_install: bool = typer.Option(False, "--no-install", help="Do not try to download a model when none is installed."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bar and no summary."),
) -> None:
    """Translate a Russian article and write side-by-side DOCX and EPUB editions plus a JSON document."""
    from ..pipeline import TranslateConfig, check_formats, translate_file
    from ..render import RenderOptions
    from ..translate.engine import EngineOptions

    config = TranslateConfig(
        out_dir=out,
        formats=check_formats(format),
        glossary=glossary_path(glossary, no_glossary, quiet=quiet),
        packages_dir=packages_dir,
        engine=EngineOptions(beam_size=beam_size, compute_type=compute_type, threads=threads, inter_threads=parallel, max_batch_size=batch_size),
        render=RenderOptions(layout=layout, granularity=granularity, landscape=landscape),
        use_cache=not no_cache,
        auto_install=not no_install,
    )
    with progress_bar(quiet) as update:
        result = translate_file(input, config, progress=update)  # type: ignore[arg-type]
    if quiet:
        return
    doc = result.document
    console.print(
        f"{result.blocks} blocks, {result.sentences} sentences in {result.seconds:.1f} s "
        f"({result.translated} translated, {result.cached} from cache, {result.kept} human edits kept); "
        f"read as {doc.meta.source_encoding}"
    )
    if doc.meta.glossary is not None:
        verdict = "no violations" if result.violations == 0 else f"{result.violations} violation(s) — see 'bilingual glossary check'"
        console.print(f"glossary {doc.meta.glossary.path} ({doc.meta.glossary.entries} entries): {verdict}")
    for warning in result.warnings:
        err_console.print(f"note: {warning}")
    for kind, path in result.outputs.items():
        console.print(f"  {kind:<5} {path}")
