"""Validating roll rows (contracts/files.md §1): pure functions over plain values, no database.

``validate_row`` turns one raw row into cleaned values and a list of problems ``(column, value, reason)``.
``household_problems`` applies the rules that need the whole file (duplicates, heads) from the small keys
the first pass collected. The same functions validate the hand-entry forms, so a form and a file never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from tamkeen.core.dates import InvalidDate, parse_date
from tamkeen.core.digits import is_ascii_digits, normalise_digits
from tamkeen.core.identifiers import clean_national_id, national_id_problem
from tamkeen.core.names import normalise_name
from tamkeen.core.phones import InvalidPhone, parse_mobile

# Reason codes, exactly as files.md §1 names them.
MISSING_REQUIRED = "missing_required"
INVALID_NATIONAL_ID = "invalid_national_id"
DUPLICATE_IN_FILE = "duplicate_in_file"
INVALID_DATE = "invalid_date"
FUTURE_DATE = "future_date"
INVALID_PHONE = "invalid_phone"
UNKNOWN_OFFICE = "unknown_office"
UNKNOWN_GOVERNORATE = "unknown_governorate"
UNKNOWN_VALUE = "unknown_value"
HOUSEHOLD_WITHOUT_HEAD = "household_without_head"
HOUSEHOLD_WITH_TWO_HEADS = "household_with_two_heads"
BELONGS_TO_OTHER_HOUSEHOLD = "belongs_to_other_household"

REASON_CODES = (
    MISSING_REQUIRED,
    INVALID_NATIONAL_ID,
    DUPLICATE_IN_FILE,
    INVALID_DATE,
    FUTURE_DATE,
    INVALID_PHONE,
    UNKNOWN_OFFICE,
    UNKNOWN_GOVERNORATE,
    UNKNOWN_VALUE,
    HOUSEHOLD_WITHOUT_HEAD,
    HOUSEHOLD_WITH_TWO_HEADS,
    BELONGS_TO_OTHER_HOUSEHOLD,
)
HOUSEHOLD_LEVEL_REASONS = frozenset({DUPLICATE_IN_FILE, HOUSEHOLD_WITHOUT_HEAD, HOUSEHOLD_WITH_TWO_HEADS})

REQUIRED = ("file_number", "office_code", "national_id", "relation", "first_name", "family_name", "gender",
            "birth_date", "governorate")  # fmt: skip
NAME_COLUMNS = ("first_name", "father_name", "grandfather_name", "family_name")
NAME_MAX_LENGTH = 60
FILE_NUMBER_MAX_LENGTH = 20
MONEY_MAX = Decimal("99999999.99")

# Coded values: the code itself (English) and the Arabic words of files.md §1, and a few common variants.
CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "relation": {
        "head": ("رب الأسرة", "رب الاسرة", "العائل", "رب اسرة"),
        "wife": ("زوجة",),
        "husband": ("زوج",),
        "son": ("ابن",),
        "daughter": ("ابنة", "بنت"),
        "father": ("أب", "والد"),
        "mother": ("أم", "والدة"),
        "brother": ("أخ",),
        "sister": ("أخت",),
        "other": ("أخرى", "اخري", "آخر"),
    },
    "gender": {"M": ("male", "ذكر"), "F": ("female", "أنثى")},
    "education": {
        "none": ("أمي", "أمية", "illiterate"),
        "primary": ("ابتدائي",),
        "intermediate": ("متوسط",),
        "secondary": ("ثانوي",),
        "diploma": ("دبلوم",),
        "bachelor": ("بكالوريوس", "bachelors"),
        "master": ("ماجستير", "masters"),
        "doctorate": ("دكتوراه", "phd"),
    },
    "marital_status": {
        "single": ("أعزب", "عزباء"),
        "married": ("متزوج", "متزوجة"),
        "divorced": ("مطلق", "مطلقة"),
        "widowed": ("أرمل", "أرملة"),
    },
    "disability": {
        "none": ("لا يوجد", "لا توجد", "لا"),
        "physical": ("حركية", "جسدية"),
        "visual": ("بصرية",),
        "hearing": ("سمعية",),
        "intellectual": ("ذهنية",),
        "multiple": ("متعددة",),
        "other": ("أخرى",),
    },
    "work_capacity": {
        "able": ("قادر على العمل", "قادر", "قادرة على العمل", "قادرة"),
        "rehabilitable": ("قابل للتأهيل", "قابلة للتأهيل"),
        "not_rehabilitable": ("غير قابل للتأهيل", "غير قابلة للتأهيل", "not rehabilitable"),
    },
}
# Empty optional coded values: disability defaults to "none", the others stay blank (unknown).
EMPTY_CHOICE = {"disability": "none"}


@lru_cache(maxsize=8192)
def value_key(text: str) -> str:
    return normalise_name(text.replace("_", " ").strip().casefold())


def _choice_lookup() -> dict[str, dict[str, str]]:
    lookup: dict[str, dict[str, str]] = {}
    for column, codes in CHOICES.items():
        mapping: dict[str, str] = {}
        for code, words in codes.items():
            for word in (code, *words):
                mapping[value_key(word)] = code
        lookup[column] = mapping
    return lookup


CHOICE_LOOKUP = _choice_lookup()


@dataclass(frozen=True)
class OfficeRef:
    id: int
    code: str
    region_id: int


@dataclass
class Reference:
    """What validation needs to know about configuration, as plain data (built once per import)."""

    offices: dict[str, OfficeRef]  # code (casefolded) -> office
    governorates: dict[int, dict[str, int]]  # region id -> {governorate key -> governorate id}
    today: date
    only_office_id: int | None = None  # a supervisor's import: rows of other offices are unknown_office
    governorate_key: object = None  # callable text -> key (geography.selectors.governorate_key)

    def key(self, text: str) -> str:
        if self.governorate_key is None:
            return value_key(text)
        return self.governorate_key(text)  # type: ignore[operator]


@dataclass
class RowResult:
    values: dict = field(default_factory=dict)
    problems: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems


def text_of(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


@lru_cache(maxsize=65536)
def _date_cached(text: str) -> date:
    return parse_date(text)


@lru_cache(maxsize=65536)
def name_part_key(text: str) -> str:
    return normalise_name(text)


def clean_date(value: object, today: date) -> tuple[date | None, str | None]:
    try:
        parsed = parse_date(value) if isinstance(value, date) else _date_cached(text_of(value))
    except (InvalidDate, ValueError, OverflowError):
        return None, INVALID_DATE
    if parsed > today:
        return None, FUTURE_DATE
    return parsed, None


_PHONE_NOISE = str.maketrans("", "", " -()\u00a0")
_PHONE_PREFIXES = ("+966", "00966", "966", "0")


@lru_cache(maxsize=16384)
def _mobile_prefix_is_valid(prefix: str) -> bool:
    """Whether nine-digit Saudi numbers starting with these five digits are valid mobiles, asked once.

    libphonenumber's Saudi mobile pattern (579[0-8]…, 5[013-689]…, 57[0-8]…) depends on at most the first four
    national digits and the length; a five-digit key leaves a margin for finer metadata, and one
    representative number per prefix gives the same answer as the full number.
    """
    try:
        parse_mobile("0" + prefix + "1234")
    except InvalidPhone:
        return False
    return True


def clean_phone(text: str) -> str | None:
    """E.164 form of a Saudi mobile number or None; same answers as core.phones.parse_mobile, faster on the
    common shapes (0 5X…, +966 5X…, 966…, 00966…) by asking phonenumbers once per five-digit prefix."""
    compact = normalise_digits(text).translate(_PHONE_NOISE)
    national = compact
    for prefix in _PHONE_PREFIXES:
        if compact.startswith(prefix):
            national = compact[len(prefix) :]
            break
    if len(national) == 9 and national[0] == "5" and is_ascii_digits(national):
        return "+966" + national if _mobile_prefix_is_valid(national[:5]) else None
    try:
        return parse_mobile(text)
    except InvalidPhone:
        return None


def clean_money(text: str) -> Decimal | None:
    """SAR amounts: Arabic-Indic digits, thousands separators and the Arabic decimal comma are accepted."""
    text = normalise_digits(text).replace("٬", "").replace(",", "").replace("٫", ".").replace(" ", "")
    text = text.removesuffix("ر.س").removesuffix("sar").removesuffix("SAR")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount > MONEY_MAX:
        return None
    return amount.quantize(Decimal("0.01"))


def clean_choice(column: str, text: str) -> str | None:
    return CHOICE_LOOKUP[column].get(value_key(text))


def validate_row(raw: dict[str, object], ref: Reference) -> RowResult:
    """Cleaned values and problems for one roll row; never raises for any input.

    Only the columns present in ``raw`` are cleaned: a column absent from the file leaves the stored value
    alone, while a column present but empty clears an optional field.
    """
    result = RowResult()
    problems = result.problems
    values = result.values
    texts = {column: value.strip() if type(value) is str else text_of(value) for column, value in raw.items()}

    for column in REQUIRED:
        if not texts.get(column):
            problems.append((column, texts.get(column, ""), MISSING_REQUIRED))

    file_number = normalise_digits(texts.get("file_number", ""))
    if file_number:
        if is_ascii_digits(file_number) and len(file_number) <= FILE_NUMBER_MAX_LENGTH:
            values["file_number"] = file_number
        else:
            problems.append(("file_number", texts["file_number"], UNKNOWN_VALUE))

    office = None
    office_text = texts.get("office_code", "")
    if office_text:
        office = ref.offices.get(normalise_digits(office_text).casefold())
        if office is None or (ref.only_office_id is not None and office.id != ref.only_office_id):
            office = None
            problems.append(("office_code", office_text, UNKNOWN_OFFICE))
        else:
            values["office_id"] = office.id

    nid_text = texts.get("national_id", "")
    if nid_text:
        cleaned = clean_national_id(nid_text)
        if national_id_problem(cleaned) is None:
            values["national_id"] = cleaned
        else:
            problems.append(("national_id", nid_text, INVALID_NATIONAL_ID))

    for column in ("relation", "gender"):
        text = texts.get(column, "")
        if text:
            code = clean_choice(column, text)
            if code is None:
                problems.append((column, text, UNKNOWN_VALUE))
            else:
                values[column] = code

    for column in NAME_COLUMNS:
        if column in texts:
            text = " ".join(texts[column].split())
            if len(text) > NAME_MAX_LENGTH:
                problems.append((column, texts[column], UNKNOWN_VALUE))
            elif text or column not in REQUIRED:
                values[column] = text

    birth_text = raw.get("birth_date")
    if texts.get("birth_date"):
        birth, problem = clean_date(birth_text, ref.today)
        if problem:
            problems.append(("birth_date", texts["birth_date"], problem))
        else:
            values["birth_date"] = birth

    if "phone" in texts:
        if texts["phone"]:
            phone = clean_phone(texts["phone"])
            if phone is None:
                problems.append(("phone", texts["phone"], INVALID_PHONE))
            else:
                values["phone"] = phone
        else:
            values["phone"] = ""

    for column in ("education", "marital_status", "disability", "work_capacity"):
        if column not in texts:
            continue
        text = texts[column]
        if not text:
            values[column] = EMPTY_CHOICE.get(column, "")
            continue
        code = clean_choice(column, text)
        if code is None:
            problems.append((column, text, UNKNOWN_VALUE))
        else:
            values[column] = code

    gov_text = texts.get("governorate", "")
    if gov_text:
        if office is not None:
            gov_id = ref.governorates.get(office.region_id, {}).get(ref.key(gov_text))
        else:
            key = ref.key(gov_text)
            gov_id = next((table[key] for table in ref.governorates.values() if key in table), None)
        if gov_id is None:
            problems.append(("governorate", gov_text, UNKNOWN_GOVERNORATE))
        else:
            values["governorate_id"] = gov_id

    for column in ("monthly_income", "pension_amount"):
        if column not in texts:
            continue
        if not texts[column]:
            values[column] = None
            continue
        amount = clean_money(texts[column])
        if amount is None:
            problems.append((column, texts[column], UNKNOWN_VALUE))
        else:
            values[column] = amount

    if all(column in values for column in ("first_name", "family_name")):
        values["name_key"] = " ".join(
            key for key in (name_part_key(values.get(column, "")) for column in NAME_COLUMNS) if key
        )
    return result


# ---- household-level rules, over the small keys of the first pass ---------------------------------------


@dataclass(slots=True)
class HouseholdKeys:
    """Per file number: how many rows say "head", and the household fields of the head row when it is valid."""

    head_rows: int = 0
    head_row: int | None = None
    head_national_id: str | None = None
    head_values: dict | None = None  # office_id, governorate_id, monthly_income, pension_amount (when valid)


HOUSEHOLD_FIELDS = ("office_id", "governorate_id", "monthly_income", "pension_amount")


def household_problems(
    *,
    row_problems: list[tuple[str, str, str]],
    values: dict,
    raw_national_id: str,
    household: HouseholdKeys | None,
    duplicate_ids: set[str] | frozenset[str],
    head_rejected: bool,
) -> list[tuple[str, str, str]]:
    """The whole-file problems of one row, given what the first pass learned.

    ``head_rejected`` says whether the household's only head row was rejected (row-level problem, duplicate,
    or belonging to another household), which leaves every other row of it without a head.
    """
    problems: list[tuple[str, str, str]] = []
    national_id = values.get("national_id")
    if national_id and national_id in duplicate_ids:
        problems.append(("national_id", raw_national_id, DUPLICATE_IN_FILE))
    file_number = values.get("file_number")
    if household is None or not file_number:
        return problems
    if household.head_rows > 1:
        problems.append(("relation", values.get("relation", ""), HOUSEHOLD_WITH_TWO_HEADS))
    elif household.head_rows == 0 or (head_rejected and values.get("relation") != "head"):
        problems.append(("file_number", file_number, HOUSEHOLD_WITHOUT_HEAD))
    return problems
