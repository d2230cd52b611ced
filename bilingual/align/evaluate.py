"""Precision and recall of an alignment against a hand-made gold alignment.

Gold file (TSV, ``#`` comments)::

    P   3,4   4        # paragraph link: Russian blocks 3 and 4 = English paragraph 4
    S   5.1   5.1,5.2  # sentence link: Russian 5.1 = English 5.1 + 5.2
    S   19.1  -        # 1:0 — "-" is nothing

Ids are 1-based: block (paragraph) numbers, and ``block.sentence`` for sentences, numbered
as :mod:`bilingual.read` and :func:`bilingual.align.read_translation` split the two texts.

Two measures per level: **links** — a predicted link counts only if it is exactly a gold
link, 1:0 and 0:1 links included (strict); **pairs** — every link is expanded into the
(Russian, English) pairs it asserts and pairs are compared (lenient: a 2:2 link predicted as
two 1:1 links still earns the pairs it got right).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .core import Alignment, Link

__all__ = ["GoldLink", "Scores", "load_gold", "predicted_links", "score", "evaluate"]

Ids = tuple[str, ...]
GoldLink = tuple[Ids, Ids]


@dataclass(frozen=True)
class Scores:
    """Precision/recall of one level by one measure."""

    level: str
    measure: str
    correct: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (
            f"{self.level:<9} {self.measure:<5} P {self.precision:.3f} ({self.correct}/{self.predicted})  "
            f"R {self.recall:.3f} ({self.correct}/{self.gold})  F1 {self.f1:.3f}"
        )


def _ids(text: str) -> Ids:
    text = text.strip()
    return () if text in ("-", "") else tuple(p.strip() for p in text.split(","))


def load_gold(path: str | Path) -> dict[str, list[GoldLink]]:
    """``{"paragraph": [...], "sentence": [...]}`` from a gold TSV file."""
    out: dict[str, list[GoldLink]] = {"paragraph": [], "sentence": []}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in ("P", "S"):
            raise InputError(f"{path}:{n}: expected 'P|S<TAB>russian ids<TAB>english ids'")
        level = "paragraph" if parts[0] == "P" else "sentence"
        out[level].append((_ids(parts[1]), _ids(parts[2])))
    return out


def predicted_links(alignment: Alignment) -> dict[str, list[GoldLink]]:
    """The alignment's links with gold-style ids."""

    def para(link: Link) -> GoldLink:
        return tuple(str(i + 1) for i in link.ru), tuple(str(j + 1) for j in link.en)

    def sent(link: Link) -> GoldLink:
        ru = tuple(f"{alignment.ru_refs[i][0] + 1}.{alignment.ru_refs[i][1] + 1}" for i in link.ru)
        en = tuple(f"{alignment.en_refs[j][0] + 1}.{alignment.en_refs[j][1] + 1}" for j in link.en)
        return ru, en

    return {"paragraph": [para(k) for k in alignment.paragraphs], "sentence": [sent(k) for k in alignment.sentences]}


def _pairs(links: list[GoldLink]) -> set[tuple[str, str]]:
    return {(r, e) for ru, en in links for r in ru for e in en}


def score(predicted: list[GoldLink], gold: list[GoldLink], level: str) -> list[Scores]:
    """Strict link scores and lenient pair scores for one level."""
    p_links, g_links = set(predicted), set(gold)
    p_pairs, g_pairs = _pairs(predicted), _pairs(gold)
    return [
        Scores(level, "links", len(p_links & g_links), len(p_links), len(g_links)),
        Scores(level, "pairs", len(p_pairs & g_pairs), len(p_pairs), len(g_pairs)),
    ]


def evaluate(alignment: Alignment, gold: dict[str, list[GoldLink]]) -> list[Scores]:
    """Scores of ``alignment`` against ``gold`` at both levels."""
    pred = predicted_links(alignment)
    return [s for level in ("paragraph", "sentence") for s in score(pred[level], gold[level], level)]
