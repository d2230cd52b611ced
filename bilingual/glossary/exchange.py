r"""Import and export glossaries as TSV, CSV or TBX (chosen by the file extension).

* **TSV** (``.tsv``, ``.tab``, ``.txt``): this tool's own format (see :mod:`.tsv`); OmegaT
  glossaries (three columns, no header) read as they are.
* **CSV** (``.csv``): a header row ``source,target,note[,kind,match,forms]`` on export; on import
  the header is optional, and DeepL's four-column rows ``source,target,ru,en`` are understood.
* **TBX** (``.tbx``): the ISO 30042 TermBase eXchange format, read and written with
  translate-toolkit's ``translate.storage.tbx``. Each entry is a ``termEntry`` with a ``ru`` and
  an ``en`` ``langSet``; the note is a ``<note>``, optional columns are ``<descrip type="kind">``
  etc. On import the Russian and English terms are found by their ``xml:lang``, whatever order
  the file lists them in; a term's whole text counts (inline markup such as ``<hi>`` included,
  entities the file declares expanded — nothing outside the file is ever read), and an entry
  whose Russian or English term is empty is refused, naming it.

Export writes entries only (comments stay in the TSV you curate). Import merges into a
glossary: new sources are appended, identical entries are left alone, and a source that is
already there with another target is refused — naming it — unless ``force`` replaces it; so is
a new one-letter source (``в``: it would match every preposition). Nothing is written when
anything is refused.

Comments and ``#``: in TSV and CSV a line starting with ``#`` is a comment; a source that starts
with ``#`` is written ``\#хэштег`` in TSV and quoted, ``"#хэштег"``, in CSV (export does both).
A file being imported must not look like it holds entries behind ``#`` (``#хэштег<TAB>hashtag``,
which DeepL reads as an entry): such a line is refused, naming it, rather than skipped. Fields
with control characters (NUL, …) are refused too, and a byte-order mark opening a line (two
files joined) is dropped.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GlossaryError
from .core import Glossary
from .tsv import (
    COLUMNS,
    EXTRA_COLUMNS,
    MATCH_MODES,
    Entry,
    GlossaryFile,
    control_character,
    decode_glossary_bytes,
    one_letter_problem,
    source_key,
)

__all__ = ["FORMATS", "format_of", "read_entries", "write_entries", "export_glossary", "import_glossary", "ImportReport", "ImportConflict"]

#: File extension → format.
FORMATS = {".tsv": "tsv", ".tab": "tsv", ".txt": "tsv", ".csv": "csv", ".tbx": "tbx"}
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*$")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_SPACE = re.compile(r"[ \t\r\n]+")
#: A comment line that looks like an entry: ``#word<TAB>target`` (TSV) or ``#word,target`` (CSV).
_ENTRY_LIKE = {"tsv": re.compile(r"\s*#[^\W_][^\t]*\t\s*[^\s\t]"), "csv": re.compile(r"\s*#[^\W_][^,]*,\s*[^\s,]")}
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def format_of(path: str | Path) -> str:
    """``tsv``, ``csv`` or ``tbx`` from the extension; :class:`GlossaryError` otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise GlossaryError(f"{path}: unknown glossary format {suffix or '(no extension)'!r}; use .tsv, .csv or .tbx")
    return FORMATS[suffix]


