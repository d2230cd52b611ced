"""Low-level WordprocessingML helpers for the DOCX edition: element creation, fonts, languages.

python-docx has no API for several things the edition needs (``w:lang``, table borders, field
codes, footnotes), so the renderer writes those elements itself; these helpers keep every
such element in its schema position.
"""

from __future__ import annotations

from typing import Any

__all__ = ["qn", "el", "set_fonts", "set_lang", "insert_before", "PPR_AFTER_SHD"]

#: ``w:pPr`` children that come after ``w:shd`` (ECMA-376 CT_PPrBase order).
PPR_AFTER_SHD = (
    "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip


def qn(tag: str) -> str:
    """Clark name of a prefixed tag (``"w:p"`` → ``"{…/main}p"``)."""
    from docx.oxml.ns import qn as _qn

    return _qn(tag)


def el(tag: str, **attrs: str) -> Any:
    """A new element ``tag`` with ``w:``-prefixed attributes ``attrs``."""
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def insert_before(parent: Any, child: Any, successors: tuple[str, ...]) -> None:
    """Put ``child`` in ``parent`` before the first of ``successors`` present, else last."""
    for succ in successors:
        nxt = parent.find(qn(succ))
        if nxt is not None:
            nxt.addprevious(child)
            return
    parent.append(child)


def set_fonts(rpr: Any, name: str) -> None:
    """Set every script slot of ``rpr``'s fonts to ``name``, dropping theme fonts (they win)."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn(f"w:{slot}"), name)


def set_lang(rpr: Any, tag: str) -> None:
    """Put ``<w:lang w:val=tag>`` in ``rpr`` at its schema position."""
    old = rpr.find(qn("w:lang"))
    if old is not None:
        rpr.remove(old)
    insert_before(rpr, el("w:lang", val=tag), ("w:eastAsianLayout", "w:specVanish", "w:oMath"))
