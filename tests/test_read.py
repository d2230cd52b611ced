"""Reader: decoding, block splitting/classification, date and title, sentence offsets.

Golden cases use a one-line notation: ``input ⇒ blocks`` where ``\\n`` stands for a newline and
blocks are ``P`` paragraph, ``Q`` quote, ``C`` caption, ``H1``/``H2`` heading, ``C+`` caption
with a photo credit; ``@DATE`` first means the date metadata was found.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilingual.errors import InputError
from bilingual.read import Decoded, decode, parse_document, read_document

GOLDEN = r"""
Мама мыла раму.                                                    ⇒ P
date 2025-10-09 Путин прилетел в Душанбе. Там тепло.               ⇒ @2025-10-09 P
date: 2025-10-09\n\nПутин прилетел.                                ⇒ @2025-10-09 P
Заголовок статьи\n\nПервый абзац.\n\nПодзаголовок\n\nЕщё абзац.    ⇒ H1 P H2 P
Первый абзац.\n\n«Цитата целиком», — сказал он.                    ⇒ P Q
Первый абзац.\n\n«Полная цитата без атрибуции.»                    ⇒ P Q
Первый абзац.\n\n«Газпром» заявил о росте.                         ⇒ P P
Абзац.\n\nПутин и Алиев Фото: president.az                         ⇒ P C+
Абзац.\n\nПрезидент России Владимир Путин и лидер Азербайджана Ильхам Алиев перед неформальным ужином глав государств СНГ в Душанбе ⇒ P C
строка один.\nстрока два.\n\nНовый абзац.                          ⇒ P P
Строка один.\nСтрока два.\nСтрока три.                             ⇒ P P P
Абзац с двоеточием:                                                ⇒ P
"""


def _code(block) -> str:  # type: ignore[no-untyped-def]
    code = {"paragraph": "P", "quote": "Q", "caption": "C", "heading": "H"}[block.kind]
    if block.kind == "heading":
        code += str(block.level)
    if block.credit is not None:
        code += "+"
    return code


def _golden():  # type: ignore[no-untyped-def]
    for line in GOLDEN.strip().splitlines():
        text, expected = (part.strip() for part in line.split("⇒"))
        yield pytest.param(text.replace("\\n", "\n"), expected, id=text[:30])


@pytest.mark.parametrize("text,expected", list(_golden()))
def test_golden_blocks(text: str, expected: str) -> None:
    doc = parse_document(decode(text.encode()), source_file="t.txt")
    got = " ".join(_code(b) for b in doc.blocks)
    if doc.meta.date:
        got = f"@{doc.meta.date} {got}"
    assert got == expected


def test_sample_structure(sample_path: Path) -> None:
    doc = read_document(sample_path)
    assert len(doc.blocks) == 21
    assert doc.meta.date == "2025-10-09"
    assert not doc.blocks[0].source.startswith("date")
    assert doc.blocks[0].source.startswith("Президент России Владимир Путин")
    headings = [b.source for b in doc.blocks if b.kind == "heading"]
    assert headings == [
        "Как прошли переговоры Путина и Алиева",
        "Что еще Путин и Алиев обсуждали в Душанбе",
        "Как будут развиваться отношения России и Азербайджана",
    ]
    captions = [b for b in doc.blocks if b.kind == "caption"]
    assert len(captions) == 2
    assert captions[0].credit is not None and captions[0].credit.source == "Фото: president.az"
    assert captions[1].credit is None
    quotes = [b for b in doc.blocks if b.kind == "quote"]
    assert len(quotes) == 5 and all(q.source.startswith("«") for q in quotes)
    # title: no heading opens the article, so the lead's first sentence (documented derivation)
    assert doc.meta.title == "Президент России Владимир Путин и лидер Азербайджана Ильхам Алиев встретились 9 октября в Душанбе"
    assert doc.meta.source_encoding == "utf-8"


def test_offsets_slice_the_decoded_text(sample_path: Path) -> None:
    decoded = decode(sample_path.read_bytes())
    doc = parse_document(decoded, source_file=str(sample_path))
    for block in doc.blocks:
        assert decoded.text[block.start : block.start + len(block.source)] == block.source
        for s in block.sentences:
            assert block.source[s.start : s.end] == s.source


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "utf-8-sig", "utf-16"])
def test_legacy_and_bom_encodings(tmp_path: Path, sample_path: Path, encoding: str) -> None:
    text = sample_path.read_text(encoding="utf-8")
    p = tmp_path / "a.txt"
    p.write_bytes(text.replace("\n", "\r\n").encode(encoding, errors="replace"))  # KOI8-R has no «» or —
    doc = read_document(p)
    assert len(doc.blocks) == 21
    assert doc.blocks[1].source == "Как прошли переговоры Путина и Алиева"
    assert doc.meta.source_encoding.replace("_", "-") in {"cp1251", "koi8-r", "utf-8-sig", "utf-16"}
    assert doc.meta.source_encoding.replace("_", "-").startswith(encoding.replace("_", "-")[:4])


def test_markdown_headings_front_matter_and_quotes(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: Встреча\ndate: 2024-01-02\n---\n# Большой заголовок\n\nАбзац.\n\n## Раздел\n\n> Цитата в markdown.\n", encoding="utf-8")
    doc = read_document(p)
    assert doc.meta.title == "Встреча" and doc.meta.date == "2024-01-02"
    assert [(b.kind, b.level, b.source) for b in doc.blocks] == [
        ("heading", 1, "Большой заголовок"),
        ("paragraph", 0, "Абзац."),
        ("heading", 2, "Раздел"),
        ("quote", 0, "Цитата в markdown."),
    ]


@pytest.mark.parametrize(
    "data,needle",
    [
        (b"", "is empty"),
        (b"   \n\n\t  \n", "is empty"),
        (b"\x00\x01\x02\x03binary\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" * 50, "binary"),
        (b"Only English text here.", "no Russian"),
    ],
)
def test_bad_input_is_one_clear_error(tmp_path: Path, data: bytes, needle: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(p)
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_document(tmp_path)


def test_control_characters_are_dropped_and_counted() -> None:
    decoded = decode("Привет,\x00 мир\x0b!".encode())
    assert decoded.text == "Привет, мир!" and decoded.removed_controls == 2 and decoded.warnings


def _nonspace(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=80), min_size=1, max_size=8))
def test_property_every_character_is_accounted_for(paragraphs: list[str]) -> None:
    """Any text: block offsets slice the decoded text, sentences cover their block, nothing is lost."""
    raw = "Привет.\n\n" + "\n\n".join(paragraphs)
    try:
        decoded = decode(raw.encode("utf-8"))
        doc = parse_document(decoded, source_file="p.txt")
    except InputError:
        return  # binary-looking input is refused with a one-line message
    assert _nonspace("".join(b.source for b in doc.blocks)) == _nonspace(decoded.text)
    for block in doc.blocks:
        assert decoded.text[block.start : block.start + len(block.source)].replace("\n", " ") == block.source
        assert _nonspace("".join(s.source for s in block.sentences)) == _nonspace(block.source)


def test_markdown_inline_markup_is_reduced_to_text(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text(
        "# Встреча **Путина** и _Алиева_\n\n"
        "Президент [России](https://kremlin.ru) сказал: *важно* и `код`. Имя snake_case_name, 2*3*4.\n\n"
        "![Путин и Алиев. Фото: president.az](img.jpg)\n",
        encoding="utf-8",
    )
    doc = read_document(p)
    assert [(b.kind, b.source) for b in doc.blocks] == [
        ("heading", "Встреча Путина и Алиева"),
        ("paragraph", "Президент России сказал: важно и код. Имя snake_case_name, 2*3*4."),
        ("caption", "Путин и Алиев. Фото: president.az"),
    ]
    assert doc.blocks[2].credit is not None and doc.blocks[2].credit.source == "Фото: president.az"
    assert doc.meta.title == "Встреча Путина и Алиева"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("аб Ab*_`[]()!#>«»—.\n"), min_size=1, max_size=40), min_size=1, max_size=6))
def test_property_markdown_never_breaks(paragraphs: list[str]) -> None:
    """Any Markdown-ish text: blocks are non-empty and their sentences cover them."""
    try:
        doc = parse_document(decode(("Привет.\n\n" + "\n\n".join(paragraphs)).encode()), source_file="p.md")
    except InputError:
        return
    for block in doc.blocks:
        assert block.source.strip()
        assert _nonspace("".join(s.source for s in block.sentences)) == _nonspace(block.source)
