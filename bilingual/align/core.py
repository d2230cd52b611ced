"""Align an existing English translation to the Russian source: paragraphs, then sentences.

:func:`align_documents` runs the bead DP (:mod:`.lattice`) twice:

1. **paragraphs** — Russian blocks against English paragraphs (1:1, 2:1 merged, 1:2 split,
   2:2 regrouped, 1:0 dropped, 0:1 added), scored by length and anchors;
2. **sentences** — all Russian sentences against all English sentences, guided by step 1: a
   sentence may only pair with English of its own paragraph link give or take
   :attr:`~.score.AlignParams.slack` sentences, and a link that leaves its paragraph link costs
   :attr:`~.score.AlignParams.off_link` — so a sentence the translator moved into the next
   paragraph is still found, which a strictly nested search would miss. The final paragraph
   links are the groups of blocks and paragraphs that sentence links join.

How a link is stored in the returned :class:`~bilingual.model.Document` (a copy of the Russian
document; every sentence gets ``origin="aligned"``):

* ``1:1`` / ``1:2`` — the English sentence(s), joined by a space, are the target;
* ``2:1`` / ``2:2`` — the whole English goes on the *first* Russian sentence of the link; the
  other Russian sentences of the link get ``target=""`` (their meaning is in the first one's
  target), with the same confidence;
* ``1:0`` (the translator left the sentence out) — ``target=""``;
* ``0:1`` (the translator added a sentence) — appended to the target of the Russian sentence
  that took the English just before it in the same English paragraph, else put before the
  target of the next Russian sentence; an added *paragraph* between two Russian blocks becomes
  a block of its own with an empty ``source`` whose one sentence carries the English.

So the targets, read in document order, are exactly the English text, in its order.

``Sentence.confidence`` is the link's confidence in [0, 1]: its posterior probability over all
alignments (temperature :attr:`~.score.AlignParams.temperature`), times the square root of
the posterior of the paragraph link around it, times :func:`~.score.plausibility` (lengths far off, or numbers that
disagree, lower it). A link is **flagged for review** when its confidence is below
:data:`LOW_CONFIDENCE` (0.5): :func:`needs_review` tells it from the JSON alone. The full link
list, with the link shapes, which the JSON does not keep, is in :class:`Alignment`.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model import Block, Document, ModelInfo, Sentence, TermMatch
from .anchors import Segment, en_keys, ru_keys
from .lattice import Bead, best_path
from .score import AlignParams, Scorer, plausibility

if TYPE_CHECKING:
    from ..glossary import Glossary

__all__ = [
    "Link",
    "Alignment",
    "align_documents",
    "align_alignment",
    "align_texts",
    "align_files",
    "read_translation",
    "parse_translation",
    "needs_review",
    "LOW_CONFIDENCE",
]

#: Links with a confidence below this are flagged for an editor to check first.
LOW_CONFIDENCE = AlignParams.low_confidence


def needs_review(sentence: Sentence, threshold: float = LOW_CONFIDENCE) -> bool:
    """Whether an aligned sentence is flagged: its link's confidence is below ``threshold``."""
    return sentence.origin == "aligned" and sentence.confidence is not None and sentence.confidence < threshold


@dataclass(frozen=True)
class Link:
    """One alignment link.

    ``ru``/``en`` are indices: Russian block / English paragraph numbers (``level="paragraph"``)
    or positions in the document's sentence list / the English sentence list (``"sentence"``).
    """

    level: str
    ru: tuple[int, ...]
    en: tuple[int, ...]
    confidence: float

    @property
    def shape(self) -> str:
        """``"1:1"``, ``"2:1"``, ``"1:0"``, …"""
        return f"{len(self.ru)}:{len(self.en)}"

    @property
    def flagged(self) -> bool:
        """Below :data:`LOW_CONFIDENCE`."""
        return self.confidence < LOW_CONFIDENCE


