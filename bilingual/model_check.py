"""Checking a JSON document before it becomes a :class:`~bilingual.model.Document`.

``out/<stem>.json`` is the editor's file as much as the tool's, so :func:`document_from_dict`
trusts nothing in it: every value is checked for its type and range before a dataclass is
built, and the first problem is answered with one :class:`~bilingual.errors.DocumentError`
line naming the field as a JSON path, e.g. ``blocks[3].sentences[1].start: expected a whole
number, got "7"`` (list indices count from 0, as in the JSON itself and in ``jq``).

What is checked, and what was decided:

* Types: texts are strings, offsets/levels/indices whole numbers (not ``7.0``, ``"7"`` or
  ``true``), lists are lists, objects objects; ``null`` only where the model allows it
  (``meta.date``, ``meta.model``, ``meta.glossary``, ``target_override``, ``confidence``).
* Missing keys take the dataclass defaults (older files lack newer fields); keys a dataclass
  lacks are refused, since a misspelt ``"taget"`` would otherwise lose an edit without a word.
* Texts must be Unicode: a lone surrogate (``"\\ud800"``) cannot be written back as UTF-8.
* Ranges: sentence, mark and term offsets lie within their block's ``source``, ``start <=
  end``; sentences are in reading order and do not overlap, and a sentence's ``source`` is
  exactly ``block.source[start:end]`` (the XLIFF ids, the glossary offsets and the editions
  rely on it; a corrected Russian text is fixed in both places, or re-read with ``translate``);
  ``level`` is 0–6; ``chapter`` indexes ``chapters`` (0 when there are none); ``confidence`` is
  a finite number in [0, 1]; ``glossary.entries`` is not negative.
* Names: block kinds, mark kinds, origins and roles must be known ones. An unknown name is a
  typo or a file of a newer release; rendering it as a paragraph (which the renderers still do
  for blocks built in code) would hide the mistake, and an unknown origin would let a machine
  run overwrite what was meant as a human edit.
* Images: ids are unique plain file names; ``file`` is a relative path inside the JSON's folder
  (no ``..``, not absolute), so rendering never embeds some other file of the machine.

Memory: the blocks of a file are checked one by one as they are read (:func:`checked_block`,
from :mod:`bilingual.model_json`, whose ``document_from_text`` is importable from here too).
Checked strings are shared where equal (a sentence that is its whole block, ``machine_target``
equal to ``target``) and names (kinds, origins, roles) are one object each.

Hand-written rather than a JSON Schema or pydantic model: the cross-field checks (offsets
against their block's text, chapter indices, sentence texts) are most of the work, the
dataclasses' API stays as it is, and each message must be one line naming one field.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Callable
from typing import Any

from ._lazy import lazy_exports
from .errors import DocumentError
from .model import (
    BLOCK_KINDS,
    ENFORCEMENTS,
    MARK_KINDS,
    ORIGINS,
    READABLE_SCHEMAS,
    Block,
    Chapter,
    Document,
    GlossaryInfo,
    GlossaryIssue,
    Image,
    Mark,
    Metadata,
    ModelInfo,
    Sentence,
    TermMatch,
)

__all__ = ["FieldError", "document_from_dict", "checked_block", "document_from_text", "show", "ROLES", "MAX_LEVEL"]  # noqa: RUF022, F822 (lazy)

#: Sentence roles: ``text``, or ``credit`` for a caption's photo credit.
ROLES = ("text", "credit")
#: Highest heading level.
MAX_LEVEL = 6

_SURROGATE = re.compile("[\ud800-\udfff]")
#: What JSON leaves unescaped but a terminal or ``splitlines`` would not show as one line.
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_DRIVE = re.compile(r"^[A-Za-z]:")
Check = Callable[[Any, str], Any]


class FieldError(DocumentError):
    """A value of the document that is missing, of the wrong type or out of range."""


# --------------------------------------------------------------------------- messages
def show(value: Any) -> str:
    """A short, one-line, printable picture of a JSON value for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if value.bit_length() <= 64 else f"a number of {int(value.bit_length() * math.log10(2)) + 1} digits"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return repr(value) if math.isfinite(value) else "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, str):
        shown = json.dumps(value[:40], ensure_ascii=False) + ("…" if len(value) > 40 else "")
        return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", shown)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _fail(where: str, message: str) -> FieldError:
    return FieldError(f"{where}: {message}")


