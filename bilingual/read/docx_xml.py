"""WordprocessingML names and small XML helpers shared by the DOCX reader's modules.

Tags are Clark names (``{namespace}local``) so the walker compares them without prefix maps.
"""

from __future__ import annotations

from typing import Any

__all__ = ["W", "tag", "wattr", "is_on", "parse_part", "children_of"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def tag(ns: str, local: str) -> str:
    """The Clark name ``{ns}local``."""
    return f"{{{ns}}}{local}"


class W:
    """Clark names of the elements and attributes the reader looks at."""

    p, r, t, tbl, tr, tc = (tag(W_NS, x) for x in ("p", "r", "t", "tbl", "tr", "tc"))
    pPr, rPr, pStyle, rStyle = (tag(W_NS, x) for x in ("pPr", "rPr", "pStyle", "rStyle"))
    sdt, sdtContent, sdtPr, showingPlcHdr = (tag(W_NS, x) for x in ("sdt", "sdtContent", "sdtPr", "showingPlcHdr"))
    customXml, smartTag = tag(W_NS, "customXml"), tag(W_NS, "smartTag")
    hyperlink, fldSimple = tag(W_NS, "hyperlink"), tag(W_NS, "fldSimple")
    ins, dele, moveTo, moveFrom = (tag(W_NS, x) for x in ("ins", "del", "moveTo", "moveFrom"))
    dir, bdo, ruby, rubyBase = (tag(W_NS, x) for x in ("dir", "bdo", "ruby", "rubyBase"))
    tab, ptab, br, cr = (tag(W_NS, x) for x in ("tab", "ptab", "br", "cr"))
    noBreakHyphen, fldChar = tag(W_NS, "noBreakHyphen"), tag(W_NS, "fldChar")
    footnoteReference, endnoteReference = tag(W_NS, "footnoteReference"), tag(W_NS, "endnoteReference")
    footnote, endnote = tag(W_NS, "footnote"), tag(W_NS, "endnote")
    drawing, pict, object, txbxContent = (tag(W_NS, x) for x in ("drawing", "pict", "object", "txbxContent"))
    altChunk, bookmarkStart = tag(W_NS, "altChunk"), tag(W_NS, "bookmarkStart")
    b, i, vertAlign, outlineLvl = (tag(W_NS, x) for x in ("b", "i", "vertAlign", "outlineLvl"))
    numPr, numId = tag(W_NS, "numPr"), tag(W_NS, "numId")
    style, name, basedOn = (tag(W_NS, x) for x in ("style", "name", "basedOn"))
    val, type, id, styleId = (tag(W_NS, x) for x in ("val", "type", "id", "styleId"))
    default, fldCharType = tag(W_NS, "default"), tag(W_NS, "fldCharType")
    mc_alternate, mc_choice = tag(MC_NS, "AlternateContent"), tag(MC_NS, "Choice")
    r_embed, r_link, r_id = tag(R_NS, "embed"), tag(R_NS, "link"), tag(R_NS, "id")
    a_blip = tag(A_NS, "blip")
    wp_docPr, pic_cNvPr = tag(WP_NS, "docPr"), tag(PIC_NS, "cNvPr")
    v_imagedata, v_shape, o_title = tag(V_NS, "imagedata"), tag(V_NS, "shape"), tag(O_NS, "title")
    m_oMath, m_oMathPara, m_t = tag(M_NS, "oMath"), tag(M_NS, "oMathPara"), tag(M_NS, "t")


def wattr(element: Any, name: str) -> str | None:
    """The ``w:``-namespaced attribute ``name`` of ``element`` (or None)."""
    return None if element is None else element.get(tag(W_NS, name))


def is_on(element: Any) -> bool:
    """An on/off property (``<w:b/>``, ``<w:i w:val="0"/>``) is on unless its value says off."""
    return wattr(element, "val") not in ("0", "false", "off", "none")


def parse_part(blob: bytes) -> Any:
    """Parse an XML part python-docx does not model (footnotes, endnotes, package rels): no
    entities resolved, no network; raises ``lxml.etree.XMLSyntaxError`` on damage."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    return etree.fromstring(blob, parser)


def children_of(container: Any, wanted: str) -> list[Any]:
    """Children of ``container`` with tag ``wanted``, looking through the wrappers Word puts
    around rows and cells (content controls, custom XML)."""
    found = []
    for child in container:
        if child.tag == wanted:
            found.append(child)
        elif child.tag == W.sdt:
            content = child.find(W.sdtContent)
            if content is not None:
                found.extend(children_of(content, wanted))
        elif child.tag == W.customXml:
            found.extend(children_of(child, wanted))
    return found
