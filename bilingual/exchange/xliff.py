"""XLIFF 1.2 export and import (translate-toolkit's ``translate.storage.xliff``).

Export — one ``<file>`` whose ``original`` is the article's file name, with a header naming
the tool and the document (``<note from="bilingual">document: urn:uuid:…</note>``); one
``<trans-unit>`` per sentence (:func:`~bilingual.exchange.units.iter_units`) with:

* ``id`` — the stable unit id (``b3s2-5f0c1d2e9a7b``);
* ``<target state=…>`` by origin — machine: ``needs-review-translation`` with
  ``state-qualifier="leveraged-mt"``; aligned: ``translated`` (``needs-review-translation``
  when the link is flagged); human: ``final`` and ``approved="yes"``; no translation: no target;
* ``<note>``\\ s — the block it is in, each glossary term (``Glossary: «Путина» = Putin``), each
  glossary issue, alignment warnings;
* ``<alt-trans origin="machine-translation">`` — the machine output a human edit replaced.

Import — :func:`apply_xliff` checks the whole file first and changes nothing unless all is
well: it must be XLIFF 1.x, be for this document (identity note, else ``original``), and every
unit id must exist with the same Russian text. Then each target that differs from the document
(whitespace runs count as one space) replaces it; the sentence becomes ``origin="human"``,
keeping the machine output in ``machine_target``. A unit with an empty target leaves the
sentence alone (an import never erases a translation).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DocumentError, InputError
from ..model import Document, Sentence
from .units import Unit, document_identity, iter_units, xml_text

__all__ = ["XLIFF_VERSION", "export_xliff", "write_xliff", "apply_xliff", "import_xliff", "ImportReport", "Change"]

XLIFF_VERSION = "1.2"
_NS = "urn:oasis:names:tc:xliff:document:1.2"
_TOOL = "bilingual"
_IDENTITY_PREFIX = "document: "
_MAX_LISTED = 3


@dataclass(frozen=True)
class Change:
    """One segment whose English an import replaced."""

    unit_id: str
    block: int  #: 1-based
    sentence: int  #: 1-based
    source: str
    old: str
    new: str


@dataclass
class ImportReport:
    """What :func:`apply_xliff` did."""

    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0  #: units whose target equals the document's
    kept_empty: int = 0  #: units with an empty target where the document has English (left alone)
    untranslated: int = 0  #: units with no target on either side
    units: int = 0  #: units in the file
    glossary_issues: int = 0  #: glossary issues in the edited segments after the import

    @property
    def count(self) -> int:
        """How many segments changed."""
        return len(self.changed)


# --------------------------------------------------------------------------- export
def _skeleton(doc: Document) -> bytes:
    from xml.sax.saxutils import quoteattr

    original = xml_text(Path(doc.meta.source_file).name) or "document"
    src, tgt = doc.meta.source_lang or "ru", doc.meta.target_lang or "en"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff version="{XLIFF_VERSION}" xmlns="{_NS}">\n'
        f"<file original={quoteattr(original)} source-language={quoteattr(src)} "
        f'target-language={quoteattr(tgt)} datatype="plaintext" tool-id="{_TOOL}">\n'
        "<header/>\n<body/>\n</file>\n</xliff>\n"
    ).encode("utf-8")


def _header(store: Any, doc: Document) -> None:
    from lxml import etree

    from .. import __version__

    filenode = next(store.document.getroot().iterchildren(f"{{{_NS}}}file"))
    header = store.getheadernode(filenode, createifmissing=True)
    tool = etree.SubElement(header, f"{{{_NS}}}tool")
    tool.set("tool-id", _TOOL)
    tool.set("tool-name", "bilingual")
    tool.set("tool-version", __version__)
    for text in (
        f"{_IDENTITY_PREFIX}{document_identity(doc)}",
        "Edit the <target> texts only; keep unit ids and sources. "
        "Bring the file back with: bilingual import <document>.json <this file>",
    ):
        note = etree.SubElement(header, f"{{{_NS}}}note")
        note.set("from", _TOOL)
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


def export_xliff(doc: Document, *, low_confidence: float = 0.5) -> bytes:
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
        if xml_text(s.target).strip():
            tu.target = xml_text(s.target)
            _set_state(tu, s, low_confidence)
        for text in _notes(unit, low_confidence):
            tu.addnote(xml_text(text), origin=_TOOL)
        if s.origin == "human" and s.machine_target.strip() and s.machine_target != s.target:
            tu.addalttrans(xml_text(s.machine_target), origin="machine-translation")
    root = store.document.getroot()
    etree.cleanup_namespaces(root)
    return bytes(store)


def write_xliff(doc: Document, path: str | Path, *, low_confidence: float = 0.5) -> Path:
    """Write :func:`export_xliff` to ``path`` atomically."""
    from ..fileio import write_bytes

    return write_bytes(path, export_xliff(doc, low_confidence=low_confidence))


# --------------------------------------------------------------------------- import
@dataclass(frozen=True)
class _Incoming:
    id: str
    source: str
    target: str


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _parse(data: bytes, name: str) -> tuple[Any, list[_Incoming]]:
    from lxml import etree
    from translate.storage import xliff

    if not data.strip():
        raise DocumentError(f"{name} is empty; give the XLIFF file your CAT tool saved")
    try:
        store = xliff.xlifffile.parsestring(data)
    except etree.XMLSyntaxError as err:
        raise DocumentError(f"{name} is not well-formed XML ({err.msg}); give the XLIFF file your CAT tool saved") from err
    except (ValueError, StopIteration) as err:
        if "2." in str(err):
            raise DocumentError(
                f"{name} is XLIFF 2.x; bilingual reads back XLIFF 1.2 — save it in the format 'bilingual export' wrote"
            ) from err
        raise DocumentError(f"{name} is not an XLIFF 1.2 file (no <xliff><file> structure); give the .xlf that 'bilingual export' wrote") from err
    root = store.document.getroot()
    if etree.QName(root).localname != "xliff" or not str(etree.QName(root).namespace or "").startswith(
        "urn:oasis:names:tc:xliff:document:1."
    ):
        raise DocumentError(f"{name} is not an XLIFF 1.x file (root <{etree.QName(root).localname}>); give the .xlf that 'bilingual export' wrote")
    units = []
    for u in store.units:
        uid = u.xmlelement.get("id") or ""
        units.append(_Incoming(uid, u.source or "", u.target or ""))
    return store, units


def _identity(store: Any) -> tuple[str | None, list[str]]:
    """(document identity from the header notes, ``original`` of every <file>)."""
    root = store.document.getroot()
    ns = root.nsmap.get(None) or _NS
    identity = None
    originals = []
    for filenode in root.iterchildren(f"{{{ns}}}file"):
        originals.append(filenode.get("original") or "")
        header = filenode.find(f"{{{ns}}}header")
        if header is not None:
            for note in header.iterchildren(f"{{{ns}}}note"):
                text = (note.text or "").strip()
                if text.startswith(_IDENTITY_PREFIX):
                    identity = text[len(_IDENTITY_PREFIX) :].strip()
    return identity, originals


def _check_document(store: Any, doc: Document, name: str) -> None:
    identity, originals = _identity(store)
    mine = document_identity(doc)
    source_name = xml_text(Path(doc.meta.source_file).name)
    if len(originals) != 1:
        raise DocumentError(f"{name} holds {len(originals)} <file> sections; bilingual exports one — give the file it wrote")
    if identity is not None and identity != mine:
        raise DocumentError(
            f"{name} was exported from another document ({identity}), not this one ({mine}); "
            "export again from this document's JSON"
        )
    if identity is None and source_name and originals[0] not in (source_name, "NoName", ""):
        raise DocumentError(
            f"{name} was made for '{originals[0]}', not for '{source_name}'; export again from this document's JSON"
        )


def _match_units(doc: Document, units: list[_Incoming], name: str) -> list[tuple[_Incoming, Unit]]:
    known = {u.id: u for u in iter_units(doc)}
    seen: set[str] = set()
    unknown, duplicate, moved = [], [], []
    pairs = []
    for inc in units:
        if inc.id in seen:
            duplicate.append(inc.id)
            continue
        seen.add(inc.id)
        unit = known.get(inc.id)
        if unit is None:
            unknown.append(inc.id or "(no id)")
            continue
        if _norm(inc.source) != _norm(xml_text(unit.sentence.source)):
            moved.append(inc.id)
            continue
        pairs.append((inc, unit))
    if unknown:
        raise DocumentError(
            f"{name} has {len(unknown)} unit id(s) this document does not have ({_listing(unknown)}); "
            "it was made for another document or another version of this one — export again and redo the edits there"
        )
    if duplicate:
        raise DocumentError(f"{name} repeats unit id(s) {_listing(duplicate)}; give the file as your CAT tool saved it")
    if moved:
        raise DocumentError(
            f"{name}: the Russian source of unit(s) {_listing(moved)} was changed in the file; "
            "edit only the English targets and import again"
        )
    return pairs


def _listing(ids: list[str]) -> str:
    shown = ", ".join(ids[:_MAX_LISTED])
    return shown + (f" and {len(ids) - _MAX_LISTED} more" if len(ids) > _MAX_LISTED else "")


def apply_xliff(doc: Document, data: bytes, *, name: str = "the XLIFF file") -> ImportReport:
    """Take the edited targets of an XLIFF file into ``doc`` (in place).

    Everything is checked before anything changes: on any :class:`DocumentError` the document
    is as it was.
    """
    store, units = _parse(data, name)
    _check_document(store, doc, name)
    pairs = _match_units(doc, units, name)
    report = ImportReport(units=len(units))
    edits: list[tuple[Unit, str]] = []
    for inc, unit in pairs:
        new, old = _norm(inc.target), _norm(xml_text(unit.sentence.target))
        if not new:
            if old:
                report.kept_empty += 1
            else:
                report.untranslated += 1
        elif new == old:
            report.unchanged += 1
        else:
            edits.append((unit, new))
    for unit, new in edits:
        s = unit.sentence
        report.changed.append(Change(unit.id, unit.block_index + 1, unit.sentence_index + 1, s.source, s.target, new))
        _mark_human(s, new)
    if edits:
        report.glossary_issues = _recheck([u.sentence for u, _ in edits])
        from ..pipeline import finish_document

        finish_document(doc)
    return report


def _mark_human(s: Sentence, new: str) -> None:
    if s.origin == "machine" and not s.machine_target:
        s.machine_target = s.target
    s.target = new
    s.origin = "human"
    s.confidence = None


def _recheck(sentences: list[Sentence]) -> int:
    if not any(s.terms for s in sentences):
        return 0
    from ..glossary.enforce import check_sentence

    return sum(len(check_sentence(s)) for s in sentences)


def import_xliff(document: str | Path, xliff_path: str | Path) -> ImportReport:
    """Apply an edited XLIFF file to the JSON document at ``document`` and save it atomically
    (only if something changed). Raises :class:`DocumentError` / :class:`InputError`, leaving
    the JSON untouched, when the file cannot be applied."""
    xliff_path = Path(xliff_path)
    doc = Document.load(document)
    try:
        data = xliff_path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"{xliff_path}: no such file; give the XLIFF file your CAT tool saved") from err
    except IsADirectoryError as err:
        raise InputError(f"{xliff_path} is a folder; give the XLIFF file your CAT tool saved") from err
    except OSError as err:
        raise InputError(f"{xliff_path}: cannot read it ({err.strerror or err})") from err
    report = apply_xliff(doc, data, name=str(xliff_path))
    if report.changed:
        doc.save(document)
    return report
