"""Run every benchmark in one go and print each figure, its ratio and its target.

    python bench/run_all.py            # about 5–8 minutes on 2 cores
    python bench/run_all.py --quick    # tiny sizes, a smoke run of every script

Builds the random-weight Transformer-base ru→en package once, offline, in a temporary
directory, then runs ``bench_translate.py``, ``bench_glossary.py`` (if present) and
``bench_startup.py`` on it, each in its own process, and ends with a Markdown summary that can
be pasted into the README. Nothing is asserted: a missed target is printed as such.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import base  # noqa: E402

BENCH = common.BENCH


def install_package(tmpdir: Path) -> Path:
    """Build the test package, zip it as an ``.argosmodel`` and install it with the project's
    own installer (``bilingual.translate.install_from_file``); return the packages folder."""
    t0 = time.perf_counter()
    pkg = base.build_base_package(tmpdir / "build")
    archive = base.zip_package(pkg, tmpdir / "bench-base-ru_en.argosmodel")
    t1 = time.perf_counter()
    print(f"built the Transformer-base test package in {t1 - t0:.1f} s "
          f"({archive.stat().st_size / 1e6:.0f} MB .argosmodel)", flush=True)
    packages = tmpdir / "packages"
    packages.mkdir()
    try:
        from bilingual.translate import install_from_file

        installed = install_from_file(archive, packages)
        print(f"installed it with bilingual.translate.install_from_file in {time.perf_counter() - t1:.1f} s "
              f"({installed.name})", flush=True)
        if Path(installed.path) == packages / base.PKG_NAME:
            return packages
        print(f"(installed as {installed.path}, not {base.PKG_NAME}: the benchmarks use the built folder)")
        return pkg.parent
    except Exception as err:  # the installer is not ours to test here: fall back to the built folder
        print(f"install_from_file failed ({type(err).__name__}: {err}); using the built folder", flush=True)
        return pkg.parent


def _run(script: str, args: list[str]) -> int:
    path = BENCH / script
    print(f"\n$ python bench/{script} {' '.join(args)}", flush=True)
    t0 = time.perf_counter()
    code = subprocess.run([sys.executable, str(path), *args], cwd=str(common.ROOT)).returncode
    print(f"(bench/{script}: exit {code}, {time.perf_counter() - t0:.0f} s)", flush=True)
    return code


def _load(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _ok(flag: bool) -> str:
    return "yes" if flag else "**no**"


def summary(tr: dict[str, Any], st: dict[str, Any], glossary_ran: bool, seconds: float) -> str:
    """The figures as a Markdown table, with the machine."""
    info = common.machine_info()
    lines = [
        f"Measured on: {info['cpus']} CPUs ({info['cpu']}), Python {info['python']}, "
        f"CTranslate2 {info['ctranslate2']}, argos-translate {info['argos-translate']}; "
        f"random-weight Transformer-base (6+6 layers, d_model 512, 8 heads, FFN 2048, 32k vocab, int8), "
        f"beam 4, {base.DECODE_LEN} target pieces per sentence; whole run {seconds / 60:.1f} min; "
        f"load average at the end {info['load average']} (a shared machine: figures vary run to run).",
        "",
        "| figure | measured | target | met |",
        "| --- | --- | --- | --- |",
    ]
    c, s, r, t = (tr.get(k) for k in ("compare", "stock", "rss", "table"))
    if c:
        lines.append(f"| our pipeline (reader + segmenter + engine, cache off) | {c['ours_rate']:.2f} sentences/s "
                     f"({c['ours_cpu_per_sentence']:.3f} CPU-s/sentence) | | |")
        gap = c["ours_rate"] / c["bare_rate"]
        cpu_gap = c["bare_cpu_per_sentence"] / c["ours_cpu_per_sentence"]
        lines.append(f"| bare `translate_batch`, same tokens and options | {c['bare_rate']:.2f} sentences/s; "
                     f"ours = {gap:.2f}× of it by wall time, {cpu_gap:.2f}× by CPU time | within 10 % | {_ok(min(gap, cpu_gap) >= 0.9)} |")
    if s:
        lines.append(f"| stock `argostranslate.translate`, same package | {s['rate']:.2f} sentences/s "
                     f"({s['cpu_per_sentence']:.3f} CPU-s/sentence) | | |")
        if c:
            ratio = c["ours_rate"] / s["rate"]
            cpu_ratio = s["cpu_per_sentence"] / c["ours_cpu_per_sentence"]
            lines.append(f"| ours vs stock | {ratio:.1f}× by wall time, {cpu_ratio:.1f}× by CPU time | ≥ 8× | {_ok(ratio >= 8)} |")
    if r:
        lines.append(f"| peak RSS, `translate_file` on {r['sentences']} sentences (DOCX+EPUB+JSON) | "
                     f"{r['peak_mb']:.0f} MB ({r['rate']:.2f} sentences/s end to end) | < 500 MB | {_ok(r['peak_mb'] < 500)} |")
    if t:
        k, bs, best = t["best"]
        lines.append(f"| best batch/threads (bare CTranslate2) | inter×intra {k}, max_batch_size {bs}: "
                     f"{best:.2f} sentences/s | defaults chosen from it | |")
    if glossary_ran:
        lines.append("| glossary, 100,000 vs 100 entries over 1 MB | see `bench_glossary.py` output above | < 5 s, ratio ≈ 1 | |")
    if st:
        heavy = st.get("heavy_import", []) + [m for m in st.get("heavy_help", []) if m not in st.get("heavy_import", [])]
        lines.append(f"| `bilingual --help` | {st['help_s'] * 1000:.0f} ms (best of N) | fast | |")
        lines.append(f"| heavy libraries imported by the CLI / `--help` | {', '.join(heavy) or 'none'} | none | {_ok(not heavy)} |")
        if "first" in st:
            f = st["first"]
            lines.append(f"| first translated sentence, fresh process | {f['wall_s']:.2f} s "
                         f"(open engine {f['open_s']:.2f} s, translate {f['translate_s']:.2f} s) | | |")
        if "cli" in st:
            cli = st["cli"]
            value = f"{cli['wall_s']:.2f} s" if cli["exit"] == 0 and cli["wrote_json"] else f"**failed** (exit {cli['exit']})"
            lines.append(f"| `bilingual translate` on a one-sentence article (process start to JSON written) | {value} | | |")
    m = tr.get("batchmem")
    if t:
        lines += ["", f"sentences/s, bare CTranslate2, beam 4, {t['sentences']} sentences, best of {t['reps']}:", "",
                  "| inter×intra threads | " + " | ".join(f"batch {b}" for b in t["rows"][next(iter(t["rows"]))]) + " |",
                  "| --- |" + " --- |" * len(t["rows"][next(iter(t["rows"]))])]
        for key, row in t["rows"].items():
            lines.append(f"| {key} | " + " | ".join(f"{v:.2f}" for v in row.values()) + " |")
    if m:
        sizes = list(next(iter(m.values())))
        n_doc = r["sentences"] if r else "same"
        lines += ["", f"peak RSS, bare CTranslate2, beam 4, the 64 longest sentences of the {n_doc}-sentence article "
                  "(the batch that sets a document's peak):", "",
                  "| inter×intra threads | " + " | ".join(f"batch {b}" for b in sizes) + " |",
                  "| --- |" + " --- |" * len(sizes)]
        for key, row in m.items():
            lines.append(f"| {key} | " + " | ".join(f"{row[b]['peak_mb']:.0f} MB" for b in sizes) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run every bilingual benchmark and print the figures.")
    ap.add_argument("--quick", action="store_true", help="tiny sizes (a smoke run of every script)")
    args = ap.parse_args(argv)
    t_start = time.perf_counter()
    common.print_machine()
    with tempfile.TemporaryDirectory(prefix="bilingual-bench-") as tmp:
        tmpdir = Path(tmp)
        packages = install_package(tmpdir)
        quick = ["--quick"] if args.quick else []
        _run("bench_translate.py", ["--packages-dir", str(packages), "--json", str(tmpdir / "translate.json"), *quick])
        glossary_ran = (BENCH / "bench_glossary.py").exists()
        if glossary_ran:
            _run("bench_glossary.py", ["--entries", "10000", "--mb", "0.1"] if args.quick else [])
        else:
            print("\n(bench/bench_glossary.py not present: glossary figures skipped)")
        _run("bench_startup.py", ["--packages-dir", str(packages), "--json", str(tmpdir / "startup.json"),
                                  "--runs", "3" if args.quick else "10"])
        tr, st = _load(tmpdir / "translate.json"), _load(tmpdir / "startup.json")
    seconds = time.perf_counter() - t_start
    print("\n== summary ==\n")
    print(summary(tr, st, glossary_ran, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
