"""The JSON form of a :class:`~bilingual.model.Document`: written block by block, read as it arrives.

:mod:`bilingual.model` defines the document; this module is its file, behind ``Document.save``,
``Document.load``, ``Document.to_json`` and ``Document.from_json``, so that a big book never has
its whole text, its whole tree of dicts and its objects in memory at once (``json.loads`` of a
30 MB book held about five times that):

* writing: :func:`json_parts` is ``json.dumps(doc.to_dict(), ensure_ascii=False, indent=1)``
  in pieces, one per block, and :func:`save` writes them as they come;
* reading: :func:`load` decodes the file chunk by chunk and :func:`document_from_text` makes each
  block (checked by :mod:`bilingual.model_check`) as soon as it is read, then drops its dict.
  Whenever that reading meets anything but a valid document it gives up and the text is read the
  plain way (:func:`parse`), so every message stays what ``json.loads`` and
  :func:`~bilingual.model_check.document_from_dict` say;
* schema upgrades (:func:`upgraded`): version 1 files (articles, before books) get one chapter.

Why the reading is hand-written: the standard library's :mod:`json` has no incremental parser
(``json.load`` reads the whole file into one string first; ``JSONDecoder.raw_decode`` decodes a
value from a string, not from a stream). ijson is a well-kept streaming parser (ICRAR, releases
every year, 3.6.0 in 2026), but it would be a new dependency (its fast backend a compiled
extension) for what is here about a hundred lines of loop around the standard decoder, applied
value by value: :class:`_Reader` is no JSON parser of its own, it only finds where each top-level
value and each block starts, and the whole-file fallback is needed anyway for the messages.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import DocumentError
from .model import Block, Chapter, Document
from .model_check import FieldError, checked_block, document_from_dict

__all__ = ["document_from_text", "from_json", "json_parts", "load", "parse", "read_by_chunks", "save", "upgraded"]

#: Where :func:`json_parts` puts the blocks into the dump of the rest of the document.
_BLOCKS_AT = '\n "blocks": []'
#: Bytes read at a time by :func:`load`.
_CHUNK = 256 * 1024
_BLANK = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
#: A value ending this close to the end of the text read so far may go on (a number) — read on.
_MARGIN = 64


# --------------------------------------------------------------------------- writing
def json_parts(doc: Document) -> Iterator[str]:
    """The text of ``Document.to_json`` in pieces, one per block: ``json.dumps(doc.to_dict(),
    ensure_ascii=False, indent=1) + "\\n"`` without a copy of the whole document as dicts.
    A block at depth 2 is its own dump with two more spaces after each line break (JSON
    strings never hold a raw line break)."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=1)
    head = encoder.encode(dataclasses.replace(doc, blocks=[]).to_dict())
    if not doc.blocks:
        yield head + "\n"
        return
    before, after = head.split(_BLOCKS_AT, 1)
    yield before + _BLOCKS_AT[:-1] + "\n  "
    for k, block in enumerate(doc.blocks):
        yield ("" if k == 0 else ",\n  ") + encoder.encode(dataclasses.asdict(block)).replace("\n", "\n  ")
    yield "\n ]" + after + "\n"


def save(doc: Document, path: str | Path) -> Path:
    """Write ``doc`` as JSON to ``path``, atomically (block by block, never the whole text at once)."""
    from .fileio import write_text, write_with

    def write(fh: IO[bytes]) -> None:
        for part in json_parts(doc):
            fh.write(part.encode("utf-8"))

    try:
        return write_with(path, write)
    except UnicodeEncodeError:  # a lone surrogate: the error as the whole text's encoding words it
        return write_text(path, doc.to_json())


# --------------------------------------------------------------------------- reading the plain way
def upgraded(doc: Document, schema: int) -> Document:
    """``doc``, read as schema version ``schema``, upgraded to :data:`~bilingual.model.SCHEMA_VERSION`.

    Schema 1 → 2: an article is one chapter titled after it; its blocks are already chapter 0."""
    if schema == 1 and not doc.chapters:
        doc.chapters = [Chapter(title=doc.meta.title, title_target=doc.meta.title_target)]
    return doc


