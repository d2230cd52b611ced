"""Serialised units of the EPUB edition, kept compressed until their file is written.

Holding the element trees of a whole book until its files are packed took several times the
size of the book's JSON (a long book: 240 MB of lxml nodes for a 33 MB JSON). So each unit
(:class:`~bilingual.render.epub_files.Unit`) is serialised as soon as it is rendered and
measured, *in place*: its elements are moved into a bare page of the same depth
(``html > body > section``, or one section deeper for a footnote), the page is serialised with
the same pretty-printing as a real file, and the bytes between the page's own prefix and suffix
are the unit's bytes exactly as they appear in any file that holds it (indentation by depth,
namespace declarations dropped where the page declares them). The tree is then dropped.

A file is written from a *skeleton*: the real page with one stub element per unit, serialised;
the stubs are replaced by the units' bytes. Links carry
:data:`~bilingual.render.epub_xhtml.LINK_PLACEHOLDER` as their file name; it contains a
carriage return, which :func:`~bilingual.render.common.clean_text` removes from every text, so
its serialised form (``&#13;…``) occurs only in those ``href`` values, and they are fixed in the
bytes (:func:`fix_links`) once each id's file is known.

Unit bytes are concatenated and compressed (zlib, fast level) in blocks of about
:data:`BLOCK_BYTES`; units are read back in order, so one decompressed block is cached.
Written here because neither lxml nor ebooklib offers a way to serialise part of a tree as it
will appear inside another.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from typing import Any

from .epub_xhtml import LINK_PLACEHOLDER, NSMAP, XHTML_NS

__all__ = ["BLOCK_BYTES", "STUB", "InPlace", "UnitBytes", "fill_skeleton", "fix_links"]

#: The element standing for a unit in a skeleton page (a tag no text can produce).
STUB = "bilingual-unit-stub"
_STUB_BYTES = f"<{STUB}/>".encode()
_LINK = re.compile(b' href="' + re.escape(LINK_PLACEHOLDER.replace("\r", "&#13;").encode()) + b'#([^"]*)"')
#: Uncompressed bytes per compressed block of units.
BLOCK_BYTES = 256 * 1024


class InPlace:
    """Serialises elements as they appear at ``depth`` in a page (children of the element at
    ``depth - 1``): 3 for the children of a chapter's section, 4 for a footnote."""

    def __init__(self, depth: int) -> None:
        from lxml import etree

        self._etree = etree
        self._root = etree.Element(f"{{{XHTML_NS}}}html", nsmap=NSMAP)
        parent = self._root
        for _ in range(depth - 1):
            parent = etree.SubElement(parent, f"{{{XHTML_NS}}}div")
        self._parent = parent
        stub = etree.SubElement(parent, f"{{{XHTML_NS}}}{STUB}")
        self._prefix, self._suffix = self._dump().split(_STUB_BYTES)
        parent.remove(stub)

    def _dump(self) -> bytes:
        return self._etree.tostring(self._root, encoding="utf-8", pretty_print=True)  # type: ignore[no-any-return]

    def serialise(self, elements: list[Any]) -> bytes:
        """``elements`` (moved here, then dropped) as consecutive siblings in a page."""
        for el in elements:
            self._parent.append(el)
        try:
            data = self._dump()
        finally:
            for el in elements:
                self._parent.remove(el)
        if not (data.startswith(self._prefix) and data.endswith(self._suffix)):  # pragma: no cover - lxml changed
            raise RuntimeError("lxml serialised a unit unlike its page; cannot split the EPUB's files")
        return data[len(self._prefix) : len(data) - len(self._suffix)]


class UnitBytes:
    """The serialised units of an edition, in order, compressed in blocks."""

    def __init__(self) -> None:
        self._blocks: list[bytes] = []
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._cached: tuple[int, bytes] = (-1, b"")

    def add(self, data: bytes) -> tuple[int, int, int]:
        """Store ``data``; return its reference ``(block, offset, length)``."""
        ref = (len(self._blocks), self._pending_size, len(data))
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= BLOCK_BYTES:
            self._flush()
        return ref

    def _flush(self) -> None:
        if self._pending:
            self._blocks.append(zlib.compress(b"".join(self._pending), 1))
            self._pending, self._pending_size = [], 0

    def get(self, ref: tuple[int, int, int]) -> bytes:
        """The bytes stored under ``ref``."""
        block, offset, length = ref
        if block == len(self._blocks):
            self._flush()
        if self._cached[0] != block:
            self._cached = (block, zlib.decompress(self._blocks[block]))
        return self._cached[1][offset : offset + length]

    @property
    def compressed_size(self) -> int:
        """Bytes held (compressed blocks and pending units)."""
        return sum(map(len, self._blocks)) + self._pending_size


def fill_skeleton(skeleton: bytes, units: list[bytes]) -> bytes:
    """``skeleton`` (a serialised page with one stub per unit) with the stubs replaced by ``units``."""
    pieces = skeleton.split(_STUB_BYTES)
    if len(pieces) != len(units) + 1:  # pragma: no cover - a stub tag in the page itself
        raise RuntimeError("an EPUB page skeleton does not match its units")
    out = [pieces[0]]
    for unit, piece in zip(units, pieces[1:]):
        out += (unit, piece)
    return b"".join(out)


def fix_links(data: bytes, own: str, where: Mapping[str, str]) -> bytes:
    """Every placeholder link in ``data`` → ``#id`` in its own file ``own``, ``file#id`` in another,
    and no ``href`` at all when no file holds the id."""

    def repl(m: re.Match[bytes]) -> bytes:
        target = m.group(1).decode("utf-8")
        file = where.get(target)
        if file is None:
            return b""
        return f' href="{"" if file == own else file}#{target}"'.encode()

    return _LINK.sub(repl, data)

