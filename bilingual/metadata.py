"""What the user says about a document: title, people, source, rights and cover.

The readers fill :class:`~bilingual.model.Metadata` from the source's own metadata (front
matter, OPF, FB2 title-info, DOCX core properties); :class:`MetadataOverrides` holds what the
user gives on the command line or from Python, and :func:`apply_metadata` lays it over the
document, given values winning. Overrides are stored in the JSON document, so ``render`` keeps
them on every later rebuild.

>>> apply_metadata(doc, MetadataOverrides(authors=("Иван Петров",), translators=("Jane Roe",)))  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from .model import Document

__all__ = ["MetadataOverrides", "apply_metadata", "carry_over_metadata", "COVER_ID"]

#: Image id under which a given cover is stored (with the picture's own suffix).
COVER_ID = "cover"
_SUFFIX = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp", "image/svg+xml": ".svg"}


@dataclass(frozen=True)
class MetadataOverrides:
    """Values to set; ``None`` (or an empty tuple) leaves the document's own value."""

    title: str | None = None  #: Russian title
    title_en: str | None = None  #: English title (never re-translated once given)
    authors: tuple[str, ...] = ()
    translators: tuple[str, ...] = ()  #: human translators
    source: str | None = None  #: the source as cited, e.g. "NEWS.ru, 9 October 2025"
    publisher: str | None = None
    rights: str | None = None
    cover: Path | None = None  #: a JPEG/PNG/GIF/WebP/SVG picture file

    def __bool__(self) -> bool:
        return any(v not in (None, ()) for v in vars(self).values())


def _text(value: str, what: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise InputError(f"the {what} is empty; give some text, or leave the option out")
    return cleaned


def _cover(doc: Document, path: Path) -> None:
    from .media import sniff_image_type
    from .model import MAX_IMAGE_BYTES, Image

    try:
        if not path.is_file():
            raise InputError(f"cover {path} is not a file; give a JPEG or PNG picture")
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise InputError(f"cover {path} is larger than {MAX_IMAGE_BYTES >> 20} MB; give a smaller picture")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read cover {path}: {err.strerror or err}; check the path") from None
    media_type = sniff_image_type(data)
    if media_type is None:
        raise InputError(f"cover {path} is not a JPEG, PNG, GIF, WebP or SVG picture; convert it first")
    image_id = COVER_ID + _SUFFIX[media_type]
    doc.images = [im for im in doc.images if im.id != doc.meta.cover and im.id != image_id]
    doc.images.append(Image(id=image_id, media_type=media_type, alt="Cover", data=data))
    doc.meta.cover = image_id


def apply_metadata(doc: Document, overrides: MetadataOverrides) -> None:
    """Set the given values on ``doc.meta`` (and store a given cover among ``doc.images``).

    Raises :class:`~bilingual.errors.InputError` for an empty value or an unreadable cover.
    """
    meta = doc.meta
    if overrides.title is not None:
        meta.title = _text(overrides.title, "title")
    if overrides.title_en is not None:
        meta.title_target = _text(overrides.title_en, "English title")
        meta.title_target_origin = "human"
    if overrides.authors:
        meta.authors = [_text(a, "author") for a in overrides.authors]
    if overrides.translators:
        meta.translators = [_text(t, "translator") for t in overrides.translators]
    for name in ("source", "publisher", "rights"):
        value = getattr(overrides, name)
        if value is not None:
            setattr(meta, name, _text(value, name))
    if overrides.cover is not None:
        _cover(doc, Path(overrides.cover))


#: Fields a user may have set on an earlier JSON (``render --author`` …) that a new read of the
#: source does not give back: kept when the new read leaves them empty.
_KEPT = ("authors", "translators", "source", "publisher", "rights")


def carry_over_metadata(previous: Document, doc: Document) -> None:
    """Keep what a user set on ``previous`` (people, source, rights, a given English title, the
    cover) where the freshly read ``doc`` has nothing, so a rerun never loses it."""
    old, new = previous.meta, doc.meta
    for name in _KEPT:
        if getattr(old, name) and not getattr(new, name):
            setattr(new, name, getattr(old, name))
    if old.title_target_origin == "human" and new.title_target_origin != "human" and old.title == new.title:
        new.title_target, new.title_target_origin = old.title_target, "human"
    if old.cover and not new.cover:
        data = previous.image_bytes(old.cover)
        image = previous.image(old.cover)
        if data is not None and image is not None:
            from .model import Image

            doc.images = [im for im in doc.images if im.id != old.cover]
            doc.images.append(Image(id=image.id, media_type=image.media_type, alt=image.alt, data=data))
            new.cover = image.id
