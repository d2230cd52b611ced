"""Edition stamps: skip rewriting an edition whose inputs have not changed.

An edition (``book.docx``, ``book.epub``, ``book.json``) is a function of three things: the
document's content, the render options, and the code that renders it. :func:`edition_fingerprint`
hashes all three (SHA-256):

- the document: every field (its dataclasses' ``repr``), without ``meta.created`` — the moment
  the JSON was last written, which changes on every run — and the bytes of every image;
- the format and the options (``repr`` of the frozen :class:`~bilingual.render.RenderOptions`);
- the renderer's version: ``bilingual.__version__`` plus a hash of the source files of
  ``bilingual/render/`` and of the document model — any change to the code that writes an
  edition makes every stamp stale, without anyone having to bump a number.

:func:`record` stores the fingerprint in the user cache folder (:func:`stamp_path`; JSON: the
edition's path, the fingerprint, and the size and modification time the edition had once written), and
:func:`is_current` answers whether an edition can be kept: it exists, its stamp holds the same
fingerprint, and its size and mtime are those recorded (an edition replaced or edited by hand
since is rewritten). A missing or damaged stamp only means the edition is written again.

:class:`Plan` is the whole check for one document's formats, and :func:`write_current` is
``pipeline.write_outputs`` built on it (write what changed, stamp it, return every path).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Document

__all__ = ["edition_fingerprint", "document_digest", "renderer_version", "is_current", "record", "stamp_path",
           "Plan", "plan_outputs", "file_digest", "write_current"]

#: Version of the fingerprint's recipe, part of every fingerprint: bump it whenever the same
#: inputs would hash differently, so that every older stamp no longer matches (its edition is
#: written again once, then stamped anew; an old stamp is never an error).
#: 2: :func:`document_digest` hashes a document block by block.
_STAMP_VERSION = 2
#: Source files whose code decides what an edition holds (relative to the package).
_RENDER_SOURCES = ("render", "model.py", "model_json.py", "fileio.py")


@functools.lru_cache(maxsize=1)
def renderer_version() -> str:
    """``bilingual.__version__`` and a short hash of the rendering code (computed once a process)."""
    from . import __version__

    root = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for name in _RENDER_SOURCES:
        base = root / name
        files = sorted(base.rglob("*.py")) if base.is_dir() else [base]
        for f in files:
            try:
                data = f.read_bytes()
            except OSError:
                continue
            h.update(f.relative_to(root).as_posix().encode() + b"\0" + data + b"\0")
    return f"{__version__}+{h.hexdigest()[:16]}"


def document_digest(doc: Document) -> str:
    """A hash (BLAKE2b, 256 bits) of the document's content: the ``repr`` of each of its fields —
    the dataclasses' generated ``repr`` shows every field meant to be seen, recursively —
    with ``meta.created`` (the moment the JSON was last written, new on every run) blanked, and
    the bytes of every image (``Image.data`` is ``repr=False``).

    A list field (``blocks``, ``chapters``, ``images``) is fed to the hash item by item, after its
    length, so the text held at a time is one block's ``repr``, never the whole book's (which was
    2.7× the JSON's size). A ``repr`` holds no raw control character (its strings are escaped),
    so the ``\\x1e``/``\\x1f`` separators cannot be confused with content.

    ``repr`` rather than hashing ``to_dict()``: ``dataclasses.asdict`` copies the whole tree
    and cost 0.5 s on a 5,000-sentence book, as much as reading it; ``repr`` is about 4× faster.
    BLAKE2b: faster than SHA-256 in software.
    """
    h = hashlib.blake2b(digest_size=32)
    for f in dataclasses.fields(doc):
        if not f.repr:
            continue
        value = getattr(doc, f.name)
        if f.name == "meta":
            value = dataclasses.replace(value, created="")
        if isinstance(value, list):
            h.update(f"{f.name}[{len(value)}]\x1f".encode())
            for item in value:
                h.update(f"{item!r}\x1e".encode("utf-8", "surrogatepass"))
        else:
            h.update(f"{f.name}={value!r}\x1f".encode("utf-8", "surrogatepass"))
    for image in doc.images:
        blob = doc.image_bytes(image.id)
        h.update(image.id.encode() + b"\0" + (hashlib.blake2b(blob, digest_size=32).digest() if blob is not None else b"missing"))
    return h.hexdigest()


def edition_fingerprint(doc: Document, fmt: str, options: Any = None, *, digest: str | None = None) -> str:
    """The fingerprint of edition ``fmt`` of ``doc`` rendered with ``options``.

    ``digest`` (from :func:`document_digest`) saves hashing the document again for each format.
    """
    parts = [f"stamp={_STAMP_VERSION}", f"renderer={renderer_version()}", f"format={fmt}",
             f"options={options!r}", f"document={digest or document_digest(doc)}"]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def stamp_path(path: str | os.PathLike[str]) -> Path:
    """Where the stamp of the edition at ``path`` lives: in the user cache folder
    (``BILINGUAL_CACHE_DIR``, else the platform's), under a hash of the edition's absolute
    path — never beside the edition, so an output folder holds only what the user asked for."""
    from .translate.cache import default_cache_dir

    key = hashlib.sha256(str(Path(path).absolute()).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return default_cache_dir() / "edition-stamps" / f"{key}.json"


def is_current(path: str | os.PathLike[str], fingerprint: str) -> bool:
    """True when the edition at ``path`` exists, unchanged since :func:`record` stamped it with
    ``fingerprint``; False otherwise (no stamp, a damaged one, another fingerprint, a file changed)."""
    path = Path(path)
    try:
        stamp = json.loads(stamp_path(path).read_text(encoding="utf-8"))
        st = path.stat()
    except (OSError, ValueError):
        return False
    return (isinstance(stamp, dict) and stamp.get("fingerprint") == fingerprint
            and stamp.get("path") == str(Path(path).absolute())
            and stamp.get("size") == st.st_size and stamp.get("mtime_ns") == st.st_mtime_ns)


def record(path: str | os.PathLike[str], fingerprint: str) -> None:
    """Stamp the edition just written at ``path`` with ``fingerprint`` (atomically). A stamp that
    cannot be written is left out: the edition is only rewritten next time."""
    from .errors import BilingualError
    from .fileio import write_text

    path = Path(path)
    try:
        st = path.stat()
        stamp = stamp_path(path)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        write_text(stamp, json.dumps({"path": str(path.absolute()), "fingerprint": fingerprint, "size": st.st_size,
                                      "mtime_ns": st.st_mtime_ns}, ensure_ascii=False) + "\n")
    except (OSError, BilingualError):
        pass


def file_digest(path: str | os.PathLike[str]) -> str | None:
    """SHA-256 of a file's bytes, or None if it cannot be read (for "has the source changed")."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


@dataclass
class Plan:
    """Which of a document's outputs must be written, and which can be kept.

    ``todo``: the formats to write (in the order asked); ``kept``: ``{format: path}`` of the
    outputs already current. After writing, :meth:`record` stamps what was written.
    """

    todo: list[str]
    kept: dict[str, Path]
    fingerprints: dict[str, str] = field(default_factory=dict)
    extra_files: dict[str, list[Path]] = field(default_factory=dict)

    def record(self, outputs: dict[str, Path]) -> None:
        """Stamp each output of ``todo`` that ``outputs`` holds (``{format or key: path}``), and the
        extra files each format writes (the interleaved EPUB of layout "both")."""
        for fmt in self.todo:
            if fmt in outputs:
                record(outputs[fmt], self.fingerprints[fmt])
            for extra in self.extra_files.get(fmt, []):
                record(extra, self.fingerprints[fmt])


def plan_outputs(doc: Document, out_dir: str | os.PathLike[str], stem: str, formats: Sequence[str], options: Any = None,
                 *, extra_files: Mapping[str, Sequence[str]] | None = None, force: bool = False) -> Plan:
    """The :class:`Plan` for writing ``out_dir/<stem>.<format>`` for each of ``formats``.

    ``extra_files`` names other files a format writes (``{"epub": ["<stem>.interleaved.epub"]}``),
    which must be current too for the format to be kept. ``force`` plans every format.
    """
    out_dir = Path(out_dir)
    digest = document_digest(doc)
    todo: list[str] = []
    kept: dict[str, Path] = {}
    prints: dict[str, str] = {}
    extras = {fmt: [out_dir / name for name in names] for fmt, names in (extra_files or {}).items()}
    for fmt in dict.fromkeys(formats):
        fp = edition_fingerprint(doc, fmt, None if fmt == "json" else options, digest=digest)
        prints[fmt] = fp
        path = out_dir / f"{stem}.{fmt}"
        if not force and is_current(path, fp) and all(is_current(p, fp) for p in extras.get(fmt, [])):
            kept[fmt] = path
        else:
            todo.append(fmt)
    return Plan(todo=todo, kept=kept, fingerprints=prints, extra_files={k: v for k, v in extras.items() if k in todo})


def write_current(doc: Document, out_dir: str | os.PathLike[str], stem: str, formats: Sequence[str], options: Any = None,
                  *, force: bool = False) -> dict[str, Path]:
    """``pipeline.write_outputs`` with stamps: write only the outputs whose fingerprint changed
    (all with ``force``), stamp them, and return ``{format: path}`` for every output asked —
    the kept ones too — in the order of ``formats`` (the interleaved EPUB of layout "both"
    under ``"epub-interleaved"``, as :func:`~bilingual.render.render_document` names it)."""
    from .render import SECOND_EPUB, RenderOptions, render_document

    out_dir = Path(out_dir)
    options = options or RenderOptions()
    key, infix = SECOND_EPUB
    both = getattr(options, "layout", "") == "both"
    extra = {"epub": [f"{stem}.{infix}.epub"]} if both else {}
    plan = plan_outputs(doc, out_dir, stem, formats, options, extra_files=extra, force=force)
    written: dict[str, Path] = {}
    editions = [f for f in plan.todo if f != "json"]
    if editions:
        written.update(render_document(doc, out_dir, stem, editions, options))
    if "json" in plan.todo:
        written["json"] = doc.save(out_dir / f"{stem}.json")
    plan.record(written)
    outputs: dict[str, Path] = {}
    for fmt in dict.fromkeys(formats):
        outputs[fmt] = written.get(fmt, plan.kept.get(fmt, out_dir / f"{stem}.{fmt}"))
        if fmt == "epub" and both:
            outputs[key] = written.get(key, out_dir / f"{stem}.{infix}.epub")
    return outputs
