"""The translation engine: an Argos package run directly with CTranslate2 and SentencePiece.

``argostranslate.translate`` is not used: offline its sentence splitter tries to download a
model, and it translates one paragraph per ``translate_batch`` call. Here every text (a
sentence, already split by the pipeline) goes through ``translate_batch`` together, sorted
by length, in batches bounded by a token budget (CTranslate2's ``batch_type="tokens"``), with a
callback per finished text so a cache can keep work as it is done; calls are queued one ahead
(``asynchronous=True``) so the workers never wait for Python between calls.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ModelError
from ..model import ModelInfo
from .packages import InstalledPackage

__all__ = ["EngineOptions", "Engine", "Hypothesis", "PackageTranslator", "split_pieces", "engine_cache_key", "plan_calls",
           "DEFAULT_BATCH_TOKENS", "DEFAULT_INTER_THREADS"]


#: Defaults picked by ``bench/bench_grid.py`` (one run, 2 cores, Transformer-base int8; the table
#: and the choice are in ``bench/RESULTS.md``). Set here so the grid's verdict has one home.
DEFAULT_BATCH_TOKENS = 256  # the quiet-machine grid of 2026-12-02 picked 256 over 512 (bench/RESULTS.md)
DEFAULT_INTER_THREADS = 0  # one single-threaded worker per core
#: Batches queued per worker in one ``translate_batch`` call: enough that no worker waits at the
#: end of a call, few enough that the cache and progress see finished work often.
BATCHES_PER_WORKER = 2


@dataclass(frozen=True)
class EngineOptions:
    """Decoding and runtime options.

    ``max_input_pieces``: a sentence longer than this (in SentencePiece pieces) is cut into
    chunks at punctuation (else at word starts), translated separately and joined, instead of
    being truncated silently (CTranslate2 cuts inputs at ``max_input_length``). Argos models are
    trained on sentences well under 200 pieces and degrade beyond.
    ``length_penalty`` 0.2 and ``replace_unknowns`` are what ``argostranslate`` uses.

    Batches: by tokens — CTranslate2's ``batch_type="tokens"`` with ``batch_tokens`` source
    pieces per batch, over length-sorted input, so a batch of short sentences holds many and one
    of long sentences few (padding and memory stay bounded). ``max_batch_size`` > 0 batches by
    sentence count instead (the old behaviour, ``--batch-size``). Neither is part of
    :meth:`key`: on CPU, CTranslate2's output does not depend on batch composition except for
    rare floating-point near-ties (``bench/bench_grid.py`` counts identical outputs across
    budgets).

    Threads: ``threads`` CPU threads in all (0 = every core), split into ``inter_threads``
    batches decoded in parallel (0 = one per thread) of ``threads // inter_threads`` threads
    each. The defaults are the cheapest cell, by CPU-seconds per sentence, of the grid in
    ``bench/bench_grid.py`` (budget × threads × beam) measured on this project's 2-core machine.
    """

    beam_size: int = 4
    compute_type: str = "int8"
    threads: int = 0  #: CPU threads in all; 0 = all cores available to this process
    max_batch_size: int = 0  #: > 0: sentences per batch instead of a token budget
    inter_threads: int = DEFAULT_INTER_THREADS  #: batches decoded in parallel; 0 = one per thread
    device: str = "cpu"
    max_input_pieces: int = 200
    max_decoding_length: int = 256
    length_penalty: float = 0.2
    replace_unknowns: bool = True
    batch_tokens: int = DEFAULT_BATCH_TOKENS  #: source pieces per batch (when ``max_batch_size`` is 0)

    def __post_init__(self) -> None:
        if self.beam_size < 1 or self.max_batch_size < 0 or self.threads < 0 or self.inter_threads < 0:
            raise ModelError("engine options: beam_size must be >= 1, max_batch_size, threads and inter_threads >= 0")
        if self.batch_tokens < 1:
            raise ModelError("engine options: batch_tokens must be >= 1")
        if self.max_input_pieces < 8 or self.max_decoding_length < 8:
            raise ModelError("engine options: max_input_pieces and max_decoding_length must be >= 8")

    def key(self) -> str:
        """The options that change the output, as a stable string (threads and batching do not)."""
        return (f"beam={self.beam_size};compute={self.compute_type};device={self.device};"
                f"maxin={self.max_input_pieces};maxdec={self.max_decoding_length};"
                f"lp={self.length_penalty:g};unk={int(self.replace_unknowns)}")

    def thread_split(self) -> tuple[int, int]:
        """``(inter_threads, intra_threads)`` for the CTranslate2 translator."""
        total = self.thread_count()
        inter = min(self.inter_threads or total, total)
        return inter, max(1, total // inter)

    def batch_kwargs(self) -> dict[str, Any]:
        """``max_batch_size`` and ``batch_type`` for ``translate_batch``."""
        if self.max_batch_size:
            return {"max_batch_size": self.max_batch_size, "batch_type": "examples"}
        return {"max_batch_size": self.batch_tokens, "batch_type": "tokens"}

    def call_budget(self) -> tuple[int, bool]:
        """What one ``translate_batch`` call carries: ``(amount, by_tokens)`` — enough batches
        to keep every worker busy (:data:`BATCHES_PER_WORKER` each)."""
        workers = self.thread_split()[0] * BATCHES_PER_WORKER
        if self.max_batch_size:
            return self.max_batch_size * workers, False
        return self.batch_tokens * workers, True

    def sentences_per_call(self) -> int:
        """Texts per call when batching by sentence count (kept for callers of the old API)."""
        return (self.max_batch_size or 8) * self.thread_split()[0] * BATCHES_PER_WORKER

    def thread_count(self) -> int:
        """Threads to use: ``threads``, or every core this process may run on."""
        if self.threads:
            return self.threads
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except (AttributeError, OSError):  # pragma: no cover - not Linux
            return max(1, os.cpu_count() or 1)


def plan_calls(lengths: Sequence[int], options: EngineOptions) -> list[range]:
    """Cut length-sorted units (their piece counts) into consecutive ``translate_batch`` calls of
    at most :meth:`EngineOptions.call_budget` tokens (or sentences); each call holds at least one."""
    budget, by_tokens = options.call_budget()
    calls: list[range] = []
    start, used = 0, 0
    for i, n in enumerate(lengths):
        cost = n if by_tokens else 1
        if i > start and used + cost > budget:
            calls.append(range(start, i))
            start, used = i, 0
        used += cost
    if start < len(lengths):
        calls.append(range(start, len(lengths)))
    return calls


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


@dataclass(frozen=True)
class Hypothesis:
    """One translation the engine considered, with its score (higher is better)."""

    text: str
    score: float


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
        calls = plan_calls([len(u[2]) for u in units], self.options)
        for call, outputs in self._pipelined(calls, lambda c: self._submit([units[j][2] for j in c])):
            finished: list[int] = []
            for j, hyps in zip(call, outputs):
                i, k, _ = units[j]
                parts[i][k] = hyps[0].text
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

    def translate_nbest(self, texts: Sequence[str], n: int, *, prefixes: Sequence[str] | None = None) -> list[list[Hypothesis]]:
        """Up to ``n`` hypotheses per text, best first, each with its score (the engine's
        length-normalised log-probability). The beam is at least ``n`` wide. Batched like
        :meth:`translate` (by tokens, length-sorted).

        ``prefixes[i]`` (optional, "" for none) is English the output of text ``i`` must start
        with (CTranslate2's ``target_prefix``). A text too long for one engine call (split into
        chunks by :meth:`translate`) gets its one joined best translation, score 0.0.
        """
        if n < 1:
            raise ValueError("n must be at least 1")
        out: list[list[Hypothesis]] = [[] for _ in texts]
        units: list[tuple[int, list[str], list[str]]] = []  # (text index, pieces, prefix pieces)
        long: list[int] = []
        for i, text in enumerate(texts):
            pieces = self._sp.encode(text, out_type=str) if text.strip() else []
            if not pieces:
                out[i] = [Hypothesis("", 0.0)]
            elif len(pieces) > self.options.max_input_pieces:
                long.append(i)
            else:
                prefix = prefixes[i] if prefixes else ""
                units.append((i, pieces, self._sp.encode(prefix, out_type=str) if prefix else []))
        if long:
            for i, target in zip(long, self.translate([texts[i] for i in long])):
                out[i] = [Hypothesis(target, 0.0)]
        units.sort(key=lambda u: len(u[1]))
        calls = plan_calls([len(u[1]) for u in units], self.options)

        def submit(call: range) -> list[Any]:
            return self._submit([units[j][1] for j in call], n=n, prefixes=[units[j][2] for j in call])

        for call, results in self._pipelined(calls, submit):
            for j, hyps in zip(call, results):
                out[units[j][0]] = hyps
        return out

    def _pipelined(self, calls: Sequence[range], submit: Callable[[range], list[Any]]) -> Iterator[tuple[range, list[list[Hypothesis]]]]:
        """``(call, hypotheses per unit)`` for each call, in order. The next call is queued
        before the current one is collected, so no worker idles at the end of a call."""
        pending: deque[tuple[range, list[Any]]] = deque()
        for call in calls:
            pending.append((call, submit(call)))
            if len(pending) > 1:
                done, futures = pending.popleft()
                yield done, self._collect(futures)
        while pending:
            done, futures = pending.popleft()
            yield done, self._collect(futures)

    def _submit(self, batch: list[list[str]], *, n: int = 0, prefixes: list[list[str]] | None = None) -> list[Any]:
        """Queue one asynchronous ``translate_batch`` call; returns its futures. ``n`` > 0 asks
        for ``n`` hypotheses with scores (else the best one, unscored)."""
        prefix = self.package.target_prefix
        opts = self.options
        targets = [([prefix] if prefix else []) + p for p in (prefixes or [[] for _ in batch])]
        kwargs: dict[str, Any] = {"target_prefix": targets} if any(targets) else {}
        if n:
            kwargs.update(num_hypotheses=n, return_scores=True)
        try:
            return self._translator.translate_batch(
                batch, beam_size=max(opts.beam_size, n), max_decoding_length=opts.max_decoding_length,
                max_input_length=0, length_penalty=opts.length_penalty, replace_unknowns=opts.replace_unknowns,
                asynchronous=True, **opts.batch_kwargs(), **kwargs)
        except (RuntimeError, ValueError) as err:
            raise ModelError(f"model {self.package.name} failed to translate: {_first_line(err)}") from None

    def _collect(self, futures: list[Any]) -> list[list[Hypothesis]]:
        """Wait for one call's futures; decoded hypotheses with the target prefix removed."""
        prefix = self.package.target_prefix
        out = []
        for future in futures:
            try:
                result = future.result()
            except (RuntimeError, ValueError) as err:
                raise ModelError(f"model {self.package.name} failed to translate: {_first_line(err)}") from None
            scores = list(result.scores) or [0.0] * len(result.hypotheses)
            hyps = []
            for tokens, score in zip(result.hypotheses, scores):
                tokens = list(tokens)
                if prefix and tokens and tokens[0] == prefix:
                    tokens = tokens[1:]
                hyps.append(Hypothesis(self._sp.decode(tokens).strip(), float(score)))
            out.append(hyps)
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
