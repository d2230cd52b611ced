"""Many files and folders in one run: ``bilingual translate PATH...``.

:func:`collect_inputs` walks the paths (folders recursively, readable formats only, a stable
order: sorted by path, hidden files and our own outputs skipped) and says where each file's
outputs go: a file named directly goes to ``-o``; a folder's files mirror the folder's tree under
``-o`` (under ``-o/<folder name>/`` when several folders are given). :func:`translate_paths`
opens the engine, cache and glossary once, translates file after file, reports a failing file
(one line) and goes on, and skips a file whose outputs were all made with the same options and
glossary from this source (rerun after an interruption: finished files are skipped, and the
cache answers every sentence that was translated before the stop). The job stamp
``.<stem>.job`` holds the options' fingerprint and the SHA-256 of the source's bytes: outputs
newer than the source, or a source touched or copied with the same bytes, are up to date.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BilingualError, InputError
from .pipeline import TranslateConfig, TranslateResult, Translator, check_formats, claim_stem, output_stem, translate_file

__all__ = ["InputFile", "FileReport", "BatchResult", "collect_inputs", "translate_paths", "job_fingerprint"]

#: Called with (input, report) when a file is done; and (input, done, total) as it translates.
FileDone = Callable[["InputFile", "FileReport"], None]
FileProgress = Callable[["InputFile", int, int], None]


@dataclass(frozen=True)
class InputFile:
    """One file to translate and the folder its outputs go to."""

    path: Path
    out_dir: Path

    @property
    def label(self) -> str:
        """How the summary names it."""
        return str(self.path)


@dataclass
class FileReport:
    """What happened to one file: ``status`` is ``done``, ``up to date`` or ``failed``."""

    input: InputFile
    status: str
    result: TranslateResult | None = None
    error: str = ""
    seconds: float = 0.0
    stem: str = ""  #: the outputs' file name stem


@dataclass
class BatchResult:
    """Every file's report, in order."""

    reports: list[FileReport] = field(default_factory=list)

    @property
    def failed(self) -> list[FileReport]:
        """The files that could not be translated."""
        return [r for r in self.reports if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0 when every file was translated or up to date, else 2."""
        return 2 if self.failed else 0


def collect_inputs(paths: Sequence[str | Path], out_dir: Path) -> list[InputFile]:
    """The files to translate for ``paths`` and each one's output folder (see the module docstring).

    A path that does not exist is kept (its reading reports the error); a folder with no readable
    file is an :class:`InputError`.
    """
    from .read import is_readable

    folders = [Path(p) for p in paths if Path(p).is_dir()]
    several = len(folders) > 1
    seen: set[Path] = set()
    out: list[InputFile] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                out.append(InputFile(path, out_dir))
            continue
        base = out_dir / path.resolve().name if several else out_dir
        found = [f for f in sorted(path.rglob("*")) if f.is_file() and is_readable(f) and not _skipped(f, path, out_dir)]
        if not found:
            raise InputError(f"{path}: no file bilingual can read in this folder (.txt, .md, .epub, .fb2, .docx, .html)")
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(InputFile(f, base / f.parent.relative_to(path)))
    return out


def _skipped(f: Path, root: Path, out_dir: Path) -> bool:
    """Hidden files and folders, and anything under the output folder (our own editions)."""
    rel = f.relative_to(root)
    if any(part.startswith(".") for part in rel.parts):
        return True
    try:
        f.resolve().relative_to(out_dir.resolve())
        return True
    except ValueError:
        return False


def job_fingerprint(config: TranslateConfig, formats: Sequence[str], glossary_sha256: str = "") -> str:
    """A short hash of what decides a file's outputs besides its content: formats, render and
    engine options, enforcement, the user's metadata, and the merged glossary's content
    (``glossary_sha256``: every layer, built-in and user ones too). Stored beside the outputs
    to tell up-to-date files."""
    from .render import RenderOptions
    from .translate.engine import EngineOptions

    parts = [",".join(formats), repr(config.render or RenderOptions()), (config.engine or EngineOptions()).key(),
             glossary_sha256, config.enforce, config.enforce_fallback, repr(config.metadata)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _stamp_path(out_dir: Path, stem: str) -> Path:
    return out_dir / f".{stem}.job"


def _up_to_date(item: InputFile, stem: str, formats: Sequence[str], fingerprint: str, layout: str = "") -> bool:
    """All outputs exist and were made with the same options, from this source: newer than it,
    or from a source with the same bytes (a file copied or touched, its content unchanged)."""
    from .stamps import file_digest

    try:
        lines = _stamp_path(item.out_dir, stem).read_text(encoding="utf-8").split()
        if not lines or lines[0] != fingerprint:
            return False
        source_time = item.path.stat().st_mtime_ns
        names = [f"{stem}.{fmt}" for fmt in formats]
        if layout == "both" and "epub" in formats:
            from .render import SECOND_EPUB

            names.append(f"{stem}.{SECOND_EPUB[1]}.epub")
        times = [(item.out_dir / name).stat().st_mtime_ns for name in names]
    except OSError:
        return False
    if all(t >= source_time for t in times):
        return True
    return len(lines) > 1 and lines[1] == file_digest(item.path)


def _job_stamp(item: InputFile, fingerprint: str) -> str:
    """The job stamp's text: the options' fingerprint, then the SHA-256 of the source's bytes."""
    from .stamps import file_digest

    return f"{fingerprint}\n{file_digest(item.path) or ''}\n"


def translate_paths(paths: Sequence[str | Path], config: TranslateConfig | None = None, *, force: bool = False,
                    on_file_start: Callable[[InputFile, int, int], None] | None = None,
                    on_progress: FileProgress | None = None, on_file_done: FileDone | None = None,
                    inputs: Iterable[InputFile] | None = None) -> BatchResult:
    """Translate every readable file under ``paths``; see the module docstring.

    ``force`` translates files that are up to date too. The callbacks report each file's start
    (input, number, count), its sentences (input, done, total) and its report.
    """
    from .fileio import write_text

    config = config or TranslateConfig()
    formats = check_formats(config.formats)
    items = list(inputs) if inputs is not None else collect_inputs(paths, config.out_dir)
    batch = BatchResult()
    with Translator(config) as translator:
        glossary = translator.glossary
        fingerprint = job_fingerprint(config, formats, glossary.sha256 if glossary is not None else "")

        def work(numbered: tuple[int, InputFile]) -> FileReport:
            number, item = numbered
            if on_file_start is not None:
                on_file_start(item, number, len(items))
            report = _one(item, config, formats, fingerprint, translator, force, on_progress)
            if report.status == "done":
                try:
                    write_text(_stamp_path(item.out_dir, report.stem), _job_stamp(item, fingerprint))
                except BilingualError:
                    pass  # a missing stamp only means the file is redone next time
            return report

        for report in _in_order(work, enumerate(items, 1), _window(config)):
            batch.reports.append(report)
            if on_file_done is not None:
                on_file_done(report.input, report)
    return batch


def _window(config: TranslateConfig) -> int:
    """Files translated at once: 1 locally (the engine already uses every core); on Ray enough
    to keep every actor busy while the driver reads and renders (2 per actor)."""
    if config.documents_in_flight:
        return config.documents_in_flight
    if config.executor != "ray":
        return 1
    if config.workers:
        return 2 * config.workers
    import os

    return 2 * max(1, os.cpu_count() or 1)


def _in_order(work: Callable[[Any], FileReport], jobs: Iterable[Any], window: int) -> Iterator[FileReport]:
    """``work(job)`` for each job, at most ``window`` at once (threads), reports in job order;
    on an error or Ctrl-C no new job starts and the error goes on."""
    if window <= 1:
        for job in jobs:
            yield work(job)
        return
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=window, thread_name_prefix="bilingual-file")
    pending: deque[Any] = deque()
    it = iter(jobs)
    try:
        for job in it:
            pending.append(pool.submit(work, job))
            if len(pending) >= window:
                break
        while pending:
            report = pending.popleft().result()
            nxt = next(it, None)
            if nxt is not None:
                pending.append(pool.submit(work, nxt))
            yield report
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)


