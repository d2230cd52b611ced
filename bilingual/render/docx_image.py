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

__all__ = ["add_picture", "picture_size"]


def picture_size(blob: bytes) -> tuple[int, int] | None:
    """The native size of an image in EMU, or None if python-docx cannot read it."""
    from docx.image.exceptions import InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError
    from docx.image.image import Image

    try:
        image = Image.from_blob(blob)
        width, height = int(image.width), int(image.height)
    except (InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError, ValueError, struct.error,
            IndexError, KeyError, ZeroDivisionError):
        return None
    return (width, height) if width > 0 and height > 0 else None


def add_picture(paragraph: Any, blob: bytes, max_width: int, max_height: int, alt: str) -> bool:
    """Add ``blob`` as an inline picture at the end of ``paragraph``, within ``max_width`` ×
    ``max_height`` EMU, with ``alt`` as its description; False (nothing added) if unreadable."""
    size = picture_size(blob)
    if size is None:
        return False
    width, height = size
    scale = min(1.0, max_width / width, max_height / height)
    run = paragraph.add_run()
    shape = run.add_picture(io.BytesIO(blob), width=max(int(width * scale), 1), height=max(int(height * scale), 1))
    descr = clean_text(alt).replace("\n", " ").strip()
    inline = shape._inline
    inline.docPr.set("descr", descr)
    for cnvpr in inline.iter(qn("pic:cNvPr")):
        cnvpr.set("descr", descr)
    return True
