from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from tamkeen.accounts.models import Role, User
from tamkeen.core import office_figures
from tamkeen.core.rules import rule_values_on
from tamkeen.registry.models import Member

from .models import CaseExit, EmpowermentPlan, HouseholdTransition, PlanAction
from .rules import DEFAULT_TRANSITION, TRANSITION_RULE, TransitionPeriod

DUE_SOON_DAYS = 7


def transition_period_on(day: date) -> TransitionPeriod:
    """The transition period in force on ``day`` (the outcome's date decides a household's length)."""
    return TransitionPeriod(**rule_values_on(TRANSITION_RULE, day, asdict(DEFAULT_TRANSITION)))


@dataclass
class CaseloadRow:
    member_id: int
    plan_id: int | None = None
    plan_status: str | None = None
    plan_track: str | None = None
    overdue_count: int = 0
    next_due: date | None = None
    urgency: int = 4
    member: Member | None = None

    @property
    def pk(self) -> int:
        return self.member_id


class CaseloadPage(list):
    """The sorted rows; members are loaded only for the slice a page shows."""

    def __getitem__(self, index):
        rows = super().__getitem__(index)
        if isinstance(index, slice):
            missing = [r.member_id for r in rows if r.member is None]
            loaded = Member.objects.select_related("household__governorate").in_bulk(missing)
            for row in rows:
                row.member = row.member or loaded.get(row.member_id)
        return rows


def urgency(row: CaseloadRow, today: date) -> int:
    """0 overdue work, 1 something due within a week, 2 a plan returned for changes, 3 no plan yet, 4 the rest."""
    if row.overdue_count:
        return 0
    if row.next_due is not None and row.next_due <= today + timedelta(days=DUE_SOON_DAYS):
        return 1
    if row.plan_status == EmpowermentPlan.Status.RETURNED:
        return 2
    if row.plan_status is None:
        return 3
    return 4


def caseload(
    members, *, track: str = "", status: str = "", governorate: str = "", today=None
) -> CaseloadPage:
    """Members with their current plan, what is overdue and what is due next, the most urgent first.

    Three grouped queries over the caseload, then sorting in Python: a caseload is hundreds of members, and
    correlated subqueries per row were far slower on both databases.
    """
    today = today or timezone.localdate()
    if governorate:
        members = members.filter(household__governorate__code=governorate)
    rows = {pk: CaseloadRow(pk) for pk in members.values_list("pk", flat=True)}
    plans = EmpowermentPlan.objects.filter(member__in=members, is_current=True)
    for member_id, plan_id, plan_status, plan_track in plans.values_list(
        "member_id", "pk", "status", "track"
    ):
        row = rows[member_id]
        row.plan_id, row.plan_status, row.plan_track = plan_id, plan_status, plan_track
    work = (
        PlanAction.objects.filter(plan__in=plans, is_done=False)
        .values("plan__member_id")
        .annotate(
            overdue=Count("pk", filter=Q(is_overdue=True) | Q(due_date__lt=today)), next_due=Min("due_date")
        )
        .values_list("plan__member_id", "overdue", "next_due")
    )
    for member_id, overdue, next_due in work:
        rows[member_id].overdue_count, rows[member_id].next_due = overdue, next_due
    selected = [
        row
        for row in rows.values()
        if (not track or row.plan_track == track)
        and (not status or (row.plan_status is None if status == "none" else row.plan_status == status))
    ]
    for row in selected:
        row.urgency = urgency(row, today)
    selected.sort(key=lambda r: (r.urgency, -r.overdue_count, r.next_due or date.max, r.member_id))
    return CaseloadPage(selected)


def overdue_actions(members, limit: int = 20):
    return (
        PlanAction.objects.filter(
            plan__member__in=members, plan__is_current=True, is_done=False, is_overdue=True
        )
        .select_related("plan__member")
        .order_by("due_date")[:limit]
    )


def team_figures(office_id: int, today: date) -> dict:
    """Over the whole office, by case worker id (None: no case worker): members, overdue actions, plans waiting
    for approval. Cached until a write bumps the office (tamkeen.core.office_figures)."""
    members = Member.objects.filter(household__office_id=office_id)
    sizes = dict(members.values("case_worker").annotate(n=Count("pk")).values_list("case_worker", "n"))
    overdue = dict(
        PlanAction.objects.filter(
            plan__member__household__office_id=office_id, plan__is_current=True, is_done=False
        )
        .filter(Q(is_overdue=True) | Q(due_date__lt=today))
        .values("plan__member__case_worker")
        .annotate(n=Count("pk"))
        .values_list("plan__member__case_worker", "n")
    )
    waiting = dict(
        EmpowermentPlan.objects.filter(
            member__household__office_id=office_id, status=EmpowermentPlan.Status.SUBMITTED
        )
        .values("member__case_worker")
        .annotate(n=Count("pk"))
        .values_list("member__case_worker", "n")
    )
    return {"members": sizes, "overdue": overdue, "waiting": waiting}


def team_caseloads(office_id: int, today=None):
    """The office's case workers with their caseload size, overdue actions and plans waiting for approval."""
    today = today or timezone.localdate()
    figures = office_figures.cached("team", office_id, today, lambda: team_figures(office_id, today))
    rows = [
        {
            "worker": w,
            "members": figures["members"].get(w.pk, 0),
            "overdue": figures["overdue"].get(w.pk, 0),
            "waiting": figures["waiting"].get(w.pk, 0),
        }
        for w in office_workers(office_id)
    ]
    return rows, figures["members"].get(None, 0)


def office_workers(office_id: int):
    return User.objects.filter(role=Role.CASE_WORKER, office_id=office_id, is_active=True).order_by(
        "username"
    )


def plans_to_approve(office_id: int):
    return (
        EmpowermentPlan.objects.filter(
            member__household__office_id=office_id, status=EmpowermentPlan.Status.SUBMITTED
        )
        .select_related("member", "created_by")
        .order_by("submitted_at")
    )


def plan_history(member):
    return (
        EmpowermentPlan.objects.filter(member=member)
        .select_related("created_by", "decided_by")
        .order_by("-version")
    )


def current_plan(member):
    return EmpowermentPlan.objects.filter(member=member, is_current=True).first()


def household_case(household):
    return {
        "transitions": HouseholdTransition.objects.filter(household=household).order_by("-outcome_date"),
        "graduations": CaseExit.objects.filter(household=household, kind=CaseExit.Kind.GRADUATED),
        "sanctions": CaseExit.objects.filter(household=household, kind=CaseExit.Kind.SANCTION),
        "open_transition": HouseholdTransition.objects.filter(
            household=household, status=HouseholdTransition.Status.OPEN
        ).first(),
    }


def glass_openings_for_office(office_id: int, limit: int = 50) -> list[dict]:
    """Confidential notes of this office opened from another office: when, by whom, on which note, and why."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from tamkeen.core.models import AuditEvent

    from .models import CaseNote
    from .services import NOTE_BREAK_GLASS

    notes = CaseNote.objects.filter(author_office_id=office_id, is_confidential=True)
    events = list(
        AuditEvent.objects.filter(
            action=NOTE_BREAK_GLASS,
            object_type="cases.casenote",
            object_id__in=notes.annotate(key=Cast("pk", CharField())).values("key"),
        )
        .select_related("actor__office")
        .order_by("-at", "-id")[:limit]
    )
    by_id = notes.select_related("author").in_bulk([int(e.object_id) for e in events])
    return [{"event": e, "note": by_id.get(int(e.object_id))} for e in events]
