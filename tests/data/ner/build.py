"""Rebuild the NER subsets here from a checkout of factRuEval-2016 (MIT licence).

Source: https://github.com/dialogue-evaluation/factRuEval-2016 (commit dfe9623), the
``devset`` (→ ``dev.jsonl``, tuned on) and ``testset`` (→ ``heldout.jsonl``, never tuned on)
folders. Each line: ``{"id", "text", "entities": [{"kind", "start", "end", "text"}]}`` where an
entity is the *name* part of a mention: a Person's name/surname/patronymic/nickname spans, a
Location's or LocOrg's ``loc_name`` spans (kind ``place``), an Org's ``org_name`` spans (``org``);
mentions with only descriptors (``мэрии``, ``правительства``) are not names and are skipped.

    python tests/data/ner/build.py /path/to/factRuEval-2016
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KINDS = {"Person": ("person", {"name", "surname", "patronymic", "nickname"}),
         "Location": ("place", {"loc_name"}), "LocOrg": ("place", {"loc_name"}), "Org": ("org", {"org_name"})}
BUDGET = {"devset": 50_000, "testset": 80_000}  # characters of text kept per part (texts over 6000 skipped)


def _entities(stem: Path, text: str) -> list[dict]:
    spans = {}
    for line in stem.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
        f = line.split()
        if len(f) >= 4:
            spans[f[0]] = (f[1], int(f[2]), int(f[2]) + int(f[3]))
    out, seen = [], set()
    for line in stem.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
        f = line.split("#")[0].split()
        if len(f) < 3 or f[1] not in KINDS:
            continue
        kind, wanted = KINDS[f[1]]
        parts = sorted({spans[s][1:] for s in f[2:] if s in spans and spans[s][0] in wanted})
        if not parts:
            continue
        start, end = parts[0][0], max(b for _, b in parts)
        gaps = [text[parts[i][1]:parts[i + 1][0]] for i in range(len(parts) - 1)]
        surface = text[start:end] if all(not g.strip() for g in gaps) else " ".join(text[a:b] for a, b in parts)
        if (kind, start, end) not in seen:
            seen.add((kind, start, end))
            out.append({"kind": kind, "start": start, "end": end, "text": surface})
    return sorted(out, key=lambda e: e["start"])


def main(root: Path) -> None:
    here = Path(__file__).parent
    for part, name in (("devset", "dev.jsonl"), ("testset", "heldout.jsonl")):
        used, lines = 0, []
        for txt in sorted((root / part).glob("book_*.txt"), key=lambda p: int(p.stem.split("_")[1])):
            text = txt.read_text(encoding="utf-8")
            if len(text) > 6000 or used + len(text) > BUDGET[part]:
                continue
            used += len(text)
            lines.append(json.dumps({"id": txt.stem, "text": text, "entities": _entities(txt.with_suffix(""), text)}, ensure_ascii=False))
        (here / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(name, len(lines), "texts", used, "chars")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
