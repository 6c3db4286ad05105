"""The social-insurance registration file (contracts/files.md §2): read, match against hires, apply.

Reading is the platform's table reader (encodings, separators, Arabic headers, XLSX), its report the platform's. Matching is a pure
function (``plan``) over plain spells and hires; ``apply_plan`` performs it through the outcome services in one
transaction, so a file is never half-applied and importing it again changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from tamkeen.core.exports import RejectionReport
from tamkeen.core.identifiers import clean_national_id, is_valid_national_id
from tamkeen.core.tables import TableReader, UnreadableFile
from tamkeen.outcomes.models import VerificationStatus
from tamkeen.registry.roll.validation import clean_date, clean_money, text_of

MATCH_DAYS = 60

EMPLOYMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "national_id": ("رقم الهوية", "رقم السجل المدني", "national id", "id number"),
    "establishment_number": ("رقم المنشأة", "establishment no"),
    "establishment_name": ("اسم المنشأة", "establishment"),
    "wage": ("الأجر", "الراتب", "salary"),
    "start_date": ("تاريخ الالتحاق", "تاريخ البداية", "start"),
    "end_date": ("تاريخ الانتهاء", "تاريخ النهاية", "end"),
}
REQUIRED = ("national_id", "establishment_number", "wage", "start_date")

MISSING_REQUIRED = "missing_required"
INVALID_NATIONAL_ID = "invalid_national_id"
INVALID_DATE = "invalid_date"
FUTURE_DATE = "future_date"
INVALID_AMOUNT = "invalid_amount"
END_BEFORE_START = "end_before_start"

__all__ = ["UnreadableFile", "import_employment_file", "plan", "read_spells"]


@dataclass(frozen=True)
class Spell:
    row: int
    national_id: str
    establishment_number: str
    establishment_name: str
    wage: Decimal
    start: date
    end: date | None


@dataclass
class ReadResult:
    rows: int = 0
    spells: list[Spell] = field(default_factory=list)
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)
    rejected_rows: set[int] = field(default_factory=set)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def period(self) -> tuple[date, date] | None:
        """The days the file speaks for: from its earliest start to the latest date it mentions."""
        if not self.spells:
            return None
        first = min(s.start for s in self.spells)
        last = max(max(s.start, s.end or s.start) for s in self.spells)
        return first, last


def _problem(result: ReadResult, row: int, column: str, value, reason: str) -> None:
    result.problems.append((row, column, text_of(value), reason))
    result.rejected_rows.add(row)


def read_spells(path: str | Path, today: date | None = None) -> ReadResult:
    today = today or timezone.localdate()
    reader = TableReader(path, EMPLOYMENT_COLUMNS, required=REQUIRED)
    return spells_from_rows(reader.rows(), today, unknown_columns=list(reader.unknown_columns))


def spells_from_rows(rows: Iterable[tuple[int, dict]], today: date, unknown_columns=()) -> ReadResult:
    """Numbered rows keyed by the canonical column names (a file's, or the API's JSON rows) → spells."""
    result = ReadResult(unknown_columns=list(unknown_columns))
    for number, cells in rows:
        result.rows += 1
        values = {column: text_of(cells.get(column, "")) for column in EMPLOYMENT_COLUMNS}
        raw = {column: cells.get(column, "") for column in EMPLOYMENT_COLUMNS}
        ok = True
        for column in REQUIRED:
            if not values[column]:
                _problem(result, number, column, "", MISSING_REQUIRED)
                ok = False
        national_id = clean_national_id(values["national_id"]) if values["national_id"] else ""
        if values["national_id"] and not is_valid_national_id(national_id):
            _problem(result, number, "national_id", values["national_id"], INVALID_NATIONAL_ID)
            ok = False
        wage = clean_money(values["wage"]) if values["wage"] else None
        if values["wage"] and wage is None:
            _problem(result, number, "wage", values["wage"], INVALID_AMOUNT)
            ok = False
        start = end = None
        if values["start_date"]:
            start, reason = clean_date(raw["start_date"], today)
            if reason:
                _problem(result, number, "start_date", values["start_date"], reason)
                ok = False
        if values["end_date"]:
            end, reason = clean_date(raw["end_date"], today)
            if reason:
                _problem(result, number, "end_date", values["end_date"], reason)
                ok = False
            elif start is not None and end < start:
                _problem(result, number, "end_date", values["end_date"], END_BEFORE_START)
                ok = False
        if ok:
            result.spells.append(
                Spell(
                    row=number,
                    national_id=national_id,
                    establishment_number=values["establishment_number"],
                    establishment_name=values["establishment_name"],
                    wage=wage,
                    start=start,
                    end=end,
                )
            )
    return result


# Matching, as a pure function.


@dataclass(frozen=True)
class Hire:
    outcome_id: int
    member_id: int
    date: date
    status: str  # reported / verified / refuted
    is_discovered: bool = False


@dataclass
class Plan:
    verify: list[tuple[int, Spell]] = field(default_factory=list)  # reported/refuted hires the file confirms
    coverage: list[tuple[int, Spell]] = field(
        default_factory=list
    )  # hires already verified: registration dates
    refute: list[int] = field(default_factory=list)
    discover: list[tuple[int, Spell]] = field(
        default_factory=list
    )  # (member_id, spell) with no hire behind it


def plan(
    spells_by_member: dict[int, list[Spell]], hires: Iterable[Hire], period: tuple[date, date] | None
) -> Plan:
    """What a file does to the hires it speaks about.

    A spell verifies the member's hire that started within 60 days of it (the closest one); a reported hire the
    file should have listed (its date and the 60 days after it inside the file's period) and did not is refuted;
    a spell that matches no hire is a *discovered* employment for the case worker to confirm. A hire the case
    worker has not confirmed yet (discovered) is never verified or refuted by a file, only matched.
    """
    result = Plan()
    hires_by_member: dict[int, list[Hire]] = defaultdict(list)
    for hire in hires:
        hires_by_member[hire.member_id].append(hire)
    window = timedelta(days=MATCH_DAYS)
    matched: set[int] = set()
    discovered: set[tuple[int, str, date]] = set()
    for member_id, spells in spells_by_member.items():
        candidates = sorted(hires_by_member.get(member_id, []), key=lambda h: (h.date, h.outcome_id))
        for spell in sorted(spells, key=lambda s: (s.start, s.row)):
            close = [h for h in candidates if abs((h.date - spell.start).days) <= MATCH_DAYS]
            if not close:
                key = (member_id, spell.establishment_number, spell.start)
                if key not in discovered:
                    discovered.add(key)
                    result.discover.append((member_id, spell))
                continue
            hire = min(
                close, key=lambda h: (h.outcome_id in matched, abs((h.date - spell.start).days), h.outcome_id)
            )
            if hire.outcome_id in matched:
                continue
            matched.add(hire.outcome_id)
            if hire.is_discovered:
                continue
            if hire.status == VerificationStatus.VERIFIED:
                result.coverage.append((hire.outcome_id, spell))
            else:
                result.verify.append((hire.outcome_id, spell))
    if period is not None:
        first, last = period
        for member_hires in hires_by_member.values():
            for hire in member_hires:
                if (
                    hire.status == VerificationStatus.REPORTED
                    and not hire.is_discovered
                    and hire.outcome_id not in matched
                    and first <= hire.date
                    and hire.date + window <= last
                ):
                    result.refute.append(hire.outcome_id)
    return result


# Applying a file.


@dataclass
class EmploymentResult:
    rows: int = 0
    verified: int = 0
    refuted: int = 0
    unmatched: int = 0
    rejected: int = 0
    discovered: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "verified": self.verified,
            "refuted": self.refuted,
            "unmatched": self.unmatched,
            "rejected": self.rejected,
        }


def import_employment_file(
    path: str | Path,
    *,
    actor=None,
    report_path: str | Path | None = None,
    source: str = "",
    progress: Callable[[int, int], None] | None = None,
    today: date | None = None,
) -> EmploymentResult:
    """Read a file and apply it. Raises UnreadableFile when it cannot be read at all (nothing is written)."""
    read = read_spells(path, today=today)
    return apply_spells(
        read,
        actor=actor,
        report_path=report_path,
        label=source or Path(path).name,
        progress=progress,
        today=today,
    )


def apply_spells(
    read: ReadResult,
    *,
    actor=None,
    report_path: str | Path | None = None,
    label: str,
    progress: Callable[[int, int], None] | None = None,
    today: date | None = None,
) -> EmploymentResult:
    """Match read spells against the reported hires and apply the plan in one transaction."""
    from tamkeen.outcomes.models import Outcome, OutcomeKind
    from tamkeen.outcomes.services import (
        outcome_record_coverage,
        outcome_refute,
        outcome_report,
        outcome_verify,
    )
    from tamkeen.registry.models import Member

    result = EmploymentResult(
        rows=read.rows,
        rejected=len(read.rejected_rows),
        unknown_columns=read.unknown_columns,
        problems=read.problems,
    )
    with RejectionReport(report_path) as report:
        for line in read.problems:
            report.add(*line)
    national_ids = {s.national_id for s in read.spells}
    members: dict[str, int] = {}
    ids = sorted(national_ids)
    for i in range(0, len(ids), 5000):
        members.update(
            Member.objects.filter(national_id__in=ids[i : i + 5000]).values_list("national_id", "id")
        )
    spells_by_member: dict[int, list[Spell]] = defaultdict(list)
    for spell in read.spells:
        member_id = members.get(spell.national_id)
        if member_id is None:
            result.unmatched += 1
        else:
            spells_by_member[member_id].append(spell)
    period = read.period
    hires_qs = Outcome.objects.filter(kind=OutcomeKind.HIRED)
    if period is not None:
        hires_qs = hires_qs.filter(date__gte=period[0] - timedelta(days=MATCH_DAYS))
    hires = [
        Hire(o_id, m_id, d, status, disc)
        for o_id, m_id, d, status, disc in hires_qs.values_list(
            "id", "member_id", "date", "verification_status", "is_discovered"
        ).iterator(chunk_size=5000)
    ]
    actions = plan(spells_by_member, hires, period)
    total = len(actions.verify) + len(actions.coverage) + len(actions.refute) + len(actions.discover)
    done = 0

    def tick():
        nonlocal done
        done += 1
        if progress is not None and (done % 200 == 0 or done == total):
            progress(done, total)

    with transaction.atomic():
        outcomes = Outcome.objects.select_related("member__household__office", "office").in_bulk(
            [i for i, _ in actions.verify] + [i for i, _ in actions.coverage] + actions.refute
        )
        for outcome_id, spell in actions.verify:
            outcome = outcomes[outcome_id]
            outcome_verify(
                actor=actor,
                outcome=outcome,
                evidence_kind="social_insurance",
                source=label,
                reference=spell.establishment_number,
                on=today,
            )
            outcome_record_coverage(outcome=outcome, registered_until=spell.end, covered_until=period[1])
            result.verified += 1
            tick()
        for outcome_id, spell in actions.coverage:
            outcome_record_coverage(
                outcome=outcomes[outcome_id], registered_until=spell.end, covered_until=period[1]
            )
            tick()
        for outcome_id in actions.refute:
            outcome_refute(
                actor=actor,
                outcome=outcomes[outcome_id],
                evidence_kind="social_insurance",
                reason="no_registration_in_file",
                source=label,
            )
            result.refuted += 1
            tick()
        member_objects = Member.objects.select_related("household").in_bulk({m for m, _ in actions.discover})
        for member_id, spell in actions.discover:
            outcome_report(
                actor=None,
                member=member_objects[member_id],
                kind=OutcomeKind.HIRED,
                date=spell.start,
                employer_name=spell.establishment_name,
                establishment_number=spell.establishment_number,
                wage=spell.wage,
                is_discovered=True,
                note=label,
            )
            result.discovered += 1
            tick()
    return result
