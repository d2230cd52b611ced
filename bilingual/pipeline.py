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
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import DocumentError, GlossaryError, InputError
from .model import Block, Document, Sentence

if TYPE_CHECKING:
    from .metadata import MetadataOverrides
    from .render import RenderOptions
    from .translate.engine import EngineOptions

__all__ = [
    "OUTPUT_FORMATS",
    "TranslateConfig",
    "TranslateResult",
    "Translator",
    "check_formats",
    "finish_document",
    "load_glossary_file",
    "open_translator",
    "output_stem",
    "resolve_glossary",
    "translate_file",
    "write_images",
    "write_outputs",
]

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


def load_glossary_file(path: str | Path | Any):  # type: ignore[no-untyped-def]
    """Load one glossary file (no layers; a :class:`~bilingual.glossary.Glossary` is returned as
    it is), with a one-line error when it is missing."""
    from .glossary import Glossary, load_glossary

    if isinstance(path, Glossary):
        return path
    if not Path(path).exists():
        raise GlossaryError(f"{path}: no such glossary file")
    return load_glossary(Path(path))


def resolve_glossary(config: TranslateConfig, project: Any = None) -> Any:
    """The glossary of a run: the layers ``config`` asks for, merged (None when none is in
    force). ``project`` (a :class:`~bilingual.glossary.Glossary`) overrides ``config.glossary``."""
    from .glossary.layers import GlossarySettings
    from .glossary.layers import resolve_glossary as resolve

    settings = GlossarySettings(project=project if project is not None else config.glossary, no_glossary=config.no_glossary,
                                no_builtin=config.no_builtin_glossary, user=config.user_glossary)
    return resolve(settings)


# --------------------------------------------------------------------------- the translator
class Translator:
    """The engine (or an executor that runs engines elsewhere), the cache and the glossary of a
    run, opened once and shared by every file; a context manager that closes them."""

    def __init__(self, config: TranslateConfig, glossary: Any = None) -> None:
        """``glossary``: a :class:`~bilingual.glossary.Glossary` taken as the project layer (the
        built-in and user layers go under it as ``config`` says); None: the layers of ``config``."""
        from .glossary.enforce_run import check_mode

        check_mode(config.enforce, config.enforce_fallback)
        self.config = config
        if glossary is not None and getattr(glossary, "layers", None) is None and not config.no_glossary:
            glossary = resolve_glossary(config, project=glossary)
        self.glossary = resolve_glossary(config) if glossary is None else glossary
        self._engine: Any = None
        self._cache: Any = None
        self._cache_opened = False
        self.warnings: list[str] = []
        self._lock = threading.RLock()  # several files may translate at once (a batch on Ray)

    @property
    def engine(self) -> Any:
        """The engine (opened on first use: a run whose files are all up to date loads none)."""
        with self._lock:
            if self._engine is None:
                self._engine = open_translator(self.config)
            return self._engine

    @property
    def cache(self) -> Any:
        """The translation cache, or None (disabled, or unusable: then a warning says so); safe
        to share between threads."""
        with self._lock:
            if self.config.use_cache and not self._cache_opened:
                self._cache_opened = True
                from .translate.cache import TranslationCache

                cache, warning = TranslationCache.open_or_none(self.config.cache_dir)
                self._cache = None if cache is None else _Serialised(cache, self._lock)
                if warning:
                    self.warnings.append(warning)
            return self._cache

    def translate(self, texts: list[str], progress: Progress | None = None) -> tuple[list[str], Any]:
        """Translate ``texts`` through the cache and the engine; ``(targets, stats)``."""
        from .translate import translate_texts

        return translate_texts(texts, self.engine, cache=self.cache, progress=progress)

    def enforce(self, sentences: Sequence[Sentence], progress: Progress | None = None) -> Any:
        """Translate ``sentences`` meeting their glossary terms (``config.enforce``); sets their
        ``target``, ``engine_source`` and ``enforcement``; an
        :class:`~bilingual.glossary.enforce_run.EnforceReport`."""
        from .glossary.enforce_run import enforce_sentences

        return enforce_sentences(sentences, self.engine, self.cache, mode=self.config.enforce,
                                 fallback=self.config.enforce_fallback, progress=progress, translate=self.translate)

    def take_warnings(self) -> list[str]:
        """Warnings since the last call: the cache could not be opened, or was switched off."""
        found = [*self.warnings, *getattr(self._cache, "warnings", [])]
        self.warnings.clear()
        if self._cache is not None and getattr(self._cache, "warnings", None):
            self._cache.warnings.clear()
        return found

    def close(self) -> None:
        """Close the cache and the executor."""
        if self._cache is not None:
            self._cache.close()
            self._cache = None
        close = getattr(self._engine, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Translator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Serialised:
    """A cache whose every call holds ``lock``: one SQLite connection shared by threads."""

    def __init__(self, cache: Any, lock: threading.RLock) -> None:
        self._cache, self._lock = cache, lock

    @property
    def warnings(self) -> list[str]:
        return self._cache.warnings  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._cache, name)
        if not callable(method):
            return method

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return method(*args, **kwargs)

        return call


