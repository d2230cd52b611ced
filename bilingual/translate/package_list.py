"""Installed Argos Translate packages: what one is (:class:`InstalledPackage`), where they live,
listing and finding them — by reading each ``metadata.json``, never importing ``argostranslate``.
(Part of :mod:`bilingual.translate.packages`, which re-exports every public name.)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import ModelInfo

__all__ = [
    "INDEX_URL", "INDEX_PAGE", "DownloadProgress", "InstalledPackage", "default_packages_dir", "list_packages",
    "find_package", "how_to_install",
]  # fmt: skip

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
