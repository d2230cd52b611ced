"""Glossary files at the edges: sources starting with '#', control characters, CR-only line ends,
a byte-order mark in the middle (two files joined), one-letter sources.

Each is read correctly or refused with the line named — never a traceback, never a silently
empty glossary.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.errors import GlossaryError
from bilingual.glossary import Glossary, load_glossary, read_entries
from bilingual.glossary.exchange import import_glossary, write_entries
from bilingual.glossary.tsv import GlossaryFile

runner = CliRunner()


def write(tmp_path: Path, data: str | bytes, name: str = "g.tsv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def fields(g: Glossary | list) -> list[tuple[str, str, str, int]]:  # type: ignore[type-arg]
    return [(e.source, e.target, e.note, e.line) for e in g]


def refused_by_cli(args: list[str], needle: str) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error:") and result.output.strip().count("\n") == 0, result.output
    assert "Traceback" not in result.output and needle in result.output, result.output
    return result.output


# ------------------------------------------------------------------ sources starting with '#'
def test_an_escaped_hash_is_a_source_and_a_bare_hash_a_comment(tmp_path: Path) -> None:
    path = write(tmp_path, "# a comment\n\\#хэштег\thashtag\n#Путин\tPutin\n\\\\#два\ttwo\n")
    g = load_glossary(path)
    assert fields(g) == [("#хэштег", "hashtag", "", 2), ("\\#два", "two", "", 4)]
    assert [(m.source, m.text) for m in g.find("Пост с #хэштегом")] == [("#хэштег", "#хэштегом")]


def test_adding_a_hash_source_writes_it_escaped_and_reads_it_back(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    result = runner.invoke(app, ["glossary", "add", "#хэштег", "hashtag", "-g", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").splitlines()[-1] == "\\#хэштег\thashtag"
    assert [(e.source, e.target) for e in load_glossary(path)] == [("#хэштег", "hashtag")]
    listed = runner.invoke(app, ["glossary", "list", "-g", str(path)])
    assert "#хэштег\thashtag" in listed.output


def test_hash_sources_round_trip_through_tsv_and_csv_export(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "source\ttarget\tnote\n\\#хэштег\thashtag\t#tag\nПутин\tPutin\n"))
    for name in ("out.tsv", "out.csv"):
        out = tmp_path / name
        write_entries(g.entries, out)
        assert [(e.source, e.target, e.note) for e in read_entries(out)] == [("#хэштег", "hashtag", "#tag"), ("Путин", "Putin", "")]
    assert '"#хэштег","hashtag","#tag"' in (tmp_path / "out.csv").read_text(encoding="utf-8")


def test_csv_import_quoted_hash_is_a_source_unquoted_a_comment(tmp_path: Path) -> None:
    path = write(tmp_path, '# a comment, with a comma\n"#хэштег",hashtag\nПутин,Putin\n', "in.csv")
    assert [(e.source, e.target, e.line) for e in read_entries(path)] == [("#хэштег", "hashtag", 2), ("Путин", "Putin", 3)]


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("in.tsv", "Путин\tPutin\n#хэштег\thashtag\n", "line 2: «#хэштег» starts with '#'"),
        ("in.csv", "Путин,Putin\n#хэштег,hashtag\n", "line 2: «#хэштег» starts with '#'"),
    ],
)
def test_an_import_with_an_entry_behind_a_hash_is_refused(tmp_path: Path, name: str, text: str, needle: str) -> None:
    """DeepL reads '#хэштег<TAB>hashtag' as an entry: an import says so rather than skip it."""
    path = write(tmp_path, text, name)
    with pytest.raises(GlossaryError) as err:
        read_entries(path)
    assert needle in str(err.value) and ("\\#хэштег" in str(err.value) or '"#хэштег"' in str(err.value))
    target = write(tmp_path, "Баку\tBaku\n", "ours.tsv")
    refused_by_cli(["glossary", "import", str(path), "-g", str(target)], "starts with '#'")
    assert target.read_text(encoding="utf-8") == "Баку\tBaku\n"


# ------------------------------------------------------------------ control characters
@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("Пу\x00тин\tPutin", "line 2, column 1 (source): the control character U+0000 (NUL)"),
        ("Путин\tPu\x00tin", "line 2, column 2 (target): the control character U+0000 (NUL)"),
        ("Путин\tPutin\tnote\x07", "line 2, column 3 (note): the control character U+0007"),
        ("Путин\tPutin\t\tperson\x1b", "line 2, column 4 (kind): the control character U+001B"),
        ("Путин\x7f\tPutin", "U+007F (DEL)"),
        ("Путин\tPutin\x85", "U+0085"),
        ("Путин\tPutin\u2028", "U+2028 (LINE SEPARATOR)"),
        ("Пу\ufeffтин\tPutin", "U+FEFF (a byte-order mark)"),
        ("\x0c", "line 2, column 1 (source): the control character U+000C"),  # a form feed alone: not a blank line
    ],
)
def test_control_characters_are_refused_naming_line_and_column(tmp_path: Path, line: str, where: str) -> None:
    path = write(tmp_path, f"source\ttarget\tnote\tkind\n{line}\nАлиев\tAliyev\n")
    with pytest.raises(GlossaryError) as err:
        load_glossary(path)
    assert where in str(err.value) and "\n" not in str(err.value)
    refused_by_cli(["glossary", "list", "-g", str(path)], where.split(":")[0])


def test_a_nul_suggests_utf16_and_a_utf16_file_is_named(tmp_path: Path) -> None:
    text = "Путин\tPutin\nАлиев\tAliyev\n"
    with pytest.raises(GlossaryError, match=r"line 1, column 1 \(source\): the control character U\+001F.*UTF-16"):
        load_glossary(write(tmp_path, text.encode("utf-16-le")))  # no BOM: valid UTF-8, full of NULs
    with pytest.raises(GlossaryError, match="UTF-16 text; re-save the glossary as UTF-8"):
        load_glossary(write(tmp_path, text.encode("utf-16")))


def test_comments_may_hold_anything(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "# pasted \x00\x07 junk\nПутин\tPutin\n"))
    assert fields(g) == [("Путин", "Putin", "", 2)]


def test_edits_refuse_control_characters(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "Путин\tPutin\n"))
    for source, target, note in [("Пу\x01тин", "X", ""), ("Алиев", "Ali\x00yev", ""), ("Баку", "Baku", "a\u2029b")]:
        with pytest.raises(GlossaryError, match="control character"):
            g.add(source, target, note)
    assert fields(g) == [("Путин", "Putin", "", 1)] and g.file.to_text() == "Путин\tPutin\n"


def test_imports_refuse_control_characters(tmp_path: Path) -> None:
    csv_path = write(tmp_path, "source,target\nПутин,Pu\x00tin\n", "in.csv")
    with pytest.raises(GlossaryError, match=r"in\.csv, line 2: .*U\+0000 \(NUL\)"):
        read_entries(csv_path)
    tbx = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="ru"><text><body>
<termEntry id="t1"><langSet xml:lang="ru"><tig><term>Пу&#x85;тин</term></tig></langSet>
<langSet xml:lang="en"><tig><term>Putin</term></tig></langSet></termEntry>
</body></text></martif>"""
    with pytest.raises(GlossaryError, match=r"in\.tbx, line 3: .*U\+0085"):
        read_entries(write(tmp_path, tbx, "in.tbx"))


