"""The glossary file: parsing, malformed-file errors naming the line, edits that keep comments and order."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingual.errors import GlossaryError
from bilingual.glossary import EntryConflict, Glossary, load_glossary
from bilingual.glossary.tsv import Entry, GlossaryFile

PROJECT_GLOSSARY = Path(__file__).resolve().parent.parent / "glossary" / "ru-en.tsv"

TEXT = """# top comment
source\ttarget\tnote\tkind

# people
Путин\tPutin\tsurname\tperson
Алиев\tAliyev
# places
Душанбе\tDushanbe\t\tplace
"""


def write(tmp_path: Path, text: str | bytes, name: str = "g.tsv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_parse_header_comments_and_extra_columns(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, TEXT))
    assert [(e.source, e.target, e.note, e.kind, e.line) for e in g] == [
        ("Путин", "Putin", "surname", "person", 5),
        ("Алиев", "Aliyev", "", "", 6),
        ("Душанбе", "Dushanbe", "", "place", 8),
    ]
    assert g.file.columns == ["source", "target", "note", "kind"]
    info = g.info()
    assert info.entries == 3 and len(info.sha256) == 64 and info.path.endswith("g.tsv")


def test_headerless_omegat_file_and_bom_and_crlf(tmp_path: Path) -> None:
    data = "\ufeffПутин\tPutin\tnote\r\nАлиев\tAliyev\r\n".encode()
    g = load_glossary(write(tmp_path, data))
    assert [(e.source, e.target, e.note) for e in g] == [("Путин", "Putin", "note"), ("Алиев", "Aliyev", "")]


def test_project_glossary_loads_and_covers_the_brief() -> None:
    g = load_glossary(PROJECT_GLOSSARY)
    pairs = {e.source: e.target for e in g}
    for source, target in {
        "Владимир Путин": "Vladimir Putin", "Путин": "Putin", "Ильхам Алиев": "Ilham Aliyev", "Алиев": "Aliyev",
        "Госдума": "State Duma", "Государственная дума": "State Duma", "БПЛА": "UAV", "ПВО": "air defence",
        "Кохи Сомон": "Kohi Somon", "Махачкала": "Makhachkala", "Север — Юг": "North–South",
        "Душанбе": "Dushanbe", "Таджикистан": "Tajikistan", "Азербайджан": "Azerbaijan", "Россия": "Russia",
        "Москва": "Moscow", "Баку": "Baku", "Актау": "Aktau", "Казахстан": "Kazakhstan", "Украина": "Ukraine",
        "СНГ": "CIS", "Анатолий Вассерман": "Anatoly Wasserman", "Николай Будуев": "Nikolai Buduev",
        "Светлана Журова": "Svetlana Zhurova", "Каспийский регион": "Caspian region",
        "межправительственная комиссия": "intergovernmental commission", "NEWS.ru": "NEWS.ru",
        "AZAL": "AZAL", "president.az": "president.az",
    }.items():
        assert pairs.get(source) == target, source
    assert all(e.kind for e in g), "every curated entry has a kind"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("source\ttarget\nПутин Putin\n", "line 2: expected at least 2 TAB-separated columns"),
        ("source\ttarget\nПутин\tPutin\tx\n", "line 2: 3 columns but the header has 2"),
        ("Путин\tPutin\n\tAliyev\n", "line 2: the source column is empty"),
        ("# c\nПутин\t\n", "line 2: «Путин» has an empty target"),
        ("Путин\tPutin\nАлиев\tAliyev\nПутин\tPoutine\n", "line 3: «Путин» is already on line 1 with another target"),
        ("Пётр\tPyotr\nПетр\tPeter\n", "line 2: «Петр» is already on line 1"),
        ("source\ttarget\tnote\tmatch\nПутин\tPutin\t\tfuzzy\n", "line 2: match column says 'fuzzy'"),
        ("source\ttarget\tnote\tnote\n", "line 1: the header names the column 'note' twice"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(GlossaryError) as err:
        load_glossary(path)
    message = str(err.value)
    assert needle in message and str(path) in message
    assert "\n" not in message


def test_bad_encoding_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "Путин\tPutin\nАлиев\tAliyev\n".encode() + "Баку\tBaku\n".encode("cp1251"))
    with pytest.raises(GlossaryError, match=r"g\.tsv, line 3: not UTF-8 text"):
        load_glossary(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="no such glossary file"):
        load_glossary(tmp_path / "nope.tsv")
    with pytest.raises(GlossaryError, match="is a folder"):
        load_glossary(tmp_path)


def test_identical_duplicates_are_tolerated(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "Путин\tPutin\nПутин\tPutin\n"))
    assert len(g) == 2
    assert [m.target for m in g.find("Путина")] == ["Putin"]


def test_entries_without_letters_are_refused(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="line 2: the source ««»» has no letters"):
        load_glossary(write(tmp_path, "Путин\tPutin\n«»\tquotes\n"))


# ---------------------------------------------------------------- editing
def test_add_remove_keep_comments_and_order(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT)
    g = load_glossary(path)
    action, entry, old = g.add("Баку", "Baku", "capital", extra={"kind": "place"})
    assert (action, entry.line, old) == ("added", 9, None)
    g.save()
    assert path.read_text(encoding="utf-8") == TEXT + "Баку\tBaku\tcapital\tplace\n"
    g = load_glossary(path)
    g.remove("Алиев")
    g.save()
    assert path.read_text(encoding="utf-8") == TEXT.replace("Алиев\tAliyev\n", "") + "Баку\tBaku\tcapital\tplace\n"
    # round trip: adding it back and removing Баку gives the original lines, Алиев now last
    g = load_glossary(path)
    g.add("Алиев", "Aliyev")
    g.remove("Баку")
    g.save()
    assert path.read_text(encoding="utf-8") == TEXT.replace("Алиев\tAliyev\n", "") + "Алиев\tAliyev\n"
    assert not list(tmp_path.glob(".*.tmp")), "atomic writes leave no temp files"


def test_add_refuses_duplicates_and_conflicts_force_replaces_in_place(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT)
    g = load_glossary(path)
    with pytest.raises(EntryConflict, match=r"^«Путин» is already in the glossary: «Путин» → 'Putin' \(line 5\)$") as err:
        g.add("Путин", "Poutine")
    assert err.value.kind == "duplicate" and err.value.old is not None and err.value.old.line == 5
    with pytest.raises(GlossaryError, match="already in the glossary .line 5.; nothing to do"):
        g.add("Путин", "Putin", "surname", extra={"kind": "person"})
    # an inflected form is the same term by lemma
    with pytest.raises(GlossaryError, match=r"«Путину» is already matched by the entry «Путин» → 'Putin' \(line 5\) \(same lemma\)"):
        g.add("Путину", "Putinu")
    # the feminine surname is another person, but shares «Путина», «Путину» with him: refused
    # unless forced
    with pytest.raises(EntryConflict, match=r"^«Путина» shares inflected forms with 1 entry: «Путин» → 'Putin' \(line 5\) shares the forms «Путина», «Путину»") as err:
        g.add("Путина", "Putina")
    assert err.value.kind == "overlap" and [o.entry.source for o in err.value.overlaps] == ["Путин"]
    assert g.add("Путина", "Putina", force=True)[0] == "added"
    g.remove("Путина")
    action, entry, old = g.add("Путин", "Poutine", "French", force=True)
    assert action == "replaced" and entry.line == 5 and old is not None and old.target == "Putin"
    g.save()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[4] == "Путин\tPoutine\tFrench\tperson"  # the kind, not given, is kept
    assert lines[0] == "# top comment" and lines[3] == "# people" and len(lines) == len(TEXT.splitlines())


def test_name_and_common_noun_are_different_terms(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "вера\tfaith\n"))
    action, entry, _ = g.add("Вера", "Vera")
    assert action == "added"
    assert [m.target for m in g.find("с Верой, но без веры")] == ["Vera", "faith"]


def test_add_validates_values(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, TEXT))
    with pytest.raises(GlossaryError, match="tab or line break"):
        g.add("Баку", "Ba\tku")
    with pytest.raises(GlossaryError, match="non-empty"):
        g.add("Баку", "  ")
    with pytest.raises(GlossaryError, match="match mode 'x'"):
        g.add("Баку", "Baku", extra={"match": "x"})
    assert len(g) == 3  # nothing changed


def test_add_new_column_extends_the_header_but_not_a_headerless_file(tmp_path: Path) -> None:
    path = write(tmp_path, "source\ttarget\nПутин\tPutin\n")
    g = load_glossary(path)
    g.add("Баку", "Baku", extra={"forms": "Бакy"})
    assert g.file.lines[0] == "source\ttarget\tforms"
    assert g.file.lines[-1] == "Баку\tBaku\tБакy"
    bare = load_glossary(write(tmp_path, "Путин\tPutin\n", "bare.tsv"))
    with pytest.raises(GlossaryError, match="no header line"):
        bare.add("Баку", "Baku", extra={"kind": "place"})


def test_remove_unknown_suggests_the_lemma_entry(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, TEXT))
    with pytest.raises(GlossaryError, match=r"«Путина» is not in the glossary; did you mean «Путин» \(line 5\)\?"):
        g.remove("Путина")
    with pytest.raises(GlossaryError, match="«Иванов» is not in the glossary"):
        g.remove("Иванов")


def test_new_glossary_is_created_with_a_header(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.tsv"
    g = Glossary(GlossaryFile.new(path))
    g.add("Путин", "Putin")
    g.save()
    assert path.read_text(encoding="utf-8") == "source\ttarget\tnote\nПутин\tPutin\n"


def test_match_and_forms_columns(tmp_path: Path) -> None:
    text = "source\ttarget\tnote\tkind\tmatch\tforms\nМИД\tForeign Ministry\t\torg\t\tМИДа|МИДе\nВера\tVera\t\tperson\tanycase\nДом\tDom\t\t\texact\n"
    g = load_glossary(write(tmp_path, text))
    assert [m.text for m in g.find("глава МИДа, в МИДе и МИД")] == ["МИДа", "МИДе", "МИД"]
    assert [m.text for m in g.find("вера в будущее")] == ["вера"]  # anycase
    assert [m.text for m in g.find("Дом и Дома и дом")] == ["Дом"]  # exact


# ------------------------------------------------------------------ ambiguity (library side)

def test_overlap_his_genitive_and_her_surname(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "source\ttarget\tnote\tkind\nПутин\tPutin\nАлиев\tAliyev\tpresident\tperson\n"))
    with pytest.raises(EntryConflict) as err:
        g.add("Алиева", "Aliyeva")
    assert err.value.kind == "overlap"
    (overlap,) = err.value.overlaps
    assert overlap.entry.source == "Алиев" and {"Алиева", "Алиеву"} <= set(overlap.forms)
    assert "Алиевой" not in overlap.forms  # hers alone
    assert "--force" not in str(err.value) and "\n" not in str(err.value)
    changes = g.handovers(Entry("Алиева", "Aliyeva"), ["Переговоры Путина и Алиева.", "Встреча с Алиевой и Алиевым."])
    assert [(h.block, h.text, h.before, h.after) for h in changes] == [
        (0, "Алиева", "Алиев", "Алиева"),
        (1, "Алиевой", None, "Алиева"),
    ]
    assert len(g) == 2  # nothing added
    # the other way round: his entry beside hers
    g2 = Glossary.from_entries([("Алиева", "Aliyeva")])
    with pytest.raises(EntryConflict, match="shares inflected forms"):
        g2.add("Алиев", "Aliyev")


def test_twin_an_inflected_form_with_the_same_target_is_refused(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "Путин\tPutin\n"))
    with pytest.raises(EntryConflict, match=r"^«Путина» is only an inflected form of «Путин» → 'Putin' \(line 1\)") as err:
        g.add("Путина", "Putin")
    assert err.value.kind == "twin" and err.value.old is not None and err.value.old.source == "Путин"
    with pytest.raises(EntryConflict, match="already matched by the entry «Путин»"):
        g.add("Путиным", "putin")
    assert len(g) == 1
    assert g.add("Путина", "Putin", force=True)[0] == "added"


def test_no_overlap_between_unrelated_or_longer_entries(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "Путин\tPutin\nвера\tfaith\n"))
    assert g.overlaps(Entry("Владимир Путин", "Vladimir Putin")) == []  # containment: longest wins
    assert g.overlaps(Entry("Вера", "Vera")) == []  # the capital rule decides
    assert g.overlaps(Entry("Бердымухамедов", "Berdimuhamedov")) == []
    assert g.add("Бердымухамедов", "Berdimuhamedov")[0] == "added"


def test_force_keeps_the_columns_not_given(tmp_path: Path) -> None:
    path = write(tmp_path, "source\ttarget\tnote\tkind\tmatch\nПутин\tPutin\tpresident\tperson\tlemma\n")
    g = load_glossary(path)
    action, entry, old = g.add("Путин", "Poutine", force=True)
    assert action == "replaced" and (entry.note, entry.kind, entry.match) == ("president", "person", "lemma")
    action, entry, _ = g.add("Путин", "Putin", "", extra={"kind": "term"}, force=True)
    assert (entry.target, entry.note, entry.kind) == ("Putin", "", "term")  # given: replaced, even when empty
    g.save()
    assert path.read_text(encoding="utf-8").splitlines()[1] == "Путин\tPutin\t\tterm\tlemma"


def test_one_letter_source_is_refused_by_the_library(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "Путин\tPutin\n"))
    with pytest.raises(EntryConflict, match=r"^one-letter source 'в' would match every «в» standing alone in a text$") as err:
        g.add("в", "in")
    assert err.value.kind == "one-letter"
    with pytest.raises(EntryConflict, match="one-letter form 'В'"):
        g.add("ВВ", "VV", extra={"forms": "В|ВВП"})
    assert g.add("в", "in", force=True)[0] == "added"
