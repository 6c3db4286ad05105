"""Who may take up an opportunity: one pure function that explains every condition a person fails.

    from tamkeen.opportunities.eligibility import evaluate

    failed = evaluate(conditions, person, today)   # [] means eligible

``conditions`` and ``person`` are plain data: a dict or any object with attributes (a dataclass, a model
instance). Missing keys mean "no condition" on the conditions side and "not recorded" on the person's side.

conditions (all optional):
    gender                  "M" | "F" | "" (any)
    min_age, max_age        int years, inclusive
    min_education           an education level (see EDUCATION_ORDER)
    nationality             "citizen" | "resident" | "any"
    work_capacities         list of "able" | "rehabilitable" | "not_rehabilitable"; empty = any
    max_household_income    number (SAR a month), inclusive
    required_certificate    str; the person's ``certificates`` must contain it (case-insensitive)
    is_disability_friendly  bool; the entity welcomes persons with disabilities (a score, never a condition)
    accessibility_features  list of tamkeen.opportunities.accessibility.Feature values
    mode                    "online" adds remote work to the features

person:
    gender, birth_date (date), education, nationality ("citizen"/"resident") or national_id (first digit
    1 = citizen, 2 = resident), work_capacity, household_income, certificates (list of str),
    disability ("none" or a kind), accommodation_needs (list of AccommodationNeed.Kind values; only needs
    recorded with the member's consent). A disability with no unmet need never fails a condition.

Returns a list of FailedCondition(code, message, expected, actual): ``code`` is stable (for machines and
matching), ``message`` is translated into the active language, ``expected``/``actual`` are plain values.
No database access; the same inputs always give the same answer.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from tamkeen.core.periods import age_on
from tamkeen.opportunities.accessibility import gap_sentence, unmet_needs

EDUCATION_ORDER = [
    "none",
    "primary",
    "intermediate",
    "secondary",
    "diploma",
    "bachelor",
    "master",
    "doctorate",
]

CONDITION_FIELDS = (
    "gender",
    "min_age",
    "max_age",
    "min_education",
    "nationality",
    "work_capacities",
    "max_household_income",
    "required_certificate",
    "is_disability_friendly",
    "accessibility_features",
    "mode",
)


@dataclass(frozen=True)
class FailedCondition:
    code: str
    message: str
    expected: object = None
    actual: object = None


def _get(data, key, default=None):
    if data is None:
        return default
    if isinstance(data, Mapping):
        return data.get(key, default)
    return getattr(data, key, default)


def nationality_of(person) -> str:
    nationality = _get(person, "nationality") or ""
    if nationality:
        return nationality
    national_id = str(_get(person, "national_id") or "")
    return {"1": "citizen", "2": "resident"}.get(national_id[:1], "")


def _number(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _gender_label(code: str) -> str:
    return {"M": _("men"), "F": _("women")}.get(code, code)


def evaluate(conditions, person, today: date) -> list[FailedCondition]:
    failed: list[FailedCondition] = []

    gender = _get(conditions, "gender") or ""
    if gender and _get(person, "gender") != gender:
        failed.append(
            FailedCondition(
                "gender",
                _("Open to %(gender)s only.") % {"gender": _gender_label(gender)},
                gender,
                _get(person, "gender"),
            )
        )

    min_age, max_age = _get(conditions, "min_age"), _get(conditions, "max_age")
    if min_age is not None or max_age is not None:
        birth_date = _get(person, "birth_date")
        if birth_date is None:
            failed.append(
                FailedCondition("age", _("The birth date is not recorded."), [min_age, max_age], None)
            )
        else:
            age = age_on(birth_date, today)
            if min_age is not None and age < min_age:
                failed.append(
                    FailedCondition(
                        "min_age",
                        _("Must be at least %(min)s years old (is %(age)s).") % {"min": min_age, "age": age},
                        min_age,
                        age,
                    )
                )
            if max_age is not None and age > max_age:
                failed.append(
                    FailedCondition(
                        "max_age",
                        _("Must be at most %(max)s years old (is %(age)s).") % {"max": max_age, "age": age},
                        max_age,
                        age,
                    )
                )

    min_education = _get(conditions, "min_education") or ""
    if min_education in EDUCATION_ORDER:
        education = _get(person, "education") or ""
        if education not in EDUCATION_ORDER:
            failed.append(
                FailedCondition(
                    "min_education", _("The education level is not recorded."), min_education, None
                )
            )
        elif EDUCATION_ORDER.index(education) < EDUCATION_ORDER.index(min_education):
            failed.append(
                FailedCondition(
                    "min_education",
                    _("Requires at least this education level: %(level)s.")
                    % {"level": _education_label(min_education)},
                    min_education,
                    education,
                )
            )

    nationality = _get(conditions, "nationality") or "any"
    if nationality != "any":
        actual = nationality_of(person)
        if actual != nationality:
            message = (
                _("Open to Saudi citizens only.")
                if nationality == "citizen"
                else _("Open to residents only.")
            )
            failed.append(FailedCondition("nationality", message, nationality, actual or None))

    capacities = list(_get(conditions, "work_capacities") or [])
    if capacities:
        capacity = _get(person, "work_capacity") or ""
        if capacity not in capacities:
            message = (
                _("The work capacity is not recorded.")
                if not capacity
                else _("Not open to this work capacity: %(capacity)s.")
                % {"capacity": _capacity_label(capacity)}
            )
            failed.append(FailedCondition("work_capacity", message, capacities, capacity or None))

    max_income = _number(_get(conditions, "max_household_income"))
    if max_income is not None:
        income = _number(_get(person, "household_income"))
        if income is None:
            failed.append(
                FailedCondition(
                    "max_household_income", _("The household income is not recorded."), max_income, None
                )
            )
        elif income > max_income:
            failed.append(
                FailedCondition(
                    "max_household_income",
                    _("Household income must be at most SAR %(max)s a month (is SAR %(income)s).")
                    % {"max": f"{max_income:,.0f}", "income": f"{income:,.0f}"},
                    max_income,
                    income,
                )
            )

    certificate = (_get(conditions, "required_certificate") or "").strip()
    if certificate:
        held = {str(c).strip().casefold() for c in (_get(person, "certificates") or [])}
        if certificate.casefold() not in held:
            failed.append(
                FailedCondition(
                    "required_certificate",
                    _("Requires this certificate: %(certificate)s.") % {"certificate": certificate},
                    certificate,
                    None,
                )
            )

    # A disability alone never excludes: only a recorded need the opportunity does not meet does, and each
    # such gap is named (tamkeen.opportunities.accessibility).
    needs = list(_get(person, "accommodation_needs") or [])
    if needs:
        features = _get(conditions, "accessibility_features") or []
        is_online = _get(conditions, "mode") == "online"
        for need in unmet_needs(needs, features, is_online=is_online):
            failed.append(FailedCondition("accommodation", gap_sentence(need), need, sorted(features)))

    return failed


def is_eligible(conditions, person, today: date) -> bool:
    return not evaluate(conditions, person, today)


def _education_label(level: str) -> str:
    labels = {
        "none": _("None (illiterate)"),
        "primary": _("Primary"),
        "intermediate": _("Intermediate"),
        "secondary": _("Secondary"),
        "diploma": _("Diploma"),
        "bachelor": _("Bachelor's"),
        "master": _("Master's"),
        "doctorate": _("Doctorate"),
    }
    return labels.get(level, level)


def _capacity_label(capacity: str) -> str:
    labels = {
        "able": _("Able to work"),
        "rehabilitable": _("Rehabilitable"),
        "not_rehabilitable": _("Not rehabilitable"),
    }
    return labels.get(capacity, capacity)


def conditions_of(opportunity) -> dict:
    """The eligibility conditions of an Opportunity (or any object with the same attributes) as a dict."""
    return {name: _get(opportunity, name) for name in CONDITION_FIELDS}


def person_of(member, household_income=None, certificates=(), accommodation_needs=None) -> dict:
    """A registry Member as the plain ``person`` data of evaluate().

    Queries nothing beyond member.household, except the member's usable accommodation needs when they are not
    given.
    """
    if household_income is None:
        household = getattr(member, "household", None)
        household_income = getattr(household, "monthly_income", None)
    if accommodation_needs is None:
        accommodation_needs = usable_needs_of(member)
    return {
        "gender": member.gender,
        "birth_date": member.birth_date,
        "education": member.education,
        "national_id": member.national_id,
        "work_capacity": member.work_capacity,
        "household_income": household_income,
        "certificates": list(certificates),
        "disability": member.disability,
        "accommodation_needs": list(accommodation_needs),
    }


def usable_needs_of(member) -> list[str]:
    """The kinds of need recorded for the member under an active accommodation consent."""
    from tamkeen.registry.models import AccommodationNeed

    if getattr(member, "pk", None) is None:
        return []
    return list(
        AccommodationNeed.objects.usable()
        .filter(member=member)
        .order_by("kind")
        .values_list("kind", flat=True)
    )
