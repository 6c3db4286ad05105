"""Feature preparation for record linkage: plain Python over plain dicts, no database.

Every record becomes one flat row of comparison-ready columns:

* ``n1`` … ``n4``: the four name parts (given, father, grandfather, family), each normalised on its own by
  ``tamkeen.core.names`` and then transliterated letter by letter to ASCII (see ``transliterate``).
  ``n4c`` is the family name without the article ال (الحازمي ≡ حازمي); the family word آل is kept apart.
* ``nid``: the national ID with Arabic-Indic/Persian digits normalised; only a 10-digit number is kept.
* ``dob`` (ISO text), ``byear``, and two alternates: ``dob_h`` (the Hijri month and day of the same date
  written with the Gregorian year: what a clerk types when a person gives a Hijri birth date and the form
  expects a Gregorian one) and ``dob_s`` (day and month swapped, when that is a real date).
* ``phone``: E.164 via ``tamkeen.core.phones``; ``gender`` M/F; ``gov``: normalised governorate.
* ``nidv``: 1 when ``nid`` passes the checksum (domain.md §7), 0 when not. Luhn catches every single-digit
  mistake and almost every swap of two neighbours, so two *valid* IDs that differ are two people's IDs, not
  one ID typed twice (docs/decisions, the ID-distance rule).
* ``n1k``, ``n2k``: 1 when the given (father's) name is an *established* name — one that many people carry
  (``established_names``) — so that two different established names (حسن and حسين, محمد and محمود) are two
  names, not one name misspelt: a typo of a common name makes a rare string. Set by the caller from the
  model's list and the file's own frequencies (``mark_known``); 0 until then.

Why transliterate: DuckDB 2.x ``levenshtein``/``jaro_winkler_similarity`` count characters (tested in
tests/test_features.py), but the same model must run on other Splink backends, and some string-distance
implementations (older PostgreSQL ``fuzzystrmatch``, byte-oriented UDFs) count UTF-8 bytes, where every
Arabic letter is two bytes and one typo costs two edits. A 1:1 map to single ASCII characters gives
identical distances everywhere and is cheaper to compare. It is only ever applied after normalisation, to
matching keys; it is never shown to anyone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

from tamkeen.core.dates import InvalidDate, parse_date
from tamkeen.core.digits import normalise_digits
from tamkeen.core.hijri import to_hijri
from tamkeen.core.identifiers import is_valid_national_id
from tamkeen.core.names import FAMILY_WORD, normalise_name
from tamkeen.core.phones import InvalidPhone, parse_mobile

# One ASCII character per letter that can survive normalisation (ة only word-internally is impossible, but
# a stray one costs nothing). Letters outside the map (Latin names, rare letters) pass through unchanged.
_ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءؤئةىآ"
_ASCII_CODES = "abtvjHxdTrzsSDPQZegfqklmnhwy'WYEIA"
_TRANSLIT = str.maketrans(dict(zip(_ARABIC_LETTERS, _ASCII_CODES, strict=True)))

FEATURE_COLUMNS = (
    "unique_id",
    "n1",
    "n2",
    "n3",
    "n4",
    "n4c",
    "nid",
    "nidv",
    "dob",
    "byear",
    "dob_h",
    "dob_s",
    "phone",
    "gender",
    "gov",
    "n1k",
    "n2k",
)

# A name is "established" when at least this share of the name parts of a file (and at least MIN_COUNT of
# them) carry it. One specific typo of even the commonest name (محمد) stays far below: at 100,000 generated
# records the commonest typo string of a given name is carried ~5 times, the threshold is 20.
ESTABLISHED_SHARE = 2e-4
ESTABLISHED_MIN_COUNT = 5


def transliterate(normalised: str) -> str:
    """Map each Arabic letter of an already-normalised name to one ASCII character (1:1, reversible)."""
    return normalised.translate(_TRANSLIT)


@lru_cache(maxsize=200_000)
def name_feature(text: str | None) -> str | None:
    """Normalised, transliterated name part; None when empty. Words are joined without spaces so that
    "عبد الله"/"عبدالله" and multi-word family names compare as one string."""
    if not text:
        return None
    normalised = normalise_name(str(text))
    return transliterate(normalised.replace(" ", "")) if normalised else None


_ARTICLE = transliterate("ال")
_FAMILY_WORD = transliterate(FAMILY_WORD)


def family_core(feature: str | None) -> str | None:
    """The family name without a leading article ال or family word آل (الحازمي ≡ حازمي ≡ آل حازمي)."""
    if not feature:
        return None
    for prefix in (_FAMILY_WORD, _ARTICLE):
        if feature.startswith(prefix) and len(feature) > len(prefix) + 1:
            return feature[len(prefix) :]
    return feature


def clean_national_id(value) -> str | None:
    if value is None:
        return None
    digits = normalise_digits("".join(str(value).split()))
    if digits.endswith(".0"):  # a spreadsheet cell read as a float
        digits = digits[:-2]
    return digits if len(digits) == 10 and digits.isascii() and digits.isdigit() else None


@lru_cache(maxsize=100_000)
def _parse_date_text(text: str) -> date | None:
    try:
        return parse_date(text)
    except InvalidDate:
        return None


def clean_birth_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return parse_date(value)
    text = str(value).strip()
    if " " in text:  # "1985-03-04 00:00:00" from a spreadsheet
        text = text.split(" ", 1)[0]
    return _parse_date_text(text) if text else None


@lru_cache(maxsize=100_000)
def date_alternates(d: date) -> tuple[str | None, str | None]:
    """(Hijri month/day with the Gregorian year, day–month swap) as ISO text; None when not a real date."""
    hijri_alt = None
    try:
        _, month, day = to_hijri(d)
        hijri_alt = date(d.year, month, min(day, 28 if month == 2 else day)).isoformat()
    except ValueError:
        pass
    swapped = None
    if d.day <= 12 and d.day != d.month:
        with contextlib.suppress(ValueError):
            swapped = date(d.year, d.day, d.month).isoformat()
    return hijri_alt, swapped


@lru_cache(maxsize=10_000)
def _mobile_prefix_is_valid(sample: str) -> str | None:
    try:
        return parse_mobile(sample)
    except InvalidPhone:
        return None


def clean_phone(value: str) -> str | None:
    """E.164 via ``tamkeen.core.phones.parse_mobile``.

    phonenumbers takes ~0.3 ms a number, too slow for a million records. Whether a Saudi mobile number is
    valid depends only on its length and first digits (the metadata pattern looks at four), so for the
    plain digit forms (05…, 5…, 9665…, +9665…, 009665…) the library's verdict is asked once per 4-digit
    prefix, on the first number seen with it; every other form goes through the library in full.
    """
    digits = normalise_digits(value).replace(" ", "").replace("-", "")
    for prefix in ("+966", "00966", "966", "0"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
            break
    if len(digits) == 9 and digits.isascii() and digits.isdigit() and digits[0] == "5":
        return "+966" + digits if _mobile_prefix_is_valid("+966" + digits[:4] + "00000") else None
    try:
        return parse_mobile(value)
    except InvalidPhone:
        return None


def clean_gender(value) -> str | None:
    text = str(value or "").strip().lower()
    if text in {"m", "male", "ذكر", "ذ"}:
        return "M"
    if text in {"f", "female", "أنثى", "انثى", "أنثي", "انثي", "ا"}:
        return "F"
    return None


@lru_cache(maxsize=1000)
def clean_governorate(value: str) -> str | None:
    normalised = normalise_name(value)
    if not normalised:
        return None
    # فيفا/فيفاء, الداير/الدائر: drop hamza carriers and final alef so spelling variants meet.
    key = normalised.replace(" ", "").replace("ء", "").replace("ئ", "ي")
    return transliterate(key.rstrip("ا") or key)


def record_features(record: dict) -> dict:
    """One input record (files.md §4 column names) → one feature row."""
    n4 = name_feature(record.get("family_name"))
    birth = clean_birth_date(record.get("birth_date"))
    hijri_alt, swapped = date_alternates(birth) if birth else (None, None)
    phone_text = str(record.get("phone") or "").strip()
    nid = clean_national_id(record.get("national_id"))
    return {
        "unique_id": str(record["record_id"]),
        "n1": name_feature(record.get("first_name")),
        "n2": name_feature(record.get("father_name")),
        "n3": name_feature(record.get("grandfather_name")),
        "n4": n4,
        "n4c": family_core(n4),
        "nid": nid,
        "nidv": (1 if is_valid_national_id(nid) else 0) if nid else None,
        "dob": birth.isoformat() if birth else None,
        "byear": birth.year if birth else None,
        "dob_h": hijri_alt,
        "dob_s": swapped,
        "phone": clean_phone(phone_text) if phone_text else None,
        "gender": clean_gender(record.get("gender")),
        "gov": clean_governorate(str(record.get("governorate") or "")),
        "n1k": 0,
        "n2k": 0,
    }


def established_names(rows: Iterable[dict]) -> set[str]:
    """Name features carried often enough in given, father's and grandfather's names to be real names."""
    counts: dict[str, int] = {}
    total = 0
    for row in rows:
        for column in ("n1", "n2", "n3"):
            value = row.get(column)
            if value:
                counts[value] = counts.get(value, 0) + 1
                total += 1
    floor = max(ESTABLISHED_MIN_COUNT, total * ESTABLISHED_SHARE)
    return {value for value, count in counts.items() if count >= floor}


def mark_known(row: dict, known: set[str] | frozenset[str]) -> dict:
    """Set ``n1k``/``n2k`` on a feature row (in place) from a set of established names; returns the row."""
    row["n1k"] = int(bool(row.get("n1")) and row["n1"] in known)
    row["n2k"] = int(bool(row.get("n2")) and row["n2"] in known)
    return row


def features(records: Iterable[dict]) -> Iterator[dict]:
    for record in records:
        yield record_features(record)


# ---- The raw baseline of the benchmark: the same columns, no Arabic knowledge at all. -------------------


def raw_record_features(record: dict) -> dict:
    """What a generic pipeline would do: trim and lower-case, nothing else (dates and phones as typed)."""

    def text(key):
        value = str(record.get(key) or "").strip()
        return value or None

    birth = text("birth_date")
    year = birth[:4] if birth and birth[:4].isdigit() else (birth[-4:] if birth else None)
    return {
        "unique_id": str(record["record_id"]),
        "first_name": text("first_name"),
        "father_name": text("father_name"),
        "grandfather_name": text("grandfather_name"),
        "family_name": text("family_name"),
        "national_id": text("national_id"),
        "birth_date": birth,
        "byear": year,
        "phone": text("phone"),
        "gender": text("gender"),
        "governorate": text("governorate"),
    }
