"""Russian surname paradigms, generated from the ending, for surnames the dictionary lacks.

pymorphy3 knows common surnames, but not «Бердымухамедов» (it reads the dictionary form as a
plural genitive of a first name), and it parses «Токаев» or «Королёв» also as common nouns or
places. The entry and the text form then share no lemma. The Russian surname declension is
regular by the ending, so this module predicts it (as Zaliznyak's tables give it):

=========  =====================================  ======================================
type       masculine                              feminine / plural
=========  =====================================  ======================================
-ов/-ев/   -ов, -ова, -ову, -овым, -ове           -ова, -овой, -ову (-овою);
-ёв/-ин/                                          pl. -овы, -овых, -овым, -овыми
-ын
-ский/     -ский, -ского, -скому, -ским, -ском    -ская, -ской, -скую (-скою);
-цкий                                             pl. -ские, -ских, -скими
-ой        -ой, -ого, -ому, -ым, -ом              -ая, -ой, -ую; pl. -ые, -ых, -ыми
=========  =====================================  ======================================

(-ой after к, г, х, ж, ш, ч, щ: -им, -ие, -их, -ими.)

Keys follow :mod:`.match`: ``stem#m`` / ``stem#f`` with the masculine dictionary form as stem
(ё read as е); plural forms give ``stem#p``, which entries of either gender carry. :func:`text_surname_keys` gives every
reading of a capitalised text word as such a surname; :func:`entry_surname_keys` the reading of
an entry word that is a dictionary form. Hand-written because no maintained library generates
surname paradigms for words outside its dictionary (pymorphy3's guesser is what fails here).
"""

from __future__ import annotations

__all__ = ["text_surname_keys", "entry_surname_keys", "surname_forms"]

_OV = ("ов", "ев", "ин", "ын")  # ё is already е
_SKY = ("ский", "цкий")

# text ending → (what replaces it to give the masculine nominative, genders)
_OV_FORMS = {
    "": "m", "а": "mf", "у": "mf", "ым": "mp", "е": "m", "ой": "f", "ою": "f",
    "ы": "p", "ых": "p", "ыми": "p",
}
_SKY_FORMS = {
    "ий": "m", "ого": "m", "ому": "m", "им": "mp", "ом": "m",
    "ая": "f", "ой": "f", "ую": "f", "ою": "f", "ие": "p", "их": "p", "ими": "p",
}
_OI_FORMS = {"ой": "mf", "ого": "m", "ому": "m", "ым": "mp", "ом": "m", "ая": "f", "ую": "f", "ые": "p", "ых": "p", "ыми": "p"}
# after к, г, х and the hushing consonants ы is spelt и: Трубецкой → Трубецким, Донские
_OI_SOFT = {"им": "mp", "ие": "p", "их": "p", "ими": "p"}
_SOFT_STEM = "кгхжшчщ"
_VOWELS = "аеиоуыэюяйьъ"
_MIN_STEM = 2  # letters before the suffix: «Ов» is not a surname


def _keys(stem: str, genders: str) -> set[str]:
    return {f"{stem}#{g}" for g in genders}


def text_surname_keys(low: str) -> set[str]:
    """Every reading of the lower-cased, ё-folded word ``low`` as a form of a regular surname."""
    keys: set[str] = set()
    for ending, genders in _OV_FORMS.items():
        base = low[: len(low) - len(ending)] if ending else low
        if low.endswith(ending) and base.endswith(_OV) and len(base) - 2 >= _MIN_STEM:
            keys |= _keys(base, genders)
    for ending, genders in _SKY_FORMS.items():
        if low.endswith(ending):
            base = low[: len(low) - len(ending)]
            if base.endswith(("ск", "цк")) and len(base) - 2 >= _MIN_STEM:
                keys |= _keys(base + "ий", genders)
    for forms, stems in ((_OI_FORMS, None), (_OI_SOFT, _SOFT_STEM)):
        for ending, genders in forms.items():
            if low.endswith(ending):
                base = low[: len(low) - len(ending)]
                if len(base) >= 3 and base[-1] not in _VOWELS and (stems is None or base[-1] in stems):
                    keys |= _keys(base + "ой", genders)
    return keys


def entry_surname_keys(low: str) -> set[str]:
    """The surname an entry word in its dictionary form stands for, if its ending is regular:
    ``бердымухамедов`` → ``бердымухамедов#m``, ``бердымухамедова`` → ``бердымухамедов#f``,
    ``жуковская`` → ``жуковский#f``, ``толстой`` → ``толстой#m``."""
    if low.endswith(_OV) and len(low) - 2 >= _MIN_STEM:
        return {low + "#m"}
    if low.endswith("а") and low[:-1].endswith(_OV) and len(low) - 3 >= _MIN_STEM:
        return {low[:-1] + "#f"}
    if low.endswith(_SKY) and len(low) - 4 >= _MIN_STEM:
        return {low + "#m"}
    if low.endswith(("ская", "цкая")) and len(low) - 4 >= _MIN_STEM:
        return {low[:-2] + "ий#f"}
    if low.endswith("ой") and len(low) >= 5 and low[-3] not in _VOWELS:
        return {low + "#m"}
    if low.endswith("ая") and len(low) >= 5 and low[-3] not in _VOWELS and not low.endswith(("ская", "цкая")):
        return {low[:-2] + "ой#f"}
    return set()


_M_OV = ("", "а", "у", "ым", "е")
_F_OV = ("а", "ой", "у")
_P_OV = ("ы", "ых", "ым", "ыми")


def surname_forms(low: str) -> list[str]:
    """Every form of the regular surname whose dictionary form is ``low`` (lower case), of its
    gender plus the plural; [] when the ending is not a regular surname's. For the ambiguity
    checks of ``glossary add``: «алиева» → алиева, алиевой, алиеву, алиевы, …"""
    keys = entry_surname_keys(low)
    if not keys:
        return []
    stem, gender = next(iter(keys)).split("#")
    if stem.endswith(_OV):
        endings = _M_OV if gender == "m" else _F_OV
        return [stem + e for e in (*endings, *_P_OV)]
    base = stem[:-2]  # «жуковск» of жуковский, «толст» of толстой
    soft = base[-1:] in _SOFT_STEM or stem.endswith(_SKY)
    y = "и" if soft else "ы"
    if gender == "m":
        first = "ий" if stem.endswith(_SKY) else "ой"
        endings = (first, "ого", "ому", y + "м", "ом")
    else:
        endings = ("ая", "ой", "ую")
    return [base + e for e in (*endings, y + "е", y + "х", y + "м", y + "ми")]
