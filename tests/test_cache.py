"""The translation cache and translate_texts: only misses reach the engine; interrupted runs resume."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilingual.errors import OutputError
from bilingual.translate import TranslateStats, translate_texts
from bilingual.translate.cache import (
    CACHE_FILE,
    TranslationCache,
    cache_info,
    clear_cache,
    default_cache_dir,
)
from bilingual.translate.engine import Engine, EngineOptions
from bilingual.translate.packages import InstalledPackage

TEXTS = ["Я люблю тебя.", "Привет, мир!", "Мы видим город.", "Да.", "Я люблю тебя.", "", "Президент России."]


class Counting:
    """Wraps an engine, counting the texts it is asked to translate; can fail after N batches."""

    def __init__(self, engine: Engine, fail_after_batches: int | None = None) -> None:
        self.engine, self.fail_after = engine, fail_after_batches
        self.texts: list[str] = []

    def cache_key(self) -> str:
        return self.engine.cache_key()

    def translate(self, texts: Sequence[str], *, on_result: Callable[[int, str], None] | None = None,
                  progress: Callable[[int], None] | None = None) -> list[str]:
        self.texts.extend(texts)
        batches = 0

        def on_batch(n: int) -> None:
            nonlocal batches
            if progress is not None:
                progress(n)
            batches += 1
            if self.fail_after is not None and batches >= self.fail_after:
                raise KeyboardInterrupt

        return self.engine.translate(texts, on_result=on_result, progress=on_batch)


@pytest.fixture(scope="module")
def small_batches(tiny_package: InstalledPackage) -> Engine:
    return Engine(tiny_package, EngineOptions(max_batch_size=1, threads=1))  # 2 texts a call


def test_second_run_translates_nothing(small_batches: Engine, tmp_path: Path) -> None:
    with TranslationCache(tmp_path) as cache:
        first = Counting(small_batches)
        seen: list[tuple[int, int]] = []
        out1, stats1 = translate_texts(TEXTS, first, cache, progress=lambda d, t: seen.append((d, t)))
        assert out1[0] == out1[4] == "I love you." and out1[5] == ""
        assert sorted(first.texts) == sorted(set(TEXTS) - {""})  # each distinct text once
        assert (stats1.total, stats1.cached, stats1.translated, stats1.empty) == (7, 0, 6, 1)
        assert seen[-1] == (7, 7) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    with TranslationCache(tmp_path) as cache:  # reopened: persisted
        second = Counting(small_batches)
        out2, stats2 = translate_texts(TEXTS, second, cache)
    assert second.texts == [] and out2 == out1
    assert (stats2.cached, stats2.translated) == (6, 0) and isinstance(stats2, TranslateStats)


def test_edited_text_is_the_only_one_retranslated(small_batches: Engine, tmp_path: Path) -> None:
    with TranslationCache(tmp_path) as cache:
        translate_texts(TEXTS, small_batches, cache)
        edited = list(TEXTS)
        edited[2] = "Мы видим город!"
        counting = Counting(small_batches)
        out, stats = translate_texts(edited, counting, cache)
    assert counting.texts == ["Мы видим город!"] and out[2] == "We see city!"
    assert (stats.cached, stats.translated) == (5, 1)


def test_interrupted_run_keeps_finished_batches(small_batches: Engine, tmp_path: Path) -> None:
    texts = [f"Я люблю тебя {n}." for n in range(7)]
    with TranslationCache(tmp_path) as cache:
        with pytest.raises(KeyboardInterrupt):
            translate_texts(texts, Counting(small_batches, fail_after_batches=2), cache)
    with TranslationCache(tmp_path) as cache:
        assert cache.info().entries == 4  # two batches of two were committed
        resumed = Counting(small_batches)
        out, stats = translate_texts(texts, resumed, cache)
    assert len(resumed.texts) == 3 and stats.cached == 4
    assert out == [f"I love you {n}." for n in range(7)]


def test_without_a_cache_everything_is_translated(small_batches: Engine) -> None:
    counting = Counting(small_batches)
    out, stats = translate_texts(TEXTS, counting, None)
    assert out[0] == "I love you." and stats.cached == 0 and len(counting.texts) == 5


def test_different_options_or_model_use_different_keys(tiny_package: InstalledPackage, tmp_path: Path) -> None:
    beam4, beam1 = Engine(tiny_package), Engine(tiny_package, EngineOptions(beam_size=1))
    assert beam4.cache_key() != beam1.cache_key()
    assert beam4.cache_key() == Engine(tiny_package, EngineOptions(threads=1)).cache_key()
    copy = tmp_path / "copy" / tiny_package.name
    shutil.copytree(tiny_package.path, copy)
    os.utime(copy / "model" / "model.bin", ns=(1, 1))  # same files, different identity (a reinstall)
    other = Engine(dataclasses.replace(tiny_package, path=copy))
    assert other.cache_key() != beam4.cache_key()
    renamed = dataclasses.replace(tiny_package, version="0.2")
    assert renamed.identity() != tiny_package.identity()
    with TranslationCache(tmp_path / "cache") as cache:
        translate_texts(["Да."], beam4, cache)
        for engine in (beam1, other):
            counting = Counting(engine)
            translate_texts(["Да."], counting, cache)
            assert counting.texts == ["Да."]
        assert cache.info().engines == 3


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1), st.text()), max_size=20))
def test_exact_source_text_round_trips(tmp_path_factory: pytest.TempPathFactory, pairs: list[tuple[str, str]]) -> None:
    expected = dict(pairs)
    with TranslationCache(tmp_path_factory.mktemp("c")) as cache:
        cache.put_many("k", pairs)
        assert cache.get_many("k", [s for s, _ in pairs]) == expected
        assert cache.get_many("other", expected) == {}
        for source, target in expected.items():
            assert cache.get("k", source) == target
            assert cache.get("k", source + " ") is None or (source + " ") in expected


def test_wal_and_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILINGUAL_CACHE_DIR", str(tmp_path / "env"))
    assert default_cache_dir() == tmp_path / "env"
    with TranslationCache.open() as cache:
        assert cache.path == tmp_path / "env" / CACHE_FILE
        assert cache._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    monkeypatch.delenv("BILINGUAL_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "bilingual"


def test_info_and_clear_create_nothing_and_count(tmp_path: Path) -> None:
    info = cache_info(tmp_path / "c")
    assert (info.entries, info.size_bytes) == (0, 0) and not (tmp_path / "c").exists()
    assert clear_cache(tmp_path / "c") == 0 and not (tmp_path / "c").exists()
    with TranslationCache(tmp_path / "c") as cache:
        cache.put_many("k", [("a", "b"), ("c", "d")])
    info = cache_info(tmp_path / "c")
    assert info.entries == 2 and info.size_bytes > 0 and info.path == tmp_path / "c" / CACHE_FILE
    assert clear_cache(tmp_path / "c") == 2 and cache_info(tmp_path / "c").entries == 0


def test_damaged_cache_is_a_one_line_error_and_clear_removes_it(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    with pytest.raises(OutputError) as err:
        TranslationCache(tmp_path)
    assert "bilingual cache clear" in str(err.value) and "\n" not in str(err.value)
    assert clear_cache(tmp_path) == 0 and not (tmp_path / CACHE_FILE).exists()
    with TranslationCache(tmp_path) as cache:
        assert cache.info().entries == 0


def test_two_connections_see_each_others_commits(tmp_path: Path) -> None:
    with TranslationCache(tmp_path) as a, TranslationCache(tmp_path) as b:
        a.put_many("k", [("x", "y")])
        assert b.get("k", "x") == "y"
    assert sqlite3.connect(tmp_path / CACHE_FILE).execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 1
