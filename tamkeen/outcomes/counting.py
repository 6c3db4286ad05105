"""The counting rule of domain.md §6, as plain functions over plain rows (no ORM).

This module is the specification: the database queries of tamkeen.reports.kpi must return exactly what
``count_year`` returns for the same rows (a test checks it on random data).

- A member is *empowered* in a year when they have at least one VERIFIED employment or economic outcome dated in
  that year. Which outcome kinds are "employment" and which are "economic" is configuration with a date of
  effect (``CountingRule``): the rule in force on the outcome's date decides.
- A family is empowered when at least one of its members is; it counts once per year.
- Training completions are reported separately and are never part of the empowered figures.
- Broken down by office, a family (and its members) is counted under the office that held the file on the date
  of its first empowering outcome of the year (ties: the lowest office code), so the offices add up to the total.
  Other breakdowns are not additive: a family with a hire and a financed project appears under both tracks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from tamkeen.core.hijri import gregorian_year_range, hijri_year_range
from tamkeen.core.periods import add_months

VERIFIED = "verified"
TRAINING_KINDS = frozenset({"training_completed"})
EMPLOYMENT = "employment"
ECONOMIC = "economic"
TRAINING = "training"

BREAKDOWNS = ("office", "track", "entity", "governorate", "gender", "disability")
CALENDARS = ("hijri", "gregorian")
FIGURES = (
    "empowered_families",
    "empowered_members",
    "employment_members",
    "economic_members",
    "training_completions",
)
NONE_KEY = "none"


@dataclass(frozen=True)
class OutcomeRow:
    member_id: int
    household_id: int
    office: str
    kind: str
    date: date
    verification_status: str
    track: str = ""
    entity: str = ""
    governorate: str = ""
    gender: str = ""
    disability: str = ""


@dataclass(frozen=True)
class CountingRule:
    """Which outcome kinds empower, from a date of effect until the next rule's."""

    effective_from: date
    employment_kinds: frozenset[str]
    economic_kinds: frozenset[str]
    training_kinds: frozenset[str] = field(default=TRAINING_KINDS)


DEFAULT_RULES: tuple[CountingRule, ...] = (
    CountingRule(
        effective_from=date(1900, 1, 1),
        employment_kinds=frozenset({"hired"}),
        economic_kinds=frozenset(
            {"project_financed", "project_started", "productive_family_certificate", "freelance_document"}
        ),
    ),
)


def year_range(year: int, calendar: str = "hijri") -> tuple[date, date]:
    if calendar == "hijri":
        return hijri_year_range(year)
    if calendar == "gregorian":
        return gregorian_year_range(year)
    raise ValueError(f"unknown calendar {calendar!r}")


def rule_on(rules: Sequence[CountingRule], day: date) -> CountingRule | None:
    """The rule in force on a day: the latest whose date of effect is not after it."""
    in_force = None
    for rule in sorted(rules, key=lambda r: r.effective_from):
        if rule.effective_from <= day:
            in_force = rule
    return in_force


def classify(row: OutcomeRow, rules: Sequence[CountingRule] = DEFAULT_RULES) -> str | None:
    """employment / economic / training for a verified outcome; None for anything that does not count."""
    if row.verification_status != VERIFIED:
        return None
    rule = rule_on(rules, row.date)
    if rule is None:
        return None
    if row.kind in rule.training_kinds:
        return TRAINING
    if row.kind in rule.employment_kinds:
        return EMPLOYMENT
    if row.kind in rule.economic_kinds:
        return ECONOMIC
    return None


def _figures(classified: Iterable[tuple[OutcomeRow, str]]) -> dict[str, int]:
    families, members, employment, economic = set(), set(), set(), set()
    training = 0
    for row, kind in classified:
        if kind == TRAINING:
            training += 1
            continue
        families.add(row.household_id)
        members.add(row.member_id)
        (employment if kind == EMPLOYMENT else economic).add(row.member_id)
    return {
        "empowered_families": len(families),
        "empowered_members": len(members),
        "employment_members": len(employment),
        "economic_members": len(economic),
        "training_completions": training,
    }


def _key(row: OutcomeRow, by: str) -> str:
    return getattr(row, by) or NONE_KEY


def count_year(
    rows: Iterable[OutcomeRow],
    *,
    year: int,
    calendar: str = "hijri",
    by: str | None = None,
    rules: Sequence[CountingRule] = DEFAULT_RULES,
) -> dict:
    """The figures of one year, in the shape `tamkeen kpi` prints."""
    if by is not None and by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}")
    start, end = year_range(year, calendar)
    classified = []
    for row in rows:
        if start <= row.date <= end:
            kind = classify(row, rules)
            if kind is not None:
                classified.append((row, kind))
    result = {"year": year, "calendar": calendar, "from": start.isoformat(), "to": end.isoformat()}
    result.update(_figures(classified))
    groups: dict[str, list] = defaultdict(list)
    if by == "office":
        family_office: dict[int, tuple[date, str]] = {}
        for row, kind in classified:
            if kind != TRAINING:
                candidate = (row.date, _key(row, "office"))
                if row.household_id not in family_office or candidate < family_office[row.household_id]:
                    family_office[row.household_id] = candidate
        for row, kind in classified:
            office = _key(row, "office") if kind == TRAINING else family_office[row.household_id][1]
            groups[office].append((row, kind))
    elif by is not None:
        for row, kind in classified:
            groups[_key(row, by)].append((row, kind))
    result["by"] = {key: _figures(groups[key]) for key in sorted(groups)}
    return result


# Retention (domain.md §6): among members hired in a period, the share still employed N months after the start.


@dataclass(frozen=True)
class HireRow:
    outcome_id: int
    member_id: int
    start: date
    # From the social-insurance files: the end of the matching spell (None while active) and the last day the
    # files covered for this person (None when no file ever covered them).
    registered_until: date | None = None
    covered_until: date | None = None


def is_retained(hire: HireRow, months: int, follow_ups: dict[tuple[int, int], bool]) -> bool | None:
    """True/False when known (a follow-up at N months wins over the files), None when nobody knows yet."""
    if (hire.outcome_id, months) in follow_ups:
        return follow_ups[(hire.outcome_id, months)]
    due = add_months(hire.start, months)
    if hire.registered_until is not None and hire.registered_until < due:
        return False
    if hire.covered_until is not None and hire.covered_until >= due:
        return True
    return None


def retention(
    hires: Iterable[HireRow], months: int, follow_ups: dict[tuple[int, int], bool], as_of: date
) -> dict[str, int]:
    """Counts for the hires whose N-month mark has passed: retained, not retained, unknown."""
    figures = {"due": 0, "retained": 0, "not_retained": 0, "unknown": 0}
    for hire in hires:
        if add_months(hire.start, months) > as_of:
            continue
        figures["due"] += 1
        known = is_retained(hire, months, follow_ups)
        figures["unknown" if known is None else "retained" if known else "not_retained"] += 1
    return figures


def retention_rate(figures: dict[str, int]) -> float | None:
    known = figures["retained"] + figures["not_retained"]
    return None if known == 0 else figures["retained"] / known


def exits_split(exits: Iterable[tuple[str, date]], start: date, end: date) -> dict[str, int]:
    """Graduations and sanctions in a period, always apart (a dashboard never mixes the two)."""
    figures = {"graduation": 0, "sanction": 0}
    for kind, day in exits:
        if start <= day <= end and kind in figures:
            figures[kind] += 1
    return figures


def follow_up_dates(start: date, schedule: Sequence[int]) -> list[tuple[int, date]]:
    return [(months, add_months(start, months)) for months in schedule]
