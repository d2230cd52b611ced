#!/usr/bin/env python3
"""Benchmark: glossary matching cost must not grow with the number of entries.

Builds, offline and deterministically, a 100,000-entry glossary (generated surnames and full
names, words from pymorphy3's own dictionary, plus the curated project glossary) and a ~1 MB
Russian text (the sample article repeated, interleaved with generated sentences that use
glossary names in inflected forms and dictionary words). Then it times:

* load   — reading and validating the TSV file;
* index  — building the lemma index (pymorphy3 on every entry word; happens on first find);
* scan   — finding terms in a whole text, paragraph by paragraph, with 100,000 entries and
  with the first 100 entries of the same glossary. pymorphy3's per-word caches are cleared
  before each scan, so both scans pay the same morphology cost for the text's words.

* cold/warm — in a fresh process, read + index of the first 1,000 / 10,000 / N entries: cold
  with an empty cache (the index is built and persisted next to nothing but the cache, keyed by
  the file's text), warm when a later process loads the persisted index instead (target: warm
  well under 1 s at 100,000 entries). CPU seconds are printed too: on a shared machine they
  are the figure that does not depend on the other processes.

Two texts: "mixed" (the sample plus sentences full of the big glossary's names and words, so
the big glossary also finds ~5× more matches: that extra output is work too) and "sample"
(the article alone, repeated: both glossaries find the same terms). The ratio
scan(100k) / scan(100) should be close to 1 — the index makes the cost per text word
independent of the glossary size. Target: scan < 5 s for 1 MB.

Usage: python bench/bench_glossary.py [--entries N] [--mb SIZE] [--quick] [--json FILE]
(``--quick``: 10,000 entries and 0.1 MB; ``--json``: also write the figures to FILE;
``--packages-dir`` is accepted for ``run_all.py``'s sake and unused: no model is involved.)
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bilingual.glossary import load_glossary  # noqa: E402
from bilingual.glossary.match import default_morphology  # noqa: E402

SAMPLE = ROOT / "seeds" / "2025-10-09-putin-aliyev-dushanbe.ru.txt"
CURATED = ROOT / "glossary" / "ru-en.tsv"
ONSETS = "б в г д ж з к л м н п р с т ф х ц ч ш бр вл гр др кр пр тр ст зв хм".split()
VOWELS = "а о у е и ы я ю".split()
CODAS = ["", "н", "р", "л", "к", "м", "ст", "ш"]
FIRST_NAMES = (
    "Александр Алексей Андрей Антон Борис Вадим Валерий Василий Виктор Владислав Глеб Григорий Денис "
    "Дмитрий Евгений Егор Иван Игорь Кирилл Константин Леонид Максим Михаил Никита Олег Павел Пётр "
    "Роман Руслан Семён Сергей Степан Тимур Фёдор Юрий Ярослав"
).split()


def syllables(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(n))


def surname(rng: random.Random) -> str:
    stem = syllables(rng, rng.randint(1, 2))
    return (stem + rng.choice(["ов", "ев", "ин"])).capitalize()


def dictionary_words(limit: int) -> list[str]:
    """Distinct alphabetic word forms from pymorphy3's dictionary, sampled across it."""
    words = default_morphology().analyzer.dictionary.words
    out, seen = [], set()
    for w in itertools.islice(words.iterkeys(), 0, None, 7):
        if len(w) >= 5 and w.isalpha() and w.replace("ё", "е") not in seen:
            seen.add(w.replace("ё", "е"))
            out.append(w)
            if len(out) >= limit:
                break
    return out


