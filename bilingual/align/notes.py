"""Translator's notes in the English: paragraphs the translator added that have no Russian.

A translation often carries text of the translator's own — a bracketed "[Translator's note: …]"
after a paragraph, or endnotes under a "Notes" heading at the end. Left to the length model, such
a paragraph is taken for the translation of a Russian paragraph of similar length nearby (most
often one the translator dropped), which shifts the links around it. :func:`note_paragraphs`
finds them so the aligner keeps them as unlinked (0:1) English blocks, always flagged.

What counts as a note (English paragraphs, by their opening):

* a translator's note anywhere: ``Translator's note``, ``Translator’s notes``, ``TN:``, ``Tr. note``,
  ``Note by the translator``, optionally in brackets or parentheses; a bracketed ``[Note: …]``;
* an endnotes section: a heading-like line ``Notes`` / ``Endnotes`` / ``Footnotes`` /
  ``Translator's notes`` whose next paragraph opens with a note marker (``¹``, ``[1]``, ``1.``,
  ``1)``), and every paragraph after it up to the next heading. When the Russian has its own notes
  heading (``Примечания``, ``Сноски``, ``Комментарии``) the endnotes translate it and are aligned
  as text.

Hand-written rules rather than a library: a few patterns over the English paragraph openings.
"""

from __future__ import annotations

import re

from ..model import Block, Document

__all__ = ["is_translator_note", "note_paragraphs"]

_APOS = "['’`]"
_TRANSLATOR_NOTE = re.compile(
    rf"^\s*[\[(]?\s*(?:translator{_APOS}?s?{_APOS}?\s+notes?\b|t\.?\s?n\.?\s*[:.]|tr\.\s*notes?\b|"
    rf"notes?\s+(?:by|of)\s+the\s+translator\b|\s*(?<=[\[(])\s*notes?\s*:)",
    re.IGNORECASE,
)
_NOTES_HEADING = re.compile(
    rf"^\s*(?:(?:end|foot)?notes|translator{_APOS}?s?{_APOS}?\s+notes|notes\s+(?:by|of)\s+the\s+translator)\s*[:.]?\s*$",
    re.IGNORECASE,
)
_MARKER = re.compile(r"^\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,3}\]|\*+|\d{1,3}[.)])\s*\S")
_RU_NOTES_HEADING = re.compile(r"^\s*(?:примечани[ея]|сноски|комментарии)(?:\s+переводчика)?\s*[:.]?\s*$", re.IGNORECASE)


def is_translator_note(text: str) -> bool:
    """Whether an English paragraph opens as a translator's note (``[Translator's note: …]``)."""
    return bool(_TRANSLATOR_NOTE.match(text))


def _heading_like(block: Block) -> bool:
    return block.kind == "heading" or (len(block.source) < 60 and not block.source.rstrip().endswith((".", "!", "?", "…")))


def note_paragraphs(en: Document, ru: Document | None = None) -> set[int]:
    """Indices of the English blocks that are the translator's own notes (see the module docstring)."""
    ru_has_notes = ru is not None and any(_RU_NOTES_HEADING.match(b.source) for b in ru.blocks)
    out: set[int] = set()
    blocks = en.blocks
    k = 0
    while k < len(blocks):
        block = blocks[k]
        if (
            not ru_has_notes
            and _heading_like(block)
            and _NOTES_HEADING.match(block.source)
            and k + 1 < len(blocks)
            and _MARKER.match(blocks[k + 1].source)
        ):
            out.add(k)
            k += 1
            while k < len(blocks) and not (blocks[k].kind == "heading" and not _MARKER.match(blocks[k].source)):
                out.add(k)
                k += 1
            continue
        if is_translator_note(block.source):
            out.add(k)
        k += 1
    return out
