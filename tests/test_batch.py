"""Folders and many files: ``bilingual translate PATH...`` and :mod:`bilingual.batch`;
the schema-1 upgrade; one source never taking over another's JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilingual.batch import collect_inputs, translate_paths
from bilingual.cli import app
from bilingual.model import SCHEMA_VERSION, Document
from bilingual.pipeline import TranslateConfig, translate_file

from conftest import SAMPLE

runner = CliRunner()


def _archive(root: Path) -> Path:
    """archive/ with two articles at the top, one in a sub-folder, a bad one, a hidden one and a PDF."""
    arch = root / "archive"
    (arch / "2025" / "10").mkdir(parents=True)
    text = SAMPLE.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    (arch / "a.ru.txt").write_text(text, encoding="utf-8")
    (arch / "b.ru.md").write_text("# Встреча в Душанбе\n\n" + "\n\n".join(paragraphs[3:9]), encoding="utf-8")
    (arch / "2025" / "10" / "c.ru.txt").write_text("\n\n".join(paragraphs[1:5]), encoding="utf-8")
    (arch / "2025" / "bad.txt").write_text("Only English here.\n", encoding="utf-8")
    (arch / ".hidden.txt").write_text("Скрытый файл.\n", encoding="utf-8")
    (arch / "scan.pdf").write_bytes(b"%PDF-1.4")
    return arch


def test_collect_inputs_walks_folders_in_a_stable_order_and_mirrors_the_tree(tmp_path: Path) -> None:
    arch = _archive(tmp_path)
    out = tmp_path / "out"
    items = collect_inputs([arch], out)
    rel = [str(i.path.relative_to(arch)) for i in items]
    assert rel == ["2025/10/c.ru.txt", "2025/bad.txt", "a.ru.txt", "b.ru.md"]  # sorted; no .hidden, no .pdf
    assert [i.out_dir for i in items] == [out / "2025" / "10", out / "2025", out, out]
    # a file named directly goes to -o itself; the same file twice is taken once
    direct = collect_inputs([arch / "2025" / "10" / "c.ru.txt", arch / "2025" / "10" / "c.ru.txt"], out)
    assert [(i.path.name, i.out_dir) for i in direct] == [("c.ru.txt", out)]
    # several folders: each under -o/<folder name>/
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SAMPLE, other / "x.ru.txt")
    both = collect_inputs([arch, other], out)
    assert {i.out_dir for i in both if i.path.parent == other} == {out / "other"}
    assert (out / "archive") in {i.out_dir for i in both}


def test_folder_run_reports_the_bad_file_and_translates_the_rest(tmp_path: Path) -> None:
    arch = _archive(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["translate", str(arch), "-o", str(out), "--no-cache", "--no-glossary"])
    assert result.exit_code == 2, result.output
    assert "bad.txt has no Russian" in result.output
    assert "3 done, 0 up to date, 1 failed" in result.output
    for stem, folder in (("a.ru", out), ("b.ru", out), ("c.ru", out / "2025" / "10")):
        for fmt in ("docx", "epub", "json"):
            assert (folder / f"{stem}.{fmt}").is_file(), (stem, fmt)
    assert not list((out / "2025").glob("bad*"))  # nothing written for the failing file
    doc = Document.load(out / "b.ru.json")
    assert doc.meta.title == "Встреча в Душанбе" and all(s.target for s in doc.sentences())


def test_rerun_skips_up_to_date_files_and_redoes_changed_ones(tmp_path: Path) -> None:
    arch = _archive(tmp_path)
    (arch / "2025" / "bad.txt").unlink()
    out = tmp_path / "out"
    config = TranslateConfig(out_dir=out, cache_dir=tmp_path / "cache")
    first = translate_paths([arch], config)
    assert [r.status for r in first.reports] == ["done"] * 3 and first.exit_code == 0
    second = translate_paths([arch], config)
    assert [r.status for r in second.reports] == ["up to date"] * 3
    # the source changes → only that file is redone, from the cache but for the new sentence
    c = arch / "2025" / "10" / "c.ru.txt"
    c.write_text(c.read_text(encoding="utf-8") + "\n\nНовый абзац в конце статьи.\n", encoding="utf-8")
    third = translate_paths([arch], config)
    assert [r.status for r in third.reports] == ["done", "up to date", "up to date"]
    assert third.reports[0].result is not None and third.reports[0].result.translated == 1
    # other options → every file is redone; --force too
    fourth = translate_paths([arch], TranslateConfig(out_dir=out, cache_dir=tmp_path / "cache", formats=("docx", "json")))
    assert [r.status for r in fourth.reports] == ["done"] * 3
    assert [r.status for r in translate_paths([arch], config, force=True).reports] == ["done"] * 3


def test_a_missing_edition_is_remade(tmp_path: Path) -> None:
    arch = _archive(tmp_path)
    (arch / "2025" / "bad.txt").unlink()
    out = tmp_path / "out"
    config = TranslateConfig(out_dir=out, cache_dir=tmp_path / "cache")
    translate_paths([arch], config)
    (out / "a.ru.epub").unlink()
    statuses = {r.input.path.name: r.status for r in translate_paths([arch], config).reports}
    assert statuses == {"a.ru.txt": "done", "b.ru.md": "up to date", "c.ru.txt": "up to date"}
    assert (out / "a.ru.epub").is_file()


def test_interrupted_folder_run_resumes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second file's rendering fails (as a kill would stop it); the rerun translates nothing
    again: the first file is up to date, the second is answered by the cache."""
    arch = _archive(tmp_path)
    (arch / "2025" / "bad.txt").unlink()
    out = tmp_path / "out"
    config = TranslateConfig(out_dir=out, cache_dir=tmp_path / "cache")
    import bilingual.pipeline as pipeline

    real = pipeline.write_outputs
    calls = {"n": 0}

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "write_outputs", flaky)
    with pytest.raises(KeyboardInterrupt):
        translate_paths([arch], config)
    monkeypatch.setattr(pipeline, "write_outputs", real)
    rerun = translate_paths([arch], config)
    assert [r.status for r in rerun.reports] == ["up to date", "done", "done"]
    interrupted = rerun.reports[1]
    assert interrupted.input.path.name == "a.ru.txt" and interrupted.result is not None
    assert interrupted.result.translated == 0 and interrupted.result.cached == 41


