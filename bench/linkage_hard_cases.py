"""A second person file for record linkage, made independently of ``linkage_data.py``: hard cases.

``linkage_data.py`` draws names from the project's own name list and corrupts duplicates in the ways its
author expected. A model tuned on it can learn that list's habits, so this file is built by different
rules, from its own hand-written name pools, to hold the families of false matches offices really meet:

* **large households**: many brothers and sisters sharing father, grandfather, family name, governorate
  and (usually) the household's one mobile; given names drawn from pools where close pairs are common
  (حسن/حسين, محمد/محمود/أحمد, عبدالله/عبدالرحمن, فاطمة/فاطمه is a *spelling*, فاطمة/فطيم is not);
* **twins**: the same birth date, given names from one close pair, two different valid national IDs;
* **cousins**: the families of two brothers share grandfather and family name; the eldest son of each is
  named after the grandfather (so cousins often share given + grandfather + family name);
* **a parent and a child** sharing the household mobile, the child named after the grandfather (so the
  child's given and father's names are the parent's father's and given names: the "swapped" look);
* **true duplicates** (one person registered again) corrupted as offices do: one ID digit mistyped or two
  neighbouring digits swapped, the ID left out, ة/ه and ى/ي, hamza seats, عبد ال spacing, the grandfather
  dropped, Arabic-Indic digits, the birth date typed in Hijri, a phone missing or changed.

Deterministic by seed. ``python bench/linkage_hard_cases.py N [SEED] [DIR]`` writes ``DIR/people.csv``
(files.md §4 columns) and ``DIR/truth.csv`` (record_id, person_id).
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tamkeen.core.hijri import to_hijri  # noqa: E402
from tamkeen.core.identifiers import luhn_check_digit  # noqa: E402

# Close given names that are different people's names, not spellings of one name.
MALE_CLOSE = [
    ("حسن", "حسين", "حسان"),
    ("محمد", "محمود", "أحمد", "حامد", "حمد", "حمود"),
    ("عبدالله", "عبدالرحمن", "عبدالرحيم", "عبدالعزيز", "عبدالكريم", "عبدالمجيد"),
    ("سعد", "سعيد", "سعود", "مسعود"),
    ("فهد", "فهيد"),
    ("علي", "عليان", "عالي"),
    ("خالد", "خليل", "خلف"),
    ("ناصر", "منصور", "نصار"),
    ("صالح", "مصلح", "صلاح"),
    ("إبراهيم", "إسماعيل"),
    ("عمر", "عمار", "عامر"),
]
MALE_OTHER = [
    "يحيى",
    "يوسف",
    "موسى",
    "عيسى",
    "طارق",
    "ماجد",
    "بندر",
    "تركي",
    "جابر",
    "هادي",
    "مهدي",
    "زكريا",
    "قاسم",
]
FEMALE_CLOSE = [
    ("فاطمة", "فتحية", "فطيمة"),
    ("مريم", "مرام", "ريم"),
    ("نورة", "نور", "نوال"),
    ("هدى", "هند", "هيا"),
    ("أمل", "آمال", "أماني"),
    ("سارة", "سميرة", "سهى"),
    ("منى", "منيرة", "منار"),
    ("عائشة", "عبير"),
    ("خديجة", "خلود"),
    ("حصة", "حسنى"),
]
FEMALE_OTHER = ["زينب", "رقية", "جميلة", "لطيفة", "شريفة", "بشرى", "سلمى", "ليلى", "رحاب", "وفاء"]
FAMILIES = [
    "الحربي", "المالكي", "العطاس", "آل مفرح", "الشهري", "البارقي", "القرني", "الزهراني", "المباركي", "الشعبي",
    "الدوسري", "عسيري", "النجمي", "الحكمي", "خبراني", "الصميلي", "العامري", "الأحمدي", "الإدريسي", "أبو طالب",
    "عبدالجبار", "الفقيه", "السبعي", "المدخلي", "الفيفي", "الريثي", "الجابري", "الحسيني", "الخواجي", "الكعبي",
]  # fmt: skip
GOVERNORATES = ["جازان", "صبيا", "أبو عريش", "صامطة", "بيش", "الدرب", "فيفاء", "العيدابي", "ضمد", "الحرث"]

LAST_BIRTH = date(2024, 12, 31)
_HINDI = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


class _Names:
    """Given names weighted so that the close pairs above are common (each tuple's first name commonest)."""

    def __init__(self, close: list[tuple[str, ...]], other: list[str], rng: random.Random):
        self.rng = rng
        self.names: list[str] = []
        self.weights: list[float] = []
        for rank, group in enumerate(close):
            for position, name in enumerate(group):
                self.names.append(name)
                self.weights.append(10.0 / (rank + 1) / (position + 1))
        for name in other:
            self.names.append(name)
            self.weights.append(0.6)
        self.close_of = {name: group for group in close for name in group}

    def __call__(self, avoid: set[str] = frozenset()) -> str:
        for _ in range(30):
            name = self.rng.choices(self.names, self.weights)[0]
            if name not in avoid:
                return name
        return name

    def close_pair(self) -> tuple[str, str]:
        group = self.rng.choice([g for g in self.close_of.values() if len(g) > 1])
        a, b = self.rng.sample(list(group), 2)
        return a, b


class _Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.male = _Names(MALE_CLOSE, MALE_OTHER, self.rng)
        self.female = _Names(FEMALE_CLOSE, FEMALE_OTHER, self.rng)
        self.ids: set[str] = set()
        self.phones: set[str] = set()
        self.people: list[dict] = []

    def national_id(self) -> str:
        while True:
            body = self.rng.choice("1111112") + f"{self.rng.randrange(10**8):08d}"
            value = body + luhn_check_digit(body)
            if value not in self.ids:
                self.ids.add(value)
                return value

    def phone(self) -> str:
        while True:
            value = f"+9665{self.rng.choice('034569')}{self.rng.randrange(10**7):07d}"
            if value not in self.phones:
                self.phones.add(value)
                return value

    def person(self, given, father, grandfather, family, gender, birth, phone, governorate) -> dict:
        person = {
            "person_id": len(self.people),
            "national_id": self.national_id(),
            "first_name": given,
            "father_name": father,
            "grandfather_name": grandfather,
            "family_name": family,
            "gender": gender,
            "birth": birth,
            "phone": phone,
            "governorate": governorate,
        }
        self.people.append(person)
        return person

    def household(self, father, grandfather, family, governorate, father_birth: date) -> None:
        """A father and his children; the eldest son named after the grandfather; maybe twins."""
        rng = self.rng
        home_phone = self.phone()
        self.person(father, grandfather, self.male(), family, "M", father_birth, home_phone, governorate)
        used = {father}
        birth = father_birth + timedelta(days=rng.randrange(20 * 365, 32 * 365))
        for index in range(rng.choice((2, 3, 4, 5, 6, 7, 8, 9, 10))):
            if birth > LAST_BIRTH:
                break
            gender = rng.choice("MF")
            names = self.male if gender == "M" else self.female
            phone = home_phone if rng.random() < 0.7 else self.phone()
            if index == 0 and gender == "M" and grandfather not in used:
                given = grandfather  # named after his grandfather: looks like the father with names swapped
            else:
                given = names(avoid=used)
            if rng.random() < 0.12:  # twins: one close pair of names, one birth date, two valid IDs
                first, second = names.close_pair()
                if first in used or second in used:
                    first, second = given, names(avoid=used | {given})
                for twin in (first, second):
                    used.add(twin)
                    self.person(twin, father, grandfather, family, gender, birth, phone, governorate)
            else:
                used.add(given)
                self.person(given, father, grandfather, family, gender, birth, phone, governorate)
            birth += timedelta(days=rng.randrange(330, 3 * 365))

    def clan(self) -> None:
        """Two or three brothers' households: cousins share grandfather and family name."""
        rng = self.rng
        family = rng.choice(FAMILIES)
        grandfather = self.male()
        governorate = rng.choice(GOVERNORATES)
        brothers: set[str] = set()
        start = date(1945, 1, 1) + timedelta(days=rng.randrange(25 * 365))
        for _ in range(rng.choice((1, 2, 2, 3))):
            father = self.male(avoid=brothers | {grandfather})
            brothers.add(father)
            self.household(
                father, grandfather, family, governorate, start + timedelta(days=rng.randrange(3000))
            )


# ---- Office corruptions of a second record of the same person -----------------------------------------

_HAMZA = {"أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ي"}


def _spelling(name: str, rng: random.Random) -> str:
    if not name:
        return name
    roll = rng.random()
    if roll < 0.25:
        for seat, bare in _HAMZA.items():
            if seat in name:
                return name.replace(seat, bare, 1)
        if name.startswith("ا"):
            return "أ" + name[1:]
    elif roll < 0.45:
        if name.endswith("ة"):
            return name[:-1] + "ه"
        if name.endswith("ى"):
            return name[:-1] + "ي"
    elif roll < 0.65:
        for prefix in ("عبد", "أبو", "ابو"):
            if name.startswith(prefix + " "):
                return prefix + name[len(prefix) + 1 :]
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                return prefix + " " + name[len(prefix) :]
    elif roll < 0.7 and len(name) > 4 and not name.startswith(("ال", "آل", "عبد", "أبو")):
        # a letter doubled or dropped in typing, in a long name only (short names are other names)
        index = rng.randrange(1, len(name) - 1)
        return (
            name[:index] + name[index + 1 :]
            if rng.random() < 0.5
            else name[:index] + name[index] + name[index:]
        )
    return name


def _id_mistake(value: str, rng: random.Random) -> str:
    digits = list(value)
    index = rng.randrange(1, 9)
    if rng.random() < 0.5 and digits[index] != digits[index + 1]:
        digits[index], digits[index + 1] = digits[index + 1], digits[index]
    else:
        digits[index] = rng.choice([d for d in "0123456789" if d != digits[index]])
    return "".join(digits)


def _date_text(d: date, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        year, month, day = to_hijri(d)
        text = f"{year}/{month:02d}/{day:02d}"
    elif roll < 0.45:
        text = f"{d.day}/{d.month}/{d.year}"
    else:
        text = d.isoformat()
    return text.translate(_HINDI) if rng.random() < 0.1 else text


def _phone_text(e164: str, rng: random.Random) -> str:
    local = "0" + e164[4:]
    return rng.choice((local, local, e164, e164[1:], local.translate(_HINDI), f"{local[:3]}-{local[3:]}"))


def _record(person: dict, rng: random.Random, *, corrupt: bool, phones) -> dict:
    parts = [person["first_name"], person["father_name"], person["grandfather_name"], person["family_name"]]
    national_id, phone, birth = person["national_id"], person["phone"], person["birth"]
    if corrupt:
        parts = [_spelling(part, rng) for part in parts]
        if rng.random() < 0.2:
            parts[2] = ""
        roll = rng.random()
        if roll < 0.25:
            national_id = ""
        elif roll < 0.4:
            national_id = _id_mistake(national_id, rng)
        roll = rng.random()
        if roll < 0.2:
            phone = ""
        elif roll < 0.3:
            phone = phones()
        if rng.random() < 0.08:
            birth = None
    if national_id and rng.random() < 0.15:
        national_id = national_id.translate(_HINDI)
    return {
        "national_id": national_id,
        "first_name": parts[0],
        "father_name": parts[1],
        "grandfather_name": parts[2],
        "family_name": parts[3],
        "gender": person["gender"],
        "birth_date": _date_text(birth, rng) if birth else "",
        "phone": _phone_text(phone, rng) if phone else "",
        "governorate": person["governorate"],
    }


def generate(n_records: int, seed: int = 16, duplicate_rate: float = 0.2) -> tuple[list[dict], list[int]]:
    """``n_records`` records (files.md §4 columns) and, for each, the id of the person it describes."""
    generator = _Generator(seed)
    rng = generator.rng
    records: list[dict] = []
    truth: list[int] = []
    while len(records) < n_records:
        start = len(generator.people)
        generator.clan()
        for person in generator.people[start:]:
            copies = 1 + (rng.random() < duplicate_rate) + (rng.random() < duplicate_rate * 0.15)
            for copy in range(copies):
                if len(records) >= n_records:
                    break
                record = _record(person, rng, corrupt=copy > 0, phones=generator.phone)
                records.append({"record_id": "", **record})
                truth.append(person["person_id"])
    order = list(range(len(records)))
    rng.shuffle(order)  # duplicates are not next to each other in a real file
    shuffled = [records[i] for i in order]
    for index, record in enumerate(shuffled):
        record["record_id"] = f"H{index:07d}"
    return shuffled, [truth[i] for i in order]


def write(n_records: int, seed: int, directory: Path) -> tuple[Path, Path]:
    records, truth = generate(n_records, seed)
    directory.mkdir(parents=True, exist_ok=True)
    people, truth_path = directory / "people.csv", directory / "truth.csv"
    with people.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    with truth_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "person_id"])
        writer.writerows((record["record_id"], person) for record, person in zip(records, truth, strict=True))
    return people, truth_path


if __name__ == "__main__":
    arguments = sys.argv[1:]
    write(
        int(arguments[0]) if arguments else 30_000,
        int(arguments[1]) if len(arguments) > 1 else 16,
        Path(arguments[2]) if len(arguments) > 2 else Path("var/linkage-hard"),
    )
