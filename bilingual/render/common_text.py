"""Text cleaning for everything that reaches a DOCX or EPUB (re-exported by
:mod:`bilingual.render.common`).

:func:`clean_text` removes the characters XML 1.0 forbids; the XML serialiser (lxml, used by
python-docx and the EPUB writer) then escapes ``&``, ``<`` and ``>``. :func:`xml_escape` does
both for text put into markup by hand.
"""

from __future__ import annotations

import re

__all__ = ["clean_text", "has_cyrillic", "xml_escape"]

# XML 1.0 Char excludes C0 controls other than TAB/LF/CR, surrogates, U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str | None) -> str:
    """``text`` with XML-forbidden characters removed and line ends normalised to ``\\n``.

    ``None`` becomes ``""`` (an untranslated sentence renders as an empty side, not "None").
    """
    if not text:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", text)


def has_cyrillic(text: str | None) -> bool:
    """Whether ``text`` has a Cyrillic letter: a name or value then carries ``lang="ru"`` in the
    editions (a name in Latin letters keeps the edition's English)."""
    return bool(text) and any("\u0400" <= ch <= "\u04ff" for ch in str(text))


def xml_escape(text: str | None) -> str:
    """:func:`clean_text`, then ``&``, ``<`` and ``>`` escaped for XML character data."""
    return clean_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
