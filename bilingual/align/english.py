"""Reading the English side: the same block and sentence rules as the Russian reader, with
sentence breaks after English abbreviations undone, and a Russian "translation" refused."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import Block, Document, Sentence

__all__ = ["parse_translation", "read_translation"]

_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Prof St Jr Sr Gen Col Lt Sgt Capt Gov Sen Rep Rev No Nos Vol pp p vs "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Corp Co Ltd approx fig Fig".split()
)
_LAST_WORD = re.compile(r"(\w+)\.$")


def _merge_abbreviations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo razdel splits after English abbreviations (``Mr.``, ``Oct.``, ``p.``)."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out:
            m = _LAST_WORD.search(text[out[-1][0] : out[-1][1]])
            if m and m.group(1) in _ABBREVIATIONS:
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


def _resegment_english(block: Block) -> None:
    text_sents = [s for s in block.sentences if s.role == "text"]
    if block.kind == "heading" or len(text_sents) < 2:
        return
    spans = _merge_abbreviations(block.source, [(s.start, s.end) for s in text_sents])
    credit = [s for s in block.sentences if s.role != "text"]
    block.sentences = [Sentence(start=a, end=b, source=block.source[a:b]) for a, b in spans] + credit


def parse_translation(text: str, *, name: str = "translation") -> Document:
    """Split an English translation into blocks and sentences (same rules as the Russian reader:
    blank lines separate paragraphs, Markdown headings and quotes, a leading ``date …`` line)."""
    from ..read import Decoded, parse_document

    doc = parse_document(Decoded(text=text, encoding="utf-8"), source_file=name, require_russian=False)
    doc.meta.source_lang = "en"
    for block in doc.blocks:
        _resegment_english(block)
    _refuse_russian(doc, name)
    return doc


def read_translation(path: str | Path) -> Document:
    """Read an English translation file (.txt/.md; UTF-8 or a legacy code page)."""
    from ..read import read_text

    path = Path(path)
    decoded = read_text(path)
    text = decoded.text
    if not decoded.encoding.lower().startswith("utf") and _cyrillic_share(text) < 0.3:
        # The reader guesses Cyrillic code pages for non-UTF-8 bytes; an English file in a
        # legacy encoding is Windows-1252 (its “curly quotes” sit where cp1251 has them too).
        try:
            text = path.read_bytes().decode("cp1252").replace("\r\n", "\n").replace("\r", "\n")
        except (UnicodeDecodeError, OSError):
            pass
    return parse_translation(text, name=str(path))


def _cyrillic_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff") / len(letters) if letters else 0.0


def _refuse_russian(doc: Document, name: str) -> None:
    share = _cyrillic_share(" ".join(b.source for b in doc.blocks))
    if share > 0.3:
        raise InputError(
            f"{name} is mostly Cyrillic ({int(100 * share)}% of letters); the translation must be English "
            "— give the Russian source first and the English second"
        )

