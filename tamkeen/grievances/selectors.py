"""Reads: the queue with its service-level states, the figures, the decisions a person may appeal."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from tamkeen.geography.models import Office

from . import rules
from .models import Appeal, Category, Grievance

OPEN = [Grievance.Status.RECEIVED, Grievance.Status.IN_PROGRESS]
STATE_FILTERS = ("open", "at_risk", "breached", "answered", "all")


def queue(
    grievances: QuerySet[Grievance], *, state: str = "open", now=None, ordering=("due_at", "pk")
) -> list[Grievance]:
    """The office's grievances, the most urgent first unless asked otherwise, each with its service-level state."""
    now = now or timezone.now()
    if state in ("open", "at_risk", "breached"):
        grievances = grievances.filter(status__in=OPEN)
    elif state == "answered":
        grievances = grievances.filter(status__in=[Grievance.Status.ANSWERED, Grievance.Status.CLOSED])
    if state == "breached":
        grievances = grievances.filter(due_at__lte=now)
    rows = list(grievances.select_related("assigned_to", "category").order_by(*ordering)[:500])
    for grievance in rows:
        grievance.sla = grievance.sla_state(now)
    if state == "at_risk":
        rows = [g for g in rows if g.sla == rules.AT_RISK]
    return rows


@dataclass
class FigureRow:
    office: Office
    category: Category
    received: int
    open: int
    breached_open: int
    answered: int
    answered_in_time: int

    @property
    def in_time_share(self) -> int | None:
        return rules.share(self.answered_in_time, self.answered)


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def figures(grievances: QuerySet[Grievance], start: date, end: date, *, now=None) -> list[FigureRow]:
    """Grievances received in the period, by office and top category: how many, how many still open (and late),
    how many answered, and how many of those within their time."""
    now = now or timezone.now()
    since, until = _day_bounds(start, end)
    rows = (
        grievances.filter(received_at__gte=since, received_at__lt=until)
        .annotate(top_category=Coalesce("category__parent_id", "category_id"))
        .values("office_id", "top_category")
        .annotate(
            received=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN)),
            breached_open=Count("pk", filter=Q(status__in=OPEN, due_at__lte=now)),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            answered_in_time=Count("pk", filter=Q(answered_at__isnull=False, answered_at__lte=F("due_at"))),
        )
    )
    rows = list(rows)
    offices = Office.objects.in_bulk({row["office_id"] for row in rows})
    categories = Category.objects.in_bulk({row["top_category"] for row in rows})
    result = [
        FigureRow(
            office=offices[row["office_id"]],
            category=categories[row["top_category"]],
            received=row["received"],
            open=row["open"],
            breached_open=row["breached_open"],
            answered=row["answered"],
            answered_in_time=row["answered_in_time"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda row: (row.office.code, row.category.order, row.category.code))


def totals(rows: list[FigureRow]) -> dict:
    answered = sum(row.answered for row in rows)
    in_time = sum(row.answered_in_time for row in rows)
    return {
        "received": sum(row.received for row in rows),
        "open": sum(row.open for row in rows),
        "breached_open": sum(row.breached_open for row in rows),
        "answered": answered,
        "answered_in_time": in_time,
        "in_time_share": rules.share(in_time, answered),
    }


def appealable_decisions(user) -> list[dict]:
    """For a signed-in member: the standing sanction exit of their household and the proposals the office
    declined for them, not already under appeal."""
    from tamkeen.cases.models import CaseExit
    from tamkeen.referrals.models import Referral, Status

    from .services import declined_proposal_decider

    member = getattr(user, "member", None)
    if member is None or not user.is_beneficiary:
        return []
    pending = Appeal.objects.filter(status=Appeal.Status.RECEIVED)
    decisions = [
        {"kind": "exit", "object": case_exit}
        for case_exit in CaseExit.objects.filter(
            household_id=member.household_id, kind=CaseExit.Kind.SANCTION, reentered_at__isnull=True
        ).exclude(pk__in=pending.filter(case_exit__isnull=False).values("case_exit_id"))
    ]
    proposals = (
        Referral.objects.filter(member=member, status=Status.WITHDRAWN)
        .exclude(pk__in=pending.filter(referral__isnull=False).values("referral_id"))
        .select_related("opportunity")
        .order_by("-closed_at")[:20]
    )
    decisions += [
        {"kind": "proposal", "object": r} for r in proposals if declined_proposal_decider(r) is not None
    ]
    from tamkeen.privacy.models import CorrectionRequest

    corrections = CorrectionRequest.objects.filter(
        member=member, status=CorrectionRequest.Status.REJECTED
    ).exclude(pk__in=pending.filter(correction_request__isnull=False).values("correction_request_id"))
    decisions += [{"kind": "correction", "object": c} for c in corrections.order_by("-decided_at")[:20]]
    return decisions
