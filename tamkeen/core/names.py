"""Arabic name normalisation, FOR MATCHING ONLY (domain.md §7).

Always store what was typed; these keys only decide whether two spellings may be the same person. The rules
remove differences that are spelling habits (diacritics, hamza seats on alef, final ة/ه and ى/ي, Persian
keyboards, عبد الله vs عبدالله, the بن connectors) and keep differences that are different names:

* عبد and ابو are different prefixes: each is joined to the next word, never mapped to each other.
* آل (family: آل سعود) is not the article ال: the standalone word آل is kept as "آل" (the only alef-madda
  that survives), so "آل سعود" can never equal "ال سعود" or "السعود".
"""

from __future__ import annotations

import unicodedata

# Arabic-block combining marks: harakat, tanween, shadda, sukun, superscript alef, Quranic annotation marks.
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_TATWEEL = "\u0640"

_ALEF_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا"})
_PERSIAN_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})

# The family word آل, after diacritics are removed. Kept verbatim: see the module docstring.
FAMILY_WORD = "آل"
_JOINING_PREFIXES = frozenset({"عبد", "ابو"})
_CONNECTORS = frozenset({"بن", "ابن", "بنت"})


def _is_arabic_mark(char: str) -> bool:
    if unicodedata.category(char) != "Mn":
        return False
    point = ord(char)
    return any(low <= point <= high for low, high in _ARABIC_BLOCKS)


def _clean_characters(text: str) -> str:
    # NFKC first: presentation forms (ﻻ, ﷲ) become ordinary letters, and a decomposed ا + madda becomes آ
    # before marks are removed (otherwise removing the madda would silently turn آل into ال).
    text = unicodedata.normalize("NFKC", text).lower()
    kept: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if char == _TATWEEL or _is_arabic_mark(char) or category == "Cf":
            continue  # Invisible in a name: tatweel, harakat, zero-width joiners, bidi marks.
        if category[0] in "PSZ" or category == "Cc":
            kept.append(" ")  # Punctuation splits words ("Al-Harbi", "محمد،علي") rather than gluing them.
        else:
            kept.append(char)
    # Removing a mark can bring a base letter next to a combining mark it composes with; normalising again
    # (and lower-casing what NFKC produced) keeps the function idempotent.
    return unicodedata.normalize("NFKC", "".join(kept)).lower()


def _normalise_word(word: str) -> str:
    if word == FAMILY_WORD:
        return word
    word = word.translate(_ALEF_VARIANTS).translate(_PERSIAN_LETTERS)
    if word.endswith("ة"):
        word = word[:-1] + "ه"
    if word.endswith("ى"):
        word = word[:-1] + "ي"
    return word


def _drop_connectors(words: list[str]) -> list[str]:
    # Only *between* name parts: a leading or trailing بن is a name part in its own right (e.g. a family name
    # "بن لادن" keeps its last word), and dropping it could empty a name.
    if len(words) < 3:
        return words
    middle = [word for word in words[1:-1] if word not in _CONNECTORS]
    return [words[0], *middle, words[-1]]


def _join_prefixes(words: list[str]) -> list[str]:
    joined: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        # Not joined onto آل: the result would contain آ mid-word and a second pass would unify it.
        if word in _JOINING_PREFIXES and following is not None and following != FAMILY_WORD:
            joined.append(word + following)
            index += 2
        else:
            joined.append(word)
            index += 1
    return joined


def normalise_name(text: str) -> str:
    """Matching key for a name or name part: see the module docstring for the rules."""
    words = [_normalise_word(word) for word in _clean_characters(text).split()]
    return " ".join(_join_prefixes(_drop_connectors(words)))


def name_tokens(text: str) -> list[str]:
    normalised = normalise_name(text)
    return normalised.split(" ") if normalised else []


def name_parts_key(first: str | None, father: str | None, grandfather: str | None, family: str | None) -> str:
    """The four official parts (الاسم الرباعي), each normalised on its own, joined by single spaces.

    Parts are normalised separately so a prefix in one part is never joined to the next part, and a missing
    part (often the grandfather) is skipped rather than leaving a double space.
    """
    parts = (normalise_name(part or "") for part in (first, father, grandfather, family))
    return " ".join(part for part in parts if part)
