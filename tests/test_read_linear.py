"""The plain-text reader's work grows linearly with its input, even with input built to make
regular expressions backtrack.

Each family in :data:`FAMILIES` once took quadratic or cubic time in a pattern of
``bilingual/read/text.py`` (named next to it). Absolute times are not checked, only how they
grow: the reader runs on the family's text at n = 2,000 and n = 16,000 characters, and the ratio
of the two CPU times (``time.process_time``, best of 5) must stay under 16. Linear work gives
about 8, quadratic 64, cubic 512. Time that does not depend on n only lowers the ratio. A run at
n = 2,000 over 0.25 s (linear work takes about a millisecond) fails at once, so the old cubic
pattern fails without an hour-long run at 16,000. ``bench/bench_reader_linear.py`` prints the
size-doubling ratios of every family, before and after.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilingual.read import decode, parse_document
from bilingual.read.text import parse_blocks

SMALL, LARGE = 2_000, 16_000
MAX_RATIO = 16.0
SMALL_BUDGET = 0.25  #: seconds: the n = 2,000 run of a linear reader takes about 1 ms

#: name → (file suffix, text of about n characters). A Russian paragraph ends each text.
FAMILIES: dict[str, tuple[str, Callable[[int], str]]] = {
    "quote+spaces (attribution)": (".txt", lambda n: "«Цитата\"" + " " * n + "x"),
    "quote+spaces+comma (attribution)": (".txt", lambda n: "«Цитата»" + " " * (n // 2) + "," + " " * (n // 2) + "x"),
    "date label+spaces (date line)": (".txt", lambda n: "date" + " " * n + "x"),
    "heading+spaces (md heading)": (".md", lambda n: "# a" + " " * n + "b"),
    "heading+tabs (md heading)": (".md", lambda n: "# a" + " \t" * (n // 2) + "b"),
    "heading+#s (md heading)": (".md", lambda n: "# a" + "#" * n + "   b"),
    "unclosed ** (md strong)": (".md", lambda n: "**a " * (n // 4)),
    "unclosed __ (md strong)": (".md", lambda n: " __a" * (n // 4)),
    "line of [ (md link)": (".md", lambda n: "[" * n),
    "line of ![ (md image)": (".md", lambda n: "![" * (n // 2)),
    "unclosed link targets (md link)": (".md", lambda n: "[a](" * (n // 4)),
    "nested link texts (md link)": (".md", lambda n: "[[a]" * (n // 4)),
    "nested link targets (md link)": (".md", lambda n: "[a](x(" * (n // 6)),
    "unclosed image targets (md image)": (".md", lambda n: "![a](" * (n // 5)),
    "line of * (md emphasis)": (".md", lambda n: "*" * n),
    "line of _ (md emphasis)": (".md", lambda n: "_" * n),
    "credit label+spaces (CREDIT_RE)": (".txt", lambda n: "Подпись Фото" + " " * n + ":" + " " * 9 + "x"),
    "repeated credit labels (CREDIT_RE)": (".txt", lambda n: "Подпись " + "Фото: " * (n // 6) + "x"),
    "unclosed front matter": (".md", lambda n: "---\n" + "a: b\n" * (n // 5)),
}

TAIL = "\n\nПутин прилетел в Душанбе."


def reader_seconds(read: Callable[[str, str], object], text: str, suffix: str, repeats: int = 5) -> float:
    """Best-of-``repeats`` CPU seconds of ``read(text, suffix)``; one run when it is already slow."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        read(text, suffix)
        best = min(best, time.process_time() - start)
        if best > SMALL_BUDGET:
            break
    return best


def read_document_text(text: str, suffix: str) -> object:
    """The whole reader on ``text``: decode, blocks, classification, sentences."""
    return parse_document(decode(text.encode("utf-8")), source_file="linear" + suffix)


def work_ratio(read: Callable[[str, str], object], suffix: str, build: Callable[[int], str]) -> tuple[float, float, float]:
    """(seconds at SMALL, seconds at LARGE, their ratio) for the texts ``build(n)``; the large
    run is skipped (ratio infinite) when the small one is over budget."""
    small = reader_seconds(read, build(SMALL), suffix)
    if small > SMALL_BUDGET:
        return small, float("nan"), float("inf")
    large = reader_seconds(read, build(LARGE), suffix)
    return small, large, large / max(small, 1e-6)