# ------------------------------------------------------------------ line ends and joined files
def test_cr_only_line_ends_are_read_line_by_line(tmp_path: Path) -> None:
    """An old-Mac file: no LF at all. Read as lines (it used to be one comment line: empty)."""
    path = write(tmp_path, "# ours\rsource\ttarget\tnote\rПутин\tPutin\tsurname\r\rАлиев\tAliyev\r")
    g = load_glossary(path)
    assert fields(g) == [("Путин", "Putin", "surname", 3), ("Алиев", "Aliyev", "", 5)]
    g.add("Баку", "Baku")
    g.save()
    assert path.read_text(encoding="utf-8") == "# ours\nsource\ttarget\tnote\nПутин\tPutin\tsurname\n\nАлиев\tAliyev\nБаку\tBaku\n"


def test_mixed_line_ends(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "Путин\tPutin\r\nАлиев\tAliyev\rБаку\tBaku\nМосква\tMoscow"))
    assert fields(g) == [("Путин", "Putin", "", 1), ("Алиев", "Aliyev", "", 2), ("Баку", "Baku", "", 3), ("Москва", "Moscow", "", 4)]


def test_a_byte_order_mark_opening_a_joined_file_is_dropped(tmp_path: Path) -> None:
    first = "\ufeff# people\nПутин\tPutin\n".encode()
    second = "\ufeff# places\nБаку\tBaku\n".encode()
    g = load_glossary(write(tmp_path, first + second))
    assert fields(g) == [("Путин", "Putin", "", 2), ("Баку", "Baku", "", 4)]
    assert g.get("Баку") is not None and g.find("в Баку")[0].source == "Баку"


