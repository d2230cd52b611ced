"""Align an existing English translation to the Russian source: paragraphs, then sentences.

:func:`align_documents` runs the bead DP (:mod:`.lattice`) twice:

1. **paragraphs** — Russian blocks against English paragraphs (1:1, 2:1 / 3:1 merged, 1:2 / 1:3
   split, 2:2 / 3:2 / 2:3 regrouped, 1:0 dropped, 0:1 added), scored by length and anchors; the
   translator's notes (:mod:`.notes`) may only be 0:1;
2. **sentences** — all Russian sentences against all English sentences, guided by step 1: a
   sentence may only pair with English of its own paragraph link give or take
   :attr:`~.score.AlignParams.slack` sentences, and a link that leaves its paragraph link costs
   :attr:`~.score.AlignParams.off_link` — so a sentence the translator moved into the next
   paragraph is still found, which a strictly nested search would miss. Leaving a paragraph
   link costs more the surer that link is (:attr:`~.score.AlignParams.off_sure`), and pairing a
   sentence of a paragraph found dropped or added costs :attr:`~.score.AlignParams.off_gap` on
   top, so a run of dropped paragraphs stays dropped where the paragraph pass put it. The final
   paragraph links are the groups of blocks and paragraphs that sentence links join.

Which cells each DP searches is planned by :mod:`.plan` and run by :mod:`.bounds`: an article
keeps the full band; a book is cut on anchors (:mod:`.chunk`), searched in a band that widens
once where the path meets its edge, and solved in windows when a piece is still large, so
memory stays bounded and time linear; past a budget it is refused with :class:`~.bounds.AlignError`.
How links are written into the document is in :mod:`.store`.

``Sentence.confidence`` is the link's confidence in [0, 1] (:mod:`.confidence`): its posterior
probability over all alignments (temperature :attr:`~.score.AlignParams.temperature`) times the
square root of the posterior of the paragraph link around it, calibrated on the gold texts,
times :func:`~.score.plausibility` (lengths far off, or numbers that disagree, lower it). A link
is **flagged for review** when its confidence is below :data:`~.confidence.REVIEW_BELOW` and always
when it is a 1:0 or 0:1 link: :func:`needs_review` tells it from the JSON alone. The full link
list, with the link shapes, which the JSON does not keep, is in :class:`Alignment`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model import Block, Document, ModelInfo, TermMatch
from .anchors import Segment, en_keys, ru_keys
from .bounds import Work, check_cells, check_sides, solve
from .confidence import calibrate
from .english import parse_translation, read_translation
from .lattice import Bead
from .links import LOW_CONFIDENCE, Alignment, Link, needs_review
from .notes import note_paragraphs
from .plan import paragraph_plan, sentence_plan
from .score import AlignParams, Scorer, plausibility
from .store import paragraph_links, store

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
    # all in group 0: a paragraph merge pays its bead prior, not the sentence level's cross-group charge
    return [
        Segment(b.source, ru_keys(b.source, terms=[m.target for m in t], credit=b.credit is not None), _is_short(b))
        for b, t in zip(doc.blocks, terms)
    ]


def _en_paragraph_segments(en: Document, targets: Sequence[str]) -> list[Segment]:
    return [
        Segment(b.source, en_keys(b.source, terms=_present_targets(b.source, targets), credit=b.credit is not None), _is_short(b))
        for b in en.blocks
    ]


def _shrunk_ratio(l_ru: int, l_en: int, params: AlignParams) -> float:
    """English/Russian characters, shrunk toward ``params.prior_ratio`` (geometric mean weighted
    by characters), so a short text, where one added sentence weighs a lot, keeps near the prior."""
    if l_ru <= 0 or l_en <= 0:
        return params.prior_ratio
    k, n = params.prior_chars, l_ru
    log_c = (k * math.log(params.prior_ratio) + n * math.log(l_en / l_ru)) / (k + n)
    return min(1.6, max(0.6, math.exp(log_c)))


#: Whole-text English/Russian ratios outside this range (times the prior) say that text was
#: dropped or added, not how long English runs: the first pass then starts from the prior.
PLAUSIBLE_RATIO = (0.75, 1.35)


def _ratio(ru: Document, en: Document, params: AlignParams) -> float:
    if params.ratio is not None:
        return params.ratio
    l_ru = sum(len(b.source) for b in ru.blocks)
    l_en = sum(len(b.source) for b in en.blocks)
    if l_ru and l_en and not PLAUSIBLE_RATIO[0] <= l_en / l_ru / params.prior_ratio <= PLAUSIBLE_RATIO[1]:
        return params.prior_ratio
    return _shrunk_ratio(l_ru, l_en, params)


def _run(ru: list[Segment], en: list[Segment], c: float, params: AlignParams, work: Work) -> list[Bead]:
    plan = paragraph_plan(ru, en, c, params)
    check_cells(plan, "paragraph", params)
    return solve(Scorer(ru, en, c, params), plan, params, temperature=params.temperature, work=work)


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
    target, ``origin="aligned"`` and confidence set (see :mod:`.store` for how each link shape
    is stored). ``ru`` itself is not changed. Raises :class:`~.bounds.AlignError` (an
    :class:`~bilingual.errors.InputError`) when the texts are past the work budget.
    """
    check_sides(sum(len(b.sentences) for b in ru.blocks), sum(len(b.sentences) for b in en.blocks), params)
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
    result.notes = sorted(note_paragraphs(en, doc))
    notes = set(result.notes)
    for seg in en_segs:
        seg.note = seg.group in notes
    ru_paras = _ru_paragraph_segments(doc, terms)
    en_paras = _en_paragraph_segments(en, targets)
    for k, seg in enumerate(en_paras):
        seg.note = k in notes

    # The length ratio is first measured on the whole texts, which added or dropped text
    # distorts; it is then re-measured on the linked sentences only and, if it moved by more
    # than 5%, everything is aligned once more with the better ratio.
    c = _ratio(doc, en, params)
    counts = ([len(b.sentences) for b in doc.blocks], [len(b.sentences) for b in en.blocks])
    result.work = {"paragraph": Work(), "sentence": Work()}  # both attempts
    for attempt in range(2):
        para_beads = _run(ru_paras, en_paras, c, params, result.work["paragraph"])
        ru_link, en_link, beads = _sentence_beads(para_beads, counts, ru_segs, en_segs, c, params, result.work["sentence"])
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
        raw = bead.posterior * context
        confidence = calibrate(raw) * plausibility(r, e, c, params)
        result.sentences.append(
            Link("sentence", tuple(range(bead.i, bead.i + bead.di)), tuple(range(bead.j, bead.j + bead.dj)), confidence, raw)
        )
    result.paragraphs = paragraph_links(result, len(doc.blocks), len(en.blocks))
    store(result, en)
    _finish_meta(doc, en, glossary, translation_name)
    return result