# ---------------------------------------------------------------------------- reading
def read_entries(path: str | Path) -> list[Entry]:
    """Entries of a TSV, CSV or TBX file, validated like a glossary (errors name the line)."""
    path = Path(path)
    fmt = format_of(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(f"{path}: no such file") from None
    except OSError as err:
        raise GlossaryError(f"{path}: cannot read it ({err.strerror or err})") from None
    if fmt == "tsv":
        gf = GlossaryFile.parse(data, path)
        for i, line in enumerate(gf.lines):
            _refuse_entry_like_comment(line, "tsv", path, i + 1)
        return gf.entries
    entries = _read_csv(data, path) if fmt == "csv" else _read_tbx(data, path)
    _validate(entries, path)
    return entries


def _refuse_entry_like_comment(line: str, fmt: str, path: Path, number: int) -> None:
    if _ENTRY_LIKE[fmt].match(line):
        word = line.strip().split("\t" if fmt == "tsv" else ",")[0]
        escaped = f"\\{word}" if fmt == "tsv" else f'"{word}"'
        raise GlossaryError(
            f"{path}, line {number}: «{word}» starts with '#', so this line is a comment; write {escaped} for a "
            "source that starts with '#', or '# ' for a comment; nothing imported"
        )


def _csv_without_comments(text: str, path: Path) -> str:
    """CSV text with its comment lines blanked (line numbers kept): lines starting with an
    unquoted ``#`` outside a quoted field; a byte-order mark opening a line is dropped."""
    out: list[str] = []
    quoted = False
    for number, line in enumerate(_LINES.findall(text), 1):
        line = line.lstrip("\ufeff")
        if not quoted and line.lstrip().startswith("#"):
            _refuse_entry_like_comment(line, "csv", path, number)
            out.append(line[len(line.rstrip("\r\n")):])
            continue
        quoted ^= line.count('"') % 2 == 1
        out.append(line)
    return "".join(out)


def _read_csv(data: bytes, path: Path) -> list[Entry]:
    text = _csv_without_comments(decode_glossary_bytes(data, str(path)), path)
    reader = csv.reader(io.StringIO(text, newline=""))
    columns: list[str] | None = None
    entries: list[Entry] = []
    try:
        for row in reader:
            line = reader.line_num
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            if columns is None and not entries and len(cells) >= 2 and [c.lower() for c in cells[:2]] == ["source", "target"]:
                columns = [c.lower() for c in cells]
                continue
            names = columns or _headerless_columns(cells)
            while len(cells) > len(names) and not cells[-1]:
                cells.pop()
            if len(cells) < 2:
                raise GlossaryError(f"{path}, line {line}: expected at least 2 comma-separated columns (source, target)")
            if len(cells) > len(names):
                raise GlossaryError(f"{path}, line {line}: {len(cells)} columns but the header has {len(names)}")
            values = {k: v for k, v in zip(names, cells) if k}
            source, target, note = values.pop("source", ""), values.pop("target", ""), values.pop("note", "")
            entries.append(Entry(source, target, note, {k: v for k, v in values.items() if v}, line))
    except csv.Error as err:
        raise GlossaryError(f"{path}, line {reader.line_num}: malformed CSV ({err})") from None
    return entries


def _headerless_columns(cells: list[str]) -> list[str]:
    if len(cells) == 4 and _LANG.match(cells[2]) and _LANG.match(cells[3]):  # DeepL: source,target,src_lang,tgt_lang
        return ["source", "target", "", ""]
    return list(COLUMNS)


def _read_tbx(data: bytes, path: Path) -> list[Entry]:
    from lxml import etree
    from translate.storage import tbx

    try:
        root = etree.fromstring(data, _safe_parser())
        store = tbx.tbxfile.parsestring(etree.tostring(root, encoding="UTF-8"))
    except etree.XMLSyntaxError as err:
        raise GlossaryError(f"{path}, line {err.lineno}: not valid TBX/XML ({err.msg})") from None
    except Exception as err:  # translate-toolkit raises assorted errors for non-TBX XML
        raise GlossaryError(f"{path}: not a TBX file ({err})") from None
    elements = list(root.iter("{*}termEntry"))
    if len(elements) != len(store.units):  # e.g. a namespaced TBX 3 file, which the toolkit does not read
        raise GlossaryError(f"{path}: {len(elements)} termEntry elements but {len(store.units)} readable; save it as TBX 2 (martif)")
    entries = []
    for n, (element, unit) in enumerate(zip(elements, store.units), 1):
        terms = _tbx_terms(element, path, element.get("id") or f"#{n}")
        source = terms.get("ru", unit.source or "")
        target = terms.get("en", unit.target or "")
        extra = {
            d.get("type", "").lower(): _tbx_text(d)
            for d in element.iter("{*}descrip", "descrip")
            if d.get("type", "").lower() in EXTRA_COLUMNS and _tbx_text(d)
        }
        entries.append(Entry(str(source).strip(), str(target).strip(), unit.getnotes().strip(), extra, element.sourceline or 0))
    return entries


def _safe_parser():  # type: ignore[no-untyped-def]
    """An lxml parser that expands the entities a TBX file declares itself (``&co;`` from its
    internal DTD subset; libxml2 caps their expansion) and never reads anything else: no
    external entities or DTDs, no network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities="internal", load_dtd=False, no_network=True, huge_tree=False)


def _tbx_text(element) -> str:  # type: ignore[no-untyped-def]
    """All the text of ``element`` (inline markup such as ``<hi>`` included), XML whitespace
    runs as one space."""
    return _XML_SPACE.sub(" ", element.xpath("string()")).strip()


def _tbx_terms(element, path: Path, entry_id: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The first term of each language of a ``termEntry``; an empty Russian or English term is refused."""
    terms: dict[str, str] = {}
    for lang_set in element.iter("{*}langSet", "langSet"):
        lang = (lang_set.get(_XML_LANG) or "").lower().split("-")[0]
        found = list(lang_set.iter("{*}term", "term"))
        texts = [_tbx_text(t) for t in found]
        text = next((t for t in texts if t), "")
        if found and not text and lang in ("ru", "en") and lang not in terms:
            raise GlossaryError(
                f"{path}, line {found[0].sourceline}: the {'Russian' if lang == 'ru' else 'English'} term of "
                f"entry {entry_id} is empty; write the term or delete the entry"
            )
        terms.setdefault(lang, text)
    return terms


def _validate(entries: list[Entry], path: Path) -> None:
    seen: dict[str, Entry] = {}
    for e in entries:
        where = f"{path}, line {e.line}"
        for value in (e.source, e.target, e.note, *e.extra.values()):
            if any(ch in value for ch in "\t\r\n"):
                raise GlossaryError(f"{where}: a field contains a tab or line break; glossary fields are single-line")
            bad = control_character(value)
            if bad:
                raise GlossaryError(f"{where}: the field {value!r} contains the control character {bad}; delete it")
        if not e.source:
            raise GlossaryError(f"{where}: the source is empty; write the Russian term or delete the entry")
        if not e.target:
            raise GlossaryError(f"{where}: «{e.source}» has an empty target; write its English or delete the entry")
        mode = e.extra.get("match", "")
        if mode and mode not in MATCH_MODES:
            raise GlossaryError(f"{where}: match says {mode!r}; use one of {', '.join(MATCH_MODES)}")
        key = source_key(e.source)
        first = seen.setdefault(key, e)
        if first is not e and first.target != e.target:
            raise GlossaryError(
                f"{where}: «{e.source}» is already on line {first.line} with another target "
                f"({first.target!r} there, {e.target!r} here); keep one"
            )


# ---------------------------------------------------------------------------- writing
def _columns(entries: list[Entry]) -> list[str]:
    used = {k for e in entries for k in e.extra}
    return [*COLUMNS, *[c for c in EXTRA_COLUMNS if c in used], *sorted(used - set(EXTRA_COLUMNS))]


def write_entries(entries: list[Entry], path: str | Path) -> Path:
    """Write ``entries`` to ``path`` (format by extension), atomically."""
    from ..fileio import write_bytes

    path = Path(path)
    fmt = format_of(path)
    columns = _columns(entries)
    if fmt == "tsv":
        gf = GlossaryFile.new(path, columns)
        gf.lines.extend(gf.format_row(e) for e in entries)
        data = gf.to_text().encode("utf-8")
    elif fmt == "csv":
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\r\n")
        quoting = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL)  # "#…" is no comment
        writer.writerow(columns)
        for e in entries:
            values = {"source": e.source, "target": e.target, "note": e.note, **e.extra}
            (quoting if e.source.startswith("#") else writer).writerow([values.get(c, "") for c in columns])
        data = buf.getvalue().encode("utf-8")
    else:
        data = _tbx_bytes(entries)
    return write_bytes(path, data)


