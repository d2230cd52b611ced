"""What an alignment is made of: :class:`Link` (one link, its shape and confidence) and
:class:`Alignment` (the aligned document and every link), and the review threshold."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Document, Sentence
from .confidence import GAP_STORED, REVIEW_BELOW

if TYPE_CHECKING:
    from .bounds import Work

__all__ = ["LOW_CONFIDENCE", "REVIEW_BELOW", "Link", "Alignment", "needs_review"]

#: Links with a confidence below this are flagged for an editor to check first: the review
#: threshold :data:`~.confidence.REVIEW_BELOW` under its older name.
LOW_CONFIDENCE = REVIEW_BELOW


def needs_review(sentence: Sentence, threshold: float = REVIEW_BELOW) -> bool:
    """Whether an aligned sentence is flagged: its link's confidence is below ``threshold``."""
    return sentence.origin == "aligned" and sentence.confidence is not None and sentence.confidence < threshold


@dataclass(frozen=True)
class Link:
    """One alignment link.

    ``ru``/``en`` are indices: Russian block / English paragraph numbers (``level="paragraph"``)
    or positions in the document's sentence list / the English sentence list (``"sentence"``).
    """

    level: str
    ru: tuple[int, ...]
    en: tuple[int, ...]
    confidence: float  #: calibrated (see :mod:`.confidence`)
    raw: float | None = None  #: sentence links: the score before calibration

    @property
    def shape(self) -> str:
        """``"1:1"``, ``"2:1"``, ``"1:0"``, …"""
        return f"{len(self.ru)}:{len(self.en)}"

    @property
    def gap(self) -> bool:
        """Nothing on one side: a 1:0 (dropped) or 0:1 (added) link."""
        return not self.ru or not self.en

    @property
    def flagged(self) -> bool:
        """For review: below :data:`~.confidence.REVIEW_BELOW`, or a 1:0 / 0:1 link (always)."""
        return self.gap or self.confidence < REVIEW_BELOW

    @property
    def stored_confidence(self) -> float:
        """The confidence written into the document: a gap's is at most
        :data:`~.confidence.GAP_STORED`, so that readers of the JSON flag it too."""
        return min(self.confidence, GAP_STORED) if self.gap else self.confidence


@dataclass
class Alignment:
    """What :func:`align_documents` found: the aligned document and every link."""

    document: Document
    paragraphs: list[Link] = field(default_factory=list)
    sentences: list[Link] = field(default_factory=list)
    ru_sentences: list[str] = field(default_factory=list)  #: Russian sentences, in link index order
    en_sentences: list[str] = field(default_factory=list)  #: English sentences, in link index order
    ru_refs: list[tuple[int, int]] = field(default_factory=list)  #: (block, sentence) of each Russian sentence
    en_refs: list[tuple[int, int]] = field(default_factory=list)  #: (paragraph, sentence) of each English one
    en_paragraphs: list[str] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)  #: English paragraphs that are the translator's notes (:mod:`.notes`)
    ratio: float = 1.0  #: English/Russian characters used by the length model
    work: dict[str, Work] = field(default_factory=dict)  #: what each DP level cost (cells, pieces, fall-backs)

    @property
    def flagged(self) -> list[Link]:
        """Sentence links an editor should check first (lowest confidence first; every 1:0 and
        0:1 link is among them)."""
        return sorted((k for k in self.sentences if k.flagged), key=lambda k: k.confidence)

    def shapes(self, level: str = "sentence") -> dict[str, int]:
        """How many links of each shape, e.g. ``{"1:1": 40, "2:1": 2}``."""
        links = self.sentences if level == "sentence" else self.paragraphs
        out: dict[str, int] = {}
        for k in links:
            out[k.shape] = out.get(k.shape, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))

