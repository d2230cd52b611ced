"""Errors that the library raises for bad input or a missing resource.

Every error a user can cause derives from :class:`BilingualError`; its message is one
line saying what is wrong and what to do. The CLI prints it and exits with code 2.
"""

from __future__ import annotations

__all__ = [
    "BilingualError",
    "InputError",
    "GlossaryError",
    "ModelError",
    "DocumentError",
    "OutputError",
]


class BilingualError(Exception):
    """Base class: a problem the user can fix. ``str(err)`` is a one-line message."""


class InputError(BilingualError):
    """The input article cannot be read or holds nothing to translate."""


class GlossaryError(BilingualError):
    """A glossary file is malformed or an edit conflicts with it."""


class ModelError(BilingualError):
    """No usable translation model, or a model package is broken or unsafe."""


class DocumentError(BilingualError):
    """A saved JSON document is unreadable, of an unknown schema, or does not match."""


class OutputError(BilingualError):
    """An output file could not be written (earlier files are left intact)."""
