"""F1 by entity lemma of ``glossary suggest`` against natasha on factRuEval-2016 texts.

    python bench/bench_suggest.py [--part heldout|dev] [--no-natasha] [--errors N]

Gold: ``tests/data/ner/{dev,heldout}.jsonl`` (built by ``tests/data/ner/build.py``; person,
place and org *names*). Each system gives, per text, a set of normalised names; a name is
compared by a key of crude per-word stems (ё = е, case and quotes ignored, the usual Russian
case endings cut, so «Министерства обороны» and «Министерство обороны» share a key but
«Бердымухамеды» and «Бердымухамедов» do not). Per text, unique keys: micro precision, recall
and F1 over all texts, plus recall per gold kind (a gold name found by any prediction) and
precision per predicted kind. Suggestions that only stand for a part of a longer name the
text always writes in full (the surname ``suggest`` proposes alongside «Светлана Журова»)
are not counted. natasha (``pip install natasha``) is run with its news NER and morph taggers and
``span.normalize``; it is skipped when not installed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "ner"
_ENDINGS = sorted(
    ["иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях", "ым", "им", "ою", "ею", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й"],
    key=len, reverse=True,
)
_KINDS = {"PER": "person", "LOC": "place", "ORG": "org"}


def stem(word: str) -> str:
    """A crude Russian stem: the longest listed case ending cut, then trailing vowels, й and ь,
    while 3+ letters remain (Китай, Китая → кит; Лужков, Лужковым → лужков)."""
    for e in _ENDINGS:
        if word.endswith(e) and len(word) - len(e) >= 3:
            word = word[: -len(e)]
            break
    while len(word) > 3 and word[-1] in "аеиоуыэюяйь":
        word = word[:-1]
    return word


def key(name: str) -> str:
    """The comparison key of a name: per-word stems, lower case, ё = е, no quotes."""
    words = re.findall(r"[^\W_]+", name.lower().replace("ё", "е"))
    return " ".join(stem(w) for w in words)


def load(part: str) -> list[dict]:
    """The texts of one part of the corpus."""
    return [json.loads(line) for line in (DATA / f"{part}.jsonl").read_text(encoding="utf-8").splitlines() if line]


def gold_sets(text: dict) -> dict[str, str]:
    """key → gold kind for one text."""
    return {key(e["text"]): e["kind"] for e in text["entities"]}


def suggest_sets(texts: list[dict], detector: str = "auto") -> list[dict[str, str]]:
    """key → kind per text, from :func:`bilingual.glossary.suggest_terms` with an empty glossary."""
    from bilingual.glossary import Glossary, suggest_terms
    from bilingual.model import Block, Document, Metadata
    from bilingual.segment import segment_block

    out = []
    for t in texts:
        blocks = [segment_block(Block("paragraph", p)) for p in re.split(r"\n\s*\n", t["text"]) if p.strip()]
        found = suggest_terms(Document(meta=Metadata(), blocks=blocks), Glossary.from_entries([]), detector=detector)
        out.append({key(s.source): s.kind for s in found if not getattr(s, "part_of", "")})
    return out


def natasha_sets(texts: list[dict]) -> list[dict[str, str]]:
    """key → kind per text, from natasha's NER with normalised spans."""
    from natasha import (
        Doc,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        Segmenter,
    )

    seg, emb, vocab = Segmenter(), NewsEmbedding(), MorphVocab()
    ner, morph = NewsNERTagger(emb), NewsMorphTagger(emb)
    out = []
    for t in texts:
        d = Doc(t["text"])
        d.segment(seg)
        d.tag_morph(morph)
        d.tag_ner(ner)
        for span in d.spans:
            span.normalize(vocab)
        out.append({key(s.normal or s.text): _KINDS.get(s.type, s.type) for s in d.spans})
    return out


def score(golds: list[dict[str, str]], preds: list[dict[str, str]]) -> dict:
    """Micro P/R/F1 and per-kind recall (gold kinds) and precision (predicted kinds)."""
    tp = fp = fn = 0
    rec: Counter = Counter()
    rec_all: Counter = Counter()
    prec: Counter = Counter()
    prec_all: Counter = Counter()
    for g, p in zip(golds, preds):
        for k, kind in g.items():
            rec_all[kind] += 1
            rec[kind] += k in p
        for k, kind in p.items():
            prec_all[kind] += 1
            prec[kind] += k in g
        hit = len(set(g) & set(p))
        tp, fp, fn = tp + hit, fp + len(p) - hit, fn + len(g) - hit
    pr, rc = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {
        "precision": pr, "recall": rc, "f1": 2 * pr * rc / max(pr + rc, 1e-9),
        "recall_by_kind": {k: rec[k] / rec_all[k] for k in sorted(rec_all)},
        "precision_by_kind": {k: prec[k] / prec_all[k] for k in sorted(prec_all)},
        "gold": tp + fn, "predicted": tp + fp,
    }


def errors(texts: list[dict], golds: list[dict[str, str]], preds: list[dict[str, str]], n: int) -> None:
    """Print up to ``n`` misses and false hits."""
    miss, extra = Counter(), Counter()
    for g, p in zip(golds, preds):
        miss.update(f"{g[k]}: {k}" for k in set(g) - set(p))
        extra.update(f"{p[k]}: {k}" for k in set(p) - set(g))
    print("missed:", ", ".join(k for k, _ in miss.most_common(n)))
    print("spurious:", ", ".join(k for k, _ in extra.most_common(n)))


def _line(name: str, s: dict, secs: float) -> str:
    kinds = " ".join(f"{k} R={v:.3f}" for k, v in s["recall_by_kind"].items())
    pk = " ".join(f"{k} P={v:.3f}" for k, v in s["precision_by_kind"].items())
    return (f"{name:8} F1={s['f1']:.3f} P={s['precision']:.3f} R={s['recall']:.3f} | {kinds} | {pk} "
            f"| gold={s['gold']} pred={s['predicted']} {secs:.1f}s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", default="heldout", choices=["heldout", "dev"])
    ap.add_argument("--no-natasha", action="store_true", help="skip the natasha baseline")
    ap.add_argument("--no-rules", action="store_true", help="skip the rules-only run of suggest")
    ap.add_argument("--detector", default="auto", choices=["auto", "natasha", "rules"], help="suggest's name detector")
    ap.add_argument("--errors", type=int, default=0, help="print the N most frequent misses and false hits")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--jsonl", type=Path, help="score another corpus file of the same format instead of --part")
    args = ap.parse_args(argv)
    texts = ([json.loads(x) for x in args.jsonl.read_text(encoding="utf-8").splitlines() if x.strip()]
             if args.jsonl else load(args.part))
    golds = [gold_sets(t) for t in texts]
    results = {}
    systems = [("suggest", lambda t: suggest_sets(t, args.detector))]
    if args.detector == "auto" and not args.no_rules:
        systems.append(("rules", lambda t: suggest_sets(t, "rules")))
    if not args.no_natasha:
        try:
            import natasha  # noqa: F401
            systems.append(("natasha", natasha_sets))
        except ImportError:
            print("natasha not installed: skipped", file=sys.stderr)
    for name, fn in systems:
        t0 = time.perf_counter()
        preds = fn(texts)
        secs = time.perf_counter() - t0
        results[name] = score(golds, preds) | {"seconds": secs}
        print(_line(name, results[name], secs))
        if args.errors:
            errors(texts, golds, preds, args.errors)
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
