#!/usr/bin/env python3
"""Benchmark: DOCX rendering, milliseconds per sentence by size, this tree's renderer against
the renderer of ``HEAD`` (or any git revision), side by side in one process.

A translated book is built in memory (:func:`bench_document`: chapters of 400 sentences,
paragraphs of 4 sentences made of the seed article's words, a heading every 25 paragraphs, a
note every 50 paragraphs, a stanza and an image per chapter) at each size, then rendered by
both renderers, alternating, ``--repeat`` times, after one small warm-up render each (imports
are not measured); the median wall time of ``render_docx`` (building the XML and writing the
file) is printed per sentence, with the ratio old ÷ new
and the ratio of each size to the previous one per sentence (1.0 = linear). The old renderer
is ``bilingual/render`` of the revision, written by ``git show`` into a temporary folder and
imported as ``bilingual.render_head`` (nothing in the work tree or in git changes).

Usage: python bench/bench_docx.py [--sizes 1000,5000,20000] [--quick] [--rev HEAD]
[--granularity sentence] [--layout side-by-side] [--repeat 1] [--no-old] [--json FILE]
(``--quick``: 500 and 1,000 sentences; ``--packages-dir`` is accepted for ``run_all.py``'s sake.)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SENTENCES_PER_PARAGRAPH = 4
SENTENCES_PER_CHAPTER = 400
TARGET_MS = 0.3  #: issue 15's target, milliseconds per sentence


def _words() -> list[str]:
    text = (ROOT / "seeds" / "2025-10-09-putin-aliyev-dushanbe.ru.txt").read_text(encoding="utf-8")
    return re.findall(r"[А-Яа-яЁё]+", text)


def _png() -> bytes:
    import struct
    import zlib

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes((90, 120, 160)) * 40 for _ in range(30))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 30, 8, 2, 0, 0, 0)) + chunk(
        b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def bench_document(n: int, seed: int = 7) -> Any:
    """A translated book of about ``n`` text sentences (English: the Russian words reversed and
    transliterated-looking, so both sides have realistic lengths)."""
    from bilingual.model import (
        Block,
        Chapter,
        Document,
        Image,
        Mark,
        Metadata,
        ModelInfo,
        Sentence,
    )

    words = _words()
    rng = random.Random(seed)

    def sentence() -> tuple[str, str]:
        ru = " ".join(rng.choice(words) for _ in range(rng.randint(6, 18)))
        ru = f"{ru[0].upper()}{ru[1:]}."
        en = " ".join(w[::-1].lower() for w in ru[:-1].split())
        return ru, f"{en[0].upper()}{en[1:]}."

    def block(kind: str, pairs: list[tuple[str, str]], chapter: int, **kw: Any) -> Any:
        source, sents = "", []
        for ru, en in pairs:
            source += " " if source else ""
            sents.append(Sentence(len(source), len(source) + len(ru), ru, en, origin="machine", machine_target=en))
            source += ru
        return Block(kind, source, sents, chapter=chapter, **kw)

    blocks, chapters, done, para, note = [], [], 0, 0, 0
    while done < n:
        c = len(chapters)
        chapters.append(Chapter(title=f"Глава {c + 1}", title_target=f"Chapter {c + 1}"))
        blocks.append(block("heading", [(f"Глава {c + 1}", f"Chapter {c + 1}")], c, level=1))
        blocks.append(block("verse", [("Мороз и солнце; день чудесный!", "Frost and sun; a wonderful day!"),
                                      ("Ещё ты дремлешь, друг прелестный", "You are still dozing, lovely friend")], c))
        blocks[-1].source = blocks[-1].source.replace("! ", "!\n")
        blocks.append(block("image", [("Вид на город.", "A view of the city.")], c, image="pic.png"))
        in_chapter = 0
        while in_chapter < SENTENCES_PER_CHAPTER and done < n:
            k = min(SENTENCES_PER_PARAGRAPH, n - done)
            b = block("paragraph", [sentence() for _ in range(k)], c)
            if para % 25 == 24:
                blocks.append(block("heading", [sentence()], c, level=2))
            if para % 50 == 0:
                note += 1
                b.marks.append(Mark(b.sentences[0].end, b.sentences[0].end, "noteref", f"n{note}"))
                b.marks.append(Mark(0, b.sentences[0].end - 1, "em"))
                blocks.append(b)
                blocks.append(block("note", [(f"Примечание номер {note}.", f"Note number {note}.")], c, note_id=f"n{note}"))
            else:
                blocks.append(b)
            para += 1
            done += k
            in_chapter += k
    meta = Metadata(title="Большая книга", title_target="A Big Book", authors=["Иван Петров"], date="2025-10-09",
                    model=ModelInfo(name="bench", version="1", description="bench document"),
                    created="2025-10-10T08:00:00+00:00", generator="bilingual bench")
    images = [Image(id="pic.png", media_type="image/png", alt="Картинка", data=_png())]
    return Document(meta=meta, blocks=blocks, chapters=chapters, images=images)


def old_renderer(rev: str, into: Path) -> ModuleType:
    """``bilingual/render`` of ``rev``, written into ``into`` by ``git show`` and imported as
    ``bilingual.render_head`` (git state unchanged)."""
    import bilingual

    names = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", f"{rev}:bilingual/render"],
                           capture_output=True, text=True, check=True).stdout.split()
    folder = into / "render_head"
    folder.mkdir()
    for name in names:
        if name.endswith(".py"):
            text = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:bilingual/render/{name}"],
                                  capture_output=True, text=True, check=True).stdout
            (folder / name).write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("bilingual.render_head", folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    bilingual.render_head = module  # type: ignore[attr-defined]
    return module


def _time(render: ModuleType, doc: Any, path: Path, options: dict[str, Any]) -> float:
    opts = render.RenderOptions(**options)
    start = time.perf_counter()
    render.render_docx(doc, path, opts)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--quick", action="store_true", help="500 and 1,000 sentences")
    ap.add_argument("--rev", default="HEAD", help="git revision of the old renderer")
    ap.add_argument("--granularity", default="sentence", choices=("paragraph", "sentence"))
    ap.add_argument("--layout", default="side-by-side")
    ap.add_argument("--repeat", type=int, default=1, help="renders per size and renderer (median)")
    ap.add_argument("--no-old", action="store_true", help="time this tree's renderer only")
    ap.add_argument("--json", help="write the figures to this file too")
    ap.add_argument("--packages-dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sizes = [500, 1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    import bilingual.render as new

    options = {"granularity": args.granularity, "layout": args.layout}
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-docx-") as tmp:
        tmpdir = Path(tmp)
        old = None if args.no_old else old_renderer(args.rev, tmpdir)
        warm = bench_document(50)  # imports and first-use caches are not what is measured
        for render in (old, new):
            if render is not None:
                _time(render, warm, tmpdir / "warm.docx", options)
        for n in sizes:
            doc = bench_document(n)
            sents = len(doc.sentences())
            times: dict[str, list[float]] = {"new": [], "old": []}
            for _ in range(args.repeat):  # interleaved, so a change in load hits both alike
                if old is not None:
                    times["old"].append(_time(old, doc, tmpdir / "old.docx", options))
                times["new"].append(_time(new, doc, tmpdir / "new.docx", options))
            row = {"size": n, "sentences": sents, "new_ms": statistics.median(times["new"]) * 1e3 / sents,
                   "docx_kb": (tmpdir / "new.docx").stat().st_size / 1024}
            if times["old"]:
                row["old_ms"] = statistics.median(times["old"]) * 1e3 / sents
            results.append(row)
            print(f"{n} done", file=sys.stderr, flush=True)
    print(f"DOCX rendering ({args.layout}, {args.granularity} rows), ms per sentence; "
          f"old = {args.rev}, new = this tree; median of {args.repeat}; target < {TARGET_MS} ms")
    print("| sentences | old ms/sent | new ms/sent | old ÷ new | new ×size | DOCX |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    prev = None
    for r in results:
        old_ms = f"{r['old_ms']:.3f}" if "old_ms" in r else "–"
        ratio = f"{r['old_ms'] / r['new_ms']:.1f}×" if "old_ms" in r else "–"
        growth = f"{r['new_ms'] / prev['new_ms']:.2f}" if prev else "–"
        print(f"| {r['sentences']:,} | {old_ms} | {r['new_ms']:.3f} | {ratio} | {growth} | {r['docx_kb']:.0f} KB |")
        prev = r
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
