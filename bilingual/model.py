"""The document model every pipeline stage reads and writes.

A :class:`Document` is metadata plus a list of :class:`Block` (heading, paragraph, quote,
caption), each holding its Russian source text and its :class:`Sentence` list. Sentences
keep character offsets into their block's source, their English translation, where that
translation came from (machine, human edit, alignment) and their glossary findings.

The JSON form (``Document.to_json`` / ``Document.from_json``) is versioned by
:data:`SCHEMA_VERSION`; it is the single source the renderers and exporters read, and what
``bilingual render`` re-renders after human edits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DocumentError

__all__ = [
    "SCHEMA_VERSION",
    "BLOCK_KINDS",
    "ORIGINS",
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
SCHEMA_VERSION = 1

#: Kinds of block, in the order they are documented.
BLOCK_KINDS = ("heading", "paragraph", "quote", "caption")

#: Where a sentence's target text came from.
#: ``""`` not translated yet; ``"machine"`` the engine; ``"human"`` an editor (never overwritten
#: by a later machine run); ``"aligned"`` an existing translation aligned to the source.
ORIGINS = ("", "machine", "human", "aligned")


@dataclass
class TermMatch:
    """A glossary entry found in a block's source text (offsets into ``Block.source``)."""

    source: str  #: the glossary entry's source (its key), e.g. "Владимир Путин"
    target: str  #: what the English must say, e.g. "Vladimir Putin"
    start: int
    end: int
    text: str  #: the matched text as it stands, e.g. "Владимира Путина"
    accept: list[str] = field(default_factory=list)  #: other English renderings the QA check accepts


@dataclass
class GlossaryIssue:
    """A glossary rule the translation breaks: ``target`` was expected but is missing."""

    source: str
    target: str
    message: str = ""


@dataclass
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

    @property
    def sid(self) -> str:
        """A stable id from the source text: the same sentence gets the same id in every run."""
        return hashlib.sha1(self.source.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass
class Block:
    """A structural unit of the article: heading, paragraph, quote or caption."""

    kind: str  #: one of :data:`BLOCK_KINDS`
    source: str
    sentences: list[Sentence] = field(default_factory=list)
    level: int = 0  #: heading level (1 = title, 2 = section); 0 for other kinds
    start: int = 0  #: offset of ``source`` in the decoded input text
    target_override: str | None = None  #: block-level translation when sentences are not aligned

    @property
    def target(self) -> str:
        """The block's English text: its sentences' targets joined by spaces."""
        if self.target_override is not None:
            return self.target_override
        return " ".join(s.target for s in self.sentences if s.target)

    @property
    def text_sentences(self) -> list[Sentence]:
        """Sentences that are not a caption credit."""
        return [s for s in self.sentences if s.role != "credit"]

    @property
    def credit(self) -> Sentence | None:
        """The caption's photo credit sentence, if any."""
        return next((s for s in self.sentences if s.role == "credit"), None)


@dataclass
class ModelInfo:
    """The translation model used: an Argos package, or an aligned human translation."""

    name: str = ""  #: e.g. "translate-ru_en" or "aligned"
    version: str = ""
    description: str = ""  #: a line for the colophon, e.g. "Argos Translate ru→en 1.9"


@dataclass
class GlossaryInfo:
    """The glossary used for a run."""

    path: str = ""
    entries: int = 0
    sha256: str = ""


@dataclass
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


@dataclass
class Document:
    """An article: metadata and blocks in reading order."""

    meta: Metadata
    blocks: list[Block] = field(default_factory=list)

    # ------------------------------------------------------------------ iteration
    def sentences(self) -> list[Sentence]:
        """All sentences in reading order."""
        return [s for b in self.blocks for s in b.sentences]

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, with ``schema`` first."""
        data = dataclasses.asdict(self)
        return {"schema": SCHEMA_VERSION, **data}

    def to_json(self) -> str:
        """Pretty JSON text (UTF-8 safe, non-ASCII kept readable)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from :meth:`to_dict` output; refuses unknown schemas."""
        if not isinstance(data, dict) or "schema" not in data or "blocks" not in data:
            raise DocumentError("not a bilingual document (no 'schema' and 'blocks' keys)")
        if data["schema"] != SCHEMA_VERSION:
            raise DocumentError(
                f"document schema {data['schema']!r} is not supported (this version reads {SCHEMA_VERSION}); "
                "re-run 'bilingual translate' to regenerate it"
            )
        try:
            m = dict(data["meta"])
            m["model"] = ModelInfo(**m.get("model") or {})
            m["glossary"] = GlossaryInfo(**m["glossary"]) if m.get("glossary") else None
            meta = Metadata(**m)
            blocks = []
            for b in data["blocks"]:
                b = dict(b)
                sents = []
                for s in b.pop("sentences", []):
                    s = dict(s)
                    s["terms"] = [TermMatch(**t) for t in s.get("terms", [])]
                    s["issues"] = [GlossaryIssue(**i) for i in s.get("issues", [])]
                    sents.append(Sentence(**s))
                blocks.append(Block(sentences=sents, **b))
        except (TypeError, KeyError, ValueError) as err:
            raise DocumentError(f"malformed bilingual document: {err}") from err
        return cls(meta=meta, blocks=blocks)

    @classmethod
    def from_json(cls, text: str) -> Document:
        """Parse JSON text written by :meth:`to_json`."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise DocumentError(f"not valid JSON (line {err.lineno}): {err.msg}") from err
        return cls.from_dict(data)

    @classmethod
    def load(cls, path: str | Path) -> Document:
        """Read a document from a JSON file."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as err:
            raise DocumentError(f"{path}: no such file; run 'bilingual translate' first") from err
        except (OSError, UnicodeDecodeError) as err:
            raise DocumentError(f"{path}: cannot read it as a UTF-8 JSON document ({err})") from err
        try:
            return cls.from_json(text)
        except DocumentError as err:
            raise DocumentError(f"{path}: {err}; give the out/<stem>.json that 'bilingual translate' wrote") from err

    def save(self, path: str | Path) -> Path:
        """Write the document as JSON, atomically."""
        from .fileio import write_text

        return write_text(path, self.to_json())
