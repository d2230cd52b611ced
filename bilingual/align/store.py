"""How sentence links are written into the aligned document, and the paragraph links they imply.

How a link is stored in the returned :class:`~bilingual.model.Document` (a copy of the Russian
document; every sentence gets ``origin="aligned"``):

* ``1:1`` / ``1:2`` / ``1:3`` — the English sentence(s), joined by a space, are the target;
* ``2:1`` / ``2:2`` / ``3:1`` / ``3:2`` / ``2:3`` — the whole English goes on the *first*
  Russian sentence of the link; the
  other Russian sentences of the link get ``target=""`` (their meaning is in the first one's
  target), with the same confidence;
* ``1:0`` (the translator left the sentence out) — ``target=""``;
* every sentence of a 1:0 or 0:1 link (and a sentence whose target took added English) is
  stored with a confidence of at most :data:`~.confidence.GAP_STORED`, below the review
  threshold, so it is flagged from the JSON alone;
* ``0:1`` (the translator added a sentence) — appended to the target of the Russian sentence
  that took the English just before it in the same English paragraph, else put before the
  target of the next Russian sentence; an added *paragraph* between two Russian blocks becomes
  a block of its own with an empty ``source`` whose one sentence carries the English — so does
  a translator's note (:mod:`.notes`), which is never linked to Russian text.

So the targets, read in document order, are exactly the English text, in its order.
"""

from __future__ import annotations

from ..model import Block, Document, Sentence
from .links import Alignment, Link

__all__ = ["paragraph_links", "store"]


def paragraph_links(result: Alignment, n_blocks: int, n_paras: int) -> list[Link]:
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


def store(result: Alignment, en: Document) -> None:
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
                _append(last, texts, link.stored_confidence)
            else:
                pending += texts
                pending_conf = min(pending_conf, link.stored_confidence)
            continue
        rs = [ru_sent[i] for i in link.ru]
        _set(rs[0], " ".join(texts), link.stored_confidence)
        for s in rs[1:]:
            _set(s, "", link.stored_confidence)
        if pending:
            rs[0].target = " ".join([*pending, rs[0].target]).strip()
            rs[0].confidence = round(min(link.stored_confidence, pending_conf), 4)
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
    added = {k.en[0]: k.stored_confidence for k in result.paragraphs if not k.ru and len(k.en) == 1}
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

