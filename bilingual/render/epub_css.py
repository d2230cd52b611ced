"""The EPUB edition's stylesheet.

Rules the stylesheet keeps (tests/test_epub_layout.py parses it and checks them):

* body text stays at the reader's defaults: no ``font-size``, ``line-height``, ``font-family``
  or ``color`` anywhere except the headings and the title block, which are sized relatively
  (``em``); no ``color`` at all — the English is marked by structure (its own cell or element,
  ``class="en"``) and a light grey rule, never by the colour of its letters;
* no grid, no flex, no media queries: the two columns are the tables' (see
  :mod:`.epub_rows`), so readers without modern CSS (KOReader, Kobo's RMSDK, Kindle) show them;
* no fixed widths in ``em`` on text, no ``hyphens`` override (the reader hyphenates by each
  element's ``lang``).
"""

from __future__ import annotations

__all__ = ["CSS"]

CSS = """\
@charset "utf-8";
body { margin: 0 0.5em; }
h1 { font-size: 1.5em; margin: 0.6em 0 0.2em; }
h2 { font-size: 1.25em; margin: 0.5em 0 0.2em; }
h3 { font-size: 1.1em; margin: 0.5em 0 0.2em; }
h4, h5, h6 { font-size: 1em; margin: 0.5em 0 0.2em; }
p { margin: 0 0 0.3em; }
.title-block { margin: 0 0 1em; }
.title-block .title-en { font-size: 1.25em; margin: 0 0 0.6em; }
.title-block .authors { font-size: 1.1em; margin: 0 0 0.4em; }
.title-block .draft { margin-top: 0.5em; }
table.pair { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0;
  border-top: 1px solid #dddddd; }
table.pair td { vertical-align: top; padding: 0.35em 0.7em 0.35em 0; }
table.pair td.en { padding: 0.35em 0 0.35em 0.7em; border-left: 1px solid #cccccc; }
table.pair td > p:last-child, table.pair td > blockquote:last-child { margin-bottom: 0; }
table.pair.para { border-top: 2px solid #888888; }
table.pair.cont { border-top: 1px dotted #dddddd; }
table.pair.heading { border-top: none; page-break-inside: avoid; break-inside: avoid;
  page-break-after: avoid; break-after: avoid; }
table.pair.heading td { padding-top: 0.6em; }
table.langs { border-top: none; border-bottom: 1px solid #888888; }
table.langs td, table.langs td.en { font-weight: bold; padding-top: 0; }
div.pair { margin: 0 0 0.8em; }
div.pair > .en { margin: 0.25em 0 0 0.6em; padding-left: 0.6em; border-left: 2px solid #cccccc; }
div.pair.para { border-top: 1px solid #888888; padding-top: 0.4em; }
div.pair.heading { page-break-inside: avoid; break-inside: avoid; page-break-after: avoid; break-after: avoid; }
div.pair.heading > .en { border-left: none; padding-left: 0; margin-left: 0; font-style: italic; }
.pno { font-weight: bold; }
.marker { font-style: italic; }
blockquote { font-style: italic; margin: 0 0 0 0.4em; padding-left: 0.6em; border-left: 3px solid #cccccc; }
blockquote p { margin: 0; }
div.pair > blockquote.en { border-left: 2px solid #cccccc; margin-left: 0.6em; }
.epigraph blockquote { text-align: right; border-left: none; margin: 0 0 0 20%; padding: 0; }
.attribution p { text-align: right; }
.subtitle p { text-align: center; font-weight: bold; }
.verse p { margin-left: 1.2em; }
.pair.list-item ul { margin: 0; padding-left: 1.3em; }
.pair.list-item.cont p { padding-left: 1.3em; }
hr.separator { border: none; border-top: 1px solid #999999; width: 30%; margin: 1.2em auto; }
.caption { font-style: italic; }
.caption p { margin: 0; }
.credit { font-style: normal; margin-top: 0.15em; }
figure.figure { margin: 0.8em 0; }
figure.figure img { display: block; max-width: 100%; height: auto; margin: 0 auto 0.3em; }
sup.noteref a { text-decoration: none; }
.footnotes { margin-top: 1.5em; border-top: 1px solid #999999; }
aside.footnote { margin: 0.5em 0; }
aside.footnote > p { margin: 0; }
aside.footnote > .en { margin-left: 0.6em; padding-left: 0.6em; border-left: 2px solid #cccccc; }
.backlink { font-weight: bold; }
nav ol { list-style-type: none; padding-left: 1em; }
.colophon dt { font-weight: bold; margin-top: 0.5em; }
.colophon dd { margin-left: 1em; }
.cover { margin: 0; padding: 0; text-align: center; }
.cover img { max-width: 100%; max-height: 100%; }
"""