def _tbx_bytes(entries: list[Entry]) -> bytes:
    from lxml import etree
    from translate.storage import tbx

    store = tbx.tbxfile(sourcelanguage="ru", targetlanguage="en")
    for e in entries:
        unit = store.addsourceunit(e.source)
        unit.settarget(e.target)
        if e.note:
            unit.addnote(e.note)
        for i, (name, value) in enumerate(e.extra.items()):
            descrip = etree.Element("descrip", type=name)
            descrip.text = value
            unit.xmlelement.insert(i, descrip)
    return bytes(store)


def export_glossary(glossary: Glossary, path: str | Path) -> int:
    """Write the glossary's entries to ``path`` (TSV, CSV or TBX by extension); returns the count."""
    path = Path(path)
    if glossary.path is not None and path.resolve() == Path(glossary.path).resolve():
        raise GlossaryError(f"{path} is the glossary itself; export to another file")
    write_entries(glossary.entries, path)
    return len(glossary)


def _refuse_one_letter(glossary: Glossary, incoming: list[Entry], path: str | Path) -> None:
    """A new one-letter source (or form) is refused; one already in the glossary as it is, is not."""
    for e in incoming:
        old = glossary.get(e.source)
        if old is not None and (old.target, old.forms) == (e.target, e.forms):
            continue
        problem = one_letter_problem(*e.variants)
        if problem:
            raise ImportConflict(f"{path}, line {e.line}: {problem}; nothing imported")


