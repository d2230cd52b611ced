"""A run killed mid-book (SIGKILL: no cleanup at all) loses no finished sentence and leaves no
partial file; the next run resumes from the cache."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from bilingual.model import Document
from bilingual.translate.cache import cache_info


def _book(sample: Path, copies: int) -> str:
    text = sample.read_text(encoding="utf-8")
    # vary each copy so the engine cannot answer repeats from one translation
    return "\n\n".join(text.replace("Путин", f"Путин {n}") for n in range(copies))


def test_killed_run_resumes_from_the_cache(tmp_path: Path, sample_path: Path, argos_packages_dir: Path) -> None:
    src = tmp_path / "book.ru.txt"
    src.write_text(_book(sample_path, 12), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(argos_packages_dir), "BILINGUAL_CACHE_DIR": str(cache)}
    cmd = [sys.executable, "-m", "bilingual", "translate", str(src), "-o", str(out), "--no-glossary"]

    proc = subprocess.Popen([*cmd, "-q", "--batch-size", "2", "--threads", "1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        done = cache_info(cache).entries
        if done >= 20:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed; make the book longer"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    finished = cache_info(cache).entries
    assert finished >= done >= 20
    # nothing half-written: no edition, no temporary file
    assert not out.exists() or not [p for p in out.iterdir()]

    resumed = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    total = len(Document.load(out / "book.ru.json").sentences())
    summary = " ".join(resumed.stdout.split())
    match = re.search(r"\((\d+) translated, (\d+) from cache", summary)
    assert match, summary
    cached = int(match.group(2))
    assert int(match.group(1)) + cached == total
    assert cached >= finished and cached < total
    assert sorted(p.name for p in out.iterdir()) == ["book.ru.docx", "book.ru.epub", "book.ru.json"]
