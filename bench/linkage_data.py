"""Synthetic Saudi person records with known truth, for the linkage benchmark and tests.

Households share a family name, the father's and grandfather's names (siblings differ only in the given
name, birth date and ID) and often one phone. Some people are registered more than once, and each extra
record is corrupted the way office data is: hamza/alef seats, ة/ه, ى/ي, عبد spacing, a dropped grandfather
name, given and father names swapped, keyboard typos, missing or mistyped national IDs, Hijri birth dates
typed into a Gregorian field, day and month swapped, phones in other forms or missing, governorate spelling.

Names and weights come from tamkeen/registry/synthetic/data/names.json when it exists, otherwise from the lists
below (a Zipf-like skew: محمد and عبدالله are very common, most names are rare).

    records, truth = generate(100_000, seed=7)   # truth[i] = person id of records[i]
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from tamkeen.core.hijri import to_hijri
from tamkeen.core.identifiers import luhn_check_digit

NAMES_JSON = (
    Path(__file__).resolve().parent.parent / "tamkeen" / "registry" / "synthetic" / "data" / "names.json"
)

MALE = [
    "محمد",
    "عبدالله",
    "أحمد",
    "علي",
    "عبدالرحمن",
    "خالد",
    "إبراهيم",
    "عبدالعزيز",
    "فهد",
    "سعد",
    "يحيى",
    "حسن",
    "حسين",
    "موسى",
    "عيسى",
    "ناصر",
    "سلطان",
    "فيصل",
    "تركي",
    "ماجد",
    "عمر",
    "يوسف",
    "سلمان",
    "عبدالمجيد",
    "منصور",
    "صالح",
    "حمد",
    "بندر",
    "نايف",
    "مشعل",
    "هادي",
    "جابر",
    "عادل",
    "طارق",
    "زياد",
    "وليد",
    "سامي",
    "هاني",
    "مازن",
    "رائد",
    "أيمن",
    "أنس",
    "عبدالإله",
    "عبدالكريم",
    "عبدالرحيم",
    "عبدالملك",
    "عبدالهادي",
    "أبوبكر",
    "مصطفى",
    "إسماعيل",
    "حمود",
    "عطية",
    "مساوى",
    "جبران",
    "قاسم",
    "شوعي",
    "عواجي",
    "مفرح",
    "ضيف",
    "الله",
    "عبده",
    "حسان",
    "معتز",
    "نواف",
    "باسل",
]
FEMALE = [
    "فاطمة",
    "نورة",
    "مريم",
    "عائشة",
    "سارة",
    "هند",
    "أمل",
    "منى",
    "ريم",
    "حصة",
    "لطيفة",
    "خديجة",
    "زينب",
    "أسماء",
    "هيفاء",
    "نوف",
    "عبير",
    "سلمى",
    "رقية",
    "آمنة",
    "حليمة",
    "جميلة",
    "ليلى",
    "هدى",
    "وفاء",
    "سعاد",
    "نجلاء",
    "شيماء",
    "بشرى",
    "ابتسام",
    "أروى",
    "رهف",
    "غادة",
    "منيرة",
    "موضي",
    "هيلة",
    "نجود",
    "صفية",
    "زهراء",
    "كوثر",
    "حواء",
    "ملاك",
    "شهد",
    "جواهر",
    "لمى",
    "دلال",
    "عفاف",
    "سميرة",
]
FAMILY = [
    "الحازمي",
    "المالكي",
    "عقيلي",
    "الشهري",
    "القحطاني",
    "الزهراني",
    "العتيبي",
    "الحربي",
    "الغامدي",
    "الدوسري",
    "مدخلي",
    "النجمي",
    "الفيفي",
    "الحكمي",
    "المباركي",
    "العريشي",
    "الصميلي",
    "الصبياني",
    "الجازاني",
    "الدرويش",
    "الخواجي",
    "معافا",
    "قيسي",
    "الشمراني",
    "هادي",
    "كريري",
    "مجرشي",
    "زعلة",
    "عطيف",
    "حمدي",
    "شراحيلي",
    "الأحمري",
    "العسيري",
    "القرني",
    "البارقي",
    "الشهراني",
    "آل",
    "سعود",
    "آل",
    "الشيخ",
    "آل",
    "مكتوم",
    "السبيعي",
    "الرويلي",
    "العنزي",
    "الشمري",
    "المطيري",
    "الجهني",
    "البلوي",
    "الزبيدي",
    "الخالدي",
    "السلمي",
    "الحارثي",
    "الثقفي",
    "اليامي",
    "الوادعي",
    "النعمي",
    "الجعفري",
    "الحسني",
    "البكري",
    "التميمي",
    "الأنصاري",
    "عسيري",
    "فقيهي",
    "برناوي",
    "حكمي",
    "طميحي",
    "سهلي",
    "مشاري",
    "ناشري",
    "وافي",
    "دغريري",
    "جعفري",
    "بجوي",
    "أبوطالب",
    "أبوعرب",
    "الفقيه",
    "القاسمي",
    "الطويل",
    "المشرقي",
    "الغزواني",
]
GOVERNORATES = {
    "صبيا": ["صبيا"],
    "أبو عريش": ["أبو عريش", "ابو عريش", "أبوعريش"],
    "صامطة": ["صامطة", "صامطه"],
    "جازان": ["جازان", "جيزان"],
    "فيفاء": ["فيفاء", "فيفا"],
    "الدائر": ["الدائر", "الداير"],
    "بيش": ["بيش"],
    "فرسان": ["فرسان"],
    "الدرب": ["الدرب"],
    "العيدابي": ["العيدابي"],
}


def _zipf(names: list[str], exponent: float = 1.0) -> list[tuple[str, float]]:
    return [(name, 1 / (rank + 1) ** exponent) for rank, name in enumerate(names)]


def _from_names_json() -> dict[str, list[tuple[str, float]]] | None:
    """Use the shared synthetic names when another engineer's file is there; tolerate a few shapes."""
    if not NAMES_JSON.exists():
        return None
    try:
        data = json.loads(NAMES_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None

    def pairs(value) -> list[tuple[str, float]]:
        if isinstance(value, dict):
            return [(str(k), float(v)) for k, v in value.items()]
        out = []
        for item in value or []:
            if isinstance(item, str):
                out.append((item, 1.0))
            elif isinstance(item, dict):
                name = item.get("ar") or item.get("name")
                if name:
                    out.append((str(name), float(item.get("weight", 1.0))))
            elif isinstance(item, (list, tuple)) and item:
                out.append((str(item[0]), float(item[1]) if len(item) > 1 else 1.0))
        return out

    found = {}
    for ours, candidates in {
        "male": ("male", "male_first", "male_given", "given_male", "men"),
        "female": ("female", "female_first", "female_given", "given_female", "women"),
        "family": ("family", "family_names", "families", "surnames"),
    }.items():
        for key in candidates:
            if key in data and pairs(data[key]):
                found[ours] = pairs(data[key])
                break
    return found if len(found) == 3 else None


class _Picker:
    def __init__(self, weighted: list[tuple[str, float]], rng: random.Random):
        self.names = [name for name, _ in weighted]
        total = 0.0
        self.cumulative = []
        for _, weight in weighted:
            total += weight
            self.cumulative.append(total)
        self.rng = rng

    def __call__(self) -> str:
        return self.rng.choices(self.names, cum_weights=self.cumulative)[0]


# ---- corruptions -------------------------------------------------------------------------------------

_ALEF_SWAPS = {"أ": "ا", "إ": "ا", "آ": "ا"}
_KEYBOARD_NEIGHBOURS = {
    "ا": "لت",
    "ب": "يل",
    "ت": "فا",
    "ث": "قص",
    "ج": "حد",
    "ح": "جخ",
    "خ": "حه",
    "د": "جذ",
    "ر": "ؤز",
    "ز": "رظ",
    "س": "شي",
    "ش": "سي",
    "ص": "ضث",
    "ض": "صق",
    "ط": "ظك",
    "ظ": "طز",
    "ع": "غه",
    "غ": "عف",
    "ف": "قغ",
    "ق": "فث",
    "ك": "طم",
    "ل": "ام",
    "م": "نك",
    "ن": "مت",
    "ه": "عخ",
    "و": "ؤر",
    "ي": "بس",
}


def _alef_variant(name: str, rng: random.Random) -> str:
    for seat, bare in _ALEF_SWAPS.items():
        if seat in name:
            return name.replace(seat, bare, 1)
    if name.startswith("ا") and len(name) > 2:
        return rng.choice("أإ") + name[1:]
    if name.startswith("ال") and len(name) > 3 and name[2] == "ا":
        return "الأ" + name[3:]
    return name


def _final_variant(name: str) -> str:
    if name.endswith("ة"):
        return name[:-1] + "ه"
    if name.endswith("ى"):
        return name[:-1] + "ي"
    if name.endswith("ي") and len(name) > 3 and not name.startswith("ال"):
        return name[:-1] + "ى"
    return name


def _spacing_variant(name: str) -> str:
    for prefix in ("عبد", "أبو", "ابو"):
        if name.startswith(prefix + " "):
            return prefix + name[len(prefix) + 1 :]
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return prefix + " " + name[len(prefix) :]
    return name


def _typo(name: str, rng: random.Random) -> str:
    letters = list(name)
    if len(letters) < 4:
        return name
    index = rng.randrange(1, len(letters))
    kind = rng.random()
    if kind < 0.5 and letters[index] in _KEYBOARD_NEIGHBOURS:
        letters[index] = rng.choice(_KEYBOARD_NEIGHBOURS[letters[index]])
    elif kind < 0.75:
        del letters[index]
    elif index < len(letters) - 1:
        letters[index], letters[index + 1] = letters[index + 1], letters[index]
    return "".join(letters)


def _id_typo(national_id: str, rng: random.Random) -> str:
    digits = list(national_id)
    index = rng.randrange(1, 9)
    if rng.random() < 0.5:
        digits[index], digits[index + 1] = digits[index + 1], digits[index]
    else:
        digits[index] = str((int(digits[index]) + rng.randrange(1, 10)) % 10)
    return "".join(digits)


_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _format_date(d: date, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.25:  # written in Hijri, as many people know their birth date
        year, month, day = to_hijri(d)
        return f"{year:04d}/{month:02d}/{day:02d}"
    if roll < 0.4:
        return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
    return d.isoformat()


def _format_phone(e164: str, rng: random.Random) -> str:
    local = "0" + e164[4:]
    roll = rng.random()
    if roll < 0.4:
        return local
    if roll < 0.55:
        return local.translate(_ARABIC_DIGITS)
    if roll < 0.7:
        return e164[1:]
    if roll < 0.8:
        return f"{local[:3]} {local[3:6]} {local[6:]}"
    return e164


def generate(n_records: int, seed: int = 7, duplicate_rate: float = 0.18) -> tuple[list[dict], list[int]]:
    """``n_records`` records (files.md §4 columns) and, for each, the id of the person it describes."""
    rng = random.Random(seed)
    shared = _from_names_json()
    male = _Picker(shared["male"] if shared else _zipf(MALE, 1.0), rng)
    female = _Picker(shared["female"] if shared else _zipf(FEMALE, 0.9), rng)
    family = _Picker(shared["family"] if shared else _zipf(FAMILY, 0.7), rng)
    governorates = list(GOVERNORATES)
    used_ids: set[str] = set()
    used_phones: set[str] = set()

    def new_id() -> str:
        while True:
            body = rng.choice("1112") + f"{rng.randrange(10**8):08d}"
            national_id = body + luhn_check_digit(body)
            if national_id not in used_ids:
                used_ids.add(national_id)
                return national_id

    def new_phone() -> str:
        while True:
            phone = f"+9665{rng.choice('0345689')}{rng.randrange(10**7):07d}"
            if phone not in used_phones:
                used_phones.add(phone)
                return phone

    records: list[dict] = []
    truth: list[int] = []
    person_id = 0
    while len(records) < n_records:
        # One household: a father (named after his own father), a family name, children.
        family_name = family()
        father = male()
        grandfather = male()
        governorate = rng.choice(governorates)
        household_phone = new_phone()
        base_year = rng.randrange(1950, 1990)
        people = [("M", father, grandfather, male(), base_year)]
        given_names = {father}
        for _ in range(rng.choice((0, 1, 2, 2, 3, 3, 4, 5))):
            gender = rng.choice("MF")
            given = male() if gender == "M" else female()
            for _retry in range(20):  # brothers and sisters are not given the same name
                if given not in given_names:
                    break
                given = male() if gender == "M" else female()
            given_names.add(given)
            people.append(
                (gender, given, father, grandfather, rng.randrange(base_year + 18, max(base_year + 19, 2009)))
            )
        for gender, given, father_name, grandfather_name, year in people:
            if len(records) >= n_records:
                break
            birth = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            person = {
                "national_id": new_id(),
                "first_name": given,
                "father_name": father_name,
                "grandfather_name": grandfather_name,
                "family_name": family_name,
                "gender": gender,
                "birth": birth,
                "phone": household_phone if rng.random() < 0.45 else new_phone(),
                "governorate": governorate,
            }
            copies = 1
            if rng.random() < duplicate_rate:
                copies += 1 if rng.random() < 0.8 else 2
            for copy in range(copies):
                if len(records) >= n_records:
                    break
                records.append(_record(person, rng, corrupt=copy > 0, index=len(records)))
                truth.append(person_id)
            person_id += 1
    return records, truth


def _record(person: dict, rng: random.Random, *, corrupt: bool, index: int) -> dict:
    first, father, grandfather, family_name = (
        person["first_name"],
        person["father_name"],
        person["grandfather_name"],
        person["family_name"],
    )
    national_id = person["national_id"]
    birth = person["birth"]
    phone = person["phone"]
    governorate = person["governorate"]
    if corrupt:
        parts = [first, father, grandfather, family_name]
        for i in range(4):
            if rng.random() < 0.25:
                parts[i] = _alef_variant(parts[i], rng)
            if rng.random() < 0.2:
                parts[i] = _final_variant(parts[i])
            if rng.random() < 0.3:
                parts[i] = _spacing_variant(parts[i])
        if rng.random() < 0.12:
            i = rng.randrange(4)
            parts[i] = _typo(parts[i], rng)
        if rng.random() < 0.05:
            parts[3] = parts[3][2:] if parts[3].startswith("ال") else "ال" + parts[3]
        if rng.random() < 0.15:
            parts[2] = ""
        if rng.random() < 0.04:
            parts[0], parts[1] = parts[1], parts[0]
        first, father, grandfather, family_name = parts
        roll = rng.random()
        if roll < 0.2:
            national_id = ""
        elif roll < 0.3:
            national_id = _id_typo(national_id, rng)
        roll = rng.random()
        if roll < 0.07:
            # The Hijri day and month, typed with the Gregorian year into a Gregorian field.
            _, month, day = to_hijri(birth)
            birth = date(birth.year, month, min(day, 28))
        elif roll < 0.12 and birth.day <= 12:
            birth = date(birth.year, birth.day, birth.month)
        roll = rng.random()
        if roll < 0.2:
            phone = ""
        elif roll < 0.28:
            phone = f"+9665{rng.choice('0345689')}{rng.randrange(10**7):07d}"
        if rng.random() < 0.3:
            governorate = rng.choice(GOVERNORATES[governorate])
    if national_id and rng.random() < 0.1:
        national_id = national_id.translate(_ARABIC_DIGITS)
    return {
        "record_id": f"R{index:07d}",
        "national_id": national_id,
        "first_name": first,
        "father_name": father,
        "grandfather_name": grandfather,
        "family_name": family_name,
        "gender": person["gender"] if rng.random() < 0.9 else ("ذكر" if person["gender"] == "M" else "أنثى"),
        "birth_date": _format_date(birth, rng) if birth else "",
        "phone": _format_phone(phone, rng) if phone else "",
        "governorate": governorate,
    }


def true_pairs(records: list[dict], truth: list[int]) -> set[tuple[str, str]]:
    """Every pair of record ids (a < b) that describe the same person."""
    by_person: dict[int, list[str]] = {}
    for record, person in zip(records, truth, strict=True):
        by_person.setdefault(person, []).append(record["record_id"])
    pairs = set()
    for ids in by_person.values():
        ids.sort()
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs.add((a, b))
    return pairs
