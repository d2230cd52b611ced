"""Title, people, source, rights and cover given by the user: stored in the JSON document, kept by
later renders, refused in one line when empty or unreadable (nothing written)."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.errors import InputError
from bilingual.metadata import MetadataOverrides, apply_metadata
from bilingual.model import Block, Document, Metadata, Sentence

runner = CliRunner()


def _png(width: int = 4, height: int = 6) -> bytes:
    """A real (tiny, grey) PNG file."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _doc() -> Document:
    text = "Путин встретился с Алиевым."
    block = Block(kind="paragraph", source=text, sentences=[Sentence(0, len(text), text, "Putin met Aliyev.", "machine")])
    return Document(meta=Metadata(title="Встреча", title_target="Meeting", authors=["Редакция"]), blocks=[block])


def test_overrides_win_and_the_rest_is_kept(tmp_path: Path) -> None:
    doc = _doc()
    cover = tmp_path / "c.png"
    cover.write_bytes(_png())
    apply_metadata(doc, MetadataOverrides(title_en="The Meeting", translators=("Jane  Roe",), source="NEWS.ru, 9 October 2025", cover=cover))
    meta = doc.meta
    assert (meta.title, meta.title_target, meta.title_target_origin) == ("Встреча", "The Meeting", "human")
    assert meta.authors == ["Редакция"] and meta.translators == ["Jane Roe"]  # spaces normalised
    assert meta.source == "NEWS.ru, 9 October 2025" and meta.rights == "" and meta.publisher == ""
    assert meta.cover == "cover.png" and doc.image_bytes("cover.png") == _png()
    apply_metadata(doc, MetadataOverrides(cover=cover))  # a second cover replaces the first
    assert [im.id for im in doc.images] == ["cover.png"]


def test_empty_overrides_are_falsy_and_change_nothing() -> None:
    doc = _doc()
    before = doc.to_dict()
    assert not MetadataOverrides()
    apply_metadata(doc, MetadataOverrides())
    assert doc.to_dict() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (MetadataOverrides(authors=("  ",)), "the author is empty"),
        (MetadataOverrides(rights=""), "the rights is empty"),
        (MetadataOverrides(cover=Path("/nonexistent/cover.png")), "is not a file"),
    ],
)
def test_bad_values_are_refused_in_one_line(overrides: MetadataOverrides, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        apply_metadata(_doc(), overrides)
    assert "\n" not in str(err.value)


def test_a_file_that_is_no_picture_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "cover.png"
    fake.write_text("not a picture")
    with pytest.raises(InputError, match="not a JPEG, PNG"):
        apply_metadata(_doc(), MetadataOverrides(cover=fake))


def test_render_stores_the_values_in_the_json_and_refuses_bad_ones_without_writing(tmp_path: Path) -> None:
    doc_path = tmp_path / "a.json"
    _doc().save(doc_path)
    cover = tmp_path / "c.png"
    cover.write_bytes(_png())
    done = runner.invoke(app, ["render", str(doc_path), "-f", "epub", "-q", "--author", "Иван Петров", "--author", "Пётр Иванов",
                               "--translator", "Jane Roe", "--rights", "© NEWS.ru", "--cover", str(cover)])
    assert done.exit_code == 0, done.output
    meta = json.loads(doc_path.read_text(encoding="utf-8"))["meta"]
    assert meta["authors"] == ["Иван Петров", "Пётр Иванов"] and meta["translators"] == ["Jane Roe"]
    assert meta["rights"] == "© NEWS.ru" and meta["cover"] == "cover.png"
    assert (tmp_path / "a.images" / "cover.png").read_bytes() == _png()
    again = Document.load(doc_path)
    assert again.image_bytes("cover.png") == _png()

    before = doc_path.read_bytes()
    bad = runner.invoke(app, ["render", str(doc_path), "-f", "epub", "--translator", " "])
    assert bad.exit_code == 2 and "translator is empty" in bad.output and "Traceback" not in bad.output
    assert doc_path.read_bytes() == before


def test_translate_takes_the_values_and_a_rerun_keeps_them(tmp_path: Path, argos_packages_dir: Path) -> None:
    """--translator/--title-en/--cover on translate land in the JSON and the EPUB; a later run
    without them keeps them (and never re-translates the given English title)."""
    from ebooklib import epub

    article = tmp_path / "a.ru.txt"
    article.write_text("Путин встретился с Алиевым.\n\nВстреча прошла в Душанбе.\n", encoding="utf-8")
    cover = tmp_path / "c.png"
    cover.write_bytes(_png())
    out = tmp_path / "out"
    common = ["translate", str(article), "-o", str(out), "-f", "json,epub", "-q", "--packages-dir", str(argos_packages_dir), "--no-install"]
    first = runner.invoke(app, [*common, "--translator", "Jane Roe", "--title-en", "The Meeting", "--cover", str(cover),
                                "--source", "NEWS.ru, 9 October 2025"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, common)
    assert second.exit_code == 0, second.output
    meta = Document.load(out / "a.ru.json").meta
    assert meta.translators == ["Jane Roe"] and meta.title_target == "The Meeting" and meta.title_target_origin == "human"
    assert meta.source == "NEWS.ru, 9 October 2025" and meta.cover == "cover.png"
    book = epub.read_epub(str(out / "a.ru.epub"))
    contributors = [value for value, _ in book.get_metadata("DC", "contributor")]
    assert "Jane Roe" in contributors
    assert [value for value, _ in book.get_metadata("DC", "source")] == ["NEWS.ru, 9 October 2025"]
    assert "The Meeting" in [value for value, _ in book.get_metadata("DC", "title")]
