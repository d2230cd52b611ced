"""One row of the DOCX edition, one side at a time: the kind's style, marks, note references,
credits; pictures with their captions in both languages; chapters with their title rows.

Both layouts (the side-by-side table of :mod:`.docx_table` and the stacked paragraphs of
:mod:`.docx`) write rows through :func:`fill_side` and :func:`fill_image`, which return
:class:`~bilingual.render.docx_xml.Para` objects the layout may adjust before writing them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .common import Row, chapter_rows, clean_text, heading_level, whole_marks
from .docx_image import picture_size
from .docx_layout import text_height
from .docx_runs import inline_xml, run_xml
from .docx_styles import CREDIT, KIND_STYLES, LIST_CONTINUE, PICTURE
from .docx_xml import Para

if TYPE_CHECKING:
    from ..model import Document
    from .docx_image import Pictures
    from .docx_layout import StyleMetrics
    from .docx_notes import Footnotes

__all__ = ["Context", "SEPARATOR_TEXT", "chapter_groups", "paragraph_style", "fill_side", "fill_image"]

#: What a scene break shows.
SEPARATOR_TEXT = "* * *"


@dataclass
class Context:
    """What writing a row needs besides the row: the document (for images), the footnotes, the
    pictures, the printable area in EMU (pictures are kept within it), the style ids by name
    and the styles' sizes (for :meth:`row_height`)."""

    doc: Document
    notes: Footnotes
    pictures: Pictures
    width: int
    height: int
    style_ids: dict[str, str] = field(default_factory=dict)
    metrics: StyleMetrics = field(default_factory=dict)
    sentence_rows: bool = False  #: rows are sentence links (paragraph starts get a stronger rule)
    _pictures: dict[str, bytes | None] = field(default_factory=dict, repr=False)

    def shows(self, row: Row) -> bool:
        """Whether ``row`` is written in the flow: not a note that became a footnote, not an
        image row with neither a picture nor any text."""
        if row.kind == "note" and self.notes.is_footnote(row.note_id):
            return False
        if row.kind == "image" and self.picture(row) is None:
            return bool(row.source or row.target or row.has_credit or row.source_refs or row.target_refs)
        return True

    def picture(self, row: Row) -> bytes | None:
        """The bytes of ``row``'s picture if it is an image row whose picture can be shown."""
        if row.kind != "image" or not row.image:
            return None
        if row.image not in self._pictures:  # read (maybe from disk) and parse each image once
            blob = self.doc.image_bytes(row.image)
            self._pictures[row.image] = blob if blob and picture_size(blob) is not None else None
        return self._pictures[row.image]

    def alt(self, row: Row) -> str:
        """The picture's description: the source's alt text (else the caption), and the English."""
        image = self.doc.image(row.image)
        ru = clean_text(image.alt if image is not None else "").strip() or row.source
        return " / ".join(dict.fromkeys(t for t in (ru, row.target) if t))

    def row_height(self, row: Row, width_pt: float) -> float:
        """Estimated height in points of ``row``'s taller side in a column ``width_pt`` wide."""
        style = paragraph_style(row)
        sides = []
        for lang, text, credit in (("ru", row.source, row.credit_source), ("en", row.target, row.credit_target)):
            paragraphs = [(text, style)] + ([(credit, CREDIT)] if row.has_credit else [])
            sides.append(text_height(paragraphs, width_pt, self.metrics, lang))
        return max(sides)

    def xml(self, paragraphs: list[Para]) -> str:
        """``paragraphs`` as ``w:p`` elements."""
        ids = self.style_ids
        return "".join(p.xml(ids) for p in paragraphs)


def chapter_groups(doc: Document, rows: list[Row]) -> list[list[Row]]:
    """``rows`` by chapter; in a book (more than one chapter) a chapter with no level-1
    heading row gets one made from ``Chapter.title``/``title_target``. Empty chapters stay."""
    groups = chapter_rows(doc, rows)
    if len(groups) < 2:
        return groups
    out = []
    for i, (chapter, group) in enumerate(zip(doc.chapter_list(), groups)):
        titled = any(r.kind == "heading" and heading_level(r.level) == 1 for r in group)
        ru, en = clean_text(chapter.title).strip(), clean_text(chapter.title_target).strip()
        if not titled and (ru or en):
            index = group[0].block_index if group else 0
            group = [Row("heading", ru, en, 1, block_index=index, chapter=i), *group]
        out.append(group)
    return out


def paragraph_style(row: Row) -> str | None:
    """The paragraph style of ``row`` (None: Normal)."""
    if row.kind == "heading":
        return f"Heading {heading_level(row.level)}"
    if row.kind == "list-item" and not row.first_of_block:
        return LIST_CONTINUE
    return KIND_STYLES.get(row.kind)


def _text_xml(ctx: Context, row: Row, lang: str, color: str = "") -> str:
    if row.kind == "separator":
        return run_xml(SEPARATOR_TEXT, lang, color=color)
    if lang == "ru":
        return inline_xml(row.source, "ru", row.marks, row.source_refs, lambda ref: ctx.notes.reference(ref, color),
                          color=color)
    return inline_xml(row.target, "en", (), row.target_refs, lambda ref: ctx.notes.number(ref, "en", color),
                      whole=whole_marks(row), color=color)


def _has_text(row: Row, lang: str) -> bool:
    if row.kind == "separator":
        return True
    return bool(row.source or row.source_refs) if lang == "ru" else bool(row.target or row.target_refs)


def fill_side(ctx: Context, row: Row, lang: str, color: str = "") -> list[Para]:
    """One side of ``row``: its text in the kind's style (with note references), then the
    credit on its own line. Always at least one paragraph (a table cell needs one)."""
    paragraphs = []
    if _has_text(row, lang) or not row.has_credit:
        paragraphs.append(Para(paragraph_style(row), _text_xml(ctx, row, lang, color)))
    if row.has_credit:
        credit = row.credit_source if lang == "ru" else row.credit_target
        paragraphs.append(Para(CREDIT, run_xml(credit, lang, color=color) if credit else ""))
    return paragraphs


def fill_image(ctx: Context, row: Row, blob: bytes, width: int, en_color: str = "") -> list[Para]:
    """An image row across ``width`` EMU: the picture, then the Russian and the English
    caption, then the credit in both languages, all centred and kept together."""
    paragraphs = [Para(PICTURE, ctx.pictures.inline_xml(blob, width, int(ctx.height * 0.6), ctx.alt(row)))]
    for lang in ("ru", "en"):
        if _has_text(row, lang):
            paragraphs.append(Para(KIND_STYLES["image"], _text_xml(ctx, row, lang, en_color if lang == "en" else "")))
    if row.has_credit:
        parts = [(t, lang) for t, lang in ((row.credit_source, "ru"), (row.credit_target, "en")) if t]
        runs = run_xml(" · ", "en").join(run_xml(text, lang) for text, lang in parts)
        paragraphs.append(Para(CREDIT, runs))
    for para in paragraphs:
        para.center = True
    for para in paragraphs[:-1]:
        para.keep_next = True
    return paragraphs
