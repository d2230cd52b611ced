"""TMX 1.4 translation memory of a document's pairs (translate-toolkit's ``translate.storage.tmx``).

One ``<tu>`` per translated sentence (``tuid`` = the unit id of :mod:`.units`), carrying
``<prop type="x-origin">`` (machine, human or aligned) so a TM manager can filter machine output.
A block whose aligned translation could not be cut sentence by sentence (a merged or omitted
sentence: some sentence has no English of its own) or that has a block-level translation gives
one paragraph-level ``<tu segtype="paragraph">`` instead, so that no TU pairs a sentence with
English that belongs to two. Sentences without English, and English with no Russian (text
the translator added), are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Block, Document
from .units import iter_units, xml_text

__all__ = ["TMX_VERSION", "export_tmx", "write_tmx"]

TMX_VERSION = "1.4"
_REVIEWED = ("human", "aligned")


def _whole_block(block: Block) -> bool:
    """Whether the block's English must be paired with the whole block."""
    if block.target_override is not None:
        return True
    sents = [s for s in block.sentences if s.source.strip()]
    has = [bool(s.target.strip()) for s in sents]
    return any(has) and not all(has) and any(s.origin == "aligned" for s in sents)


def _pairs(doc: Document, reviewed_only: bool) -> Iterator[tuple[str, str, str, str, str]]:
    """(tuid, segtype, source, target, origin) in reading order."""
    done_blocks: set[int] = set()
    for unit in iter_units(doc):
        bi, block, s = unit.block_index, unit.block, unit.sentence
        if _whole_block(block):
            if bi in done_blocks:
                continue
            done_blocks.add(bi)
            origins = {x.origin for x in block.sentences if x.source.strip()}
            origin = "machine" if "machine" in origins else "human" if origins == {"human"} else "aligned"
            target = block.target.strip()
            if target and (not reviewed_only or origin in _REVIEWED):
                yield f"b{bi + 1}", "paragraph", block.source.strip(), target, origin
            continue
        if s.target.strip() and (not reviewed_only or s.origin in _REVIEWED):
            yield unit.id, "sentence", s.source, s.target, s.origin or "machine"


def _header(store: Any, doc: Document) -> None:
    from .. import __version__

    store.addheader()
    header = next(store.document.getroot().iterchildren("header"))
    header.set("creationtool", "bilingual")
    header.set("creationtoolversion", __version__)
    created = _tmx_date(doc.meta.created)
    if created:
        header.set("creationdate", created)


def _tmx_date(iso: str) -> str:
    """ISO 8601 → TMX's ``YYYYMMDDThhmmssZ`` (UTC); ``""`` if unknown."""
    from datetime import datetime, timezone

    try:
        dt = datetime.fromisoformat(iso.strip())
    except (ValueError, AttributeError):
        return ""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def export_tmx(doc: Document, *, reviewed_only: bool = False) -> bytes:
    """The TMX 1.4 bytes for ``doc``'s pairs; ``reviewed_only`` keeps human and aligned pairs
    (no unreviewed machine output)."""
    from lxml import etree
    from translate.storage import tmx

    src, tgt = doc.meta.source_lang or "ru", doc.meta.target_lang or "en"
    store = tmx.tmxfile(sourcelanguage=src, targetlanguage=tgt)
    _header(store, doc)
    for tuid, segtype, source, target, origin in _pairs(doc, reviewed_only):
        tu = store.addsourceunit(xml_text(source), sourcelang=src)
        tu.settarget(xml_text(target), tgt)
        tu.xmlelement.set("tuid", tuid)
        if segtype != "sentence":
            tu.xmlelement.set("segtype", segtype)
        prop = etree.Element("prop")
        prop.set("type", "x-origin")
        prop.text = origin
        first_tuv = tu.xmlelement.find("tuv")
        first_tuv.addprevious(prop)
    return bytes(store)


def write_tmx(doc: Document, path: str | Path, *, reviewed_only: bool = False) -> Path:
    """Write :func:`export_tmx` to ``path`` atomically."""
    from ..fileio import write_bytes

    return write_bytes(path, export_tmx(doc, reviewed_only=reviewed_only))
