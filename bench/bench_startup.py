"""Cold start (prints, asserts nothing; ``tests/test_startup.py`` holds the real assertions).

1. ``bilingual --help`` wall time (fresh process each time, best of N), next to a bare
   ``python -c pass``;
2. which heavy modules importing ``bilingual.cli`` — and running ``--help`` — pulls in
   (``sys.modules``), and the slowest imports by ``python -X importtime``;
3. time to the first translated sentence on the Transformer-base test package: in a fresh
   process, import + ``open_engine`` + translate one sentence; and ``bilingual translate`` on
   a one-sentence article end to end (JSON output, cache off).

Usage: ``python bench/bench_startup.py [--packages-dir DIR] [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

SCRIPT = Path(__file__).resolve()
#: Modules that must wait until a command needs them.
HEAVY = ("ctranslate2", "sentencepiece", "docx", "ebooklib", "lxml", "argostranslate", "pymorphy3",
         "translate", "numpy", "razdel", "onnxruntime", "minisbd")
ONE_SENTENCE = "Президент России Владимир Путин и лидер Азербайджана Ильхам Алиев встретились 9 октября в Душанбе.\n"


def _cli_command() -> list[str]:
    exe = Path(sys.executable).parent / "bilingual"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("bilingual")
    return [found] if found else [sys.executable, "-c", "from bilingual.cli import main; main()"]


def _wall(cmd: list[str], runs: int) -> tuple[float, int]:
    best, code = float("inf"), 0
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, cwd=str(common.ROOT))
        best = min(best, time.perf_counter() - t0)
        code = proc.returncode
    return best, code


_MODULES_SNIPPET = """
import json, sys
mode = sys.argv[1]
if mode == "help":
    sys.argv = ["bilingual", "--help"]
    from bilingual.cli import main
    try:
        main()
    except SystemExit:
        pass
else:
    import bilingual.cli
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def heavy_imported(mode: str) -> list[str]:
    """Heavy top-level modules in ``sys.modules`` after importing the CLI (or running --help)."""
    proc = subprocess.run([sys.executable, "-c", _MODULES_SNIPPET, mode], capture_output=True,
                          text=True, cwd=str(common.ROOT))
    modules = json.loads(proc.stderr.strip().splitlines()[-1])
    tops = {m.split(".")[0] for m in modules}
    return sorted(h for h in HEAVY if h in tops)