def test_two_joined_files_with_headers_are_refused_at_the_second_header(tmp_path: Path) -> None:
    data = "\ufeffsource\ttarget\nПутин\tPutin\n".encode() + "\ufeffsource\ttarget\nБаку\tBaku\n".encode()
    with pytest.raises(GlossaryError, match="line 3: a second header line"):
        load_glossary(write(tmp_path, data))


def test_a_joined_csv_reads_both_parts(tmp_path: Path) -> None:
    data = "\ufeffПутин,Putin\r".encode() + "\ufeff# more\rБаку,Baku\r".encode()
    assert [(e.source, e.target, e.line) for e in read_entries(write(tmp_path, data, "in.csv"))] == [
        ("Путин", "Putin", 1), ("Баку", "Baku", 3)]


def test_only_comments_is_an_empty_glossary_anything_else_yields_entries_or_an_error(tmp_path: Path) -> None:
    assert len(load_glossary(write(tmp_path, "# nothing yet\n\n#Путин\tPutin\n"))) == 0
    assert len(load_glossary(write(tmp_path, "\ufeffsource\ttarget\tnote\n# all removed\n"))) == 0
    with pytest.raises(GlossaryError, match="line 1"):
        load_glossary(write(tmp_path, "\x0b\x1c\n"))  # whitespace to str.strip, not to a glossary


