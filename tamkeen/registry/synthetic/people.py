"""Synthetic social-security households for the demo region and the benchmarks. Pure: no ORM, no I/O but the
names file, no global random state.

How the population is generated
-------------------------------
``generate_households`` streams one plain dict per household (with its members), drawing every choice from
one ``random.Random(seed)``, so a seed (and a reference date ``as_of``) always gives the same people.
Nothing is held between households except counters, so a million households cost the memory of one.

* **Households.** A governorate is drawn in proportion to its population and gives the office. Kinds of
  household, close to the mix of social-security files: a married couple with children (~64 %, a few with a
  second wife or an elderly parent of the head), a widow with her children (~16 %), a divorced woman with
  her children (~10 %), a person living alone, often older or with a disability (~6 %), orphaned siblings
  headed by the eldest (~4 %). The mean size comes out at about 5.1 members, like social-security households
  in the south-west.
* **Names.** Four parts (given, father, grandfather, family) from ``data/names.json`` (frequency-weighted
  Saudi and Jazani given names; family names common in Jazan). A child's father name is the father's given
  name, the grandfather name is the father's father name and the family name is the father's; a wife keeps
  her own family's names (a third of them from the husband's family, as cousin marriage is common); siblings
  share the father, grandfather and family names.
* **Ages.** Heads 24–80 by kind; wives usually a few years younger than their husbands; every child is born
  when the mother is 18–44 (so 18–45 at the child's birth date); grown daughters and sons have often left
  home; elderly parents are 20–40 years older than the head. Birth dates are spread over the year.
* **Identity.** National IDs are ten digits, Luhn-valid (``core.identifiers.luhn_check_digit``) and unique:
  a fixed bijection of a counter, so they look random yet never repeat within a run, nor across runs given
  distinct ``id_offset`` ranges. Almost everyone is a citizen (1…); about 4 % of wives are residents (2…).
* **Education** by age cohort and gender (older women are far more often without schooling). **Marital
  status** follows the relation (wives married, widow heads widowed, children single, now and then a
  divorced daughter back home). **Disability** about 2.5 % of children, 4 % of younger adults, 8 % at 45–59,
  14 % at 60–74 and 25 % from 75 (higher among people living alone), ≈5 % overall; types weighted physical >
  multiple/other > visual > hearing > intellectual; about 70 % registered with the disability authority.
  **Work capacity** for adults: mostly able, some rehabilitable, few not rehabilitable; much less able with
  a disability or old age. **Full-time students** among 18–25-year-olds (more at 18–19). **Caregivers**: an
  adult woman of a household with a small child, a very old member or a member with a severe disability.
  **Employment** mostly unemployed or outside the labour force, some employed or self-employed; some
  unemployed adults registered on the national employment platform.
* **Phones**: E.164 Saudi mobiles (+9665[0,3-9]…), valid for ``phonenumbers``; most adults have one, some
  teenagers, no young children. **Money** (SAR a month): household income from members' wages and other
  sources (often none); the pension is an entitlement per head and dependant, reduced by a fifth of the
  income. The amounts are plausible orders of magnitude, not the official formula.
* ``registered_on`` (on social security since) spreads over the past 15 years, more recent dates more often,
  never before the head turned 18.
"""

from __future__ import annotations

import json
import random
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path

from tamkeen.core.identifiers import luhn_check_digit
from tamkeen.core.periods import add_years, age_on

DATA_DIR = Path(__file__).parent / "data"

DEFAULT_START_FILE_NUMBER = 1_000_001

# National IDs: body = (counter * A + B) mod 10^8 is a bijection (A is coprime with 10), so distinct counters
# give distinct IDs. Fixed constants (not drawn from the seed): disjoint counter ranges never collide.
_ID_MODULUS = 10**8
_ID_MULTIPLIER = 73_939_133
_ID_INCREMENT = 19_370_411
_ID_INCREMENT_RESIDENTS = 50_789_347  # so a resident's number does not echo a citizen's

_MOBILE_PREFIXES = ("50", "53", "54", "55", "56", "57", "58", "59")

