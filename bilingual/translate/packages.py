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

Damaged input answers one :class:`ModelError` line and installs nothing (no folder is left
behind, not even the packages folder if this call created it): a member whose data fails its
CRC or does not decompress, an encrypted member, a compression method this Python cannot
unpack, a ``metadata.json`` over :data:`MAX_METADATA_BYTES` or that is not a JSON object with
string ``from_code``/``to_code``; an index that is not a JSON list, or whose entry for the pair
lacks a ``links`` list of http(s) URLs.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import importlib.util
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator
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
#: Zip compression methods and the Python module each needs (None: built in).
_METHODS = {zipfile.ZIP_STORED: None, zipfile.ZIP_DEFLATED: "zlib", zipfile.ZIP_BZIP2: "bz2", zipfile.ZIP_LZMA: "lzma"}


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip member cannot be extracted safely, or None."""
    name = info.filename
    if not name:
        return "unsafe archive member (a member without a name)"
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return f"unsafe archive member (absolute or non-portable path {name!r})"
    parts = PurePosixPath(name).parts
    if any(p == ".." for p in parts):
        return f"unsafe archive member (path {name!r} escapes the packages folder)"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return f"unsafe archive member (symbolic link {name!r})"
    if info.flag_bits & 0x41:  # bit 0: encrypted; bit 6: strong encryption
        return f"the member {name!r} is encrypted (Argos packages never are); download the package again"
    if info.compress_type not in _METHODS:
        return (f"the member {name!r} uses zip compression method {info.compress_type}, which cannot be unpacked "
                "(stored, deflate, bzip2 and lzma can); download the package again from the Argos index")
    module = _METHODS[info.compress_type]
    if module is not None and importlib.util.find_spec(module) is None:
        return f"the member {name!r} is {module}-compressed and this Python lacks its {module} module; install the package with a Python that has it"
    return None


#: Largest total unpacked size accepted (a guard against zip bombs; real ru→en models are ~0.3 GB).
MAX_UNPACKED_BYTES = 4 * 2**30
#: Largest ``metadata.json`` accepted (real ones are well under 1 KB).
MAX_METADATA_BYTES = 2**20


@functools.cache
def _data_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged member's data raises: a bad CRC, short data, bz2's OSError, and
    zlib's and lzma's own errors (when this Python has those modules)."""
    errors: tuple[type[BaseException], ...] = (zipfile.BadZipFile, EOFError, OSError, ValueError)
    for module, name in (("zlib", "error"), ("lzma", "LZMAError")):
        with contextlib.suppress(ImportError):
            errors += (getattr(importlib.import_module(module), name),)
    return errors


class _Damaged(Exception):
    """A member's data could not be read (raised inside, turned into a :class:`ModelError`)."""

    def __init__(self, info: zipfile.ZipInfo, err: BaseException) -> None:
        reason = _one_line(err)
        super().__init__(reason if info.filename in reason else f"{info.filename}: {reason}")


def _check_archive(zf: zipfile.ZipFile, path: Path) -> tuple[str, dict[str, Any]]:
    """Validate an opened ``.argosmodel``; return its top folder and metadata."""
    infos = zf.infolist()
    if not infos:
        raise ModelError(f"{path} is an empty archive, not an Argos package")
    for info in infos:
        problem = _member_problem(info)
        if problem:
            raise ModelError(f"refusing to install {path}: {problem}")
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
    meta = _read_metadata(zf, zf.getinfo(f"{top}/metadata.json"), path)
    if f"{top}/model/model.bin" not in names:
        raise ModelError(f"{path} is not a usable Argos package: no model/ (CTranslate2 model.bin) in {top}/")
    if f"{top}/sentencepiece.model" not in names:
        raise ModelError(f"{path} is not a usable Argos package: no sentencepiece.model in {top}/")
    return top, meta


