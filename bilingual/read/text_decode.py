"""Decoding a plain-text article: bytes → :class:`Decoded` text (stage 1 of :mod:`bilingual.read.text`).

UTF-8 (with or without BOM) first; otherwise the legacy Cyrillic code page (cp1251, KOI8-R, …)
whose text looks most Russian, charset-normalizer for anything else. CRLF/CR become LF, text is
NFC-normalised, characters XML cannot carry (NUL and other C0 controls) are dropped and counted.
Binary data and undecodable bytes are refused with :class:`~bilingual.errors.InputError`.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

__all__ = ["SUFFIXES", "MAX_BYTES", "Decoded", "decode", "read_text"]

SUFFIXES = (".txt", ".md", ".markdown", ".text")
#: Inputs larger than this are refused (a book is a few MB; this guards against mistakes).
MAX_BYTES = 64 * 1024 * 1024

# XML 1.0 forbids C0 controls except TAB, LF, CR, plus U+FFFE/U+FFFF and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


@dataclass
class Decoded:
    """Decoded text and what was done to get it."""

    text: str
    encoding: str
    removed_controls: int = 0
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, *, name: str = "input") -> Decoded:
    """Decode article bytes: UTF-8 (BOM or not), else a detected Cyrillic code page.

    Raises :class:`InputError` for binary data and for bytes no supported encoding reads.
    """
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and _binary_bytes(data):
        raise InputError(f"{name} looks like a binary file, not text; give a UTF-8 (or cp1251/KOI8-R) .txt or .md article")
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _strict(data[3:], "utf-8", name), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _strict(data, "utf-16", name), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc = _mostly_utf8(data) or _detect(data, name)
    if _looks_binary(text):
        raise InputError(f"{name} looks like a binary file, not text; give a UTF-8 (or cp1251/KOI8-R) .txt or .md article")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text, removed = _FORBIDDEN.subn("", text)
    out = Decoded(text=text, encoding=enc, removed_controls=removed)
    if enc.endswith("replaced)"):
        out.warnings.append(f"{text.count(chr(0xFFFD))} invalid UTF-8 byte sequence(s) shown as \ufffd")
    if removed:
        out.warnings.append(f"removed {removed} control character(s) that documents cannot carry")
    return out


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v")


def _binary_bytes(data: bytes) -> bool:
    """More than 1% control bytes (NUL, ESC, …) in the first 64 KiB: not a text file."""
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(sample) // 100)


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few broken sequences (a lone surrogate, a cut character): keep it as UTF-8.

    Legacy Cyrillic code pages decoded as UTF-8 give mostly U+FFFD, so they fall through to
    detection; a real UTF-8 file with a handful of bad bytes gets U+FFFD in their place.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad * 20 < len(text) and re.search("[А-Яа-яЁё]", text):
        return text, "utf-8 (with invalid bytes replaced)"
    return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name} starts with a {encoding} byte-order mark but byte {err.start} is not {encoding}; re-save it as UTF-8"
        ) from err


_CYRILLIC_PAGES = ("cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5")
_COMMON = set("оеаинтсрвлкмдпу")


def _russian_score(text: str) -> float:
    """How much ``text`` looks like Russian: common lowercase letters score, a capital inside
    a word or a stray symbol costs (what a wrong code page produces)."""
    score, prev = 0.0, ""
    for ch in text:
        if "а" <= ch <= "я" or ch == "ё":
            score += 1.0 if ch in _COMMON else 0.5
        elif "А" <= ch <= "Я" or ch == "Ё":
            if prev.islower():
                score -= 2.0
        elif not (ch.isascii() or ch in "«»—–„“”…№"):
            score -= 2.0
        prev = ch
    return score


def _detect(data: bytes, name: str) -> tuple[str, str]:
    """Decode non-UTF-8 bytes (already past the binary check in :func:`decode`): the Cyrillic
    code page whose text looks most Russian; charset-normalizer for anything else."""
    sample = data[:200_000]
    scored = []
    for enc in _CYRILLIC_PAGES:
        try:
            scored.append((_russian_score(sample.decode(enc)), enc))
        except UnicodeDecodeError:
            continue
    if scored:
        score, enc = max(scored, key=lambda pair: pair[0])
        if score > 0:
            return data.decode(enc), enc.replace("_", "-")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: cannot tell its text encoding (not UTF-8, cp1251 or KOI8-R); re-save it as UTF-8")
    return str(best), best.encoding.replace("_", "-")


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:65536]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad > max(8, len(sample) // 50)


def read_text(path: str | Path) -> Decoded:
    """Read and decode an article file, with one-line errors for every user mistake."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file; give the path of a .txt or .md article")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give the path of a .txt or .md article inside it")
    if path.suffix and path.suffix.lower() not in SUFFIXES:
        hint = {".json": "; to re-render a translated document use 'bilingual render'"}.get(path.suffix.lower(), "")
        raise InputError(f"{path}: bilingual reads plain-text articles ({', '.join(SUFFIXES)}), not {path.suffix} files{hint}")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # /dev/zero never ends, a FIFO waits for a writer
            raise InputError(f"{path} is not a regular file (a device or pipe); save the text to a file first")
        if info.st_size > MAX_BYTES:
            raise InputError(f"{path} is {info.st_size // 2**20} MB; split it into parts under {MAX_BYTES // 2**20} MB")
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)[:MAX_BYTES]  # a file that grew since stat() is still capped
    except PermissionError as err:
        raise InputError(f"{path}: permission denied; make it readable") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read it ({err.strerror or err})") from err
    return decode(data, name=str(path))

