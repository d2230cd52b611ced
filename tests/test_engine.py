"""The engine on the tiny test-double package: real CTranslate2 + SentencePiece code paths."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilingual.errors import ModelError
from bilingual.translate.engine import Engine, EngineOptions, Hypothesis, plan_calls, split_pieces
from bilingual.translate.packages import InstalledPackage, install_from_file
from tiny_argos import MAX_POS, build_tiny_argosmodel

SENTENCES = [
    "Я люблю тебя.",
    "Президент России Владимир Путин и лидер Азербайджана Ильхам Алиев встретились 9 октября в Душанбе.",
    "Привет, мир!",
    "Мы видим город.",
    "Переговоры в столице Таджикистана продлились более полутора часов.",
    "Да.",
]
EXPECTED_0_1 = ["I love you.", "President Russia Vladimir Putin and leader Azerbaijan Ilham Aliyev met 9 October в Dushanbe."]


def test_translates_the_classic_sentence(tiny_engine: Engine) -> None:
    assert tiny_engine.translate(["Я люблю тебя."]) == ["I love you."]
    assert tiny_engine.translate(SENTENCES[:2]) == EXPECTED_0_1


def test_mixed_lengths_keep_order_and_report_each_result(tiny_package: InstalledPackage) -> None:
    engine = Engine(tiny_package, EngineOptions(max_batch_size=1, threads=1))  # 2 texts a call
    texts = SENTENCES + ["", "Я люблю тебя."]
    single = [engine.translate([t])[0] for t in texts]
    seen: dict[int, str] = {}
    progress: list[int] = []

    def on_result(i: int, text: str) -> None:
        assert i not in seen
        seen[i] = text

    out = engine.translate(texts, on_result=on_result, progress=progress.append)
    assert out == single and out[0] == "I love you." and out[6] == "" and out[7] == "I love you."
    assert seen == dict(enumerate(out))
    assert progress == sorted(progress) and progress[-1] == len(texts) and len(progress) >= 4  # 7 texts, 2 a call


def test_empty_and_blank_texts(tiny_engine: Engine) -> None:
    calls: list[tuple[int, str]] = []
    assert tiny_engine.translate(["", "  ", "\n"], on_result=lambda i, t: calls.append((i, t))) == ["", "", ""]
    assert sorted(calls) == [(0, ""), (1, ""), (2, "")]
    assert tiny_engine.translate([]) == []


def test_sentence_longer_than_the_model_positions_is_chunked_not_truncated(tiny_engine: Engine) -> None:
    part = "Президент России встретился с лидером Азербайджана 9 октября, и это хорошо;"
    long = " ".join([part] * 40)
    assert len(tiny_engine._sp.encode(long)) > MAX_POS  # the model could not take it in one pass
    out = tiny_engine.translate([long])[0]
    assert out.count("President Russia met") == 40 and out.endswith("and this хорошо;")
    # no punctuation at all: cut at word starts
    words = " ".join(["Путин Алиев Душанбе Таджикистана"] * 80)
    out = tiny_engine.translate([words])[0]
    assert out.split() == " ".join(["Putin Aliyev Dushanbe Таджикистана"] * 80).split()


@given(st.lists(st.sampled_from(["▁a", "b", ",", "▁c", ".", "d", "▁e"]), max_size=200), st.integers(8, 40))
def test_split_pieces_keeps_every_piece_within_the_limit(pieces: list[str], limit: int) -> None:
    chunks = split_pieces(pieces, limit)
    assert [p for c in chunks for p in c] == pieces
    assert all(0 < len(c) <= limit for c in chunks) or (pieces == [] and chunks == [[]])


def test_split_prefers_punctuation_then_word_starts() -> None:
    pieces = ["▁a"] * 10 + [","] + ["▁b"] * 9
    assert [len(c) for c in split_pieces(pieces, 16)] == [11, 9]
    assert [len(c) for c in split_pieces(["▁a", "x", "x", "▁b", "x", "x", "x", "x", "x"], 8)] == [3, 6]
    assert [len(c) for c in split_pieces(["x"] * 20, 8)] == [8, 8, 4]


@pytest.fixture(scope="module")
def prefix_package(tmp_path_factory: pytest.TempPathFactory) -> InstalledPackage:
    out = tmp_path_factory.mktemp("prefix")
    archive = build_tiny_argosmodel(out, target_prefix="__en__", name="translate-ru_en-prefix")
    return install_from_file(archive, out / "packages")


def test_target_prefix_is_forced_and_stripped(prefix_package: InstalledPackage) -> None:
    assert prefix_package.target_prefix == "__en__"
    engine = Engine(prefix_package, EngineOptions(max_batch_size=2))
    assert engine.translate(SENTENCES[:3]) == EXPECTED_0_1 + ["Hello, world!"]
    # the test double really needs the prefix: ignoring it shifts the output
    ignoring = Engine(dataclasses.replace(prefix_package, target_prefix=""))
    assert ignoring.translate(["Я люблю тебя."]) == ["I I love you."]


class _Spy:
    """Wraps the CTranslate2 translator, recording translate_batch calls."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.calls = inner, []

    def translate_batch(self, batch: list[list[str]], **kwargs: Any) -> Any:
        self.calls.append((batch, kwargs))
        return self.inner.translate_batch(batch, **kwargs)


