"""The title, people and rights options that ``translate``, ``align`` and ``render`` share.

Typer reads options from each command's signature, so the commands list the parameters and
pass them to :func:`overrides`; the defaults below keep the help texts in one place.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

if TYPE_CHECKING:
    from ..metadata import MetadataOverrides


def title_opt() -> Any:
    return typer.Option(None, "--title", help="Russian title (default: the source's own, or its first heading).", show_default=False)


def title_en_opt() -> Any:
    return typer.Option(None, "--title-en", help="English title (default: the title's translation).", show_default=False)


def author_opt() -> Any:
    return typer.Option(None, "--author", help="Author; repeat for several (default: the source's metadata).", show_default=False)


def translator_opt() -> Any:
    return typer.Option(None, "--translator", help="Human translator; repeat for several (named as dc:contributor, role trl).", show_default=False)


def source_opt() -> Any:
    return typer.Option(None, "--source", help='The source as cited, e.g. "NEWS.ru, 9 October 2025".', show_default=False)


def publisher_opt() -> Any:
    return typer.Option(None, "--publisher", help="Publisher named in the editions.", show_default=False)


def rights_opt() -> Any:
    return typer.Option(None, "--rights", help='Copyright or licence line, e.g. "© 2025 NEWS.ru; CC BY 4.0".', show_default=False)


def cover_opt() -> Any:
    return typer.Option(None, "--cover", help="Cover picture (JPEG/PNG) for the EPUB (default: one is drawn from the title).", show_default=False)


def overrides(
    title: Optional[str], title_en: Optional[str], author: Optional[list[str]], translator: Optional[list[str]],
    source: Optional[str], publisher: Optional[str], rights: Optional[str], cover: Optional[Path],
) -> MetadataOverrides:
    """The options as a :class:`~bilingual.metadata.MetadataOverrides`."""
    from ..metadata import MetadataOverrides

    return MetadataOverrides(
        title=title, title_en=title_en, authors=tuple(author or ()), translators=tuple(translator or ()),
        source=source, publisher=publisher, rights=rights, cover=cover,
    )
