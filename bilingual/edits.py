"""Carry an editor's work over to a re-translated document.

When ``bilingual translate`` runs again on an article that already has an ``out/<stem>.json``,
:func:`carry_over` moves what must survive from the old document into the freshly read one,
before the engine runs:

* a sentence edited by hand (``origin="human"``) keeps its English, its origin and the machine
  output it replaced — whatever else changed in the article;
* an aligned sentence (an existing human translation, ``origin="aligned"``) keeps its English
  and confidence;
* a machine-translated sentence keeps its English when the engine would see exactly the same
  input again (same Russian after glossary processing, same model), so only changed source goes
  to the engine; pass ``keep_machine=False`` to re-translate all machine output.

Sentences are matched by their Russian text (:attr:`~bilingual.model.Sentence.sid`), in order,
with :class:`difflib.SequenceMatcher` over the two sentence sequences — so added, removed or
moved paragraphs do not shift anything, and a sentence that occurs twice is matched by
position. A block whose Russian is unchanged keeps its block-level translation
(``target_override``).

Nothing is overwritten silently: a human edit whose Russian sentence no longer exists (the
author changed or deleted it) cannot be placed, and is listed in :attr:`CarryReport.orphans`
with the most similar new sentence, for the caller to show and keep: :func:`write_orphans`
adds them to a side file, never replacing what an earlier run saved there.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from .exchange.units import sid_of
from .model import Document, Sentence

__all__ = ["Orphan", "CarryReport", "carry_over", "match_sentences", "write_orphans"]


@dataclass(frozen=True)
class Orphan:
    """A human edit whose Russian sentence is gone from the new document."""

    block: int  #: 1-based block number in the old document
    source: str  #: the old Russian sentence
    target: str  #: the editor's English
    closest: str = ""  #: the most similar Russian sentence of the new document ("" if none)
    similarity: float = 0.0  #: 0..1, difflib ratio with ``closest``


@dataclass
class CarryReport:
    """What :func:`carry_over` kept."""

    kept: int = 0  #: human-edited sentences carried over
    kept_aligned: int = 0
    kept_machine: int = 0
    blocks_kept: int = 0  #: block-level translations carried over
    to_translate: int = 0  #: new-document sentences still without English
    orphans: list[Orphan] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the CLI."""
        parts = [f"{self.kept} human edit(s) kept"]
        if self.kept_aligned:
            parts.append(f"{self.kept_aligned} aligned sentence(s) kept")
        if self.kept_machine:
            parts.append(f"{self.kept_machine} unchanged machine sentence(s) reused")
        parts.append(f"{self.to_translate} sentence(s) to translate")
        if self.orphans:
            parts.append(f"{len(self.orphans)} human edit(s) whose Russian sentence changed or was removed — not applied")
        return "; ".join(parts)


def match_sentences(old: list[Sentence], new: list[Sentence]) -> list[tuple[int, int]]:
    """Pairs ``(old index, new index)`` of sentences with the same Russian text: the longest
    in-order matching first, then any remaining equal sentences (moved text), first come first
    served."""
    a, b = [sid_of(s) for s in old], [sid_of(s) for s in new]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pairs = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs.append((block.a + k, block.b + k))
            used_old.add(block.a + k)
            used_new.add(block.b + k)
    free: dict[str, list[int]] = {}
    for i, sid in enumerate(a):
        if i not in used_old:
            free.setdefault(sid, []).append(i)
    for j, sid in enumerate(b):
        if j not in used_new and free.get(sid):
            pairs.append((free[sid].pop(0), j))
    return sorted(pairs, key=lambda p: p[1])


def _same_engine_input(old_doc: Document, new_doc: Document, o: Sentence, n: Sentence) -> bool:
    old_in = o.engine_source or o.source
    new_in = n.engine_source or n.source
    if old_in != new_in:
        return False
    m_old, m_new = old_doc.meta.model, new_doc.meta.model
    if m_new.name and (m_old.name, m_old.version) != (m_new.name, m_new.version):
        return False
    return True


def carry_over(old: Document, new: Document, *, keep_machine: bool = True) -> CarryReport:
    """Copy the editor's work (and reusable translations) from ``old`` into ``new``, in place.

    ``new`` is the freshly read and segmented document (glossary applied, not yet translated).
    Returns a :class:`CarryReport`; ``report.kept`` is the number of human edits kept.
    """
    report = CarryReport()
    old_sents = [s for b in old.blocks for s in b.sentences if s.source.strip()]
    new_sents = [s for b in new.blocks for s in b.sentences if s.source.strip()]
    placed: set[int] = set()
    for i, j in match_sentences(old_sents, new_sents):
        o, n = old_sents[i], new_sents[j]
        if o.origin == "human" and o.target.strip():
            _copy(o, n)
            report.kept += 1
        elif o.origin == "aligned":
            _copy(o, n)
            report.kept_aligned += 1
        elif o.origin == "machine" and o.target.strip() and keep_machine and _same_engine_input(old, new, o, n):
            _copy(o, n)
            report.kept_machine += 1
        else:
            continue
        placed.add(i)
    report.blocks_kept = _carry_blocks(old, new)
    report.orphans = _orphans(old, [s for k, s in enumerate(old_sents) if k not in placed], new_sents)
    report.to_translate = sum(1 for s in new_sents if not s.target.strip() and s.origin not in ("human", "aligned"))
    return report


def _copy(o: Sentence, n: Sentence) -> None:
    n.target = o.target
    n.origin = o.origin
    n.machine_target = o.machine_target
    n.confidence = o.confidence


def _carry_blocks(old: Document, new: Document) -> int:
    overrides = {b.source: b.target_override for b in old.blocks if b.target_override is not None}
    kept = 0
    for b in new.blocks:
        if b.target_override is None and b.source in overrides:
            b.target_override = overrides[b.source]
            kept += 1
    return kept


def _orphans(old: Document, unplaced: list[Sentence], new_sents: list[Sentence]) -> list[Orphan]:
    block_of = {id(s): bi for bi, b in enumerate(old.blocks) for s in b.sentences}
    out = []
    for s in unplaced:
        if s.origin != "human" or not s.target.strip():
            continue
        closest, ratio = "", 0.0
        for n in new_sents:
            r = difflib.SequenceMatcher(None, s.source, n.source).ratio()
            if r > ratio:
                closest, ratio = n.source, r
        out.append(Orphan(block_of.get(id(s), -1) + 1, s.source, s.target, closest, round(ratio, 3)))
    return out


def write_orphans(orphans: list[Orphan], path: str | Path) -> Path:
    """Save human edits that could not be carried over, so that a run that must replace the
    document still keeps the editor's words somewhere.

    The file (a JSON list) is only ever added to: entries already in it stay, an orphan with the
    same ``source`` and ``target`` as one there is not repeated; the file is locked while it is
    read and rewritten (atomically), so two runs cannot drop each other's orphans.
    """
    from .fileio import merge_json_records

    records = [dataclasses.asdict(o) for o in orphans]
    return merge_json_records(path, records, key=("source", "target"))[0]