# --------------------------------------------------------------------------- value checks
def text(value: Any, where: str) -> str:
    """A string of characters (no lone surrogates)."""
    if not isinstance(value, str):
        raise _fail(where, f"expected text, got {show(value)}")
    bad = _SURROGATE.search(value)
    if bad:
        raise _fail(where, f"holds a lone surrogate \\u{ord(bad.group()):04x} "
                           f"at character {bad.start()}, which is no character; remove it")
    return value


def text_or_null(value: Any, where: str) -> str | None:
    """A string, or null."""
    return None if value is None else text(value, where)


def whole(low: int = 0, high: int | None = None) -> Check:
    """A check for a whole number in ``[low, high]``."""

    def check(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(where, f"expected a whole number, got {show(value)}")
        if value < low or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"{low} or more"
            raise _fail(where, f"must be {span}, got {show(value)}")
        return value

    return check


def fraction_or_null(value: Any, where: str) -> float | None:
    """A finite number in [0, 1], or null."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(where, f"expected a number from 0 to 1 or null, got {show(value)}")
    if not (isinstance(value, int) or math.isfinite(value)) or not 0 <= value <= 1:
        raise _fail(where, f"must be from 0 to 1 (or null), got {show(value)}")
    return float(value)


def one_of(names: tuple[str, ...]) -> Check:
    """A check for one of ``names``."""

    canonical = {name: name for name in names}

    def check(value: Any, where: str) -> str:
        text(value, where)
        if value not in canonical:
            raise _fail(where, f"unknown value {show(value)}; expected one of {', '.join(map(show, names))}")
        return canonical[value]  # one shared str per name, not one per sentence

    return check


def list_of(item: Check) -> Check:
    """A check for a list whose items pass ``item``."""

    def check(value: Any, where: str) -> list[Any]:
        return [item(v, f"{where}[{i}]") for i, v in enumerate(items(value, where))]

    return check


def items(value: Any, where: str) -> list[Any]:
    """``value`` if it is a list."""
    if not isinstance(value, list):
        raise _fail(where, f"expected a list, got {show(value)}")
    return value


_Shape = tuple[list[tuple[str, Check, bool]], str]


def _shape(cls: type, checks: dict[str, Check]) -> _Shape:
    """The checked fields of ``cls`` in order (name, check, required) and their names for messages."""
    known = [f for f in dataclasses.fields(cls) if f.name in checks]
    required = [f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING for f in known]
    return [(f.name, checks[f.name], r) for f, r in zip(known, required)], ", ".join(f.name for f in known)


def object_fields(cls: type, value: Any, where: str, checks: dict[str, Check], shape: _Shape | None = None) -> dict[str, Any]:
    """The checked keyword arguments for dataclass ``cls`` from JSON object ``value``:
    keys ``cls`` lacks are refused, missing required ones named, missing others left out
    (``shape``: :func:`_shape` of ``cls`` and ``checks``, made once)."""
    if not isinstance(value, dict):
        raise _fail(where, f"expected an object, got {show(value)}")
    fields, expected = shape or _shape(cls, checks)
    for key in value:
        if key not in checks:
            name = key if isinstance(key, str) else str(key)
            raise _fail(where, f"unknown field {show(name)}; expected {expected}")
    out = {}
    for name, check, required in fields:
        if name in value:
            out[name] = check(value[name], f"{where}.{name}" if where else name)
        elif required:
            raise _fail(_join(where, name), "missing")
    return out


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


# --------------------------------------------------------------------------- objects
def build(cls: type, checks: dict[str, Check]) -> Check:
    """A check for a JSON object that becomes a ``cls`` (its fields checked by ``checks``)."""

    shape = _shape(cls, checks)

    def check(value: Any, where: str) -> Any:
        return cls(**object_fields(cls, value, where, checks, shape))

    return check


def or_null(check: Check, default: Callable[[], Any]) -> Check:
    """``check``, with null standing for ``default()``."""
    return lambda value, where: default() if value is None else check(value, where)


def _texts(*names: str) -> dict[str, Check]:
    return dict.fromkeys(names, text)


def _image_id(value: Any, where: str) -> str:
    text(value, where)
    if not value or value in (".", "..") or any(c in value for c in "/\\\x00"):
        raise _fail(where, f"must be a plain file name (no folders), got {show(value)}")
    return value


def _image_file(value: Any, where: str) -> str:
    text(value, where)
    parts = value.replace("\\", "/").split("/")
    if value.startswith(("/", "\\")) or _DRIVE.match(value) or ".." in parts or "\x00" in value:
        raise _fail(where, f"must be a path inside the JSON's folder, got {show(value)}")
    return value


_IMAGES = list_of(build(Image, {"id": _image_id, "media_type": text, "file": _image_file, "alt": text}))


def _unique_ids(value: Any, where: str) -> list[Image]:
    images: list[Image] = _IMAGES(value, where)
    seen: dict[str, int] = {}
    for i, im in enumerate(images):
        if im.id in seen:
            raise _fail(f"{where}[{i}].id", f"{show(im.id)} is already the id of {where}[{seen[im.id]}]")
        seen[im.id] = i
    return images


_OFFSET = whole(0)
_META = build(Metadata, {
    **_texts("title", "title_target", "source_file", "source_encoding", "source_lang", "target_lang", "created",
             "generator", "identifier", "source_format", "publisher", "source_identifier", "description",
             "source", "rights", "cover"),
    "date": text_or_null, "authors": list_of(text), "translators": list_of(text),
    "title_target_origin": one_of(("", "human", "machine")),
    "model": or_null(build(ModelInfo, _texts("name", "version", "description")), ModelInfo),
    "glossary": or_null(build(GlossaryInfo, {"path": text, "entries": whole(0), "sha256": text, "title": text, "layers": list_of(text)}), lambda: None),
})  # fmt: skip
_CHAPTERS = list_of(build(Chapter, _texts("title", "title_target", "source")))
_TERM = build(TermMatch, {**_texts("source", "target", "text"), "start": _OFFSET, "end": _OFFSET, "accept": list_of(text)})
_SENTENCE = build(Sentence, {
    **_texts("source", "target", "engine_source", "machine_target"), "start": _OFFSET, "end": _OFFSET,
    "origin": one_of(ORIGINS), "role": one_of(ROLES), "terms": list_of(_TERM),
    "issues": list_of(build(GlossaryIssue, _texts("source", "target", "message"))), "confidence": fraction_or_null,
    "enforcement": one_of(ENFORCEMENTS),
})  # fmt: skip
_MARK = build(Mark, {"start": _OFFSET, "end": _OFFSET, "kind": one_of(MARK_KINDS), "ref": text})
_BLOCK = build(Block, {
    **_texts("source", "note_id", "image"), "kind": one_of(BLOCK_KINDS), "sentences": list_of(_SENTENCE),
    "level": whole(0, MAX_LEVEL), "start": _OFFSET, "target_override": text_or_null, "chapter": _OFFSET,
    "marks": list_of(_MARK),
})  # fmt: skip


def _span(start: int, end: int, size: int, where: str) -> None:
    """``start``/``end`` (of the object at ``where``) within a source of ``size`` characters."""
    if end < start:
        raise _fail(f"{where}.end", f"{show(end)} is before its start ({show(start)})")
    if end > size:
        raise _fail(f"{where}.end", f"{show(end)} is past the end of the block's source ({size} characters)")


def checked_block(value: Any, where: str, chapters: int | None) -> Block:
    """The block JSON ``value`` (at ``where``) describes, checked: its fields, then its chapter
    (of ``chapters`` chapters; unless None: checked later) and its offsets against its own text."""
    block: Block = _BLOCK(value, where)
    if chapters is not None and block.chapter >= max(chapters, 1):
        have = f"only {chapters} chapter(s), numbered from 0" if chapters else "no chapters, so it must be 0"
        raise _fail(f"{where}.chapter", f"{show(block.chapter)} is no chapter (the document has {have})")
    size, previous = len(block.source), 0
    for k, s in enumerate(block.sentences):
        at = f"{where}.sentences[{k}]"
        _span(s.start, s.end, size, at)
        if s.start < previous:
            raise _fail(f"{at}.start", f"{show(s.start)} overlaps the sentence before (it ends at {previous}); "
                                       "sentences are in reading order")
        if block.source[s.start : s.end] != s.source:
            raise _fail(f"{at}.source", f"is not the block's source[{s.start}:{s.end}] ({show(block.source[s.start : s.end])}); "
                                        "a sentence holds its block's text exactly")
        previous = s.end
        _share(s, block.source)
        for t, term in enumerate(s.terms):
            _span(term.start, term.end, size, f"{at}.terms[{t}]")
    for m, mark in enumerate(block.marks):
        _span(mark.start, mark.end, size, f"{where}.marks[{m}]")
    return block


def _share(s: Sentence, block_source: str) -> None:
    """One str object for equal texts of a sentence (each JSON string is a new object)."""
    if s.source == block_source:
        s.source = block_source
    if s.machine_target == s.target:
        s.machine_target = s.target
    if s.engine_source == s.source:
        s.engine_source = s.source


# --------------------------------------------------------------------------- the document
_TOP_KEYS = ("schema", "meta", "blocks", "chapters", "images")


def _schema(data: dict[str, Any]) -> int:
    schema = data["schema"]
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise _fail("schema", f"expected a whole number, got {show(schema)}")
    if schema not in READABLE_SCHEMAS:
        raise DocumentError(
            f"document schema {show(schema)} is not supported (this version reads "
            f"{', '.join(map(str, READABLE_SCHEMAS))}); re-run 'bilingual translate' to regenerate it"
        )
    return schema


def document_from_dict(data: Any) -> tuple[Document, int]:
    """The document ``data`` describes and its schema version (not yet upgraded).

    Raises :class:`~bilingual.errors.DocumentError` for something that is no bilingual
    document or an unknown schema, and :class:`FieldError` (a ``DocumentError``) naming the
    first value that is missing, of the wrong type or out of range.
    """
    if not isinstance(data, dict) or "schema" not in data or "blocks" not in data:
        raise DocumentError("not a bilingual document (no 'schema' and 'blocks' keys)")
    schema = _schema(data)
    for key in data:
        if key not in _TOP_KEYS:
            raise _fail("the document", f"unknown field {show(key)}; expected {', '.join(_TOP_KEYS)}")
    if "meta" not in data:
        raise _fail("meta", "missing")
    meta = _META(data["meta"], "meta")
    chapters = _CHAPTERS(data.get("chapters", []), "chapters")
    images = _unique_ids(data.get("images", []), "images")
    if meta.cover and meta.cover not in {im.id for im in images}:
        raise _fail("meta.cover", f"{show(meta.cover)} is not the id of an image in 'images'")
    blocks = [checked_block(b, f"blocks[{i}]", len(chapters)) for i, b in enumerate(items(data["blocks"], "blocks"))]
    return Document(meta=meta, blocks=blocks, chapters=chapters, images=images), schema


#: ``document_from_text`` lives in :mod:`bilingual.model_json` (which imports this module).
__getattr__, __dir__ = lazy_exports(__name__, {"document_from_text": "bilingual.model_json"})
