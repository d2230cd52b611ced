"""CLI command: ``bilingual translate`` — the main job, for one file or many."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from . import _meta, app
from ._common import DEFAULT_GLOSSARY, DEFAULT_OUT, console, err_console, guarded

if TYPE_CHECKING:
    from ..batch import BatchResult
    from ..pipeline import TranslateResult

_INPUT_HELP = "Russian sources: .txt, .md, .epub, .fb2, .fb2.zip, .docx, .html files, or folders of them."


@contextlib.contextmanager
def progress_bar(quiet: bool, label: str = "translating") -> Iterator[Any]:
    """A rich progress bar on stderr (sentences done / total, rate); a no-op when quiet."""
    if quiet:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[unit]}"),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        yield bar


def _sentence_updater(bar: Any, label: str) -> Any:
    """A ``progress(done, total)`` callback on a new task of ``bar`` (its id in ``.task``); None without a bar."""
    if bar is None:
        return None
    task = bar.add_task(label, total=None, rate="", unit="sentences")

    def update(done: int, total: int) -> None:
        elapsed = next((t.elapsed for t in bar.tasks if t.id == task), None) or 0.0
        rate = f"{done / elapsed:.1f}/s" if elapsed > 0 and done else ""
        bar.update(task, completed=done, total=total, rate=rate)

    update.task = task  # type: ignore[attr-defined]
    return update


def _kinds_line(result: TranslateResult) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in result.kinds.items())


def _print_result(result: TranslateResult) -> None:
    doc = result.document
    chapters = f"{len(doc.chapters)} chapters, " if len(doc.chapters) > 1 else ""
    console.print(
        f"{chapters}{result.blocks} blocks ({_kinds_line(result)}), {result.sentences} sentences in {result.seconds:.1f} s "
        f"({result.translated} translated, {result.cached} from cache, {result.kept} human edits kept); "
        f"read as {doc.meta.source_encoding or doc.meta.source_format}", soft_wrap=True,
    )
    if doc.images:
        console.print(f"{len(doc.images)} image(s) carried into the editions")
    info = doc.meta.glossary
    if info is not None:
        verdict = "no violations" if result.violations == 0 else f"{result.violations} violation(s) — see 'bilingual glossary check'"
        layers = ", ".join(info.layers) or f"{info.entries} entries"
        console.print(f"glossary {info.title or info.path} — {layers}: {verdict}", soft_wrap=True)
        met = ", ".join(f"{n} {how}" for how, n in result.enforcement.items() if n)
        if met:
            console.print(f"terms met: {met} (sentences translated now)", soft_wrap=True)
    for warning in result.warnings:
        err_console.print(f"note: {warning}", soft_wrap=True)
    for kind, path in result.outputs.items():
        console.print(f"  {kind:<5} {path}", soft_wrap=True)


def _print_batch(batch: BatchResult) -> None:
    from rich.table import Table

    table = Table(title=None, show_edge=False, pad_edge=False)
    table.add_column("file", overflow="fold", ratio=1)
    for column in ("blocks", "sentences", "cached", "seconds", "violations"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    totals = [0, 0, 0, 0.0, 0]
    for r in batch.reports:
        res = r.result
        row = [res.blocks, res.sentences, res.cached, r.seconds, res.violations] if res else ["", "", "", r.seconds, ""]
        if res:
            for i, value in enumerate(row):
                totals[i] += value  # type: ignore[operator]
        else:
            totals[3] += r.seconds
        table.add_row(r.input.label, *[f"{v:.1f}" if isinstance(v, float) else str(v) for v in row], r.status)
    done = sum(1 for r in batch.reports if r.status == "done")
    fresh = sum(1 for r in batch.reports if r.status == "up to date")
    table.add_row(f"{len(batch.reports)} files", *(f"{v:.1f}" if isinstance(v, float) else str(v) for v in totals), "", style="bold")
    console.print(table)
    console.print(f"{done} done, {fresh} up to date, {len(batch.failed)} failed")


@app.command()
@guarded
def translate(
    inputs: list[Path] = typer.Argument(..., help=_INPUT_HELP, show_default=False),
    out: Path = typer.Option(DEFAULT_OUT, "-o", "--out", help="Output folder (a folder's tree is mirrored under it)."),
    format: str = typer.Option("docx,epub,json", "-f", "--format", help="Comma-separated outputs: docx, epub, json."),
    glossary: Optional[Path] = typer.Option(None, "-g", "--glossary", help=f"Project glossary TSV (source, target, note), over the built-in and your user glossary [default: {DEFAULT_GLOSSARY} if present]."),
    no_glossary: bool = typer.Option(False, "--no-glossary", help="Translate without any glossary (no built-in, user or project layer)."),
    no_builtin_glossary: bool = typer.Option(False, "--no-builtin-glossary", help="Leave out the glossary shipped with bilingual."),
    enforce: str = typer.Option("auto", "--enforce", help="auto (the engine's own best translation that has every term, else terms substituted), substitute (terms always put into the engine's input), or check (only report)."),
    layout: str = typer.Option("side-by-side", "--layout", help="side-by-side (two columns), interleaved (English under each Russian block, for phones), or both (two EPUBs)."),
    granularity: str = typer.Option("paragraph", "--granularity", help="paragraph (a row per block) or sentence (a row per sentence)."),
    landscape: bool = typer.Option(False, "--landscape", help="Landscape pages in the DOCX."),
    beam_size: int = typer.Option(4, "--beam-size", min=1, max=16, help="Beam size (1 = greedy, fastest)."),
    compute_type: str = typer.Option("int8", "--compute-type", help="CTranslate2 compute type: int8, int8_float32, float32, auto…"),
    threads: int = typer.Option(0, "--threads", min=0, help="CPU threads for the engine in all (0 = all cores)."),
    parallel: int = typer.Option(0, "--parallel", min=0, help="Batches decoded in parallel (0 = one per thread, fastest measured)."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", min=1, max=1024, help="Sentences per engine batch [default: batches by tokens, see --batch-tokens].", show_default=False),
    batch_tokens: Optional[int] = typer.Option(None, "--batch-tokens", min=16, max=65536, help="Source tokens per engine batch [default: the benchmark's pick, 256].", show_default=False),
    packages_dir: Optional[Path] = typer.Option(None, "--packages-dir", envvar="ARGOS_PACKAGES_DIR", help="Argos packages folder."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the translation cache."),
    no_install: bool = typer.Option(False, "--no-install", help="Do not try to download a model when none is installed."),
    force: bool = typer.Option(False, "--force", help="With folders or several files: redo files whose editions are up to date."),
    executor: str = typer.Option("local", "--executor", help="local (this process) or ray (translator actors on a Ray cluster)."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", envvar="RAY_ADDRESS", help="Ray cluster to join (default: a local instance)."),
    workers: int = typer.Option(0, "--workers", min=0, help="Ray translator actors (0 = one per CPU)."),
    ship_model: Optional[bool] = typer.Option(None, "--ship-model/--no-ship-model", help="Ray: send the model to every node [default: only to nodes that cannot read the packages folder]."),
    title: Optional[str] = _meta.title_opt(),
    title_en: Optional[str] = _meta.title_en_opt(),
    author: Optional[list[str]] = _meta.author_opt(),
    translator: Optional[list[str]] = _meta.translator_opt(),
    source_name: Optional[str] = _meta.source_opt(),
    publisher: Optional[str] = _meta.publisher_opt(),
    rights: Optional[str] = _meta.rights_opt(),
    cover: Optional[Path] = _meta.cover_opt(),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bar and no summary."),
) -> None:
    """Translate Russian articles and books; write side-by-side DOCX and EPUB editions plus a JSON document.

    One file: its editions in -o. Several files or folders: every readable file (folders are walked,
    their tree mirrored under -o); a file that fails is reported and the others go on (exit code 2
    if any failed); files whose editions are newer than the file and made with the same options are
    skipped (--force redoes them), so an interrupted run resumes where it stopped.
    """
    from ..glossary.enforce_run import ENFORCE_MODES
    from ..pipeline import TranslateConfig, check_formats
    from ..render import RenderOptions
    from ..translate.engine import EngineOptions

    config = TranslateConfig(
        out_dir=out,
        formats=check_formats(format),
        glossary=glossary,
        no_glossary=no_glossary,
        no_builtin_glossary=no_builtin_glossary,
        enforce=_choice("--enforce", enforce, ENFORCE_MODES),
        metadata=_meta.overrides(title, title_en, author, translator, source_name, publisher, rights, cover) or None,
        packages_dir=packages_dir,
        engine=EngineOptions(beam_size=beam_size, compute_type=compute_type, threads=threads, inter_threads=parallel,
                             max_batch_size=batch_size or 0, **({"batch_tokens": batch_tokens} if batch_tokens else {})),
        render=RenderOptions(layout=layout, granularity=granularity, landscape=landscape),
        use_cache=not no_cache,
        auto_install=not no_install,
        executor=executor,
        ray_address=ray_address,
        workers=workers,
        ship_model=ship_model,
    )
    if len(inputs) == 1 and not inputs[0].is_dir():
        from ..pipeline import translate_file

        with progress_bar(quiet) as bar:
            result = translate_file(inputs[0], config, progress=_sentence_updater(bar, "translating"))
        if not quiet:
            _print_result(result)
        return
    batch = _run_batch(inputs, config, force, quiet)
    if not quiet:
        _print_batch(batch)
    for r in batch.failed:
        err_console.print(f"[bold red]error:[/] {_escape(r.error)}", soft_wrap=True)
    if batch.exit_code:
        raise typer.Exit(batch.exit_code)


def _choice(flag: str, value: str, choices: Any) -> str:
    from ..errors import InputError

    if value not in choices:
        raise InputError(f"unknown {flag} {value!r}; use one of: {', '.join(choices)}")
    return value


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _run_batch(inputs: list[Path], config: Any, force: bool, quiet: bool) -> BatchResult:
    from ..batch import collect_inputs, translate_paths

    items = collect_inputs(inputs, config.out_dir)
    with progress_bar(quiet) as bar:
        if bar is None:
            return translate_paths(inputs, config, force=force, inputs=items)
        files = bar.add_task("files", total=len(items), rate="", unit="files")
        updaters: dict[Any, Any] = {}

        def start(item: Any, number: int, count: int) -> None:
            updaters[item] = _sentence_updater(bar, f"  {item.path.name[:40]}")

        def progress(item: Any, done: int, total: int) -> None:
            updaters[item](done, total)

        def finished(item: Any, report: Any) -> None:
            bar.remove_task(updaters.pop(item).task)
            bar.advance(files)

        return translate_paths(inputs, config, force=force, inputs=items, on_file_start=start, on_progress=progress, on_file_done=finished)
