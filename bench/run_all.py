"""Run every benchmark in one go; print each figure, its target, and write them all to one JSON file.

    python bench/run_all.py                 # about 15–25 minutes on 2 cores
    python bench/run_all.py --quick         # tiny sizes, a smoke run of every script (~3 minutes)
    python bench/run_all.py --json FILE     # where the figures go (default: bench/results.json)

Builds the random-weight Transformer-base ru→en package once, offline, in a temporary
directory (zipped and installed with the project's own installer), then runs, each in its own
process and in this order: ``bench_grid.py`` (the batching grid that picks the engine's
defaults), ``bench_translate.py`` (ours vs bare vs stock Argos at its defaults and tuned, peak
memory), ``bench_startup.py``, ``bench_books.py`` (cold vs warm rerun of a 5,000-sentence book;
reading and rendering by size), ``bench_docx.py`` and ``bench_glossary.py`` when present. Each
writes its figures as JSON; they are merged into one file, with the machine, the load average
before and after, and each script's exit code and duration. The summary printed at the end is
``tools/bench_table.py``'s rendering of that file — the same text it writes to
``bench/RESULTS.md`` (``python tools/bench_table.py bench/results.json``). Nothing is asserted:
a missed target is printed as such.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
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
DEFAULT_JSON = BENCH / "results.json"


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


def _run(script: str, args: list[str], runs: dict[str, Any], env: dict[str, str]) -> None:
    path = BENCH / script
    print(f"\n$ python bench/{script} {' '.join(args)}", flush=True)
    load = os.getloadavg()
    t0 = time.perf_counter()
    code = subprocess.run([sys.executable, str(path), *args], cwd=str(common.ROOT), env=env).returncode
    seconds = time.perf_counter() - t0
    runs[script] = {"exit": code, "seconds": seconds, "load_before": load, "load_after": os.getloadavg()}
    print(f"(bench/{script}: exit {code}, {seconds:.0f} s)", flush=True)


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _bench_table() -> Any:
    """``tools/bench_table.py`` as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("bench_table", common.ROOT / "tools" / "bench_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run every bilingual benchmark and print the figures.")
    ap.add_argument("--quick", action="store_true", help="tiny sizes (a smoke run of every script)")
    ap.add_argument("--json", type=Path, default=None, help=f"merged figures (default {DEFAULT_JSON}; "
                    "--quick: a temporary file unless given)")
    ap.add_argument("--only", default="", help="comma-separated scripts to run (grid,translate,startup,books,docx,glossary,rendermem)")
    args = ap.parse_args(argv)
    t_start = time.perf_counter()
    common.print_machine()
    machine = common.machine_info()
    load_before = os.getloadavg()
    wanted = set(filter(None, args.only.split(","))) or {"grid", "translate", "startup", "books", "docx", "glossary", "rendermem"}
    results: dict[str, Any] = {"quick": args.quick, "machine": machine, "runs": {}}
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="bilingual-bench-") as tmp:
        tmpdir = Path(tmp)
        env["BILINGUAL_CACHE_DIR"] = str(tmpdir / "cache")  # never the user's cache
        packages = install_package(tmpdir)
        quick = ["--quick"] if args.quick else []
        pk = ["--packages-dir", str(packages)]
        plan = [
            ("grid", "bench_grid.py", [*pk, *quick]),
            ("translate", "bench_translate.py", [*pk, *quick]),
            ("startup", "bench_startup.py", [*pk, "--runs", "3" if args.quick else "10"]),
            ("books", "bench_books.py", [*pk, *quick]),
            ("docx", "bench_docx.py", [*quick, "--no-old"] if args.quick else ["--sizes", "1000,5000,20000", "--repeat", "3", "--no-old"]),
            ("glossary", "bench_glossary.py", ["--quick"] if args.quick else []),
            ("rendermem", "bench_render_memory.py", ["--quick"] if args.quick else ["--sizes", "8,32"]),
        ]
        for name, script, extra in plan:
            if name not in wanted:
                continue
            if not (BENCH / script).exists():
                print(f"\n(bench/{script} not present: skipped)")
                continue
            out = tmpdir / f"{name}.json"
            _run(script, [*extra, "--json", str(out)], results["runs"], env)
            results[name] = _load(out)
    results["seconds"] = time.perf_counter() - t_start
    results["load_before"], results["load_after"] = load_before, os.getloadavg()
    target = args.json or (Path(tempfile.gettempdir()) / "bilingual-bench-quick.json" if args.quick else DEFAULT_JSON)
    target.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\n(figures written to {target}; `python tools/bench_table.py {target}` writes bench/RESULTS.md)")
    print("\n== summary ==\n")
    print(_bench_table().render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
