"""The translation engine: an Argos package run directly with CTranslate2 and SentencePiece.

``argostranslate.translate`` is not used: offline its sentence splitter tries to download a
model, and it translates one paragraph per ``translate_batch`` call. Here every text (a
sentence, already split by the pipeline) goes through ``translate_batch`` together, sorted
by length, in bounded batches, with a callback per finished text so a cache can keep work
as it is done.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ModelError
from ..model import ModelInfo
from .packages import InstalledPackage

__all__ = ["EngineOptions", "Engine", "PackageTranslator", "split_pieces", "engine_cache_key"]


@dataclass(frozen=True)
class EngineOptions:
    """Decoding and runtime options.

    ``max_input_pieces``: a sentence longer than this (in SentencePiece pieces) is cut into
    chunks at punctuation (else at word starts), translated separately and joined, instead of
    being truncated silently (CTranslate2 cuts inputs at ``max_input_length``). Argos models are
    trained on sentences well under 200 pieces and degrade beyond.
    ``length_penalty`` 0.2 and ``replace_unknowns`` are what ``argostranslate`` uses.

    Threads: ``threads`` CPU threads in all (0 = every core), split into ``inter_threads``
    batches decoded in parallel (0 = one per thread) of ``threads // inter_threads`` threads
    each. Measured on 2 cores with a Transformer-base at beam 4 (``bench/``): batches of 8 on
    2 parallel workers of 1 thread gave 37 sentences/s and 288 MB, against 19.7/s and 465 MB for
    batches of 32 on one worker of 2 threads — CTranslate2's intra-op threading pays little at
    these sizes, parallel batches pay almost linearly.
    """

    beam_size: int = 4
    compute_type: str = "int8"
    threads: int = 0  #: CPU threads in all; 0 = all cores available to this process
    max_batch_size: int = 8  #: sentences per batch (a ``translate_batch`` call carries several)
    inter_threads: int = 0  #: batches decoded in parallel; 0 = one per thread
    device: str = "cpu"
    max_input_pieces: int = 200
    max_decoding_length: int = 256
    length_penalty: float = 0.2
    replace_unknowns: bool = True

    def __post_init__(self) -> None:
        if self.beam_size < 1 or self.max_batch_size < 1 or self.threads < 0 or self.inter_threads < 0:
            raise ModelError("engine options: beam_size and max_batch_size must be >= 1, threads and inter_threads >= 0")
        if self.max_input_pieces < 8 or self.max_decoding_length < 8:
            raise ModelError("engine options: max_input_pieces and max_decoding_length must be >= 8")

    def key(self) -> str:
        """The options that change the output, as a stable string (threads and batch size do not)."""
        return (f"beam={self.beam_size};compute={self.compute_type};device={self.device};"
                f"maxin={self.max_input_pieces};maxdec={self.max_decoding_length};"
                f"lp={self.length_penalty:g};unk={int(self.replace_unknowns)}")

    def thread_split(self) -> tuple[int, int]:
        """``(inter_threads, intra_threads)`` for the CTranslate2 translator."""
        total = self.thread_count()
        inter = min(self.inter_threads or total, total)
        return inter, max(1, total // inter)

    def sentences_per_call(self) -> int:
        """Texts per ``translate_batch`` call: enough batches to keep every worker busy, few
        enough that progress and the cache see finished work often."""
        return self.max_batch_size * self.thread_split()[0] * 2  # 2 batches a worker: 32/s vs 17/s for 1 (bench/)

    def thread_count(self) -> int:
        """Threads to use: ``threads``, or every core this process may run on."""
        if self.threads:
            return self.threads
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except (AttributeError, OSError):  # pragma: no cover - not Linux
            return max(1, os.cpu_count() or 1)


_BREAK_AFTER = re.compile(r"[,;:.!?…)»\]—–]$")


def split_pieces(pieces: Sequence[str], limit: int) -> list[list[str]]:
    """Cut a piece sequence into chunks of at most ``limit`` pieces.

    Each cut goes after the last punctuation piece in the second half of the window, else
    before the last word start (``▁``) in it, else at the limit.
    """
    out: list[list[str]] = []
    start, n = 0, len(pieces)
    while n - start > limit:
        end = start + limit
        cut = next((i + 1 for i in range(end - 1, start + limit // 2 - 1, -1)
                    if _BREAK_AFTER.search(pieces[i])), None)
        if cut is None:
            cut = next((i for i in range(end - 1, start, -1) if pieces[i].startswith("\u2581")), end)
        out.append(list(pieces[start:cut]))
        start = cut
    out.append(list(pieces[start:]))
    return out


def engine_cache_key(package: InstalledPackage, options: EngineOptions) -> str:
    """Model identity plus the options that change the output: translations are cached under
    this key (computed without loading the model, so a driver that runs no engine agrees)."""
    return f"{package.identity()}|{options.key()}"


class PackageTranslator:
    """What every translator of one package answers without translating: the metadata to record,
    and the cache key (set ``package``, ``options`` and ``_key`` in ``__init__``)."""

    package: InstalledPackage
    options: EngineOptions
    _key: str

    @property
    def model_info(self) -> ModelInfo:
        """What to record in the document's metadata."""
        return self.package.model_info()

    def options_key(self) -> str:
        """The decoding options that change the output (for the cache key)."""
        return self.options.key()

    def cache_key(self) -> str:
        """Model identity plus decoding options (:func:`engine_cache_key`): translations are
        cached under this key, the same whichever translator runs the package."""
        return self._key