@dataclass
class Alignment:
    """What :func:`align_documents` found: the aligned document and every link."""

    document: Document
    paragraphs: list[Link] = field(default_factory=list)
    sentences: list[Link] = field(default_factory=list)
    ru_sentences: list[str] = field(default_factory=list)  #: Russian sentences, in link index order
    en_sentences: list[str] = field(default_factory=list)  #: English sentences, in link index order
    ru_refs: list[tuple[int, int]] = field(default_factory=list)  #: (block, sentence) of each Russian sentence
    en_refs: list[tuple[int, int]] = field(default_factory=list)  #: (paragraph, sentence) of each English one
    en_paragraphs: list[str] = field(default_factory=list)
    ratio: float = 1.0  #: English/Russian characters used by the length model

    @property
    def flagged(self) -> list[Link]:
        """Sentence links an editor should check first (lowest confidence first)."""
        return sorted((k for k in self.sentences if k.flagged), key=lambda k: k.confidence)

    def shapes(self, level: str = "sentence") -> dict[str, int]:
        """How many links of each shape, e.g. ``{"1:1": 40, "2:1": 2}``."""
        links = self.sentences if level == "sentence" else self.paragraphs
        out: dict[str, int] = {}
        for k in links:
            out[k.shape] = out.get(k.shape, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


# --------------------------------------------------------------------------- reading English
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


# --------------------------------------------------------------------------- segments
def _block_terms(doc: Document, glossary: Glossary | None) -> list[list[TermMatch]]:
    """The glossary terms found in each block (offsets into ``Block.source``)."""
    if glossary is None:
        return [[] for _ in doc.blocks]
    return [list(glossary.find(b.source)) for b in doc.blocks]


def _present_targets(text: str, targets: Sequence[str]) -> list[str]:
    if not targets:
        return []
    from ..glossary.enforce import target_present

    return [t for t in targets if target_present(t, text)]


def _is_short(block: Block) -> bool:
    return block.kind in ("heading", "caption")


def _ru_paragraph_segments(doc: Document, terms: list[list[TermMatch]]) -> list[Segment]:
    return [
        Segment(b.source, ru_keys(b.source, terms=[m.target for m in t], credit=b.credit is not None), _is_short(b), i)
        for i, (b, t) in enumerate(zip(doc.blocks, terms))
    ]


def _en_paragraph_segments(en: Document, targets: Sequence[str]) -> list[Segment]:
    return [
        Segment(b.source, en_keys(b.source, terms=_present_targets(b.source, targets), credit=b.credit is not None), _is_short(b), i)
        for i, b in enumerate(en.blocks)
    ]


def _shrunk_ratio(l_ru: int, l_en: int, params: AlignParams) -> float:
    """English/Russian characters, shrunk toward ``params.prior_ratio`` (geometric mean weighted
    by characters), so a short text, where one added sentence weighs a lot, keeps near the prior."""
    if l_ru <= 0 or l_en <= 0:
        return params.prior_ratio
    k, n = params.prior_chars, l_ru
    log_c = (k * math.log(params.prior_ratio) + n * math.log(l_en / l_ru)) / (k + n)
    return min(1.6, max(0.6, math.exp(log_c)))


def _ratio(ru: Document, en: Document, params: AlignParams) -> float:
    if params.ratio is not None:
        return params.ratio
    return _shrunk_ratio(sum(len(b.source) for b in ru.blocks), sum(len(b.source) for b in en.blocks), params)


def _run(ru: list[Segment], en: list[Segment], c: float, params: AlignParams) -> list[Bead]:
    return best_path(len(ru), len(en), Scorer(ru, en, c, params), band=params.band, temperature=params.temperature)


# --------------------------------------------------------------------------- the aligner
def align_documents(
    ru: Document,
    en: Document,
    *,
    glossary: Glossary | None = None,
    params: AlignParams = AlignParams(),
    translation_name: str = "",
) -> Alignment:
    """Align the English document ``en`` to the Russian document ``ru``.

    Returns an :class:`Alignment` whose ``document`` is a copy of ``ru`` with every sentence's
    target, ``origin="aligned"`` and confidence set (see the module docstring for how each link
    shape is stored). ``ru`` itself is not changed.
    """
    doc = copy.deepcopy(ru)
    terms = _block_terms(doc, glossary)
    targets = sorted({m.target for ts in terms for m in ts})
    result = Alignment(document=doc, en_paragraphs=[b.source for b in en.blocks])
    result.ru_refs = [(bi, si) for bi, b in enumerate(doc.blocks) for si in range(len(b.sentences))]
    result.en_refs = [(pi, si) for pi, b in enumerate(en.blocks) for si in range(len(b.sentences))]
    result.ru_sentences = [doc.blocks[bi].sentences[si].source for bi, si in result.ru_refs]
    result.en_sentences = [en.blocks[pi].sentences[si].source for pi, si in result.en_refs]
    ru_segs = _ru_sentence_segments(doc, result.ru_refs, terms)
    en_segs = _en_sentence_segments(en, result.en_refs, targets)
    ru_paras = _ru_paragraph_segments(doc, terms)
    en_paras = _en_paragraph_segments(en, targets)

    # The length ratio is first measured on the whole texts, which added or dropped text
    # distorts; it is then re-measured on the linked sentences only and, if it moved by more
    # than 5%, everything is aligned once more with the better ratio.
    c = _ratio(doc, en, params)
    for attempt in range(2):
        para_beads = _run(ru_paras, en_paras, c, params)
        ru_link, en_link, beads = _sentence_beads(para_beads, doc, en, ru_segs, en_segs, c, params)
        better = _linked_ratio(beads, ru_segs, en_segs, params)
        if params.ratio is not None or better is None or attempt or abs(better / c - 1.0) < 0.05:
            break
        c = better
    result.ratio = c
    p_para = [b.posterior for b in para_beads]
    for bead in beads:
        r, e = ru_segs[bead.i : bead.i + bead.di], en_segs[bead.j : bead.j + bead.dj]
        # the sentence pass settles much of what the paragraph pass left open: count half of it
        context = math.sqrt(min(p_para[k] for k in {*ru_link[bead.i : bead.i + bead.di], *en_link[bead.j : bead.j + bead.dj]}))
        confidence = bead.posterior * context * plausibility(r, e, c, params)
        result.sentences.append(
            Link("sentence", tuple(range(bead.i, bead.i + bead.di)), tuple(range(bead.j, bead.j + bead.dj)), confidence)
        )
    result.paragraphs = _paragraph_links(result, len(doc.blocks), len(en.blocks))
    _store(result, en)
    _finish_meta(doc, en, glossary, translation_name)
    return result


def _sentence_beads(
    para_beads: list[Bead],
    doc: Document,
    en: Document,
    ru_segs: list[Segment],
    en_segs: list[Segment],
    c: float,
    params: AlignParams,
) -> tuple[list[int], list[int], list[Bead]]:
    """The sentence DP guided by the paragraph links: (paragraph link of each Russian sentence,
    of each English sentence, the sentence beads)."""
    ru_link, en_link, bounds = _guide(para_beads, doc, en, params.slack)
    scorer = Scorer(ru_segs, en_segs, c, params)

    def cost(i: int, j: int, di: int, dj: int) -> float:
        value = scorer(i, j, di, dj)
        if len(set(ru_link[i : i + di]) | set(en_link[j : j + dj])) > 1:
            value += params.off_link
        return value

    beads = best_path(len(ru_segs), len(en_segs), cost, bounds=bounds, temperature=params.temperature)
    return ru_link, en_link, beads


def _linked_ratio(beads: list[Bead], ru_segs: list[Segment], en_segs: list[Segment], params: AlignParams) -> float | None:
    """English/Russian characters over the sentences that were linked (not added or dropped)."""
    l_ru = sum(s.length for b in beads if b.di and b.dj for s in ru_segs[b.i : b.i + b.di])
    l_en = sum(s.length for b in beads if b.di and b.dj for s in en_segs[b.j : b.j + b.dj])
    if not l_ru or not l_en:
        return None
    return _shrunk_ratio(l_ru, l_en, params)


def _ru_sentence_segments(doc: Document, refs: list[tuple[int, int]], terms: list[list[TermMatch]]) -> list[Segment]:
    segs = []
    for bi, si in refs:
        block = doc.blocks[bi]
        s = block.sentences[si]
        own = [m.target for m in terms[bi] if s.start <= m.start < s.end]
        segs.append(Segment(s.source, ru_keys(s.source, terms=own, credit=s.role == "credit"), block.kind == "heading", bi))
    return segs


def _en_sentence_segments(en: Document, refs: list[tuple[int, int]], targets: Sequence[str]) -> list[Segment]:
    segs = []
    for pi, si in refs:
        block = en.blocks[pi]
        s = block.sentences[si]
        keys = en_keys(s.source, terms=_present_targets(s.source, targets), credit=s.role == "credit")
        segs.append(Segment(s.source, keys, block.kind == "heading", pi))
    return segs


_INNER_BAND = 10


def _guide(
    para_beads: list[Bead], doc: Document, en: Document, slack: int
) -> tuple[list[int], list[int], tuple[list[int], list[int]]]:
    """From the paragraph links: which link each sentence is in, and the sentence DP's bounds
    (each Russian sentence may pair with English sentences of its own paragraph link, give or
    take ``slack`` sentences; inside a long link, within a diagonal band as wide as the link's
    sentence-count difference plus 10, so a one-paragraph book stays linear)."""
    ru_counts = [len(b.sentences) for b in doc.blocks]
    en_counts = [len(b.sentences) for b in en.blocks]
    ru_link: list[int] = []
    en_link: list[int] = []
    n, m = sum(ru_counts), sum(en_counts)
    lo, hi = [m] * (n + 1), [0] * (n + 1)
    a = b = 0
    for k, bead in enumerate(para_beads):
        x = sum(ru_counts[bead.i : bead.i + bead.di])
        y = sum(en_counts[bead.j : bead.j + bead.dj])
        ru_link += [k] * x
        en_link += [k] * y
        width = slack + max(_INNER_BAND, abs(x - y))
        for row in range(a, a + x + 1):
            if x and y > 2 * width:
                centre = b + (row - a) * y / x
                row_lo, row_hi = math.floor(centre) - width, math.ceil(centre) + width
            else:
                row_lo, row_hi = b - slack, b + y + slack
            lo[row] = min(lo[row], max(b - slack, row_lo))
            hi[row] = max(hi[row], min(b + y + slack, row_hi))
        a, b = a + x, b + y
    return ru_link, en_link, (lo, hi)


def _paragraph_links(result: Alignment, n_blocks: int, n_paras: int) -> list[Link]:
    """Paragraph links as the connected groups of blocks and paragraphs that sentence links join
    (a block whose sentences all went unmatched is a 1:0 link; likewise 0:1)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    conf: dict[tuple[str, int], float] = {}
    nodes_of = []
    for link in result.sentences:
        nodes = {("r", result.ru_refs[i][0]) for i in link.ru} | {("e", result.en_refs[j][0]) for j in link.en}
        nodes_of.append(nodes)
        first = next(iter(nodes))
        for node in nodes:
            parent[find(node)] = find(first)
    for node in [("r", i) for i in range(n_blocks)] + [("e", j) for j in range(n_paras)]:
        find(node)
    for link, nodes in zip(result.sentences, nodes_of):
        root = find(next(iter(nodes)))
        conf[root] = min(conf.get(root, 1.0), link.confidence)
    groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    links = []
    for root, members in groups.items():
        ru = tuple(sorted(i for side, i in members if side == "r"))
        en = tuple(sorted(j for side, j in members if side == "e"))
        links.append(Link("paragraph", ru, en, conf.get(root, 1.0)))
    return _ordered(links)


def _ordered(links: list[Link]) -> list[Link]:
    """Merge 1:0 and 0:1 links into reading order between the others."""
    both = sorted((k for k in links if k.ru and k.en), key=lambda k: k.ru[0])
    only_ru = sorted((k for k in links if not k.en), key=lambda k: k.ru[0])
    only_en = sorted((k for k in links if not k.ru), key=lambda k: k.en[0])
    out: list[Link] = []
    for k in both:
        while only_ru and only_ru[0].ru[0] < k.ru[0]:
            out.append(only_ru.pop(0))
        while only_en and only_en[0].en[0] < k.en[0]:
            out.append(only_en.pop(0))
        out.append(k)
    out += only_ru + only_en
    return out


def _store(result: Alignment, en: Document) -> None:
    """Write the sentence links into the document (see the module docstring)."""
    doc = result.document
    ru_sent = [doc.blocks[bi].sentences[si] for bi, si in result.ru_refs]
    blocks_added = _added_paragraphs(result)
    inserts: list[tuple[int, Block]] = []  # (before Russian sentence index, block)
    pending: list[str] = []  # added English waiting for the next Russian sentence
    pending_conf = 1.0
    last: Sentence | None = None  # the Russian sentence that took the latest English
    last_para = -1  # … and the English paragraph that English came from
    for k, link in enumerate(result.sentences):
        texts = [result.en_sentences[j] for j in link.en]
        if not link.ru:
            para, si = result.en_refs[link.en[0]]
            if para in blocks_added:
                if si == 0:
                    inserts.append((blocks_added[para][0], _added_block(en.blocks[para], blocks_added[para][1])))
            elif last is not None and para == last_para:
                _append(last, texts, link.confidence)
            else:
                pending += texts
                pending_conf = min(pending_conf, link.confidence)
            continue
        rs = [ru_sent[i] for i in link.ru]
        _set(rs[0], " ".join(texts), link.confidence)
        for s in rs[1:]:
            _set(s, "", link.confidence)
        if pending:
            rs[0].target = " ".join([*pending, rs[0].target]).strip()
            rs[0].confidence = round(min(link.confidence, pending_conf), 4)
            pending, pending_conf = [], 1.0
        if texts or last is None:
            last = rs[0]
            last_para = max((result.en_refs[j][0] for j in link.en), default=last_para)
    if pending:
        if last is not None:
            _append(last, pending, pending_conf)
        else:  # no Russian sentence at all
            inserts.append((0, Block(kind="paragraph", source="", sentences=[_added_sentence(" ".join(pending), pending_conf)])))
    _insert_blocks(doc, result, inserts)


def _added_paragraphs(result: Alignment) -> dict[int, tuple[int, float]]:
    """English paragraphs with no Russian counterpart that fall between two Russian blocks:
    ``{paragraph: (index of the next Russian sentence, confidence)}``. One that falls inside a
    Russian block (its neighbours' English belongs to the same block) is not a block of its own:
    its sentences are attached like added sentences, so the English keeps its order."""
    added = {k.en[0]: k.confidence for k in result.paragraphs if not k.ru and len(k.en) == 1}
    out: dict[int, tuple[int, float]] = {}
    for k, link in enumerate(result.sentences):
        if link.ru or not link.en:
            continue
        para, si = result.en_refs[link.en[0]]
        if para in added and si == 0:
            nxt = _next_ru(result, k)
            if nxt >= len(result.ru_refs) or result.ru_refs[nxt][1] == 0:
                out[para] = (nxt, added[para])
    return out


def _append(sentence: Sentence, texts: list[str], confidence: float) -> None:
    sentence.target = " ".join(x for x in (sentence.target, *texts) if x)
    old = sentence.confidence if sentence.confidence is not None else 1.0
    sentence.confidence = round(min(old, confidence), 4)


def _next_ru(result: Alignment, k: int) -> int:
    """Index of the first Russian sentence linked after link ``k`` (len(ru) if none)."""
    for later in result.sentences[k:]:
        if later.ru:
            return later.ru[0]
    return len(result.ru_refs)


def _insert_blocks(doc: Document, result: Alignment, inserts: list[tuple[int, Block]]) -> None:
    """Insert added paragraphs before the block that starts with the given Russian sentence."""
    positions = []
    for ru_i, block in inserts:
        at = len(doc.blocks) if ru_i >= len(result.ru_refs) else result.ru_refs[ru_i][0]
        positions.append((at, block))
    for at, block in reversed(sorted(positions, key=lambda p: p[0])):
        neighbour = doc.blocks[at] if at < len(doc.blocks) else (doc.blocks[-1] if doc.blocks else None)
        block.start = neighbour.start if neighbour is not None else 0
        doc.blocks.insert(at, block)


def _set(s: Sentence, target: str, confidence: float) -> None:
    s.target = target
    s.origin = "aligned"
    s.confidence = round(confidence, 4)
    s.machine_target = ""


def _added_sentence(text: str, confidence: float) -> Sentence:
    return Sentence(start=0, end=0, source="", target=text, origin="aligned", confidence=round(confidence, 4))


def _added_block(en_block: Block, confidence: float) -> Block:
    kind = en_block.kind if en_block.kind in ("heading", "quote", "caption") else "paragraph"
    return Block(kind=kind, source="", sentences=[_added_sentence(en_block.source, confidence)], level=en_block.level)


def _finish_meta(doc: Document, en: Document, glossary: Any, translation_name: str) -> None:
    from .. import __version__

    name = Path(translation_name or en.meta.source_file or "translation").name
    doc.meta.model = ModelInfo(name="aligned", version="", description=f"{name}, aligned by bilingual {__version__}")
    if glossary is not None:
        from ..glossary import apply_glossary, check_document

        apply_glossary(doc, glossary)
        check_document(doc)
    from ..pipeline import finish_document

    finish_document(doc)


# --------------------------------------------------------------------------- entry points
def align_texts(
    ru: Document | str,
    en: Document | str,
    glossary: Glossary | None = None,
    *,
    params: AlignParams = AlignParams(),
) -> Document:
    """Align an English text to a Russian one (texts or parsed documents); return the aligned
    Russian document (targets, ``origin="aligned"``, confidences). See :func:`align_documents`."""
    return align_alignment(ru, en, glossary, params=params).document


def align_alignment(
    ru: Document | str,
    en: Document | str,
    glossary: Glossary | None = None,
    *,
    params: AlignParams = AlignParams(),
) -> Alignment:
    """Like :func:`align_texts` but returns the whole :class:`Alignment` (links included)."""
    if isinstance(ru, str):
        from ..read import Decoded, parse_document

        ru = parse_document(Decoded(text=ru, encoding="utf-8"), source_file="source.ru.txt")
    if isinstance(en, str):
        en = parse_translation(en)
    return align_documents(ru, en, glossary=glossary, params=params)


def align_files(
    source: str | Path,
    translation: str | Path,
    *,
    glossary: Glossary | None = None,
    params: AlignParams = AlignParams(),
) -> Alignment:
    """Read a Russian article and its English translation from files and align them."""
    from ..read import read_document

    ru = read_document(Path(source), lang="ru")
    en = read_translation(Path(translation))
    if not en.blocks:
        raise InputError(f"{translation} has no text; give the English translation of {Path(source).name}")
    return align_documents(ru, en, glossary=glossary, params=params, translation_name=str(translation))
