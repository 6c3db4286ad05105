"""A social-security roll file (contracts/files.md §1) from the synthetic population, with known bad rows.

    from bench.roll_file import write_roll
    expected = write_roll("roll.csv", members=1_000_000, seed=1447, bad_fraction=0.02)
    # {"rows": 1000000, "households": …, "rejected": …, "by_reason": {"invalid_national_id": …, …}}

One row per member, written as a clerk's export would be: English headers (or Arabic ones), codes mostly in
English and now and then in Arabic, phones in every common form, some birth dates in the Umm al-Qura Hijri
calendar, and some cells in Arabic-Indic digits. All of that is valid. About ``bad_fraction`` of the rows
are made invalid, each for exactly ONE reason, taken in turn from every reason code of files.md §1 so each
appears about equally often:

* row-level (the row alone is rejected; only non-head rows are spoiled, so no household loses its head):
  invalid_national_id, invalid_date, future_date, invalid_phone, unknown_office, unknown_governorate,
  unknown_value, missing_required;
* duplicate_in_file: a non-head member gets the national ID of a non-head member of an earlier household
  (both rows are rejected);
* household_without_head (the head row says "other") and household_with_two_heads (a second member says
  "head"): every row of the household is rejected.

A controller keeps the rejected rows at ``bad_fraction`` of the rows written so far, so the share holds for
small and large files alike. The return value says exactly how many rows the importer must reject and why,
when imported into a registry that does not yet hold these people (file numbers and national IDs come from
ranges that the demo seed does not use; change ``start_file_number`` / ``id_offset`` to target others).

Streaming: one household in memory at a time (and one national ID for the duplicates), so a million members
are fine. ``fmt="xlsx"`` writes the first sheet with openpyxl's write-only mode.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from bench.people import demo_geography, households
from tamkeen.core.hijri import to_hijri

COLUMNS = (
    "file_number", "office_code", "national_id", "relation", "first_name", "father_name", "grandfather_name",
    "family_name", "gender", "birth_date", "phone", "education", "marital_status", "disability",
    "work_capacity", "governorate", "monthly_income", "pension_amount",
)  # fmt: skip
ARABIC_HEADERS = {
    "file_number": "رقم الملف", "office_code": "رمز المكتب", "national_id": "رقم الهوية",
    "relation": "صلة القرابة", "first_name": "الاسم الأول", "father_name": "اسم الأب",
    "grandfather_name": "اسم الجد", "family_name": "اسم العائلة", "gender": "الجنس",
    "birth_date": "تاريخ الميلاد", "phone": "الجوال", "education": "المؤهل",
    "marital_status": "الحالة الاجتماعية", "disability": "الإعاقة", "work_capacity": "القدرة على العمل",
    "governorate": "المحافظة", "monthly_income": "الدخل الشهري", "pension_amount": "مبلغ المعاش",
}  # fmt: skip

ROW_REASONS = (
    "invalid_national_id", "invalid_date", "future_date", "invalid_phone", "unknown_office",
    "unknown_governorate", "unknown_value", "missing_required",
)  # fmt: skip
REASONS = (*ROW_REASONS, "duplicate_in_file", "household_without_head", "household_with_two_heads")

DEFAULT_START_FILE_NUMBER = 50_000_001
DEFAULT_ID_OFFSET = 50_000_000

# The Arabic words files.md §1 allows for each code (one spelling each; the importer knows more).
ARABIC_VALUES = {
    "relation": {"head": "رب الأسرة", "wife": "زوجة", "husband": "زوج", "son": "ابن", "daughter": "ابنة",
                 "father": "أب", "mother": "أم", "brother": "أخ", "sister": "أخت", "other": "أخرى"},
    "gender": {"M": "ذكر", "F": "أنثى"},
    "education": {"none": "أمي", "primary": "ابتدائي", "intermediate": "متوسط", "secondary": "ثانوي",
                  "diploma": "دبلوم", "bachelor": "بكالوريوس", "master": "ماجستير", "doctorate": "دكتوراه"},
    "disability": {"none": "لا يوجد", "physical": "حركية", "visual": "بصرية", "hearing": "سمعية",
                   "intellectual": "ذهنية", "multiple": "متعددة", "other": "أخرى"},
    "work_capacity": {"able": "قادر على العمل", "rehabilitable": "قابل للتأهيل",
                      "not_rehabilitable": "غير قابل للتأهيل"},
}  # fmt: skip
MARITAL_ARABIC = {
    ("single", "M"): "أعزب", ("single", "F"): "عزباء", ("married", "M"): "متزوج", ("married", "F"): "متزوجة",
    ("divorced", "M"): "مطلق", ("divorced", "F"): "مطلقة", ("widowed", "M"): "أرمل", ("widowed", "F"): "أرملة",
}  # fmt: skip

BAD_NATIONAL_IDS = ("short", "checksum", "first_digit", "letters")
BAD_DATES = ("1985-02-30", "31/13/1990", "1250/01/01", "unknown", "2001-00-10", "1440/13/01")
BAD_PHONES = ("0521234567", "12345", "05012345", "+9715012345678", "0112345678")
BAD_OFFICES = ("XYZ", "SBYX", "999", "مكتب")
BAD_GOVERNORATES = ("Atlantis", "مدينة الأحلام", "القاهرة", "Springfield")
BAD_VALUES = (("gender", "X"), ("education", "جامعي"), ("marital_status", "مخطوب"), ("relation", "ابن عم"),
              ("disability", "partial"), ("work_capacity", "maybe"))  # fmt: skip
REQUIRED_BLANKS = ("first_name", "family_name", "birth_date", "gender", "relation")

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _gregorian(day: date, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.7:
        return day.isoformat()
    if style < 0.85:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style < 0.93:
        return f"{day.year}/{day.month:02d}/{day.day:02d}"
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def _birth_date(day: date, rng: random.Random) -> str:
    if rng.random() < 0.1:
        year, month, dom = to_hijri(day)
        return f"{year}/{month:02d}/{dom:02d}"
    return _gregorian(day, rng)


def _phone(e164: str, rng: random.Random) -> str:
    if not e164:
        return ""
    national = e164[4:]  # 5XXXXXXXX
    style = rng.random()
    if style < 0.5:
        return "0" + national
    if style < 0.7:
        return e164
    if style < 0.8:
        return "966" + national
    if style < 0.9:
        return "00966" + national
    return f"0{national[:2]} {national[2:5]} {national[5:]}"


def _bad_national_id(valid: str, rng: random.Random) -> str:
    kind = BAD_NATIONAL_IDS[int(rng.random() * len(BAD_NATIONAL_IDS))]
    if kind == "short":
        return valid[:9]
    if kind == "checksum":
        return valid[:9] + str((int(valid[9]) + 1 + int(rng.random() * 9)) % 10)
    if kind == "first_digit":
        # 3…: never a national ID or an iqama, whatever the check digit
        return "3" + valid[1:]
    return valid[:5] + "O" + valid[6:]  # a letter O typed for a zero


class _RollWriter:
    def __init__(self, path: Path, fmt: str, arabic_headers: bool, encoding: str, delimiter: str):
        self.fmt = fmt
        headers = [ARABIC_HEADERS[c] if arabic_headers else c for c in COLUMNS]
        if fmt == "csv":
            self.handle = path.open("w", encoding=encoding, newline="")
            self.writer = csv.writer(self.handle, delimiter=delimiter)
            self.writer.writerow(headers)
        elif fmt == "xlsx":
            from openpyxl import Workbook

            self.path = path
            self.book = Workbook(write_only=True)
            self.sheet = self.book.create_sheet("roll")
            self.sheet.append(headers)
        else:
            raise ValueError(f"unknown format {fmt!r}: csv or xlsx")

    def write(self, row: dict) -> None:
        cells = [row[c] for c in COLUMNS]
        if self.fmt == "csv":
            self.writer.writerow(cells)
        else:
            self.sheet.append(cells)

    def close(self) -> None:
        if self.fmt == "csv":
            self.handle.close()
        else:
            self.book.save(self.path)


def write_roll(
    path: str | Path,
    members: int,
    seed: int,
    bad_fraction: float = 0.02,
    fmt: str = "csv",
    *,
    arabic_headers: bool = False,
    encoding: str = "utf-8",
    delimiter: str = ",",
    start_file_number: int = DEFAULT_START_FILE_NUMBER,
    id_offset: int = DEFAULT_ID_OFFSET,
    as_of: date | None = None,
) -> dict:
    """Write ``members`` rows to ``path``; return what the importer should find (see the module docstring).

    ``encoding="cp1256"`` (Windows Arabic) writes no Arabic-Indic digits, which that code page cannot hold.
    """
    path = Path(path)
    as_of = as_of or date.today()
    rng = random.Random(f"roll:{seed}")
    geography = demo_geography()
    indic_digits = encoding.replace("-", "").lower() not in ("cp1256", "windows1256")
    out = _RollWriter(path, fmt, arabic_headers, encoding, delimiter)
    by_reason = dict.fromkeys(REASONS, 0)
    written = rejected = household_count = turn = 0
    duplicate_source: str | None = None  # a valid, untouched, non-head ID already written
    try:
        for household in households(
            max(1, members), seed, start_file_number=start_file_number, id_offset=id_offset, as_of=as_of
        ):
            rows = _household_rows(household, geography, rng, indic_digits)[: members - written]
            if not rows:
                break
            household_count += 1
            reason = None
            if rejected < bad_fraction * (written + len(rows)):
                reason = REASONS[turn % len(REASONS)]
                if len(rows) < 2 and reason != "household_without_head":
                    reason = None  # needs a non-head row: try this reason again on a later household
                elif reason == "duplicate_in_file" and duplicate_source is None:
                    reason = None
            if reason is not None:
                turn += 1
                spoiled = _spoil(reason, rows, household, rng, as_of, duplicate_source)
                by_reason[reason] += spoiled
                rejected += spoiled
                if reason == "duplicate_in_file":
                    duplicate_source = None
            else:
                # Remember one clean non-head ID for a later duplicate (rows here are untouched).
                duplicate_source = duplicate_source or next(
                    (row["national_id"] for row in rows[1:] if row["national_id"].isascii()), None
                )
            for row in rows:
                out.write(row)
            written += len(rows)
            if written >= members:
                break
    finally:
        out.close()
    return {
        "rows": written,
        "households": household_count,
        "rejected": rejected,
        "by_reason": {reason: count for reason, count in by_reason.items() if count},
    }


def _household_rows(household: dict, geography, rng: random.Random, indic_digits: bool) -> list[dict]:
    names = geography.names[household["governorate_code"]]
    # Mostly the Arabic name; sometimes English or a spelling variant (فيفا for فيفاء, الداير for الدائر).
    roll = rng.random()
    governorate = names[0] if roll < 0.8 or len(names) < 2 else names[1] if roll < 0.9 else rng.choice(names)
    arabic_codes = rng.random() < 0.1  # this clerk writes coded values in Arabic
    office_code = household["office_code"] if rng.random() < 0.95 else household["office_code"].lower()
    rows = []
    for index, m in enumerate(household["members"]):
        is_head = index == 0
        row = {
            "file_number": household["file_number"],
            "office_code": office_code,
            "national_id": m["national_id"],
            "relation": m["relation"],
            "first_name": m["first_name"],
            "father_name": m["father_name"],
            "grandfather_name": m["grandfather_name"],
            "family_name": m["family_name"],
            "gender": m["gender"],
            "birth_date": _birth_date(m["birth_date"], rng),
            "phone": _phone(m["phone"], rng),
            "education": m["education"],
            "marital_status": m["marital_status"],
            "disability": m["disability"],
            "work_capacity": m["work_capacity"],
            "governorate": governorate,
            "monthly_income": str(household["monthly_income"]) if is_head else "",
            "pension_amount": str(household["pension_amount"]) if is_head else "",
        }
        if arabic_codes:
            for column, words in ARABIC_VALUES.items():
                if row[column]:
                    row[column] = words[row[column]]
            if row["marital_status"]:
                row["marital_status"] = MARITAL_ARABIC[row["marital_status"], m["gender"]]
        if indic_digits and rng.random() < 0.03:
            for column in ("national_id", "birth_date", "phone", "monthly_income", "pension_amount"):
                row[column] = row[column].translate(_ARABIC_INDIC)
        rows.append(row)
    return rows


def _spoil(reason, rows, household, rng, as_of, duplicate_source) -> int:
    """Make the household's rows carry exactly ``reason``; return how many rows the importer will reject."""
    if reason == "household_without_head":
        rows[0]["relation"] = "other"
        return len(rows)
    if reason == "household_with_two_heads":
        rows[1 + int(rng.random() * (len(rows) - 1))]["relation"] = "head"
        return len(rows)
    row = rows[1 + int(rng.random() * (len(rows) - 1))]  # never the head: the rest of the household stays
    if reason == "duplicate_in_file":
        row["national_id"] = duplicate_source
        return 2  # this row and the earlier one
    if reason == "invalid_national_id":
        row["national_id"] = _bad_national_id(_ascii_digits(row["national_id"]), rng)
    elif reason == "invalid_date":
        row["birth_date"] = BAD_DATES[int(rng.random() * len(BAD_DATES))]
    elif reason == "future_date":
        row["birth_date"] = _gregorian(as_of + timedelta(days=400 + int(rng.random() * 1500)), rng)
    elif reason == "invalid_phone":
        row["phone"] = BAD_PHONES[int(rng.random() * len(BAD_PHONES))]
    elif reason == "unknown_office":
        row["office_code"] = BAD_OFFICES[int(rng.random() * len(BAD_OFFICES))]
    elif reason == "unknown_governorate":
        row["governorate"] = BAD_GOVERNORATES[int(rng.random() * len(BAD_GOVERNORATES))]
    elif reason == "unknown_value":
        column, value = BAD_VALUES[int(rng.random() * len(BAD_VALUES))]
        row[column] = value
    elif reason == "missing_required":
        row[REQUIRED_BLANKS[int(rng.random() * len(REQUIRED_BLANKS))]] = ""
    return 1


def _ascii_digits(text: str) -> str:
    """The ASCII digits of an ID that may have been written in Arabic-Indic digits."""
    return text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
