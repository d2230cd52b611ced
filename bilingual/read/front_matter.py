"""Markdown front matter: a leading ``---`` block of ``key: value`` lines → document metadata.

::

    ---
    title: Море и маяк
    title_en: The Sea and the Lighthouse
    authors: [Иван Петров, Мария Сидорова]
    translator: Jane Roe
    source: NEWS.ru, 9 October 2025
    publisher: Маяк
    rights: © 2025 Иван Петров, CC BY 4.0
    date: 2025-10-09
    cover: images/cover.jpg
    ---

Keys (:data:`KEYS`, English or Russian, any case, ``-``/``_``/space alike): ``title``,
``title_en``, ``author``/``authors``, ``translator``/``translators``, ``source``, ``publisher``,
``rights`` (or ``copyright``, ``license``), ``date``, ``description``, ``cover`` (a picture
file relative to the ``.md``, inside its folder). People are a YAML list, or one line split on
``;``. Other keys (``layout``, ``tags``…) are named in one warning and otherwise ignored.

Parsed with PyYAML's ``BaseLoader`` — already installed, as a dependency of ctranslate2 — so
every value stays the text written (``date: 2025-02-30`` or ``title: 1984`` are not turned into
dates or numbers). Front matter people write is often not valid YAML (``title: Да: нет``), so a
block YAML refuses is read line by line as ``key: value`` and ``- item`` lines; a block that is
neither (a leading ``---`` rule over a paragraph) is no front matter: it stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Image, Metadata
from .common import clean_inline, elide

__all__ = ["KEYS", "MAX_FRONT_MATTER", "FrontMatter", "split_front_matter", "apply_front_matter"]

#: Front matter longer than this (characters) is not looked for: it is text.
MAX_FRONT_MATTER = 64 * 1024
#: Accepted key (folded: lower case, ``-`` and spaces as ``_``) → the field it fills.
KEYS = {
    "title": "title", "название": "title", "заглавие": "title", "заголовок": "title",
    "title_en": "title_en", "english_title": "title_en", "title_english": "title_en",
    "en_title": "title_en", "title_target": "title_en", "название_en": "title_en",
    "author": "authors", "authors": "authors", "автор": "authors", "авторы": "authors",
    "translator": "translators", "translators": "translators", "переводчик": "translators",
    "переводчики": "translators",
    "source": "source", "источник": "source",
    "publisher": "publisher", "издатель": "publisher", "издательство": "publisher",
    "rights": "rights", "copyright": "rights", "license": "rights", "licence": "rights",
    "права": "rights", "лицензия": "rights",
    "date": "date", "дата": "date",
    "description": "description", "summary": "description", "abstract": "description",
    "описание": "description", "аннотация": "description",
    "cover": "cover", "cover_image": "cover", "обложка": "cover",
}  # fmt: skip
_PEOPLE = ("authors", "translators")
_MAX_PIECES = 200
_MAX_DEPTH = 8
_MAX_STEPS = 5000
_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\n(?:(.*?)\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_KEY = re.compile(r"[^\W\d][\w\-]{0,39}")  # identifier-like: a paragraph's "Он сказал:" is no key
_KEY_LINE = re.compile(rf"({_KEY.pattern})[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")
_ITEM_LINE = re.compile(r"[ \t]*-[ \t]+(.*)$")


@dataclass
class FrontMatter:
    """The fields a front-matter block gives, and where the body after it starts."""

    end: int  #: offset of the first character after the closing ``---`` line
    fields: dict[str, str | list[str]] = field(default_factory=dict)  #: field (a :data:`KEYS` value) → value
    unknown: list[str] = field(default_factory=list)  #: keys given but not used, as written


def split_front_matter(text: str) -> FrontMatter | None:
    """The front matter at the start of ``text`` (a Markdown file's decoded text), or None when
    it opens with none (or with a ``---`` block that holds no ``key: value`` lines)."""
    m = _BLOCK.match(text[: MAX_FRONT_MATTER + 8])
    if m is None:
        return None
    body = m.group(1) or ""
    mapping = _yaml(body)
    if mapping is None:
        mapping = _lines(body)
    if mapping is None or not _keys_ok(list(mapping)):
        return None
    out = FrontMatter(end=m.end())
    for key, value in mapping.items():
        name = KEYS.get(_fold(key))
        if name is None:
            out.unknown.append(str(key))
            continue
        people = _people(value) if name in _PEOPLE else None
        text_value = " ".join(_flatten(value)) if people is None else ""
        if people:
            out.fields.setdefault(name, people)
        elif " ".join(text_value.split()):
            out.fields.setdefault(name, " ".join(text_value.split()))
    return out


def _keys_ok(keys: list[Any]) -> bool:
    """Keys a front matter has: identifier-like, and one of :data:`KEYS` or more than one key
    (so a lone ``Итак: всё`` between two ``---`` rules stays text)."""
    if not keys:
        return True  # an empty front matter (``---`` twice) is one, and holds nothing
    if not all(isinstance(k, str) and _KEY.fullmatch(k.strip()) for k in keys):
        return False
    return len(keys) > 1 or _fold(keys[0]) in KEYS


def _fold(key: str) -> str:
    return re.sub(r"[\s\-]+", "_", key.strip().lower())


def _yaml(body: str) -> dict[str, Any] | None:
    """``body`` as a YAML mapping of plain strings, lists and mappings; None if it is not one."""
    if not body.strip():
        return {}
    import yaml

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    try:
        data = yaml.load(body, Loader=loader)  # BaseLoader builds only str, list and dict
    except Exception:  # noqa: BLE001 - any refusal of the YAML parser means: read it line by line
        return None
    return data if isinstance(data, dict) else None


def _lines(body: str) -> dict[str, Any] | None:
    """``key: value`` lines (``- item`` lines listing the previous key's values); None when a
    line is neither, or no line is a key: then the block is text, not front matter."""
    mapping: dict[str, Any] = {}
    last = None
    for line in body.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if (item := _ITEM_LINE.match(line)) and last is not None:
            if not isinstance(mapping[last], list):
                mapping[last] = [mapping[last]] if mapping[last] else []
            mapping[last].append(_unquote(item.group(1)))
        elif (key := _KEY_LINE.match(line)) and not line[0].isspace():
            last = key.group(1)
            mapping[last] = _unquote(key.group(2) or "")
        elif line[0].isspace() and last is not None and isinstance(mapping[last], str):
            mapping[last] = f"{mapping[last]} {line.strip()}".strip()  # a folded continuation line
        else:
            return None
    return mapping or None


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _flatten(value: Any, depth: int = 0) -> list[str]:
    """The text pieces of a value: a string, the items of a list, a mapping's ``name`` — at most
    :data:`_MAX_PIECES` of them, :data:`_MAX_DEPTH` levels deep, :data:`_MAX_STEPS` values looked
    at (YAML aliases can make a list of lists that is exponentially long once walked)."""
    out: list[str] = []
    stack, steps = [(value, depth)], 0
    while stack and len(out) < _MAX_PIECES and steps < _MAX_STEPS:
        item, level = stack.pop()
        steps += 1
        if item is None or level > _MAX_DEPTH:
            continue
        if isinstance(item, str):
            if item.strip():
                out.append(item.strip())
        elif isinstance(item, dict):
            stack.append((item.get("name"), level + 1))
        elif isinstance(item, list):
            stack += [(sub, level + 1) for sub in reversed(item[:_MAX_PIECES])]
        else:
            out.append(str(item))
    return out


def _people(value: Any) -> list[str]:
    """Names: a list's items, or one line split on ``;``; folded, repeats dropped."""
    names = [" ".join(n.split()) for text in _flatten(value) for n in text.split(";") if n.strip()]
    return list(dict.fromkeys(names))[:_MAX_PIECES]


def apply_front_matter(meta: Metadata, front: FrontMatter, base: Path | None, warnings: list[str]) -> list[Image]:
    """Lay the front matter's people, English title, source, publisher, rights and description
    over ``meta`` (its title and date are the text reader's: see ``bilingual.read.text``), and
    read its cover relative to ``base`` (the ``.md``'s folder). Returns the cover (zero or one
    :class:`~bilingual.model.Image`); what cannot be used is a line in ``warnings``."""
    fields = front.fields
    for name in ("authors", "translators"):
        value = fields.get(name)
        if isinstance(value, list):
            setattr(meta, name, [clean_inline(v) for v in value])
    title_en = fields.get("title_en")
    if isinstance(title_en, str):
        meta.title_target, meta.title_target_origin = clean_inline(title_en), "human"
    for name in ("source", "publisher", "rights", "description"):
        value = fields.get(name)
        if isinstance(value, str):
            setattr(meta, name, clean_inline(value))
    if front.unknown:
        shown = ", ".join(elide(k, 30) for k in front.unknown[:8]) + (", …" if len(front.unknown) > 8 else "")
        warnings.append(
            f"front matter: {shown} not used (bilingual reads title, title_en, author(s), translator(s), "
            "source, publisher, rights, date, description, cover)"
        )
    cover = fields.get("cover")
    image = _cover(cover, base, warnings) if isinstance(cover, str) else None
    if image is None:
        return []
    meta.cover = image.id
    return [image]


def _cover(value: str, base: Path | None, warnings: list[str]) -> Image | None:
    """The picture a front matter's ``cover:`` names: a file inside ``base`` (the ``.md``'s folder
    or below, never an absolute path or one that leaves it, so a source cannot pull other files
    into an edition), regular, at most ``MAX_IMAGE_BYTES``, a JPEG/PNG/GIF/WebP/SVG."""
    from ..media import sniff_image_type
    from ..metadata import COVER_ID
    from ..model import MAX_IMAGE_BYTES

    shown = elide(value, 70)
    skip = lambda why: warnings.append(f"front matter cover {shown!r} left out: {why}")
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value):
        return skip("bilingual reads no network; save the picture beside the .md and give its file name")
    if base is None:
        return skip("no file to find it relative to; give the cover with --cover")
    path = Path(value)
    try:
        full = (base / path).resolve()
        if path.is_absolute() or not full.is_relative_to(base.resolve()):
            return skip("give a path inside the .md's folder (or use --cover)")
        if not full.is_file():
            return skip("no such picture file; give its path relative to the .md")
        if full.stat().st_size > MAX_IMAGE_BYTES:
            return skip(f"larger than {MAX_IMAGE_BYTES >> 20} MB; give a smaller picture")
        with open(full, "rb") as fh:
            data = fh.read(MAX_IMAGE_BYTES + 1)
    except (OSError, RuntimeError, ValueError) as err:  # RuntimeError: a symlink loop
        return skip(f"cannot read it ({getattr(err, 'strerror', None) or err}); check the path")
    media_type = sniff_image_type(data)
    if media_type is None:
        return skip("not a JPEG, PNG, GIF, WebP or SVG picture")
    suffix = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
              "image/svg+xml": ".svg"}[media_type]  # fmt: skip
    return Image(id=COVER_ID + suffix, media_type=media_type, alt="Cover", data=data)
