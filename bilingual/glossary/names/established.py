"""Established English forms of names: the shipped list ``bilingual/data/names/established.tsv``.

Each row: Russian dictionary form, English, kind and the basis of the spelling (``Wikipedia
EN article title``, ``kremlin.ru English``, ``president.az English``, ``Reuters/BBC usage``…):
countries and capitals, Russian regions and cities, state bodies, parties, media, the best-known
people of the region (in the English form of their own language: Gurbanguly Berdimuhamedow,
Serzh Sargsyan) and common acronyms (РФ → Russia, ПВО → air defence). Looked up by the
folded, lower-case dictionary form (ё = е); a person's surname alone («Алиев») takes the last
word of the full name («Ilham Aliyev» → Aliyev) when every full name with that surname agrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..match import fold

__all__ = ["DATA_FILE", "Established", "EstablishedForm", "established_forms"]

DATA_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "names" / "established.tsv"


@dataclass(frozen=True)
class EstablishedForm:
    """One row of the list."""

    source: str
    target: str
    kind: str
    basis: str


def _key(text: str) -> str:
    return " ".join(fold(text).lower().split())


class Established:
    """The established forms, indexed by folded dictionary form (and by surname)."""

    def __init__(self, rows: list[EstablishedForm]) -> None:
        self.rows = rows
        self._by_key = {_key(r.source): r for r in rows}
        surnames: dict[str, set[tuple[str, str]]] = {}
        for r in rows:
            words, eng = r.source.split(), r.target.split()
            if r.kind == "person" and len(words) > 1 and len(eng) > 1:
                surnames.setdefault(_key(words[-1]), set()).add((eng[-1], r.basis))
        self._surnames = {k: EstablishedForm(k, next(iter(v))[0], "person", next(iter(v))[1] + " (surname)")
                          for k, v in surnames.items() if len({t for t, _ in v}) == 1}

    @classmethod
    def empty(cls) -> Established:
        """No established forms (everything falls back to the engine or transliteration)."""
        return cls([])

    @classmethod
    def load(cls, path: Path = DATA_FILE) -> Established:
        """Read a TSV with columns source, target, kind, basis ('#' lines are comments)."""
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if cells[:2] == ["source", "target"] or len(cells) < 2:
                continue
            cells += [""] * (4 - len(cells))
            rows.append(EstablishedForm(*(c.strip() for c in cells[:4])))
        return cls(rows)

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, source: str) -> EstablishedForm | None:
        """The established form of a dictionary form, if listed (a surname alone included)."""
        key = _key(source)
        return self._by_key.get(key) or self._surnames.get(key)


@lru_cache(maxsize=1)
def established_forms() -> Established:
    """The shipped list (read once)."""
    return Established.load()
