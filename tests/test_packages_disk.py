"""A full disk or an unwritable packages folder is told apart from a network error (issue 14).

The network is a fake ``urllib.request.urlopen`` (no test goes online); the full disk is real:
the download or the extraction is pointed at ``/dev/full``, whose every write fails with ENOSPC.
Permission errors are faked (the tests may run as root, who may write anywhere).
"""

from __future__ import annotations

import errno
import io
import json
import os
import urllib.error
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.errors import ModelError
from bilingual.translate import package_index, package_install, packages
from bilingual.translate.packages import install_from_file, install_from_index

needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
LINKS = ["https://a.example/translate-ru_en-1_9.argosmodel", "https://b.example/translate-ru_en-1_9.argosmodel"]
META = {"from_code": "ru", "to_code": "en", "package_version": "1.9", "type": "translate"}


def _archive_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("pkg/metadata.json", json.dumps(META))
        zf.writestr("pkg/model/model.bin", b"weights " * 50_000)
        zf.writestr("pkg/sentencepiece.model", b"spm " * 100)
    return buf.getvalue()


class _Response:
    """What ``urlopen`` returns: headers, ``read(n)`` in pieces, then b""; ``fail`` after the first piece."""

    def __init__(self, data: bytes, fail: BaseException | None = None) -> None:
        self.headers = {"Content-Length": str(len(data))}
        self._data, self._fail, self._reads = data, fail, 0

    def read(self, n: int = -1) -> bytes:
        self._reads += 1
        if self._fail is not None and self._reads > 1:
            raise self._fail
        piece, self._data = self._data[: 1 << 16], self._data[1 << 16 :]
        return piece

    def __enter__(self) -> _Response:  # noqa: PYI034 - a test double
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _network(monkeypatch: pytest.MonkeyPatch, answers: dict[str, Any]) -> list[str]:
    """A fake ``urlopen``: each URL answers bytes, a response, or raises an exception."""
    asked: list[str] = []

    def urlopen(request: Any, timeout: float = 0) -> _Response:
        url = request.full_url
        asked.append(url)
        answer = answers[url]
        if isinstance(answer, BaseException):
            raise answer
        return answer if isinstance(answer, _Response) else _Response(answer)

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    return asked


def _index(links: list[str] = LINKS) -> bytes:
    return json.dumps([{**META, "links": links}]).encode()


def _left(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@needs_dev_full
def test_a_full_disk_during_the_download_says_so_not_offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = _archive_bytes()
    asked = _network(monkeypatch, {packages.INDEX_URL: _index(), LINKS[0]: data, LINKS[1]: data})
    monkeypatch.setattr(package_index, "_sink", lambda dest: open("/dev/full", "wb"))  # noqa: SIM115
    root = tmp_path / "pk"
    with pytest.raises(ModelError) as err:
        install_from_index("ru", "en", root)
    message = str(err.value)
    assert "is full" in message and "free some space" in message and "--packages-dir" in message
    assert str(root) in message and "no network" not in message and "\n" not in message
    assert asked == [packages.INDEX_URL, LINKS[0]]  # a full disk is not retried on the next link
    assert _left(root) == []


@pytest.mark.parametrize("where", ["mkstemp", "sink"])
def test_an_unwritable_packages_folder_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, where: str) -> None:
    _network(monkeypatch, {packages.INDEX_URL: _index(), LINKS[0]: _archive_bytes()})
    denied = PermissionError(errno.EACCES, "Permission denied")

    def refuse(*args: object, **kwargs: object) -> Any:
        raise denied

    monkeypatch.setattr(package_index.tempfile if where == "mkstemp" else package_index,
                        "mkstemp" if where == "mkstemp" else "_sink", refuse)  # fmt: skip
    root = tmp_path / "pk"
    with pytest.raises(ModelError) as err:
        install_from_index("ru", "en", root)
    message = str(err.value)
    assert "cannot write into" in message and "make that folder writable" in message
    assert "Permission denied" in message and "no network" not in message


def test_a_read_only_disk_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _network(monkeypatch, {packages.INDEX_URL: _index(), LINKS[0]: _archive_bytes()})

    def read_only(dest: Path) -> Any:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(package_index, "_sink", read_only)
    with pytest.raises(ModelError, match=r"cannot write into .*Read-only file system.*writable"):
        install_from_index("ru", "en", tmp_path / "pk")


def test_a_network_error_mid_download_is_still_the_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A connection reset (an OSError too) while reading tries the next link, then says offline."""
    data = _archive_bytes()
    reset = _Response(data, fail=ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"))
    asked = _network(monkeypatch, {packages.INDEX_URL: _index(), LINKS[0]: reset,
                                   LINKS[1]: urllib.error.URLError("timed out")})  # fmt: skip
    with pytest.raises(ModelError) as err:
        install_from_index("ru", "en", tmp_path / "pk")
    assert asked == [packages.INDEX_URL, *LINKS]
    assert "no network" in str(err.value) and "is full" not in str(err.value)


def test_the_real_fetch_path_installs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The same fake network, a disk with room: installed, progress reported, download removed."""
    seen: list[tuple[int, int | None]] = []
    data = _archive_bytes()
    _network(monkeypatch, {packages.INDEX_URL: _index(), LINKS[0]: data})
    pkg = install_from_index("ru", "en", tmp_path / "pk", progress=lambda done, total: seen.append((done, total)))
    assert pkg.from_code == "ru" and seen[-1] == (len(data), len(data))
    assert _left(tmp_path / "pk") == ["pkg"]


@needs_dev_full
def test_a_full_disk_while_unpacking_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "x.argosmodel"
    path.write_bytes(_archive_bytes())
    real_open = open

    def full_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return real_open("/dev/full", mode) if "w" in mode else real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(package_install, "open", full_open, raising=False)
    root = tmp_path / "pk"
    with pytest.raises(ModelError) as err:
        install_from_file(path, root)
    assert f"cannot install {path}: the disk holding {root} is full" in str(err.value)
    assert "damaged" not in str(err.value)
    assert _left(root) == []


@needs_dev_full
def test_the_cli_answers_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _network(monkeypatch, {packages.INDEX_URL: _index(), LINKS[0]: _archive_bytes()})
    monkeypatch.setattr(package_index, "_sink", lambda dest: open("/dev/full", "wb"))  # noqa: SIM115
    result = CliRunner().invoke(app, ["models", "install", "-q", "--packages-dir", str(tmp_path / "pk")])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "is full" in lines[0] and "Traceback" not in result.output


def test_a_long_bad_link_keeps_its_end(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Error lines elide a long value in the middle: the file name at a URL's end stays readable."""
    link = "ftp://mirror.example.org/" + "a/" * 60 + "translate-ru_en-1_9.argosmodel"
    _network(monkeypatch, {packages.INDEX_URL: _index([link])})
    with pytest.raises(ModelError) as err:
        install_from_index("ru", "en", tmp_path / "pk")
    message = str(err.value)
    assert "translate-ru_en-1_9.argosmodel'" in message and "ftp://mirror.example.org/" in message
    assert "…" in message and "\n" not in message