def _one(item: InputFile, config: TranslateConfig, formats: Sequence[str], fingerprint: str, translator: Translator,
         force: bool, on_progress: FileProgress | None) -> FileReport:
    from dataclasses import replace

    t0 = time.perf_counter()
    stem = claim_stem(item.out_dir, item.path) if item.out_dir.is_dir() else output_stem(item.path)
    layout = config.render.layout if config.render is not None else ""
    if not force and _up_to_date(item, stem, formats, fingerprint, layout):
        return FileReport(item, "up to date", seconds=time.perf_counter() - t0, stem=stem)
    progress: Any = None
    if on_progress is not None:
        progress = lambda done, total: on_progress(item, done, total)  # noqa: E731
    try:
        result = translate_file(item.path, replace(config, out_dir=item.out_dir), progress, translator=translator, stem=stem)
    except BilingualError as err:
        if _fatal(err):
            raise
        return FileReport(item, "failed", error=str(err), seconds=time.perf_counter() - t0, stem=stem)
    return FileReport(item, "done", result=result, seconds=time.perf_counter() - t0, stem=stem)


def _fatal(err: BilingualError) -> bool:
    """Errors that no other file can escape (no model, a broken glossary): stop the run."""
    from .errors import GlossaryError, ModelError

    return isinstance(err, (ModelError, GlossaryError))