def parse(text: str) -> Document:
    """The document of JSON ``text`` read with ``json.loads``, which names what is wrong with the text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DocumentError(f"not valid JSON (line {err.lineno}): {err.msg}") from err
    except ValueError as err:  # an integer of more digits than Python converts
        raise DocumentError("not a bilingual document: it holds a number of thousands of digits") from err
    except RecursionError as err:
        raise DocumentError("not a bilingual document: its lists or objects are nested too deeply to read") from err
    return upgraded(*document_from_dict(data))


def from_json(text: str) -> Document:
    """``Document.from_json``: ``text`` read value by value, or by :func:`parse` to say what is wrong."""
    found = document_from_text([text]) if isinstance(text, str) else None
    return upgraded(*found) if found is not None else parse(text)


def load(path: str | Path) -> Document:
    """``Document.load``: the file read chunk by chunk, each block made as soon as it is read
    (``base_dir`` set to its folder); a file that is no valid document is read again whole, to
    say what is wrong with it."""
    path = Path(path)
    doc = read_by_chunks(path)
    if doc is None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as err:
            raise DocumentError(f"{path}: no such file; run 'bilingual translate' first") from err
        except (OSError, UnicodeDecodeError) as err:
            raise DocumentError(f"{path}: cannot read it as a UTF-8 JSON document ({err})") from err
        try:
            doc = parse(text)
        except FieldError as err:
            raise DocumentError(f"{path}: {err}; correct that value in the JSON") from err
        except DocumentError as err:
            raise DocumentError(f"{path}: {err}; give the out/<stem>.json that 'bilingual translate' wrote") from err
    doc.base_dir = path.parent
    return doc


def read_by_chunks(path: Path) -> Document | None:
    """The document in file ``path`` read chunk by chunk (:data:`_CHUNK` bytes at a time), or
    None if that fails in any way."""

    def chunks() -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")()
        while data := fh.read(_CHUNK):
            yield decoder.decode(data)
        yield decoder.decode(b"", final=True)

    try:
        with path.open("rb") as fh:
            found = document_from_text(chunks())
    except OSError:
        return None
    return upgraded(*found) if found is not None else None


# --------------------------------------------------------------------------- reading as it arrives
class _Stop(Exception):
    """The text is not read value by value: something :func:`json.loads` is to judge."""


class _Reader:
    """JSON text arriving in chunks, taken value by value with the standard library's decoder
    (``raw_decode``), so that only a chunk of the text is held at a time."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks, self._buf, self._pos, self._done = chunks, "", 0, False

    def _more(self, want: int) -> bool:
        """Read on until ``want`` characters are not consumed yet (or the end); False if none came."""
        parts, have = [self._buf[self._pos :]], len(self._buf) - self._pos
        while have < want and not self._done:
            chunk = next(self._chunks, None)
            if chunk is None:
                self._done = True
            elif chunk:
                parts.append(chunk)
                have += len(chunk)
        if len(parts) == 1:
            return False
        self._buf, self._pos = "".join(parts), 0
        return True

    def peek(self) -> str:
        """The next character that is not JSON whitespace, not consumed ("" at the end)."""
        while True:
            self._pos = _BLANK.match(self._buf, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._more(1):
                return ""

    def take(self, char: str) -> None:
        """Consume ``char``, the next non-blank character."""
        if self.peek() != char:
            raise _Stop
        self._pos += 1

    def value(self) -> Any:
        """The next JSON value (reading on while it may be cut off at the end of a chunk)."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError:
                if self._more(2 * (len(self._buf) - self._pos) + 1):
                    continue
                raise _Stop from None
            if end + _MARGIN <= len(self._buf) or not self._more(2 * (len(self._buf) - self._pos) + 1):
                self._pos = end
                return value


def _stream_blocks(reader: _Reader) -> list[Block]:
    """The ``blocks`` list, each block checked (but for its chapter) as soon as it is read."""
    reader.take("[")
    blocks: list[Block] = []
    if reader.peek() == "]":
        reader.take("]")
        return blocks
    while True:
        blocks.append(checked_block(reader.value(), f"blocks[{len(blocks)}]", None))
        if reader.peek() == "]":
            reader.take("]")
            return blocks
        reader.take(",")


def _stream_top(reader: _Reader) -> dict[str, Any]:
    """The document object, its ``blocks`` (if a list) already made into :class:`Block`."""
    reader.take("{")
    data: dict[str, Any] = {}
    while True:
        key = reader.value()
        if not isinstance(key, str) or key in data:
            raise _Stop
        reader.take(":")
        data[key] = _stream_blocks(reader) if key == "blocks" and reader.peek() == "[" else reader.value()
        if reader.peek() == "}":
            reader.take("}")
            break
        reader.take(",")
    if reader.peek():
        raise _Stop  # extra data after the document
    return data


def document_from_text(chunks: Iterable[str]) -> tuple[Document, int] | None:
    """What :func:`~bilingual.model_check.document_from_dict` of ``json.loads("".join(chunks))``
    gives, without ever holding the whole text or its whole tree of dicts: each block is checked
    and made as soon as it is read, and its dict dropped. None when that text is anything but a
    valid document (not JSON, an error in a value, a top-level key twice…):
    ``document_from_dict`` of ``json.loads`` then tells what is wrong, exactly as before."""
    try:
        data = _stream_top(_Reader(iter(chunks)))
        blocks = data.get("blocks")
        if not isinstance(blocks, list):
            return None
        data["blocks"] = []
        doc, schema = document_from_dict(data)
        if any(b.chapter >= max(len(doc.chapters), 1) for b in blocks):
            return None
        doc.blocks = blocks
        return doc, schema
    except (_Stop, ValueError, RecursionError, DocumentError):
        return None
