"""Low-level WordprocessingML for the DOCX edition: elements, fonts, languages, and the text of
runs and paragraphs as XML strings.

The body of the edition (tables, rows, runs) and its footnotes are written as XML text in one
pass, not built through python-docx's object API: that API cost about a millisecond per table
row (each ``cell``, ``width`` or ``style`` call walks the tree again), which made rendering a
book slower than translating it from the cache. The body's text is spliced into the saved
package (:mod:`.docx_package`); python-docx still provides the package, the styles, the
pictures' parts and the properties. Every element
written here keeps its schema position (ECMA-376 ``CT_PPr``, ``CT_RPr``, ``CT_TcPr`` orders).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = [
    "qn", "el", "set_fonts", "fill_fonts", "set_lang", "insert_before", "PPR_AFTER_SHD", "esc", "attr", "text_xml",
    "fonts_xml", "Para", "twips",
]  # fmt: skip

#: ``w:pPr`` children that come after ``w:shd`` (ECMA-376 CT_PPrBase order).
PPR_AFTER_SHD = (
    "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip

#: Font slots of ``w:rFonts``: Latin (ascii), other scripts incl. Cyrillic (hAnsi), complex
#: scripts (cs) and East Asian (eastAsia). All four are set, so no script falls back to a theme font.
FONT_SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")


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
    fill_fonts(rpr.get_or_add_rFonts(), name)


def fill_fonts(rfonts: Any, name: str) -> None:
    """Set every script slot of the ``w:rFonts`` element ``rfonts`` to ``name`` (no theme fonts)."""
    for key in list(rfonts.attrib):
        if key.endswith("Theme") or key.endswith("theme") or key.endswith("}hint"):
            del rfonts.attrib[key]
    for slot in FONT_SLOTS:
        rfonts.set(qn(f"w:{slot}"), name)


def set_lang(rpr: Any, tag: str) -> None:
    """Put ``<w:lang w:val=tag>`` in ``rpr`` at its schema position."""
    old = rpr.find(qn("w:lang"))
    if old is not None:
        rpr.remove(old)
    insert_before(rpr, el("w:lang", val=tag), ("w:eastAsianLayout", "w:specVanish", "w:oMath"))


# --------------------------------------------------------------------------- XML text


def esc(text: str) -> str:
    """``text`` (already :func:`~bilingual.render.common.clean_text`-ed) escaped for character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    """``text`` escaped for a double-quoted attribute value."""
    return esc(text).replace('"', "&quot;")


def _t(piece: str) -> str:
    if not piece:
        return ""
    space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
    return f"<w:t{space}>{esc(piece)}</w:t>"


def text_xml(text: str) -> str:
    """The content of a run holding ``text``: ``w:t`` pieces, ``\\n`` as ``w:br``, tabs as
    ``w:tab`` (what python-docx's ``add_run`` writes for the same text)."""
    if "\n" not in text and "\t" not in text:
        return _t(text)
    lines = []
    for line in text.split("\n"):
        lines.append("<w:tab/>".join(_t(p) for p in line.split("\t")))
    return "<w:br/>".join(lines)


@lru_cache(maxsize=64)
def fonts_xml(name: str) -> str:
    """``w:rFonts`` naming ``name`` in every script slot."""
    return "<w:rFonts " + " ".join(f'w:{slot}="{attr(name)}"' for slot in FONT_SLOTS) + "/>"


def twips(emu: int | float) -> int:
    """EMU → twentieths of a point (635 EMU per twip)."""
    return int(round(emu / 635))


@dataclass(slots=True)
class Para:
    """One paragraph to write: its style *name* (None: Normal), its runs as XML, and the direct
    paragraph formatting the layouts add (spacings and indent in twips)."""

    style: str | None = None
    runs: str = ""
    keep_next: bool = False
    page_break: bool = False
    center: bool = False
    before: int | None = None
    after: int | None = None
    left: int | None = None

    def xml(self, style_ids: Mapping[str, str]) -> str:
        """The ``w:p`` element, ``w:pPr`` children in schema order."""
        ppr = []
        if self.style:
            ppr.append(f'<w:pStyle w:val="{style_ids.get(self.style, self.style)}"/>')
        if self.keep_next:
            ppr.append("<w:keepNext/>")
        if self.page_break:
            ppr.append("<w:pageBreakBefore/>")
        if self.before is not None or self.after is not None:
            b = f' w:before="{self.before}"' if self.before is not None else ""
            a = f' w:after="{self.after}"' if self.after is not None else ""
            ppr.append(f"<w:spacing{b}{a}/>")
        if self.left is not None:
            ppr.append(f'<w:ind w:left="{self.left}"/>')
        if self.center:
            ppr.append('<w:jc w:val="center"/>')
        head = f"<w:pPr>{''.join(ppr)}</w:pPr>" if ppr else ""
        return f"<w:p>{head}{self.runs}</w:p>"
