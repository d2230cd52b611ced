"""What a translation run writes, and what it finds already written, in its output folder.

The run's document lives in ``out/<stem>.json`` (the editions and ``out/<stem>.images/`` beside
it). This module holds everything about those files that is not translation:

* **Names.** :func:`output_stem` and :func:`claim_stem` (a source never takes over another
  source's JSON); :func:`check_formats` for the requested editions.
* **The previous run.** :func:`load_previous` reads the JSON a rerun starts from (refusing,
  never overwriting, one it cannot read) and :func:`carry_over_edits` keeps its human-edited and
  aligned sentences; edits that no longer fit are saved beside the editions, never dropped.
* **Concurrent edits.** :func:`json_snapshot` before reading, :func:`json_lock` around the
  write, and :func:`merge_newer` when the JSON changed meanwhile (see :mod:`bilingual.locking`).
* **Writing.** :func:`write_images` and :func:`write_outputs` (atomic; unchanged outputs kept,
  see :mod:`bilingual.stamps`).

Split out of :mod:`bilingual.pipeline`, which re-exports the public names and calls these in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DocumentError, InputError
from .model import Document

if TYPE_CHECKING:
    from .pipeline import TranslateResult
    from .render import RenderOptions

__all__ = [
    "OUTPUT_FORMATS",
    "carry_over_edits",
    "check_formats",
    "claim_stem",
    "json_lock",
    "json_snapshot",
    "load_previous",
    "merge_newer",
    "output_stem",
    "ready_output",
    "write_images",
    "write_outputs",
]

#: Output formats ``translate`` can write.
OUTPUT_FORMATS = ("docx", "epub", "json")


# --------------------------------------------------------------------------- names
def output_stem(path: Path) -> str:
    """The output name for an input: its file name without the last suffix (``a.ru.txt`` → ``a.ru``;
    ``book.fb2.zip`` → ``book``)."""
    name = path.name
    if name.lower().endswith(".fb2.zip"):
        return name[: -len(".fb2.zip")] or name
    return path.stem


def check_formats(formats: str | Sequence[str], allowed: Sequence[str] = OUTPUT_FORMATS) -> list[str]:
    """Normalise requested formats (a list, or ``"docx,epub"``); refuse unknown or no formats."""
    if isinstance(formats, str):
        formats = formats.split(",")
    wanted = [f.strip().lower() for f in formats if f.strip()]
    bad = [f for f in wanted if f not in allowed]
    if bad or not wanted:
        raise InputError(f"unknown output format {', '.join(bad) or '(none)'}; choose from {', '.join(allowed)}")
    return list(dict.fromkeys(wanted))


def ready_output(out_dir: Path, formats: Sequence[str]) -> None:
    """Fail fast on an unusable output folder (created only once the input has been read)."""
    from .fileio import output_folder

    if formats:
        output_folder(out_dir)


def claim_stem(out_dir: Path, path: Path) -> str:
    """The output stem for ``path`` in ``out_dir``: :func:`output_stem`, unless that JSON already
    belongs to another source file (``a.ru.txt`` then ``a.ru.md``): then the whole file name
    (``a.ru.md``), so one source never takes over another's JSON and edits."""
    stem = output_stem(path)
    existing = out_dir / f"{stem}.json"
    if not existing.exists():
        return stem
    owner = _json_source_name(existing)
    if owner is None or owner == path.name:
        return stem
    return path.name


def _json_source_name(path: Path) -> str | None:
    """The file name of the source a JSON document was made from (None if unreadable)."""
    import json

    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return Path(str(data["meta"]["source_file"])).name or None
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


# --------------------------------------------------------------------------- the previous run
def load_previous(path: Path) -> Document | None:
    """The document an earlier run wrote at ``path`` (None when there is none); a
    :class:`~bilingual.errors.DocumentError` when it exists but cannot be read (it may hold edits)."""
    if not path.exists():
        return None
    try:
        return Document.load(path)
    except DocumentError as err:
        raise DocumentError(
            f"{path} exists but cannot be read ({err}); it may hold your edits — fix or move it, then run again"
        ) from err


def carry_over_edits(previous: Document, doc: Document, orphans_path: Path, result: TranslateResult) -> None:
    """Keep the human-edited and aligned sentences of ``previous`` whose Russian is unchanged in
    ``doc``. Edits whose Russian changed or vanished are saved beside the editions, never dropped."""
    from .edits import carry_over, write_orphans

    report = carry_over(previous, doc, keep_machine=False)  # machine output: the cache answers
    result.kept = report.kept + report.kept_aligned
    if report.orphans:
        write_orphans(report.orphans, orphans_path)
        result.warnings.append(
            f"{len(report.orphans)} human edit(s) could not be placed (their Russian sentence changed or was removed); "
            f"saved in {orphans_path}"
        )


# --------------------------------------------------------------------------- concurrent edits
def json_snapshot(path: Path) -> Any:
    """A :class:`~bilingual.locking.Snapshot` of the JSON, taken before it is read."""
    from .locking import Snapshot

    return Snapshot.of(path)


def json_lock(path: Path) -> Any:
    """The JSON's side lock (see :mod:`bilingual.locking`) held while it is re-read and written."""
    from .locking import file_lock

    return file_lock(path)


def merge_newer(json_path: Path, doc: Document, orphans_path: Path, result: TranslateResult) -> None:
    """The JSON changed while this run translated (an import, another editor): take its human
    edits over the machine output just made, so nothing done meanwhile is lost."""
    newer = load_previous(json_path)
    if newer is None:
        return
    from .edits import carry_over, write_orphans

    report = carry_over(newer, doc, keep_machine=False)
    if report.kept or report.kept_aligned:
        result.kept += report.kept + report.kept_aligned
        result.warnings.append(f"{json_path} changed while translating; its {report.kept} human edit(s) were kept")
    if report.orphans:
        write_orphans(report.orphans, orphans_path)


# --------------------------------------------------------------------------- writing
def write_images(doc: Document, out_dir: Path, stem: str) -> None:
    """Store the pictures held in memory in ``out_dir/<stem>.images/`` (atomically, only when
    their bytes changed) and point ``Image.file`` at them; ``doc.base_dir`` becomes ``out_dir``."""
    from .fileio import write_bytes

    folder = f"{stem}.images"
    for image in doc.images:
        if image.data is None:
            continue
        target = out_dir / folder / image.id
        try:
            same = target.is_file() and target.read_bytes() == image.data
        except OSError:
            same = False
        if not same:
            write_bytes(target, image.data)
        image.file = f"{folder}/{image.id}"
    doc.base_dir = out_dir


def write_outputs(doc: Document, out_dir: Path, stem: str, formats: Sequence[str], render: RenderOptions | None = None,
                  *, force: bool = False) -> dict[str, Path]:
    """Write the requested editions (and the JSON) for ``doc``, each file atomically; an output
    whose inputs (document, options, renderer) are unchanged since it was written is kept as it
    is (see :mod:`bilingual.stamps`; ``force`` rewrites everything). Returns every output's path."""
    from . import stamps

    return stamps.write_current(doc, out_dir, stem, formats, render, force=force)
