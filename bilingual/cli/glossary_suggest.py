"""CLI command: ``bilingual glossary suggest`` (see :func:`bilingual.glossary.suggest_terms`)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ._common import guarded
from .glossary import GlossaryOpt, _load_or_new, _note, _read_article, glossary_app


@glossary_app.command("suggest")
@guarded
def suggest_cmd(
    input: Path = typer.Argument(..., help="Russian article (.txt/.md) or a translated JSON document.", show_default=False),
    add: bool = typer.Option(False, "--add", help="Append the suggestions to the glossary instead of printing them."),
    as_json: bool = typer.Option(False, "--json", help="JSON list with source, target, kind, count, forms, lemma."),
    glossary: Path = GlossaryOpt,
) -> None:
    """Propose entries for names and acronyms the glossary lacks (TSV lines, ready to paste).

    Each line: dictionary form, an English spelling by the iuliia Wikipedia transliteration
    schema, and a note with the kind, count and forms found. Acronyms need a real translation.
    """
    from dataclasses import asdict

    from ..glossary import suggest_terms
    from ..locking import Snapshot, file_lock

    before = Snapshot.of(glossary)
    g = _load_or_new(glossary)
    doc = _read_article(input)
    suggestions = suggest_terms(doc, g)
    if add:
        with file_lock(glossary):
            if before.changed():  # another command wrote the glossary meanwhile: add to what it holds now
                g = _load_or_new(glossary)
            _add_suggestions(g, suggestions, glossary)
        return
    if as_json:
        typer.echo(json.dumps([asdict(s) for s in suggestions], ensure_ascii=False, indent=1))
    else:
        for s in suggestions:
            typer.echo(s.tsv())
    _note(f"{len(suggestions)} names/acronyms in {input} are missing from {glossary}" + (" (add them with --add)" if suggestions else ""))


def _add_suggestions(g, suggestions, glossary: Path) -> None:  # type: ignore[no-untyped-def]
    from ..errors import GlossaryError

    created = not glossary.exists()
    with_kind = "kind" in g.file.columns or created
    added = 0
    for s in suggestions:
        try:
            g.add(s.source, s.target, extra=s.entry(with_kind).extra, note=s.entry(with_kind).note)
            added += 1
        except GlossaryError as err:
            _note(f"skipped: {err}")
    if added:
        g.save()
    _note(f"added {added} entr{'y' if added == 1 else 'ies'} to {glossary}; review the transliterations (and translate acronyms)")
