"""The main job: a Russian article file in, aligned English translation and editions out.

:func:`translate_file` runs read → segment → glossary → translate → check → render and
returns a :class:`TranslateResult`. It never writes a partial file: every output is written to
a temporary file and renamed. Running it again on the same article keeps the editor's work:
sentences marked ``human`` in the previous ``out/<stem>.json`` are carried over, and only the
other sentences go to the engine (which answers from its cache when nothing changed).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import DocumentError, GlossaryError, InputError
from .model import Block, Document, Sentence

if TYPE_CHECKING:
    from .render import RenderOptions
    from .translate.engine import EngineOptions

__all__ = ["OUTPUT_FORMATS", "TranslateConfig", "TranslateResult", "translate_file", "output_stem", "finish_document", "check_formats", "write_outputs", "load_glossary_file"]

#: Output formats ``translate`` can write.
OUTPUT_FORMATS = ("docx", "epub", "json")

#: Origins a re-run keeps instead of re-translating: an editor's work and aligned human translation.
KEEP_ORIGINS = ("human", "aligned")

#: Progress callback: (sentences done, sentences to translate).
Progress = Callable[[int, int], None]


@dataclass
class TranslateConfig:
    """Everything :func:`translate_file` needs besides the input path."""

    out_dir: Path = Path("out")
    formats: Sequence[str] = OUTPUT_FORMATS
    glossary: Path | None = None  #: glossary file; None = no glossary
    packages_dir: Path | None = None  #: Argos packages dir; None = ARGOS_PACKAGES_DIR or Argos' default
    engine: EngineOptions | None = None  #: decoding options; None = defaults
    render: RenderOptions | None = None  #: layout/granularity/landscape; None = defaults
    use_cache: bool = True
    cache_dir: Path | None = None  #: None = platform default (or BILINGUAL_CACHE_DIR)
    auto_install: bool = True  #: try once to install a ru→en model if none is installed
    keep_edits: bool = True  #: carry human-edited sentences over from an earlier out/<stem>.json


@dataclass
class TranslateResult:
    """What a run did, for the CLI summary and for callers."""

    document: Document
    outputs: dict[str, Path] = field(default_factory=dict)
    blocks: int = 0
    sentences: int = 0
    translated: int = 0  #: sentences the engine translated now
    cached: int = 0  #: sentences answered by the cache
    kept: int = 0  #: human-edited (and aligned) sentences carried over from the previous run
    violations: int = 0  #: glossary QA violations
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def output_stem(path: Path) -> str:
    """The output name for an input: its file name without the last suffix (``a.ru.txt`` → ``a.ru``)."""
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


def _ready_output(out_dir: Path, formats: Sequence[str]) -> None:
    """Fail fast on an unusable output folder (created only once the input has been read)."""
    from .fileio import output_folder

    if formats:
        output_folder(out_dir)


def _load_previous(path: Path) -> Document | None:
    if not path.exists():
        return None
    try:
        return Document.load(path)
    except DocumentError as err:
        raise DocumentError(
            f"{path} exists but cannot be read ({err}); it may hold your edits — fix or move it, then run again"
        ) from err


def translate_file(path: str | Path, config: TranslateConfig | None = None, progress: Progress | None = None) -> TranslateResult:
    """Translate the article at ``path`` and write the editions into ``config.out_dir``."""
    from .read import parse_document, read_text

    config = config or TranslateConfig()
    t0 = time.perf_counter()
    path = Path(path)
    formats = check_formats(config.formats)
    decoded = read_text(path)
    doc = parse_document(decoded, source_file=str(path))
    result = TranslateResult(document=doc, warnings=list(decoded.warnings))
    stem = output_stem(path)
    json_path = config.out_dir / f"{stem}.json"

    glossary = None if config.glossary is None else load_glossary_file(config.glossary)
    if glossary is not None:
        from .glossary import apply_glossary

        apply_glossary(doc, glossary)

    _ready_output(config.out_dir, formats)
    if config.keep_edits:
        previous = _load_previous(json_path)
        if previous is not None:
            _carry_over_edits(previous, doc, config.out_dir / f"{stem}.orphaned-edits.json", result)

    todo = [s for s in doc.sentences() if s.origin not in KEEP_ORIGINS]
    title = _standalone_title(doc, glossary)
    _translate(doc, todo, config, result, progress, extra=[title] if title else [])
    finish_document(doc)
    if title is not None:
        doc.meta.title_target = title.target
    if glossary is not None:
        from .glossary import check_document

        result.violations = check_document(doc)

    result.outputs = write_outputs(doc, config.out_dir, stem, formats, config.render)
    result.blocks = len(doc.blocks)
    result.sentences = len(doc.sentences())
    result.seconds = time.perf_counter() - t0
    return result


def load_glossary_file(path: Path):  # type: ignore[no-untyped-def]
    """Load a glossary file, with a one-line error that says what to do when it is missing."""
    if not Path(path).exists():
        raise GlossaryError(f"{path}: no such glossary file; create it with 'bilingual glossary add', or pass --no-glossary")
    from .glossary import load_glossary

    return load_glossary(Path(path))


def _carry_over_edits(previous: Document, doc: Document, orphans_path: Path, result: TranslateResult) -> None:
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


def _standalone_title(doc: Document, glossary) -> Sentence | None:  # type: ignore[no-untyped-def]
    """A title that is no block or sentence of the article (e.g. Markdown front matter's
    ``title:``) as a sentence to translate on its own, glossary applied; else None."""
    title = doc.meta.title
    if not title or _title_source(doc) is not None:
        return None
    sentence = Sentence(start=0, end=len(title), source=title, engine_source=title)
    if glossary is not None:
        from .glossary import inline_terms

        sentence.engine_source = inline_terms(title, glossary.find(title))
    return sentence


def _translate(doc: Document, todo: list[Sentence], config: TranslateConfig, result: TranslateResult, progress: Progress | None,
               extra: Sequence[Sentence] = ()) -> None:
    """Translate ``todo`` (counted in ``result``) and ``extra`` (not counted: e.g. a standalone title)."""
    from .translate import open_engine
    from .translate.engine import EngineOptions

    engine = open_engine("ru", "en", packages_dir=config.packages_dir, options=config.engine or EngineOptions(), auto_install=config.auto_install)
    doc.meta.model = engine.model_info
    cache = None
    if config.use_cache:
        from .translate.cache import TranslationCache

        cache = TranslationCache.open(config.cache_dir)
    texts = [s.engine_source or s.source for s in todo]
    try:
        targets, stats = _run_engine(texts, engine, cache, progress)
        if extra:
            extra_targets, _ = _run_engine([s.engine_source or s.source for s in extra], engine, cache, None)
            targets, todo = [*targets, *extra_targets], [*todo, *extra]
    finally:
        if cache is not None:
            cache.close()
    for sentence, target in zip(todo, targets):
        sentence.target = target
        sentence.origin = "machine"
        sentence.machine_target = target
    result.translated, result.cached = stats.translated, stats.cached


def _run_engine(texts, engine, cache, progress):  # type: ignore[no-untyped-def]
    from .translate import translate_texts

    return translate_texts(texts, engine, cache=cache, progress=progress)


def finish_document(doc: Document) -> None:
    """Fill derived metadata: English title, generator, time stamp."""
    doc.meta.generator = f"bilingual {__version__}"
    doc.meta.created = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    doc.meta.title_target = _title_target(doc)


def _title_source(doc: Document) -> Block | Sentence | None:
    """The block or sentence the title was taken from (see ``bilingual.read``), if any."""
    title = doc.meta.title.rstrip("…").strip()
    if not title:
        return None
    for block in doc.blocks:
        if block.source == doc.meta.title:
            return block
        for s in block.sentences:
            if s.source.rstrip(".") == doc.meta.title or s.source.startswith(title):
                return s
    return None


def _title_target(doc: Document) -> str:
    """The English title: the translation of the block or sentence the title was taken from."""
    source = _title_source(doc)
    if source is None:
        return doc.meta.title_target
    return source.target if isinstance(source, Block) else source.target.rstrip(".")


def write_outputs(doc: Document, out_dir: Path, stem: str, formats: Sequence[str], render: RenderOptions | None = None) -> dict[str, Path]:
    """Write the requested editions (and the JSON) for ``doc``; each file atomically."""
    outputs: dict[str, Path] = {}
    editions = [f for f in formats if f != "json"]
    if editions:
        from .render import RenderOptions, render_document

        outputs.update(render_document(doc, out_dir, stem, editions, render or RenderOptions()))
    if "json" in formats:
        outputs["json"] = doc.save(out_dir / f"{stem}.json")
    return outputs
