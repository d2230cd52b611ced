"""The document's titles in English, and the metadata a finished document gets.

A title usually comes from the text (a heading, the first sentence): its English is that
block's or sentence's translation. A title from metadata (front matter's ``title:``, a book's
title) and chapter titles with no heading in the text are no sentence of the document, so
:func:`untitled` lists them to be translated on their own, and :func:`complete_document` puts
their English in place after translation. An English title the user gave (origin ``human``)
is never re-translated. :func:`finish_document` also stamps the generator and the time.

Split out of :mod:`bilingual.pipeline` (which re-exports ``finish_document`` and
``complete_document``): the pipeline, the aligner and the XLIFF import all finish documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from . import __version__
from .model import Block, Document, Sentence

__all__ = ["complete_document", "finish_document", "untitled"]


def untitled(doc: Document, glossary: Any) -> list[Sentence]:
    """Texts that are no sentence of the document but need English: a title from metadata (e.g.
    front matter's ``title:``, a book's title) and chapter titles with no heading in the text."""
    out: list[Sentence] = []
    if doc.meta.title and doc.meta.title_target_origin != "human" and _title_source(doc) is None:
        out.append(_standalone(doc.meta.title, glossary))
    for chapter in doc.chapters:
        if chapter.title and _chapter_heading(doc, chapter) is None:
            out.append(_standalone(chapter.title, glossary))
    return out


def _standalone(text: str, glossary: Any) -> Sentence:
    sentence = Sentence(start=0, end=len(text), source=text, engine_source=text)
    if glossary is not None:
        from .glossary.enforce import sentence_terms

        sentence.terms = sentence_terms(glossary, sentence)
    return sentence


def _chapter_heading(doc: Document, chapter: Any) -> Block | None:
    index = doc.chapters.index(chapter)
    title = " ".join(chapter.title.split())
    return next((b for b in doc.blocks if b.chapter == index and b.kind == "heading" and " ".join(b.source.split()) == title), None)


def complete_document(doc: Document, standalone: Sequence[Sentence] = ()) -> None:
    """After translation: metadata (:func:`finish_document`), and the English of the title and
    chapter titles translated on their own (``standalone``, in :func:`untitled` order)."""
    finish_document(doc)
    done = {s.source: s.target for s in standalone}
    if doc.meta.title in done and doc.meta.title_target_origin != "human" and _title_source(doc) is None:
        doc.meta.title_target = done[doc.meta.title]
    for chapter in doc.chapters:
        heading = _chapter_heading(doc, chapter)
        chapter.title_target = heading.target if heading is not None else done.get(chapter.title, chapter.title_target)


def finish_document(doc: Document) -> None:
    """Fill derived metadata: English title, generator, time stamp."""
    doc.meta.generator = f"bilingual {__version__}"
    doc.meta.created = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    if doc.meta.title_target_origin != "human":  # a given English title is never re-translated
        doc.meta.title_target = _title_target(doc)


def _title_source(doc: Document) -> Block | Sentence | None:
    """The block or sentence the title was taken from (see ``bilingual.read``), if any."""
    title = doc.meta.title.rstrip("…").strip()
    if not title:
        return None
    for block in doc.blocks:
        if block.source == doc.meta.title:
            return block
        for s in block.sentences:
            if s.source.rstrip(".") == doc.meta.title or s.source.startswith(title):
                return s
    return None


def _title_target(doc: Document) -> str:
    """The English title: the translation of the block or sentence the title was taken from."""
    source = _title_source(doc)
    if source is None:
        return doc.meta.title_target
    return source.target if isinstance(source, Block) else source.target.rstrip(".")