def open_translator(config: TranslateConfig) -> Any:
    """The object that translates for a run: the local engine, or a Ray actor pool."""
    from .translate.engine import EngineOptions

    options = config.engine or EngineOptions()
    if config.executor == "ray":
        from .executors.ray import RayExecutor

        return RayExecutor(packages_dir=config.packages_dir, options=options, address=config.ray_address,
                           workers=config.workers, auto_install=config.auto_install, ship_model=config.ship_model)
    if config.executor != "local":
        raise InputError(f"unknown executor {config.executor!r}; use local or ray")
    from .translate import open_engine

    return open_engine("ru", "en", packages_dir=config.packages_dir, options=options, auto_install=config.auto_install)


# --------------------------------------------------------------------------- one file
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
    _ready_output(config.out_dir, formats)
    stem = stem or claim_stem(config.out_dir, path)
    json_path = config.out_dir / f"{stem}.json"
    glossary = translator.glossary
    if glossary is not None:
        from .glossary import apply_glossary

        apply_glossary(doc, glossary, substitute=config.enforce == "substitute")
    snapshot = _snapshot(json_path)
    if config.keep_edits:
        previous = _load_previous(json_path)
        if previous is not None:
            from .metadata import carry_over_metadata

            carry_over_metadata(previous, doc)
            _carry_over_edits(previous, doc, config.out_dir / f"{stem}.orphaned-edits.json", result)

    todo = [s for s in doc.sentences() if s.origin not in KEEP_ORIGINS]
    extra = _untitled(doc, glossary)
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
    with _json_lock(json_path):
        if config.keep_edits and "json" in formats and _changed(snapshot):
            _merge_newer(json_path, doc, config.out_dir / f"{stem}.orphaned-edits.json", result)
        write_images(doc, config.out_dir, stem)
        result.outputs = write_outputs(doc, config.out_dir, stem, formats, config.render)
    result.blocks = len(doc.blocks)
    result.sentences = len(doc.sentences())
    result.seconds = time.perf_counter() - t0
    return result


def _ready_output(out_dir: Path, formats: Sequence[str]) -> None:
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


def _load_previous(path: Path) -> Document | None:
    if not path.exists():
        return None
    try:
        return Document.load(path)
    except DocumentError as err:
        raise DocumentError(
            f"{path} exists but cannot be read ({err}); it may hold your edits — fix or move it, then run again"
        ) from err


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


# --------------------------------------------------------------------------- concurrent edits
def _snapshot(path: Path) -> Any:
    from .locking import Snapshot

    return Snapshot.of(path)


def _changed(snapshot: Any) -> bool:
    return bool(snapshot.changed())


def _json_lock(path: Path) -> Any:
    """The JSON's side lock (see :mod:`bilingual.locking`) held while it is re-read and written."""
    from .locking import file_lock

    return file_lock(path)


def _merge_newer(json_path: Path, doc: Document, orphans_path: Path, result: TranslateResult) -> None:
    """The JSON changed while this run translated (an import, another editor): take its human
    edits over the machine output just made, so nothing done meanwhile is lost."""
    newer = _load_previous(json_path)
    if newer is None:
        return
    from .edits import carry_over, write_orphans

    report = carry_over(newer, doc, keep_machine=False)
    if report.kept or report.kept_aligned:
        result.kept += report.kept + report.kept_aligned
        result.warnings.append(f"{json_path} changed while translating; its {report.kept} human edit(s) were kept")
    if report.orphans:
        write_orphans(report.orphans, orphans_path)


# --------------------------------------------------------------------------- titles
def _untitled(doc: Document, glossary: Any) -> list[Sentence]:
    """Texts that are no sentence of the document but need English: a title from metadata (e.g.
    front matter's ``title:``, a book's title) and chapter titles with no heading in the text."""
    out: list[Sentence] = []
    if doc.meta.title and doc.meta.title_target_origin != "human" and _title_source(doc) is None:
        out.append(_standalone(doc.meta.title, glossary))
    for chapter in doc.chapters:
        if chapter.title and _chapter_heading(doc, chapter) is None:
            out.append(_standalone(chapter.title, glossary))
    return out


def _standalone(text: str, glossary: Any) -> Sentence:
    sentence = Sentence(start=0, end=len(text), source=text, engine_source=text)
    if glossary is not None:
        from .glossary.enforce import sentence_terms

        sentence.terms = sentence_terms(glossary, sentence)
    return sentence


def _chapter_heading(doc: Document, chapter: Any) -> Block | None:
    index = doc.chapters.index(chapter)
    title = " ".join(chapter.title.split())
    return next((b for b in doc.blocks if b.chapter == index and b.kind == "heading" and " ".join(b.source.split()) == title), None)


def complete_document(doc: Document, standalone: Sequence[Sentence] = ()) -> None:
    """After translation: metadata (:func:`finish_document`), and the English of the title and
    chapter titles translated on their own (``standalone``, in :func:`_untitled` order)."""
    finish_document(doc)
    done = {s.source: s.target for s in standalone}
    if doc.meta.title in done and doc.meta.title_target_origin != "human" and _title_source(doc) is None:
        doc.meta.title_target = done[doc.meta.title]
    for chapter in doc.chapters:
        heading = _chapter_heading(doc, chapter)
        chapter.title_target = heading.target if heading is not None else done.get(chapter.title, chapter.title_target)


def finish_document(doc: Document) -> None:
    """Fill derived metadata: English title, generator, time stamp."""
    doc.meta.generator = f"bilingual {__version__}"
    doc.meta.created = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    if doc.meta.title_target_origin != "human":  # a given English title is never re-translated
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


# --------------------------------------------------------------------------- outputs
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