def build_glossary(path: Path, n: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """Write an n-entry TSV: curated entries first, then generated ones. Returns (surnames, words)."""
    table = [ln for ln in CURATED.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    header, curated = table[0], table[1:]
    rows, seen = list(curated), {ln.split("\t")[0] for ln in curated}
    surnames: list[str] = []
    words = dictionary_words(n // 3)
    for w in words:
        if w.replace("ё", "е") not in seen:
            seen.add(w.replace("ё", "е"))
            rows.append(f"{w}\t{w}-en\tdictionary word\tterm")
    while len(rows) < n:
        s = surname(rng)
        full = f"{rng.choice(FIRST_NAMES)} {s}"
        for src in (s, full) if rng.random() < 0.5 else (s,):
            if src not in seen and len(rows) < n:
                seen.add(src)
                rows.append(f"{src}\t{src}-en\tgenerated\tperson")
                surnames.append(s)
    path.write_text(header + "\n" + "\n".join(rows[:n]) + "\n", encoding="utf-8")
    return surnames, words


def build_text(mb: float, surnames: list[str], words: list[str], rng: random.Random) -> list[str]:
    """Paragraphs of about ``mb`` megabytes (UTF-8): the sample and generated sentences
    (without ``surnames``: the sample article alone, repeated)."""
    sample = [p.strip() for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    endings = ["а", "у", "ым", "е", ""]  # Петров → Петрова, Петрову, Петровым, Петрове
    paragraphs, size = [], 0
    while size < mb * 1_000_000:
        if not surnames or rng.random() < 0.5:
            para = rng.choice(sample)
        else:
            sentences = []
            for _ in range(4):
                name = rng.choice(surnames) + rng.choice(endings)
                filler = " ".join(rng.choice(words) for _ in range(8))
                sentences.append(f"По словам {name}, {filler} в Москве.")
            para = " ".join(sentences)
        paragraphs.append(para)
        size += len(para.encode("utf-8")) + 2
    return paragraphs


def scan(glossary, paragraphs: list[str]) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    default_morphology().clear()
    t = time.perf_counter()
    found = sum(len(glossary.find(p)) for p in paragraphs)
    return time.perf_counter() - t, found


_LOAD_ONE = """
import json, sys, time
from bilingual.glossary import load_glossary
t, c = time.perf_counter(), time.process_time()
g = load_glossary(sys.argv[1])
t1, c1 = time.perf_counter(), time.process_time()
g.matcher
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"read": t1 - t, "index": t2 - t1, "read_cpu": c1 - c, "index_cpu": c2 - c1, "entries": len(g)}))
"""


def cold_warm(path: Path, cache: Path) -> dict[str, dict[str, float]]:
    """Read + index ``path`` in a fresh process twice: with an empty cache, then with the index
    the first process persisted."""
    import shutil
    import subprocess

    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "BILINGUAL_CACHE_DIR": str(cache)}
    out = {}
    for label in ("cold", "warm"):
        done = subprocess.run([sys.executable, "-c", _LOAD_ONE, str(path)], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
        out[label] = json.loads(done.stdout)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=100)
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3, help="scans per glossary and text (best of N, interleaved)")
    ap.add_argument("--quick", action="store_true", help="10,000 entries over 0.1 MB: a smoke run")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    ap.add_argument("--packages-dir", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.quick:
        args.entries, args.mb, args.repeat = min(args.entries, 10_000), min(args.mb, 0.1), 1
    load_avg = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load_avg}; pymorphy3 C DAWG extension: {_dawg_extension()}")
    figures: dict = {"entries": args.entries, "small": args.small, "mb": args.mb, "load": {}, "index": {}, "scan": {}, "cold_warm": {}}
    rng = random.Random(20251009)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BILINGUAL_CACHE_DIR"] = str(Path(tmp) / "cache")  # the in-process figures start cold
        big_path, small_path = Path(tmp) / "big.tsv", Path(tmp) / "small.tsv"
        t = time.perf_counter()
        surnames, words = build_glossary(big_path, args.entries, rng)
        lines = big_path.read_text(encoding="utf-8").splitlines()
        small_path.write_text("\n".join(lines[: args.small + 1]) + "\n", encoding="utf-8")
        texts = {
            "mixed": build_text(args.mb, surnames, words, rng),  # sample + names/words of the big glossary
            "sample": build_text(args.mb, [], [], rng),  # the article alone: same terms for both glossaries
        }
        print(f"built {args.entries:,} entries and 2 texts of {args.mb:g} MB in {time.perf_counter() - t:.1f} s")
        glossaries = {}
        for label, path in (("big", big_path), ("small", small_path)):
            default_morphology().clear()
            t = time.perf_counter()
            g = load_glossary(path)
            load = time.perf_counter() - t
            t = time.perf_counter()
            g.find("прогрев")  # builds the index (pymorphy3 on every entry word)
            index = time.perf_counter() - t
            glossaries[label] = g
            figures["load"][label], figures["index"][label] = load, index
            print(f"{len(g):>7,} entries: load {load:5.2f} s   index {index:5.2f} s")
        for n in sorted({min(1_000, args.entries), min(10_000, args.entries), args.entries}):
            part = Path(tmp) / f"first{n}.tsv"
            part.write_text("\n".join(lines[: n + 1]) + "\n", encoding="utf-8")
            cw = cold_warm(part, Path(tmp) / f"cache{n}")
            figures["cold_warm"][n] = cw
            c, w = cw["cold"], cw["warm"]
            print(f"{n:>7,} entries, fresh process: cold read {c['read']:5.2f} s + index {c['index']:5.2f} s = "
                  f"{c['read'] + c['index']:5.2f} s (CPU {c['read_cpu'] + c['index_cpu']:5.2f} s)   "
                  f"warm read {w['read']:5.2f} s + index {w['index']:5.2f} s = {w['read'] + w['index']:5.2f} s "
                  f"(CPU {w['read_cpu'] + w['index_cpu']:5.2f} s)")
        worst = 0.0
        for name, paragraphs in texts.items():
            mb = sum(len(p.encode("utf-8")) for p in paragraphs) / 1e6
            times: dict[str, float] = {}
            found: dict[str, int] = {}
            for _ in range(args.repeat):  # interleaved, best of N: the machine is shared
                for label, g in glossaries.items():
                    seconds, found[label] = scan(g, paragraphs)
                    times[label] = min(times.get(label, seconds), seconds)
            for label, g in glossaries.items():
                worst = max(worst, times[label])
                print(f"  {name:6} text {mb:.2f} MB, {len(g):>7,} entries: scan {times[label]:5.2f} s "
                      f"({mb / times[label]:.2f} MB/s, {found[label]:,} matches; best of {args.repeat})")
            ratio = times["big"] / times["small"]
            figures["scan"][name] = {**times, "ratio": ratio}
            print(f"  {name:6} scan ratio {args.entries:,} / {args.small} entries: {ratio:.2f}")
        verdict = "OK" if worst < 5 else "SLOW"
        print(f"slowest scan {worst:.2f} s for {args.mb:g} MB (target < 5 s): {verdict}")
        figures["slowest_scan"] = worst
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


def _dawg_extension() -> bool:
    import pymorphy3.dawg

    return bool(pymorphy3.dawg.EXTENSION_AVAILABLE)


if __name__ == "__main__":
    main()
