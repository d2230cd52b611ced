"""CLI command: ``bilingual glossary suggest`` (see :func:`bilingual.glossary.suggest_terms`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from ._common import guarded
from .glossary import GlossaryOpt, _load_or_new, _note, _read_article, glossary_app


@glossary_app.command("suggest")
@guarded
def suggest_cmd(
    input: Path = typer.Argument(..., help="Russian article (.txt/.md) or a translated JSON document.", show_default=False),
    add: bool = typer.Option(False, "--add", help="Append the established and model spellings to the glossary instead of printing them."),
    add_all: bool = typer.Option(False, "--add-all", help="Like --add, and add transliterated spellings too (noted as unreviewed)."),
    as_json: bool = typer.Option(False, "--json", help="JSON list with every field: source, target, kind, count, forms, origin, confidence, basis, addable…"),
    scheme: str = typer.Option("news", "--scheme", help="Transliteration: news (newsroom conventions) or an iuliia standard: bgn_pcgn, iso_9_1954, ala_lc, wikipedia…"),
    no_model: bool = typer.Option(False, "--no-model", help="Do not ask the installed ru→en model how it renders the names."),
    detector: str = typer.Option("auto", "--detector", help="auto (natasha when installed), natasha or rules."),
    glossary: Path = GlossaryOpt,
) -> None:
    """Propose entries for names and acronyms the glossary lacks (TSV lines, ready to paste).

    Each line: dictionary form, an English spelling and a note with the kind, count, forms and
    where the spelling comes from: the built-in list of established English forms, the
    installed model's rendering in context, or a transliteration (unreviewed). Acronyms and
    exonyms with no known English form are listed but never added.
    Exit status: 0, also when nothing is missing; 2 on bad input.
    """
    from ..glossary import suggest_terms
    from ..glossary.names.spell import scheme_names
    from ..locking import Snapshot, file_lock

    if scheme not in scheme_names():
        from ..errors import InputError

        raise InputError(f"unknown --scheme {scheme!r}; use one of: {', '.join(scheme_names())}")
    before = Snapshot.of(glossary)
    g = _load_or_new(glossary)
    doc = _read_article(input)
    engine = None if no_model else _engine()
    suggestions = suggest_terms(doc, g, engine=engine, scheme=scheme, detector=detector)
    if add or add_all:
        with file_lock(glossary):
            if before.changed():  # another command wrote the glossary meanwhile: add to what it holds now
                g = _load_or_new(glossary)
            _add_suggestions(g, suggestions, glossary, add_all)
        return
    if as_json:
        typer.echo(json.dumps([s.to_dict() for s in suggestions], ensure_ascii=False, indent=1))
    else:
        for s in suggestions:
            typer.echo(s.tsv())
    _note(f"{len(suggestions)} names/acronyms in {input} are missing from {glossary}" + (" (add them with --add)" if suggestions else ""))


def _engine() -> Any:
    """The installed ru→en engine, or None when there is none (or it cannot load)."""
    from ..translate.packages import find_package

    pkg = find_package("ru", "en")
    if pkg is None:
        return None
    from ..errors import BilingualError
    from ..translate.engine import Engine

    try:
        return Engine(pkg)
    except (BilingualError, OSError, RuntimeError, ValueError) as err:  # a damaged package: suggest still works without it
        _note(f"the installed model could not be loaded ({err}); spellings come from the list and transliteration")
        return None


def _add_suggestions(g: Any, suggestions: list[Any], glossary: Path, add_all: bool) -> None:
    from ..errors import GlossaryError

    created = not glossary.exists()
    with_kind = "kind" in g.file.columns or created
    added = listed = 0
    for s in suggestions:
        if not s.addable or (s.origin == "transliterated" and not add_all):
            listed += 1
            continue
        entry = s.entry(with_kind)
        try:
            g.add(s.source, s.target, extra=entry.extra, note=entry.note)
            added += 1
        except GlossaryError as err:
            _note(f"skipped: {err}")
    if added:
        g.save()
    hint = "" if add_all else " (--add-all adds transliterations too)"
    _note(f"added {added} entr{'y' if added == 1 else 'ies'} to {glossary}; {listed} not added{hint}; "
          "review entries noted 'unreviewed' or 'model'")
