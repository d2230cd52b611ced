"""Precision and recall of the aligner against hand-made gold alignments (tests/data/align).

Three Russian/English pairs, written for these tests: ``dushanbe`` (the sample article and a
faithful translation that splits the lead, merges two pairs of paragraphs, splits one, drops a
photo caption and a quoted sentence, adds an explanatory sentence and a closing line, and
merges / splits / regroups sentences) and ``kazan`` (a news story with a regrouped pair of
paragraphs, a dropped subheading, a split paragraph, merged sentences, a quotation re-cut
around its attribution, an added and a dropped sentence). Together: 32 paragraph links and 67
sentence links, of which 11 are not 1:1 at sentence level. These two were used while building
the aligner. The third, ``baikal`` (science news: merged sentences, a paragraph split around a
quotation with an added explanatory sentence, two paragraphs merged with a sentence split and
one dropped, an added closing line; 9 paragraph and 20 sentence links), was written and
annotated after the parameters were fixed and is reported separately as held out.

Measured on the first two together with the default parameters:

============  =======  =========  ======  =====================================
level         measure  precision  recall  length-only (no anchors) for contrast
============  =======  =========  ======  =====================================
paragraph     links    0.968      0.938   0.933 / 0.875
sentence      links    0.875      0.836   0.803 / 0.791
sentence      pairs    0.917      0.943   0.884 / 0.871
============  =======  =========  ======  =====================================

Held out (``baikal``): paragraph links P 0.800 R 0.889; sentence links P 0.900 R 0.900;
sentence pairs P 0.947 R 0.947 — its one error (the added sentence taken for the quotation's
translation, the quotation then counted as added) is flagged.

The thresholds below sit between the two columns: losing the anchors (or the paragraph
guidance of the sentence pass) fails the test, while a one-link change from a segmentation
tweak does not. The remaining errors are the hard cases of length-based alignment (a dropped
sentence next to an added one reads as a substitution) and most carry a flag.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingual.align import AlignParams, align_files, read_translation
from bilingual.align.evaluate import Scores, evaluate, load_gold, predicted_links, score
from bilingual.read import read_document

DATA = Path(__file__).parent / "data" / "align"
NAMES = ("dushanbe", "kazan")
HELD_OUT = "baikal"


def _pair(name: str) -> tuple[Path, Path, Path]:
    return DATA / f"{name}.ru.txt", DATA / f"{name}.en.txt", DATA / f"{name}.gold.tsv"


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    out = {}
    for name in (*NAMES, HELD_OUT):
        ru, en, gold = _pair(name)
        out[name] = (align_files(ru, en), load_gold(gold))
    return out


def _total(results, level: str, measure: str, names=NAMES) -> Scores:  # type: ignore[no-untyped-def]
    correct = predicted = gold = 0
    for alignment, g in (results[n] for n in names):
        pred = predicted_links(alignment)
        s = next(x for x in score(pred[level], g[level], level) if x.measure == measure)
        correct, predicted, gold = correct + s.correct, predicted + s.predicted, gold + s.gold
    return Scores(level, measure, correct, predicted, gold)


@pytest.mark.parametrize("name", (*NAMES, HELD_OUT))
def test_gold_files_cover_every_sentence_once_in_order(name: str) -> None:
    ru_path, en_path, gold_path = _pair(name)
    ru, en, gold = read_document(ru_path), read_translation(en_path), load_gold(gold_path)
    ru_ids = [f"{b}.{s}" for b, blk in enumerate(ru.blocks, 1) for s in range(1, len(blk.sentences) + 1)]
    en_ids = [f"{b}.{s}" for b, blk in enumerate(en.blocks, 1) for s in range(1, len(blk.sentences) + 1)]
    assert [i for r, _ in gold["sentence"] for i in r] == ru_ids
    assert [i for _, e in gold["sentence"] for i in e] == en_ids
    assert [i for r, _ in gold["paragraph"] for i in r] == [str(i) for i in range(1, len(ru.blocks) + 1)]
    assert [i for _, e in gold["paragraph"] for i in e] == [str(i) for i in range(1, len(en.blocks) + 1)]
    shapes = {f"{len(r)}:{len(e)}" for r, e in gold["sentence"]}
    assert {"1:1", "2:1", "1:0", "0:1"} <= shapes  # and 1:2, 2:2 in at least one of them


def test_precision_and_recall_above_thresholds(results) -> None:  # type: ignore[no-untyped-def]
    para = _total(results, "paragraph", "links")
    sent = _total(results, "sentence", "links")
    pairs = _total(results, "sentence", "pairs")
    print("\n".join(str(s) for s in (para, _total(results, "paragraph", "pairs"), sent, pairs)))
    assert para.precision >= 0.93 and para.recall >= 0.90, para
    assert sent.precision >= 0.85 and sent.recall >= 0.81, sent
    assert pairs.precision >= 0.90 and pairs.recall >= 0.90, pairs


def test_held_out_pair(results) -> None:  # type: ignore[no-untyped-def]
    para = _total(results, "paragraph", "links", (HELD_OUT,))
    sent = _total(results, "sentence", "links", (HELD_OUT,))
    print(para, sent, sep="\n")
    assert para.precision >= 0.75 and para.recall >= 0.85, para
    assert sent.precision >= 0.85 and sent.recall >= 0.85, sent
    alignment, gold = results[HELD_OUT]
    good = set(gold["sentence"])
    wrong = [k for k, ids in zip(alignment.sentences, predicted_links(alignment)["sentence"]) if ids not in good]
    assert wrong and all(k.flagged for k in wrong)


def test_without_anchors_the_thresholds_are_not_met() -> None:
    """The thresholds are not trivially met: length alone scores below them."""
    correct = predicted = 0
    for name in NAMES:
        ru, en, gold = _pair(name)
        s = evaluate(align_files(ru, en, params=AlignParams(anchors=False)), load_gold(gold))[2]
        correct, predicted = correct + s.correct, predicted + s.predicted
    assert correct / predicted < 0.85


def test_each_link_shape_found_where_the_gold_has_it(results) -> None:  # type: ignore[no-untyped-def]
    alignment, _ = results["dushanbe"]
    pred = set(predicted_links(alignment)["sentence"])
    assert (("5.1",), ("5.1", "5.2")) in pred  # 1:2
    assert (("6.1", "6.2"), ("6.1",)) in pred  # 2:1
    assert (("5.2", "5.3"), ("5.3", "5.4")) in pred  # 2:2
    assert (("19.1",), ()) in pred  # 1:0 (a dropped caption)
    para = set(predicted_links(alignment)["paragraph"])
    assert (("1",), ("1", "2")) in para and (("15",), ("14", "15")) in para  # split paragraphs
    assert (("3", "4"), ("4",)) in para and (("13", "14"), ("13",)) in para  # merged paragraphs
    assert (("19",), ()) in para  # dropped paragraph
    kazan, _ = results["kazan"]
    kpara = set(predicted_links(kazan)["paragraph"])
    assert (("2", "3"), ("2", "3")) in kpara  # regrouped: a sentence moved to the next paragraph
    assert (("4",), ()) in kpara  # dropped subheading
    assert (("10",), ("9", "10")) in kpara


def test_most_wrong_links_are_flagged_and_few_right_ones(results) -> None:  # type: ignore[no-untyped-def]
    wrong = wrong_flagged = right = right_flagged = 0
    for alignment, gold in results.values():  # all three pairs
        good = set(gold["sentence"])
        for link, ids in zip(alignment.sentences, predicted_links(alignment)["sentence"]):
            if ids in good:
                right += 1
                right_flagged += link.flagged
            else:
                wrong += 1
                wrong_flagged += link.flagged
    print(f"wrong links flagged {wrong_flagged}/{wrong}, right links flagged {right_flagged}/{right}")
    assert right_flagged / right <= 0.10  # measured: 5/74
    # measured: 5/10; of the other five, four are near misses (a 1:2 or 2:1 link the gold splits
    # into 1:1 plus an added or dropped sentence; a re-cut quotation taken as two 1:1 links)
    assert wrong_flagged >= 5
    # the one substantive error of the lead (the added closing line taken as the last
    # quote's translation) is among the flagged links
    dushanbe, _ = results["dushanbe"]
    assert any(link.flagged for link in dushanbe.sentences if link.ru == (len(dushanbe.ru_refs) - 1,))
