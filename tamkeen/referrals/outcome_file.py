"""A partner's outcome file (contracts/files.md §3): parse rows purely, then apply them through the services.

Every row is applied on its own (one transaction each) or rejected with a reason; a rejected row changes
nothing. Re-running the same file changes nothing: a status the referral has already reached is "unchanged".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tamkeen.core.dates import InvalidDate, parse_date
from tamkeen.core.digits import normalise_digits
from tamkeen.core.exports import REJECTION_HEADER, RejectionReport
from tamkeen.core.tables import TableReader, UnreadableFile

OUTCOME_COLUMNS: dict[str, tuple[str, ...]] = {
    "referral_id": ("رقم الإحالة", "referral", "referral id"),
    "national_id": ("رقم الهوية", "رقم السجل المدني", "national id"),
    "opportunity_code": ("رمز الفرصة", "opportunity", "opportunity code"),
    "status": ("الحالة",),
    "date": ("التاريخ",),
    "reason": ("السبب",),
    "amount": ("المبلغ",),
    "certificate_number": ("رقم الشهادة", "certificate"),
}

FILE_STATUSES = (
    "accepted",
    "declined",
    "enrolled",
    "started",
    "completed",
    "dropped_out",
    "hired",
    "financed",
)
STATUS_ALIASES = {
    "مقبول": "accepted",
    "قبول": "accepted",
    "مرفوض": "declined",
    "رفض": "declined",
    "ملتحق": "enrolled",
    "التحق": "enrolled",
    "بدأ": "started",
    "باشر": "started",
    "مكتمل": "completed",
    "أكمل": "completed",
    "منسحب": "dropped_out",
    "انسحب": "dropped_out",
    "تم التوظيف": "hired",
    "موظف": "hired",
    "تم التمويل": "financed",
    "ممول": "financed",
    "dropped out": "dropped_out",
    "dropped-out": "dropped_out",
}
NEEDS_REASON = {"declined", "dropped_out"}
NEEDS_AMOUNT = {"hired", "financed"}


@dataclass
class OutcomeRow:
    row: int
    referral_id: str = ""
    national_id: str = ""
    opportunity_code: str = ""
    status: str = ""
    on: date | None = None
    reason: str = ""
    amount: Decimal | None = None
    certificate_number: str = ""


@dataclass
class Rejection:
    row: int
    column: str
    value: str
    reason: str
    current_state: str = ""


def _text(value) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return normalise_digits(str(value or "")).strip()


def parse_row(number: int, raw: dict, today: date) -> tuple[OutcomeRow | None, list[Rejection]]:
    """One raw row → a clean OutcomeRow, or the list of what is wrong with it (pure; no database)."""
    problems: list[Rejection] = []
    row = OutcomeRow(row=number)
    row.referral_id = _text(raw.get("referral_id")).upper()
    row.national_id = _text(raw.get("national_id"))
    row.opportunity_code = _text(raw.get("opportunity_code")).upper()
    if not row.referral_id and not (row.national_id and row.opportunity_code):
        problems.append(Rejection(number, "referral_id", "", "missing_referral"))

    status_text = _text(raw.get("status"))
    status = status_text.casefold().replace(" ", "_") if status_text.isascii() else status_text
    status = STATUS_ALIASES.get(status_text.casefold(), STATUS_ALIASES.get(status, status))
    if not status_text:
        problems.append(Rejection(number, "status", "", "missing_value"))
    elif status not in FILE_STATUSES:
        problems.append(Rejection(number, "status", status_text, "invalid_status"))
    else:
        row.status = status

    raw_date = raw.get("date")
    if raw_date in (None, ""):
        problems.append(Rejection(number, "date", "", "missing_value"))
    else:
        try:
            row.on = parse_date(raw_date if isinstance(raw_date, date) else _text(raw_date))
        except InvalidDate:
            problems.append(Rejection(number, "date", _text(raw_date), "invalid_date"))
        else:
            if row.on > today:
                problems.append(Rejection(number, "date", _text(raw_date), "future_date"))

    row.reason = str(raw.get("reason") or "").strip()[:300]
    if row.status in NEEDS_REASON and not row.reason:
        problems.append(Rejection(number, "reason", "", "reason_required"))

    amount_text = _text(raw.get("amount")).replace(",", "").replace("٬", "").replace("٫", ".")
    if amount_text:
        try:
            row.amount = Decimal(amount_text)
            if row.amount <= 0:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(Rejection(number, "amount", amount_text, "invalid_amount"))
    elif row.status in NEEDS_AMOUNT:
        problems.append(Rejection(number, "amount", "", "missing_value"))
    row.certificate_number = _text(raw.get("certificate_number"))[:60]
    return (None, problems) if problems else (row, [])


@dataclass
class OutcomeResult:
    rows: int = 0
    applied: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "applied": self.applied,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


def write_report(path: str | Path, rejections: Iterable[Rejection]) -> None:
    with RejectionReport(path, header=(*REJECTION_HEADER, "current_state")) as report:
        for r in rejections:
            report.add(r.row, r.column, r.value, r.reason, r.current_state)


def import_outcomes(
    path: str | Path,
    *,
    entity=None,
    actor=None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> OutcomeResult:
    """Apply an outcome file; ``entity`` limits it to that entity's referrals (always set for uploads)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    reader = TableReader(path, OUTCOME_COLUMNS)
    if "status" not in reader.header.columns or not (
        "referral_id" in reader.header.columns or {"national_id", "opportunity_code"} <= reader.header.columns
    ):
        raise UnreadableFile("the header has no status column or no way to find the referral")
    return apply_outcome_rows(
        reader.rows(),
        entity=entity,
        actor=actor,
        today=today,
        progress=progress,
        unknown_columns=reader.unknown_columns,
    )