def importtime(module: str = "bilingual.cli") -> tuple[float, list[tuple[str, float]]]:
    """(cumulative import time of ``module`` in s, the slowest top-level imports beneath it)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                          capture_output=True, text=True, cwd=str(common.ROOT))
    rows: list[tuple[str, int, int]] = []  # (name, cumulative us, depth)
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self_us, cum_us, raw = line.split(":", 1)[1].split("|")
        raw = raw.rstrip()
        depth = (len(raw) - len(raw.lstrip(" "))) // 2
        rows.append((raw.strip(), int(cum_us), depth))
    at = next((i for i, (name, _c, d) in enumerate(rows) if name == module and d == 0), None)
    if at is None:
        return 0.0, []
    start = at
    while start > 0 and rows[start - 1][2] > 0:  # its children are printed just before it
        start -= 1
    children = [(n, c / 1e6) for n, c, d in rows[start:at] if d == 1]
    return rows[at][1] / 1e6, sorted(children, key=lambda x: -x[1])[:6]


# ------------------------------------------------- first sentence (worker)
def worker_first(packages_dir: Path) -> dict[str, Any]:
    """In a fresh process: import, open the engine, translate one sentence."""
    t0 = time.perf_counter()
    common.install_fixed_length()
    import importlib

    importlib.import_module("bilingual.translate.engine")

    t1 = time.perf_counter()
    engine = common.open_bench_engine(packages_dir, beam_size=4)
    t2 = time.perf_counter()
    targets = common.our_translate(engine, [ONE_SENTENCE.strip()])
    t3 = time.perf_counter()
    return {"import_s": t1 - t0, "open_s": t2 - t1, "translate_s": t3 - t2, "total_s": t3 - t0,
            "ok": bool(targets and targets[0])}


def worker_cli(packages_dir: Path, article: Path, out: Path) -> dict[str, Any]:
    """``bilingual translate`` on a one-sentence article, in this (fresh) process."""
    t0 = time.perf_counter()
    common.install_fixed_length()
    sys.argv = ["bilingual", "translate", str(article), "-o", str(out), "-f", "json", "--no-glossary",
                "--no-cache", "--no-install", "-q", "--packages-dir", str(packages_dir)]
    from bilingual.cli import main

    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    return {"seconds": time.perf_counter() - t0, "exit": code}


def _run_first(packages_dir: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    res = common.run_worker(SCRIPT, ["--worker", "first", "--packages-dir", str(packages_dir)])
    res["wall_s"] = time.perf_counter() - t0
    return res


def _run_cli(packages_dir: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        article = Path(tmp) / "one.ru.txt"
        article.write_text(ONE_SENTENCE, encoding="utf-8")
        t0 = time.perf_counter()
        res = common.run_worker(SCRIPT, ["--worker", "cli", "--packages-dir", str(packages_dir),
                                         "--article", str(article), "--out", str(Path(tmp) / "out")])
        res["wall_s"] = time.perf_counter() - t0
        res["wrote_json"] = (Path(tmp) / "out" / "one.ru.json").exists()
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--packages-dir", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=5, help="best of N for the --help timing")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    ap.add_argument("--worker", choices=("first", "cli"), help=argparse.SUPPRESS)
    ap.add_argument("--article", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker == "first":
        common.emit(worker_first(args.packages_dir))
        return 0
    if args.worker == "cli":
        common.emit(worker_cli(args.packages_dir, args.article, args.out))
        return 0

    common.print_machine()
    results = measure(args.packages_dir, args.runs)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


def measure(packages_dir: Path | None, runs: int) -> dict[str, Any]:
    """Measure and print every cold-start figure; return them."""
    res: dict[str, Any] = {}
    print("\n== cold start ==")
    py_s, _ = _wall([sys.executable, "-c", "pass"], runs)
    imp_s, _ = _wall([sys.executable, "-c", "import bilingual.cli"], runs)
    help_s, code = _wall([*_cli_command(), "--help"], runs)
    res.update(help_s=help_s, help_exit=code, import_cli_s=imp_s, python_s=py_s)
    print(f"bilingual --help: {help_s * 1000:.0f} ms (best of {runs}, exit {code}); "
          f"python -c 'import bilingual.cli': {imp_s * 1000:.0f} ms; python -c pass: {py_s * 1000:.0f} ms")
    for mode, label in (("import", "import bilingual.cli"), ("help", "bilingual --help")):
        heavy = heavy_imported(mode)
        res[f"heavy_{mode}"] = heavy
        print(f"heavy modules loaded by {label}: {', '.join(heavy) if heavy else 'none'}"
              f"  (checked: {', '.join(HEAVY)})")
    total, top = importtime()
    res["importtime_s"] = total
    print(f"-X importtime: bilingual.cli {total * 1000:.0f} ms cumulative; slowest imports: "
          + ", ".join(f"{n} {s * 1000:.0f} ms" for n, s in top))

    with common.bench_packages(packages_dir) as pdir:
        try:
            first = res["first"] = _run_first(pdir)
            print(f"first translated sentence (fresh process, beam 4, Transformer-base): {first['wall_s']:.2f} s wall"
                  f" = interpreter start + import bilingual {first['import_s']:.2f} s"
                  f" + open engine (imports ctranslate2, loads the model) {first['open_s']:.2f} s"
                  f" + translate {first['translate_s']:.2f} s")
        except Exception as err:
            print(f"first translated sentence: FAILED: {err}")
        try:
            cli = res["cli"] = _run_cli(pdir)
            print(f"bilingual translate, one-sentence article -> JSON (cache off): {cli['wall_s']:.2f} s wall, "
                  f"exit {cli['exit']}, JSON written: {'yes' if cli['wrote_json'] else 'no'}")
        except Exception as err:
            print(f"bilingual translate one sentence: FAILED: {err}")
    return res


if __name__ == "__main__":
    sys.exit(main())
