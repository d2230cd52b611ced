"""The pictures of an EPUB's content documents: ``img``, the ``<image>`` of an SVG, ``data:`` URIs.

A mixin of :class:`bilingual.read.epub_walk.Walker` (split from it along this seam): a picture
becomes an ``image`` block (carrying its figure's caption, when it is the figure's first), or a
``caption`` block when its bytes are missing from the book; every picture is registered once
with the :class:`~bilingual.read.common.BookBuilder`, by archive path.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from .common import BookBuilder, Inline
from .epub_package import Element, Package, local, resolve

__all__ = ["Pictures"]

_XLINK = "{http://www.w3.org/1999/xlink}href"


class Pictures:
    """Picture handling for the EPUB walker (needs ``book``, ``package``, ``path``, ``caption``)."""

    book: BookBuilder
    package: Package
    path: str  #: archive path of the document being walked
    caption: Inline | None  #: the caption of the figure being walked

    def picture(self, el: Element) -> None:
        """An ``img``, or the ``<image>`` pictures of an ``svg`` (never its text)."""
        if local(el) == "svg":
            for image in el.iter():
                if local(image) == "image":
                    self._add_image(image.get(_XLINK) or image.get("href") or "", alt="")
            return
        self._add_image(el.get("src") or "", alt=el.get("alt") or "")

    def _add_image(self, src: str, alt: str) -> None:
        key, data = self._image_data(src.strip())
        image_id = self.book.add_image(key, data, name=key, alt=alt) if data is not None else None
        caption = Inline()
        if self.caption is not None:  # the first picture of a figure carries its caption
            caption, self.caption = self.caption, Inline()
        if image_id:
            self.book.add("image", caption, image=image_id)
        elif not caption.is_empty():
            self.book.add("caption", caption)

    def _image_data(self, src: str) -> tuple[str, bytes | None]:
        if src.startswith("data:"):
            header, _, payload = src.partition(",")
            try:
                data = base64.b64decode(payload) if ";base64" in header else payload.encode()
            except (binascii.Error, ValueError):
                self.book.warnings.append(f"{self.path}: an inline (data:) picture is not valid base64; skipped")
                return "", None
            return "data:" + hashlib.sha1(data).hexdigest()[:12], data
        path, _ = resolve(self.path, src)
        found = self.package.archive.find(path) if path else None
        if found is None:
            where = "is not inside the book" if not path else "is missing from the book"
            self.book.warnings.append(f"{self.path}: picture {src!r} {where}; skipped")
            return src, None
        return found, self.package.archive.read(found)
