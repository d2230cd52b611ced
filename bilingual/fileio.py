"""Atomic file output: write to a temporary file beside the target, then rename.

A reader never sees a half-written file and an earlier edition survives a failed write.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from .errors import OutputError

__all__ = ["atomic_path", "write_bytes", "write_text", "write_with", "output_folder"]


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in ``target``'s folder; on success rename it onto ``target``.

    On any exception the temporary file is removed and ``target`` is left as it was.
    ``OSError`` (read-only folder, disk full) becomes :class:`OutputError`.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror or err}; choose another output folder") from err
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {err.strerror or err}; the previous file, if any, is unchanged") from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
