"""Installed Argos Translate packages: find, list, install (from a file or the Argos index).

A package is a directory ``<packages_dir>/<name>/`` holding ``metadata.json``, a CTranslate2
``model/`` directory and ``sentencepiece.model`` (an ``.argosmodel`` file is a zip of that
directory). Listing and finding read ``metadata.json`` directly, so they never import
``argostranslate`` (whose settings module creates directories at import).

The network is used only by :func:`install_from_index`.

Why not ``argostranslate.package`` for the index, download and install (read in
argos-translate-lt 1.12.1; the format, the index URL and the packages folder are the same, so
packages installed either way are shared — the tests install with
``argostranslate.package.install_from_path`` and this module finds them):

* importing ``argostranslate.settings`` creates folders and freezes the environment at import;
* offline, ``get_available_packages()`` recurses without end (``update_package_index()`` swallows
  the network error, the index file stays missing, and it calls itself again);
* ``AvailablePackage.download()`` has no progress hook and writes to a global downloads folder;
* ``install_from_path()`` extracts the archive as it is: members with ``..`` or absolute paths
  land outside the packages folder, and a broken archive is left half-installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import ModelError
from ..model import ModelInfo

__all__ = [
    "InstalledPackage",
    "default_packages_dir",
    "list_packages",
    "find_package",
    "install_from_file",
    "install_from_index",
    "how_to_install",
    "INDEX_URL",
    "DownloadProgress",
]

#: The Argos package index (the one ``argostranslate`` uses; ``ARGOS_PACKAGE_INDEX`` overrides
#: its base URL, as in argostranslate).
INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
#: Where users can browse and download packages by hand.
INDEX_PAGE = "https://www.argosopentech.com/argospm/index/"

#: ``progress(done_bytes, total_bytes_or_None)`` while downloading.
DownloadProgress = Callable[[int, "int | None"], None]


@dataclass(frozen=True)
class InstalledPackage:
    """An installed Argos translate package."""

    name: str  #: directory name, e.g. "translate-ru_en-1_9"
    version: str  #: ``package_version`` from metadata.json
    from_code: str
    to_code: str
    path: Path
    target_prefix: str = ""  #: from metadata.json ("" if none)
    description: str = ""  #: one line, e.g. "Argos Translate ru→en 1.9"

    @property
    def model_dir(self) -> Path:
        """The CTranslate2 model directory."""
        return self.path / "model"

    @property
    def sentencepiece_model(self) -> Path:
        """The SentencePiece model file."""
        return self.path / "sentencepiece.model"

    @property
    def usable(self) -> bool:
        """Whether the package has what the engine needs (``model/``, ``sentencepiece.model``)."""
        return (self.model_dir / "model.bin").is_file() and self.sentencepiece_model.is_file()

    def identity(self) -> str:
        """Name, version and a hash of the package files' names, sizes and mtimes.

        Changes whenever the package is reinstalled or updated (used in cache keys).
        """
        digest = hashlib.sha256()
        for path in sorted(p for p in self.path.rglob("*") if p.is_file()):
            st = path.stat()
            digest.update(f"{path.relative_to(self.path).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        return f"{self.name}|{self.version}|{digest.hexdigest()[:16]}"

    def model_info(self) -> ModelInfo:
        """The :class:`~bilingual.model.ModelInfo` recorded in documents translated with it."""
        return ModelInfo(name=self.name, version=self.version, description=self.description)


# ------------------------------------------------------------------ listing
def default_packages_dir() -> Path:
    """``ARGOS_PACKAGES_DIR`` if set, else Argos' default (``$XDG_DATA_HOME/argos-translate/packages``)."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "argos-translate" / "packages"


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Sort key for versions like "1.9", "1.10", "0.1a" (numbers compare as numbers)."""
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in re.findall(r"\d+|[A-Za-z]+", version))


def _read_package(path: Path) -> InstalledPackage | None:
    """The package in directory ``path``, or None if it is not a translate package."""
    try:
        meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
        return None
    from_code, to_code = meta.get("from_code"), meta.get("to_code")
    if not isinstance(from_code, str) or not isinstance(to_code, str):
        return None
    version = str(meta.get("package_version", ""))
    return InstalledPackage(
        name=path.name,
        version=version,
        from_code=from_code,
        to_code=to_code,
        path=path,
        target_prefix=str(meta.get("target_prefix") or ""),
        description=_description(meta, from_code, to_code, version),
    )


def _description(meta: dict[str, Any], from_code: str, to_code: str, version: str) -> str:
    """The colophon's line for a package: its own ``description`` if metadata.json has one
    (test and benchmark doubles say what they are), else "Argos Translate ru→en 1.9"."""
    own = meta.get("description")
    if isinstance(own, str) and own.strip():
        return " ".join(own.split())
    return f"Argos Translate {from_code}→{to_code} {version}".strip()


def list_packages(packages_dir: Path | None = None) -> list[InstalledPackage]:
    """All installed translate packages in ``packages_dir``, sorted by languages, then version."""
    root = Path(packages_dir) if packages_dir is not None else default_packages_dir()
    if not root.is_dir():
        return []
    found = [pkg for d in root.iterdir() if d.is_dir() and not d.name.startswith(".")
             if (pkg := _read_package(d)) is not None]
    return sorted(found, key=lambda p: (p.from_code, p.to_code, _version_key(p.version), p.name))


def find_package(from_code: str = "ru", to_code: str = "en",
                 packages_dir: Path | None = None) -> InstalledPackage | None:
    """The newest usable installed package translating ``from_code``→``to_code``, or None."""
    matches = [p for p in list_packages(packages_dir)
               if p.from_code == from_code and p.to_code == to_code and p.usable]
    return matches[-1] if matches else None


def how_to_install(from_code: str = "ru", to_code: str = "en") -> str:
    """The one-line instruction for installing a package without network on this machine."""
    return (f"download translate-{from_code}_{to_code}-*.argosmodel from the Argos index ({INDEX_PAGE}) "
            f"on a connected machine, then run: bilingual models install PATH.argosmodel")


# -------------------------------------------------------- install from file
def _member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip member is unsafe to extract, or None."""
    name = info.filename
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return f"absolute or non-portable path {name!r}"
    parts = PurePosixPath(name).parts
    if any(p == ".." for p in parts):
        return f"path {name!r} escapes the packages folder"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return f"symbolic link {name!r}"
    return None


