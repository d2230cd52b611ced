"""Which glossary entries an article uses, and where (``bilingual glossary scan``); and the
spelling problems of the source the matcher had to read around (Latin look-alike letters)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..model import Block, Document, TermMatch
from .core import Glossary
from .normalize import SpellingProblem, spelling_problems

__all__ = ["ScanMatch", "ScanEntry", "BlockSpelling", "block_matches", "scan_document", "document_spelling"]


@dataclass
class ScanMatch:
    """One occurrence: block index, offsets into that block's source, the text as it stands."""

    block: int
    start: int
    end: int
    text: str


@dataclass
class ScanEntry:
    """A glossary entry found in the article, with every occurrence."""

    source: str
    target: str
    matches: list[ScanMatch] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """``{"source": …, "target": …, "matches": [{"block", "start", "end", "text"}]}``."""
        return asdict(self)


def block_matches(block: Block, glossary: Glossary) -> list[TermMatch]:
    """Matches in a block, offsets into ``block.source``: sentence by sentence when the block is
    segmented (as :func:`~bilingual.glossary.apply_glossary` does), else over the whole block."""
    if not block.sentences:
        return glossary.find(block.source)
    out = []
    for s in block.sentences:
        for m in glossary.find(s.source):
            out.append(TermMatch(m.source, m.target, m.start + s.start, m.end + s.start, m.text))
    return out


def scan_document(doc: Document, glossary: Glossary) -> list[ScanEntry]:
    """Every entry found in ``doc``, in order of first appearance, each with all its matches."""
    found: dict[str, ScanEntry] = {}
    for bi, block in enumerate(doc.blocks):
        for m in block_matches(block, glossary):
            entry = found.setdefault(m.source, ScanEntry(m.source, m.target))
            entry.matches.append(ScanMatch(bi, m.start, m.end, m.text))
    return list(found.values())


@dataclass(frozen=True)
class BlockSpelling:
    """A spelling problem in block ``block`` (offsets into that block's source)."""

    block: int
    problem: SpellingProblem

    def describe(self) -> str:
        """One line: ``block 3, characters 10–15: «Пyтин» has Latin 'y' …``."""
        p = self.problem
        return f"block {self.block}, characters {p.start}–{p.end}: {p.message}"


def document_spelling(doc: Document) -> list[BlockSpelling]:
    """Words of the document's source that mix Latin look-alike letters into Cyrillic («Пyтин»):
    the glossary matches them as if spelt right, but the source should be fixed (the engine and
    the reader still see the Latin letter). For the pipeline's summary and ``glossary scan``."""
    return [BlockSpelling(bi, p) for bi, block in enumerate(doc.blocks) for p in spelling_problems(block.source)]
