"""Writing the DOCX package: python-docx's parts, with the body spliced in as XML text.

python-docx makes the package (styles, settings, footer, footnotes, pictures, properties)
around an empty body. Parsing the edition's body into its element tree and serialising it
again would cost more than writing it (lxml re-checks the namespaces of every moved element),
so the saved ``word/document.xml`` gets the body's XML text inserted before its ``w:sectPr``
instead: the text uses only prefixes the document element declares (``w``, ``r``; pictures carry
their own declarations). Every member is written with the same timestamp, so the same document
gives the same file, byte for byte.
"""

from __future__ import annotations

import io
import zipfile
from typing import IO, Any

from ..errors import OutputError

__all__ = ["DOCUMENT_MEMBER", "splice_body", "write_package"]

#: The main part's member name in the package.
DOCUMENT_MEMBER = "word/document.xml"
_EPOCH = (1980, 1, 1, 0, 0, 0)
_NEEDED = (b'xmlns:w="', b'xmlns:r="')


def splice_body(document_xml: bytes, body: str) -> bytes:
    """``document_xml`` (python-docx's serialisation, body = ``w:sectPr`` only) with ``body``
    inserted as the body's content before the section properties."""
    root_end = document_xml.find(b">", document_xml.find(b"<w:document"))
    if root_end < 0 or not all(n in document_xml[:root_end] for n in _NEEDED):
        raise OutputError("the DOCX template has no WordprocessingML document element; reinstall python-docx")
    at = document_xml.rfind(b"<w:sectPr")
    if at < 0:
        at = document_xml.rfind(b"</w:body>")
    if at < 0:
        raise OutputError("the DOCX template has no body; reinstall python-docx")
    return document_xml[:at] + body.encode("utf-8") + document_xml[at:]


def write_package(word: Any, body: str, out: IO[bytes]) -> None:
    """Save ``word`` with ``body`` spliced into its main part, to the binary file ``out``."""
    saved = io.BytesIO()
    word.save(saved)
    with zipfile.ZipFile(saved) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == DOCUMENT_MEMBER:
                data = splice_body(data, body)
            member = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16  # rw-r--r-- when unzipped on Unix
            zout.writestr(member, data)
