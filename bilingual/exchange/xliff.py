"""XLIFF 1.2 export (translate-toolkit's ``translate.storage.xliff``); the import is in
:mod:`.xliff_import`.

Export — one ``<file>`` whose ``original`` is the article's file name, with a header naming
the tool, the document (``<note from="bilingual">document: urn:uuid:…</note>``) and the
document's revision (``revision: 3f9a…``, :func:`~bilingual.exchange.units.document_revision`);
one ``<trans-unit>`` per sentence (:func:`~bilingual.exchange.units.iter_units`) with:

* ``id`` — the stable unit id (``b3s2-5f0c1d2e9a7b``);
* ``extradata="bilingual-base:<hash>"`` — :func:`~bilingual.exchange.units.target_stamp` of the
  English the unit carries (XLIFF 1.2's attribute "for use by the tool"; CAT tools leave it
  alone), so an import knows which targets the editor changed;
* ``<target state=…>`` by origin — machine: ``needs-review-translation`` with
  ``state-qualifier="leveraged-mt"``; aligned: ``translated`` (``needs-review-translation``
  when the link is flagged); human: ``final`` and ``approved="yes"``; no translation: no target;
* ``<note>``\\ s — the block it is in, each glossary term (``Glossary: «Путина» = Putin``), each
  glossary issue, alignment warnings;
* ``<alt-trans origin="machine-translation">`` — the machine output a human edit replaced.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..align.confidence import REVIEW_BELOW
from ..model import Document, Sentence
from .units import Unit, document_identity, document_revision, iter_units, target_stamp, xml_text

__all__ = ["XLIFF_VERSION", "export_xliff", "write_xliff"]

XLIFF_VERSION = "1.2"
NS = "urn:oasis:names:tc:xliff:document:1.2"
TOOL = "bilingual"
IDENTITY_PREFIX = "document: "
REVISION_PREFIX = "revision: "
BASE_PREFIX = "bilingual-base:"  #: the ``extradata`` value: this prefix, then the target stamp


# --------------------------------------------------------------------------- export
def _skeleton(doc: Document) -> bytes:
    from xml.sax.saxutils import quoteattr

    original = xml_text(Path(doc.meta.source_file).name) or "document"
    src, tgt = doc.meta.source_lang or "ru", doc.meta.target_lang or "en"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff version="{XLIFF_VERSION}" xmlns="{NS}">\n'
        f"<file original={quoteattr(original)} source-language={quoteattr(src)} "
        f'target-language={quoteattr(tgt)} datatype="plaintext" tool-id="{TOOL}">\n'
        "<header/>\n<body/>\n</file>\n</xliff>\n"
    ).encode("utf-8")


def _header(store: Any, doc: Document) -> None:
    from lxml import etree

    from .. import __version__

    filenode = next(store.document.getroot().iterchildren(f"{{{NS}}}file"))
    header = store.getheadernode(filenode, createifmissing=True)
    tool = etree.SubElement(header, f"{{{NS}}}tool")
    tool.set("tool-id", TOOL)
    tool.set("tool-name", "bilingual")
    tool.set("tool-version", __version__)
    for text in (
        f"{IDENTITY_PREFIX}{document_identity(doc)}",
        f"{REVISION_PREFIX}{document_revision(doc)}",
        "Edit the <target> texts only; keep unit ids and sources. "
        "Bring the file back with: bilingual import <document>.json <this file>",
    ):
        note = etree.SubElement(header, f"{{{NS}}}note")
        note.set("from", TOOL)
        note.text = text


_KIND_LABEL = {"heading": "Heading", "paragraph": "Paragraph", "quote": "Quotation", "caption": "Photo caption"}


def _notes(unit: Unit, low_confidence: float) -> Iterator[str]:
    s = unit.sentence
    where = _KIND_LABEL.get(unit.block.kind, "Block")
    yield f"{'Photo credit' if s.role == 'credit' else where}, block {unit.block_index + 1}, sentence {unit.sentence_index + 1}"
    seen = set()
    for t in s.terms:
        if (t.text, t.target) not in seen:
            seen.add((t.text, t.target))
            yield f"Glossary: «{t.text}» = {t.target}"
    for issue in s.issues:
        yield f"Glossary check: {issue.message or f'expected “{issue.target}”'}"
    if s.origin == "aligned":
        if not s.target:
            yield (
                "Aligned translation: no separate English for this sentence (merged into the previous "
                "sentence's English, or left out by the translator)"
            )
        elif s.confidence is not None and s.confidence < low_confidence:
            yield f"Aligned translation: low confidence ({s.confidence:.2f}); check that this English belongs to this sentence"


def _set_state(unit: Any, sentence: Sentence, low_confidence: float) -> None:
    target = unit.getlanguageNode(lang=None, index=1)
    if sentence.origin == "human":
        target.set("state", "final")
        unit.xmlelement.set("approved", "yes")
        return
    if "approved" in unit.xmlelement.attrib:
        del unit.xmlelement.attrib["approved"]
    if sentence.origin == "machine":
        target.set("state", "needs-review-translation")
        target.set("state-qualifier", "leveraged-mt")
    elif sentence.origin == "aligned" and sentence.confidence is not None and sentence.confidence < low_confidence:
        target.set("state", "needs-review-translation")
    else:
        target.set("state", "translated")


def export_xliff(doc: Document, *, low_confidence: float = REVIEW_BELOW) -> bytes:
    """The XLIFF 1.2 bytes for ``doc`` (deterministic: the same document gives the same bytes)."""
    from lxml import etree
    from translate.storage import xliff

    store = xliff.xlifffile.parsestring(_skeleton(doc))
    _header(store, doc)
    filename = xml_text(Path(doc.meta.source_file).name) or "document"
    for unit in iter_units(doc):
        s = unit.sentence
        tu = store.addsourceunit(xml_text(s.source), filename=filename)
        tu.setid(unit.id)
        tu.xmlelement.set("extradata", BASE_PREFIX + target_stamp(s.target))
        if xml_text(s.target).strip():
            tu.target = xml_text(s.target)
            _set_state(tu, s, low_confidence)
        for text in _notes(unit, low_confidence):
            tu.addnote(xml_text(text), origin=TOOL)
        if s.origin == "human" and s.machine_target.strip() and s.machine_target != s.target:
            tu.addalttrans(xml_text(s.machine_target), origin="machine-translation")
    root = store.document.getroot()
    etree.cleanup_namespaces(root)
    return bytes(store)


def write_xliff(doc: Document, path: str | Path, *, low_confidence: float = REVIEW_BELOW) -> Path:
    """Write :func:`export_xliff` to ``path`` atomically."""
    from ..fileio import write_bytes

    return write_bytes(path, export_xliff(doc, low_confidence=low_confidence))
