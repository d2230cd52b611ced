"""Glossary matching: lemmas for every case and number, capitalisation, ё, hyphens, acronyms, overlaps."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingual.glossary import Glossary, inline_terms
from bilingual.glossary.match import tokenize

ENTRIES = [
    ("Владимир Путин", "Vladimir Putin"),
    ("Путин", "Putin"),
    ("Алиев", "Aliyev"),
    ("Ильхам Алиев", "Ilham Aliyev"),
    ("Светлана Журова", "Svetlana Zhurova"),
    ("Журова", "Zhurova"),
    ("Вера", "Vera"),
    ("Касым-Жомарт Токаев", "Kassym-Jomart Tokayev"),
    ("Токаев", "Tokayev"),
    ("Душанбе", "Dushanbe"),
    ("Актау", "Aktau"),
    ("Баку", "Baku"),
    ("Махачкала", "Makhachkala"),
    ("Госдума", "State Duma"),
    ("Государственная дума", "State Duma"),
    ("комитет Госдумы по международным делам", "State Duma Committee on International Affairs"),
    ("межправительственная комиссия", "intergovernmental commission"),
    ("российско-азербайджанская межправительственная комиссия", "Russian-Azerbaijani intergovernmental commission"),
    ("Север — Юг", "North–South"),
    ("БПЛА", "UAV"),
    ("ПВО", "air defence"),
    ("РФ", "Russia"),
    ("AZAL", "AZAL"),
    ("NEWS.ru", "NEWS.ru"),
    ("Алёна", "Alyona"),
    ("самолёт", "aircraft"),
]


@pytest.fixture(scope="module")
def g() -> Glossary:
    return Glossary.from_entries(ENTRIES)


def found(g: Glossary, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.source) for m in g.find(text)]


@pytest.mark.parametrize("form", ["Путин", "Путина", "Путину", "Путиным", "Путине"])
def test_masculine_surname_every_case(g: Glossary, form: str) -> None:
    assert found(g, f"Об этом сказал {form} вчера") == [(form, "Путин")]


@pytest.mark.parametrize("form", ["Журова", "Журовой", "Журову"])
def test_feminine_surname_every_case(g: Glossary, form: str) -> None:
    assert found(g, f"с депутатом {form} вчера") == [(form, "Журова")]


def test_surname_gender_is_respected(g: Glossary) -> None:
    # pymorphy3 gives «Алиевой» the masculine normal form алиев: it must not become "Aliyev"
    assert found(g, "встреча с Алиевой") == []
    assert found(g, "вместе с Путиной") == []
    # and «Журов» (a man) is not Zhurova
    assert found(g, "сказал Журов") == []


def test_plural_surnames_match(g: Glossary) -> None:
    assert found(g, "супруги Алиевы приехали") == [("Алиевы", "Алиев")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("аэропорт Махачкалы", [("Махачкалы", "Махачкала")]),
        ("в Махачкале и в Махачкалу", [("Махачкале", "Махачкала"), ("Махачкалу", "Махачкала")]),
        ("депутат Госдумы", [("Госдумы", "Госдума")]),
        ("в Госдуме", [("Госдуме", "Госдума")]),
        ("Государственной думы", [("Государственной думы", "Государственная дума")]),
        ("в Государственную Думу", [("Государственную Думу", "Государственная дума")]),
    ],
)
def test_places_and_organisations_inflect(g: Glossary, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(g, text) == expected


def test_full_names_in_oblique_cases(g: Glossary) -> None:
    assert found(g, "встреча Владимира Путина с Ильхамом Алиевым") == [
        ("Владимира Путина", "Владимир Путин"),
        ("Ильхамом Алиевым", "Ильхам Алиев"),
    ]
    assert found(g, "со Светланой Журовой") == [("Светланой Журовой", "Светлана Журова")]


def test_wrong_first_parse_does_not_hide_the_surname(g: Glossary) -> None:
    # «путина» is first a fishing season for pymorphy3 when lower-cased; every parse counts
    assert found(g, "Переговоры Путина и Алиева") == [("Путина", "Путин"), ("Алиева", "Алиев")]


def test_capitalisation_trap(g: Glossary) -> None:
    assert found(g, "поговорил с Верой Ивановой") == [("Верой", "Вера")]
    assert found(g, "вера в будущее") == []
    assert found(g, "без веры в себя") == []
    # a lower-case fishing season is not the president
    assert found(g, "началась путина на Камчатке") == []


def test_lowercase_entries_match_any_case(g: Glossary) -> None:
    assert found(g, "Межправительственная комиссия собралась") == [
        ("Межправительственная комиссия", "межправительственная комиссия")
    ]


def test_yo_and_ye_are_the_same_letter(g: Glossary) -> None:
    assert found(g, "Алена и Алёна") == [("Алена", "Алёна"), ("Алёна", "Алёна")]
    assert found(g, "на самолете и самолётом") == [("самолете", "самолёт"), ("самолётом", "самолёт")]


def test_hyphenated_names(g: Glossary) -> None:
    assert found(g, "Касым-Жомарт Токаев заявил") == [("Касым-Жомарт Токаев", "Касым-Жомарт Токаев")]
    assert found(g, "с Касым-Жомартом Токаевым") == [("Касым-Жомартом Токаевым", "Касым-Жомарт Токаев")]
    assert found(g, "визит Касым-Жомарта Токаева") == [("Касым-Жомарта Токаева", "Касым-Жомарт Токаев")]
    # the dictionary only knows «токаев» as a genitive plural of «токай»; the surname still matches
    assert found(g, "сказал Токаев и Токаеву") == [("Токаев", "Токаев"), ("Токаеву", "Токаев")]


def test_indeclinable_names(g: Glossary) -> None:
    assert found(g, "в Душанбе, из Актау, до Баку") == [
        ("Душанбе", "Душанбе"),
        ("Актау", "Актау"),
        ("Баку", "Баку"),
    ]


def test_acronyms_are_exact_and_case_sensitive(g: Glossary) -> None:
    assert found(g, "на БПЛА среагировали системы ПВО") == [("БПЛА", "БПЛА"), ("ПВО", "ПВО")]
    assert found(g, "бпла и Пво") == []
    assert found(g, "Глава РФ и самолет AZAL") == [("РФ", "РФ"), ("самолет", "самолёт"), ("AZAL", "AZAL")]
    assert found(g, "азал") == []


def test_dotted_names(g: Glossary) -> None:
    assert found(g, "в материале NEWS.ru.") == [("NEWS.ru", "NEWS.ru")]
    assert found(g, "опрошенных NEWS.ru экспертов") == [("NEWS.ru", "NEWS.ru")]
    assert found(g, "NEWS. ru") == []


def test_set_phrase_with_dash_and_quotes(g: Glossary) -> None:
    assert found(g, "в направлении „Север — Юг“.") == [("Север — Юг", "Север — Юг")]
    assert found(g, "коридор Север–Юг") == [("Север–Юг", "Север — Юг")]


def test_longest_match_wins(g: Glossary) -> None:
    assert found(g, "Владимир Путин и Путин") == [("Владимир Путин", "Владимир Путин"), ("Путин", "Путин")]
    text = "заседание российско-азербайджанской межправительственной комиссии"
    assert found(g, text) == [
        ("российско-азербайджанской межправительственной комиссии", "российско-азербайджанская межправительственная комиссия")
    ]
    assert found(g, "межправительственной комиссии") == [("межправительственной комиссии", "межправительственная комиссия")]
    text = "заместитель председателя комитета Госдумы по международным делам"
    assert found(g, text) == [("комитета Госдумы по международным делам", "комитет Госдумы по международным делам")]


def test_overlaps_resolve_deterministically() -> None:
    # «альфа бета» and «бета гамма» overlap: same length, so the earlier one wins;
    # a longer overlapping match beats a shorter one wherever it starts
    g = Glossary.from_entries([("альфа бета", "AB"), ("бета гамма", "BC")])
    assert [m.target for m in g.find("альфа бета гамма")] == ["AB"]
    g2 = Glossary.from_entries([("альфа бета", "AB"), ("бета гамма дельта", "BCD")])
    assert [m.target for m in g2.find("альфа бета гамма дельта")] == ["BCD"]
    # same text, same result, whatever the order of the entries in the file
    g3 = Glossary.from_entries([("бета гамма дельта", "BCD"), ("альфа бета", "AB")])
    assert [m.target for m in g3.find("альфа бета гамма дельта")] == ["BCD"]


def test_words_inside_other_words_do_not_match(g: Glossary) -> None:
    assert found(g, "путинский режим и Путинская") == []
    # a compound adjective is not its place name
    assert found(g, "российско-азербайджанской дружбы и азербайджанско-российский") == []


def test_names_inside_hyphenated_compounds(g: Glossary) -> None:
    assert found(g, "нефтепровод Баку-Тбилиси-Джейхан") == [("Баку", "Баку")]
    assert found(g, "рейс Актау–Баку") == [("Актау", "Актау"), ("Баку", "Баку")]
    assert found(g, "самолёт-амфибия") == []  # lower-case parts are never split out


def test_offsets_slice_the_text(g: Glossary) -> None:
    text = "«Россия», — сказал Путин, а Алиев кивнул. Депутат Госдумы Светлана Журова"
    for m in g.find(text):
        assert text[m.start : m.end] == m.text


def test_tokenizer_keeps_offsets_and_hyphens() -> None:
    text = "Касым-Жомарт, NEWS.ru — О’Нил"
    toks = tokenize(text)
    assert [t.text for t in toks] == ["Касым-Жомарт", ",", "NEWS", ".", "ru", "—", "О’Нил"]
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_big_index_does_not_change_results(g: Glossary) -> None:
    filler = [(f"Слово{i}", f"W{i}") for i in range(2000)]
    big = Glossary.from_entries(filler + ENTRIES)
    text = "Встреча Путина и Алиева в Душанбе; депутат Госдумы Светлана Журова"
    assert [(m.source, m.start) for m in big.find(text)] == [(m.source, m.start) for m in g.find(text)]


# ---------------------------------------------------------------- property test
_WORDS = [
    "Путин", "Путина", "Владимира", "Алиевым", "Ильхам", "Журовой", "Светланы", "Верой", "вера",
    "Госдумы", "Государственной", "думы", "межправительственной", "комиссии", "БПЛА", "ПВО",
    "Душанбе", "Север", "Юг", "NEWS.ru", "и", "в", "с", "заявил", "самолёт", "Касым-Жомарт",
]
_SEPS = [" ", "  ", ", ", " — ", "—", ". ", " «", "» ", "\n", "-"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPS)), max_size=14))
def test_matches_never_overlap_and_slice_the_text(g: Glossary, parts: list[tuple[str, str]]) -> None:
    text = "".join(w + s for w, s in parts)
    matches = g.find(text)
    assert matches == g.find(text)  # deterministic
    prev_end = -1
    for m in matches:
        assert text[m.start : m.end] == m.text
        assert m.start >= prev_end  # in order, never overlapping
        prev_end = m.end
    inlined = inline_terms(text, matches)
    for m in matches:
        assert m.target in inlined


# ------------------------------------------------------------------ the holes (more in test_glossary_golden.py)


def test_initials_stay_cyrillic_in_the_engine_input() -> None:
    g = Glossary.from_entries([("Владимир Путин", "Vladimir Putin"), ("Анна Смирнова", "Anna Smirnova")])
    text = "В. В. Путин встретился с А.Смирновой."
    found = g.find(text)
    assert [(m.text, m.source, m.target) for m in found] == [
        ("Путин", "Владимир Путин", "Putin"),
        ("Смирновой", "Анна Смирнова", "Smirnova"),
    ]
    assert inline_terms(text, found) == "В. В. Putin встретился с А.Smirnova."


def test_initials_need_a_personal_name_entry() -> None:
    # a two-word entry whose target has another number of words, or of another kind, is not a name
    g = Glossary.from_entries([("Красный Октябрь", "Krasny Oktyabr plant")])
    assert g.find("К. Октябрь") == []


def test_offsets_point_into_the_original_text_after_cleaning() -> None:
    import unicodedata

    g = Glossary.from_entries([("Королёв", "Korolev"), ("Путин", "Putin")])
    text = "Сказал " + unicodedata.normalize("NFD", "Королёв") + " и Пу\u00adтину, П\u200bутину."
    found = g.find(text)
    assert [m.text for m in found] == [unicodedata.normalize("NFD", "Королёв"), "Пу\u00adтину", "П\u200bутину"]
    assert all(text[m.start : m.end] == m.text for m in found)
    assert inline_terms(text, found) == "Сказал Korolev и Putin, Putin."


def test_latin_look_alikes_are_matched_and_reported() -> None:
    from bilingual.glossary import spelling_problems
    from bilingual.glossary.normalize import normalize

    g = Glossary.from_entries([("Путин", "Putin"), ("Медведев", "Medvedev")])
    text = "Пyтин и Медведeв, но не Putin и не iPhone-ы."
    assert [m.text for m in g.find(text)] == ["Пyтин", "Медведeв"]
    problems = spelling_problems(text)
    assert [(p.start, p.end, p.text, p.reading, p.latin) for p in problems] == [
        (0, 5, "Пyтин", "Путин", "y"),
        (8, 16, "Медведeв", "Медведев", "e"),
    ]
    assert problems[0].message == "«Пyтин» has Latin 'y' among Cyrillic letters (read as «Путин»); retype the word in Cyrillic"
    assert normalize("обычный текст").identity  # the fast path
    assert spelling_problems("Пu\u00adтин") == []  # 'u' has no Cyrillic twin: not read as Cyrillic


def test_document_spelling_names_the_block() -> None:
    from bilingual.glossary import document_spelling
    from bilingual.model import Block, Document, Metadata

    doc = Document(meta=Metadata(), blocks=[Block(kind="paragraph", source="Всё хорошо."), Block(kind="paragraph", source="Сказал Пyтин.")])
    (found,) = document_spelling(doc)
    assert found.block == 1 and found.problem.text == "Пyтин"
    assert found.describe().startswith("block 1, characters 7–12: «Пyтин» has Latin 'y'")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("бердымухамедов", {"бердымухамедов#m"}),
        ("бердымухамедова", {"бердымухамедов#f"}),
        ("жуковская", {"жуковский#f"}),
        ("толстой", {"толстой#m"}),
        ("толстая", {"толстой#f"}),
        ("москва", set()),
        ("ов", set()),
    ],
)
def test_entry_surname_keys(word: str, expected: set[str]) -> None:
    from bilingual.glossary.surnames import entry_surname_keys

    assert entry_surname_keys(word) == expected


def test_text_surname_keys_cover_every_form_of_the_generated_paradigm() -> None:
    from bilingual.glossary.surnames import entry_surname_keys, surname_forms, text_surname_keys

    for lemma in ["бердымухамедов", "бердымухамедова", "тхапсаевский", "тхапсаевская", "шахназарбекой", "толстая", "тухватуллин"]:
        (key,) = entry_surname_keys(lemma)
        for form in surname_forms(lemma):
            keys = text_surname_keys(form)
            assert key in keys or key[:-2] + "#p" in keys, (lemma, form)