def apply_outcome_rows(
    rows: Iterable[tuple[int, dict]],
    *,
    entity=None,
    actor=None,
    today: date,
    progress: Callable[[int, int], None] | None = None,
    unknown_columns=(),
) -> OutcomeResult:
    """Numbered rows keyed by the canonical column names (a file's, or the API's JSON rows), applied one by one."""
    result = OutcomeResult(unknown_columns=list(unknown_columns))
    for number, raw in rows:
        result.rows += 1
        row, problems = parse_row(number, raw, today)
        if row is not None:
            outcome, problems = apply_row(row, entity=entity, actor=actor)
            if outcome == "applied":
                result.applied += 1
            elif outcome == "unchanged":
                result.unchanged += 1
        if problems:
            result.rejected += 1
            result.rejections.extend(problems)
        if progress is not None:
            progress(result.rows, 0)
    return result


def _find_referral(row: OutcomeRow, entity):
    from tamkeen.referrals.models import Referral, Status

    referrals = Referral.objects.exclude(status=Status.PROPOSED).select_related("opportunity__entity")
    if entity is not None:
        referrals = referrals.filter(opportunity__entity=entity)
    if row.referral_id:
        return referrals.filter(public_id=row.referral_id).first()
    return (
        referrals.filter(member__national_id=row.national_id, opportunity__code=row.opportunity_code)
        .order_by("-sent_at", "-id")
        .first()
    )


def apply_row(row: OutcomeRow, *, entity=None, actor=None) -> tuple[str, list[Rejection]]:
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from tamkeen.referrals import services
    from tamkeen.referrals.lifecycle import FILE_STATUS_ACTIONS, TRANSITIONS
    from tamkeen.referrals.models import Reason

    referral = _find_referral(row, entity)
    column = "referral_id" if row.referral_id else "national_id"
    if referral is None:
        return "rejected", [
            Rejection(row.row, column, row.referral_id or row.national_id, "unknown_referral")
        ]
    action = FILE_STATUS_ACTIONS[row.status]
    target = TRANSITIONS[action][1]
    if referral.status == target or referral.events.filter(to_status=target).exists():
        return "unchanged", []
    at = timezone.make_aware(datetime.combine(row.on, time(12, 0)))
    details = {
        k: v
        for k, v in {
            "file_status": row.status,
            "date": row.on.isoformat(),
            "amount": str(row.amount) if row.amount is not None else "",
            "certificate_number": row.certificate_number,
        }.items()
        if v
    }
    reason_code = row.reason if row.reason in Reason.values else (Reason.OTHER if row.reason else "")
    reason_text = "" if row.reason in Reason.values else row.reason
    try:
        if action in ("decline", "drop_out"):
            service = services.referral_decline if action == "decline" else services.referral_drop_out
            service(
                actor=actor,
                referral=referral,
                reason_code=reason_code,
                reason_text=reason_text,
                source="file",
                at=at,
            )
        elif action == "start":
            services.referral_start(
                actor=actor, referral=referral, started_on=row.on, source="file", details=details, at=at
            )
        elif action == "complete":
            services.referral_complete(actor=actor, referral=referral, source="file", details=details, at=at)
        elif action == "accept":
            services.referral_accept(actor=actor, referral=referral, source="file", at=at)
        else:
            services.referral_enrol(actor=actor, referral=referral, source="file", at=at)
    except services.InvalidTransition as error:
        return "rejected", [Rejection(row.row, "status", row.status, "invalid_transition", error.current)]
    except PermissionDenied:
        return "rejected", [
            Rejection(row.row, column, row.referral_id or row.national_id, "unknown_referral")
        ]
    except services.ReferralError as error:
        return "rejected", [Rejection(row.row, "status", row.status, error.code, referral.status)]
    return "applied", []
