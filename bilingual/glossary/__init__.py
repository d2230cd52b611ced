"""The glossary: curated Russian→English names and terms, found in every inflection and enforced.

Public API (imported lazily, so ``import bilingual.glossary`` loads nothing heavy)::

    from bilingual.glossary import Glossary, load_glossary, apply_glossary, check_document

    g = load_glossary(Path("glossary/ru-en.tsv"))   # GlossaryError names file and line
    g.find("Встреча Путина и Алиева")                # [TermMatch(source='Путин', …), …]
    apply_glossary(doc, g)                           # sentence.terms / engine_source, doc.meta.glossary
    violations = check_document(doc)                 # after translation: sentence.issues

Modules: :mod:`.entry` (rows and values), :mod:`.tsv` (file format and line-preserving edits),
:mod:`.normalize` (NFD, invisible characters, Latin look-alikes, with an offset map),
:mod:`.morph` (tokens, pymorphy3 keys), :mod:`.surnames` (regular surname paradigms),
:mod:`.match` (lemma index, matcher), :mod:`.index` (the index persisted next to the file),
:mod:`.core` (:class:`Glossary`), :mod:`.ambiguity` (overlaps, twins, handovers),
:mod:`.enforce` (engine source and QA check), :mod:`.scan` (and source spelling problems),
:mod:`.suggest` (missing names, iuliia transliteration), :mod:`.exchange` (TSV/CSV/TBX import
and export).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from .core import EntryConflict, Glossary, glossary_info, load_glossary
    from .enforce import apply_glossary, check_document, check_sentence, inline_terms, target_present
    from .exchange import export_glossary, import_glossary, read_entries
    from .normalize import SpellingProblem, spelling_problems
    from .scan import document_spelling, scan_document
    from .suggest import Suggestion, suggest_terms
    from .tsv import Entry, GlossaryFile

_EXPORTS = {
    "Glossary": ".core",
    "EntryConflict": ".core",
    "load_glossary": ".core",
    "glossary_info": ".core",
    "apply_glossary": ".enforce",
    "check_document": ".enforce",
    "check_sentence": ".enforce",
    "inline_terms": ".enforce",
    "target_present": ".enforce",
    "scan_document": ".scan",
    "document_spelling": ".scan",
    "spelling_problems": ".normalize",
    "SpellingProblem": ".normalize",
    "Suggestion": ".suggest",
    "suggest_terms": ".suggest",
    "export_glossary": ".exchange",
    "import_glossary": ".exchange",
    "read_entries": ".exchange",
    "Entry": ".tsv",
    "GlossaryFile": ".tsv",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
