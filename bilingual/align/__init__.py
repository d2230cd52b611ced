"""Align an existing English translation with its Russian source (no model, fully offline).

>>> from bilingual.align import align_files
>>> result = align_files("article.ru.txt", "article.en.txt")          # doctest: +SKIP
>>> result.document.save("out/article.json"); result.flagged          # doctest: +SKIP

Paragraphs first, then sentences inside each paragraph link, by dynamic programming over
1:1, 2:1, 1:2, 2:2, 3:1, 1:3, 3:2, 2:3, 1:0 and 0:1 links scored by character-length ratio
(Gale–Church) and by anchors that survive translation (numbers, Latin-script tokens,
transliterated names, glossary terms, quotation marks, headings). Every link carries a
confidence (its posterior probability, calibrated on gold texts); links under :data:`REVIEW_BELOW`
(the one review threshold: the CLI and the XLIFF export use it too) are flagged,
and so is every 1:0 / 0:1 link; the translator's own notes stay unlinked English blocks.
Modules: :mod:`.core` (the aligner), :mod:`.store` (how links are stored), :mod:`.english`
(reading the translation), :mod:`.notes` (translator's notes), :mod:`.lattice` (the DP),
:mod:`.score` (bead costs), :mod:`.anchors`, :mod:`.confidence` (calibration),
:mod:`.summary` (what the editor checks first), :mod:`.evaluate` (precision/recall against a
gold alignment); :mod:`.plan`, :mod:`.chunk` and :mod:`.bounds` keep the work bounded on books
(bands, anchor pieces, a budget past which :class:`AlignError` refuses).
"""

from __future__ import annotations

from .bounds import AlignError
from .confidence import REVIEW_BELOW
from .core import (
    LOW_CONFIDENCE,
    Alignment,
    Link,
    align_alignment,
    align_documents,
    align_files,
    align_texts,
    needs_review,
    parse_translation,
    read_translation,
)
from .score import AlignParams
from .summary import AlignmentSummary, alignment_summary, summarize

__all__ = [
    "LOW_CONFIDENCE",
    "REVIEW_BELOW",
    "AlignError",
    "AlignParams",
    "Alignment",
    "AlignmentSummary",
    "alignment_summary",
    "summarize",
    "Link",
    "align_alignment",
    "align_documents",
    "align_files",
    "align_texts",
    "needs_review",
    "parse_translation",
    "read_translation",
]
