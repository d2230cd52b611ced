"""Markdown, as the plain-text reader takes it: ``#`` headings, ``>`` quotes, and inline markup
(emphasis, code, links, images) reduced to its text.

Hand-written rather than a Markdown library: the reader needs each block's offset in the file and
its text without markup, not HTML; and every pattern here is linear (no backtracking on a long
run of spaces, unclosed emphasis or links: see ``tests/test_read_linear.py``).
"""

from __future__ import annotations

import re

__all__ = ["MD_IMAGE", "MD_SPANS", "md_heading", "md_inline", "md_quote", "sub_per_line"]

_MD_HEADING_OPEN = re.compile(r"(#{1,6})[ \t]+")
# Link texts and targets nest one bracket level (``[[1]](#n1)``, ``wiki/Foo_(bar)``): each repeat
# stops at a bracket, so a line of ``[`` or ``[a](`` is linear, not a scan to its end per opener.
_URL = r"\((?:[^()\n]|\([^()\n]*\))*\)"
MD_IMAGE = re.compile(rf"!\[([^\[\]\n]*)\]{_URL}")
_MD_LINK = re.compile(rf"(?<!!)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])+)\]{_URL}")
#: (opener, pattern) of emphasis whose text may hold anything on its line: see :func:`sub_per_line`.
MD_SPANS = (
    (re.compile(r"\*\*(?=\S)"), re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")),
    (re.compile(r"(?<!\w)__(?=\S)"), re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)")),
)
#: Emphasis and code whose text excludes its own delimiter: each scan stops at the next one.
_MD_EMPHASIS = (
    re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"),
    re.compile(r"(?<!\w)_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)"),
    re.compile(r"`([^`\n]+)`"),
)


def md_heading(chunk: str) -> tuple[int, int, str] | None:
    """A one-line ``#`` heading: (level, offset of its text, text without closing ``#``s).

    ``str`` methods, not ``(.*?)[ \\t]*#*[ \\t]*$`` (cubic on a long run of spaces); closing
    ``#``s count only after a space, as in CommonMark (``# C#`` is the heading ``C#``)."""
    m = _MD_HEADING_OPEN.match(chunk)
    if m is None or "\n" in chunk:
        return None
    body = chunk[m.end() :].rstrip(" \t")
    bare = body.rstrip("#")
    if bare != body and (not bare or bare[-1] in " \t"):
        body = bare.rstrip(" \t")
    return len(m.group(1)), m.end(), body


def md_inline(text: str) -> str:
    """Markdown inline markup reduced to its text: emphasis, code, links and images."""
    text = MD_IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    for opener, pattern in MD_SPANS:
        text = sub_per_line(opener, pattern, text)
    for pattern in _MD_EMPHASIS:
        text = pattern.sub(lambda m: m.group(1), text)
    return text


def sub_per_line(opener: re.Pattern[str], pattern: re.Pattern[str], text: str) -> str:
    """``pattern.sub(group 1, text)`` in linear time, for ``**…**`` and ``__…__``.

    ``re.sub`` tries every opener, each without a closer scanning to the line's end (quadratic
    on unclosed ``**a **a …``). A closer's validity does not depend on the opener, so once one
    opener finds none, no later one on that line can: the rest of the line is skipped."""
    out, done, pos = [], 0, 0
    while (o := opener.search(text, pos)) is not None:
        m = pattern.match(text, o.start())
        if m is None:
            pos = text.find("\n", o.start()) + 1
            if pos == 0:
                break
            continue
        out += [text[done : m.start()], m.group(1)]
        done = pos = m.end()
    return "".join(out) + text[done:]


def md_quote(chunk: str, start: int) -> tuple[str, str, int]:
    """Strip Markdown ``>`` markers from a single-paragraph quote, keeping text length where possible."""
    lines = [re.sub(r"^>[ \t]?", "", line) for line in chunk.split("\n")]
    stripped = " ".join(line.strip() for line in lines).strip()
    first_offset = len(chunk.split("\n", 1)[0]) - len(lines[0].lstrip())
    return "quote", stripped, start + first_offset