class Engine(PackageTranslator):
    """Translates sentences with one installed Argos package."""

    def __init__(self, package: InstalledPackage, options: EngineOptions = EngineOptions()) -> None:
        self.package = package
        self.options = options
        self._sp, self._translator = _load(package, options)
        self._key = engine_cache_key(package, options)

    def translate(self, texts: Sequence[str], *, on_result: Callable[[int, str], None] | None = None,
                  progress: Callable[[int], None] | None = None) -> list[str]:
        """Translate ``texts`` (one sentence each); return the translations in order.

        ``on_result(i, translation)`` is called for each text as soon as its batch finishes;
        ``progress(n_done)`` after each batch. Empty (or blank) texts translate to "".
        """
        results = ["" for _ in texts]
        units: list[tuple[int, int, list[str]]] = []  # (text index, chunk number, pieces)
        chunks_left = [0] * len(texts)
        parts: list[list[str]] = [[] for _ in texts]
        done = 0
        for i, text in enumerate(texts):
            pieces = self._sp.encode(text, out_type=str) if text.strip() else []
            if not pieces:
                done += 1
                if on_result is not None:
                    on_result(i, "")
                continue
            chunks = split_pieces(pieces, self.options.max_input_pieces)
            chunks_left[i] = len(chunks)
            parts[i] = [""] * len(chunks)
            units.extend((i, k, c) for k, c in enumerate(chunks))
        if done and progress is not None:
            progress(done)
        units.sort(key=lambda u: len(u[2]))
        size = self.options.sentences_per_call()
        for start in range(0, len(units), size):
            batch = units[start:start + size]
            outputs = self._run([u[2] for u in batch])
            finished: list[int] = []
            for (i, k, _), out in zip(batch, outputs):
                parts[i][k] = out
                chunks_left[i] -= 1
                if chunks_left[i] == 0:
                    finished.append(i)
            for i in sorted(finished):
                results[i] = " ".join(p for p in parts[i] if p)
                if on_result is not None:
                    on_result(i, results[i])
            done += len(finished)
            if progress is not None:
                progress(done)
        return results

    def _run(self, batch: list[list[str]]) -> list[str]:
        """One ``translate_batch`` call; decoded strings with the target prefix removed."""
        prefix = self.package.target_prefix
        opts = self.options
        kwargs: dict[str, Any] = {}
        if prefix:
            kwargs["target_prefix"] = [[prefix]] * len(batch)
        try:
            results = self._translator.translate_batch(
                batch, beam_size=opts.beam_size, max_batch_size=opts.max_batch_size,
                max_decoding_length=opts.max_decoding_length, max_input_length=0,
                length_penalty=opts.length_penalty, replace_unknowns=opts.replace_unknowns, **kwargs)
        except (RuntimeError, ValueError) as err:
            raise ModelError(f"model {self.package.name} failed to translate: {_first_line(err)}") from None
        out = []
        for result in results:
            tokens = list(result.hypotheses[0])
            if prefix and tokens and tokens[0] == prefix:
                tokens = tokens[1:]
            out.append(self._sp.decode(tokens).strip())
        return out


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _load(package: InstalledPackage, options: EngineOptions) -> tuple[Any, Any]:
    """Load the SentencePiece model and the CTranslate2 translator, or raise ModelError."""
    hint = f"reinstall it with: bilingual models install PATH.argosmodel (package folder {package.path})"
    if not package.usable:
        raise ModelError(f"model {package.name} is incomplete (needs model/model.bin and sentencepiece.model); {hint}")
    import ctranslate2
    import sentencepiece

    try:
        sp = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
    except (RuntimeError, OSError) as err:
        raise ModelError(f"model {package.name}: cannot load sentencepiece.model ({_first_line(err)}); {hint}") from None
    try:
        translator = ctranslate2.Translator(
            str(package.model_dir), device=options.device, compute_type=options.compute_type,
            inter_threads=options.thread_split()[0], intra_threads=options.thread_split()[1])
    except (RuntimeError, ValueError, OSError) as err:
        raise ModelError(f"model {package.name}: cannot load the CTranslate2 model ({_first_line(err)}); {hint}") from None
    return sp, translator