def _sentence_beads(
    para_beads: list[Bead],
    counts: tuple[list[int], list[int]],
    ru_segs: list[Segment],
    en_segs: list[Segment],
    c: float,
    params: AlignParams,
    work: Work,
) -> tuple[list[int], list[int], list[Bead]]:
    """The sentence DP guided by the paragraph links: (paragraph link of each Russian sentence,
    of each English sentence, the sentence beads)."""
    ru_link, en_link, plan = sentence_plan(para_beads, counts[0], counts[1], ru_segs, en_segs, c, params)
    check_cells(plan, "sentence", params)
    scorer = Scorer(ru_segs, en_segs, c, params, "sentence")
    off_link, off_gap = params.off_link, params.off_gap
    gap = [not (b.di and b.dj) for b in para_beads]  # paragraph links that are 1:0 or 0:1
    sure = [params.off_sure * b.posterior for b in para_beads]

    def cost(i: int, j: int, di: int, dj: int) -> float:
        value = scorer(i, j, di, dj)
        # a bead joining sentences of different paragraph links (link numbers never decrease
        # along a side, so its first and last sentences tell)
        k = ru_link[i] if di else en_link[j]
        if (di > 1 and ru_link[i + di - 1] != k) or (dj and (en_link[j] != k or en_link[j + dj - 1] != k)):
            value += off_link
            ends = [ru_link[i], ru_link[i + di - 1]] if di else []
            ends += [en_link[j], en_link[j + dj - 1]] if dj else []
            value += min(sure[x] for x in ends)
            # … one of them in a paragraph the paragraph pass found dropped or added
            if di and dj and (gap[ru_link[i]] or gap[ru_link[i + di - 1]] or gap[en_link[j]] or gap[en_link[j + dj - 1]]):
                value += off_gap
        return value

    beads = solve(cost, plan, params, temperature=params.temperature, work=work)
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
