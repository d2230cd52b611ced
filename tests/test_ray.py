"""The Ray executor (``--executor ray``) on one local Ray instance with 2 CPUs and the tiny
test-double model: the same editions and JSON as the local executor for a folder of 20
articles, a killed actor (restarted by Ray, or replaced by the driver), a batch that keeps
failing, a bad file, a rerun from the cache, an interrupted run, the shipped model, concurrent
calls, a second driver joining the cluster, Ctrl-C in a process with its own Ray, and a local
run that never imports Ray.

Every test is marked ``ray`` (``-m "not ray"`` skips them); the module is skipped when Ray is
not installed (``pip install 'bilingual[ray]'``). Decoding is greedy (beam 1) to keep the file
fast: the tiny model is ten times slower at beam 4, and the executor does not care.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray")

from bilingual.batch import translate_paths
from bilingual.errors import ModelError
from bilingual.pipeline import TranslateConfig
from bilingual.translate.engine import Engine, EngineOptions

pytestmark = pytest.mark.ray

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "2025-10-09-putin-aliyev-dushanbe.ru.txt"
FAST = EngineOptions(beam_size=1)
ALL = ("docx", "epub", "json")
#: Time stamps in editions: ISO 8601 (metadata) and "2026-12-01 18:17 UTC" (the colophon).
_STAMP = re.compile(rb"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}| UTC)?")


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module", autouse=True)
def ray_instance() -> Any:
    """One local Ray instance with 2 CPUs for the whole file (the executors join it)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RAY_AUTH_MODE", "disabled")  # no token file written into ~/.ray
        mp.delenv("RAY_ADDRESS", raising=False)
        mp.delenv("BILINGUAL_RAY_SHIP_MODEL", raising=False)
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING,
                 _node_ip_address="127.0.0.1")  # loopback only
        yield
        ray.shutdown()


def make_archive(folder: Path, n: int = 20, seed: int = 0) -> list[Path]:
    """``n`` Russian articles made from the seed article: its lead, then some of its other
    paragraphs shuffled, with about one word in five swapped in half of them (new sentences)."""
    paras = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    lead, body = paras[0], paras[1:]
    words = sorted({w for p in body for w in p.split() if w.isalpha() and w.islower()})
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(n):
        rng = random.Random(seed * 1000 + k)
        chosen = rng.sample(body, rng.randint(2, 4))
        chosen = [" ".join(rng.choice(words) if w.isalpha() and w.islower() and rng.random() < 0.2 else w
                           for w in p.split(" ")) if rng.random() < 0.5 else p for p in chosen]
        path = folder / f"article-{k:02d}.ru.txt"
        path.write_text("\n\n".join([lead, *chosen]) + "\n", encoding="utf-8")
        out.append(path)
    return out


def config(out: Path, cache: Path, packages: Path, executor: str = "ray", formats: tuple[str, ...] = ALL) -> TranslateConfig:
    return TranslateConfig(out_dir=out, formats=formats, packages_dir=packages, engine=FAST, cache_dir=cache,
                           auto_install=False, executor=executor, workers=2)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    make_archive(folder)
    return folder


