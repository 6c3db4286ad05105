"""What the home page asks of office staff today: overdue plan actions, members without a plan, plans to
approve, and the office's members who have no case worker yet."""

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext

from tamkeen.core import office_figures, queue_cache
from tamkeen.core.worklist import FIRST_ITEMS, WorkItem, WorkQueue, first_and_count
from tamkeen.registry.models import Household, Member

from . import assignment, selectors
from .forms import ReassignForm
from .models import PlanAction


def _late_actions(members, today: date):
    return (
        PlanAction.objects.filter(selectors.member_in(members, "plan__member_id"))
        .filter(plan__is_current=True, is_done=False)
        .filter(Q(is_overdue=True) | Q(due_date__lt=today))
        .select_related("plan__member")
        .order_by("due_date", "pk")
    )


def _action_items(actions) -> list[WorkItem]:
    return [
        WorkItem(
            label=str(action.plan.member),
            url=reverse("cases:plan", args=[action.plan_id]),
            detail=action.description,
            due=action.due_date,
            is_late=True,
        )
        for action in actions
    ]


def _cached_queue(name: str, rows, *, office_id: int, today: date, **cheaper) -> tuple[int, list]:
    """A queue's capped count and first rows, kept with the office's figures (``queue_cache.first_and_count_kept``).

    Finding them means walking office-wide indexes (every open late action of the country, the office's
    members without a case worker, the plans submitted nationally) on every home page. What a queue holds
    changes only with the day (in the key) or through writes that bump the office's figures (actions added or
    done, plans submitted or decided, members registered or assigned)."""
    return queue_cache.first_and_count_kept(
        rows, lambda compute: office_figures.cached(name, office_id, today, compute), **cheaper
    )


def _late_queue(members, *, office_id: int, scope: str, today: date) -> tuple[int, list[WorkItem]]:
    count, actions = _cached_queue(
        f"late-actions:{scope}", _late_actions(members, today), office_id=office_id, today=today
    )
    return count, _action_items(actions)


def _households_waiting(office_id: int):
    """The office's households with a member without a case worker, as an indexed existence test per household
    (registry_member (case_worker, household, id)) that a capped count can stop early."""
    waiting = Member.objects.filter(household=OuterRef("pk"), case_worker__isnull=True)
    return Household.objects.filter(office_id=office_id).filter(Exists(waiting))


def work_queues(user, today: date) -> list[WorkQueue]:
    if user.is_case_worker:
        mine = Member.objects.filter(case_worker=user)
        late_count, late_items = _late_queue(
            mine, office_id=user.office_id, scope=f"worker-{user.pk}", today=today
        )
        no_plan = (
            mine.exclude(plans__is_current=True).select_related("household").order_by("-created_at", "-pk")
        )
        no_plan_count, no_plan_first = first_and_count(no_plan)
        caseload = reverse("cases:caseload")
        return [
            WorkQueue(
                key="late-actions",
                title=gettext("Overdue plan actions"),
                count=late_count,
                items=late_items,
                url=caseload,
                order=10,
                is_urgent=True,
            ),
            WorkQueue(
                key="no-plan",
                title=gettext("Members of your caseload without a plan"),
                count=no_plan_count,
                items=[
                    WorkItem(label=str(m), url=reverse("cases:member", args=[m.pk]), detail=str(m.household))
                    for m in no_plan_first
                ],
                url=f"{caseload}?status=none",
                order=20,
            ),
        ]
    if user.is_supervisor:
        office = user.office_id
        waiting_count, waiting = _cached_queue(
            "approvals", selectors.plans_to_approve(office), office_id=office, today=today
        )
        unassigned_count, unassigned = _cached_queue(
            "unassigned",
            assignment.unassigned_households(office),
            counted=_households_waiting(office),
            office_id=office,
            today=today,
            first_ids=lambda: [h.pk for h in assignment.first_unassigned_households(office, FIRST_ITEMS)],
        )
        late_count, late_items = _late_queue(
            Member.objects.filter(household__office_id=office), office_id=office, scope="office", today=today
        )
        workers = selectors.office_workers(office)
        return [
            WorkQueue(
                key="unassigned",
                title=gettext("Households waiting for a case worker"),
                count=unassigned_count,
                items=[WorkItem(label=str(h), obj=h) for h in unassigned],
                url=f"{reverse('cases:caseload')}?worker=none",
                order=5,
                is_urgent=True,
                item_template="cases/includes/assign_household.html",
                extra={"form": ReassignForm(workers=workers)},
            ),
            WorkQueue(
                key="approvals",
                title=gettext("Plans waiting for your approval"),
                count=waiting_count,
                items=[
                    WorkItem(
                        label=str(plan.member),
                        url=reverse("cases:plan", args=[plan.pk]),
                        detail=plan.get_track_display(),
                    )
                    for plan in waiting
                ],
                url=reverse("cases:approvals"),
                order=10,
            ),
            WorkQueue(
                key="office-late-actions",
                title=gettext("Overdue plan actions in the office"),
                count=late_count,
                items=late_items,
                url=reverse("cases:team"),
                order=15,
                is_urgent=True,
            ),
        ]
    return []
