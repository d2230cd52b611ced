"""Bilingual editions of a translated :class:`~bilingual.model.Document`: DOCX and EPUB 3.

Both renderers read the same rows (see :mod:`bilingual.render.common`): Russian on the left
(or on top), English on the right (or below), one row per block or per sentence link, in block
order. Every file is written atomically, so a failed render leaves the earlier edition intact.

Layouts: ``side-by-side`` (EPUB: one two-cell table per row; DOCX: a two-column table),
``interleaved`` (each Russian block followed by its English, for phones and small e-ink
screens; ``stacked`` is the older name of the same layout and still accepted), and ``both``,
which writes the side-by-side EPUB and a second, interleaved one, ``<stem>.interleaved.epub``
(key ``"epub-interleaved"``); the DOCX is then side by side.

>>> from bilingual.render import RenderOptions, render_document
>>> render_document(doc, Path("out"), "article", options=RenderOptions(layout="both"))  # doctest: +SKIP
{'docx': PosixPath('out/article.docx'), 'epub': PosixPath('out/article.epub'),
 'epub-interleaved': PosixPath('out/article.interleaved.epub')}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError

if TYPE_CHECKING:
    from ..model import Document

__all__ = [
    "FORMATS",
    "GRANULARITIES",
    "INTERLEAVED",
    "LAYOUTS",
    "SECOND_EPUB",
    "RenderOptionError",
    "RenderOptions",
    "render_document",
    "render_docx",
    "render_epub",
]

#: Output formats, in the order :func:`render_document` writes them.
FORMATS = ("docx", "epub")
#: "side-by-side": two columns; "interleaved": the English under each Russian block (for phones;
#: "stacked" is its older name); "both": a side-by-side and an interleaved EPUB in one run.
LAYOUTS = ("side-by-side", "interleaved", "stacked", "both")
#: The layouts that put the English under the Russian.
INTERLEAVED = ("interleaved", "stacked")
#: With layout "both": the key and file-name infix of the second (interleaved) EPUB.
SECOND_EPUB = ("epub-interleaved", "interleaved")
#: "paragraph": one row per block; "sentence": one row per sentence pair.
GRANULARITIES = ("paragraph", "sentence")


class RenderOptionError(OutputError):
    """A render option has a value the renderers do not know."""


def _check_choice(name: str, value: object, choices: Sequence[str]) -> None:
    if value not in choices:
        raise RenderOptionError(f"unknown {name} {value!r}; use one of: {', '.join(choices)}")


@dataclass(frozen=True)
class RenderOptions:
    """How an edition is laid out. Invalid values raise :class:`RenderOptionError` at once."""

    layout: str = "side-by-side"  #: one of :data:`LAYOUTS`
    granularity: str = "paragraph"  #: one of :data:`GRANULARITIES`
    landscape: bool = False  #: DOCX only: landscape pages (wider columns)

    def __post_init__(self) -> None:
        _check_choice("layout", self.layout, LAYOUTS)
        _check_choice("granularity", self.granularity, GRANULARITIES)
        if not isinstance(self.landscape, bool):
            raise RenderOptionError(f"landscape must be true or false, not {self.landscape!r}")

    @property
    def interleaved(self) -> bool:
        """Whether the English goes under the Russian (``interleaved`` or ``stacked``)."""
        return self.layout in INTERLEAVED

    def single(self, layout: str) -> RenderOptions:
        """These options with ``layout`` (used to split "both" into its two editions)."""
        return replace(self, layout=layout)


def render_docx(doc: Document, path: Path, options: RenderOptions = RenderOptions()) -> Path:
    """Write a DOCX edition of ``doc`` to ``path`` (atomically) and return ``path``."""
    from .docx import render_docx as _render

    # the DOCX knows two layouts: "both" is side by side there, "interleaved" is its "stacked"
    layout = "stacked" if options.interleaved else "side-by-side"
    return _render(doc, Path(path), options.single(layout))


def render_epub(doc: Document, path: Path, options: RenderOptions = RenderOptions()) -> Path:
    """Write an EPUB 3 edition of ``doc`` to ``path`` (atomically) and return ``path``.

    Layout "both" makes this file side by side (:func:`render_document` adds the second one).
    """
    from .epub import render_epub as _render

    layout = "interleaved" if options.interleaved else "side-by-side"
    return _render(doc, Path(path), options.single(layout))


_RENDERERS = {"docx": render_docx, "epub": render_epub}


def render_document(
    doc: Document,
    out_dir: Path,
    stem: str,
    formats: Sequence[str] = FORMATS,
    options: RenderOptions = RenderOptions(),
) -> dict[str, Path]:
    """Write ``out_dir/<stem>.<format>`` for each format; return ``{format: path}``.

    With layout "both" the EPUB is written twice: side by side as ``<stem>.epub`` and
    interleaved as ``<stem>.interleaved.epub`` (key ``"epub-interleaved"``).
    Formats are checked before anything is written; each file is replaced atomically.
    """
    if isinstance(formats, str):
        formats = [formats]
    wanted = list(dict.fromkeys(formats))
    if not wanted:
        raise RenderOptionError(f"no output format chosen; use one or more of: {', '.join(FORMATS)}")
    for fmt in wanted:
        _check_choice("format", fmt, FORMATS)
    if not stem or "/" in stem or "\\" in stem or stem in (".", ".."):
        raise RenderOptionError(f"bad file stem {stem!r}; give a plain file name without folders")
    from ..fileio import output_folder

    out_dir = output_folder(out_dir)
    outputs = {fmt: _RENDERERS[fmt](doc, out_dir / f"{stem}.{fmt}", options) for fmt in wanted}
    if options.layout == "both" and "epub" in wanted:
        key, infix = SECOND_EPUB
        outputs[key] = render_epub(doc, out_dir / f"{stem}.{infix}.epub", options.single("interleaved"))
    return outputs