#: Largest total unpacked size accepted (a guard against zip bombs; real ru→en models are ~0.3 GB).
MAX_UNPACKED_BYTES = 4 * 2**30


def _check_archive(zf: zipfile.ZipFile, path: Path) -> tuple[str, dict[str, Any]]:
    """Validate an opened ``.argosmodel``; return its top folder and metadata."""
    infos = zf.infolist()
    if not infos:
        raise ModelError(f"{path} is an empty archive, not an Argos package")
    for info in infos:
        problem = _member_problem(info)
        if problem:
            raise ModelError(f"refusing to install {path}: unsafe archive member ({problem})")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ModelError(
            f"refusing to install {path}: it would unpack to {unpacked / 2**30:.1f} GiB "
            f"(Argos models are well under {MAX_UNPACKED_BYTES / 2**30:.0f} GiB); is it the right file?"
        )
    tops = {PurePosixPath(i.filename).parts[0] for i in infos if PurePosixPath(i.filename).parts}
    if len(tops) != 1 or any(len(PurePosixPath(i.filename).parts) < 2 and not i.is_dir() for i in infos):
        raise ModelError(f"{path} is not an Argos package: expected one top folder holding metadata.json")
    top = tops.pop()
    if top in {".", ""} or top.startswith("."):
        raise ModelError(f"{path} is not an Argos package: bad top folder name {top!r}")
    names = {i.filename for i in infos}
    if f"{top}/metadata.json" not in names:
        raise ModelError(f"{path} is not an Argos package: no metadata.json in {top}/")
    try:
        meta = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise ModelError(f"{path}: {top}/metadata.json is not valid JSON ({err})") from None
    if not isinstance(meta, dict) or not meta.get("from_code") or not meta.get("to_code"):
        raise ModelError(f"{path}: {top}/metadata.json lacks from_code/to_code")
    if f"{top}/model/model.bin" not in names:
        raise ModelError(f"{path} is not a usable Argos package: no model/ (CTranslate2 model.bin) in {top}/")
    if f"{top}/sentencepiece.model" not in names:
        raise ModelError(f"{path} is not a usable Argos package: no sentencepiece.model in {top}/")
    return top, meta