def _read_metadata(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> dict[str, Any]:
    """The archive's ``metadata.json``, checked (size, JSON object, field types)."""
    where = f"{path}: {info.filename}"
    if info.file_size > MAX_METADATA_BYTES:
        raise ModelError(f"{where} is {info.file_size / 2**20:.1f} MB (Argos metadata is under 1 KB); "
                         "refusing to install it — is it the right file?")
    try:
        with _open_member(zf, info) as member:
            data = _read_member(member, info, MAX_METADATA_BYTES + 1)
    except _Damaged as err:
        raise ModelError(f"{path} is a damaged archive ({err}); download it again") from None
    try:
        meta = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as err:
        raise ModelError(f"{where} is not valid JSON ({_one_line(err)}); download the package again") from None
    problem = _metadata_problem(meta)
    if problem:
        raise ModelError(f"{where}: {problem}; this is not a usable Argos package")
    return meta


def _metadata_problem(meta: object) -> str | None:
    """What is wrong with parsed metadata (the fields this module reads), or None."""
    if not isinstance(meta, dict):
        return f"expected a JSON object, found a JSON {_json_type(meta)}"
    for key in ("from_code", "to_code"):
        value = meta.get(key)
        if value is None or value == "":
            return f"lacks {key}"
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", value):
            return f"{key} must be a language code such as \"ru\", not {_json_type(value)} {_short(value)}"
    for key in ("package_version", "type", "target_prefix", "description"):
        if key in meta and not isinstance(meta[key], str):
            return f"{key} must be a string, not {_json_type(meta[key])} {_short(meta[key])}"
    if meta.get("type", "translate") != "translate":
        return f"type is {meta['type']!r}, not 'translate'"
    return None


def _json_type(value: object) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _short(value: object, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())[:200] or type(err).__name__


def _open_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Any:
    """``zf.open(info)``; a bad local header (offset, name, version, flags) raises :class:`_Damaged`."""
    try:
        return zf.open(info)
    except (*_data_errors(), NotImplementedError, RuntimeError) as err:  # type: ignore[misc]
        raise _Damaged(info, err) from None


def _read_member(member: Any, info: zipfile.ZipInfo, limit: int | None = None) -> bytes:
    """Read an opened member (up to ``limit`` bytes); damaged data raises :class:`_Damaged`."""
    try:
        return member.read() if limit is None else member.read(limit)
    except _data_errors() as err:
        raise _Damaged(info, err) from None


def _extract(zf: zipfile.ZipFile, dest_root: Path) -> None:
    """Extract every (already checked) member under ``dest_root``, copying in chunks.

    Written out rather than ``ZipFile.extractall`` so that a damaged member (bad CRC, broken
    deflate/bzip2/lzma stream) is told apart from a full disk: the first raises :class:`_Damaged`.
    """
    for info in zf.infolist():
        dest = dest_root.joinpath(*PurePosixPath(info.filename).parts)
        if info.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        with _open_member(zf, info) as member, open(dest, "wb") as out:
            while chunk := _read_member(member, info, 1 << 20):
                out.write(chunk)


@contextlib.contextmanager
def _packages_root(root: Path) -> Iterator[Path]:
    """Create ``root`` (and missing parents) for an install; if the install fails, remove the
    folders this created (when still empty), so a failed install leaves no trace."""
    missing = [p for p in (root, *root.parents) if not p.exists()]
    root.mkdir(parents=True, exist_ok=True)
    try:
        yield root
    except BaseException:
        for folder in missing:  # deepest first
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


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
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError as err:
        raise ModelError(f"cannot read {path}: {err.strerror or err}") from None
    if not zipfile.is_zipfile(path):
        if head == b"PK\x03\x04":  # a zip's start without its end: a cut download
            raise ModelError(f"{path} is a truncated archive (its zip directory is missing); download it again")
        raise ModelError(f"{path} is not an Argos package (.argosmodel files are zip archives)")
    root = Path(packages_dir) if packages_dir is not None else default_packages_dir()
    try:
        with zipfile.ZipFile(path) as zf:
            top, _meta = _check_archive(zf, path)
            with _packages_root(root):
                staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root))
                try:
                    _extract(zf, staging)
                    _move_into_place(staging / top, root / top)
                finally:
                    shutil.rmtree(staging, ignore_errors=True)
    except _Damaged as err:
        raise ModelError(f"{path} is a damaged archive ({err}); download it again") from None
    except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError) as err:  # a bad zip directory
        raise ModelError(f"{path} is a damaged archive ({_one_line(err)}); download it again") from None
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
        raise ModelError(f"cannot download a package into {root}: {err.strerror or err}") from None


def _download(links: list[str], dest: Path, progress: DownloadProgress | None, from_code: str, to_code: str) -> str:
    """Download the first of ``links`` that works into ``dest``; return it."""
    last: BaseException | None = None
    for link in links:
        try:
            _fetch(link, dest, progress, timeout=60.0)
            return link
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
        raise _index_error(f"is not valid JSON ({_one_line(err)[:80]})", from_code, to_code) from None
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
