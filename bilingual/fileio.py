"""Atomic file output: write to a temporary file beside the target, then rename.

A reader never sees a half-written file and an earlier edition survives a failed write. A
symlinked target is written through (the link stays a link) and a replaced file keeps its
permission bits. :func:`merge_json_records` adds to a JSON side file instead of replacing it.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import OutputError

__all__ = ["atomic_path", "write_bytes", "write_text", "write_with", "output_folder", "merge_json_records"]


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in ``target``'s folder; on success rename it onto ``target``.

    On any exception the temporary file is removed and ``target`` is left as it was.
    ``OSError`` (read-only folder, disk full) becomes :class:`OutputError`.

    A ``target`` that is a symbolic link is written through: the file it points to is replaced
    and the link stays a link. The new file keeps the permission bits of the file it replaces;
    a new file gets the usual ``0o666`` less the umask.
    """
    target = Path(target)
    final = Path(os.path.realpath(target)) if os.path.islink(target) else target
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        mode = _existing_mode(final)
        tmp = _new_temp(final)
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror or err}; choose another output folder") from err
    try:
        yield tmp
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, final)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {err.strerror or err}; the previous file, if any, is unchanged") from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _existing_mode(path: Path) -> int | None:
    """The permission bits of the file at ``path``; None when there is none."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else None


def _new_temp(final: Path) -> Path:
    """An empty temporary file beside ``final``, with the mode a new file gets (0o666 less the
    umask; :func:`tempfile.mkstemp` alone would make it 0o600)."""
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    try:
        os.chmod(name, 0o666 & ~_umask())
    finally:
        os.close(fd)
    return Path(name)


def _umask() -> int:
    """The process's umask, read without changing it where the system tells (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore at once
    os.umask(mask)
    return mask


def write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    """Atomically replace ``target`` with ``data``."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: str | os.PathLike[str], text: str) -> Path:
    """Atomically replace ``target`` with UTF-8 ``text`` (LF line ends)."""
    return write_bytes(target, text.encode("utf-8"))


def write_with(target: str | os.PathLike[str], writer: Callable[[IO[bytes]], None]) -> Path:
    """Atomically replace ``target`` with what ``writer`` writes to a binary file object."""
    with atomic_path(target) as tmp, open(tmp, "wb") as fh:
        writer(fh)
    return Path(target)


def merge_json_records(
    path: str | os.PathLike[str], records: list[dict[str, Any]], key: tuple[str, ...]
) -> tuple[Path, int]:
    """Add ``records`` to the JSON list kept in ``path`` (a side file such as
    ``out/<stem>.orphaned-edits.json``); never replaces what is there.

    Under the file's lock (:func:`bilingual.locking.file_lock`) the current list is read, the
    records whose ``key`` fields equal an existing entry's are dropped, the rest appended, and the
    file is written atomically. A file that is not a JSON list is not overwritten: it is first
    renamed to ``<name>.unreadable`` (``.unreadable-2``, … if taken). Returns ``(path, added)``.
    """
    from .locking import file_lock

    path = Path(path)
    with file_lock(path):
        existing = _read_records(path)
        seen = {_key(r, key) for r in existing}
        added = []
        for record in records:
            k = _key(record, key)
            if k not in seen:
                seen.add(k)
                added.append(record)
        if added or not path.exists():
            write_text(path, json.dumps([*existing, *added], ensure_ascii=False, indent=1) + "\n")
    return path, len(added)


def _key(record: dict[str, Any], fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(json.dumps(record.get(f), ensure_ascii=False, sort_keys=True) for f in fields)


def _read_records(path: Path) -> list[dict[str, Any]]:
    """The JSON list in ``path`` ([] if there is none); an unreadable file is moved aside."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if isinstance(data, list) and all(isinstance(r, dict) for r in data):
        return data
    for n in range(1, 1000):
        aside = path.with_name(path.name + (".unreadable" if n == 1 else f".unreadable-{n}"))
        if not aside.exists():
            try:
                os.replace(path, aside)
            except OSError as err:
                raise OutputError(f"{path} is not a JSON list and cannot be moved aside ({err.strerror or err}); move it yourself") from err
            return []
    raise OutputError(f"{path} is not a JSON list; move it away and run again")  # pragma: no cover


def output_folder(folder: str | os.PathLike[str]) -> Path:
    """Make sure ``folder`` can hold outputs (created if missing); a one-line error otherwise.

    Called before any long work, so a wrong ``-o`` fails in a second, not after translating.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder; give an output folder with -o")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create the output folder {folder}: {err.strerror or err}; choose another with -o") from err
    return folder
