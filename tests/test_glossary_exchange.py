"""Import and export: TSV, CSV (DeepL's too) and TBX round trips, conflicts, malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingual.errors import GlossaryError
from bilingual.glossary import Glossary, export_glossary, import_glossary, load_glossary, read_entries

PROJECT_GLOSSARY = Path(__file__).resolve().parent.parent / "glossary" / "ru-en.tsv"


def fields(entries):  # type: ignore[no-untyped-def]
    return [(e.source, e.target, e.note, e.extra) for e in entries]


@pytest.mark.parametrize("ext", ["tsv", "csv", "tbx"])
def test_round_trip_keeps_every_field(tmp_path: Path, ext: str) -> None:
    g = load_glossary(PROJECT_GLOSSARY)
    out = tmp_path / f"export.{ext}"
    assert export_glossary(g, out) == len(g)
    assert fields(read_entries(out)) == fields(g.entries)
    # importing the export back into a fresh glossary reproduces the entries
    fresh = Glossary.from_entries([], path=tmp_path / "fresh.tsv")
    report = import_glossary(fresh, out)
    assert len(report.added) == len(g) and not report.replaced and report.unchanged == 0
    assert fields(fresh.entries) == fields(g.entries)
    # and importing it again changes nothing
    again = import_glossary(fresh, out)
    assert not again.added and again.unchanged == len(g)


def test_tbx_is_valid_xml_with_languages(tmp_path: Path) -> None:
    from lxml import etree

    g = Glossary.from_entries([("Путин", "Putin")])
    export_glossary(g, tmp_path / "g.tbx")
    root = etree.parse(str(tmp_path / "g.tbx")).getroot()
    langs = [ls.get("{http://www.w3.org/XML/1998/namespace}lang") for ls in root.iter("langSet")]
    assert root.tag == "martif" and langs == ["ru", "en"]
    assert [t.text for t in root.iter("term")] == ["Путин", "Putin"]


def test_tbx_import_finds_languages_in_any_order(tmp_path: Path) -> None:
    path = tmp_path / "other.tbx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="t1"><descrip type="kind">person</descrip>
 <langSet xml:lang="en-GB"><tig><term>Aliyev</term></tig></langSet>
 <langSet xml:lang="ru"><tig><term>Алиев</term></tig></langSet>
 <note>President of Azerbaijan</note></termEntry>
</body></text></martif>""",
        encoding="utf-8",
    )
    assert fields(read_entries(path)) == [("Алиев", "Aliyev", "President of Azerbaijan", {"kind": "person"})]


def test_csv_with_and_without_header_and_deepl_rows(tmp_path: Path) -> None:
    path = tmp_path / "deepl.csv"
    path.write_text('Путин,Putin,ru,en\n"Север — Юг","North–South, corridor",ru,en\n', encoding="utf-8")
    assert [(e.source, e.target) for e in read_entries(path)] == [("Путин", "Putin"), ("Север — Юг", "North–South, corridor")]
    path.write_text("\ufeffsource,target,note\nАлиев,Aliyev,surname\n", encoding="utf-8")
    assert fields(read_entries(path)) == [("Алиев", "Aliyev", "surname", {})]


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("a.csv", "source,target\nПутин\n", "a.csv, line 2: expected at least 2"),
        ("b.csv", "source,target\nПутин,\n", "b.csv, line 2: «Путин» has an empty target"),
        ("c.csv", "Путин,Putin\nПутин,Poutine\n", "c.csv, line 2: «Путин» is already on line 1"),
        ("d.csv", 'Путин,"Pu\ntin"\n', "line break"),
        ("e.tbx", "<martif><text><body><termEntry>", "e.tbx, line 1: not valid TBX/XML"),
        ("f.tsv", "Путин\tPutin\tnote\textra\n", "f.tsv, line 1: 4 columns"),
        ("g.json", "{}", "unknown glossary format '.json'"),
    ],
)
def test_malformed_imports_name_the_line(tmp_path: Path, name: str, content: str, needle: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=needle.replace("(", r"\(").replace(".", r"\.")):
        read_entries(path)


def test_csv_bad_encoding(tmp_path: Path) -> None:
    path = tmp_path / "cp.csv"
    path.write_bytes("Путин,Putin\n".encode("cp1251"))
    with pytest.raises(GlossaryError, match="line 1: not UTF-8"):
        read_entries(path)


def test_import_conflicts_refused_then_forced(tmp_path: Path) -> None:
    ours = tmp_path / "ours.tsv"
    ours.write_text("# keep me\nПутин\tPutin\nАлиев\tAliyev\n", encoding="utf-8")
    theirs = tmp_path / "theirs.csv"
    theirs.write_text("Путин,Poutine\nАлиев,Aliev\nБаку,Baku\nАлиев,Aliev\n", encoding="utf-8")
    g = load_glossary(ours)
    with pytest.raises(GlossaryError, match=r"line 1: «Путин» → 'Poutine' conflicts with line 2 of the glossary \('Putin'\) \(and 1 more\); nothing imported"):
        import_glossary(g, theirs)
    assert len(g) == 2
    report = import_glossary(g, theirs, force=True)
    assert [e.source for e in report.added] == ["Баку"] and [e.source for e in report.replaced] == ["Путин", "Алиев"]
    g.save()
    assert ours.read_text(encoding="utf-8") == "# keep me\nПутин\tPoutine\nАлиев\tAliev\nБаку\tBaku\n"


def test_export_onto_the_glossary_itself_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("Путин\tPutin\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="is the glossary itself"):
        export_glossary(load_glossary(path), path)
