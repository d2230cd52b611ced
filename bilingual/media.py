"""Picture types by their bytes: what the readers accept and the editions carry.

A few signatures rather than a library (Pillow, filetype): the editions carry only the EPUB core
image types, and the signatures of those are fixed and short.
"""

from __future__ import annotations

import posixpath

__all__ = ["IMAGE_TYPES", "sniff_image_type", "image_media_type"]

#: Media types of the pictures the editions carry, by file suffix.
IMAGE_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
    ".svg": "image/svg+xml", ".webp": "image/webp",
}  # fmt: skip


def sniff_image_type(data: bytes) -> str | None:
    """The media type ``data`` is, by its signature (JPEG, PNG, GIF, WebP, SVG); None otherwise."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in head:
        return "image/svg+xml"
    return None


def image_media_type(name: str, data: bytes | None = None) -> str | None:
    """The media type of an image from its bytes, else from its name's suffix; None if unknown."""
    if data:
        found = sniff_image_type(data)
        if found:
            return found
    return IMAGE_TYPES.get(posixpath.splitext(name.lower())[1])