def test_several_files_on_the_command_line(tmp_path: Path) -> None:
    a, b = tmp_path / "one.ru.txt", tmp_path / "two.ru.txt"
    shutil.copy(SAMPLE, a)
    b.write_text("Путин прилетел в Душанбе.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["translate", str(a), str(b), "-o", str(out), "--no-glossary", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert (out / "one.ru.json").is_file() and (out / "two.ru.json").is_file()
    assert "2 done, 0 up to date, 0 failed" in result.output


def test_a_source_with_the_same_stem_does_not_take_over_another_json(tmp_path: Path) -> None:
    """a.ru.txt then a.ru.md: the .md gets its own a.ru.md.* files; the .txt's edits stay."""
    txt, md = tmp_path / "a.ru.txt", tmp_path / "a.ru.md"
    shutil.copy(SAMPLE, txt)
    md.write_text("# Другая статья\n\nСовсем другой текст о погоде.\n", encoding="utf-8")
    out = tmp_path / "out"
    first = translate_file(txt, TranslateConfig(out_dir=out, formats=("json",)))
    doc = Document.load(first.outputs["json"])
    doc.blocks[1].sentences[0].target, doc.blocks[1].sentences[0].origin = "An editor's sentence.", "human"
    doc.save(first.outputs["json"])
    second = translate_file(md, TranslateConfig(out_dir=out, formats=("json",)))
    assert second.outputs["json"] == out / "a.ru.md.json"
    kept = Document.load(out / "a.ru.json")
    assert kept.meta.source_file.endswith("a.ru.txt")
    assert kept.blocks[1].sentences[0].target == "An editor's sentence."
    again = translate_file(txt, TranslateConfig(out_dir=out, formats=("json",)))
    assert again.outputs["json"] == out / "a.ru.json" and again.kept == 1


def test_schema_1_documents_are_upgraded(tmp_path: Path) -> None:
    """A JSON written by the article-only version (schema 1, committed in tests/data) still
    renders, exports and re-translates; saved again it is schema 2 with one chapter."""
    v1 = Path(__file__).parent / "data" / "schema" / "v1-sample.json"
    assert json.loads(v1.read_text(encoding="utf-8"))["schema"] == 1
    doc = Document.load(v1)
    assert len(doc.chapters) == 1 and doc.chapters[0].title == doc.meta.title
    assert {b.chapter for b in doc.blocks} == {0} and all(b.marks == [] for b in doc.blocks)
    work = tmp_path / "out"
    work.mkdir()
    copy = work / "2025-10-09-putin-aliyev-dushanbe.ru.json"
    shutil.copy(v1, copy)
    result = runner.invoke(app, ["render", str(copy)])
    assert result.exit_code == 0, result.output
    assert (work / "2025-10-09-putin-aliyev-dushanbe.ru.epub").is_file()
    again = translate_file(SAMPLE, TranslateConfig(out_dir=work, formats=("json",), glossary=None))
    assert json.loads((work / "2025-10-09-putin-aliyev-dushanbe.ru.json").read_text(encoding="utf-8"))["schema"] == SCHEMA_VERSION
    assert again.document.sentences()[0].target


def test_summary_names_blocks_per_kind(tmp_path: Path) -> None:
    result = runner.invoke(app, ["translate", str(SAMPLE), "-o", str(tmp_path), "--no-glossary", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "21 blocks (11 paragraph, 5 quote, 3 heading, 2 caption)" in result.output


def test_empty_folder_is_one_line_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    result = runner.invoke(app, ["translate", str(empty), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no file bilingual can read" in result.output
    assert not (tmp_path / "out").exists()


def test_a_touched_source_with_the_same_bytes_stays_up_to_date(tmp_path: Path) -> None:
    import os

    src = tmp_path / "a.ru.txt"
    shutil.copy(SAMPLE, src)
    config = TranslateConfig(out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", formats=("json",))
    assert [r.status for r in translate_paths([src], config).reports] == ["done"]
    later = (tmp_path / "out" / "a.ru.json").stat().st_mtime_ns + 10**9
    os.utime(src, ns=(later, later))  # newer than the outputs, same bytes
    assert [r.status for r in translate_paths([src], config).reports] == ["up to date"]
    src.write_text(SAMPLE.read_text(encoding="utf-8") + "\nЕщё одно предложение.\n", encoding="utf-8")
    assert [r.status for r in translate_paths([src], config).reports] == ["done"]


# ------------------------------------------------------------------ edition stamps
def _doc(text: str = "Я люблю тебя. Мы видим город.\n\nПривет, мир!\n") -> Document:
    from bilingual.read import decode, parse_document

    return parse_document(decode(text.encode("utf-8"), name="a.txt"), source_file="a.txt")


def test_fingerprint_follows_content_format_options_and_not_the_write_time() -> None:
    from dataclasses import replace

    from bilingual import stamps
    from bilingual.render import RenderOptions

    doc = _doc()
    base = stamps.edition_fingerprint(doc, "docx", RenderOptions())
    assert base == stamps.edition_fingerprint(_doc(), "docx", RenderOptions())  # deterministic
    doc.meta.created = "2030-01-01T00:00:00+00:00"
    assert stamps.edition_fingerprint(doc, "docx", RenderOptions()) == base  # the write time is not content
    assert stamps.edition_fingerprint(doc, "epub", RenderOptions()) != base
    assert stamps.edition_fingerprint(doc, "docx", replace(RenderOptions(), landscape=True)) != base
    doc.sentences()[0].target = "I love you."
    assert stamps.edition_fingerprint(doc, "docx", RenderOptions()) != base
    assert stamps.renderer_version().startswith(stamps.renderer_version().split("+")[0] + "+")


def test_fingerprint_sees_image_bytes() -> None:
    from bilingual import stamps
    from bilingual.model import Image

    doc = _doc()
    doc.images.append(Image(id="pic.png", media_type="image/png", data=b"\x89PNG one"))
    one = stamps.document_digest(doc)
    doc.images[0].data = b"\x89PNG two"
    assert stamps.document_digest(doc) != one


def test_is_current_needs_the_same_fingerprint_and_an_untouched_file(tmp_path: Path) -> None:
    import os

    from bilingual import stamps

    path = tmp_path / "book.docx"
    assert not stamps.is_current(path, "f1")  # no edition
    path.write_bytes(b"edition")
    assert not stamps.is_current(path, "f1")  # no stamp
    stamps.record(path, "f1")
    assert stamps.stamp_path(path).is_file() and not list(tmp_path.glob(".*"))  # kept in the cache folder, not beside the edition
    assert stamps.is_current(path, "f1") and not stamps.is_current(path, "f2")
    path.write_bytes(b"edited by hand")  # replaced since: not current
    assert not stamps.is_current(path, "f1")
    stamps.record(path, "f1")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5))
    assert not stamps.is_current(path, "f1")
    stamps.stamp_path(path).write_text("{not json", encoding="utf-8")
    assert not stamps.is_current(path, "f1")  # a damaged stamp means: write again


def test_plan_keeps_current_editions_and_redoes_the_rest(tmp_path: Path) -> None:
    """The integration write_outputs uses: plan, render what is to do, record; the second time
    nothing is to do, a changed document or a removed edition is redone, and the stamped
    editions reopen with their text."""
    from docx import Document as Docx

    from bilingual import stamps
    from bilingual.render import RenderOptions, render_document

    doc = _doc()
    for s in doc.sentences():
        s.target = "English " + s.source
    options = RenderOptions()

    def write(doc: Document) -> tuple[stamps.Plan, dict[str, Path]]:
        plan = stamps.plan_outputs(doc, tmp_path, "a", ["docx", "epub", "json"], options)
        outputs = dict(plan.kept)
        editions = [f for f in plan.todo if f != "json"]
        if editions:
            outputs.update(render_document(doc, tmp_path, "a", editions, options))
        if "json" in plan.todo:
            outputs["json"] = doc.save(tmp_path / "a.json")
        plan.record(outputs)
        return plan, outputs

    first, outputs = write(doc)
    assert first.todo == ["docx", "epub", "json"] and not first.kept
    mtimes = {k: p.stat().st_mtime_ns for k, p in outputs.items()}
    second, again = write(_doc_like(doc))
    assert second.todo == [] and set(second.kept) == {"docx", "epub", "json"}
    assert {k: p.stat().st_mtime_ns for k, p in again.items()} == mtimes  # nothing rewritten
    text = "\n".join(c.text for t in Docx(str(again["docx"])).tables for row in t.rows for c in row.cells)
    assert "English Я люблю тебя." in text
    doc.sentences()[1].target = "We see the city."
    third, _ = write(doc)
    assert third.todo == ["docx", "epub", "json"]
    (tmp_path / "a.epub").unlink()
    assert write(doc)[0].todo == ["epub"]
    assert stamps.plan_outputs(doc, tmp_path, "a", ["docx"], options, force=True).todo == ["docx"]
    both = stamps.plan_outputs(doc, tmp_path, "a", ["epub"], options, extra_files={"epub": ["a.interleaved.epub"]})
    assert both.todo == ["epub"]  # the second EPUB is missing


def _doc_like(doc: Document) -> Document:
    """The same document read again (a rerun): equal content, a fresh object."""
    return Document.from_dict(json.loads(json.dumps(doc.to_dict())))


def test_write_current_is_write_outputs_that_skips_unchanged_editions(tmp_path: Path) -> None:
    import ebooklib
    from ebooklib import epub

    from bilingual import stamps
    from bilingual.render import RenderOptions

    doc = _doc()
    for s in doc.sentences():
        s.target = "English " + s.source
    options = RenderOptions(layout="both")
    first = stamps.write_current(doc, tmp_path, "a", ["docx", "epub", "json"], options)
    assert list(first) == ["docx", "epub", "epub-interleaved", "json"] and all(p.is_file() for p in first.values())
    mtimes = {k: p.stat().st_mtime_ns for k, p in first.items()}
    again = stamps.write_current(_doc_like(doc), tmp_path, "a", ["docx", "epub", "json"], options)
    assert again == first and {k: p.stat().st_mtime_ns for k, p in again.items()} == mtimes
    doc.sentences()[0].target = "I love you."
    third = stamps.write_current(doc, tmp_path, "a", ["docx", "epub", "json"], options)
    assert all(p.stat().st_mtime_ns != mtimes[k] for k, p in third.items())
    book = epub.read_epub(str(third["epub-interleaved"]))
    text = " ".join(i.get_content().decode() for i in book.get_items_of_type(ebooklib.ITEM_DOCUMENT))
    assert "I love you." in text
    assert json.loads(third["json"].read_text(encoding="utf-8"))["blocks"][0]["sentences"][0]["target"] == "I love you."
    inode = third["json"].stat().st_ino
    forced = stamps.write_current(doc, tmp_path, "a", ["json"], options, force=True)
    assert forced["json"].stat().st_ino != inode  # written anew (atomically: a new file renamed over)
