"""A generated cover: the title in both languages and the author, drawn as a PNG with Pillow.

Used when the document names no cover picture (``Metadata.cover``). The picture is plain on
purpose — a light page, the Russian title large, the English title under a rule, the authors
and "Russian–English" at the foot — so that a library grid or a Kindle shows which book it is.

Pillow (``pip install pillow``, 10.1 or later) is imported only here, when a cover is drawn;
without it :func:`draw_cover` returns ``None`` and the edition has no cover. The face is the
first of :data:`FONT_CANDIDATES` present (DejaVu, Liberation or Noto, all with Cyrillic);
without any, Pillow's own default face. The same texts give the same bytes (PNG, no
timestamps or text chunks).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

__all__ = ["COVER_SIZE", "FONT_CANDIDATES", "draw_cover"]

#: Width and height in pixels (1:1.5, at least the 1000 × 1600 Kindle asks for on the long side).
COVER_SIZE = (1600, 2400)
_FONT_DIRS = ("/usr/share/fonts/truetype", "/usr/share/fonts/TTF", "/usr/local/share/fonts", "/Library/Fonts")
#: (regular, bold, italic) file names, tried in order under the usual font folders.
FONT_CANDIDATES = (
    ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf", "dejavu/DejaVuSerif-Italic.ttf"),
    ("liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf", "liberation/LiberationSerif-Italic.ttf"),
    ("noto/NotoSerif-Regular.ttf", "noto/NotoSerif-Bold.ttf", "noto/NotoSerif-Italic.ttf"),
)
_PAPER, _INK, _RULE, _SOFT = 244, 28, 120, 80  # grey levels: the picture is greyscale (e-ink)


def _font_files() -> tuple[Path, Path, Path] | None:
    for names in FONT_CANDIDATES:
        for base in _FONT_DIRS:
            paths = tuple(Path(base) / n for n in names)
            if all(p.is_file() for p in paths):
                return paths  # type: ignore[return-value]
    return None


def _fonts(size: int) -> tuple[Any, Any, Any]:
    from PIL import ImageFont

    files = _font_files()
    if files is None:
        face = ImageFont.load_default(size)
        return face, face, face
    return tuple(ImageFont.truetype(str(f), size) for f in files)  # type: ignore[return-value]


def _wrap(draw: Any, text: str, font: Any, width: int) -> list[str]:
    """``text`` cut at spaces into lines no wider than ``width`` (a longer word stands alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(draw: Any, text: str, style: int, width: int, start: int, max_lines: int) -> tuple[Any, list[str]]:
    """The largest font size from ``start`` down at which ``text`` takes at most ``max_lines``."""
    size = start
    while True:
        font = _fonts(size)[style]
        lines = _wrap(draw, text, font, width)
        if len(lines) <= max_lines or size <= 28:
            return font, lines[: max_lines + 2]
        size = int(size * 0.9)


def _block(draw: Any, lines: list[str], font: Any, y: int, fill: int, width: int) -> int:
    """Draw centred ``lines`` from ``y``; return the y under them."""
    for line in lines:
        box = draw.textbbox((0, 0), line, font=font)
        draw.text(((width - (box[2] - box[0])) // 2 - box[0], y), line, font=font, fill=fill)
        y += int((box[3] - box[1]) * 1.0 + font.size * 0.45)
    return y


@functools.lru_cache(maxsize=8)
def draw_cover(ru_title: str, en_title: str, authors: str) -> bytes | None:
    """A PNG cover showing the titles and authors; ``None`` if Pillow is not installed."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:
        return None
    import io

    width, height = COVER_SIZE
    margin = width // 10
    text_width = width - 2 * margin
    image = Image.new("L", COVER_SIZE, _PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((margin // 2, margin // 2, width - margin // 2, height - margin // 2), outline=_RULE, width=4)
    y = height // 6
    if authors:
        font, lines = _fit(draw, authors, 0, text_width, 72, 2)
        y = _block(draw, lines, font, y, _SOFT, width) + 60
    if ru_title:
        font, lines = _fit(draw, ru_title, 1, text_width, 120, 6)
        y = _block(draw, lines, font, y, _INK, width) + 40
    if en_title:
        draw.line((width // 2 - 200, y, width // 2 + 200, y), fill=_RULE, width=4)
        font, lines = _fit(draw, en_title, 2, text_width, 88, 6)
        _block(draw, lines, font, y + 60, _INK, width)
    font = _fonts(56)[0]
    _block(draw, ["Русский · English"], font, height - height // 7, _SOFT, width)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
