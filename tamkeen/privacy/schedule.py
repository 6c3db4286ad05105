"""The retention schedule as dated data, and the pure arithmetic over it (no ORM).

Like the counting rule (tamkeen.outcomes.counting), each kind of record has rules with a date of effect; the
rule in force on the day a retention run applies the schedule decides how long that kind is kept. Rows of
``privacy.RetentionRule`` replace the shipped rules below for their kind, so a changed law or policy is a new
dated row, never a code change, and the old period stays on record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# The kinds of record the schedule covers, and what a run does to an expired one.
CLOSED_CASE = "closed_case"  # a household that left social security: its members are anonymised
WALK_IN_VISITOR = "walk_in_visitor"  # a forum walk-in (a prospect, not a member): name and phone removed
UPLOADED_FILE = "uploaded_file"  # roll, outcome and employment files as uploaded: the file is deleted
IMPORT_REPORT = "import_report"  # rejected rows of imports (the rows' values): the report is deleted
DATA_EXPORT = "data_export"  # a member's data export ZIP: the file is deleted
AUDIT_EVENT = "audit_event"  # processing records: kept, never edited (append-only, hash-chained)

KINDS = (CLOSED_CASE, WALK_IN_VISITOR, UPLOADED_FILE, IMPORT_REPORT, DATA_EXPORT, AUDIT_EVENT)
ACTIONS = {
    CLOSED_CASE: "anonymise",
    WALK_IN_VISITOR: "anonymise",
    UPLOADED_FILE: "delete_file",
    IMPORT_REPORT: "delete_file",
    DATA_EXPORT: "delete_file",
    AUDIT_EVENT: "keep",
}


@dataclass(frozen=True)
class Rule:
    kind: str
    effective_from: date
    keep_days: int
    note: str = ""


SINCE_ALWAYS = date(1900, 1, 1)
DEFAULT_SCHEDULE: tuple[Rule, ...] = (
    Rule(CLOSED_CASE, SINCE_ALWAYS, 5 * 365, "five years after the household left social security"),
    Rule(WALK_IN_VISITOR, SINCE_ALWAYS, 365, "one year after the forum, unless they became a member"),
    Rule(UPLOADED_FILE, SINCE_ALWAYS, 90, "the file's rows are applied; the registry keeps their history"),
    Rule(IMPORT_REPORT, SINCE_ALWAYS, 180, "rejected rows carry national IDs; six months to correct them"),
    Rule(DATA_EXPORT, SINCE_ALWAYS, 30, "the member has had a month to download their copy"),
    Rule(AUDIT_EVENT, SINCE_ALWAYS, 5 * 365, "PDPL: processing records are kept five years"),
)


def rule_on(rules: Iterable[Rule], kind: str, day: date) -> Rule | None:
    """The rule of a kind in force on a day: the latest of that kind whose date of effect is not after it."""
    in_force = None
    for rule in sorted((r for r in rules if r.kind == kind), key=lambda r: r.effective_from):
        if rule.effective_from <= day:
            in_force = rule
    return in_force


def cutoff(rules: Sequence[Rule], kind: str, today: date) -> date | None:
    """Records of this kind dated on or before the cutoff have expired on ``today``; None: keep everything."""
    rule = rule_on(rules, kind, today)
    if rule is None:
        return None
    return today - timedelta(days=rule.keep_days)


def merged(shipped: Sequence[Rule], configured: Sequence[Rule]) -> list[Rule]:
    """Configured rules replace the shipped ones of their kind; other kinds keep the shipped rules."""
    configured_kinds = {rule.kind for rule in configured}
    return [rule for rule in shipped if rule.kind not in configured_kinds] + list(configured)


def pseudonymous_national_id(member_pk: int, first_digit: str = "1") -> str:
    """A stand-in national ID for an anonymised member: unique per member (the database requires ten digits
    starting 1 or 2), and failing the ID check, so it can never be a real person's valid ID."""
    from tamkeen.core.identifiers import luhn_check_digit

    if member_pk >= 10**8:
        raise ValueError("member id too large for a pseudonymous national ID")
    body = f"{first_digit}{member_pk:08d}"
    valid = int(luhn_check_digit(body))
    return body + str((valid + 5) % 10)
