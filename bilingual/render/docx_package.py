"""Writing the DOCX package: python-docx's parts, with the body spliced in as XML text.

python-docx makes the package (styles, settings, footer, footnotes, pictures, properties)
around an empty body. Parsing the edition's body into its element tree and serialising it
again would cost more than writing it (lxml re-checks the namespaces of every moved element),
so the saved ``word/document.xml`` gets the body's XML text inserted before its ``w:sectPr``
instead: the text uses only prefixes the document element declares (``w``, ``r``; pictures carry
their own declarations). Every member is written with the same timestamp, so the same document
gives the same file, byte for byte.

Memory: the body is made a row at a time and kept, UTF-8 encoded and compressed, in a
:class:`BodySpool` until the package is written (the footnotes part must exist before
python-docx saves, and the footnotes are known only once the body is made); it is then streamed
into the ``word/document.xml`` member. A book's body is never one string.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..errors import OutputError

__all__ = ["DOCUMENT_MEMBER", "BodySpool", "write_package"]

#: The main part's member name in the package.
DOCUMENT_MEMBER = "word/document.xml"
_EPOCH = (1980, 1, 1, 0, 0, 0)
_NEEDED = (b'xmlns:w="', b'xmlns:r="')
_CHUNK = 1 << 20  #: characters of XML text encoded and compressed at a time


class BodySpool:
    """XML text, UTF-8 encoded and compressed (zlib, fast level) as it is added; read back in order."""

    def __init__(self, pieces: Iterable[str] = ()) -> None:
        self._zip = zlib.compressobj(1)
        self._blocks: list[bytes] = []
        self._buffer: list[str] = []
        self._buffered = 0
        self._closed = False
        for piece in pieces:
            self.add(piece)

    def add(self, text: str) -> None:
        """Append ``text``."""
        self._buffer.append(text)
        self._buffered += len(text)
        if self._buffered >= _CHUNK:
            self._push()

    def _push(self) -> None:
        if self._buffer:
            self._blocks.append(self._zip.compress("".join(self._buffer).encode("utf-8")))
            self._buffer, self._buffered = [], 0

    def chunks(self) -> Iterator[bytes]:
        """The UTF-8 bytes of everything added, in pieces."""
        if not self._closed:
            self._push()
            self._blocks.append(self._zip.flush())
            self._closed = True
        unzip = zlib.decompressobj()
        for block in self._blocks:
            data = unzip.decompress(block)
            if data:
                yield data
        rest = unzip.flush()
        if rest:
            yield rest


def _split_at_body(document_xml: bytes) -> tuple[bytes, bytes]:
    """``document_xml`` (python-docx's serialisation, body = ``w:sectPr`` only) cut where the
    body's content goes: before the section properties."""
    root_end = document_xml.find(b">", document_xml.find(b"<w:document"))
    if root_end < 0 or not all(n in document_xml[:root_end] for n in _NEEDED):
        raise OutputError("the DOCX template has no WordprocessingML document element; reinstall python-docx")
    at = document_xml.rfind(b"<w:sectPr")
    if at < 0:
        at = document_xml.rfind(b"</w:body>")
    if at < 0:
        raise OutputError("the DOCX template has no body; reinstall python-docx")
    return document_xml[:at], document_xml[at:]


def write_package(word: Any, body: Iterable[bytes], out: IO[bytes]) -> None:
    """Save ``word`` with ``body`` (UTF-8 XML in pieces, :meth:`BodySpool.chunks`) spliced into
    its main part, to the binary file ``out``."""
    saved = io.BytesIO()
    word.save(saved)
    with zipfile.ZipFile(saved) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            member = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16  # rw-r--r-- when unzipped on Unix
            if info.filename != DOCUMENT_MEMBER:
                zout.writestr(member, data)
                continue
            head, tail = _split_at_body(data)
            with zout.open(member, "w") as dest:  # the same bytes as writestr of the whole
                dest.write(head)
                for piece in body:
                    dest.write(piece)
                dest.write(tail)
