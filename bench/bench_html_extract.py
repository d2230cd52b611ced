"""Which main-content extractor keeps a news article's structure and drops the page around it?

Runs each candidate over the saved Russian news pages of ``tests/fixtures_html.py`` (five layouts:
``<article>`` + ``<figure>``; div soup in windows-1251 with no ``<article>``; a portal with
hundreds of sentence-like link texts and a teaser injected into the article; a longread with
sections, a table and long reader comments; a three-paragraph item among teasers) and prints,
per extractor and page, then in total:

- ``para``: article paragraphs found (in any block) / expected;
- ``leak``: boilerplate lines (menus, sidebars, comments, footers, banners, scripts) found in a block;
- ``head``, ``quote``, ``capt``, ``list``, ``cell``: section headings / quote paragraphs /
  picture captions / list items / table cells found as blocks of that kind;
- ``attr``: quote attributions kept; ``emph``: em/strong runs kept as marks; ``ms``: time per page.

Candidates: trafilatura ``extract(output_format="xml", include_formatting=True,
include_images=True, include_tables=True)`` (default and ``favor_recall=True``) with its XML walked
into blocks; readability-lxml ``Document(html).summary()`` walked by
:class:`bilingual.read.html_walk.Walker`; and ``bilingual.read.html.parse`` itself (``ours``).
Run: ``python bench/bench_html_extract.py``. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import fixtures_html as F  # noqa: E402

from bilingual.model import Block  # noqa: E402
from bilingual.read.common import BookBuilder, Inline  # noqa: E402

Extractor = Callable[[F.Page, Path], list[Block]]


# ------------------------------------------------------------ trafilatura's XML → blocks
_TEI_MARKS = {"#i": "em", "#b": "strong", "#t": "code", "#sup": "sup", "#sub": "sub"}


def _tei_inline(elem, inline: Inline) -> None:  # type: ignore[no-untyped-def]
    mark = _TEI_MARKS.get(elem.get("rend", "")) if elem.tag == "hi" else None
    if elem.tag == "lb":
        inline.line_break()
    if mark:
        inline.open_mark(mark)
    inline.text(elem.text)
    for child in elem:
        _tei_inline(child, inline)
        inline.text(child.tail)
    if mark:
        inline.close_mark(mark)


def _tei_blocks(elem, book: BookBuilder, kind: str = "paragraph") -> None:  # type: ignore[no-untyped-def]
    kinds = {"head": "heading", "p": kind, "item": "list-item", "cell": "table-cell", "quote": "quote"}
    for child in elem:
        tag = child.tag
        if tag == "graphic":
            book.add("caption", child.get("title", ""))
        elif tag in ("list", "table", "row", "quote") and len(child) and child[0].tag in ("p", "item", "row", "cell", "list"):
            _tei_blocks(child, book, kinds.get(tag, kind))
        elif tag in kinds:
            inline = Inline()
            _tei_inline(child, inline)
            level = int(child.get("rend", "h2")[1:] or 2) if tag == "head" else 0
            book.add(kinds[tag], inline, level=level)


def trafilatura_xml(recall: bool) -> Extractor:
    """trafilatura's XML output walked into blocks (its title prepended as the level-1 heading)."""

    def run(page: F.Page, path: Path) -> list[Block]:
        import trafilatura
        from lxml import etree

        xml = trafilatura.extract(path.read_bytes(), output_format="xml", include_formatting=True, include_images=True,
                                  include_tables=True, include_comments=False, with_metadata=True,
                                  favor_recall=recall)
        book = BookBuilder("html")
        if xml:
            root = etree.fromstring(xml.encode())
            book.add("heading", root.get("title", ""), level=1)
            _tei_blocks(root.find("main"), book)
        return book.blocks

    return run


def readability_walk(page: F.Page, path: Path) -> list[Block]:
    """readability-lxml's summary walked by our Walker (its title prepended, pictures loaded as
    ours are): the difference to ``ours`` is what ``html.parse`` prunes before and after."""
    import lxml.html
    from readability import Document

    from bilingual.read.html_walk import Walker

    from bilingual.read.html import _Pictures

    doc = Document(path.read_bytes())
    book = BookBuilder("html")
    book.add("heading", doc.short_title(), level=1)
    Walker(book, _Pictures(book, path)).walk(lxml.html.fromstring(doc.summary(html_partial=True)))
    return book.blocks


