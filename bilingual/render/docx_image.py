"""Pictures of the DOCX edition: an inline picture scaled to fit, with its alt text.

python-docx embeds the picture and sizes it from its header (PNG, JPEG, GIF, BMP, TIFF);
formats it does not read (SVG, WebP) or damaged bytes give no picture, and the row shows its
caption alone. A picture is never enlarged beyond its own size, only shrunk to the box.
"""

from __future__ import annotations

import io
import struct
from typing import Any

from .common import clean_text
from .docx_xml import qn

__all__ = ["Pictures", "picture_size"]


def picture_size(blob: bytes) -> tuple[int, int] | None:
    """The native size of an image in EMU, or None if python-docx cannot read it."""
    from docx.image.exceptions import (
        InvalidImageStreamError,
        UnexpectedEndOfFileError,
        UnrecognizedImageError,
    )
    from docx.image.image import Image

    try:
        image = Image.from_blob(blob)
        width, height = int(image.width), int(image.height)
    except (InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError, ValueError, struct.error,
            IndexError, KeyError, ZeroDivisionError):
        return None
    return (width, height) if width > 0 and height > 0 else None


class Pictures:
    """Makes the inline pictures of one edition; each gets its own drawing id (``wp:docPr/@id``,
    counted here: python-docx's own counter searches the whole document for every picture)."""

    def __init__(self, word: Any) -> None:
        self._part = word.part
        self._next = 1

    def inline_xml(self, blob: bytes, max_width: int, max_height: int, alt: str) -> str:
        """A run holding ``blob`` as an inline picture within ``max_width`` × ``max_height`` EMU,
        with ``alt`` as its description, as XML; ``""`` if the picture cannot be read."""
        from docx.oxml.shape import CT_Inline
        from lxml import etree

        size = picture_size(blob)
        if size is None:
            return ""
        width, height = size
        scale = min(1.0, max_width / width, max_height / height)
        rid, image = self._part.get_or_add_image(io.BytesIO(blob))
        cx, cy = max(int(width * scale), 1), max(int(height * scale), 1)
        inline = CT_Inline.new_pic_inline(self._next, rid, image.filename, cx, cy)
        self._next += 1
        descr = clean_text(alt).replace("\n", " ").strip()
        inline.docPr.set("descr", descr)
        for cnvpr in inline.iter(qn("pic:cNvPr")):
            cnvpr.set("descr", descr)
        return f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"
