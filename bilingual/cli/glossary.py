"""CLI commands: ``bilingual glossary list|add|remove|scan|suggest|check|import|export``.

Each command calls one function of :mod:`bilingual.glossary`; data goes to stdout (TSV or
JSON, for pipes), notes and summaries to stderr. Commands that rewrite the glossary (``add``,
``remove``, ``import``, ``suggest --add``) or a document (``check --write``) hold the file's
lock (:func:`bilingual.locking.file_lock`) from reading it to writing it — or, for the slow
``suggest`` and ``check``, re-read it under the lock when another command wrote it meanwhile —
so two commands at once never drop each other's changes.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import typer

from . import app
from ._common import DEFAULT_GLOSSARY, err_console, guarded

glossary_app = typer.Typer(
    name="glossary",
    help=(
        "Curate the Russian→English glossary: names and terms found in every inflection and "
        "enforced in the translation. The file is UTF-8 TSV: source, target, note (plus optional "
        "kind, match, forms columns); '#' lines are comments (write \\# for a source that starts with #)."
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(glossary_app, name="glossary")

GlossaryOpt = typer.Option(DEFAULT_GLOSSARY, "-g", "--glossary", help="Glossary file (UTF-8 TSV).")
QuietOpt = typer.Option(False, "-q", "--quiet", help="No notes on stderr (errors and warnings still shown).")


def _note(message: str, quiet: bool = False) -> None:
    if not quiet:
        err_console.print(message, markup=False, highlight=False, soft_wrap=True)


def _warn(message: str) -> None:
    err_console.print(f"warning: {message}", markup=False, highlight=False, soft_wrap=True)


def _load_or_new(path: Path):  # type: ignore[no-untyped-def]
    """The glossary at ``path``, or a new empty one (with a header) when the file does not exist."""
    from ..glossary import Glossary, load_glossary
    from ..glossary.tsv import GlossaryFile

    if path.exists():
        return load_glossary(path)
    return Glossary(GlossaryFile.new(path))


@contextlib.contextmanager
def _editing(path: Path, *, create: bool = True, morphology: bool = False) -> Iterator[Any]:
    """The glossary at ``path`` (new if missing and ``create``), read and saved under its lock.
    ``morphology``: load pymorphy3 first (``add`` needs it), so others wait less for the lock."""
    from ..glossary import load_glossary
    from ..locking import file_lock

    if morphology:
        from ..glossary.match import default_morphology

        _ = default_morphology().analyzer
    with file_lock(path):
        yield _load_or_new(path) if create else load_glossary(path)


def _read_article(path: Path):  # type: ignore[no-untyped-def]
    """An article (.txt/.md via the reader) or a translated JSON document."""
    if path.suffix.lower() == ".json":
        from ..model import Document

        return Document.load(path)
    from ..read import read_document

    return read_document(path)


def _row(entry) -> str:  # type: ignore[no-untyped-def]
    """The entry as a TSV line that can be pasted back into a glossary (a '#' source as \\#)."""
    source = entry.source
    if source.startswith("#") or re.match(r"\\+#", source):
        source = "\\" + source
    cells = [source, entry.target, entry.note, *(entry.extra.get(k, "") for k in ("kind", "match", "forms"))]
    while len(cells) > 2 and not cells[-1]:
        cells.pop()
    return "\t".join(cells)


@glossary_app.command("list")
@guarded
def list_cmd(
    pattern: Optional[str] = typer.Argument(None, help="Show only entries whose source, target or note contains this (any case, ё = е), or that match it as Russian text (Путина lists Путин)."),
    glossary: Path = GlossaryOpt,
    quiet: bool = QuietOpt,
) -> None:
    """List entries as TSV (source, target, note, kind…). Exit status 1 when PATTERN matches nothing."""
    from ..glossary import load_glossary

    g = load_glossary(glossary)
    entries = g.lookup_pattern(pattern) if pattern else g.entries
    for e in entries:
        typer.echo(_row(e))
    if pattern and not entries:
        _note(f"no entry matches {pattern!r} in {glossary} ({len(g)} entries)", quiet)
        raise typer.Exit(1)
    _note(f"{len(entries)} of {len(g)} entries in {glossary}", quiet)


_HINTS = {
    "duplicate": "pass --force to replace that entry (columns you do not give are kept)",
    "twin": "pass --force to add it anyway",
    "overlap": "pass --force to add it anyway",
    "one-letter": "pass --force if you mean it",
}


@glossary_app.command("add")
@guarded
def add_cmd(
    source: str = typer.Argument(..., help="Russian term in its dictionary form, e.g. 'Ильхам Алиев'.", show_default=False),
    target: str = typer.Argument(..., help="English rendering, e.g. 'Ilham Aliyev'.", show_default=False),
    note: Optional[str] = typer.Option(None, "--note", "-n", help="A note for translators.", show_default=False),
    kind: str = typer.Option("", "--kind", help="person, place, org, acronym, term or phrase (needs a 'kind' column; added to the header if missing)."),
    match: str = typer.Option("", "--match", help="lemma (default), anycase or exact."),
    forms: str = typer.Option("", "--forms", help="Extra source spellings, '|'-separated."),
    force: bool = typer.Option(False, "--force", "-f", help="Add or replace despite a conflict: an entry with the same source or lemma (replaced in place, keeping the columns not given), an entry sharing inflected forms, a one-letter source."),
    sample: Optional[Path] = typer.Option(None, "--sample", help="A Russian text (.txt/.md/.json): show which of its matches the new entry would take over.", show_default=False),
    glossary: Path = GlossaryOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Add an entry (creating the file if needed).

    Refused (exit status 2, nothing written) unless --force: the same source or an inflected
    form of an entry (a twin), a source sharing inflected forms with another entry (Алиева beside
    Алиев: --sample FILE shows the matches that would change hands), a one-letter source.
    """
    from ..errors import GlossaryError
    from ..glossary import EntryConflict
    from ..glossary.tsv import Entry

    extra = {k: v for k, v in (("kind", kind), ("match", match), ("forms", forms)) if v}
    texts = _sample_texts(sample) if sample is not None else None
    with _editing(glossary, morphology=True) as g:
        created = not glossary.exists()
        new = Entry(" ".join(source.split()), " ".join(target.split()), (note or "").strip(), extra)
        if texts is not None and sample is not None:
            _show_handovers(g, new, texts, sample, quiet)
        if force and g.get(new.source) is None:
            for overlap in _safe_overlaps(g, new):
                _warn(f"«{new.source}» {overlap.describe()}; added anyway")
        try:
            action, entry, old = g.add(source, target, note, extra=extra, force=force)
        except EntryConflict as err:
            more = " (--sample FILE shows which matches in a text would change hands)" if err.kind == "overlap" and texts is None else ""
            raise GlossaryError(f"{err}; {_HINTS.get(err.kind, 'pass --force to add it anyway')}{more}") from None
        g.save()
    if created:
        _note(f"created {glossary}", quiet)
    was = f" (was {old.target!r} for «{old.source}»)" if old is not None else ""
    _note(f"{action} «{entry.source}» → {entry.target!r} on line {entry.line} of {glossary}{was}", quiet)


def _safe_overlaps(g, new) -> list:  # type: ignore[no-untyped-def]
    from ..errors import GlossaryError

    try:
        return g.overlaps(new)
    except GlossaryError:  # an invalid entry: g.add says what is wrong
        return []


def _sample_texts(path: Path) -> list[str]:
    """The block sources of a sample article (read before the glossary's lock is taken)."""
    return [b.source for b in _read_article(path).blocks]


def _show_handovers(g, new, texts: list[str], sample: Path, quiet: bool) -> None:  # type: ignore[no-untyped-def]
    """Print (stdout) each match in the sample that the new entry would change."""
    from ..errors import GlossaryError

    try:
        changes = g.handovers(new, texts)
    except GlossaryError:
        return  # an invalid entry: g.add says what is wrong
    for h in changes:
        before = f"«{h.before}»" if h.before else "(no match)"
        after = f"«{h.after}»" if h.after else "(no match)"
        typer.echo(f"block {h.block}\t{h.start}-{h.end}\t{h.text}\t{before} -> {after}")
    moved = sum(1 for h in changes if h.before)
    _note(f"{len(changes)} match{'es' if len(changes) != 1 else ''} in {sample} would change with «{new.source}» ({moved} taken from other entries)", quiet)


@glossary_app.command("remove")
@guarded
def remove_cmd(
    source: str = typer.Argument(..., help="The source of the entry to remove, as listed.", show_default=False),
    glossary: Path = GlossaryOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Remove an entry; comments and the order of the other lines are kept."""
    with _editing(glossary, create=False) as g:
        removed = g.remove(source)
        g.save()
    for e in removed:
        _note(f"removed «{e.source}» → {e.target!r} (was line {e.line} of {glossary})", quiet)


@glossary_app.command("scan")
@guarded
def scan_cmd(
    input: Path = typer.Argument(..., help="Russian article (.txt/.md) or a translated JSON document.", show_default=False),
    as_json: bool = typer.Option(False, "--json", help='JSON: [{"source", "target", "matches": [{"block", "start", "end", "text"}]}] ("block": 0-based index into the document\'s blocks; the text output counts from 1).'),
    glossary: Path = GlossaryOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Show every glossary entry found in an article, with each match (block, offsets, text).

    Words of the article written with Latin look-alike letters («Пyтин» with a Latin y) are
    matched as if spelt right and reported on stderr as spelling problems of the source.
    """
    from ..glossary import document_spelling, load_glossary, scan_document

    g = load_glossary(glossary)
    doc = _read_article(input)
    found = scan_document(doc, g)
    if as_json:
        typer.echo(json.dumps([e.to_dict() for e in found], ensure_ascii=False, indent=1))
    else:
        for e in found:
            forms = ", ".join(dict.fromkeys(m.text for m in e.matches))
            blocks = ", ".join(str(b + 1) for b in dict.fromkeys(m.block for m in e.matches))
            typer.echo(f"{e.source}\t{e.target}\t{len(e.matches)}×\t{forms}\tblocks {blocks}")
    for problem in document_spelling(doc):
        _warn(f"spelling: {problem.describe()}")
    total = sum(len(e.matches) for e in found)
    _note(f"{len(found)} of {len(g)} entries found, {total} matches in {len(doc.blocks)} blocks of {input}", quiet)


@glossary_app.command("check")
@guarded
def check_cmd(
    document: Path = typer.Argument(..., help="A translated JSON document, e.g. out/<stem>.json.", show_default=False),
    rematch: bool = typer.Option(False, "--rematch", help="Find the terms again with the glossary (-g) instead of those recorded at translation time."),
    write: bool = typer.Option(False, "--write", help="Store the findings in the JSON document (sentence issues)."),
    glossary: Path = GlossaryOpt,
    quiet: bool = QuietOpt,
) -> None:
    """List glossary violations: sentences whose English lacks an expected term.

    Exit status: 0 no violations, 1 violations found, 2 error (unreadable document or glossary).
    """
    from ..locking import Snapshot, file_lock

    gloss = None
    if rematch:
        from ..glossary import load_glossary

        gloss = load_glossary(glossary)
    before = Snapshot.of(document)
    doc, count = _checked(document, gloss)
    if write:
        with file_lock(document):
            if before.changed():  # written meanwhile (an import?): store the findings in that version
                doc, count = _checked(document, gloss)
            doc.save(document)
    checked = sum(1 for s in doc.sentences() if s.terms and s.target.strip())
    for bi, block in enumerate(doc.blocks):
        for si, s in enumerate(block.sentences):
            for issue in s.issues:
                text = next((t.text for t in s.terms if t.source == issue.source), issue.source)
                typer.echo(f"block {bi + 1}, sentence {si + 1}: «{text}» should be {issue.target!r}\n    English: {s.target}")
    if count:
        _note(f"{count} glossary violation{'s' if count != 1 else ''} in {document} ({checked} sentences with terms checked)", quiet)
        raise typer.Exit(1)
    _note(f"no glossary violations in {document} ({checked} sentences with terms checked)", quiet)


def _checked(document: Path, gloss: Any):  # type: ignore[no-untyped-def]
    """The document with its glossary findings (terms found again with ``gloss`` if given) and their count."""
    from ..glossary import check_document
    from ..model import Document

    doc = Document.load(document)
    if gloss is not None:
        from ..glossary.enforce import refresh_terms

        refresh_terms(doc, gloss)
    return doc, check_document(doc)


@glossary_app.command("import")
@guarded
def import_cmd(
    file: Path = typer.Argument(..., help="A .tsv, .csv or .tbx glossary to merge in.", show_default=False),
    force: bool = typer.Option(False, "--force", "-f", help="Replace entries whose target differs, and allow one-letter sources (otherwise nothing is imported)."),
    glossary: Path = GlossaryOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Merge a TSV, CSV (DeepL's too) or TBX glossary into the glossary file."""
    from ..errors import GlossaryError
    from ..glossary import import_glossary
    from ..glossary.exchange import ImportConflict

    with _editing(glossary) as g:
        try:
            report = import_glossary(g, file, force=force)
        except ImportConflict as err:
            raise GlossaryError(f"{err}; pass --force to import anyway (a differing target replaces the glossary's)") from None
        if report.added or report.replaced:
            g.save()
    _note(f"{len(report.added)} added, {len(report.replaced)} replaced, {report.unchanged} already present — {glossary}", quiet)


@glossary_app.command("export")
@guarded
def export_cmd(
    file: Path = typer.Argument(..., help="Output file: .tsv, .csv or .tbx (format by extension).", show_default=False),
    glossary: Path = GlossaryOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Write the glossary's entries as TSV, CSV or TBX (comments are not exported)."""
    from ..glossary import export_glossary, load_glossary

    count = export_glossary(load_glossary(glossary), file)
    _note(f"exported {count} entries to {file}", quiet)


# Commands in their own modules (each registers on glossary_app).
from . import glossary_layers as _layers  # noqa: E402,F401
from . import glossary_suggest as _suggest  # noqa: E402,F401
