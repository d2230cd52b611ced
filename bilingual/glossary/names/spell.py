"""Latin spellings for names English has no established form of.

The default, ``news``, follows the conventions of English-language newsrooms (Reuters, AP, BBC
and the Guardian style guides, which all start from BGN/PCGN and simplify it) rather than any
letter-by-letter standard:

* no apostrophes or letters for ь and ъ (Ильин → Ilyin: ь before a vowel gives y);
* е is ``ye`` at the start of a word and after a vowel, ь or ъ (Евгений → Yevgeny, Алексеев →
  Alekseyev), else ``e``; э is ``e``;
* ё is ``yo`` (Пётр → Pyotr, Семёнов → Semyonov) but ``e`` after ж, ч, ш, щ (Горбачёв →
  Gorbachev, Хрущёв → Khrushchev);
* й: -ий and -ый at the end are ``y`` (Юрий → Yury, Дмитрий → Dmitry, Вертинский → Vertinsky,
  Нижний → Nizhny); -ей and -ай are ``ei``, ``ai`` (Сергей → Sergei, Андрей → Andrei, Николай →
  Nikolai); otherwise ``y`` (Майя → Maya, Толстой → Tolstoy);
* -ия at the end is ``ia`` (Мария → Maria, Юлия → Yulia, Карелия → Karelia);
* ж zh, х kh, ц ts, ч ch, ш sh, щ shch, ю yu, я ya; ``кс`` stays ``ks`` except in the
  Alex- names (Александр → Alexander, Алексей → Alexei) and Максим → Maxim.

Established English forms (:mod:`.established`) always come first; this is the fallback. A strict
standard is available through iuliia for users who need one: ``scheme="bgn_pcgn"``,
``"iso_9_1954"``, ``"ala_lc"``, ``"wikipedia"``, ``"gost_7034"`` … (any name of
``iuliia.schemas.names()``). Written by hand because no library implements a newsroom style;
iuliia's closest schema (Wikipedia) keeps -ey/-iy (Sergey, Yevgeniy) and the ``ks`` of Aleksandr.
"""

from __future__ import annotations

import re

__all__ = ["DEFAULT_SCHEME", "SCHEMES", "scheme_names", "transliterate"]

DEFAULT_SCHEME = "news"
_VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
_SOFT = set("ьъЬЪ")
_SIBILANTS = set("жчшщЖЧШЩ")
_PLAIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "э": "e", "ю": "yu", "я": "ya", "ь": "", "ъ": "",
}
_EXCEPTIONS = {"александр": "alexander", "александра": "alexandra", "алексей": "alexei", "алексия": "alexia",
               "максим": "maxim", "алекс": "alex"}
_WORD = re.compile(r"[а-яёА-ЯЁ]+")
#: strict standards offered by ``--scheme`` (all via iuliia)
SCHEMES = ("news", "wikipedia", "bgn_pcgn", "bgn_pcgn_alt", "ala_lc", "iso_9_1954", "iso_9_1968", "gost_7034", "gost_52535", "icao_doc_9303", "scientific")


def scheme_names() -> list[str]:
    """Every accepted ``scheme`` name: ``news`` plus iuliia's schemas."""
    import iuliia

    return ["news", *sorted(iuliia.schemas.names())]


def _word(word: str) -> str:
    low = word.lower()
    if low in _EXCEPTIONS:
        out = _EXCEPTIONS[low]
    else:
        out = _letters(low)
    if word.isupper() and len(word) > 1:
        return out.upper()
    return out[:1].upper() + out[1:] if word[:1].isupper() else out


def _letters(low: str) -> str:
    out: list[str] = []
    n = len(low)
    for i, ch in enumerate(low):
        prev = low[i - 1] if i else ""
        nxt = low[i + 1] if i + 1 < n else ""
        end = i + 1 == n
        if ch == "е":
            out.append("ye" if not prev or prev in _VOWELS or prev in _SOFT else "e")
        elif ch == "ё":
            out.append("e" if prev in _SIBILANTS else "yo")
        elif ch == "й":
            if end and prev and prev in "иы":
                out[-1] = "y"
            elif end and prev and prev in "еа":
                out.append("i")
            else:
                out.append("y")
        elif ch == "ь":
            out.append("y" if nxt in ("и", "о") else "")
        elif ch == "я" and end and prev == "и" and i > 1:
            out.append("a")
        elif ch == "и" and prev in _SOFT:
            out.append("i")
        else:
            out.append(_PLAIN.get(ch, ch))
    text = "".join(out)
    return text.replace("yy", "y").replace("iy" if low.endswith("ий") else "\0", "y")


def transliterate(text: str, scheme: str = DEFAULT_SCHEME) -> str:
    """Russian → Latin by ``scheme`` (``news`` by default; Latin text passes through)."""
    if scheme == DEFAULT_SCHEME:
        return _WORD.sub(lambda m: _word(m.group()), text)
    import iuliia

    from ...errors import InputError

    if not iuliia.schemas.has(scheme):
        raise InputError(f"unknown transliteration scheme {scheme!r}; use one of: {', '.join(scheme_names())}")
    return str(iuliia.schemas.get(scheme).translate(text))
