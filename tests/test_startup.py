"""Start-up stays light: importing the CLI, or asking for its help, loads no heavy library.

Each check runs in a fresh interpreter (a subprocess), because this test process may have
imported those libraries already. Timing lives in ``bench/bench_startup.py``, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Libraries a command may load when it runs, never at import or for --help.
HEAVY = ("ctranslate2", "sentencepiece", "docx", "ebooklib", "lxml", "argostranslate", "pymorphy3", "ray", "readability")

_SNIPPET = """
import json, sys
if sys.argv[1] == "help":
    sys.argv = ["bilingual", *sys.argv[2:], "--help"]
    from bilingual.cli import main
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
else:
    import bilingual.cli
    code = 0
print(json.dumps({"modules": sorted(sys.modules), "code": code}), file=sys.stderr)
"""


def _loaded(*args: str) -> tuple[set[str], object]:
    proc = subprocess.run([sys.executable, "-c", _SNIPPET, *args], capture_output=True, text=True,
                          cwd=str(ROOT), timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stderr.strip().splitlines()[-1])
    return {m.split(".")[0] for m in data["modules"]}, data["code"]


def test_importing_the_cli_loads_no_heavy_library() -> None:
    tops, _ = _loaded("import")
    assert "bilingual" in tops  # the import really happened
    assert sorted(set(HEAVY) & tops) == []


@pytest.mark.parametrize("command", [[], ["translate"], ["models"], ["glossary"], ["cache"]],
                         ids=["top", "translate", "models", "glossary", "cache"])
def test_help_loads_no_heavy_library(command: list[str]) -> None:
    tops, code = _loaded("help", *command)
    assert code == 0
    assert sorted(set(HEAVY) & tops) == []


def test_bilingual_help_exits_zero() -> None:
    exe = Path(sys.executable).parent / "bilingual"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from bilingual.cli import main; main()"]
    proc = subprocess.run([*cmd, "--help"], capture_output=True, text=True, cwd=str(ROOT), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Usage" in proc.stdout and "bilingual" in proc.stdout

