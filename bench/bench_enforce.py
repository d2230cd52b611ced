"""Glossary enforcement: its cost, and how each path and fallback does (prints, asserts nothing).

1. **Speed** — ``enforce_sentences`` in mode ``auto`` vs ``substitute`` (and ``check``), in
   sentences/s, cache off, beam 4, on the random-weight Transformer-base package (every sentence
   decoded to ``DECODE_LEN`` pieces). The sample article's sentences (repeated) with the
   built-in glossary. A random model never writes a term, so in ``auto`` every sentence with
   terms is decoded twice (n-best of the Russian, then the substituted input): the worst case.
   The n-best step alone is timed too (``auto`` when the model gets every term), and plain
   decoding without a glossary. Best of 5 interleaved rounds, wall and CPU time (the machine
   may be shared: CPU seconds are the steadier figure).
2. **Paths and fallbacks** — on the tests' engine (TEST DOUBLE: the word-for-word model of
   tests/tiny_argos.py, not a translator), the sample with the built-in glossary: sentences per
   enforcement path for each mode and each ``auto`` fallback, the terms kept, and the damage a
   fallback does to the rest of the sentence — the word edit distance between its output and
   the engine's best output of the unmodified Russian, both with the term words left out
   (terms located by the attention alignment, exact on this engine), per sentence fixed.

Usage: ``python bench/bench_enforce.py [--packages-dir DIR] [--quick] [--only speed,paths]``.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

SAMPLE = common.ROOT / "seeds" / "2025-10-09-putin-aliyev-dushanbe.ru.txt"


def _sample_doc(glossary: Any, *, substitute: bool, repeat: int = 1) -> Any:
    from bilingual.glossary import apply_glossary
    from bilingual.read import read_document

    text = SAMPLE.read_text(encoding="utf-8")
    path = Path(tempfile.mkdtemp(prefix="bench-enforce-")) / "sample.ru.txt"
    path.write_text("\n\n".join([text] * repeat), encoding="utf-8")
    doc = read_document(path)
    apply_glossary(doc, glossary, substitute=substitute)
    return doc


def _glossary() -> Any:
    from bilingual.glossary.layers import GlossarySettings, resolve_glossary

    return resolve_glossary(GlossarySettings(user=False, cwd=Path(tempfile.mkdtemp())))


# ------------------------------------------------------------------ 1. speed
def speed(packages_dir: Path | None, quick: bool) -> None:
    from bilingual.glossary.enforce_run import enforce_sentences, nbest_texts

    common.install_fixed_length()
    glossary = _glossary()
    repeat = 1  # a repeated text is decoded once (translate_texts and the n-best list skip duplicates)
    with common.bench_packages(packages_dir) as pk:
        engine = common.open_bench_engine(pk, beam_size=4)
        engine.translate(["Разогрев модели."])
        rounds = 1 if quick else 5
        print(f"\n1. speed, beam 4, cache off, the sample article, best of {rounds} interleaved rounds")
        best: dict[str, float] = {}
        best_cpu: dict[str, float] = {}
        info: dict[str, str] = {}
        for _ in range(rounds):
            for mode in ("no glossary", "substitute", "auto", "check", "n-best only"):
                doc = _sample_doc(glossary, substitute=mode == "substitute", repeat=repeat)
                sentences = doc.sentences()
                t0, c0 = time.perf_counter(), time.process_time()
                if mode == "no glossary":
                    engine.translate([s.source for s in sentences])
                    counts = "plain decoding"
                elif mode == "n-best only":  # auto when the model meets every term: no fallback
                    engine.translate([s.source for s in sentences if not s.terms])
                    nbest_texts([s.source for s in sentences if s.terms], engine, None, 4)
                    counts = "no fallback"
                else:
                    counts = _paths(enforce_sentences(sentences, engine, None, mode=mode).counts)
                dt, cpu = time.perf_counter() - t0, time.process_time() - c0
                best[mode] = min(best.get(mode, dt), dt)
                best_cpu[mode] = min(best_cpu.get(mode, cpu), cpu)
                termed = sum(1 for s in sentences if s.terms)
                info[mode] = f"{len(sentences)} sentences, {termed} with terms; {counts}"
        for mode, dt in best.items():
            n = int(info[mode].split()[0])
            print(f"  {mode:12s} {common.rate(n, dt):6.1f} sentences/s wall, {common.rate(n, best_cpu[mode]):6.1f} per CPU-second  "
                  f"({info[mode]})")


def _paths(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items() if v) or "none"


# ------------------------------------------------------------------ 2. paths
def _words_without(text: str, drop: list[str]) -> list[str]:
    for t in sorted(drop, key=len, reverse=True):
        text = text.replace(t, " ")
    return re.findall(r"\w+|[^\w\s]", text)


def _damage(engine: Any, sentence: Any, best: str) -> float:
    """Word edit distance between ``sentence.target`` without its terms' targets and ``best``
    without the words aligned to the terms, per word of the latter."""
    from bilingual.glossary.enforce_fallback import attend, term_span

    al = attend(engine, sentence.source)
    keep = list(al.target)
    for term in sentence.terms:
        span = term_span(al, term, sentence.start)
        if span is not None:
            for k in range(*span):
                keep[k] = ""
    reference = re.findall(r"\w+|[^\w\s]", engine._sp.decode([p for p in keep if p]))
    output = _words_without(sentence.target, [t.target for t in sentence.terms] + [a for t in sentence.terms for a in t.accept])
    sm = difflib.SequenceMatcher(a=reference, b=output, autojunk=False)
    edits = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")
    return edits / max(1, len(reference))


def paths(quick: bool) -> None:
    sys.path.insert(0, str(common.ROOT / "tests"))
    from tiny_argos import build_tiny_package_dir

    from bilingual.glossary.enforce_run import enforce_sentences, missing_terms
    from bilingual.translate.engine import Engine
    from bilingual.translate.packages import find_package

    glossary = _glossary()
    with tempfile.TemporaryDirectory() as tmp:
        build_tiny_package_dir(Path(tmp) / "translate-ru_en-tiny")
        engine = Engine(find_package("ru", "en", Path(tmp)))  # type: ignore[arg-type]
        print("\n2. the sample on the tests' engine (TEST DOUBLE, not a translator), built-in glossary")
        runs = [("check", "substitute"), ("substitute", "substitute"), ("auto", "substitute"), ("auto", "prefix"), ("auto", "post-edit")]
        for mode, fallback in runs:
            doc = _sample_doc(glossary, substitute=mode == "substitute")
            sentences = doc.sentences()
            base = {s.sid: engine.translate_nbest([s.source], 1)[0][0].text for s in sentences if s.terms}
            t0 = time.perf_counter()
            report = enforce_sentences(sentences, engine, None, mode=mode, fallback=fallback)
            dt = time.perf_counter() - t0
            terms = sum(len(s.terms) for s in sentences)
            kept = terms - sum(len(missing_terms(s.terms, s.target)) for s in sentences)
            fixed = [s for s in sentences if s.enforcement in ("substituted", "post-edited")]
            damage = [_damage(engine, s, base[s.sid]) for s in fixed]
            mean = sum(damage) / len(damage) if damage else 0.0
            label = mode if mode != "auto" else f"auto/{fallback}"
            print(f"  {label:16s} paths: {_paths(report.counts)}; terms kept {kept}/{terms}; "
                  f"damage {mean:.3f} words per word over {len(fixed)} fixed sentences "
                  f"({sum(1 for d in damage if d > 0)} damaged); {dt:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages-dir", type=Path, default=None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="speed,paths")
    args = parser.parse_args()
    common.print_machine()
    only = {x.strip() for x in args.only.split(",")}
    if "paths" in only:
        paths(args.quick)
    if "speed" in only:
        speed(args.packages_dir, args.quick)


if __name__ == "__main__":
    main()
