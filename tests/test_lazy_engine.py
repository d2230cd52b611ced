"""A run the translation cache answers entirely never loads the model (the engine is lazy).

:class:`bilingual.translator.LazyEngine` takes its cache key and model metadata from the
package and options; the model (``ctranslate2.Translator``) is built on the first cache miss.
Here ``ctranslate2.Translator`` is replaced by a counter (or by something that raises) to see
when a model is built, and the outputs of a warm rerun are compared with the cold run's.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from bilingual.errors import ModelError
from bilingual.model import Document
from bilingual.pipeline import TranslateConfig, Translator, translate_file
from bilingual.translate.engine import Engine, EngineOptions
from bilingual.translator import LazyEngine

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "glossary" / "ru-en.tsv"
_STAMP = re.compile(rb"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}| UTC)?")


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every ``ctranslate2.Translator`` built from now on, by model folder (still a real one)."""
    import ctranslate2

    real = ctranslate2.Translator
    made: list[str] = []

    def counting(model_path: str, *args: Any, **kwargs: Any) -> Any:
        made.append(model_path)
        return real(model_path, *args, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", counting)
    return made


def _config(out: Path, cache: Path, packages: Path) -> TranslateConfig:
    return TranslateConfig(out_dir=out, cache_dir=cache, packages_dir=packages, glossary=GLOSSARY, auto_install=False,
                           engine=EngineOptions(beam_size=2))


def _json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"].pop("created")
    return data


def _parts(path: Path) -> dict[str, bytes]:
    """An edition's parts, time stamps blanked."""
    with zipfile.ZipFile(path) as z:
        return {name: _STAMP.sub(b"T", z.read(name)) for name in z.namelist()}


def _docx_text(path: Path) -> list[str]:
    import docx

    d = docx.Document(str(path))
    return [p.text for p in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells]


@pytest.fixture
def cold(tmp_path: Path, sample_path: Path, argos_packages_dir: Path, built: list[str]) -> tuple[Path, Any]:
    """The sample translated once (cold cache): its output folder and result."""
    result = translate_file(sample_path, _config(tmp_path / "out", tmp_path / "cache", argos_packages_dir))
    return tmp_path / "out", result


def test_a_cold_run_loads_the_model_once_and_translates(cold: tuple[Path, Any], built: list[str]) -> None:
    out, result = cold
    assert len(built) == 1  # one model, shared by the plain and the n-best (glossary) translations
    assert result.translated == result.sentences == 41 and result.cached == 0
    doc = Document.load(out / f"{Path(result.document.meta.source_file).stem}.json")
    assert all(s.target and s.origin == "machine" for s in doc.sentences())
    assert doc.blocks[0].sentences[0].target.startswith("President Russia Vladimir Putin")  # the tiny model's words


@pytest.mark.parametrize("same_folder", [True, False], ids=["same-out", "fresh-out"])
def test_a_warm_rerun_never_builds_a_translator(cold: tuple[Path, Any], tmp_path: Path, sample_path: Path,
                                                argos_packages_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                same_folder: bool) -> None:
    """Unchanged input, warm cache: no model is built, and the outputs are the cold run's
    (into the same folder, and written afresh into an empty one)."""
    import ctranslate2

    first, result = cold
    reference = tmp_path / "reference"
    shutil.copytree(first, reference)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a warm rerun built a ctranslate2.Translator")

    monkeypatch.setattr(ctranslate2, "Translator", refuse)
    out = first if same_folder else tmp_path / "again"
    config = _config(out, tmp_path / "cache", argos_packages_dir)
    with Translator(config) as translator:
        again = translate_file(sample_path, config, translator=translator)
        assert isinstance(translator.engine, LazyEngine) and not translator.engine.loaded
    assert again.translated == 0 and again.cached == again.sentences == result.sentences
    stem = sample_path.name[: -len(".txt")]
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted(p.name for p in reference.iterdir() if p.is_file())
    assert _json(out / f"{stem}.json") == _json(reference / f"{stem}.json")
    assert _docx_text(out / f"{stem}.docx") == _docx_text(reference / f"{stem}.docx")
    for kind in ("docx", "epub"):
        assert _parts(out / f"{stem}.{kind}") == _parts(reference / f"{stem}.{kind}"), kind


def test_a_new_sentence_loads_the_model_for_it_alone(cold: tuple[Path, Any], tmp_path: Path, sample_path: Path,
                                                     argos_packages_dir: Path, built: list[str]) -> None:
    first, _ = cold
    src = tmp_path / sample_path.name
    src.write_text(sample_path.read_text(encoding="utf-8") + "\n\nЯ люблю тебя.\n", encoding="utf-8")
    again = translate_file(src, _config(first, tmp_path / "cache", argos_packages_dir))
    assert len(built) == 2 and again.translated == 1 and again.cached == again.sentences - 1
    assert Document.load(first / f"{src.name[:-4]}.json").blocks[-1].sentences[0].target == "I love you."


def test_the_lazy_engine_answers_like_the_engine_and_loads_once(tiny_package: Any, built: list[str]) -> None:
    options = EngineOptions(beam_size=1)
    lazy = LazyEngine(tiny_package, options)
    eager = Engine(tiny_package, options)
    assert len(built) == 1
    assert (lazy.cache_key(), lazy.options_key(), lazy.model_info) == (eager.cache_key(), eager.options_key(), eager.model_info)
    assert not lazy.loaded and len(built) == 1
    assert lazy.translate(["Я люблю тебя."]) == eager.translate(["Я люблю тебя."]) == ["I love you."]
    assert lazy.loaded and len(built) == 2
    assert lazy.translate_nbest(["Я люблю тебя."], 2) == eager.translate_nbest(["Я люблю тебя."], 2)
    assert lazy.engine() is lazy.engine() and len(built) == 2


def test_an_incomplete_model_still_fails_in_one_line_on_a_cold_run(tmp_path: Path, sample_path: Path,
                                                                   tiny_package: Any) -> None:
    packages = tmp_path / "packages"
    shutil.copytree(tiny_package.path, packages / tiny_package.path.name)
    (packages / tiny_package.path.name / "model" / "model.bin").unlink()
    with pytest.raises(ModelError, match="incomplete") as err:
        translate_file(sample_path, _config(tmp_path / "out", tmp_path / "cache", packages))
    assert "\n" not in str(err.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())  # nothing written


_WARM = r"""
import json, sys
from pathlib import Path
from bilingual.pipeline import TranslateConfig, translate_file
from bilingual.translate.engine import EngineOptions
src, out, cache, packages, glossary = map(Path, sys.argv[1:6])
result = translate_file(src, TranslateConfig(out_dir=out, cache_dir=cache, packages_dir=packages, glossary=glossary,
                                             auto_install=False, engine=EngineOptions(beam_size=2)))
print(json.dumps({"cached": result.cached, "translated": result.translated,
                  "heavy": sorted(m for m in ("ctranslate2", "sentencepiece") if m in sys.modules)}))
"""


def test_a_warm_rerun_in_a_new_process_imports_no_ctranslate2(cold: tuple[Path, Any], tmp_path: Path,
                                                               sample_path: Path, argos_packages_dir: Path) -> None:
    _, result = cold
    args = [str(sample_path), str(tmp_path / "again"), str(tmp_path / "cache"), str(argos_packages_dir), str(GLOSSARY)]
    proc = subprocess.run([sys.executable, "-c", _WARM, *args], capture_output=True, text=True, timeout=120, cwd=str(ROOT),
                          check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {"cached": result.sentences, "translated": 0, "heavy": []}
