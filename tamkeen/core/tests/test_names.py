from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamkeen.core.names import name_parts_key, name_tokens, normalise_name

# One row per rule in domain.md §7; the left column is what a clerk might type.
EXAMPLES = [
    # diacritics: harakat, tanween, shadda, sukun, superscript alef
    ("مُحَمَّد", "محمد"),
    ("سَعِيدٌ", "سعيد"),
    ("عُثْمَان", "عثمان"),
    ("رحمٰن", "رحمن"),
    # tatweel
    ("مـحـمـد", "محمد"),
    # alef variants
    ("أحمد", "احمد"),
    ("إبراهيم", "ابراهيم"),
    ("آمنة", "امنه"),
    ("ٱمين", "امين"),
    # final taa marbuta and alef maqsura; non-final letters untouched
    ("فاطمة", "فاطمه"),
    ("مصطفى", "مصطفي"),
    ("عيسى موسى", "عيسي موسي"),
    # Persian keyboard letters
    ("یوسف", "يوسف"),
    ("کریم", "كريم"),
    # whitespace collapsed
    ("  محمد   \t علي \n ", "محمد علي"),
    # عبد / ابو joined with the next word
    ("عبد الله", "عبدالله"),
    ("عبدالله", "عبدالله"),
    ("عَبْدُ اللّٰه", "عبدالله"),
    ("عبد الرحمن", "عبدالرحمن"),
    ("أبو بكر", "ابوبكر"),
    ("ابو بكر", "ابوبكر"),
    ("أبوبكر", "ابوبكر"),
    # connectors dropped between name parts
    ("محمد بن عبد الله بن سعود", "محمد عبدالله سعود"),
    ("نورة بنت خالد", "نوره خالد"),
    ("علي ابن أحمد", "علي احمد"),
    ("علي إبن أحمد", "علي احمد"),
    # ...but not when they are the first or last word (a name part of their own)
    ("بن لادن", "بن لادن"),
    ("محمد بن", "محمد بن"),
    # آل kept as its own word, distinct from the article
    ("آل سعود", "آل سعود"),
    ("محمد آل سعود", "محمد آل سعود"),
    ("ال سعود", "ال سعود"),
    ("السعود", "السعود"),
    # Latin: lowercased, punctuation splits words
    ("Mohammed AL-HARBI", "mohammed al harbi"),
    ("O'Neil, Sara.", "o neil sara"),
    # Arabic punctuation, zero-width and bidi marks
    ("محمد،علي", "محمد علي"),
    ("محمد\u200cعلي", "محمدعلي"),
    ("\u200fمحمد\u200e", "محمد"),
    # presentation forms
    ("ﷲ", "الله"),
    ("", ""),
    ("  ", ""),
]


@pytest.mark.parametrize(("typed", "key"), EXAMPLES)
def test_rules(typed, key):
    assert normalise_name(typed) == key


SAME = [
    ("عبد الله", "عبدالله"),
    ("عبدُ الله", "عبـدالله"),
    ("أبو بكر", "ابوبكر"),
    ("فاطمة", "فاطمه"),
    ("مصطفى", "مصطفي"),
    ("إبراهيم", "ابراهيم"),
    ("یوسف کریم", "يوسف كريم"),
    ("محمد بن سعد", "محمد سعد"),
]


@pytest.mark.parametrize(("left", "right"), SAME)
def test_same_name(left, right):
    assert normalise_name(left) == normalise_name(right)


DIFFERENT = [
    ("عبد الله", "أبو الله"),
    ("عبد بكر", "ابو بكر"),
    ("عبدالرحمن", "أبوالرحمن"),
    ("عبد", "ابو"),
    ("آل سعود", "السعود"),
    ("آل سعود", "ال سعود"),
    ("آل الشيخ", "الشيخ"),
    ("محمد", "أحمد"),
]


@pytest.mark.parametrize(("left", "right"), DIFFERENT)
def test_different_names(left, right):
    assert normalise_name(left) != normalise_name(right)


@pytest.mark.parametrize(
    ("parts", "key"),
    [
        (("محمد", "عبد الله", "سعد", "آل سعود"), "محمد عبدالله سعد آل سعود"),
        (("فاطمة", "", None, "الحربي"), "فاطمه الحربي"),
        # A prefix at the end of one part is not joined across into the next part.
        (("عبد", "الله", "", ""), "عبد الله"),
        (("", "", "", ""), ""),
    ],
)
def test_name_parts_key(parts, key):
    assert name_parts_key(*parts) == key


@pytest.mark.parametrize(
    ("text", "tokens"),
    [("محمد بن عبد الله", ["محمد", "عبدالله"]), ("", []), ("  ،  ", []), ("آل سعود", ["آل", "سعود"])],
)
def test_name_tokens(text, tokens):
    assert name_tokens(text) == tokens


ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x064B)]
NAME_ALPHABET = st.sampled_from(
    [
        *ARABIC_LETTERS,
        *"ابجدABCdef",
        " ",
        "\u0640",
        "\u064e",
        "\u0651",
        "\u0670",
        "ی",
        "ک",
        "ٱ",
        "آ",
        "-",
        ".",
        "\u200c",
    ]
)
NAME_WORDS = st.sampled_from(["عبد", "ابو", "أبو", "بن", "ابن", "بنت", "آل", "ال", "الله", "فاطمة", "مصطفى"])
NAMEISH = st.one_of(
    st.text(NAME_ALPHABET),
    st.lists(st.one_of(NAME_WORDS, st.text(NAME_ALPHABET, max_size=4))).map(" ".join),
    st.text(),
)


@given(NAMEISH)
def test_idempotent(text):
    once = normalise_name(text)
    assert normalise_name(once) == once


@given(NAMEISH)
def test_never_empties_a_name_with_a_letter(text):
    has_letter = any(
        ("\u0621" <= char <= "\u064a" and char != "\u0640") or (char.isascii() and char.isalpha())
        for char in text
    )
    if has_letter:
        assert normalise_name(text) != ""


@given(NAMEISH)
def test_output_shape(text):
    result = normalise_name(text)
    assert result == result.strip()
    assert "  " not in result
    assert name_tokens(text) == (result.split(" ") if result else [])


@given(st.text(), st.text(), st.text(), st.text())
def test_parts_key_never_raises(first, father, grandfather, family):
    key = name_parts_key(first, father, grandfather, family)
    assert "  " not in key