def install_from_file(path: Path, packages_dir: Path | None = None) -> InstalledPackage:
    """Install an ``.argosmodel`` file into ``packages_dir``; return the installed package.

    The archive is checked first (a zip with one top folder holding ``metadata.json``,
    ``model/`` and ``sentencepiece.model``; no absolute paths, ``..`` or symbolic links);
    a bad file raises :class:`ModelError` and installs nothing. Extraction goes to a temporary
    folder inside ``packages_dir`` which is then renamed into place, replacing an older copy
    of the same package.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"no such file: {path} (give the path of a downloaded .argosmodel)")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path} is not an Argos package (.argosmodel files are zip archives)")
    root = Path(packages_dir) if packages_dir is not None else default_packages_dir()
    try:
        with zipfile.ZipFile(path) as zf:
            top, _meta = _check_archive(zf, path)
            root.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root))
            try:
                zf.extractall(staging)
                _move_into_place(staging / top, root / top)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except zipfile.BadZipFile as err:
        raise ModelError(f"{path} is a damaged archive ({err}); download it again") from None
    except OSError as err:
        raise ModelError(f"cannot install {path} into {root}: {err.strerror or err}") from None
    pkg = _read_package(root / top)
    if pkg is None:  # pragma: no cover - checked above
        raise ModelError(f"{path}: installed, but {root / top}/metadata.json is unreadable")
    return pkg


def _move_into_place(src: Path, dest: Path) -> None:
    """Rename ``src`` to ``dest``; an existing ``dest`` is replaced (removed after the swap)."""
    old: Path | None = None
    if dest.exists():
        old = dest.with_name(f".old-{dest.name}-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        dest.rename(old)
    try:
        src.rename(dest)
    except OSError:
        if old is not None:
            old.rename(dest)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# ------------------------------------------------------- install from index
def _index_url() -> str:
    base = os.environ.get("ARGOS_PACKAGE_INDEX")
    if base:
        return base.rstrip("/") + "/index.json"
    return INDEX_URL


def _fetch(url: str, dest: Path | None = None, progress: DownloadProgress | None = None,
           timeout: float = 30.0) -> bytes:
    """GET ``url``; into ``dest`` (returning b"") or into memory. Network errors propagate."""
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "bilingual (argos package installer)"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - https URLs from the index
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        chunks: list[bytes] = []
        done = 0
        out = open(dest, "wb") if dest is not None else None
        try:
            while True:
                chunk = response.read(1 << 16)
                if not chunk:
                    break
                done += len(chunk)
                if out is not None:
                    out.write(chunk)
                else:
                    chunks.append(chunk)
                if progress is not None:
                    progress(done, total)
        finally:
            if out is not None:
                out.close()
    return b"".join(chunks)


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
        index = json.loads(_fetch(_index_url()).decode("utf-8"))
    except (OSError, ValueError) as err:  # URLError/timeouts are OSErrors
        raise _offline(from_code, to_code, err) from None
    candidates = [m for m in index if isinstance(m, dict) and m.get("from_code") == from_code
                  and m.get("to_code") == to_code and m.get("type", "translate") == "translate"
                  and m.get("links")] if isinstance(index, list) else []
    if not candidates:
        raise ModelError(f"the Argos index lists no {from_code}→{to_code} package; " + how_to_install(from_code, to_code))
    best = max(candidates, key=lambda m: _version_key(str(m.get("package_version", ""))))
    root = Path(packages_dir) if packages_dir is not None else default_packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".download-", suffix=".argosmodel", dir=root)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        last: BaseException | None = None
        for link in best["links"]:
            try:
                _fetch(str(link), tmp, progress, timeout=60.0)
                break
            except OSError as err:
                last = err
        else:
            raise _offline(from_code, to_code, last or OSError("no download link worked"))
        return install_from_file(tmp, root)
    finally:
        tmp.unlink(missing_ok=True)
