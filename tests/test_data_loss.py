"""Nothing an editor does is ever lost (issue 14): stale XLIFF files, concurrent commands,
side files, symlinks and permissions, a busy cache, truncated TBX terms.

Each test names the loss it guards against; each failed on the code before the fix.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.errors import GlossaryError, OutputError
from bilingual.exchange import apply_xliff, export_xliff, import_xliff, iter_units
from bilingual.model import Document
from docfixtures import sample_document

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
runner = CliRunner()
HOLD = (
    "import sys, time\nfrom bilingual.locking import file_lock\n"
    "with file_lock(sys.argv[1], timeout=30):\n    print('locked', flush=True)\n    time.sleep(float(sys.argv[2]))\n"
)


def hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the lock of ``path`` for ``seconds`` (returns once it holds it)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def _run(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def _edit(data: bytes, edits: dict[str, str]) -> bytes:
    """Change targets as a CAT tool would (lxml; attributes and notes left as they are)."""
    root = etree.fromstring(data)
    for uid, text in edits.items():
        tu = root.find(f".//x:trans-unit[@id='{uid}']", NS)
        target = tu.find("x:target", NS)
        if target is None:
            target = etree.Element(f"{{{NS['x']}}}target")
            tu.find("x:source", NS).addnext(target)
        target.text = text
        target.set("state", "translated")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _unstamped(data: bytes) -> bytes:
    """The file as an older bilingual wrote it (or a tool that drops extras): no revision, no stamps."""
    root = etree.fromstring(data)
    for tu in root.iterfind(".//x:trans-unit", NS):
        tu.attrib.pop("extradata", None)
    for note in root.iterfind(".//x:header/x:note", NS):
        if (note.text or "").startswith("revision: "):
            note.getparent().remove(note)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _targets(doc: Document) -> dict[str, tuple[str, str]]:
    return {u.id: (u.sentence.target, u.sentence.origin) for u in iter_units(doc)}


# =========================================================================== 1. stale XLIFF
def test_stale_xliff_does_not_revert_a_newer_human_edit() -> None:
    """Export → editor B's edit imported → editor A returns the older export with another unit
    changed: B's edit stays, A's edit is applied, nothing is marked human that nobody edited."""
    doc = sample_document()
    units = [u for u in iter_units(doc) if u.sentence.origin == "machine"]
    x, y = units[0], units[3]
    machine_x = x.sentence.target
    exported = export_xliff(doc)
    b = apply_xliff(doc, _edit(exported, {x.id: "B's correction."}), name="b.xlf")
    a = apply_xliff(doc, _edit(exported, {y.id: "A's correction."}), name="a.xlf")
    assert (x.sentence.target, x.sentence.origin, x.sentence.machine_target) == ("B's correction.", "human", machine_x)
    assert (y.sentence.target, y.sentence.origin) == ("A's correction.", "human")
    assert [c.unit_id for c in a.changed] == [y.id]
    assert b.count == 1 and not b.stale
    assert a.stale and a.outdated == 1 and not a.conflicts
    others = [u for u in iter_units(doc) if u.id not in (x.id, y.id)]
    assert all(u.sentence.origin != "human" or u.id == "b8s2-4a1e4ee1b66a" for u in others)


def test_unstamped_stale_xliff_never_puts_machine_text_over_a_human_edit() -> None:
    doc = sample_document()
    x = next(u for u in iter_units(doc) if u.sentence.origin == "machine")
    exported = _unstamped(export_xliff(doc))
    apply_xliff(doc, _edit(exported, {x.id: "B's correction."}), name="b.xlf")
    report = apply_xliff(doc, exported, name="a.xlf")  # A changed nothing; the file has the machine text
    assert report.count == 0 and report.outdated == 1
    assert (x.sentence.target, x.sentence.origin) == ("B's correction.", "human")


def test_an_edit_changed_on_both_sides_is_a_conflict_kept_aside(tmp_path: Path) -> None:
    """CLI round trip: the newer human edit is kept, the editor's text saved in
    out/<stem>.conflicts.json (merged across imports, never replaced) and reported."""
    out = tmp_path / "out"
    doc = sample_document()
    json_path = doc.save(out / "article.json")
    assert _run("export", json_path).exit_code == 0
    exported = (out / "article.xlf").read_bytes()
    ids = [u.id for u in iter_units(doc) if u.sentence.origin == "machine"]
    x, y = ids[1], ids[2]
    (tmp_path / "b.xlf").write_bytes(_edit(exported, {x: "B's version."}))
    assert "1 segment(s) changed" in _run("import", json_path, tmp_path / "b.xlf").output
    (tmp_path / "a.xlf").write_bytes(_edit(exported, {x: "A's version.", y: "A's other edit."}))
    result = _run("import", json_path, tmp_path / "a.xlf")
    assert result.exit_code == 0, result.output
    assert "1 segment(s) changed" in result.output and "conflict: 1 unit(s)" in result.output and x in result.output
    conflicts = out / "article.conflicts.json"
    assert str(conflicts) in result.output.replace("\n", "")
    now = _targets(Document.load(json_path))
    assert now[x] == ("B's version.", "human") and now[y] == ("A's other edit.", "human")
    saved = json.loads(conflicts.read_text(encoding="utf-8"))
    assert [(c["unit_id"], c["target"], c["kept"]) for c in saved] == [(x, "A's version.", "B's version.")]
    assert _run("import", json_path, tmp_path / "a.xlf").exit_code == 0  # again: not listed twice
    assert len(json.loads(conflicts.read_text(encoding="utf-8"))) == 1
    (tmp_path / "c.xlf").write_bytes(_edit(exported, {x: "C's version."}))
    assert _run("import", json_path, tmp_path / "c.xlf").exit_code == 0
    saved = json.loads(conflicts.read_text(encoding="utf-8"))
    assert [c["target"] for c in saved] == ["A's version.", "C's version."]
    assert Document.load(json_path).blocks[0].sentences[1].target == "B's version."


_TRANSLATABLE = [u.id for u in iter_units(sample_document())]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    b_ids=st.sets(st.sampled_from(_TRANSLATABLE), max_size=8),
    a_ids=st.sets(st.sampled_from(_TRANSLATABLE), max_size=8),
    words=st.text(alphabet="abcdefghij ", min_size=1, max_size=12),
)
def test_two_editors_of_one_export_never_lose_each_others_work(b_ids: set[str], a_ids: set[str], words: str) -> None:
    """Any two sets of edits made on the same export, imported one after the other: every
    edit is either in the document or listed as a conflict; the first import is never undone."""
    doc = sample_document()
    before = _targets(doc)
    exported = export_xliff(doc)
    b_text = {uid: f"B {words} {uid}." for uid in b_ids}
    a_text = {uid: f"A {words} {uid}." for uid in a_ids}
    apply_xliff(doc, _edit(exported, b_text), name="b.xlf")
    report = apply_xliff(doc, _edit(exported, a_text), name="a.xlf")
    after = _targets(doc)

    def norm(text: str) -> str:
        return " ".join(text.split())

    for uid in _TRANSLATABLE:
        if uid in b_ids:
            assert norm(after[uid][0]) == norm(b_text[uid]) and after[uid][1] == "human"
        elif uid in a_ids:
            assert norm(after[uid][0]) == norm(a_text[uid]) and after[uid][1] == "human"
        else:
            assert after[uid] == before[uid]
    assert {c.unit_id for c in report.conflicts} == b_ids & a_ids
    for c in report.conflicts:
        assert c.target == norm(a_text[c.unit_id])


# =========================================================================== 2. locks
def test_import_waits_for_another_command_writing_the_document(tmp_path: Path) -> None:
    doc = sample_document()
    json_path = doc.save(tmp_path / "article.json")
    uid = next(iter_units(doc)).id
    xlf = tmp_path / "a.xlf"
    xlf.write_bytes(_edit(export_xliff(doc), {uid: "Edited while a run was writing."}))
    holder = hold_lock(json_path, 1.0)
    started = time.monotonic()
    report = import_xliff(json_path, xlf, timeout=30)
    waited = time.monotonic() - started
    holder.wait()
    assert waited >= 0.6 and report.count == 1
    assert Document.load(json_path).blocks[0].sentences[0].target == "Edited while a run was writing."
    holder = hold_lock(json_path, 5)
    try:
        with pytest.raises(OutputError, match="another bilingual command .*is writing .*article.json; wait and try again"):
            import_xliff(json_path, xlf, timeout=0.2)
    finally:
        holder.kill()
        holder.wait()


def test_render_waits_for_the_document_lock(tmp_path: Path) -> None:
    json_path = sample_document().save(tmp_path / "article.json")
    holder = hold_lock(json_path, 1.0)
    started = time.monotonic()
    result = _run("render", json_path, "-f", "docx")
    waited = time.monotonic() - started
    holder.wait()
    assert result.exit_code == 0, result.output
    assert waited >= 0.6 and (tmp_path / "article.docx").exists()


def _glossary(tmp_path: Path) -> Path:
    path = tmp_path / "g.tsv"
    path.write_text("source\ttarget\tnote\tkind\nПутин\tPutin\n", encoding="utf-8")
    return path


def test_suggest_add_rereads_a_glossary_written_while_it_worked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another command adds an entry while ``suggest --add`` is looking for names: both survive."""
    import bilingual.glossary as glossary_pkg

    path = _glossary(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text("Ильхам Алиев встретился с Эмомали Рахмоном в Душанбе.\n", encoding="utf-8")
    real = glossary_pkg.suggest_terms

    def meanwhile(doc, g, **kw):  # type: ignore[no-untyped-def]
        found = real(doc, g, **kw)
        done = subprocess.run(
            [sys.executable, "-m", "bilingual", "glossary", "add", "Баку", "Baku", "-g", str(path)],
            capture_output=True, text=True, check=False,
        )
        assert done.returncode == 0, done.stderr
        return found

    monkeypatch.setattr(glossary_pkg, "suggest_terms", meanwhile)
    result = _run("glossary", "suggest", article, "--add", "-g", path)
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "Баку\tBaku" in text and "Путин\tPutin" in text and "Рахмон" in text


def test_check_write_rereads_a_document_written_while_it_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bilingual.glossary as glossary_pkg

    doc = sample_document()
    json_path = doc.save(tmp_path / "article.json")
    real = glossary_pkg.check_document
    calls = []

    def meanwhile(d):  # type: ignore[no-untyped-def]
        if not calls:  # an import lands while the check runs
            other = Document.load(json_path)
            other.blocks[0].sentences[0].target = "An editor's sentence."
            other.blocks[0].sentences[0].origin = "human"
            other.save(json_path)
        calls.append(1)
        return real(d)

    monkeypatch.setattr(glossary_pkg, "check_document", meanwhile)
    result = _run("glossary", "check", json_path, "--write")
    assert result.exit_code in (0, 1), result.output
    kept = Document.load(json_path).blocks[0].sentences[0]
    assert (kept.target, kept.origin) == ("An editor's sentence.", "human")
    assert len(calls) == 2


# =========================================================================== 3. orphaned edits
def test_orphaned_edits_are_merged_never_replaced(tmp_path: Path) -> None:
    from bilingual.edits import Orphan, write_orphans

    path = tmp_path / "article.orphaned-edits.json"
    first = Orphan(1, "Старое предложение.", "An old sentence, edited.")
    second = Orphan(3, "Другое предложение.", "Another edit.", "Другое предложение!", 0.9)
    write_orphans([first], path)
    write_orphans([second], path)  # a later run: the first run's orphan stays
    expected = [(first.source, first.target), (second.source, second.target)]
    assert [(o["source"], o["target"]) for o in json.loads(path.read_text(encoding="utf-8"))] == expected
    write_orphans([second, first], path)  # the same edits again: not repeated, order kept
    assert [(o["source"], o["target"]) for o in json.loads(path.read_text(encoding="utf-8"))] == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # atomic, lock file gone


def test_an_unreadable_orphans_file_is_moved_aside_not_overwritten(tmp_path: Path) -> None:
    from bilingual.edits import Orphan, write_orphans

    path = tmp_path / "article.orphaned-edits.json"
    path.write_text("[{ half a file", encoding="utf-8")
    write_orphans([Orphan(1, "Фраза.", "A phrase.")], path)
    assert (tmp_path / "article.orphaned-edits.json.unreadable").read_text(encoding="utf-8") == "[{ half a file"
    assert json.loads(path.read_text(encoding="utf-8"))[0]["target"] == "A phrase."


WRITE_ORPHAN = (
    "import sys\nfrom bilingual.edits import Orphan, write_orphans\n"
    "write_orphans([Orphan(int(sys.argv[2]), 'Фраза ' + sys.argv[2], 'Edit ' + sys.argv[2])], sys.argv[1])\n"
)


def test_orphans_from_parallel_runs_are_all_kept(tmp_path: Path) -> None:
    path = tmp_path / "article.orphaned-edits.json"
    procs = [subprocess.Popen([sys.executable, "-c", WRITE_ORPHAN, str(path), str(i)]) for i in range(6)]
    assert [p.wait(timeout=60) for p in procs] == [0] * 6
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert sorted(o["target"] for o in saved) == [f"Edit {i}" for i in range(6)]


# =========================================================================== 4. glossary edits
def test_parallel_glossary_adds_keep_every_entry(tmp_path: Path) -> None:
    path = _glossary(tmp_path)
    names = ["Алиев", "Рахмон", "Токаев", "Мирзиёев", "Жапаров", "Лукашенко", "Пашинян", "Бердымухамедов"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bilingual", "glossary", "add", name, f"Name{i}", "-g", str(path)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for i, name in enumerate(names)
    ]
    codes = [p.wait(timeout=120) for p in procs]
    assert codes == [0] * len(names), [p.stderr.read() for p in procs if p.stderr]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert sorted(lines[2:]) == sorted(f"{name}\tName{i}" for i, name in enumerate(names))
    assert lines[:2] == ["source\ttarget\tnote\tkind", "Путин\tPutin"]


def test_glossary_save_refuses_to_overwrite_a_change_made_since_it_was_read(tmp_path: Path) -> None:
    from bilingual.glossary import load_glossary

    path = _glossary(tmp_path)
    g = load_glossary(path)
    g.add("Баку", "Baku")
    with path.open("a", encoding="utf-8") as fh:  # another command's edit lands meanwhile
        fh.write("Алиев\tAliyev\n")
    with pytest.raises(GlossaryError, match="changed by another command since it was read"):
        g.save()
    assert path.read_text(encoding="utf-8").endswith("Алиев\tAliyev\n")


# =========================================================================== 5. symlinks, modes
def test_rewrites_keep_a_symlink_and_the_file_mode(tmp_path: Path) -> None:
    from bilingual.fileio import write_text

    real = tmp_path / "shared" / "ru-en.tsv"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "ru-en.tsv"
    link.symlink_to(real)
    write_text(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["ru-en.tsv"]


def test_a_glossary_add_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = _glossary(tmp_path)
    link = tmp_path / "link.tsv"
    link.symlink_to(real)
    assert _run("glossary", "add", "Баку", "Baku", "-g", link).exit_code == 0
    assert link.is_symlink() and "Баку\tBaku" in real.read_text(encoding="utf-8")


def test_a_new_file_honours_the_umask(tmp_path: Path) -> None:
    from bilingual.fileio import write_text

    old = os.umask(0o027)
    try:
        write_text(tmp_path / "new.json", "{}")
        write_text(tmp_path / "private", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640
    (tmp_path / "private").chmod(0o600)
    write_text(tmp_path / "private", "y")  # a replaced file keeps its mode, whatever the umask
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o600


# =========================================================================== 6. the cache
def _filled_cache(directory: Path) -> Path:
    from bilingual.translate.cache import CACHE_FILE, TranslationCache

    with TranslationCache(directory) as cache:
        cache.put_many("k", [("a", "b"), ("c", "d")])
    return directory / CACHE_FILE


def _writer(path: Path) -> sqlite3.Connection:
    """Another process's connection in the middle of a write transaction."""
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("BEGIN EXCLUSIVE")
    db.execute("INSERT OR REPLACE INTO translations VALUES ('k', 'e', 'f', 0)")
    return db


def test_cache_clear_never_deletes_a_cache_in_use(tmp_path: Path) -> None:
    from bilingual.translate.cache import CacheError, clear_cache

    db_path = _filled_cache(tmp_path)
    writer = _writer(db_path)
    try:
        with pytest.raises(CacheError) as err:
            clear_cache(tmp_path, timeout=0.3)
        assert err.value.kind == "busy" and "in use by another bilingual command" in str(err.value)
        result = _run("cache", "clear", "--cache-dir", tmp_path, "--wait", "0.2")
        assert result.exit_code == 2 and "in use" in result.output and "Traceback" not in result.output
        assert db_path.exists()
    finally:
        writer.execute("COMMIT")
        writer.close()
    assert sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 3


def test_cache_clear_waits_for_a_writer_to_finish(tmp_path: Path) -> None:
    from bilingual.translate.cache import clear_cache

    writer = _writer(_filled_cache(tmp_path))
    timer = threading.Timer(0.4, lambda: (writer.execute("COMMIT"), writer.close()))
    timer.start()
    try:
        assert clear_cache(tmp_path, timeout=10) == 3
    finally:
        timer.join()


def test_a_damaged_or_unwritable_cache_warns_and_the_run_goes_on(tmp_path: Path) -> None:
    from bilingual.translate.cache import CACHE_FILE, TranslationCache

    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / CACHE_FILE).write_bytes(b"not a database at all" * 50)
    cache, warning = TranslationCache.open_or_none(damaged)
    assert cache is None and warning is not None and "\n" not in warning
    assert "damaged" in warning and "without the cache" in warning
    assert (damaged / CACHE_FILE).exists()  # only `cache clear` ever removes a damaged file
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x")
    cache, warning = TranslationCache.open_or_none(blocked)
    assert cache is None and warning is not None and "cannot be written" in warning
    cache, warning = TranslationCache.open_or_none(tmp_path / "fine")
    assert cache is not None and warning is None
    try:
        cache.put_many("k", [("a", "b")])
        sqlite3.connect(cache.path).execute("DROP TABLE translations")  # broken under a running job
        assert cache.get_many("k", ["a"]) == {} and cache.warnings and "without the cache" in cache.warnings[0]
        cache.put_many("k", [("c", "d")])  # quietly nothing
    finally:
        cache.close()


# =========================================================================== 7. TBX terms
TBX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif [<!ENTITY city "Сити">]>
<martif type="TBX" xml:lang="ru"><text><body>
<termEntry id="e1">
 <langSet xml:lang="ru"><tig><term>Москва-<hi>Сити</hi></term></tig></langSet>
 <langSet xml:lang="en"><tig><term>Moscow <hi type="bold">City</hi></term></tig></langSet></termEntry>
<termEntry id="e2">
 <langSet xml:lang="ru"><tig><term>Нижний
   Новгород-&city;</term></tig></langSet>
 <langSet xml:lang="en"><tig><term>Nizhny Novgorod&#160;&amp;&#160;City</term></tig></langSet></termEntry>
{extra}</body></text></martif>
"""


def test_tbx_terms_with_inline_markup_or_entities_are_read_whole(tmp_path: Path) -> None:
    from bilingual.glossary import read_entries

    path = tmp_path / "terms.tbx"
    path.write_text(TBX.format(extra=""), encoding="utf-8")
    assert [(e.source, e.target) for e in read_entries(path)] == [
        ("Москва-Сити", "Moscow City"),
        ("Нижний Новгород-Сити", "Nizhny Novgorod\xa0&\xa0City"),
    ]
    gloss = _glossary(tmp_path)
    result = _run("glossary", "import", path, "-g", gloss)
    assert result.exit_code == 0, result.output
    assert "Москва-Сити\tMoscow City" in gloss.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (
            ('<termEntry id="e3"><langSet xml:lang="ru"><tig><term><hi/></term></tig></langSet>'
             '<langSet xml:lang="en"><tig><term>Empty</term></tig></langSet></termEntry>\n'),
            "line 11: the Russian term of entry e3 is empty",
        ),
        (
            ('<termEntry><langSet xml:lang="ru"><tig><term>Пусто</term></tig></langSet>'
             '<langSet xml:lang="en"><tig><term>  </term></tig></langSet></termEntry>\n'),
            "the English term of entry #3 is empty",
        ),
    ],
)
def test_tbx_empty_term_is_refused_naming_the_entry(tmp_path: Path, extra: str, needle: str) -> None:
    from bilingual.glossary import read_entries

    path = tmp_path / "terms.tbx"
    path.write_text(TBX.format(extra=extra), encoding="utf-8")
    with pytest.raises(GlossaryError) as err:
        read_entries(path)
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_tbx_never_reads_an_external_entity(tmp_path: Path) -> None:
    from bilingual.glossary import read_entries

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "evil.tbx"
    path.write_text(
        TBX.format(extra="").replace('<!ENTITY city "Сити">', f'<!ENTITY city SYSTEM "file://{secret}">'),
        encoding="utf-8",
    )
    try:
        entries = read_entries(path)
    except GlossaryError as err:
        assert "TOP-SECRET" not in str(err)
    else:  # pragma: no cover - refused today; if ever read, the secret must not be in it
        assert all("TOP-SECRET" not in e.source + e.target for e in entries)


def test_a_translate_run_keeps_an_edit_imported_while_it_ran(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """translate reads out/<stem>.json, translates for a while, writes: an edit saved to the JSON
    meanwhile (an import finishing) is re-read under the lock and kept, not overwritten."""
    from bilingual.model import Document
    from bilingual.pipeline import TranslateConfig, Translator, translate_file

    from conftest import SAMPLE

    out = tmp_path / "out"
    config = TranslateConfig(out_dir=out, cache_dir=tmp_path / "cache")
    first = translate_file(SAMPLE, config)
    json_path = first.outputs["json"]
    real = Translator.translate

    def slow_translate(self, texts, progress=None):  # type: ignore[no-untyped-def]
        doc = Document.load(json_path)  # another editor imports while we translate
        s = doc.blocks[2].sentences[0]
        s.target, s.origin = "Edited while translate ran.", "human"
        doc.save(json_path)
        return real(self, texts, progress)

    monkeypatch.setattr(Translator, "translate", slow_translate)
    second = translate_file(SAMPLE, config)
    assert any("changed while translating" in w for w in second.warnings)
    kept = Document.load(json_path).blocks[2].sentences[0]
    assert (kept.target, kept.origin) == ("Edited while translate ran.", "human")
    assert "Edited while translate ran." in _docx_all_text(second.outputs["docx"])


def _docx_all_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    return "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
