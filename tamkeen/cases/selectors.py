from datetime import timedelta

from django.db.models import Case, Count, DateField, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from tamkeen.accounts.models import Role, User
from tamkeen.registry.models import Member

from .models import CaseExit, EmpowermentPlan, HouseholdTransition, PlanAction

DUE_SOON_DAYS = 7


def _current_plan(field: str):
    return Subquery(EmpowermentPlan.objects.filter(member=OuterRef("pk"), is_current=True).values(field)[:1])


def _open_actions():
    return PlanAction.objects.filter(plan__member=OuterRef("pk"), plan__is_current=True, is_done=False)


def caseload(members, *, track: str = "", status: str = "", governorate: str = "", today=None):
    """Members with their current plan, what is overdue and what is due next, the most urgent first."""
    today = today or timezone.localdate()
    overdue = (
        _open_actions()
        .filter(Q(is_overdue=True) | Q(due_date__lt=today))
        .order_by()
        .values("plan__member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    next_due = _open_actions().order_by("due_date").values("due_date")[:1]
    rows = members.select_related("household__governorate").annotate(
        plan_id=_current_plan("pk"),
        plan_status=_current_plan("status"),
        plan_track=_current_plan("track"),
        overdue_count=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        next_due=Subquery(next_due, output_field=DateField()),
    )
    if track:
        rows = rows.filter(plan_track=track)
    if status == "none":
        rows = rows.filter(plan_status__isnull=True)
    elif status:
        rows = rows.filter(plan_status=status)
    if governorate:
        rows = rows.filter(household__governorate__code=governorate)
    rows = rows.annotate(
        urgency=Case(
            When(overdue_count__gt=0, then=Value(0)),
            When(next_due__lte=today + timedelta(days=DUE_SOON_DAYS), then=Value(1)),
            When(plan_status=EmpowermentPlan.Status.RETURNED, then=Value(2)),
            When(plan_status__isnull=True, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        )
    )
    return rows.order_by("urgency", "-overdue_count", "next_due", "id")


def overdue_actions(members, limit: int = 20):
    return (
        PlanAction.objects.filter(
            plan__member__in=members, plan__is_current=True, is_done=False, is_overdue=True
        )
        .select_related("plan__member")
        .order_by("due_date")[:limit]
    )


def team_caseloads(office_id: int, today=None):
    """The office's case workers with their caseload size, overdue actions and plans waiting for approval."""
    today = today or timezone.localdate()
    workers = User.objects.filter(role=Role.CASE_WORKER, office_id=office_id, is_active=True).order_by(
        "username"
    )
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
    rows = [
        {
            "worker": w,
            "members": sizes.get(w.pk, 0),
            "overdue": overdue.get(w.pk, 0),
            "waiting": waiting.get(w.pk, 0),
        }
        for w in workers
    ]
    return rows, sizes.get(None, 0)


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
