from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone

from tamkeen.accounts.models import Role, User
from tamkeen.core import office_figures
from tamkeen.core.rules import rule_values_on
from tamkeen.registry.models import Member

from .models import CaseExit, EmpowermentPlan, HouseholdTransition, PlanAction
from .rules import DEFAULT_TRANSITION, TRANSITION_RULE, TransitionPeriod


def transition_period_on(day: date) -> TransitionPeriod:
    """The transition period in force on ``day`` (the outcome's date decides a household's length)."""
    return TransitionPeriod(**rule_values_on(TRANSITION_RULE, day, asdict(DEFAULT_TRANSITION)))


CASELOAD_PAGE_SIZE = 25
# The caseload's count stops here: a case worker's caseload runs to thousands of members at national scale, and
# past a thousand the exact figure helps nobody but costs a count over all of them on every page.
CASELOAD_COUNT_CAP = 1000


@dataclass
class CaseloadRow:
    member: Member
    plan_id: int | None = None
    plan_status: str | None = None
    plan_track: str | None = None
    overdue_count: int = 0
    next_due: date | None = None

    @property
    def pk(self) -> int:
        return self.member.pk

    @property
    def key(self) -> str:
        """Where the row stands in the caseload's order, for the pager's address."""
        return caseload_key(self.member.household_id, self.member.pk)


@dataclass
class CaseloadWindow:
    """One page of the caseload in file order, reached by its neighbours' keys rather than by counting rows."""

    rows: list[CaseloadRow]
    count: int  # up to CASELOAD_COUNT_CAP + 1
    previous_key: str = ""  # the first row's key, to page back from (empty on the first page)
    next_key: str = ""  # the last row's key, to page on from (empty on the last page)
    cap: int = CASELOAD_COUNT_CAP

    @property
    def is_count_capped(self) -> bool:
        return self.count > self.cap


def caseload_key(household_id: int, member_id: int) -> str:
    return f"{household_id}.{member_id}"


def parse_caseload_key(raw: str | None) -> tuple[int, int] | None:
    """A key from the address, or None for anything that is not one (the first page is shown instead)."""
    household, _, member = (raw or "").partition(".")
    if not (household.isdigit() and member.isdigit()):
        return None
    return int(household), int(member)


def caseload_filter(members, *, track: str = "", status: str = "", governorate: str = ""):
    """The caseload's members narrowed by the current plan's track or status (\"none\": no plan yet) and the
    household's governorate, as conditions on each member so that the pager can walk the index in order."""
    if governorate:
        members = members.filter(household__governorate__code=governorate)
    current = EmpowermentPlan.objects.filter(member=OuterRef("pk"), is_current=True)
    if status == "none":
        members = members.filter(~Exists(current))
    elif status:
        members = members.filter(Exists(current.filter(status=status)))
    if track:
        members = members.filter(Exists(current.filter(track=track)))
    return members


def caseload_window(
    members, *, after: str = "", before: str = "", size: int = CASELOAD_PAGE_SIZE, today=None
) -> CaseloadWindow:
    """The page of ``members`` after (or before) a key, in file order (household, then member).

    Keyset paging on registry_member (case_worker, household, id): a page reads its own rows whatever its depth,
    and the count stops at CASELOAD_COUNT_CAP. Plans, overdue actions and the next due date are read for the
    page's rows only."""
    today = today or timezone.localdate()
    members = members.order_by()
    forward = parse_caseload_key(after)
    backward = None if forward else parse_caseload_key(before)
    if backward:
        household, member = backward
        # The redundant household bound lets the database start the index scan at the key.
        earlier = members.filter(household_id__lte=household).filter(
            Q(household_id__lt=household) | Q(pk__lt=member)
        )
        found = list(
            earlier.order_by("-case_worker", "-household_id", "-pk").values_list("pk", flat=True)[: size + 1]
        )
        if len(found) <= size:
            # Back at the start: show a full first page rather than the few rows before the key.
            return caseload_window(members, size=size, today=today)
        ids, has_previous, has_next = found[:size][::-1], True, True
    else:
        later = members
        if forward:
            household, member = forward
            later = members.filter(household_id__gte=household).filter(
                Q(household_id__gt=household) | Q(pk__gt=member)
            )
        # case_worker is one value (or NULL) throughout; naming it lets PostgreSQL read the index in order
        # when it is NULL, where the condition makes no equality.
        found = list(
            later.order_by("case_worker", "household_id", "pk").values_list("pk", flat=True)[: size + 1]
        )
        ids, has_previous, has_next = found[:size], forward is not None, len(found) > size
    rows = _caseload_rows(ids, today)
    return CaseloadWindow(
        rows=rows,
        count=members[: CASELOAD_COUNT_CAP + 1].count(),
        cap=CASELOAD_COUNT_CAP,
        previous_key=rows[0].key if rows and has_previous else "",
        next_key=rows[-1].key if rows and has_next else "",
    )


