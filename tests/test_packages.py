"""Installed Argos packages: listing, finding, safe installs from a file, index installs (mocked)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.error
import zipfile
from pathlib import Path

import pytest

from bilingual.errors import ModelError
from bilingual.model import ModelInfo
from bilingual.translate import package_index, package_install, packages
from bilingual.translate.packages import (
    default_packages_dir,
    find_package,
    install_from_file,
    install_from_index,
    list_packages,
)


def test_finds_the_package_installed_by_stock_argos(argos_packages_dir: Path) -> None:
    pkg = find_package("ru", "en", argos_packages_dir)
    assert pkg is not None and pkg.usable
    assert (pkg.name, pkg.version, pkg.from_code, pkg.to_code) == ("translate-ru_en-tiny", "0.1", "ru", "en")
    assert pkg.path == argos_packages_dir / "translate-ru_en-tiny" and pkg.target_prefix == ""
    double = "TEST DOUBLE: word-by-word dictionary model of the bilingual tests, not a translator"
    assert pkg.description == double  # metadata.json's own description wins
    assert pkg.model_info() == ModelInfo(name="translate-ru_en-tiny", version="0.1", description=double)
    assert find_package("en", "ru", argos_packages_dir) is None


def test_a_package_without_a_description_is_named_by_its_languages(argos_packages_dir: Path, tmp_path: Path) -> None:
    import json
    import shutil

    copy = tmp_path / "translate-ru_en-1_9"
    shutil.copytree(argos_packages_dir / "translate-ru_en-tiny", copy)
    meta = json.loads((copy / "metadata.json").read_text(encoding="utf-8"))
    del meta["description"]
    meta["package_version"] = "1.9"
    (copy / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    pkg = find_package("ru", "en", tmp_path)
    assert pkg is not None and pkg.description == "Argos Translate ru→en 1.9"


def test_default_packages_dir_follows_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "p"))
    assert default_packages_dir() == tmp_path / "p"
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_packages_dir() == tmp_path / "data" / "argos-translate" / "packages"


def test_missing_or_empty_dir_lists_nothing(tmp_path: Path) -> None:
    assert list_packages(tmp_path / "nope") == []
    assert list_packages(tmp_path) == [] and find_package(packages_dir=tmp_path) is None


def test_newest_version_wins_numerically(argos_packages_dir: Path, tmp_path: Path) -> None:
    src = argos_packages_dir / "translate-ru_en-tiny"
    for name, version in [("translate-ru_en-0_9", "0.9"), ("translate-ru_en-0_10", "0.10"), ("broken", "9.9")]:
        dest = tmp_path / name
        shutil.copytree(src, dest)
        meta = json.loads((dest / "metadata.json").read_text())
        meta["package_version"] = version
        (dest / "metadata.json").write_text(json.dumps(meta))
    (tmp_path / "broken" / "sentencepiece.model").unlink()  # newest, but unusable
    (tmp_path / "not-a-package").mkdir()
    assert [p.version for p in list_packages(tmp_path)] == ["0.9", "0.10", "9.9"]
    best = find_package("ru", "en", tmp_path)
    assert best is not None and best.name == "translate-ru_en-0_10"


def test_install_from_file(tiny_argosmodel: Path, tmp_path: Path) -> None:
    root = tmp_path / "pk"
    pkg = install_from_file(tiny_argosmodel, root)
    assert pkg.path == root / "translate-ru_en-tiny" and pkg.usable
    assert sorted(p.name for p in root.iterdir()) == ["translate-ru_en-tiny"]  # no temp folders left
    (pkg.path / "stale.txt").write_text("from an older install")
    again = install_from_file(tiny_argosmodel, root)  # reinstall replaces the folder whole
    assert again == pkg and not (pkg.path / "stale.txt").exists()
    assert sorted(p.name for p in root.iterdir()) == ["translate-ru_en-tiny"]


def _zip(path: Path, members: dict[str, bytes], symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (0o120777 << 16)
            zf.writestr(info, "/etc/passwd")
    return path


GOOD = {
    "pkg/metadata.json": json.dumps({"from_code": "ru", "to_code": "en", "package_version": "1.0"}).encode(),
    "pkg/model/model.bin": b"x",
    "pkg/sentencepiece.model": b"x",
}


@pytest.mark.parametrize(
    ("members", "symlink", "needle"),
    [
        ({k: v for k, v in GOOD.items() if not k.endswith("metadata.json")}, None, "no metadata.json"),
        ({**GOOD, "pkg/../evil.txt": b"x"}, None, "escapes"),
        ({**GOOD, "/abs/evil.txt": b"x"}, None, "absolute"),
        ({**GOOD, "pkg\\..\\evil.txt": b"x"}, None, "non-portable"),
        (GOOD, "pkg/link", "symbolic link"),
        ({**GOOD, "other/x.txt": b"x"}, None, "one top folder"),
        ({"metadata.json": GOOD["pkg/metadata.json"]}, None, "one top folder"),
        ({k: v for k, v in GOOD.items() if "model.bin" not in k}, None, "no model/"),
        ({k: v for k, v in GOOD.items() if "sentencepiece" not in k}, None, "no sentencepiece.model"),
        ({**GOOD, "pkg/metadata.json": b"{not json"}, None, "not valid JSON"),
        ({**GOOD, "pkg/metadata.json": b"{}"}, None, "from_code"),
    ],
)
def test_unsafe_or_broken_archives_install_nothing(tmp_path: Path, members: dict[str, bytes], symlink: str | None, needle: str) -> None:
    archive = _zip(tmp_path / "bad.argosmodel", members, symlink)
    root = tmp_path / "deep" / "pk"
    root.mkdir(parents=True)
    with pytest.raises(ModelError) as err:
        install_from_file(archive, root)
    assert needle in str(err.value) and "\n" not in str(err.value)
    assert list(root.iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["pk"]


@pytest.mark.parametrize("kind", ["missing", "directory", "text", "truncated"])
def test_not_an_archive(tmp_path: Path, tiny_argosmodel: Path, kind: str) -> None:
    path = tmp_path / "x.argosmodel"
    if kind == "directory":
        path.mkdir()
    elif kind == "text":
        path.write_text("hello")
    elif kind == "truncated":
        path.write_bytes(tiny_argosmodel.read_bytes()[:5000])
    root = tmp_path / "pk"
    with pytest.raises(ModelError) as err:
        install_from_file(path, root)
    assert str(path) in str(err.value) and "\n" not in str(err.value)
    assert not root.exists() or list(root.iterdir()) == []


def test_index_install_offline_says_how_to_install_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def no_network(url: str, *args: object, **kwargs: object) -> bytes:
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(package_index, "_fetch", no_network)
    with pytest.raises(ModelError) as err:
        install_from_index("ru", "en", tmp_path / "pk")
    message = str(err.value)
    assert "no network" in message and "translate-ru_en-*.argosmodel" in message
    assert message.endswith("then run: bilingual models install PATH.argosmodel") and "\n" not in message
    assert not (tmp_path / "pk").exists() or list((tmp_path / "pk").iterdir()) == []


def test_index_install_downloads_the_newest_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tiny_argosmodel: Path) -> None:
    index = [
        {"from_code": "ru", "to_code": "en", "package_version": "0.1", "type": "translate", "links": ["https://old/x.argosmodel"]},
        {"from_code": "ru", "to_code": "en", "package_version": "0.1.1", "links": ["https://dead/y", "https://new/y.argosmodel"]},
        {"from_code": "en", "to_code": "ru", "package_version": "9", "links": ["https://other"]},
    ]
    fetched: list[str] = []
    seen: list[tuple[int, int | None]] = []

    def fake_fetch(url: str, dest: Path | None = None, progress=None, timeout: float = 30.0) -> bytes:  # type: ignore[no-untyped-def]
        fetched.append(url)
        if url.endswith("index.json"):
            return json.dumps(index).encode()
        if "dead" in url:
            raise urllib.error.URLError("timed out")
        assert dest is not None and url == "https://new/y.argosmodel"
        data = tiny_argosmodel.read_bytes()
        dest.write_bytes(data)
        if progress is not None:
            progress(len(data), len(data))
        return b""

    monkeypatch.setattr(package_index, "_fetch", fake_fetch)
    pkg = install_from_index("ru", "en", tmp_path / "pk", progress=lambda done, total: seen.append((done, total)))
    assert fetched[0] == packages.INDEX_URL and fetched[1:] == ["https://dead/y", "https://new/y.argosmodel"]
    assert pkg.name == "translate-ru_en-tiny" and pkg.usable and seen and seen[-1][0] == seen[-1][1]
    assert sorted(p.name for p in (tmp_path / "pk").iterdir()) == ["translate-ru_en-tiny"]  # download removed


def test_index_without_the_pair(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(package_index, "_fetch", lambda url, *a, **k: b"[]")
    with pytest.raises(ModelError, match="lists no ru→en package"):
        install_from_index("ru", "en", tmp_path)


def test_listing_does_not_import_argostranslate(argos_packages_dir: Path) -> None:
    code = ("import sys; from bilingual.translate.packages import list_packages, find_package;"
            f"assert find_package(packages_dir={str(argos_packages_dir)!r}) is not None;"
            "assert not [m for m in sys.modules if m.startswith(('argostranslate', 'ctranslate2'))], sys.modules")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_an_archive_that_unpacks_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A zip bomb (highly compressible, huge when unpacked) is refused before extraction."""
    monkeypatch.setattr("bilingual.translate.package_install.MAX_UNPACKED_BYTES", 1_000_000)
    path = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in {**GOOD, "pkg/model/model.bin": b"\0" * 2_000_000}.items():
            zf.writestr(name, data)
    assert path.stat().st_size < 100_000
    with pytest.raises(ModelError, match="would unpack to"):
        install_from_file(path, tmp_path / "pk")
    assert not (tmp_path / "pk").exists() or not list((tmp_path / "pk").iterdir())
