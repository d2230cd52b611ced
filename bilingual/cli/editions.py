"""CLI commands for editions and the editor's round trip: ``align``, ``export``, ``import``, ``render``.

Each calls one library function (:mod:`bilingual.align`, :mod:`bilingual.exchange`,
:mod:`bilingual.render`) and prints a short summary; library errors become one line on stderr
and exit code 2 (see :func:`~bilingual.cli._common.guarded`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from . import _meta, app
from ._common import DEFAULT_GLOSSARY, DEFAULT_OUT, console, err_console, guarded, quiet_option

if TYPE_CHECKING:
    from ..align import Alignment, Link

_LAYOUT_HELP = "side-by-side (two columns), interleaved (English under each Russian block, for phones), or both (two EPUBs)."
_GRANULARITY_HELP = "paragraph (a row per block) or sentence (a row per sentence pair)."


def _stem_of(json_path: Path) -> str:
    return json_path.name[: -len(".json")] if json_path.name.lower().endswith(".json") else json_path.stem


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _check_no_edits(path: Path, force: bool) -> None:
    """Refuse to replace a JSON that holds human edits, unless forced."""
    from ..errors import DocumentError, OutputError
    from ..model import Document

    if force or not path.exists():
        return
    try:
        old = Document.load(path)
    except DocumentError:  # unreadable: it may hold edits, so do not overwrite it
        raise OutputError(f"{path} exists and cannot be read as a bilingual document; move it away or pass --force") from None
    edited = sum(1 for s in old.sentences() if s.origin == "human")
    if edited:
        raise OutputError(
            f"{path} holds {edited} human-edited sentence(s) that aligning would replace; "
            "choose another -o folder, or pass --force to overwrite"
        )


# --------------------------------------------------------------------------- align
@app.command()
@guarded
def align(
    source: Path = typer.Argument(..., help="Russian source: an article (.txt, .md) or a book (.epub, .fb2, .docx, .html).", show_default=False),
    translation: Path = typer.Argument(..., help="Its English translation (.txt or .md), made by someone else.", show_default=False),
    out: Path = typer.Option(DEFAULT_OUT, "-o", "--out", help="Output folder."),
    format: str = typer.Option("docx,epub,json", "-f", "--format", help="Comma-separated outputs: docx, epub, json."),
    layout: str = typer.Option("side-by-side", "--layout", help=_LAYOUT_HELP),
    granularity: str = typer.Option("paragraph", "--granularity", help=_GRANULARITY_HELP),
    landscape: bool = typer.Option(False, "--landscape", help="Landscape pages in the DOCX."),
    glossary: Optional[Path] = typer.Option(
        None, "-g", "--glossary", help=f"Glossary TSV: its terms become alignment anchors and notes [default: {DEFAULT_GLOSSARY} if present]."
    ),
    no_glossary: bool = typer.Option(False, "--no-glossary", help="Align without any glossary (no built-in, user or project layer)."),
    no_builtin_glossary: bool = typer.Option(False, "--no-builtin-glossary", help="Leave out the glossary shipped with bilingual."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing JSON even if it holds human edits."),
    show: int = typer.Option(20, "--show", min=0, help="How many flagged links to list (0 = none)."),
    title: Optional[str] = _meta.title_opt(),
    title_en: Optional[str] = _meta.title_en_opt(),
    author: Optional[list[str]] = _meta.author_opt(),
    translator: Optional[list[str]] = _meta.translator_opt(),
    source_name: Optional[str] = _meta.source_opt(),
    publisher: Optional[str] = _meta.publisher_opt(),
    rights: Optional[str] = _meta.rights_opt(),
    cover: Optional[Path] = _meta.cover_opt(),
    quiet: bool = quiet_option(),
) -> None:
    """Align an existing English translation with its Russian source (no model, offline) and write the editions.

    Paragraphs are aligned first, then sentences; merged, split, dropped and added paragraphs and
    sentences are found. Links whose confidence is under the review threshold (the summary says
    which), and every sentence or paragraph with nothing on the other side, are flagged in the JSON and listed here, lowest first, so an editor
    checks them first; the summary names what has no English and which glossary terms differ.
    """
    from ..align import align_files
    from ..pipeline import check_formats, output_stem, write_outputs
    from ..render import RenderOptions

    formats = check_formats(format)
    options = RenderOptions(layout=layout, granularity=granularity, landscape=landscape)
    stem = output_stem(source)
    if "json" in formats:
        _check_no_edits(out / f"{stem}.json", force)
    from ..glossary.layers import GlossarySettings, resolve_glossary

    gloss = resolve_glossary(GlossarySettings(project=glossary, no_glossary=no_glossary, no_builtin=no_builtin_glossary))
    given = _meta.overrides(title, title_en, author, translator, source_name, publisher, rights, cover)
    result = align_files(source, translation, glossary=gloss)
    if given:
        from ..metadata import apply_metadata

        apply_metadata(result.document, given)
    from ..locking import file_lock

    with file_lock(out / f"{stem}.json"):
        if "json" in formats:
            _check_no_edits(out / f"{stem}.json", force)  # again, under the lock: edits made meanwhile
        outputs = write_outputs(result.document, out, stem, formats, options)
    if quiet:
        return
    _print_alignment(result, show)
    from ..align import alignment_summary

    for line in alignment_summary(result):
        console.print(line, soft_wrap=True, markup=False)
    for kind, path in outputs.items():
        console.print(f"  {kind:<5} {path}")


def _print_alignment(result: Alignment, show: int) -> None:
    from ..align import REVIEW_BELOW

    doc = result.document
    para = ", ".join(f"{n}×{shape}" for shape, n in result.shapes("paragraph").items())
    sent = ", ".join(f"{n}×{shape}" for shape, n in result.shapes("sentence").items())
    n_ru = len([b for b in doc.blocks if b.source.strip()])
    console.print(f"aligned {n_ru} Russian blocks with {len(result.en_paragraphs)} English paragraphs: {para}", soft_wrap=True)
    console.print(f"{len(result.ru_sentences)} Russian and {len(result.en_sentences)} English sentences in {len(result.sentences)} links: {sent}", soft_wrap=True)
    confidences = [k.confidence for k in result.sentences]
    mean = sum(confidences) / len(confidences) if confidences else 1.0
    flagged = result.flagged
    console.print(
        f"mean confidence {mean:.2f}; English/Russian length ratio {result.ratio:.2f}; "
        f"{len(flagged)} link(s) flagged (confidence < {REVIEW_BELOW:g}, or nothing on one side)",
        soft_wrap=True,
    )
    for link in flagged[:show]:
        console.print(f"  {_describe(result, link)}", soft_wrap=True, markup=False)
    if len(flagged) > show:
        console.print(f"  … and {len(flagged) - show} more (flagged in the JSON)", markup=False)


def _describe(result: Alignment, link: Link) -> str:
    ru_ids = ",".join(f"{result.ru_refs[i][0] + 1}.{result.ru_refs[i][1] + 1}" for i in link.ru)
    en_ids = ",".join(f"{result.en_refs[j][0] + 1}.{result.en_refs[j][1] + 1}" for j in link.en)
    ru = " ".join(result.ru_sentences[i] for i in link.ru)
    en = " ".join(result.en_sentences[j] for j in link.en)
    return (
        f"{'gap ' if not (link.ru and link.en) else f'{link.confidence:.2f}'} {link.shape:<4} ru {ru_ids or '-'} ↔ en {en_ids or '-'}: "
        f"«{_short(ru, 50) if ru else '(nothing)'}» | “{_short(en, 50) if en else '(nothing)'}”"
    )


# --------------------------------------------------------------------------- export / import
@app.command()
@guarded
def export(
    document: Path = typer.Argument(..., help="The JSON document (out/<stem>.json).", show_default=False),
    to: str = typer.Option("xliff", "--to", help="xliff (XLIFF 1.2, for CAT tools) or tmx (TMX 1.4 translation memory)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Output file (default: beside the JSON, .xlf or .tmx)."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help="TMX: only human-edited and aligned pairs, no machine output."),
    quiet: bool = quiet_option(),
) -> None:
    """Export a document for post-editing (XLIFF 1.2, one unit per sentence) or as a translation memory (TMX 1.4)."""
    from ..errors import InputError
    from ..exchange import EXPORT_FORMATS
    from ..model import Document

    fmt = to.strip().lower()
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {to!r}; choose from {', '.join(EXPORT_FORMATS)}")
    doc = Document.load(document)
    path = output or document.with_name(_stem_of(document) + EXPORT_FORMATS[fmt])
    if fmt == "xliff":
        from ..exchange import iter_units, write_xliff

        from ..align import needs_review

        write_xliff(doc, path)
        sents = [u.sentence for u in iter_units(doc)]
        counts = {
            "machine-translated": sum(1 for s in sents if s.origin == "machine" and s.target),
            "in flagged alignment links": sum(1 for s in sents if s.target and needs_review(s)),
            "edited by hand": sum(1 for s in sents if s.origin == "human"),
            "without English": sum(1 for s in sents if not s.target.strip()),
        }
        detail = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
        if not quiet:
            console.print(f"{len(sents)} units ({detail}) → {path}", soft_wrap=True)
            console.print(f"after editing: bilingual import {document} {path}", markup=False, soft_wrap=True)
    else:
        from ..exchange import write_tmx

        write_tmx(doc, path, reviewed_only=reviewed_only)
        if not quiet:
            console.print(f"translation memory → {path}", soft_wrap=True)


@app.command("import")
@guarded
def import_(
    document: Path = typer.Argument(..., help="The JSON document the XLIFF was exported from.", show_default=False),
    edited: Path = typer.Argument(..., help="The edited XLIFF file.", show_default=False),
    show: int = typer.Option(50, "--show", min=0, help="How many changed segments to list."),
    quiet: bool = quiet_option(),
) -> None:
    """Take edited targets back from an XLIFF file: changed segments become human edits (kept by later translate runs).

    A file for another document, unknown unit ids or edited Russian sources are refused and nothing changes.
    Units the editor left alone never revert English the document got after the export; a unit changed both
    in the file and (by a person) in the document keeps the document's English, and the editor's is saved in
    <stem>.conflicts.json beside the JSON.
    """
    from ..exchange import import_xliff

    report = import_xliff(document, edited)
    _print_import(report, document, edited, show, quiet)


def _print_import(report, document: Path, edited: Path, show: int, quiet: bool = False) -> None:  # type: ignore[no-untyped-def]
    if not quiet:
        if report.changed:
            console.print(f"{report.count} segment(s) changed → {document} ({report.unchanged} unchanged)", soft_wrap=True)
        else:
            console.print(f"no changes: {report.units} units, {report.unchanged} unchanged; {document} left as it was", soft_wrap=True)
        for change in report.changed[:show]:
            console.print(f"  {change.unit_id}: “{_short(change.old, 45)}” → “{_short(change.new, 45)}”", soft_wrap=True, markup=False)
        if report.count > show:
            console.print(f"  … and {report.count - show} more", markup=False)
    if report.outdated:
        err_console.print(
            f"note: {report.outdated} unit(s) of {edited} still hold older English that the document has changed since "
            "the export; the document's newer English was kept",
            soft_wrap=True, markup=False,
        )
    if report.conflicts:
        ids = ", ".join(c.unit_id for c in report.conflicts[:3]) + (" …" if len(report.conflicts) > 3 else "")
        err_console.print(
            f"conflict: {len(report.conflicts)} unit(s) ({ids}) were edited in {edited} and changed in the document "
            f"since the export; the document's English was kept, the editor's saved in {report.conflicts_path}",
            soft_wrap=True, markup=False,
        )
    if report.kept_empty:
        err_console.print(f"note: {report.kept_empty} unit(s) had an empty target; their English was kept")
    if report.glossary_issues:
        err_console.print(f"note: {report.glossary_issues} glossary issue(s) in the edited segments; see 'bilingual glossary check'")
    if report.changed and not quiet:
        console.print(f"re-render the editions with: bilingual render {document}", markup=False, soft_wrap=True)


# --------------------------------------------------------------------------- render
@app.command()
@guarded
def render(
    document: Path = typer.Argument(..., help="The JSON document (out/<stem>.json).", show_default=False),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Output folder (default: the JSON's folder)."),
    format: str = typer.Option("docx,epub", "-f", "--format", help="Comma-separated editions: docx, epub."),
    layout: str = typer.Option("side-by-side", "--layout", help=_LAYOUT_HELP),
    granularity: str = typer.Option("paragraph", "--granularity", help=_GRANULARITY_HELP),
    landscape: bool = typer.Option(False, "--landscape", help="Landscape pages in the DOCX."),
    title: Optional[str] = _meta.title_opt(),
    title_en: Optional[str] = _meta.title_en_opt(),
    author: Optional[list[str]] = _meta.author_opt(),
    translator: Optional[list[str]] = _meta.translator_opt(),
    source_name: Optional[str] = _meta.source_opt(),
    publisher: Optional[str] = _meta.publisher_opt(),
    rights: Optional[str] = _meta.rights_opt(),
    cover: Optional[Path] = _meta.cover_opt(),
    quiet: bool = quiet_option(),
) -> None:
    """Re-render the DOCX and EPUB editions from a JSON document, e.g. after importing edits."""
    from ..locking import file_lock
    from ..model import Document
    from ..pipeline import check_formats
    from ..render import FORMATS, RenderOptions, render_document

    formats = check_formats(format, FORMATS)
    options = RenderOptions(layout=layout, granularity=granularity, landscape=landscape)
    with file_lock(document):  # the editions match the JSON: no import or translate run writes it meanwhile
        doc = Document.load(document)
        given = _meta.overrides(title, title_en, author, translator, source_name, publisher, rights, cover)
        if given:  # kept in the JSON, so later renders keep them too
            from ..metadata import apply_metadata
            from ..pipeline import write_images

            apply_metadata(doc, given)
            write_images(doc, document.parent, _stem_of(document))
            doc.save(document)
        outputs = render_document(doc, out or document.parent, _stem_of(document), formats, options)
    if quiet:
        return
    sents = doc.sentences()
    human = sum(1 for s in sents if s.origin == "human")
    console.print(f"{len(doc.blocks)} blocks, {len(sents)} sentences ({human} edited by hand)")
    for kind, path in outputs.items():
        console.print(f"  {kind:<5} {path}", soft_wrap=True)
