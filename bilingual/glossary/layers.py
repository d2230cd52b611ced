"""Glossary layers: the built-in glossary, the user's, and the project's, merged per entry.

Three layers, later ones winning per entry (same source, as :func:`~bilingual.glossary.tsv.source_key`
compares them):

1. **built-in** — the curated glossary shipped inside the package
   (``bilingual/data/glossary/ru-en.tsv``, read with :mod:`importlib.resources`, so it is there
   wherever the package is installed);
2. **user** — ``ru-en.tsv`` in the platform's config folder for ``bilingual``
   (``platformdirs.user_config_dir``: ``~/.config/bilingual`` on Linux), when present;
3. **project** — a file (or :class:`Glossary`) given by the caller, else ``glossary/ru-en.tsv``
   in the working directory when present.

``no_glossary`` turns all off, ``no_builtin`` the first. :func:`resolve_glossary` returns the
merged :class:`LayeredGlossary` (a :class:`Glossary` whose :meth:`info` names the layers, never
a local path except the project file as given in ``GlossaryInfo.path``), or None when no layer
is in force. Errors are :class:`~bilingual.errors.GlossaryError` and name files, never CLI flags.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GlossaryError
from ..model import GlossaryInfo
from .core import Glossary
from .tsv import COLUMNS, EXTRA_COLUMNS, GlossaryFile, source_key

__all__ = [
    "BUILTIN_RESOURCE",
    "PROJECT_GLOSSARY",
    "USER_GLOSSARY_NAME",
    "GlossarySettings",
    "Layer",
    "LayeredGlossary",
    "builtin_bytes",
    "builtin_glossary",
    "file_title",
    "glossary_layers",
    "init_glossary",
    "merge_layers",
    "resolve_glossary",
    "user_glossary_path",
]

BUILTIN_RESOURCE = "data/glossary/ru-en.tsv"  #: inside the ``bilingual`` package
PROJECT_GLOSSARY = Path("glossary/ru-en.tsv")  #: relative to the working directory
USER_GLOSSARY_NAME = "ru-en.tsv"  #: in the user config folder
_TITLES = {"built-in": "bilingual curated glossary", "user": "user glossary", "project": "project glossary"}


@dataclass(frozen=True)
class Layer:
    """One glossary layer: its name (``built-in``, ``user``, ``project``), where it was read
    from (None for a glossary given as an object, or the package's resource) and its entries."""

    name: str
    glossary: Glossary
    path: Path | None = None

    @property
    def title(self) -> str:
        """The file's ``# title:`` comment, else a name for the layer."""
        return file_title(self.glossary.file) or _TITLES.get(self.name, self.name)

    def line(self) -> str:
        """What summaries and editions print, e.g. ``built-in (48 entries)`` (never a path)."""
        n = len(self.glossary)
        return f"{self.name} ({n} entr{'y' if n == 1 else 'ies'})"


@dataclass(frozen=True)
class GlossarySettings:
    """Which layers to use. ``project``: a file, a :class:`Glossary`, or None for
    ``glossary/ru-en.tsv`` in ``cwd`` (the working directory) when present."""

    project: str | Path | Glossary | None = None
    no_glossary: bool = False
    no_builtin: bool = False
    user: bool = True  #: read the user layer (tests and scripts can turn it off)
    user_path: Path | None = None  #: None = :func:`user_glossary_path`
    cwd: Path | None = None


class LayeredGlossary(Glossary):
    """The merged glossary of several layers; :meth:`info` records them."""

    def __init__(self, file: GlossaryFile, layers: list[Layer]) -> None:
        super().__init__(file)
        self.layers = layers

    def info(self, path: str | Path | None = None) -> GlossaryInfo:
        """Entries in force, the layers (``built-in (48 entries)`` …), the top layer's title, and
        the project file as given (``path``)."""
        project = next((la.path for la in self.layers if la.name == "project"), None)
        where = path if path is not None else project
        return GlossaryInfo(path=str(where) if where is not None else "", entries=len(self), sha256=self.sha256,
                            title=self.layers[-1].title if self.layers else "", layers=[la.line() for la in self.layers])


# ------------------------------------------------------------------------ the layers
def builtin_bytes() -> bytes:
    """The built-in glossary's bytes (package data)."""
    from importlib.resources import files

    try:
        return files("bilingual").joinpath(BUILTIN_RESOURCE).read_bytes()
    except (OSError, FileNotFoundError) as err:  # a broken installation
        raise GlossaryError(f"the built-in glossary ({BUILTIN_RESOURCE}) is missing from the installed package "
                            f"({err}); reinstall bilingual") from None


def builtin_glossary() -> Glossary:
    """The built-in glossary, parsed."""
    return Glossary(GlossaryFile.parse(builtin_bytes(), Path("built-in glossary")))


def user_glossary_path() -> Path:
    """``ru-en.tsv`` in the platform's user config folder for ``bilingual``."""
    import platformdirs

    return Path(platformdirs.user_config_dir("bilingual")) / USER_GLOSSARY_NAME


def _project_layer(project: str | Path | Glossary | None, cwd: Path | None) -> Layer | None:
    if isinstance(project, Glossary):
        return Layer("project", project, project.path)
    if project is None:
        default = (cwd or Path.cwd()) / PROJECT_GLOSSARY
        if not default.is_file():
            return None
        return Layer("project", Glossary.load(default), PROJECT_GLOSSARY if cwd is None else default)
    path = Path(project)
    if not path.exists():
        raise GlossaryError(f"{path}: no such glossary file")
    return Layer("project", Glossary.load(path), path)


def glossary_layers(settings: GlossarySettings = GlossarySettings()) -> list[Layer]:
    """The layers in force, lowest first (see the module docstring)."""
    if settings.no_glossary:
        return []
    layers: list[Layer] = []
    if not settings.no_builtin:
        layers.append(Layer("built-in", builtin_glossary()))
    if settings.user:
        user = settings.user_path or user_glossary_path()
        if user.is_file():
            layers.append(Layer("user", Glossary.load(user), user))
    project = _project_layer(settings.project, settings.cwd)
    if project is not None:
        layers.append(project)
    return layers


def merge_layers(layers: list[Layer]) -> LayeredGlossary:
    """One glossary of ``layers``: an entry of a later layer replaces the same source's entry of
    an earlier one, in that entry's place; every column (forms, accept …) is kept."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for entry in layer.glossary.entries:
            merged[source_key(entry.source)] = entry
    extra = [c for la in layers for c in la.glossary.file.columns if c not in (*COLUMNS, *EXTRA_COLUMNS)]
    gf = GlossaryFile.new(None, [*COLUMNS, *EXTRA_COLUMNS, *dict.fromkeys(extra)])
    lines = [*gf.lines, *(gf.format_row(e) for e in merged.values())]
    file = GlossaryFile.parse("".join(x + "\n" for x in lines), Path("merged glossary"))
    return LayeredGlossary(file, layers)


def resolve_glossary(settings: GlossarySettings = GlossarySettings()) -> LayeredGlossary | None:
    """The merged glossary of the layers in force, or None when there is none."""
    layers = glossary_layers(settings)
    return merge_layers(layers) if layers else None


def file_title(file: GlossaryFile) -> str:
    """The value of a ``# title: …`` comment among the file's first lines ("" if none)."""
    for line in file.lines[:20]:
        text = line.strip()
        if text.startswith("#") and text[1:].strip().lower().startswith("title:"):
            return text[1:].strip()[len("title:"):].strip()
    return ""


def init_glossary(dest: Path | None = None, *, force: bool = False) -> Path:
    """Copy the built-in glossary to ``dest`` (default: the user layer's file) for editing;
    refuses to overwrite an existing file unless ``force``."""
    from ..fileio import write_bytes

    dest = Path(dest) if dest is not None else user_glossary_path()
    if dest.exists() and not force:
        raise GlossaryError(f"{dest} already exists; leave it, or overwrite it with the built-in glossary (force)")
    data = builtin_bytes()
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(dest, data)
    except OSError as err:
        raise GlossaryError(f"{dest}: cannot write it ({err.strerror or err})") from None
    if hashlib.sha256(dest.read_bytes()).digest() != hashlib.sha256(data).digest():  # pragma: no cover
        raise GlossaryError(f"{dest}: the copy differs from the built-in glossary; check the disk")
    return dest