class ImportConflict(GlossaryError):
    """An import refused because of a conflict or a one-letter source; ``force`` would import it."""


@dataclass
class ImportReport:
    """What an import did."""

    added: list[Entry] = field(default_factory=list)
    replaced: list[Entry] = field(default_factory=list)
    unchanged: int = 0


def import_glossary(glossary: Glossary, path: str | Path, *, force: bool = False) -> ImportReport:
    """Merge the entries of ``path`` into ``glossary`` (in memory; call ``glossary.save()``).

    A source already present with another target is a conflict: refused (nothing changes,
    the error names the first conflict and how many there are) unless ``force`` replaces them.
    """
    incoming = read_entries(path)
    if not force:
        _refuse_one_letter(glossary, incoming, path)
    report = ImportReport()
    conflicts: dict[str, tuple[Entry, Entry]] = {}
    for e in incoming:
        old = glossary.get(e.source)
        if old is not None and old.target != e.target:
            conflicts.setdefault(source_key(e.source), (e, old))
    if conflicts and not force:
        e, old = next(iter(conflicts.values()))
        more = f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else ""
        raise ImportConflict(
            f"{path}, line {e.line}: «{e.source}» → {e.target!r} conflicts with line {old.line} of the glossary "
            f"({old.target!r}){more}; nothing imported"
        )
    edits: list[tuple[Entry, Entry | None]] = []
    queued: set[str] = set()
    for e in incoming:
        old = glossary.get(e.source)
        if source_key(e.source) in queued or (old is not None and old.target == e.target):  # same entry (its note/columns may differ: ours stay)
            report.unchanged += 1
            continue
        queued.add(source_key(e.source))
        edits.append((Entry(e.source, e.target, e.note, dict(e.extra)), old))
    for (_, old), new in zip(edits, glossary.put(edits)):
        (report.replaced if old is not None else report.added).append(new)
    return report
