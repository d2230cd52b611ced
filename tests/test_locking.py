"""bilingual.locking: an exclusive side-file lock across processes, and file snapshots."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from bilingual.errors import OutputError
from bilingual.locking import Snapshot, file_lock, lock_path_for

HOLD = textwrap.dedent(
    """
    import sys, time
    from bilingual.locking import file_lock
    with file_lock(sys.argv[1], timeout=30):
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)

INCREMENT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from bilingual.locking import file_lock
    path = Path(sys.argv[1])
    for _ in range(int(sys.argv[2])):
        with file_lock(path, timeout=60):
            n = int(path.read_text())
            time.sleep(0.001)
            path.write_text(str(n + 1))
    """
)


def hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    """Another process that holds the lock of ``path`` for ``seconds`` (returns once it holds it)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_a_held_lock_times_out_with_one_line_naming_the_file_and_holder(tmp_path: Path) -> None:
    target = tmp_path / "doc.json"
    holder = hold_lock(target, 5)
    try:
        started = time.monotonic()
        with pytest.raises(OutputError) as err, file_lock(target, timeout=0.3):
            pass
        assert 0.25 <= time.monotonic() - started < 3
        message = str(err.value)
        assert "\n" not in message and "another bilingual command" in message and str(target) in message
        assert f"process {holder.pid}" in message and "wait and try again" in message
    finally:
        holder.kill()
        holder.wait()


def test_a_waiter_gets_the_lock_when_the_holder_lets_go(tmp_path: Path) -> None:
    target = tmp_path / "doc.json"
    holder = hold_lock(target, 0.8)
    started = time.monotonic()
    with file_lock(target, timeout=20):
        waited = time.monotonic() - started
    holder.wait()
    assert waited >= 0.5


def test_lock_files_are_removed_and_the_lock_is_reentrant(tmp_path: Path) -> None:
    target = tmp_path / "g.tsv"
    with file_lock(target) as lock:
        assert lock == tmp_path / "g.tsv.lock" and lock.exists()
        with file_lock(target, timeout=0):  # the same thread again: no deadlock
            pass
        assert lock.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_threads_exclude_each_other(tmp_path: Path) -> None:
    target = tmp_path / "x"
    inside: list[int] = []
    overlaps: list[bool] = []

    def work(i: int) -> None:
        for _ in range(20):
            with file_lock(target, timeout=30):
                inside.append(i)
                overlaps.append(len(inside) > 1)
                time.sleep(0.0005)
                inside.remove(i)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(overlaps) == 80 and not any(overlaps)


@pytest.mark.slow
def test_many_processes_never_lose_an_increment(tmp_path: Path) -> None:
    """Read-modify-write under the lock from 6 processes: removing the lock file on release
    never lets two holders in."""
    counter = tmp_path / "counter"
    counter.write_text("0")
    procs = [subprocess.Popen([sys.executable, "-c", INCREMENT, str(counter), "25"]) for _ in range(6)]
    assert [p.wait(timeout=120) for p in procs] == [0] * 6
    assert counter.read_text() == "150"
    assert not lock_path_for(counter).exists()


def test_a_symlink_is_locked_as_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.tsv"
    real.write_text("x")
    link = tmp_path / "link.tsv"
    link.symlink_to(real)
    assert lock_path_for(link) == lock_path_for(real) == tmp_path / "real.tsv.lock"
    holder = hold_lock(real, 5)
    try:
        with pytest.raises(OutputError, match="another bilingual command"), file_lock(link, timeout=0.2):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_a_missing_folder_is_not_created_by_locking(tmp_path: Path) -> None:
    with file_lock(tmp_path / "nowhere" / "doc.json"):
        pass
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root ignores folder permissions")
def test_a_read_only_folder_runs_without_a_lock(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "doc.json").write_text("{}")
    folder.chmod(0o555)
    try:
        with file_lock(folder / "doc.json", timeout=0):
            pass
    finally:
        folder.chmod(0o755)


def test_snapshot_tells_content_changes(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    missing = Snapshot.of(path)
    assert not missing.exists and not missing.changed()
    path.write_text("one")
    assert missing.changed()
    snap, data = Snapshot.read(path)
    assert data == b"one" and snap.exists and snap.size == 3 and not snap.changed()
    path.write_text("one")  # rewritten with the same bytes: no change of content
    assert not snap.changed()
    path.write_text("two")  # same size, other bytes
    assert snap.changed()
    path.unlink()
    assert snap.changed()
