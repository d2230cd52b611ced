"""The main job: a Russian article or book in, aligned English translation and editions out.

:func:`translate_file` runs read → segment → glossary (its layers: :mod:`bilingual.glossary.layers`)
→ translate with the terms enforced (:mod:`bilingual.glossary.enforce`) → check → render and
returns a :class:`TranslateResult`. It never writes a partial file: every output is written to
a temporary file and renamed. Running it again on the same source keeps the editor's work:
sentences marked ``human`` in the previous ``out/<stem>.json`` are carried over, and only the
other sentences go to the engine (which answers from its cache when nothing changed). Many
files and folders: :func:`bilingual.batch.translate_paths`, which opens the engine once and
calls :func:`translate_file` with it.

A book's pictures are written beside the JSON, in ``out/<stem>.images/``; the JSON refers to
them, so ``bilingual render`` can rebuild the editions from the JSON alone.

This module holds the run's configuration and result and the order of the steps; the steps live
beside it and their names are re-exported here: :mod:`bilingual.translator` (engine, cache and
glossary of a run), :mod:`bilingual.outputs` (the output names, the previous JSON and its edits,
locking and merging, writing) and :mod:`bilingual.titles` (the English titles, finishing metadata).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Document
from .outputs import (
    OUTPUT_FORMATS,
    carry_over_edits,
    check_formats,
    claim_stem,
    json_lock,
    json_snapshot,
    load_previous,
    merge_newer,
    output_stem,
    ready_output,
    write_images,
    write_outputs,
)
from .titles import complete_document, finish_document, untitled
from .translator import (
    Progress,
    Translator,
    load_glossary_file,
    open_translator,
    resolve_glossary,
)

if TYPE_CHECKING:
    from .metadata import MetadataOverrides
    from .render import RenderOptions
    from .translate.engine import EngineOptions

__all__ = [
    "KEEP_ORIGINS",
    "OUTPUT_FORMATS",
    "Progress",
    "TranslateConfig",
    "TranslateResult",
    "Translator",
    "check_formats",
    "claim_stem",
    "complete_document",
    "finish_document",
    "load_glossary_file",
    "open_translator",
    "output_stem",
    "resolve_glossary",
    "translate_file",
    "write_images",
    "write_outputs",
]

#: Origins a re-run keeps instead of re-translating: an editor's work and aligned human translation.
KEEP_ORIGINS = ("human", "aligned")


@dataclass
class TranslateConfig:
    """Everything :func:`translate_file` needs besides the input path."""

    out_dir: Path = Path("out")
    formats: Sequence[str] = OUTPUT_FORMATS
    #: the project glossary layer: a file or a :class:`~bilingual.glossary.Glossary`; None =
    #: ``glossary/ru-en.tsv`` in the working directory when present. The built-in and the user's
    #: glossary lie under it (see :mod:`bilingual.glossary.layers`).
    glossary: Path | str | Any = None
    no_glossary: bool = False  #: no glossary at all (no layer)
    no_builtin_glossary: bool = False  #: leave out the glossary shipped with bilingual
    user_glossary: bool = True  #: read the user's glossary (``ru-en.tsv`` in the config folder) when present
    enforce: str = "auto"  #: "auto" (n-best, then a fallback), "substitute" (terms in the input), "check" (report only)
    enforce_fallback: str = "substitute"  #: auto's fallback: "substitute", "prefix" or "post-edit"
    packages_dir: Path | None = None  #: Argos packages dir; None = ARGOS_PACKAGES_DIR or Argos' default
    engine: EngineOptions | None = None  #: decoding options; None = defaults
    render: RenderOptions | None = None  #: layout/granularity/landscape; None = defaults
    use_cache: bool = True
    cache_dir: Path | None = None  #: None = platform default (or BILINGUAL_CACHE_DIR)
    auto_install: bool = True  #: try once to install a ru→en model if none is installed
    keep_edits: bool = True  #: carry human-edited sentences over from an earlier out/<stem>.json
    executor: str = "local"  #: "local" (this process) or "ray" (an actor pool; ``pip install 'bilingual[ray]'``)
    ray_address: str | None = None  #: join this Ray cluster (None: RAY_ADDRESS, else a local instance)
    workers: int = 0  #: Ray translator actors (0 = one per CPU of the cluster)
    ship_model: bool | None = None  #: Ray: send the model to every node (None: only to nodes that cannot read it)
    documents_in_flight: int = 0  #: files translated at once by a batch (0: 1 locally, 2 per Ray actor)
    #: title, people, source, rights, cover given by the user (over the source's own metadata)
    metadata: MetadataOverrides | None = None


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
    #: sentences translated now per enforcement path (model, alternative, substituted, post-edited, violated)
    enforcement: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def kinds(self) -> dict[str, int]:
        """Blocks per kind, most frequent first."""
        return dict(Counter(b.kind for b in self.document.blocks).most_common())


def translate_file(path: str | Path, config: TranslateConfig | None = None, progress: Progress | None = None,
                   *, translator: Translator | None = None, stem: str | None = None) -> TranslateResult:
    """Translate the article or book at ``path`` and write the editions into ``config.out_dir``.

    ``translator`` shares an open engine, cache and glossary between files (see
    :mod:`bilingual.batch`); ``stem`` overrides the output name.
    """
    config = config or TranslateConfig()
    if translator is None:
        with Translator(config) as own:
            return translate_file(path, config, progress, translator=own, stem=stem)
    from .read import read_source

    t0 = time.perf_counter()
    path = Path(path)
    formats = check_formats(config.formats)
    read = read_source(path)
    doc = read.document
    if config.metadata:
        from .metadata import apply_metadata

        apply_metadata(doc, config.metadata)
    result = TranslateResult(document=doc, warnings=list(read.warnings))
    ready_output(config.out_dir, formats)
    stem = stem or claim_stem(config.out_dir, path)
    json_path = config.out_dir / f"{stem}.json"
    glossary = translator.glossary
    if glossary is not None:
        from .glossary import apply_glossary

        apply_glossary(doc, glossary, substitute=config.enforce == "substitute")
    snapshot = json_snapshot(json_path)
    if config.keep_edits:
        previous = load_previous(json_path)
        if previous is not None:
            from .metadata import carry_over_metadata

            carry_over_metadata(previous, doc)
            carry_over_edits(previous, doc, config.out_dir / f"{stem}.orphaned-edits.json", result)

    todo = [s for s in doc.sentences() if s.origin not in KEEP_ORIGINS]
    extra = untitled(doc, glossary)
    report = translator.enforce(todo, progress)
    if extra:  # not counted: a title or chapter titles translated on their own
        report.warnings += translator.enforce(extra).warnings
    doc.meta.model = translator.engine.model_info
    for sentence in [*todo, *extra]:
        sentence.origin = "machine"
        sentence.machine_target = sentence.target
    result.translated, result.cached = report.translated, report.cached
    result.enforcement = dict(report.counts)
    result.warnings.extend(dict.fromkeys(report.warnings))
    result.warnings.extend(translator.take_warnings())
    complete_document(doc, extra)
    if glossary is not None:
        from .glossary import check_document

        result.violations = check_document(doc)
    with json_lock(json_path):
        if config.keep_edits and "json" in formats and snapshot.changed():
            merge_newer(json_path, doc, config.out_dir / f"{stem}.orphaned-edits.json", result)
        write_images(doc, config.out_dir, stem)
        result.outputs = write_outputs(doc, config.out_dir, stem, formats, config.render)
    result.blocks = len(doc.blocks)
    result.sentences = len(doc.sentences())
    result.seconds = time.perf_counter() - t0
    return result