def test_options_reach_ctranslate2(tiny_package: InstalledPackage) -> None:
    options = EngineOptions(beam_size=1, compute_type="float32", threads=1, max_batch_size=3, max_decoding_length=300)
    engine = Engine(tiny_package, options)
    assert engine._translator.compute_type == "float32" and engine._translator.device == "cpu"
    spy = engine._translator = _Spy(engine._translator)
    texts = SENTENCES + SENTENCES[:1]
    assert engine.translate(texts)[:2] == EXPECTED_0_1
    sizes = [len(batch) for batch, _ in spy.calls]
    assert sizes == [6, 1]  # one worker: two batches of 3 a call
    assert all(kw["max_batch_size"] == 3 for _, kw in spy.calls)
    lengths = [len(p) for batch, _ in spy.calls for p in batch]
    assert lengths == sorted(lengths)  # sorted by length across batches
    kwargs = spy.calls[0][1]
    assert kwargs["beam_size"] == 1 and kwargs["max_decoding_length"] == 300 and kwargs["max_input_length"] == 0
    assert "target_prefix" not in kwargs


def test_options_key_tracks_what_changes_output(tiny_package: InstalledPackage) -> None:
    base = EngineOptions()
    assert base.key() == EngineOptions(threads=1, max_batch_size=4).key()
    assert base.key() != EngineOptions(beam_size=2).key() != EngineOptions(compute_type="float32").key()
    engine = Engine(tiny_package, EngineOptions(beam_size=1))
    assert engine.options_key() == EngineOptions(beam_size=1).key()
    assert engine.model_info == tiny_package.model_info()
    assert engine.cache_key().startswith("translate-ru_en-tiny|0.1|") and engine.cache_key().endswith(engine.options_key())


@pytest.mark.parametrize("kwargs", [{"beam_size": 0}, {"max_batch_size": -1}, {"batch_tokens": 0}, {"threads": -1},
                                    {"max_input_pieces": 2}])
def test_bad_options_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ModelError):
        EngineOptions(**kwargs)


@pytest.mark.parametrize("damage", ["model.bin", "sentencepiece", "compute_type"])
def test_unloadable_model_is_a_model_error(tiny_package: InstalledPackage, tmp_path: Path, damage: str) -> None:
    copy = tmp_path / tiny_package.name
    shutil.copytree(tiny_package.path, copy)
    pkg = dataclasses.replace(tiny_package, path=copy)
    options = EngineOptions()
    if damage == "model.bin":
        (copy / "model" / "model.bin").write_bytes(b"garbage")
    elif damage == "sentencepiece":
        (copy / "sentencepiece.model").write_bytes(b"garbage")
    else:
        options = EngineOptions(compute_type="no-such-type")
    with pytest.raises(ModelError) as err:
        Engine(pkg, options)
    assert "translate-ru_en-tiny" in str(err.value) and "\n" not in str(err.value)


def test_incomplete_package_is_a_model_error(tiny_package: InstalledPackage, tmp_path: Path) -> None:
    pkg = dataclasses.replace(tiny_package, path=tmp_path)
    with pytest.raises(ModelError, match="incomplete"):
        Engine(pkg)


def test_open_engine_finds_the_installed_package(argos_packages_dir: Path) -> None:
    from bilingual.translate import open_engine

    engine = open_engine("ru", "en", options=EngineOptions(beam_size=1))
    assert engine.package.path.parent == argos_packages_dir and engine.options.beam_size == 1
    assert engine.translate(["Я люблю тебя."]) == ["I love you."]


def test_open_engine_without_a_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import urllib.error

    from bilingual.translate import open_engine, packages

    calls: list[str] = []

    def no_network(url: str, *args: object, **kwargs: object) -> bytes:
        calls.append(url)
        raise urllib.error.URLError("offline")

    import importlib

    # the downloader lives in packages.py or, once split, in package_index.py
    home = packages if hasattr(packages, "_fetch") else importlib.import_module("bilingual.translate.package_index")
    monkeypatch.setattr(home, "_fetch", no_network)
    with pytest.raises(ModelError) as err:
        open_engine("ru", "en", packages_dir=tmp_path, auto_install=False)
    assert "no ru→en model installed" in str(err.value) and "bilingual models install PATH.argosmodel" in str(err.value)
    assert calls == []  # no network unless asked
    with pytest.raises(ModelError) as err:
        open_engine("ru", "en", packages_dir=tmp_path)
    assert "no network" in str(err.value) and str(err.value).endswith("bilingual models install PATH.argosmodel")
    assert calls == [packages.INDEX_URL]  # the index is tried once


@pytest.mark.parametrize(
    "kwargs,split",
    [({"threads": 2}, (2, 1)), ({"threads": 4, "inter_threads": 2}, (2, 2)), ({"threads": 2, "inter_threads": 5}, (2, 1)), ({"threads": 3, "inter_threads": 1}, (1, 3))],
)
def test_threads_split_into_parallel_batches(kwargs: dict, split: tuple[int, int]) -> None:
    assert EngineOptions(**kwargs).thread_split() == split


