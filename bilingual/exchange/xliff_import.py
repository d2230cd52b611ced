"""XLIFF 1.2 import: an editor's targets back into the document, never losing newer work.

:func:`apply_xliff` checks the whole file first and changes nothing unless all is well: it must
be XLIFF 1.x, be for this document (identity note, else ``original``), and every unit id must
exist with the same Russian text. Then each unit is decided on its own (whitespace runs count as
one space; an empty target never erases a translation):

* the editor's target equals the document's — unchanged;
* the editor did **not** change the unit (its target equals what the export carried, the
  ``extradata`` stamp) but the document did since (another import, a translate run) — the
  document's newer English is kept (``outdated``): a stale file cannot revert anything;
* the editor changed it and the document did not — applied: ``origin="human"``, the machine
  output kept in ``machine_target``;
* both changed it (a **conflict**) and the document's English is a human edit or an aligned
  translation — the document's is kept and the editor's is reported in
  :attr:`ImportReport.conflicts` (:func:`import_xliff` saves it in ``<stem>.conflicts.json``,
  added to, never replaced). Over machine output the editor's English is applied: no person's
  work is lost, and the machine text stays in ``machine_target``.

A file without the per-unit stamps (made before they existed, or by a tool that dropped them)
falls back on the header's document revision: the same revision means nothing changed since the
export; otherwise a human edit is never replaced by its own earlier machine output, and a
different text over a human edit is a conflict. TMX files are exported only, never imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DocumentError, InputError
from ..locking import DEFAULT_TIMEOUT
from ..model import Document, Sentence
from .units import Unit, document_identity, document_revision, iter_units, norm_target, target_stamp, xml_text
from .xliff import BASE_PREFIX, IDENTITY_PREFIX, NS, REVISION_PREFIX

__all__ = ["Change", "Conflict", "ImportReport", "apply_xliff", "import_xliff", "conflicts_path"]

_MAX_LISTED = 3
_REVIEWED = ("human", "aligned")


@dataclass(frozen=True)
class Change:
    """One segment whose English an import replaced."""

    unit_id: str
    block: int  #: 1-based
    sentence: int  #: 1-based
    source: str
    old: str
    new: str


@dataclass(frozen=True)
class Conflict:
    """A unit the editor changed whose sentence was also changed (by a person) since the export."""

    unit_id: str
    block: int  #: 1-based
    sentence: int  #: 1-based
    source: str
    target: str  #: the editor's English from the file (not applied)
    kept: str  #: the document's English (kept)


@dataclass
class ImportReport:
    """What :func:`apply_xliff` did."""

    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0  #: units whose target equals the document's
    kept_empty: int = 0  #: units with an empty target where the document has English (left alone)
    untranslated: int = 0  #: units with no target on either side
    units: int = 0  #: units in the file
    glossary_issues: int = 0  #: glossary issues in the edited segments after the import
    outdated: int = 0  #: units the editor left alone whose English the document changed since (kept)
    conflicts: list[Conflict] = field(default_factory=list)  #: changed on both sides: the document's kept
    stale: bool = False  #: the file was exported from an earlier revision of the document
    conflicts_path: Path | None = None  #: where :func:`import_xliff` saved the conflicts

    @property
    def count(self) -> int:
        """How many segments changed."""
        return len(self.changed)


@dataclass(frozen=True)
class _Incoming:
    id: str
    source: str
    target: str
    base: str | None  #: target stamp at export (``extradata``), None when the file has none


# --------------------------------------------------------------------------- reading the file
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
        element = u.xmlelement
        extradata = element.get("extradata") or ""
        base = extradata[len(BASE_PREFIX) :] if extradata.startswith(BASE_PREFIX) else None
        units.append(_Incoming(element.get("id") or "", u.source or "", u.target or "", base))
    return store, units


def _header(store: Any) -> tuple[str | None, str | None, list[str]]:
    """(document identity, document revision — from the header notes —, ``original`` of every <file>)."""
    root = store.document.getroot()
    ns = root.nsmap.get(None) or NS
    identity = revision = None
    originals = []
    for filenode in root.iterchildren(f"{{{ns}}}file"):
        originals.append(filenode.get("original") or "")
        header = filenode.find(f"{{{ns}}}header")
        if header is None:
            continue
        for note in header.iterchildren(f"{{{ns}}}note"):
            text = (note.text or "").strip()
            if text.startswith(IDENTITY_PREFIX):
                identity = text[len(IDENTITY_PREFIX) :].strip()
            elif text.startswith(REVISION_PREFIX):
                revision = text[len(REVISION_PREFIX) :].strip()
    return identity, revision, originals


def _check_document(identity: str | None, originals: list[str], doc: Document, name: str) -> None:
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
        if norm_target(inc.source) != norm_target(unit.sentence.source):
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


# --------------------------------------------------------------------------- deciding
def _decide(inc: _Incoming, s: Sentence, same_revision: bool | None) -> str:
    """What to do with one unit: ``untranslated``, ``kept_empty``, ``unchanged``, ``outdated``,
    ``conflict`` or ``apply``. ``same_revision``: the file's revision equals the document's
    (None when the file names no revision)."""
    new, cur = norm_target(inc.target), norm_target(s.target)
    if not new:
        return "kept_empty" if cur else "untranslated"
    if new == cur:
        return "unchanged"
    reviewed = s.origin in _REVIEWED
    if inc.base is not None:
        if target_stamp(new) == inc.base:
            return "outdated"  # the editor left it as exported; the document has newer English
        if target_stamp(cur) == inc.base:
            return "apply"  # only the editor changed it
        return "conflict" if reviewed else "apply"
    if same_revision:
        return "apply"
    if reviewed and new == norm_target(s.machine_target):
        return "outdated"  # a stale file's machine text over a later human edit
    if same_revision is None or not reviewed:
        return "apply"
    return "conflict"


def apply_xliff(doc: Document, data: bytes, *, name: str = "the XLIFF file") -> ImportReport:
    """Take the edited targets of an XLIFF file into ``doc`` (in place); see the module docstring.

    Everything is checked before anything changes: on any :class:`DocumentError` the document
    is as it was. Conflicts are only reported (the document keeps its English).
    """
    store, units = _parse(data, name)
    identity, revision, originals = _header(store)
    _check_document(identity, originals, doc, name)
    pairs = _match_units(doc, units, name)
    same = None if revision is None else revision == document_revision(doc)
    report = ImportReport(units=len(units), stale=same is False)
    edits: list[tuple[Unit, str]] = []
    for inc, unit in pairs:
        decision = _decide(inc, unit.sentence, same)
        if decision == "apply":
            edits.append((unit, norm_target(inc.target)))
        elif decision == "conflict":
            report.conflicts.append(_conflict(unit, norm_target(inc.target)))
        else:
            setattr(report, decision, getattr(report, decision) + 1)
    for unit, new in edits:
        s = unit.sentence
        report.changed.append(Change(unit.id, unit.block_index + 1, unit.sentence_index + 1, s.source, s.target, new))
        _mark_human(s, new)
    if edits:
        report.glossary_issues = _recheck([u.sentence for u, _ in edits])
        from ..pipeline import finish_document

        finish_document(doc)
    return report


def _conflict(unit: Unit, theirs: str) -> Conflict:
    s = unit.sentence
    return Conflict(unit.id, unit.block_index + 1, unit.sentence_index + 1, s.source, theirs, s.target)


def _mark_human(s: Sentence, new: str) -> None:
    if s.origin == "machine" and s.target.strip():
        s.machine_target = s.target
    s.target = new
    s.origin = "human"
    s.confidence = None


def _recheck(sentences: list[Sentence]) -> int:
    if not any(s.terms for s in sentences):
        return 0
    from ..glossary.enforce import check_sentence

    return sum(len(check_sentence(s)) for s in sentences)


# --------------------------------------------------------------------------- files
def conflicts_path(document: str | Path) -> Path:
    """``out/<stem>.conflicts.json`` for the document ``out/<stem>.json``."""
    document = Path(document)
    stem = document.name[: -len(".json")] if document.name.lower().endswith(".json") else document.stem
    return document.with_name(f"{stem}.conflicts.json")


def write_conflicts(conflicts: list[Conflict], path: str | Path, *, file: str = "") -> Path:
    """Add ``conflicts`` to the JSON list at ``path`` (merged under its lock, never replaced;
    the same unit with the same English from the editor is not repeated)."""
    import dataclasses
    from datetime import datetime, timezone

    from ..fileio import merge_json_records

    when = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    records = [{**dataclasses.asdict(c), "file": file, "saved": when} for c in conflicts]
    return merge_json_records(path, records, key=("unit_id", "source", "target"))[0]


def _read_xliff(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"{path}: no such file; give the XLIFF file your CAT tool saved") from err
    except IsADirectoryError as err:
        raise InputError(f"{path} is a folder; give the XLIFF file your CAT tool saved") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read it ({err.strerror or err})") from err


def import_xliff(document: str | Path, xliff_path: str | Path, *, timeout: float | None = DEFAULT_TIMEOUT) -> ImportReport:
    """Apply an edited XLIFF file to the JSON document at ``document`` and save it atomically
    (only if something changed); conflicts go to :func:`conflicts_path`.

    The document is locked (:func:`bilingual.locking.file_lock`) from before it is read until
    it is written, so a translate run or another import cannot interleave. Raises
    :class:`DocumentError` / :class:`InputError`, leaving the JSON untouched, when the file
    cannot be applied.
    """
    from ..locking import file_lock

    document, xliff_path = Path(document), Path(xliff_path)
    data = _read_xliff(xliff_path)
    with file_lock(document, timeout=timeout):
        doc = Document.load(document)
        report = apply_xliff(doc, data, name=str(xliff_path))
        if report.conflicts:
            report.conflicts_path = write_conflicts(report.conflicts, conflicts_path(document), file=str(xliff_path))
        if report.changed:
            doc.save(document)
    return report
