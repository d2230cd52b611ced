"""Precision and recall of the aligner against hand-made gold alignments (tests/data/align).

Five Russian/English pairs, written for these tests. Dev (used to tune the costs and fit the
calibration of :mod:`bilingual.align.confidence`): ``dushanbe`` (the sample article and a
faithful translation that splits the lead, merges two pairs of paragraphs, splits one, drops a
photo caption and a quoted sentence, adds an explanatory sentence and a closing line, and
merges / splits / regroups sentences), ``kazan`` (a news story with a regrouped pair of
paragraphs, a dropped subheading, a split paragraph, merged sentences, a quotation re-cut
around its attribution, an added and a dropped sentence) and ``pskov`` (issue 12: 3:1, 1:3 and
2:3 sentence links, a paragraph split in three and three merged into one, a moved sentence, a
run of three dropped paragraphs, a translator's note and endnotes). Held out, never tuned on:
``baikal`` (science news: merged sentences, a paragraph split around a quotation with an added
explanatory sentence, two paragraphs merged with a sentence split and one dropped, an added
closing line) and ``tver`` (issue 12: 1:2, 1:3, 2:1, 3:1 and 3:2 sentence links, three dropped
paragraphs, a moved sentence, a bracketed translator's note, an endnote).

Measured with the default parameters (``python bench/bench_align_gold.py``; before issue 12 →
after):

=========  ==================  ==================  ===================
text       paragraph links     sentence links      sentence pairs
           P / R               P / R               P / R
=========  ==================  ==================  ===================
dushanbe   .947/.900 → same    .897/.854 → same    .909/.952 → same
kazan      1.00/1.00 → same    .840/.808 → same    .929/.929 → same
pskov      .545/.400 → 1.0/1.0 .550/.524 → .909/.952  .800/.769 → 1.0/.885
baikal*    .800/.889 → 1.0/1.0 .900/.900 → .947/.900  .947/.947 → .950/1.0
tver*      .917/.846 → 1.0/1.0 .632/.750 → .882/.938  .941/.727 → 1.0/.864
=========  ==================  ==================  ===================

(* held out.) The thresholds below sit under these figures: losing the anchors (or the
paragraph guidance of the sentence pass) fails them, while a one-link change from a
segmentation tweak does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingual.align import AlignParams, align_files, needs_review, read_translation
from bilingual.align.evaluate import Scores, evaluate, load_gold, predicted_links, score
from bilingual.read import read_document

DATA = Path(__file__).parent / "data" / "align"
NAMES = ("dushanbe", "kazan", "pskov")
HELD_OUTS = ("baikal", "tver")


def _pair(name: str) -> tuple[Path, Path, Path]:
    return DATA / f"{name}.ru.txt", DATA / f"{name}.en.txt", DATA / f"{name}.gold.tsv"


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    out = {}
    for name in (*NAMES, *HELD_OUTS):
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


@pytest.mark.parametrize("name", ("dushanbe", "kazan", "pskov", "baikal", "tver"))
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
    assert {"1:1", "2:1", "0:1"} <= shapes  # and 1:2, 2:2, 3:1, 1:3, 2:3, 3:2 in at least one of them


def test_precision_and_recall_above_thresholds(results) -> None:  # type: ignore[no-untyped-def]
    para = _total(results, "paragraph", "links")
    sent = _total(results, "sentence", "links")
    pairs = _total(results, "sentence", "pairs")
    print("\n".join(str(s) for s in (para, _total(results, "paragraph", "pairs"), sent, pairs)))
    assert para.precision >= 0.93 and para.recall >= 0.90, para
    assert sent.precision >= 0.85 and sent.recall >= 0.81, sent
    assert pairs.precision >= 0.90 and pairs.recall >= 0.90, pairs


def test_held_out_pairs(results) -> None:  # type: ignore[no-untyped-def]
    para = _total(results, "paragraph", "links", HELD_OUTS)
    sent = _total(results, "sentence", "links", HELD_OUTS)
    print(para, sent, sep="\n")
    assert para.precision >= 0.9 and para.recall >= 0.9, para  # measured 1.0 / 1.0
    assert sent.precision >= 0.85 and sent.recall >= 0.85, sent  # measured 0.92 / 0.92


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


def test_every_gap_is_flagged_and_few_right_pairs_are(results) -> None:  # type: ignore[no-untyped-def]
    right = right_flagged = gaps = 0
    for alignment, gold in results.values():
        good = set(gold["sentence"])
        for link, ids in zip(alignment.sentences, predicted_links(alignment)["sentence"]):
            if link.gap:
                gaps += 1
                assert link.flagged, link
            elif ids in good:
                right += 1
                right_flagged += link.flagged
    print(f"{gaps} gap links, all flagged; right pairs flagged {right_flagged}/{right}")
    assert gaps >= 15 and right_flagged / right <= 0.10  # measured: 17 gaps; 2/88
    # the one substantive error of the lead (the added closing line taken as the last
    # quote's translation) is flagged
    dushanbe, _ = results["dushanbe"]
    assert any(link.flagged for link in dushanbe.sentences if link.ru == (len(dushanbe.ru_refs) - 1,))


@pytest.mark.parametrize("names", [NAMES, HELD_OUTS], ids=["dev", "held-out"])
def test_confidence_is_calibrated(results, names) -> None:  # type: ignore[no-untyped-def]
    """Mean confidence is close to the share of links that are right, and the most confident
    links are right, on the dev texts (where it was fitted) and on the held-out ones."""
    rows = []
    for alignment, gold in (results[n] for n in names):
        good = set(gold["sentence"])
        rows += [(k.confidence, ids in good) for k, ids in zip(alignment.sentences, predicted_links(alignment)["sentence"])]
    mean = sum(c for c, _ in rows) / len(rows)
    share = sum(ok for _, ok in rows) / len(rows)
    top = [ok for c, ok in rows if c >= 0.9]
    print(f"mean confidence {mean:.3f}, share right {share:.3f}, ≥0.9: {sum(top)}/{len(top)}")
    assert abs(mean - share) <= 0.1  # measured: dev 0.83 vs 0.88, held out 0.84 vs 0.92 (under-confident)
    assert len(top) >= 10 and sum(top) / len(top) >= 0.9


def test_wide_links_moved_sentence_dropped_run_and_notes(results) -> None:  # type: ignore[no-untyped-def]
    """pskov (dev): the shapes of issue 12 are found where the gold has them."""
    alignment, _ = results["pskov"]
    pred = predicted_links(alignment)
    sent, para = set(pred["sentence"]), set(pred["paragraph"])
    assert (("2.1", "2.2", "2.3"), ("2.1",)) in sent  # 3:1
    assert (("3.1",), ("3.1", "3.2", "3.3")) in sent  # 1:3
    assert (("9.2",), ("10.1",)) in sent  # moved into the next paragraph
    assert (("5",), ("5", "6", "7")) in para and (("6", "7", "8"), ("8",)) in para  # 1:3, 3:1 paragraphs
    assert {(("11",), ()), (("12",), ()), (("13",), ())} <= para and (("14",), ("12",)) in para  # the dropped run, exactly
    # the translator's note and the endnotes: English alone, flagged, never on Russian text
    assert alignment.notes == [10, 12, 13, 14]
    assert {((), (str(k + 1),)) for k in alignment.notes} <= para
    notes = [alignment.en_paragraphs[k] for k in alignment.notes]
    added = [b for b in alignment.document.blocks if not b.source]
    assert [b.sentences[0].target for b in added] == notes
    assert all(needs_review(b.sentences[0]) for b in added)
    assert not any(n in s.target for n in notes for s in alignment.document.sentences() if s.source)


def test_held_out_notes_stay_unlinked(results) -> None:  # type: ignore[no-untyped-def]
    alignment, _ = results["tver"]
    para = set(predicted_links(alignment)["paragraph"])
    assert alignment.notes == [6, 9, 10]
    assert {((), ("7",)), ((), ("10",)), ((), ("11",))} <= para
    assert {(("6",), ()), (("7",), ()), (("8",), ())} <= para  # three dropped paragraphs, exactly
