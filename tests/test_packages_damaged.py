"""Damaged ``.argosmodel`` archives and a malformed package index: one line, exit 2, nothing installed.

Archives are damaged the way downloads and hand edits damage them: a flipped byte inside a
member's compressed data (bad CRC or a broken deflate stream), the zip "encrypted" flag, an
unknown compression method, a cut download, an oversized or ill-typed ``metadata.json``. The
package index is what :func:`install_from_index` fetches; ``_fetch`` is replaced here, so no
test touches the network.
"""

from __future__ import annotations

import hashlib
import json
import struct
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.errors import ModelError
from bilingual.translate import package_index, package_install, packages
from bilingual.translate.packages import install_from_file, install_from_index

runner = CliRunner()

META = {"from_code": "ru", "to_code": "en", "package_version": "1.0", "type": "translate"}
MODEL = bytes(range(256)) * 64 + b"weights " * 2000  # compressible, several deflate blocks


def _members(meta: object = META, *, raw_meta: bytes | None = None) -> dict[str, bytes]:
    data = raw_meta if raw_meta is not None else json.dumps(meta).encode()
    return {"pkg/metadata.json": data, "pkg/model/model.bin": MODEL, "pkg/sentencepiece.model": b"spm " * 500}


def _archive(path: Path, members: dict[str, bytes] | None = None, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in (members or _members()).items():
            zf.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, compress_type=method)
    return path


def _headers(data: bytes, name: str) -> tuple[int, int, int]:
    """(local header offset, central header offset, data offset) of member ``name``."""
    import io

    zf = zipfile.ZipFile(io.BytesIO(data))
    local = zf.getinfo(name).header_offset
    n, extra = struct.unpack("<HH", data[local + 26:local + 30])
    central = zf.start_dir  # the central directory: find this member's entry in it
    while data[central + 46:central + 46 + len(name)] != name.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    return local, central, local + 30 + n + extra


def _damage(src: Path, dest: Path, name: str, how: Callable[[bytearray, tuple[int, int, int]], None]) -> Path:
    data = bytearray(src.read_bytes())
    how(data, _headers(bytes(data), name))
    dest.write_bytes(bytes(data))
    return dest


def _flip(at: int) -> Callable[[bytearray, tuple[int, int, int]], None]:
    def how(data: bytearray, where: tuple[int, int, int]) -> None:
        data[where[2] + at] ^= 0xFF
    return how


def _encrypt(data: bytearray, where: tuple[int, int, int]) -> None:
    local, central, _ = where
    data[local + 6] |= 1  # general purpose flag bit 0, in both headers
    data[central + 8] |= 1


def _method(method: int) -> Callable[[bytearray, tuple[int, int, int]], None]:
    def how(data: bytearray, where: tuple[int, int, int]) -> None:
        local, central, _ = where
        data[local + 8:local + 10] = struct.pack("<H", method)
        data[central + 10:central + 12] = struct.pack("<H", method)
    return how


