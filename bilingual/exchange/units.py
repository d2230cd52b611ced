"""Translation units: which sentences are exchanged, under which stable ids.

A unit id is ``b<block>s<sentence>-<sid>`` (1-based block and sentence numbers, then
:attr:`~bilingual.model.Sentence.sid`, the first 12 hex digits of the SHA-1 of the source
sentence), e.g. ``b3s2-5f0c1d2e9a7b``. It is the same in every export of the same document, and
an import checks both halves: the position finds the sentence, the hash proves it is still the
same Russian text.

An export also records what the document said: its revision (:func:`document_revision`, a hash
of every unit's English) and, per unit, :func:`target_stamp` of the English it carried, so an
import can tell the units an editor changed from those the document changed since.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Block, Document, Sentence

__all__ = [
    "Unit",
    "unit_id",
    "parse_unit_id",
    "iter_units",
    "document_identity",
    "document_revision",
    "sid_of",
    "xml_text",
    "norm_target",
    "target_stamp",
]

_UNIT_ID = re.compile(r"^b(\d+)s(\d+)-([0-9a-f]{12})$")


@dataclass(frozen=True)
class Unit:
    """A sentence as a translation unit."""

    id: str
    block_index: int  #: 0-based
    sentence_index: int  #: 0-based
    block: Block
    sentence: Sentence


def sid_of(sentence: Sentence) -> str:
    """:attr:`Sentence.sid` (kept as a function for use as a key)."""
    return sentence.sid


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (NUL, other C0 controls, lone
    surrogates, U+FFFE/U+FFFF) — what an exported file holds and an import compares."""
    from ..render.common import clean_text

    return clean_text(text)


def unit_id(block_index: int, sentence_index: int, sentence: Sentence) -> str:
    """The stable id of a sentence (indices 0-based; the id shows them 1-based)."""
    return f"b{block_index + 1}s{sentence_index + 1}-{sid_of(sentence)}"


def parse_unit_id(text: str) -> tuple[int, int, str] | None:
    """``"b3s2-5f0c1d2e9a7b"`` → ``(2, 1, "5f0c1d2e9a7b")`` (0-based); ``None`` if malformed."""
    m = _UNIT_ID.match(text or "")
    if m is None:
        return None
    return int(m.group(1)) - 1, int(m.group(2)) - 1, m.group(3)


def iter_units(doc: Document) -> Iterator[Unit]:
    """Every sentence that has Russian text, in reading order (a paragraph the translator
    added, which has no Russian, is not a unit: there is nothing to translate)."""
    for bi, block in enumerate(doc.blocks):
        for si, s in enumerate(block.sentences):
            if s.source.strip():
                yield Unit(unit_id(bi, si, s), bi, si, block, s)


def document_identity(doc: Document) -> str:
    """The document's identifier (``meta.identifier``, else one derived from its text), the
    same one the EPUB edition carries."""
    from ..render.common import stable_identifier

    return stable_identifier(doc)


def norm_target(text: str | None) -> str:
    """English as an exchange compares it: XML-safe (:func:`xml_text`), whitespace runs as one space."""
    return " ".join(xml_text(text or "").split())


def target_stamp(text: str | None) -> str:
    """A short hash of :func:`norm_target` (12 hex digits): what a unit's English was at export."""
    return hashlib.sha256(norm_target(text).encode("utf-8", "surrogatepass")).hexdigest()[:12]


def document_revision(doc: Document) -> str:
    """A hash of every unit's id and English (16 hex digits): it changes whenever an import, a
    translate run or an alignment changes any sentence's English."""
    h = hashlib.sha256()
    for unit in iter_units(doc):
        h.update(f"{unit.id}\t{norm_target(unit.sentence.target)}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]
