"""Installing an ``.argosmodel`` file: the archive checked member by member, extracted to a
staging folder inside the packages folder, renamed into place. Damaged input answers one
:class:`~bilingual.errors.ModelError` line and installs nothing (see
:mod:`bilingual.translate.packages` for why not ``argostranslate.package``).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import importlib
import importlib.util
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import ModelError
from .package_list import InstalledPackage, _read_package, default_packages_dir

__all__ = ["MAX_UNPACKED_BYTES", "MAX_METADATA_BYTES", "install_from_file", "disk_problem"]

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


def _short(value: object, limit: int = 80) -> str:
    """A JSON value (or a string's repr) on one line; a long one keeps its start and its end
    (a URL's file name, an id's distinguishing tail), ``…`` between."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return _elide(text, limit)


def _one_line(err: BaseException, limit: int = 240) -> str:
    """An exception's message on one line (paths and member names in it elided in the middle)."""
    return _elide(" ".join(str(err).split()), limit) or type(err).__name__


def _elide(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = (limit - 1) * 2 // 5  # the end (a file name, an id's tail) is what tells values apart
    return text[:head] + "…" + text[len(text) - (limit - 1 - head) :]


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
        raise disk_problem(err, root, f"cannot install {path}") from None
    pkg = _read_package(root / top)
    if pkg is None:  # pragma: no cover - checked above
        raise ModelError(f"{path}: installed, but {root / top}/metadata.json is unreadable")
    return pkg


_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_DENIED = (errno.EACCES, errno.EPERM, errno.EROFS)


def disk_problem(err: OSError, root: Path, doing: str, size: int | None = None) -> ModelError:
    """One line for an error writing into the packages folder ``root``: a full disk, no
    permission or a read-only disk each say what to do (``size``: the download's, if known)."""
    reason = err.strerror or type(err).__name__
    other = "or give --packages-dir (or ARGOS_PACKAGES_DIR) a folder"
    if err.errno in _FULL:
        need = f" (the package alone is {size / 2**20:.0f} MB)" if size else ""
        return ModelError(f"{doing}: the disk holding {root} is full ({reason}); free some space there{need}, "
                          f"{other} on a disk with room")
    if err.errno in _DENIED:
        return ModelError(f"{doing}: cannot write into {root} ({reason}); make that folder writable for you, "
                          f"{other} of yours")
    return ModelError(f"{doing}: writing into {root} failed ({reason}); check that folder and the disk, {other} elsewhere")


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