def assert_linear(read: Callable[[str, str], object], suffix: str, build: Callable[[int], str], what: str) -> None:
    """The ratio is under :data:`MAX_RATIO`; measured twice before failing (a busy machine can
    slow one run, but quadratic work fails every time)."""
    small, large, ratio = work_ratio(read, suffix, build)
    if ratio >= MAX_RATIO and small <= SMALL_BUDGET:
        small, large, ratio = work_ratio(read, suffix, build)
    assert ratio < MAX_RATIO, f"{what}: {small * 1e3:.2f} ms at {SMALL:,}, {large * 1e3:.2f} ms at {LARGE:,} (×{ratio:.1f})"


@pytest.mark.parametrize("family", list(FAMILIES))
def test_reader_work_is_linear(family: str) -> None:
    suffix, build = FAMILIES[family]
    assert_linear(read_document_text, suffix, lambda n: build(n) + TAIL, family)


#: What opens a block, and what opens a span, in the reader's patterns; the filler repeats.
_BLOCK_START = st.sampled_from(["", "# a", "«a\"", "«a»", "date", "---\n", "> a", "Подпись Фото"])
_OPENER = st.sampled_from(["**", "__", "*", "_", "`", "[", "![", "](", "[a](", "#", "»", ",", ":", "Фото:", ""])
_FILLER = st.text(alphabet=st.sampled_from(list(" \ta#(\n—")), max_size=3)


@settings(max_examples=30, deadline=None)
@given(_BLOCK_START, _OPENER, _FILLER, st.sampled_from([".md", ".txt"]))
def test_property_any_repeated_markup_is_linear(start: str, opener: str, filler: str, suffix: str) -> None:
    """A block opening, then an opener and filler repeated to 2,000 and 16,000 characters: the
    regex stages (blocks, classification, inline markup; not razdel's sentences) grow linearly."""
    unit = opener + filler or " "
    build = lambda n: start + unit * (n // len(unit)) + "x"
    read = lambda t, s: parse_blocks(t, markdown=s == ".md")
    assert_linear(read, suffix, build, f"{start!r} + {unit!r}…")


# ------------------------------------------------------------------ same meaning, linear work
_STRONG_TEXT = st.text(alphabet=st.sampled_from(list("ab *_\n\t.")), max_size=60)


@given(_STRONG_TEXT)
def test_property_linear_strong_emphasis_equals_re_sub(text: str) -> None:
    """The linear ``**…**`` / ``__…__`` reduction gives exactly what ``re.sub`` gave."""
    from bilingual.read.text import _MD_SPANS, _sub_per_line

    for opener, pattern in _MD_SPANS:
        assert _sub_per_line(opener, pattern, text) == pattern.sub(lambda m: m.group(1), text)


_OLD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")


@given(st.text(alphabet=st.sampled_from(list("#ab \t")), max_size=30))
def test_property_heading_scan_equals_the_old_pattern(text: str) -> None:
    """The scanned ``#`` heading is the old pattern's, except that closing ``#``s now need a
    space before them, as in CommonMark (``# C#`` keeps its ``#``)."""
    from bilingual.read.text import _md_heading

    chunk = text.strip()
    old, new = _OLD_HEADING.match(chunk), _md_heading(chunk)
    assert (old is None) == (new is None)
    if old is None or new is None:
        return
    level, offset, body = new
    assert (level, offset) == (len(old.group(1)), old.start(2))
    if body != old.group(2):  # only a closing run glued to the text differs
        bare = body.rstrip("#")
        assert bare.rstrip(" \t") == old.group(2) and bare and bare[-1] not in " \t"


@pytest.mark.parametrize(
    "markdown,expected",
    [
        ("# Язык C#", "Язык C#"),
        ("# Заголовок ##", "Заголовок"),
        ("Статья [в Википедии](https://ru.wikipedia.org/wiki/Душанбе_(город)) вышла.", "Статья в Википедии вышла."),
        ("Ссылка [[1]](#note) и [текст](url).", "Ссылка [1] и текст."),
        ("Это **важно** и __очень__, а **это не закрыто.", "Это важно и очень, а **это не закрыто."),
        ("«Цитата», \t — сказал он.", "«Цитата», \t — сказал он."),
    ],
)
def test_rewritten_patterns_read_markdown(markdown: str, expected: str) -> None:
    doc = parse_document(decode(markdown.encode()), source_file="a.md")
    assert doc.blocks[0].source == expected
    if markdown.startswith("«"):
        assert doc.blocks[0].kind == "quote"  # the attribution pattern still sees the attribution