def test_parallel_workers_reach_ctranslate2(tiny_package: InstalledPackage) -> None:
    engine = Engine(tiny_package, EngineOptions(threads=2))
    assert engine._translator.num_translators == 2
    assert engine.translate(SENTENCES[:2]) == EXPECTED_0_1


# ------------------------------------------------------------ token batching
def test_default_batches_by_tokens(tiny_package: InstalledPackage) -> None:
    """By default every call is by tokens, its sentences sorted by length, within the call budget."""
    options = EngineOptions(beam_size=1, threads=2, batch_tokens=24)
    assert options.batch_kwargs() == {"max_batch_size": 24, "batch_type": "tokens"}
    engine = Engine(tiny_package, options)
    single = [engine.translate([t])[0] for t in SENTENCES]
    spy = engine._translator = _Spy(engine._translator)
    assert engine.translate(SENTENCES * 3) == single * 3
    budget, by_tokens = options.call_budget()
    assert by_tokens and budget == 24 * 2 * 2  # 2 workers, 2 batches each
    assert len(spy.calls) >= 2
    for batch, kwargs in spy.calls:
        assert kwargs["batch_type"] == "tokens" and kwargs["max_batch_size"] == 24 and kwargs["asynchronous"]
        assert sum(map(len, batch)) <= budget or len(batch) == 1
    lengths = [len(p) for batch, _ in spy.calls for p in batch]
    assert lengths == sorted(lengths)


def test_sentence_count_batching_on_request() -> None:
    assert EngineOptions(max_batch_size=5).batch_kwargs() == {"max_batch_size": 5, "batch_type": "examples"}
    assert EngineOptions(max_batch_size=5, threads=1).call_budget() == (10, False)


@given(st.lists(st.integers(1, 300), max_size=60), st.integers(1, 400), st.integers(0, 6))
def test_plan_calls_covers_every_unit_within_the_budget(lengths: list[int], tokens: int, by_count: int) -> None:
    lengths.sort()
    options = EngineOptions(batch_tokens=tokens, max_batch_size=by_count, threads=2)
    calls = plan_calls(lengths, options)
    assert [i for c in calls for i in c] == list(range(len(lengths)))
    budget, by_tokens = options.call_budget()
    for c in calls:
        cost = sum(lengths[i] for i in c) if by_tokens else len(c)
        assert len(c) >= 1 and (cost <= budget or len(c) == 1)


def test_outputs_do_not_depend_on_the_budget(tiny_package: InstalledPackage) -> None:
    """Batching is not in the cache key: the same text gives the same translation whatever the budget."""
    texts = SENTENCES * 4 + ["Путин и Алиев встретились в Душанбе 9 октября."] * 3
    outs = [Engine(tiny_package, EngineOptions(threads=2, batch_tokens=b)).translate(texts) for b in (1, 16, 64, 4096)]
    outs.append(Engine(tiny_package, EngineOptions(threads=1, max_batch_size=1)).translate(texts))
    assert all(o == outs[0] for o in outs)
    assert EngineOptions(batch_tokens=16).key() == EngineOptions(batch_tokens=4096).key() == EngineOptions(max_batch_size=3).key()


def test_an_oversized_sentence_gets_a_batch_of_its_own(tiny_package: InstalledPackage) -> None:
    engine = Engine(tiny_package, EngineOptions(threads=1, batch_tokens=4))
    assert engine.translate(["Я люблю тебя.", "Привет, мир!"]) == ["I love you.", "Hello, world!"]


def test_nbest_is_batched_by_tokens_and_matches_translate(tiny_package: InstalledPackage) -> None:
    engine = Engine(tiny_package, EngineOptions(beam_size=2, threads=2, batch_tokens=16))
    spy = engine._translator = _Spy(engine._translator)
    texts = SENTENCES + ["", "Я люблю тебя."]
    best = engine.translate_nbest(texts, 2, prefixes=["", "", "Hello", "", "", "", "", ""])
    assert len(best) == len(texts) and best[6] == [Hypothesis("", 0.0)]
    assert all(1 <= len(h) <= 2 for h in best) and best[0][0].text == best[7][0].text == "I love you."
    assert best[2][0].text.startswith("Hello")
    assert all(h[0].score >= h[-1].score for h in best if len(h) > 1)
    assert all(kw["batch_type"] == "tokens" and kw["num_hypotheses"] == 2 and kw["return_scores"] for _, kw in spy.calls)
    assert len(spy.calls) >= 2
    plain = Engine(tiny_package, EngineOptions(beam_size=2, threads=2))
    assert [h[0].text for i, h in enumerate(best) if i != 2] == [t for i, t in enumerate(plain.translate(texts)) if i != 2]


def test_a_failing_call_is_a_model_error(tiny_package: InstalledPackage) -> None:
    class Broken:
        def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("out of memory\nmore detail")

    engine = Engine(tiny_package, EngineOptions(threads=1))
    engine._translator = Broken()
    with pytest.raises(ModelError, match="failed to translate: out of memory$"):
        engine.translate(["Я люблю тебя."])