@pytest.fixture(scope="module")
def local_run(archive: Path, argos_packages_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference: the archive through the local executor, all formats."""
    base = tmp_path_factory.mktemp("local")
    batch = translate_paths([archive], config(base / "out", base / "cache", argos_packages_dir, "local"))
    assert [r.status for r in batch.reports] == ["done"] * 20
    return base / "out"


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The RayExecutors the pipeline opens, in order (to reach their actors)."""
    import bilingual.executors.ray as module

    made: list[Any] = []

    class Recording(module.RayExecutor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(module, "RayExecutor", Recording)
    return made


# ------------------------------------------------------------------ comparing outputs
def json_docs(out: Path) -> dict[str, dict[str, Any]]:
    docs = {}
    for path in sorted(out.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["meta"].pop("created")
        docs[path.name] = data
    return docs


def zip_parts(path: Path) -> dict[str, bytes]:
    """An edition's parts, time stamps zeroed."""
    with zipfile.ZipFile(path) as z:
        return {name: _STAMP.sub(b"T", z.read(name)) for name in z.namelist()}


def sentences(docs: dict[str, dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(name, s["source"], s["target"]) for name, d in docs.items() for b in d["blocks"] for s in b["sentences"]]


def assert_same_json(ours: Path, reference: Path, count: int | None = None, copied: bool = False) -> None:
    """The same documents; ``copied``: made from copies of the reference's sources (other paths)."""
    got, want = json_docs(ours), json_docs(reference)
    if count is not None:
        want = dict(list(want.items())[:count])
    for doc in (*got.values(), *want.values()) if copied else ():
        del doc["meta"]["source_file"], doc["meta"]["identifier"]  # both follow the source's path
    assert list(got) == list(want)
    assert sentences(got) == sentences(want)
    assert all(target for _, _, target in sentences(got))
    assert got == want  # everything else too: blocks, metadata (model, glossary), origins


# ------------------------------------------------------------------ the tests
def test_archive_same_as_local(archive: Path, local_run: Path, argos_packages_dir: Path, tmp_path: Path,
                               recorded: list[Any]) -> None:
    batch = translate_paths([archive], config(tmp_path / "out", tmp_path / "cache", argos_packages_dir))
    assert [r.status for r in batch.reports] == ["done"] * 20
    assert sum(r.result.translated for r in batch.reports) > 50  # the actors did the work
    (executor,) = recorded
    assert len(executor.startup) == 2 and executor.actors == []  # started once; closed at the end
    assert_same_json(tmp_path / "out", local_run)
    for fmt in ("docx", "epub"):
        editions = sorted(p.name for p in (tmp_path / "out").glob(f"*.{fmt}"))
        assert editions == sorted(p.name for p in local_run.glob(f"*.{fmt}")) and len(editions) == 20
        for name in editions:
            assert zip_parts(tmp_path / "out" / name) == zip_parts(local_run / name), name


def test_killed_actor_same_result(archive: Path, local_run: Path, argos_packages_dir: Path, tmp_path: Path,
                                  recorded: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """An actor process killed while it holds batches: Ray restarts it, re-runs its batches."""
    import bilingual.executors.ray as module

    monkeypatch.setattr(module, "MAX_BATCH", 2)  # small batches: both actors always hold some
    killed: list[int] = []
    first: dict[Any, int] = {}

    def progress(item: Any, done: int, total: int) -> None:
        first.setdefault(item, done)  # the first call, before any batch: what the cache answered
        if not killed and item.path.name == "article-02.ru.txt" and first[item] < done < total:
            pid = recorded[0].actor_info[0]["pid"]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    items = sorted(archive.glob("*.txt"))[:5]
    batch = translate_paths(items, config(tmp_path, tmp_path / "cache", argos_packages_dir, formats=("json",)),
                            on_progress=progress)
    assert killed, "the run never reached a point where an actor could be killed"
    assert [r.status for r in batch.reports] == ["done"] * 5
    assert_same_json(tmp_path, local_run, count=5)
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)


def test_dead_actor_retried_on_another(tiny_package: Any) -> None:
    """With Ray's restarts off, the driver resubmits the dead actor's batches and replaces it."""
    from bilingual.executors.ray import RayExecutor

    texts = make_texts(60)
    executor = RayExecutor(packages_dir=tiny_package.path.parent, options=FAST, workers=2, batch_size=3, max_restarts=0)
    victim: list[Any] = []

    def progress(done: int) -> None:
        if not victim:
            victim.append(executor.actors[0])
            os.kill(executor.actor_info[0]["pid"], signal.SIGKILL)

    try:
        got = executor.translate(texts, progress=progress)
        assert victim and victim[0] not in executor.actors and len(executor.actors) == 2  # a replacement
    finally:
        executor.close()
    assert got == Engine(tiny_package, FAST).translate(texts)


def test_concurrent_calls_share_the_actors(tiny_package: Any) -> None:
    """Several documents in flight at once (threads) on one executor: each gets its own result."""
    from concurrent.futures import ThreadPoolExecutor

    from bilingual.executors.ray import RayExecutor

    lists = [make_texts(n) for n in (17, 30, 9, 24)]
    with RayExecutor(packages_dir=tiny_package.path.parent, options=FAST, workers=2, batch_size=3) as executor:
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(executor.translate, lists))
        assert all(s.busy == 0 for s in executor._slots)
    engine = Engine(tiny_package, FAST)
    assert got == [engine.translate(texts) for texts in lists]


def test_batch_that_keeps_failing_is_one_line_model_error(tiny_package: Any) -> None:
    from bilingual.executors.ray import RayExecutor, TranslatorActor

    class Dying(TranslatorActor):
        def translate(self, texts: list[str]) -> list[str]:
            os._exit(1)

    class Broken(TranslatorActor):
        def translate(self, texts: list[str]) -> list[str]:
            raise ModelError("model tiny failed to translate: boom")

    for actor_class, expected in ((Dying, "failed 3 times|every Ray translator actor died"), (Broken, "boom")):
        executor = type("Executor", (RayExecutor,), {"actor_class": actor_class})(
            packages_dir=tiny_package.path.parent, options=FAST, workers=2, max_restarts=0)
        try:
            with pytest.raises(ModelError, match=expected) as err:
                executor.translate(make_texts(6))
        finally:
            executor.close()
        assert "\n" not in str(err.value) and "Traceback" not in str(err.value)


def test_bad_file_reported_rest_done(archive: Path, local_run: Path, argos_packages_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(archive.glob("*.txt"))[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "article-01b.ru.txt").write_bytes(b"\x00\x01\x02 binary \xff\xfe" * 50)
    batch = translate_paths([folder], config(tmp_path / "out", tmp_path / "cache", argos_packages_dir, formats=("json",)))
    status = {r.input.path.name: r.status for r in batch.reports}
    assert status == {"article-00.ru.txt": "done", "article-01.ru.txt": "done", "article-01b.ru.txt": "failed",
                      "article-02.ru.txt": "done"}
    (failed,) = batch.failed
    assert failed.error and "\n" not in failed.error and batch.exit_code == 2
    assert not (tmp_path / "out" / "article-01b.ru.json").exists()
    assert_same_json(tmp_path / "out", local_run, count=3, copied=True)


def test_rerun_comes_from_the_cache(archive: Path, argos_packages_dir: Path, tmp_path: Path, recorded: list[Any]) -> None:
    items = sorted(archive.glob("*.txt"))[:3]
    cfg = config(tmp_path / "out", tmp_path / "cache", argos_packages_dir, formats=("json",))
    first = translate_paths(items, cfg)
    assert sum(r.result.translated for r in first.reports) > 0
    again = translate_paths(items, cfg, force=True)
    assert [r.status for r in again.reports] == ["done"] * 3
    assert sum(r.result.translated for r in again.reports) == 0
    assert [r.result.cached for r in again.reports] == [r.result.translated + r.result.cached for r in first.reports]
    assert recorded[1].startup == {}  # answered by the driver's cache: no Ray actor was started
    assert [r.status for r in translate_paths(items, cfg).reports] == ["up to date"] * 3


def test_interrupted_run_resumes(archive: Path, argos_packages_dir: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C in the middle of a file: KeyboardInterrupt propagates, finished sentences are
    cached, no partial edition is written, and a rerun goes on from there."""
    import bilingual.executors.ray as module

    monkeypatch.setattr(module, "MAX_BATCH", 2)
    items = sorted(archive.glob("*.txt"))[5:9]
    # one file at a time, so "the files before the stop" is well defined
    cfg = replace(config(tmp_path / "out", tmp_path / "cache", argos_packages_dir, formats=("json",)), documents_in_flight=1)
    first: dict[Path, int] = {}

    def progress(item: Any, done: int, total: int) -> None:
        first.setdefault(item.path, done)  # before any batch: what the cache answered
        if item.path != items[0] and first[item.path] < done < total:  # after a batch came back
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        translate_paths(items, cfg, on_progress=progress)
    stopped = items.index(list(first)[-1])
    assert stopped > 0 and not (tmp_path / "out" / f"{items[stopped].name[:-4]}.json").exists()  # no partial file
    again = translate_paths(items, cfg)
    assert [r.status for r in again.reports] == ["up to date"] * stopped + ["done"] * (len(items) - stopped)
    assert again.reports[stopped].result.cached > first[items[stopped]]  # the batches finished before the stop


def test_shipped_model(tiny_package: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The package through the object store: always (ship_model=True), or when a node cannot
    read the folder (auto); never (False) then fails in one line."""
    import shutil

    from bilingual.executors._actor import SHIPPED_ROOT
    from bilingual.executors.ray import RayExecutor

    monkeypatch.delenv("BILINGUAL_RAY_SHIP_MODEL", raising=False)
    texts = make_texts(20)
    want = Engine(tiny_package, FAST).translate(texts)
    shipped_root = Path(tempfile.gettempdir()) / SHIPPED_ROOT

    class Unshared(RayExecutor):  # the actors are told a path that no node has
        def _actor_package(self) -> Any:
            return replace(self.package, path=Path("/nonexistent/packages") / self.package.name)

    made: list[Path] = []
    try:
        for cls, ship, workers in ((RayExecutor, True, 2), (Unshared, None, 1)):
            with cls(packages_dir=tiny_package.path.parent, options=FAST, workers=workers, ship_model=ship) as executor:
                assert executor.translate(texts) == want
                paths = {Path(info["path"]) for info in executor.actor_info}
                assert len(paths) == 1 and paths.pop().parent == shipped_root  # one copy per node
                made += [Path(info["path"]) for info in executor.actor_info]
                assert executor.cache_key() == Engine(tiny_package, FAST).cache_key()
        with Unshared(packages_dir=tiny_package.path.parent, options=FAST, workers=1, ship_model=False) as executor:
            with pytest.raises(ModelError, match="BILINGUAL_RAY_SHIP_MODEL=1") as err:
                executor.translate(texts)
            assert "\n" not in str(err.value)
    finally:
        for path in made:
            shutil.rmtree(path, ignore_errors=True)


def test_cache_key_equals_local_engine(tiny_package: Any) -> None:
    from bilingual.executors.ray import RayExecutor

    for options in (EngineOptions(), FAST, EngineOptions(beam_size=2, max_input_pieces=100, threads=1)):
        executor = RayExecutor(packages_dir=tiny_package.path.parent, options=options, auto_install=False)
        assert executor.cache_key() == Engine(tiny_package, options).cache_key()
        assert executor.model_info == Engine(tiny_package, options).model_info
        executor.close()
        executor.close()  # idempotent, and no Ray work was needed for either


_OWN_INSTANCE = r"""
import json, os, signal, sys, threading, time
from bilingual.executors.ray import RayExecutor
from bilingual.translate.engine import EngineOptions
import ray
ex = RayExecutor(packages_dir=sys.argv[1], options=EngineOptions(beam_size=1), workers=2, batch_size=4)
texts = [f"Я люблю тебя и мир номер {i}." for i in range(600)]
seen = []
def progress(n):
    seen.append(n)
    if len(seen) == 1:  # a worker dies (Ray restarts it), then Ctrl-C
        os.kill(ex.actor_info[0]["pid"], signal.SIGKILL)
        threading.Timer(1.5, os.kill, (os.getpid(), signal.SIGINT)).start()
try:
    ex.translate(texts, progress=progress)
    interrupted = False
except KeyboardInterrupt:
    interrupted = True
pids = [info["pid"] for info in ex.actor_info]
ex.close()
ex.close()
def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
deadline = time.time() + 10
while any(alive(p) for p in pids) and time.time() < deadline:
    time.sleep(0.1)
print(json.dumps({"interrupted": interrupted, "done": seen[-1], "ray_up": ray.is_initialized(),
                  "actors_alive": [p for p in pids if alive(p)], "actors": len(pids)}))
"""


def test_own_instance_ctrl_c_and_close(tiny_package: Any) -> None:
    """In a fresh process: the executor starts its own Ray; a worker is killed, then SIGINT
    mid-run raises KeyboardInterrupt; close() kills the actors, shuts that Ray down, and is
    idempotent; nothing but the script's own line reaches stdout (Ray's notices go to stderr)."""
    env = {**os.environ, "RAY_AUTH_MODE": "disabled"}
    env.pop("RAY_ADDRESS", None)
    for _attempt in range(2):  # a worker killed while Ray reconnects can fail the first start on a loaded machine
        proc = subprocess.run([sys.executable, "-c", _OWN_INSTANCE, str(tiny_package.path.parent)], check=False, capture_output=True,
                              text=True, timeout=120, cwd=str(ROOT), env=env)
        if proc.returncode == 0:
            break
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, proc.stdout  # only the script's own line
    result = json.loads(lines[0])
    assert result["interrupted"] and 0 < result["done"] < 600
    assert result["actors"] == 2 and result["actors_alive"] == [] and result["ray_up"] is False


_JOIN = r"""
import json, sys
from bilingual.executors.ray import RayExecutor
from bilingual.translate.engine import EngineOptions
import ray
with RayExecutor(packages_dir=sys.argv[1], options=EngineOptions(beam_size=1), address=sys.argv[2], workers=1) as ex:
    out = ex.translate(["Я люблю тебя.", "Мы видим мир."])
print(json.dumps({"out": out, "connected_after_close": ray.is_initialized()}))
"""


def test_joins_a_cluster_and_leaves_it_running(tiny_package: Any) -> None:
    """``--ray-address``: a second driver joins this file's Ray instance, translates, and its
    close() disconnects without stopping the cluster."""
    address = ray.get_runtime_context().gcs_address
    env = {**os.environ, "RAY_AUTH_MODE": "disabled"}
    proc = subprocess.run([sys.executable, "-c", _JOIN, str(tiny_package.path.parent), address], check=False,
                          capture_output=True, text=True, timeout=120, cwd=str(ROOT), env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"out": ["I love you.", "We see world."], "connected_after_close": False}
    assert ray.cluster_resources().get("CPU") == 2  # the cluster it joined is still up


def test_unreachable_cluster_is_one_line() -> None:
    import socket

    from bilingual.executors.ray_session import probe as _probe

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again below: nothing listens there
    with pytest.raises(ModelError, match=f"cannot reach the Ray cluster at 127.0.0.1:{port}") as err:
        _probe(f"127.0.0.1:{port}")
    assert "\n" not in str(err.value)


_LOCAL_ONLY = r"""
import json, sys
from pathlib import Path
import bilingual.pipeline, bilingual.executors, bilingual.batch
from bilingual.batch import translate_paths
from bilingual.pipeline import TranslateConfig
from bilingual.translate.engine import EngineOptions
out = Path(sys.argv[2])
batch = translate_paths([sys.argv[3]], TranslateConfig(out_dir=out, formats=("json",), packages_dir=Path(sys.argv[1]),
                        engine=EngineOptions(beam_size=1), cache_dir=out / "cache", auto_install=False))
print(json.dumps({"status": [r.status for r in batch.reports], "ray": sorted(m for m in sys.modules if m.split(".")[0] == "ray")}))
"""


def test_local_executor_never_imports_ray(archive: Path, tiny_package: Any, tmp_path: Path) -> None:
    source = min(archive.glob("*.txt"))
    proc = subprocess.run([sys.executable, "-c", _LOCAL_ONLY, str(tiny_package.path.parent), str(tmp_path), str(source)],
                          check=False, capture_output=True, text=True, timeout=120, cwd=str(ROOT))
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"status": ["done"], "ray": []}


def make_texts(n: int) -> list[str]:
    """``n`` distinct short Russian sentences the tiny model translates word by word."""
    words = ["я", "люблю", "тебя", "мир", "дом", "город", "книгу", "и", "мы", "видим"]
    rng = random.Random(n)
    return [" ".join(rng.choice(words) for _ in range(rng.randint(3, 9))).capitalize() + f" {i}." for i in range(n)]
