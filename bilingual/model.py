"""The document model every pipeline stage reads and writes.

A :class:`Document` is metadata plus a flat list of :class:`Block` in reading order, each
holding its Russian source text and its :class:`Sentence` list. Sentences keep character
offsets into their block's source, their English translation, where that translation came
from (machine, human edit, alignment) and their glossary findings.

Books add structure on top of the flat list, so every stage that walks blocks keeps working:

* :class:`Chapter` — a top-level section (a spine item of an EPUB, a top-level ``<section>``
  of an FB2, a Heading 1 of a DOCX). ``Block.chapter`` is the index of its chapter in
  ``Document.chapters``; an article is one chapter.
* :class:`Mark` — inline formatting of a block's Russian text (emphasis, strong, super- and
  subscript, code), as offsets into ``Block.source``; and note references (``kind="noteref"``,
  an empty span at the place of the marker, ``ref`` = the note's ``Block.note_id``). Marker
  text (``1``, ``*``) is never part of ``source``, so it never reaches the engine.
* Notes are blocks of kind ``note`` (``note_id`` set), in the chapter of their first reference.
* :class:`Image` — a picture of the source, its bytes stored beside the JSON
  (``Image.file``, relative to the JSON's folder); an ``image`` block shows it in place, its
  ``source`` being the caption (or alt text) to translate, possibly empty.

Block kinds (:data:`BLOCK_KINDS`):

``heading``     a heading; ``level`` 1–6 (1 = chapter title or the article's title)
``paragraph``   body text
``quote``       a quotation / block quote (FB2 ``<cite>``, HTML ``<blockquote>``)
``caption``     a caption of a picture not carried (the txt/md reader's «Фото: …» lines)
``image``       a picture in place (``image`` = an :class:`Image` id) with its caption text
``verse``       a stanza: lines separated by ``\n`` in ``source``, one sentence per line
``epigraph``    an epigraph paragraph
``attribution`` who said it: FB2 ``<text-author>``, a quote's or epigraph's signature
``subtitle``    a heading-like line inside a section that is not in the navigation
``list-item``   an item of a bulleted or numbered list
``table-cell``  the text of one table cell (tables are read cell by cell)
``note``        a footnote or endnote (``note_id``), referenced by ``noteref`` marks
``separator``   a scene break (FB2 ``<empty-line/>``, ``* * *``, ``<hr>``); no text

The JSON form (``Document.to_json`` / ``Document.from_json``) is versioned by
:data:`SCHEMA_VERSION`; it is the single source the renderers and exporters read, and what
``bilingual render`` re-renders after human edits; it is written and read block by block
(:mod:`bilingual.model_json`). Version 1 files (articles, before books)
are upgraded on load: one chapter, no marks, no images. Since people edit the JSON, loading
checks every value (:mod:`bilingual.model_check`) and answers a one-line
:class:`~bilingual.errors.DocumentError` naming the field, e.g. ``blocks[3].sentences[1].start:
expected a whole number, got "7"``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "SCHEMA_VERSION",
    "BLOCK_KINDS",
    "ORIGINS",
    "ENFORCEMENTS",
    "MARK_KINDS",
    "Mark",
    "Chapter",
    "Image",
    "TermMatch",
    "GlossaryIssue",
    "Sentence",
    "Block",
    "ModelInfo",
    "GlossaryInfo",
    "Metadata",
    "Document",
]

#: Version of the JSON schema. Bump on any incompatible change and teach ``from_dict`` to upgrade.
SCHEMA_VERSION = 2
#: Versions :meth:`Document.from_dict` reads (older ones are upgraded).
READABLE_SCHEMAS = (1, 2)
#: Largest picture file :meth:`Document.image_bytes` reads (bigger ones count as lost).
MAX_IMAGE_BYTES = 64 * 1024 * 1024

#: Kinds of block, in the order they are documented.
BLOCK_KINDS = (
    "heading", "paragraph", "quote", "caption", "image", "verse", "epigraph", "attribution",
    "subtitle", "list-item", "table-cell", "note", "separator",
)  # fmt: skip

#: Inline mark kinds; ``noteref`` is an empty span at a note marker's place.
MARK_KINDS = ("em", "strong", "sup", "sub", "code", "noteref")

#: Where a sentence's target text came from.
#: ``""`` not translated yet; ``"machine"`` the engine; ``"human"`` an editor (never overwritten
#: by a later machine run); ``"aligned"`` an existing translation aligned to the source.
ORIGINS = ("", "machine", "human", "aligned")

#: How a sentence's glossary terms were met (see ``bilingual.glossary.enforce``): ``""`` no
#: terms or not checked; ``"model"`` the engine's best output already had them; ``"alternative"``
#: a lower-ranked hypothesis of the engine did; ``"substituted"`` the terms were put into the
#: engine's input; ``"post-edited"`` the engine's rendering of a term was replaced in its output;
#: ``"violated"`` none of these met every term (the sentence is flagged).
ENFORCEMENTS = ("", "model", "alternative", "substituted", "post-edited", "violated")


@dataclass(slots=True)
class Mark:
    """Inline formatting of ``Block.source[start:end]``, or a note reference at ``start``."""

    start: int
    end: int
    kind: str  #: one of :data:`MARK_KINDS`
    ref: str = ""  #: for ``noteref``: the ``note_id`` of the note block


@dataclass(slots=True)
class Chapter:
    """A top-level section of a book: its title and where it came from.

    Its blocks are those whose ``Block.chapter`` is this chapter's index.
    """

    title: str = ""  #: Russian title (its heading's text, or the navigation's label)
    title_target: str = ""  #: English title, filled after translation
    source: str = ""  #: where in the source it came from (EPUB spine href, FB2 section id…)


@dataclass(slots=True)
class Image:
    """A picture of the source book, carried into the editions.

    ``data`` holds the bytes while a reader or renderer has them in memory; the JSON stores
    only ``file``, the path of the bytes relative to the JSON's folder.
    """

    id: str  #: unique in the document, a safe file name (e.g. "img-3.jpg")
    media_type: str  #: "image/jpeg", "image/png", "image/gif", "image/svg+xml", "image/webp"
    file: str = ""  #: where the bytes are stored, relative to the JSON's folder
    alt: str = ""  #: the source's alt text
    data: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(slots=True)
class TermMatch:
    """A glossary entry found in a block's source text (offsets into ``Block.source``)."""

    source: str  #: the glossary entry's source (its key), e.g. "Владимир Путин"
    target: str  #: what the English must say, e.g. "Vladimir Putin"
    start: int
    end: int
    text: str  #: the matched text as it stands, e.g. "Владимира Путина"
    accept: list[str] = field(default_factory=list)  #: other English renderings the QA check accepts


