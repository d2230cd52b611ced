"""Exchange with CAT tools: XLIFF 1.2 out and back in, TMX 1.4 out.

* :func:`export_xliff` — one ``trans-unit`` per sentence, ids stable across runs
  (:func:`unit_id`), glossary terms and review hints as notes, ``state`` from the sentence's
  origin, the document's identity in the file header;
* :func:`import_xliff` / :func:`apply_xliff` — take edited targets back, mark them ``human``,
  refuse (changing nothing) a file made for another document, unknown unit ids, edited source
  text, or malformed XML; a file exported before the document changed never reverts the newer
  English, and a unit changed on both sides is a conflict, kept aside (:mod:`.xliff_import`);
* :func:`export_tmx` — a TMX 1.4 translation memory of the sentence pairs.

Why XLIFF 1.2 and not 2.x: 1.2 (OASIS, 2008) is the version every CAT tool opens natively —
OmegaT's built-in XLIFF filter and its Okapi filter, memoQ, Trados Studio (whose own SDLXLIFF
is XLIFF 1.2 with extensions), Phrase, Smartcat, Wordfast, Poedit, Weblate, translate-toolkit.
XLIFF 2.0/2.1 is a different, non-backward-compatible vocabulary; OmegaT does not read it
natively, and support elsewhere is newer and partial (modules dropped or flattened on round
trips). 1.2 is the format that comes back intact.

The library is translate-toolkit (``translate.storage.xliff`` / ``translate.storage.tmx``),
imported when a function is first called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from .tmx import export_tmx, write_tmx
    from .units import Unit, document_identity, document_revision, iter_units, parse_unit_id, unit_id
    from .xliff import export_xliff, write_xliff
    from .xliff_import import Change, Conflict, ImportReport, apply_xliff, conflicts_path, import_xliff

#: What ``bilingual export --to`` accepts, with the file suffix of each.
EXPORT_FORMATS = {"xliff": ".xlf", "tmx": ".tmx"}

_EXPORTS = {
    "Unit": ".units",
    "unit_id": ".units",
    "parse_unit_id": ".units",
    "iter_units": ".units",
    "document_identity": ".units",
    "document_revision": ".units",
    "export_xliff": ".xliff",
    "write_xliff": ".xliff",
    "apply_xliff": ".xliff_import",
    "import_xliff": ".xliff_import",
    "conflicts_path": ".xliff_import",
    "ImportReport": ".xliff_import",
    "Change": ".xliff_import",
    "Conflict": ".xliff_import",
    "export_tmx": ".tmx",
    "write_tmx": ".tmx",
}

__all__ = sorted([*_EXPORTS, "EXPORT_FORMATS"])


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