def ours(page: F.Page, path: Path) -> list[Block]:
    """bilingual.read.html.parse on the saved file (pictures found in its _files folder)."""
    from bilingual.read import html

    return html.parse(path.read_bytes(), str(path)).document.blocks


EXTRACTORS: dict[str, Extractor] = {
    "trafilatura": trafilatura_xml(False),
    "trafilatura recall": trafilatura_xml(True),
    "readability+walk": readability_walk,
    "ours (html.parse)": ours,
}


# ------------------------------------------------------------ scoring
def _marked(blocks: list[Block]) -> set[tuple[str, str]]:
    return {(m.kind, b.source[m.start:m.end]) for b in blocks for m in b.marks}


def score(page: F.Page, blocks: list[Block]) -> dict[str, tuple[int, int]]:
    """(found, expected) per figure for one page (``leak``: (leaked, boilerplate lines))."""
    a = page.article
    texts = [b.source for b in blocks]

    def found(kinds: tuple[str, ...], expected: list[str]) -> tuple[int, int]:
        pool = [b.source for b in blocks if b.kind in kinds]
        return sum(any(e in t for t in pool) for e in expected), len(expected)

    out = {
        "para": found(tuple({b.kind for b in blocks}), a.texts("paragraph")),
        "leak": (len(page.leaked(texts)), len(page.boilerplate)),
        "head": found(("heading",), [t for lvl, t in a.headings() if lvl > 1]),
        "quote": found(("quote",), a.texts("quote")),
        "attr": found(tuple({b.kind for b in blocks}), a.texts("attribution")),
        "capt": found(("image", "caption"), a.texts("image")),
        "list": found(("list-item",), a.texts("list-item")),
        "cell": found(("table-cell",), a.texts("table-cell")),
    }
    marked = _marked(blocks)
    emph = a.emphasis()
    out["emph"] = (sum(e in marked for e in emph), len(emph))
    return out


COLUMNS = ("para", "leak", "head", "quote", "attr", "capt", "list", "cell", "emph")


def _cell(pair: tuple[int, int]) -> str:
    return f"{pair[0]}/{pair[1]}" if pair[1] else "–"


def main() -> None:
    """Print one table row per extractor and page, and the totals."""
    pages = F.all_pages()
    totals: dict[str, dict[str, list[int]]] = {}
    print("| extractor | page | " + " | ".join(COLUMNS) + " | ms |")
    print("|" + " --- |" * (len(COLUMNS) + 3))
    with tempfile.TemporaryDirectory() as tmp:
        paths = {p.name: F.write_page(Path(tmp), p) for p in pages}
        for name, run in EXTRACTORS.items():
            tot = totals.setdefault(name, {c: [0, 0] for c in COLUMNS} | {"ms": [0, 0]})
            try:  # warm up (imports, compiled patterns) before timing
                run(pages[0], paths[pages[0].name])
            except Exception:  # noqa: BLE001, S110 — reported on the timed run below
                pass
            for page in pages:
                start = time.perf_counter()
                try:
                    blocks = run(page, paths[page.name])
                except Exception as err:  # noqa: BLE001 — a benchmark reports, it does not stop
                    print(f"| {name} | {page.name} | failed: {type(err).__name__}: {err} |")
                    continue
                ms = (time.perf_counter() - start) * 1000
                figures = score(page, blocks)
                for col in COLUMNS:
                    tot[col][0] += figures[col][0]
                    tot[col][1] += figures[col][1]
                tot["ms"][0] += int(ms)
                tot["ms"][1] += 1
                print(f"| {name} | {page.name} | " + " | ".join(_cell(figures[c]) for c in COLUMNS) + f" | {ms:.0f} |")
    print()
    print("| extractor (all pages) | " + " | ".join(COLUMNS) + " | ms/page |")
    print("|" + " --- |" * (len(COLUMNS) + 2))
    for name, tot in totals.items():
        per_page = tot["ms"][0] / max(tot["ms"][1], 1)
        print(f"| {name} | " + " | ".join(_cell((tot[c][0], tot[c][1])) for c in COLUMNS) + f" | {per_page:.0f} |")


if __name__ == "__main__":
    main()
