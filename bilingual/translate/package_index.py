"""Installing from the Argos package index: fetch the index, pick the newest well-formed entry
for the pair, download it (trying each link) into the packages folder, install it with
:func:`~bilingual.translate.package_install.install_from_file`. The network is used only here.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import ModelError
from .package_install import (
    _json_type,
    _one_line,
    _packages_root,
    _short,
    disk_problem,
    install_from_file,
)
from .package_list import (
    INDEX_URL,
    DownloadProgress,
    InstalledPackage,
    _version_key,
    default_packages_dir,
    how_to_install,
)

__all__ = ["install_from_index", "DiskError"]


def _index_url() -> str:
    base = os.environ.get("ARGOS_PACKAGE_INDEX")
    if base:
        return base.rstrip("/") + "/index.json"
    return INDEX_URL


class DiskError(Exception):
    """Writing a download failed on this machine (a full disk, no permission): not the network."""

    def __init__(self, err: OSError, written: int, total: int | None) -> None:
        super().__init__(str(err))
        self.error, self.written, self.total = err, written, total


def _sink(dest: Path) -> BinaryIO:
    """The file a download is written to (a seam for tests: a full disk, a read-only folder)."""
    return open(dest, "wb")  # closed by _fetch, which tells its errors apart


def _fetch(url: str, dest: Path | None = None, progress: DownloadProgress | None = None,
           timeout: float = 30.0) -> bytes:
    """GET ``url``; into ``dest`` (returning b"") or into memory. Network errors propagate; an
    error writing ``dest`` raises :class:`DiskError`, so a full disk never reads as "offline"."""
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "bilingual (argos package installer)"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - https URLs from the index
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        if dest is None:
            return _read_all(response, progress, total)
        done = 0
        try:
            out = _sink(dest)
        except OSError as err:
            raise DiskError(err, done, total) from None
        try:
            while chunk := response.read(1 << 16):  # the network's errors propagate as they are
                try:
                    out.write(chunk)
                except OSError as err:
                    raise DiskError(err, done, total) from None
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
            try:
                out.close()  # a full disk may show only when the last buffer is written
            except OSError as err:
                raise DiskError(err, done, total) from None
        finally:
            with contextlib.suppress(OSError):
                out.close()
    return b""


def _read_all(response: Any, progress: DownloadProgress | None, total: int | None) -> bytes:
    chunks: list[bytes] = []
    done = 0
    while chunk := response.read(1 << 16):
        chunks.append(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    return b"".join(chunks)


def _network_errors() -> tuple[type[BaseException], ...]:
    """What a download can raise: network errors (URLError, timeouts: OSError), a cut connection
    (http.client.IncompleteRead), a URL urllib cannot open (ValueError)."""
    import http.client

    return (OSError, http.client.HTTPException, ValueError)


def _offline(from_code: str, to_code: str, err: BaseException) -> ModelError:
    reason = " ".join(str(getattr(err, "reason", None) or err).split())
    return ModelError(f"cannot reach the Argos package index ({reason}): no network? "
                      + how_to_install(from_code, to_code))


def install_from_index(from_code: str = "ru", to_code: str = "en", packages_dir: Path | None = None,
                       progress: DownloadProgress | None = None) -> InstalledPackage:
    """Download the newest ``from_code``→``to_code`` package from the Argos index and install it.

    ``progress(done_bytes, total_bytes)`` is called while the package downloads. Offline, raises
    :class:`ModelError` saying how to install from a file instead.
    """
    try:
        raw = _fetch(_index_url())
    except _network_errors() as err:  # URLError/timeouts are OSErrors
        raise _offline(from_code, to_code, err) from None
    best = _best_entry(_parse_index(raw, from_code, to_code), from_code, to_code)
    root = Path(packages_dir) if packages_dir is not None else default_packages_dir()
    try:
        with _packages_root(root):
            fd, tmp_name = tempfile.mkstemp(prefix=".download-", suffix=".argosmodel", dir=root)
            os.close(fd)
            tmp = Path(tmp_name)
            try:
                link = _download(best["links"], tmp, progress, from_code, to_code)
                try:
                    return install_from_file(tmp, root)
                except ModelError as err:
                    raise ModelError(str(err).replace(str(tmp), f"the package downloaded from {link}")) from None
            finally:
                tmp.unlink(missing_ok=True)
    except OSError as err:  # the packages folder cannot be created or written
        raise disk_problem(err, root, "cannot download a package") from None


def _download(links: list[str], dest: Path, progress: DownloadProgress | None, from_code: str, to_code: str) -> str:
    """Download the first of ``links`` that works into ``dest``; return it. A network error
    tries the next link; an error writing ``dest`` (:class:`DiskError`) stops at once."""
    last: BaseException | None = None
    for link in links:
        try:
            _fetch(link, dest, progress, timeout=60.0)
            return link
        except DiskError as err:
            raise disk_problem(err.error, dest.parent, "cannot download the package", err.total) from None
        except _network_errors() as err:
            last = err
    raise _offline(from_code, to_code, last or OSError("no download link worked"))


def _index_error(problem: str, from_code: str, to_code: str) -> ModelError:
    return ModelError(f"the Argos package index ({_index_url()}) {problem}; try again later, or "
                      + how_to_install(from_code, to_code))


def _parse_index(raw: bytes, from_code: str, to_code: str) -> list[object]:
    """The index's JSON list; :class:`ModelError` when it is not JSON or not a list."""
    try:
        index = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as err:  # UnicodeDecodeError is a ValueError
        raise _index_error(f"is not valid JSON ({_one_line(err, 120)})", from_code, to_code) from None
    if not isinstance(index, list):
        raise _index_error(f"is a JSON {_json_type(index)}, not the expected list of packages", from_code, to_code)
    return index


_HTTP_URL = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)


def _entry_problem(entry: dict[str, Any]) -> str | None:
    """What is wrong with an index entry for the wanted pair (the fields used here), or None."""
    links = entry.get("links")
    if not isinstance(links, list) or not links:
        return f"its links is {_json_type(links)} {_short(links)}, not a list of URLs"
    bad = next((x for x in links if not isinstance(x, str) or not _HTTP_URL.fullmatch(x)), None)
    if bad is not None:
        return f"its link {_short(bad)} is not an http(s) URL"
    version = entry.get("package_version", "")
    if not isinstance(version, str):
        return f"its package_version is {_json_type(version)} {_short(version)}, not a string"
    return None


def _best_entry(index: list[object], from_code: str, to_code: str) -> dict[str, Any]:
    """The newest well-formed entry for the pair; malformed entries for other pairs are ignored."""
    candidates = [m for m in index if isinstance(m, dict) and m.get("from_code") == from_code
                  and m.get("to_code") == to_code and m.get("type", "translate") == "translate"]
    good = [m for m in candidates if _entry_problem(m) is None]
    if not good and candidates:
        problem = _entry_problem(candidates[0])
        raise _index_error(f"has a malformed {from_code}→{to_code} entry ({problem})", from_code, to_code)
    if not good:
        raise ModelError(f"the Argos index lists no {from_code}→{to_code} package; " + how_to_install(from_code, to_code))
    return max(good, key=lambda m: _version_key(m.get("package_version", "")))