def _caseload_rows(ids: list[int], today: date) -> list[CaseloadRow]:
    loaded = Member.objects.select_related("household__governorate").in_bulk(ids)
    rows = {pk: CaseloadRow(loaded[pk]) for pk in ids if pk in loaded}
    plans = EmpowermentPlan.objects.filter(member_id__in=list(rows), is_current=True)
    for member_id, plan_id, plan_status, plan_track in plans.values_list(
        "member_id", "pk", "status", "track"
    ):
        row = rows[member_id]
        row.plan_id, row.plan_status, row.plan_track = plan_id, plan_status, plan_track
    by_plan = {row.plan_id: row for row in rows.values() if row.plan_id}
    if by_plan:
        work = (
            PlanAction.objects.filter(plan_id__in=list(by_plan), is_done=False)
            .values("plan_id")
            .annotate(
                overdue=Count("pk", filter=Q(is_overdue=True) | Q(due_date__lt=today)),
                next_due=Min("due_date"),
            )
            .values_list("plan_id", "overdue", "next_due")
        )
        for plan_id, overdue, next_due in work:
            by_plan[plan_id].overdue_count, by_plan[plan_id].next_due = overdue, next_due
    return list(rows.values())


def member_in(members, ref: str) -> Q:
    """The row's member (at ``ref``) is one of ``members``, tested row by row with a primary-key lookup.

    For the few rows a queue starts from (open late actions, submitted plans: a few thousand nationally).
    ``ref__in=members`` lets PostgreSQL hash every member of a caseload or an office first (100,000-300,000 at
    national scale); a correlated subquery with LIMIT is never flattened into such a join."""
    return Q(**{ref: Subquery(members.order_by().filter(pk=OuterRef(ref)).values("pk")[:1])})


def overdue_actions(members, limit: int = 20):
    return (
        PlanAction.objects.filter(member_in(members, "plan__member_id"))
        .filter(plan__is_current=True, is_done=False, is_overdue=True)
        .select_related("plan__member")
        .order_by("due_date")[:limit]
    )


def caseload_overdue_actions(members, *, office_id: int, scope: str, today: date, limit: int = 20):
    """The caseload's overdue actions (``overdue_actions``), their ids cached with the office's figures.

    Finding them tests every open overdue action of the country against the caseload (~1,900 at national
    scale, 29 ms), on every caseload page. Which actions they are changes only through writes that bump the
    office's figures (actions added, done or flagged overdue, plans revised, members reassigned), so the ids
    are kept under its version; the rows themselves are read afresh, through the same tests, on each page."""
    ids = office_figures.cached(
        f"caseload-overdue:{scope}",
        office_id,
        today,
        lambda: list(overdue_actions(members, limit).values_list("pk", flat=True)),
    )
    if not ids:
        return []
    rows = {
        action.pk: action
        for action in PlanAction.objects.filter(member_in(members, "plan__member_id"))
        .filter(pk__in=ids, plan__is_current=True, is_done=False, is_overdue=True)
        .select_related("plan__member")
    }
    return [rows[pk] for pk in ids if pk in rows]


def caseload_sizes(office_id: int) -> dict:
    """The office's members by case worker id (None: no case worker). Cached until members are registered,
    moved or assigned (``office_figures.bump_members``)."""
    members = Member.objects.filter(household__office_id=office_id)
    return dict(members.values("case_worker").annotate(n=Count("pk")).values_list("case_worker", "n"))


def team_figures(office_id: int, today: date) -> dict:
    """Over the whole office, by case worker id: overdue actions and plans waiting for approval. Cached until a
    write bumps the office (tamkeen.core.office_figures)."""
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
    return {"overdue": overdue, "waiting": waiting}


def team_caseloads(office_id: int, today=None):
    """The office's case workers with their caseload size, overdue actions and plans waiting for approval."""
    today = today or timezone.localdate()
    figures = office_figures.cached("team", office_id, today, lambda: team_figures(office_id, today))
    sizes = office_figures.cached(
        "caseload-sizes", office_id, today, lambda: caseload_sizes(office_id), members=True
    )
    rows = [
        {
            "worker": w,
            "members": sizes.get(w.pk, 0),
            "overdue": figures["overdue"].get(w.pk, 0),
            "waiting": figures["waiting"].get(w.pk, 0),
        }
        for w in office_workers(office_id)
    ]
    return rows, sizes.get(None, 0)


def office_workers(office_id: int):
    return User.objects.filter(role=Role.CASE_WORKER, office_id=office_id, is_active=True).order_by(
        "username"
    )


def plans_to_approve(office_id: int):
    return (
        EmpowermentPlan.objects.filter(status=EmpowermentPlan.Status.SUBMITTED)
        .filter(member_in(Member.objects.filter(household__office_id=office_id), "member_id"))
        .select_related("member", "created_by")
        .order_by("submitted_at", "pk")
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