@dataclass(slots=True)
class GlossaryIssue:
    """A glossary rule the translation breaks: ``target`` was expected but is missing."""

    source: str
    target: str
    message: str = ""


@dataclass(slots=True)
class Sentence:
    """One source sentence and its translation.

    ``start``/``end`` are offsets into the owning block's ``source``;
    ``source`` equals ``block.source[start:end]``.
    """

    start: int
    end: int
    source: str
    target: str = ""
    origin: str = ""  #: one of :data:`ORIGINS`
    role: str = "text"  #: "text", or "credit" for a caption's photo credit
    engine_source: str = ""  #: the text actually sent to the engine (after glossary processing)
    terms: list[TermMatch] = field(default_factory=list)
    issues: list[GlossaryIssue] = field(default_factory=list)
    confidence: float | None = None  #: alignment confidence in [0, 1], None for machine output
    machine_target: str = ""  #: the last machine output, kept when a human edits ``target``
    enforcement: str = ""  #: how its glossary terms were met, one of :data:`ENFORCEMENTS`

    @property
    def sid(self) -> str:
        """A stable id from the source text: the same sentence gets the same id in every run."""
        return hashlib.sha1(self.source.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass(slots=True)
class Block:
    """A structural unit of the text: a heading, paragraph, quote, note… (:data:`BLOCK_KINDS`)."""

    kind: str  #: one of :data:`BLOCK_KINDS`
    source: str
    sentences: list[Sentence] = field(default_factory=list)
    level: int = 0  #: heading level (1 = title, 2 = section); 0 for other kinds
    start: int = 0  #: offset of ``source`` in the decoded input text (0 where the source is markup)
    target_override: str | None = None  #: block-level translation when sentences are not aligned
    chapter: int = 0  #: index into ``Document.chapters``
    marks: list[Mark] = field(default_factory=list)  #: inline formatting and note references
    note_id: str = ""  #: for a ``note`` block: the id its ``noteref`` marks point to
    image: str = ""  #: for an ``image`` block: the :class:`Image` id

    @property
    def target(self) -> str:
        """The block's English text: its sentences' targets joined by spaces (lines, for verse)."""
        if self.target_override is not None:
            return self.target_override
        sep = "\n" if self.kind == "verse" else " "
        return sep.join(s.target for s in self.sentences if s.target)

    @property
    def text_sentences(self) -> list[Sentence]:
        """Sentences that are not a caption credit."""
        return [s for s in self.sentences if s.role != "credit"]

    @property
    def credit(self) -> Sentence | None:
        """The caption's photo credit sentence, if any."""
        return next((s for s in self.sentences if s.role == "credit"), None)


@dataclass(slots=True)
class ModelInfo:
    """The translation model used: an Argos package, or an aligned human translation."""

    name: str = ""  #: e.g. "translate-ru_en" or "aligned"
    version: str = ""
    description: str = ""  #: a line for the colophon, e.g. "Argos Translate ru→en 1.9"


@dataclass(slots=True)
class GlossaryInfo:
    """The glossary used for a run."""

    path: str = ""  #: the project layer's file as given (never printed in an edition)
    entries: int = 0  #: entries in force (all layers merged)
    sha256: str = ""
    title: str = ""  #: the glossary's own title, for editions and summaries
    layers: list[str] = field(default_factory=list)  #: layers in force, e.g. "built-in (412 entries)"


@dataclass(slots=True)
class Metadata:
    """Document-level facts."""

    title: str = ""  #: Russian title (see ``bilingual.read`` for how it is chosen)
    title_target: str = ""  #: its English translation
    date: str | None = None  #: the article's date, ISO 8601, if the input gave one
    source_file: str = ""
    source_encoding: str = ""
    source_lang: str = "ru"
    target_lang: str = "en"
    model: ModelInfo = field(default_factory=ModelInfo)
    glossary: GlossaryInfo | None = None
    created: str = ""  #: when this JSON was last written, ISO 8601 UTC
    generator: str = ""  #: "bilingual X.Y.Z"
    identifier: str = ""  #: stable id for the editions (urn:uuid:… derived from the source)
    source_format: str = ""  #: the reader that read it: txt, md, epub, fb2, docx, html
    authors: list[str] = field(default_factory=list)  #: the source's authors, as the source writes them
    publisher: str = ""  #: the source's publisher
    source_identifier: str = ""  #: the source book's own identifier (ISBN, urn:uuid:…), for dc:source
    description: str = ""  #: the source's annotation / description (Russian, not translated)
    title_target_origin: str = ""  #: "human" when ``title_target`` was given (never re-translated)
    translators: list[str] = field(default_factory=list)  #: human translators (dc:contributor, role trl)
    source: str = ""  #: the source as a reader cites it, e.g. "NEWS.ru, 9 October 2025" (dc:source)
    rights: str = ""  #: copyright / licence line (dc:rights)
    cover: str = ""  #: the :class:`Image` id of the cover picture ("" = generate one)


@dataclass(slots=True)
class Document:
    """An article or a book: metadata, blocks in reading order, chapters and images."""

    meta: Metadata
    blocks: list[Block] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)  #: empty means one untitled chapter
    images: list[Image] = field(default_factory=list)
    #: folder that ``Image.file`` paths are relative to (the JSON's folder); not saved
    base_dir: Path | None = field(default=None, repr=False, compare=False)

    # ------------------------------------------------------------------ iteration
    def sentences(self) -> list[Sentence]:
        """All sentences in reading order."""
        return [s for b in self.blocks for s in b.sentences]

    def chapter_list(self) -> list[Chapter]:
        """``chapters``, or one chapter titled after the document when none is recorded."""
        return self.chapters or [Chapter(title=self.meta.title, title_target=self.meta.title_target)]

    def chapter_blocks(self) -> list[list[Block]]:
        """The blocks of each chapter of :meth:`chapter_list`, in order (out-of-range indices go
        to the last chapter, so no block is ever lost)."""
        groups: list[list[Block]] = [[] for _ in self.chapter_list()]
        for block in self.blocks:
            groups[min(max(block.chapter, 0), len(groups) - 1)].append(block)
        return groups

    def image(self, image_id: str) -> Image | None:
        """The image with ``image_id``, or None."""
        return next((im for im in self.images if im.id == image_id), None)

    def image_bytes(self, image_id: str) -> bytes | None:
        """The bytes of an image: in memory, else read from ``base_dir / Image.file``; None if lost."""
        im = self.image(image_id)
        if im is None:
            return None
        if im.data is not None:
            return im.data
        if im.file and self.base_dir is not None:
            path = self.base_dir / im.file
            try:  # only a regular file of a picture's size: never a FIFO or a device that never ends
                if not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
                    return None
                return path.read_bytes()
            except OSError:
                return None
        return None

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, with ``schema`` first (image bytes and ``base_dir`` are not included)."""
        data = dataclasses.asdict(self)
        data.pop("base_dir", None)
        for im in data.get("images", []):
            im.pop("data", None)
        return {"schema": SCHEMA_VERSION, **data}

    def to_json(self) -> str:
        """Pretty JSON text (UTF-8 safe, non-ASCII kept readable)."""
        return "".join(self._json_parts())

    def _json_parts(self) -> Iterator[str]:
        """The text of :meth:`to_json` in pieces, one per block (:func:`bilingual.model_json.json_parts`)."""
        from .model_json import json_parts

        return json_parts(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from :meth:`to_dict` output (upgrading older schemas).

        Every value is checked (:mod:`bilingual.model_check`): anything that is no document, of
        an unknown schema, or a value missing, of the wrong type or out of range raises a
        one-line :class:`~bilingual.errors.DocumentError` naming the field.
        """
        from .model_check import document_from_dict
        from .model_json import upgraded

        return upgraded(*document_from_dict(data))

    @classmethod
    def from_json(cls, text: str) -> Document:
        """Parse JSON text written by :meth:`to_json`."""
        from .model_json import from_json

        return from_json(text)

    @classmethod
    def _parse(cls, text: str) -> Document:
        """:meth:`from_dict` of ``json.loads(text)``, which names what is wrong with the text."""
        from .model_json import parse

        return parse(text)

    @classmethod
    def load(cls, path: str | Path) -> Document:
        """Read a document from a JSON file (``base_dir`` set to its folder).

        The file is read chunk by chunk, each block made as soon as it is read; a file that is
        no valid document is read again whole, to say what is wrong with it
        (:func:`bilingual.model_json.load`)."""
        from .model_json import load

        return load(path)

    def save(self, path: str | Path) -> Path:
        """Write the document as JSON, atomically (block by block, never the whole text at once)."""
        from .model_json import save

        return save(self, path)
