"""One row of the DOCX edition, one side at a time: the kind's style, marks, note references,
credits; pictures with their captions in both languages; chapters with their title rows.

Both layouts (the side-by-side table of :mod:`.docx_table` and the stacked paragraphs of
:mod:`.docx`) write rows through :func:`fill_side` and :func:`fill_image`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .common import Row, chapter_rows, clean_text, heading_level, whole_marks
from .docx_image import add_picture, picture_size
from .docx_runs import add_text, write_inline
from .docx_styles import CREDIT, KIND_STYLES, LIST_CONTINUE, PICTURE

if TYPE_CHECKING:
    from ..model import Document
    from .docx_notes import Footnotes

__all__ = ["Context", "SEPARATOR_TEXT", "chapter_groups", "paragraph_style", "fill_side", "fill_image"]

#: What a scene break shows.
SEPARATOR_TEXT = "* * *"


@dataclass
class Context:
    """What writing a row needs besides the row: the document (for images), the footnotes,
    and the printable area in EMU (pictures are kept within it)."""

    doc: Document
    notes: Footnotes
    width: int
    height: int
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


def _write_text(ctx: Context, paragraph: Any, row: Row, lang: str) -> None:
    if row.kind == "separator":
        add_text(paragraph, SEPARATOR_TEXT, lang)
    elif lang == "ru":
        write_inline(paragraph, row.source, "ru", row.marks, row.source_refs, ctx.notes.reference)
    else:
        write_inline(paragraph, row.target, "en", (), row.target_refs,
                     lambda p, ref: ctx.notes.number(p, ref, "en"), whole=whole_marks(row))


def _has_text(row: Row, lang: str) -> bool:
    if row.kind == "separator":
        return True
    return bool(row.source or row.source_refs) if lang == "ru" else bool(row.target or row.target_refs)


def _color(paragraphs: list[Any], color: str | None) -> None:
    from docx.shared import RGBColor

    if color:
        for para in paragraphs:
            for run in para.runs:
                run.font.color.rgb = RGBColor.from_string(color)


def fill_side(ctx: Context, first: Any, add_paragraph: Any, row: Row, lang: str, color: str | None = None) -> list[Any]:
    """Write one side of ``row``: ``first`` is a fresh paragraph to use, ``add_paragraph`` makes
    more (for the credit). Returns the paragraphs written."""
    credit = row.credit_source if lang == "ru" else row.credit_target
    paragraphs = []
    if _has_text(row, lang) or not row.has_credit:
        first.style = paragraph_style(row)
        _write_text(ctx, first, row, lang)
        paragraphs.append(first)
    if row.has_credit:
        para = first if not paragraphs else add_paragraph()
        para.style = CREDIT
        if credit:
            add_text(para, credit, lang)
        paragraphs.append(para)
    _color(paragraphs, color)
    return paragraphs


def fill_image(ctx: Context, first: Any, add_paragraph: Any, row: Row, blob: bytes, width: int,
               en_color: str | None = None) -> list[Any]:
    """Write an image row across ``width``: the picture, then the Russian and the English
    caption, then the credit in both languages, all centred. Returns the paragraphs."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    first.style = PICTURE
    add_picture(first, blob, width, int(ctx.height * 0.6), ctx.alt(row))
    paragraphs = [first]
    for lang in ("ru", "en"):
        if _has_text(row, lang):
            para = add_paragraph()
            para.style = KIND_STYLES["image"]
            _write_text(ctx, para, row, lang)
            _color([para] if lang == "en" else [], en_color)
            paragraphs.append(para)
    if row.has_credit:
        para = add_paragraph()
        para.style = CREDIT
        parts = [(t, lang) for t, lang in ((row.credit_source, "ru"), (row.credit_target, "en")) if t]
        for k, (text, lang) in enumerate(parts):
            if k:
                add_text(para, " · ", "en")
            add_text(para, text, lang)
        paragraphs.append(para)
    for para in paragraphs:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for para in paragraphs[:-1]:
        para.paragraph_format.keep_with_next = True
    return paragraphs