_ALPHABET = st.sampled_from(list("Пут ин#\\\t\r\n\x00\x0c\x85\ufeffaé,\"") + ["source", "target", "Алиев"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_any_text_parses_to_clean_entries_or_one_line_error(text: str) -> None:
    try:
        gf = GlossaryFile.parse(text.encode("utf-8"))
    except GlossaryError as err:
        assert "\n" not in str(err) and str(err).startswith("glossary"), err
        return
    for e in gf.entries:
        for value in (e.source, e.target, e.note, *e.extra.values()):
            assert not any(ch in value for ch in "\t\r\n\x00\x0c\x85\ufeff"), e
    content = [ln for ln in gf.lines if ln.strip() and not ln.lstrip().startswith("#")]
    assert gf.entries or len(content) <= 1  # nothing but comments, blanks and a header
    again = GlossaryFile.parse(gf.to_text())  # what is written reads back the same
    assert [(e.source, e.target, e.note, e.extra) for e in again.entries] == [(e.source, e.target, e.note, e.extra) for e in gf.entries]


# ------------------------------------------------------------------ one-letter sources
@pytest.mark.parametrize("source", ["в", "А", "«В»"])
def test_glossary_add_refuses_a_one_letter_source_without_force(tmp_path: Path, source: str) -> None:
    path = tmp_path / "g.tsv"
    letter = source.strip("«»")
    output = refused_by_cli(["glossary", "add", source, "in", "-g", str(path)], f"one-letter source {source!r} would match every «{letter}»")
    assert "pass --force if you mean it" in output and not path.exists()
    result = runner.invoke(app, ["glossary", "add", source, "in", "--force", "-g", str(path)])
    assert result.exit_code == 0, result.output
    assert [e.source for e in load_glossary(path)] == [source]


def test_a_one_letter_form_is_refused_too_and_longer_sources_pass(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    refused_by_cli(["glossary", "add", "ВВ", "VV", "--forms", "В|ВВП", "-g", str(path)], "one-letter form 'В'")
    for source in ("ВВ", "Т-34", "5"):
        assert runner.invoke(app, ["glossary", "add", source, "x" + source, "-g", str(path)]).exit_code == 0


def test_import_refuses_a_one_letter_source_without_force(tmp_path: Path) -> None:
    incoming = write(tmp_path, "Путин\tPutin\nв\tin\n", "in.tsv")
    ours = write(tmp_path, "Баку\tBaku\n", "ours.tsv")
    g = load_glossary(ours)
    with pytest.raises(GlossaryError, match=r"in\.tsv, line 2: one-letter source 'в' would match every «в».*nothing imported$") as err:
        import_glossary(g, incoming)
    assert "--force" not in str(err.value)  # the library names no CLI flag; the CLI adds the hint
    assert "pass --force" in refused_by_cli(["glossary", "import", str(incoming), "-g", str(ours)], "one-letter source 'в'")
    assert ours.read_text(encoding="utf-8") == "Баку\tBaku\n"
    assert runner.invoke(app, ["glossary", "import", str(incoming), "--force", "-g", str(ours)]).exit_code == 0
    assert [e.source for e in load_glossary(ours)] == ["Баку", "Путин", "в"]
    again = runner.invoke(app, ["glossary", "import", str(incoming), "-g", str(ours)])  # already there as it is: fine
    assert again.exit_code == 0, again.output


def test_csv_imports_check_one_letter_sources(tmp_path: Path) -> None:
    buf = io.StringIO()
    csv.writer(buf).writerows([["source", "target"], ["А", "A"]])
    g = load_glossary(write(tmp_path, "Баку\tBaku\n"))
    with pytest.raises(GlossaryError, match="line 2: one-letter source 'А'"):
        import_glossary(g, write(tmp_path, buf.getvalue(), "in.csv"))
    assert [e.source for e in import_glossary(g, tmp_path / "in.csv", force=True).added] == ["А"]


# ------------------------------------------------------------------ the persisted lemma index


@pytest.fixture
def index_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from bilingual.glossary import index

    monkeypatch.setenv("BILINGUAL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(index, "MIN_ENTRIES", 1)
    path = tmp_path / "g.tsv"
    path.write_text("Путин\tPutin\nБердымухамедов\tBerdimuhamedov\nВладимир Путин\tVladimir Putin\nМинистерство финансов\tMinistry of Finance\n", encoding="utf-8")
    return path


TEXT_FOR_INDEX = "В. В. Путин и Бердымухамедовым в министерстве финансов; Владимира Путина"


def _found(path: Path) -> list[tuple[int, int, str, str]]:
    from bilingual.glossary import load_glossary

    return [(m.start, m.end, m.source, m.target) for m in load_glossary(path).find(TEXT_FOR_INDEX)]


def test_index_is_persisted_and_reused_without_pymorphy(index_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bilingual.glossary.match import Matcher

    first = _found(index_env)
    assert [f[2] for f in first] == ["Путин", "Бердымухамедов", "Министерство финансов", "Владимир Путин"]
    (stored,) = (index_env.parent / "cache" / "glossary-index").glob("*.pickle")

    def no_compiling(*_a, **_k):  # type: ignore[no-untyped-def]
        raise AssertionError("the index should have been loaded, not compiled")

    monkeypatch.setattr(Matcher, "_compile", no_compiling)
    assert _found(index_env) == first
    # an edited glossary is another key: compiled again
    index_env.write_text(index_env.read_text(encoding="utf-8") + "Алиев\tAliyev\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="should have been loaded"):
        _found(index_env)
    assert stored.exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"garbage",
        lambda data: data.split(b"\n", 1)[0] + b"\n" + __import__("pickle").dumps((4, (4, "", "", [], "", [], "", [], "", "", []))),  # empty
        # a planted pickle that would run code: refused by the unpickler
        lambda data: data.split(b"\n", 1)[0] + b"\n" + b"cos\nsystem\n(S'touch /tmp/h3-pwned'\ntR.",
    ],
)
def test_a_damaged_index_is_ignored_and_rebuilt(index_env: Path, damage) -> None:  # type: ignore[no-untyped-def]
    first = _found(index_env)
    (stored,) = (index_env.parent / "cache" / "glossary-index").glob("*.pickle")
    good = stored.read_bytes()
    stored.write_bytes(damage(good))
    assert _found(index_env) == first
    assert stored.read_bytes() == good  # rewritten whole
    assert not Path("/tmp/h3-pwned").exists()


def test_an_unwritable_cache_only_costs_the_rebuild(index_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = index_env.parent / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BILINGUAL_CACHE_DIR", str(blocker))
    assert [f[2] for f in _found(index_env)][0] == "Путин"