_DISTRICTS = (
    "حي الروضة",
    "حي الشاطئ",
    "حي المطار",
    "حي الصفا",
    "حي السويس",
    "حي النسيم",
    "حي الورود",
    "حي الشامية",
    "حي العزيزية",
    "حي الجبل",
    "حي المنتزه",
    "حي الفيصلية",
    "حي السلامة",
    "حي الخالدية",
    "حي النهضة",
    "حي الربوع",
    "حي الملك فهد",
    "حي العشوائية",
    "حي البلدية",
    "حي الصناعية",
    "قرية الحسيني",
    "قرية الكدمي",
    "قرية المحلة",
    "قرية الظبية",
    "قرية الجرادية",
)


class Weighted:
    """Draw from (value, weight) pairs with one random number and a bisection."""

    __slots__ = ("cumulative", "total", "values")

    def __init__(self, pairs: Sequence[tuple[object, float]]):
        self.values = [value for value, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        return self.values[bisect_right(self.cumulative, rng.random() * self.total)]


@cache
def load_names() -> dict:
    return json.loads((DATA_DIR / "names.json").read_text(encoding="utf-8"))


@cache
def _vocabulary() -> tuple[Weighted, Weighted, Weighted]:
    names = load_names()
    return Weighted(names["male_given"]), Weighted(names["female_given"]), Weighted(names["family"])


def national_id(counter: int, kind: str = "1") -> str:
    """The ``counter``-th synthetic ID of a kind ("1" citizen, "2" resident): valid, distinct per counter."""
    increment = _ID_INCREMENT if kind == "1" else _ID_INCREMENT_RESIDENTS
    body = f"{kind}{(counter * _ID_MULTIPLIER + increment) % _ID_MODULUS:08d}"
    # The Luhn sum is a sum over digit positions and a 0 adds nothing, so the check digit of the nine digits is
    # the sum (mod 10) of the check digits of "first five + 0000" and "00000 + last four": two small caches of
    # luhn_check_digit instead of a full computation per person (millions in a benchmark).
    return f"{body}{(_luhn_high(body[:5]) + _luhn_low(body[5:])) % 10}"


@cache
def _luhn_high(first_five: str) -> int:
    return int(luhn_check_digit(first_five + "0000"))


@cache
def _luhn_low(last_four: str) -> int:
    return int(luhn_check_digit("00000" + last_four))


def _table(rows: dict) -> dict:
    return {key: Weighted(list(pairs.items())) for key, pairs in rows.items()}


# Education by (cohort, gender); children below 18 follow their school year instead.
_EDUCATION = _table(
    {
        ("18", "M"): {
            "none": 1,
            "primary": 3,
            "intermediate": 14,
            "secondary": 55,
            "diploma": 11,
            "bachelor": 16,
        },
        ("18", "F"): {
            "none": 1,
            "primary": 3,
            "intermediate": 10,
            "secondary": 54,
            "diploma": 10,
            "bachelor": 22,
        },
        ("25", "M"): {
            "none": 3,
            "primary": 10,
            "intermediate": 20,
            "secondary": 38,
            "diploma": 11,
            "bachelor": 17,
            "master": 1,
        },
        ("25", "F"): {
            "none": 5,
            "primary": 9,
            "intermediate": 15,
            "secondary": 36,
            "diploma": 10,
            "bachelor": 24,
            "master": 1,
        },
        ("40", "M"): {
            "none": 12,
            "primary": 26,
            "intermediate": 22,
            "secondary": 25,
            "diploma": 7,
            "bachelor": 7,
            "master": 0.7,
            "doctorate": 0.3,
        },
        ("40", "F"): {
            "none": 30,
            "primary": 25,
            "intermediate": 17,
            "secondary": 18,
            "diploma": 4,
            "bachelor": 6,
        },
        ("55", "M"): {
            "none": 45,
            "primary": 30,
            "intermediate": 11,
            "secondary": 9,
            "diploma": 2,
            "bachelor": 3,
        },
        ("55", "F"): {"none": 78, "primary": 14, "intermediate": 4, "secondary": 3, "bachelor": 1},
    }
)
_DISABILITY_TYPES = Weighted(
    [
        ("physical", 42),
        ("multiple", 14),
        ("other", 13),
        ("visual", 12),
        ("hearing", 11),
        ("intellectual", 8),
    ]
)
_CAPACITY = _table(
    {
        "severe": {"able": 10, "rehabilitable": 30, "not_rehabilitable": 60},
        "disabled": {"able": 35, "rehabilitable": 45, "not_rehabilitable": 20},
        "old": {"able": 15, "rehabilitable": 15, "not_rehabilitable": 70},
        "older": {"able": 50, "rehabilitable": 25, "not_rehabilitable": 25},
        "adult": {"able": 88, "rehabilitable": 9, "not_rehabilitable": 3},
    }
)
_EMPLOYMENT = _table(
    {
        "M": {"unemployed": 70, "employed": 14, "self_employed": 6, "not_in_labour_force": 10},
        "F": {"unemployed": 45, "employed": 6, "self_employed": 5, "not_in_labour_force": 44},
    }
)
_ALONE_MARITAL = Weighted([("single", 40), ("widowed", 35), ("divorced", 25)])
_KINDS = Weighted([("couple", 64), ("widow", 16), ("divorced", 10), ("alone", 6), ("siblings", 4)])
# Children ever born within the window of the mother's life that can still be at home (ages 0–30).
_CHILDREN = {
    "couple": Weighted(list(enumerate([5, 7, 10, 13, 15, 14, 12, 9, 7, 5, 3]))),
    "widow": Weighted(list(enumerate([6, 8, 12, 15, 16, 14, 11, 8, 6, 4]))),
    "divorced": Weighted(list(enumerate([10, 18, 22, 19, 13, 8, 5, 3]))),
}


def _birth(rng: random.Random, as_of: date, age: int) -> date:
    """A birth date of someone exactly ``age`` on ``as_of``, anywhere in that year of life."""
    return as_of - timedelta(days=int((age + rng.random()) * 365.2425))


class _Generator:
    def __init__(self, seed, governorates, offices_by_governorate, start_file_number, id_offset, as_of):
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.governorates = Weighted([(code, population) for code, population in governorates])
        self.offices = dict(offices_by_governorate)
        missing = [code for code, _ in governorates if code not in self.offices]
        if missing:
            raise ValueError(f"no office serves governorates {missing}")
        self.male, self.female, self.family = _vocabulary()
        self.next_file = start_file_number
        self.counters = {"1": id_offset, "2": id_offset}

    # -- identity --------------------------------------------------------------------------------------------
    def _id(self, kind: str = "1") -> str:
        counter = self.counters[kind]
        self.counters[kind] = counter + 1
        return national_id(counter, kind)

    def _phone(self) -> str:
        rng = self.rng
        prefix = _MOBILE_PREFIXES[int(rng.random() * 8)]
        rest = f"{int(rng.random() * 10_000_000):07d}"
        if prefix == "57" and rest.startswith("99"):  # 05799… is not allocated (phonenumbers says invalid)
            rest = "0" + rest[1:]
        return f"+966{prefix}{rest}"

    # -- people ----------------------------------------------------------------------------------------------
    def _person(self, relation, gender, birth, first, father, grandfather, family, *, kind="1", marital=""):
        return {
            "national_id": self._id(kind),
            "relation": relation,
            "first_name": first,
            "father_name": father,
            "grandfather_name": grandfather,
            "family_name": family,
            "gender": gender,
            "birth_date": birth,
            "age": age_on(birth, self.as_of),
            "marital_status": marital,
        }

    def _given(self, gender: str) -> str:
        return (self.male if gender == "M" else self.female).pick(self.rng)

    def _children(self, kind, mother_birth, father_first, father_father, family, taken):
        """Children of one mother still at home, oldest first."""
        rng, as_of = self.rng, self.as_of
        mother_age = age_on(mother_birth, as_of)
        low, high = max(18, mother_age - 30), min(44, mother_age)
        if low > high:
            return []
        count = min(_CHILDREN[kind].pick(rng), high - low + 1)
        children = []
        for at_birth in sorted(rng.sample(range(low, high + 1), count)):
            birth = add_years(mother_birth, at_birth) + timedelta(days=int(rng.random() * 365))
            if birth > as_of - timedelta(days=20):
                continue
            age = age_on(birth, as_of)
            gender = "M" if rng.random() < 0.512 else "F"
            # Grown children leave: daughters marry early, sons later.
            if age >= 18:
                stay = (0.6 if age < 23 else 0.3) if gender == "F" else (0.85 if age < 25 else 0.5)
                if rng.random() > stay:
                    continue
            first = self._given(gender)
            if first in taken:
                first = self._given(gender)
            taken.add(first)
            marital = "divorced" if gender == "F" and age >= 20 and rng.random() < 0.05 else "single"
            relation = "son" if gender == "M" else "daughter"
            children.append(
                self._person(
                    relation, gender, birth, first, father_first, father_father, family, marital=marital
                )
            )
        children.sort(key=lambda child: child["birth_date"])
        return children

    def _couple(self):
        rng, as_of = self.rng, self.as_of
        family = self.family.pick(rng)
        head_age = int(rng.triangular(24, 78, 42))
        head = self._person(
            "head",
            "M",
            _birth(rng, as_of, head_age),
            self.male.pick(rng),
            self.male.pick(rng),
            self.male.pick(rng),
            family,
            marital="married",
        )
        members = [head]
        wives = [max(18, min(head_age + 2, int(head_age - max(0.0, rng.gauss(6, 5)))))]
        if head_age >= 35 and rng.random() < 0.06:
            wives.append(max(18, head_age - rng.randint(6, 18)))
        children = []
        taken = {head["first_name"]}
        for wife_age in wives:
            resident = rng.random() < 0.04
            wife_family = family if rng.random() < 0.35 else self.family.pick(rng)
            wife = self._person(
                "wife",
                "F",
                _birth(rng, as_of, wife_age),
                self.female.pick(rng),
                self.male.pick(rng),
                self.male.pick(rng),
                wife_family,
                kind="2" if resident else "1",
                marital="married",
            )
            members.append(wife)
            children += self._children(
                "couple", wife["birth_date"], head["first_name"], head["father_name"], family, taken
            )
        if head_age <= 58 and rng.random() < 0.08:
            members += self._parents(head, family)
        children.sort(key=lambda child: child["birth_date"])
        return members + children

    def _parents(self, head, family):
        rng, as_of = self.rng, self.as_of
        gap = rng.randint(20, 40)
        age = min(98, head["age"] + gap)
        both = rng.random() < 0.25
        parents = []
        if both or rng.random() < 0.3:
            marital = "married" if both else "widowed"
            parents.append(
                self._person(
                    "father",
                    "M",
                    _birth(rng, as_of, age),
                    head["father_name"],
                    head["grandfather_name"],
                    self.male.pick(rng),
                    family,
                    marital=marital,
                )
            )
        if both or not parents:
            marital = "married" if both else "widowed"
            mother_age = max(head["age"] + 18, age - rng.randint(0, 8))
            parents.append(
                self._person(
                    "mother",
                    "F",
                    _birth(rng, as_of, mother_age),
                    self.female.pick(rng),
                    self.male.pick(rng),
                    self.male.pick(rng),
                    family if rng.random() < 0.35 else self.family.pick(rng),
                    marital=marital,
                )
            )
        return parents

    def _mother_alone(self, kind):
        rng, as_of = self.rng, self.as_of
        if kind == "widow":
            age, marital = int(rng.triangular(26, 82, 48)), "widowed"
        else:
            age, marital = int(rng.triangular(22, 62, 36)), "divorced"
        husband_family = self.family.pick(rng)
        own_family = husband_family if rng.random() < 0.35 else self.family.pick(rng)
        head = self._person(
            "head",
            "F",
            _birth(rng, as_of, age),
            self.female.pick(rng),
            self.male.pick(rng),
            self.male.pick(rng),
            own_family,
            marital=marital,
        )
        children = self._children(
            kind,
            head["birth_date"],
            self.male.pick(rng),
            self.male.pick(rng),
            husband_family,
            {head["first_name"]},
        )
        return [head, *children]

    def _alone(self):
        rng, as_of = self.rng, self.as_of
        gender = "M" if rng.random() < 0.4 else "F"
        age = int(rng.triangular(22, 90, 60))
        marital = _ALONE_MARITAL.pick(rng) if age >= 30 else "single"
        head = self._person(
            "head",
            gender,
            _birth(rng, as_of, age),
            self._given(gender),
            self.male.pick(rng),
            self.male.pick(rng),
            self.family.pick(rng),
            marital=marital,
        )
        head["_frail"] = True
        return [head]

    def _siblings(self):
        rng, as_of = self.rng, self.as_of
        father, grandfather, family = self.male.pick(rng), self.male.pick(rng), self.family.pick(rng)
        gender = "M" if rng.random() < 0.6 else "F"
        eldest_age = rng.randint(18, 34)
        head = self._person(
            "head",
            gender,
            _birth(rng, as_of, eldest_age),
            self._given(gender),
            father,
            grandfather,
            family,
            marital="single",
        )
        members, taken = [head], {head["first_name"]}
        for age in sorted(
            rng.sample(range(max(4, eldest_age - 16), eldest_age), rng.randint(1, 4)), reverse=True
        ):
            sibling_gender = "M" if rng.random() < 0.5 else "F"
            first = self._given(sibling_gender)
            if first in taken:
                first = self._given(sibling_gender)
            taken.add(first)
            members.append(
                self._person(
                    "brother" if sibling_gender == "M" else "sister",
                    sibling_gender,
                    _birth(rng, as_of, age),
                    first,
                    father,
                    grandfather,
                    family,
                    marital="single",
                )
            )
        return members

    # -- attributes ------------------------------------------------------------------------------------------
    def _attributes(self, member: dict) -> None:
        rng, as_of = self.rng, self.as_of
        age, gender = member["age"], member["gender"]
        frail = member.pop("_frail", False)
        # Education: school-age children by school year, adults by cohort.
        if age < 6:
            education = ""
        elif age < 15:
            education = "primary"
        elif age < 18:
            education = "intermediate"
        else:
            cohort = "18" if age < 25 else "25" if age < 40 else "40" if age < 55 else "55"
            education = _EDUCATION[cohort, gender].pick(rng)
        # Disability, more frequent with age.
        rate = 0.025 if age < 18 else 0.04 if age < 45 else 0.08 if age < 60 else 0.14 if age < 75 else 0.25
        if frail:
            rate *= 2.5
        disability = _DISABILITY_TYPES.pick(rng) if rng.random() < rate else "none"
        # Work capacity (adults only).
        if age < 18:
            capacity = ""
        elif disability in ("intellectual", "multiple"):
            capacity = _CAPACITY["severe"].pick(rng)
        elif disability != "none":
            capacity = _CAPACITY["disabled"].pick(rng)
        elif age >= 65:
            capacity = _CAPACITY["old"].pick(rng)
        elif age >= 60:
            capacity = _CAPACITY["older"].pick(rng)
        else:
            capacity = _CAPACITY["adult"].pick(rng)
        # Study and work.
        student = False
        if 18 <= age <= 25 and capacity != "not_rehabilitable":
            student = rng.random() < (0.55 if age < 20 else 0.35 if age < 23 else 0.15)
            if student and education in ("none", "primary"):
                education = "intermediate"
        if age < 6:
            employment = "not_in_labour_force"
        elif age < 18 or student:
            employment = "student"
        elif capacity == "not_rehabilitable" or age >= 65:
            employment = "not_in_labour_force"
        else:
            employment = _EMPLOYMENT[gender].pick(rng)
        on_platform, platform_date = False, None
        if employment == "unemployed" and age <= 60 and rng.random() < 0.35:
            on_platform = True
            earliest = max(add_years(member["birth_date"], 18), as_of - timedelta(days=3 * 365))
            span = (as_of - earliest).days
            platform_date = earliest + timedelta(days=int(rng.random() * span)) if span > 0 else as_of
        if age >= 18:
            has_phone = rng.random() < (0.6 if age >= 70 else 0.92)
        else:
            has_phone = age >= 15 and rng.random() < 0.4
        member.update(
            phone=self._phone() if has_phone else "",
            education=education,
            disability=disability,
            is_disability_registered=disability != "none" and rng.random() < 0.7,
            work_capacity=capacity,
            is_full_time_student=student,
            is_caregiver=False,
            employment_status=employment,
            is_on_employment_platform=on_platform,
            employment_platform_date=platform_date,
        )

    def _caregiver(self, members: list[dict]) -> None:
        needs_care = any(
            m["age"] < 6
            or m["age"] >= 75
            or (m["disability"] != "none" and (m["age"] < 18 or m["work_capacity"] == "not_rehabilitable"))
            for m in members
        )
        if not needs_care or self.rng.random() > 0.7:
            return
        for member in members:  # the first adult woman at home: the head, a wife, then an adult daughter
            if (
                member["gender"] == "F"
                and 18 <= member["age"] < 70
                and member["employment_status"] != "employed"
            ):
                member["is_caregiver"] = True
                return

    def _money(self, members: list[dict]) -> tuple[int, int]:
        rng = self.rng
        income = 0.0
        for member in members:
            if member["employment_status"] == "employed":
                income += (
                    rng.triangular(3000, 7000, 4000) if member["gender"] == "M" else rng.uniform(3000, 5500)
                )
            elif member["employment_status"] == "self_employed":
                income += rng.uniform(800, 3500)
        if rng.random() < 0.2:  # a small retirement pension, help from relatives, rent
            income += rng.uniform(300, 2000)
        entitlement = 600 + sum(300 if m["age"] >= 18 else 150 for m in members[1:])
        pension = max(150.0, entitlement - income / 5)
        return int(round(income, -1)), int(round(pension, -1))

    # -- households ------------------------------------------------------------------------------------------
    def household(self) -> dict:
        rng, as_of = self.rng, self.as_of
        governorate = self.governorates.pick(rng)
        kind = _KINDS.pick(rng)
        if kind == "couple":
            members = self._couple()
        elif kind in ("widow", "divorced"):
            members = self._mother_alone(kind)
        elif kind == "alone":
            members = self._alone()
        else:
            members = self._siblings()
        for member in members:
            self._attributes(member)
        self._caregiver(members)
        income, pension = self._money(members)
        head = members[0]
        earliest = add_years(head["birth_date"], 18)
        registered = as_of - timedelta(days=int(15 * 365 * rng.random() ** 1.3))
        if registered < earliest:
            registered = earliest if earliest <= as_of else as_of
        file_number = str(self.next_file)
        self.next_file += 1
        return {
            "file_number": file_number,
            "kind": kind,
            "governorate_code": governorate,
            "office_code": self.offices[governorate],
            "address": f"{_DISTRICTS[int(rng.random() * len(_DISTRICTS))]}، {int(rng.random() * 400) + 1}",
            "status": "suspended" if rng.random() < 0.02 else "active",
            "monthly_income": income,
            "pension_amount": pension,
            "registered_on": registered,
            "members": members,
        }


def generate_households(
    n: int,
    seed: int | str,
    governorates: Sequence[tuple[str, int]],
    offices_by_governorate: Mapping[str, str],
    start_file_number: int = DEFAULT_START_FILE_NUMBER,
    *,
    id_offset: int = 0,
    as_of: date | None = None,
) -> Iterator[dict]:
    """Yield ``n`` synthetic households, one plain dict each (members under "members", head first).

    ``governorates`` are (code, population) pairs, the population being a relative weight; every code must
    be in ``offices_by_governorate``. File numbers run from ``start_file_number``; national-ID counters start
    at ``id_offset`` (give disjoint ranges to runs that must not collide). Deterministic for (seed, as_of).
    """
    generator = _Generator(
        seed, governorates, offices_by_governorate, start_file_number, id_offset, as_of or date.today()
    )
    for _ in range(n):
        yield generator.household()