def _tree(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` with a hash of its content (folders as "dir")."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): ("dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*"))}


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    """A packages folder that already holds a good package named like the damaged ones (pkg)."""
    folder = tmp_path / "packages"
    install_from_file(_archive(tmp_path / "good.argosmodel"), folder)
    return folder


def _refused(archive: Path, root: Path, needle: str) -> str:
    """Install ``archive`` through the library and the CLI: one line, exit 2, ``root`` unchanged."""
    before = _tree(root)
    with pytest.raises(ModelError) as err:
        install_from_file(archive, root)
    message = str(err.value)
    assert needle in message and "\n" not in message, message
    assert _tree(root) == before
    result = runner.invoke(app, ["models", "install", str(archive), "--packages-dir", str(root)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error:") and result.output.strip().count("\n") == 0, result.output
    assert "Traceback" not in result.output and needle in result.output
    assert _tree(root) == before
    return message


# ------------------------------------------------------------------ damaged archives
@pytest.mark.parametrize("member", ["pkg/metadata.json", "pkg/model/model.bin", "pkg/sentencepiece.model"])
@pytest.mark.parametrize("at", [0, 7, -3])
def test_a_flipped_byte_in_a_members_data_is_a_damaged_download(tmp_path: Path, root: Path, member: str, at: int) -> None:
    src = _archive(tmp_path / "src.argosmodel")
    size = zipfile.ZipFile(src).getinfo(member).compress_size
    bad = _damage(src, tmp_path / "bad.argosmodel", member, _flip(at % size))
    message = _refused(bad, root, "damaged archive")
    assert member in message and "download it again" in message


def test_a_damaged_tiny_model_installs_nothing_into_a_new_folder(tmp_path: Path, tiny_argosmodel: Path) -> None:
    """The real test package, its model.bin corrupted: not even the packages folder is created."""
    name = "translate-ru_en-tiny/model/model.bin"
    bad = _damage(tiny_argosmodel, tmp_path / "bad.argosmodel", name, _flip(20_000))
    root = tmp_path / "new" / "packages"
    with pytest.raises(ModelError, match="damaged archive"):
        install_from_file(bad, root)
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("member", ["pkg/metadata.json", "pkg/model/model.bin"])
def test_an_encrypted_member_is_refused(tmp_path: Path, root: Path, member: str) -> None:
    bad = _damage(_archive(tmp_path / "src.argosmodel"), tmp_path / "bad.argosmodel", member, _encrypt)
    assert member in _refused(bad, root, "is encrypted")


@pytest.mark.parametrize("method", [99, 9, 98])  # AES (WinZip), deflate64, PPMd: zipfile reads none of them
def test_an_unsupported_compression_method_is_refused(tmp_path: Path, root: Path, method: int) -> None:
    bad = _damage(_archive(tmp_path / "src.argosmodel"), tmp_path / "bad.argosmodel", "pkg/model/model.bin", _method(method))
    assert f"compression method {method}" in _refused(bad, root, "cannot be unpacked")


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA, zipfile.ZIP_STORED])
def test_bzip2_lzma_and_stored_archives_install(tmp_path: Path, method: int) -> None:
    pkg = install_from_file(_archive(tmp_path / "x.argosmodel", method=method), tmp_path / "pk")
    assert (pkg.model_dir / "model.bin").read_bytes() == MODEL and pkg.usable


def test_lzma_without_the_lzma_module_is_refused(tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = package_install.importlib.util.find_spec
    monkeypatch.setattr(package_install.importlib.util, "find_spec", lambda name, *a: None if name == "lzma" else real(name, *a))
    bad = _archive(tmp_path / "x.argosmodel", method=zipfile.ZIP_LZMA)
    assert "lacks its lzma module" in _refused(bad, root, "lzma")


@pytest.mark.parametrize("keep", [0.999, 0.5, 0.1])
def test_a_truncated_download_is_refused(tmp_path: Path, root: Path, keep: float) -> None:
    data = _archive(tmp_path / "src.argosmodel").read_bytes()
    bad = tmp_path / "cut.argosmodel"
    bad.write_bytes(data[: int(len(data) * keep)])
    _refused(bad, root, "truncated archive")


# ------------------------------------------------------------------ metadata.json
def test_a_huge_metadata_json_is_refused(tmp_path: Path, root: Path) -> None:
    huge = json.dumps(META).encode()[:-1] + b" " * (packages.MAX_METADATA_BYTES + 10) + b"}"  # valid JSON
    bad = _archive(tmp_path / "x.argosmodel", _members(raw_meta=huge))
    assert "MB" in _refused(bad, root, "metadata.json is 1.0 MB")


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),  # not UTF-8
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),  # nested past the recursion limit
        (b'["ru", "en"]', "expected a JSON object, found a JSON list"),
        (b'"ru-en"', "found a JSON string"),
        (b"null", "found a JSON null"),
        (json.dumps({**META, "from_code": 5}).encode(), "from_code must be a language code"),
        (json.dumps({**META, "from_code": ["ru"]}).encode(), "from_code must be a language code"),
        (json.dumps({**META, "to_code": {"code": "en"}}).encode(), "to_code must be a language code"),
        (json.dumps({**META, "to_code": "en\nfr"}).encode(), "to_code must be a language code"),
        (json.dumps({**META, "to_code": None}).encode(), "lacks to_code"),
        (json.dumps({**META, "package_version": 1.9}).encode(), "package_version must be a string"),
        (json.dumps({**META, "target_prefix": ["__en__"]}).encode(), "target_prefix must be a string"),
        (json.dumps({**META, "type": "sbd"}).encode(), "type is 'sbd'"),
    ],
)
def test_bad_metadata_is_refused(tmp_path: Path, root: Path, raw: bytes, needle: str) -> None:
    _refused(_archive(tmp_path / "x.argosmodel", _members(raw_meta=raw)), root, needle)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.floats(0, 1, exclude_max=True), value=st.integers(1, 255),
       method=st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA, zipfile.ZIP_STORED]))
def test_any_flipped_byte_installs_the_same_files_or_nothing(position: float, value: int, method: int) -> None:
    """Whatever byte of the archive is damaged: either the package installs with exactly the
    original files (the byte was a date or an unused field), or one line and nothing installed."""
    with tempfile.TemporaryDirectory() as tmp:
        src = _archive(Path(tmp) / "src.argosmodel", method=method)
        data = bytearray(src.read_bytes())
        data[int(position * len(data))] ^= value
        bad = Path(tmp) / "bad.argosmodel"
        bad.write_bytes(bytes(data))
        root = Path(tmp) / "pk"
        try:
            pkg = install_from_file(bad, root)
        except ModelError as err:
            assert "\n" not in str(err) and str(bad) in str(err)
            assert not root.exists()
            return
        installed = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
        assert installed == _members() and pkg.from_code == "ru"


# ------------------------------------------------------------------ the package index
def _serve(monkeypatch: pytest.MonkeyPatch, index: bytes, download: bytes | None = None) -> list[str]:
    """Replace the network: the index URL answers ``index``, any other URL ``download``."""
    asked: list[str] = []

    def fake_fetch(url: str, dest: Path | None = None, progress: object = None, timeout: float = 30.0) -> bytes:
        asked.append(url)
        if url == packages.INDEX_URL:
            return index
        assert dest is not None and download is not None, f"unexpected download of {url}"
        dest.write_bytes(download)
        return b""

    monkeypatch.setattr(package_index, "_fetch", fake_fetch)
    return asked


def _entry(**fields: object) -> dict[str, object]:
    return {"from_code": "ru", "to_code": "en", "package_version": "1.9", "type": "translate",
            "links": ["https://example.org/translate-ru_en-1_9.argosmodel"], **fields}


def _index_refused(root: Path, needle: str) -> str:
    before = _tree(root)
    with pytest.raises(ModelError) as err:
        install_from_index("ru", "en", root)
    message = str(err.value)
    assert needle in message and "\n" not in message and "bilingual models install PATH.argosmodel" in message, message
    assert _tree(root) == before
    result = runner.invoke(app, ["models", "install", "-q", "--packages-dir", str(root)])
    assert result.exit_code == 2 and result.output.startswith("error:"), result.output
    assert result.output.strip().count("\n") == 0 and "Traceback" not in result.output
    assert _tree(root) == before
    return message


@pytest.mark.parametrize(
    ("index", "needle"),
    [
        (b"<html>rate limited</html>", "is not valid JSON"),
        (b"\xff\xfe[]", "is not valid JSON"),
        (b"[" * 100_000, "is not valid JSON"),
        (b'{"packages": []}', "is a JSON object, not the expected list of packages"),
        (b'"index"', "is a JSON string"),
        (b"null", "is a JSON null"),
    ],
)
def test_an_index_that_is_not_a_json_list(monkeypatch: pytest.MonkeyPatch, root: Path, index: bytes, needle: str) -> None:
    asked = _serve(monkeypatch, index)
    assert packages.INDEX_URL in _index_refused(root, needle)
    assert set(asked) == {packages.INDEX_URL}


@pytest.mark.parametrize(
    ("entry", "needle"),
    [
        (_entry(links=None), "its links is null"),
        (_entry(links="https://example.org/x.argosmodel"), "its links is string"),
        (_entry(links=5), "its links is number"),
        (_entry(links=[]), "its links is list []"),
        (_entry(links=[5]), "its link 5 is not an http(s) URL"),
        (_entry(links=["file:///etc/passwd"]), "'file:///etc/passwd' is not an http(s) URL"),
        (_entry(links=["ftp://example.org/x.argosmodel"]), "is not an http(s) URL"),
        (_entry(links=["https://ok.example/x", "javascript:alert(1)"]), "is not an http(s) URL"),
        (_entry(package_version=1.9), "its package_version is number 1.9"),
    ],
)
def test_a_malformed_entry_for_the_pair(monkeypatch: pytest.MonkeyPatch, root: Path, entry: dict[str, object], needle: str) -> None:
    asked = _serve(monkeypatch, json.dumps([entry]).encode())
    assert "malformed ru→en entry" in _index_refused(root, needle)
    assert set(asked) == {packages.INDEX_URL}  # nothing downloaded


@pytest.mark.parametrize("index", [[], [1, "x", None, []], [{"links": 5}], [{"from_code": "ru", "to_code": 7}]])
def test_an_index_without_a_usable_entry_lists_no_package(monkeypatch: pytest.MonkeyPatch, root: Path, index: list[object]) -> None:
    _serve(monkeypatch, json.dumps(index).encode())
    _index_refused(root, "lists no ru→en package")


def test_malformed_entries_for_other_pairs_are_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    index = [None, {"from_code": "en", "to_code": "ru", "links": 5}, _entry(links=[7], package_version="9"), _entry()]
    asked = _serve(monkeypatch, json.dumps(index).encode(), _archive(tmp_path / "x.argosmodel").read_bytes())
    pkg = install_from_index("ru", "en", tmp_path / "pk")
    assert pkg.usable and asked == [packages.INDEX_URL, "https://example.org/translate-ru_en-1_9.argosmodel"]


def test_a_damaged_download_names_its_link_and_installs_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, root: Path) -> None:
    src = _archive(tmp_path / "src.argosmodel")
    bad = _damage(src, tmp_path / "bad.argosmodel", "pkg/model/model.bin", _flip(100)).read_bytes()
    _serve(monkeypatch, json.dumps([_entry()]).encode(), bad)
    before = _tree(root)
    with pytest.raises(ModelError) as err:
        install_from_index("ru", "en", root)
    message = str(err.value)
    assert message.startswith("the package downloaded from https://example.org/translate-ru_en-1_9.argosmodel is a damaged archive")
    assert ".download-" not in message and _tree(root) == before
    new_root = tmp_path / "fresh" / "packages"
    with pytest.raises(ModelError):
        install_from_index("ru", "en", new_root)
    assert not (tmp_path / "fresh").exists()


def test_a_cut_connection_tries_the_next_link(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import http.client

    good = _archive(tmp_path / "x.argosmodel").read_bytes()
    links = ["https://a.example/x.argosmodel", "https://b.example/x.argosmodel"]

    def fake_fetch(url: str, dest: Path | None = None, progress: object = None, timeout: float = 30.0) -> bytes:
        if url == packages.INDEX_URL:
            return json.dumps([_entry(links=links)]).encode()
        if url == links[0]:
            raise http.client.IncompleteRead(b"partial", 1000)
        assert dest is not None
        dest.write_bytes(good)
        return b""

    monkeypatch.setattr(package_index, "_fetch", fake_fetch)
    assert install_from_index("ru", "en", tmp_path / "pk").usable
