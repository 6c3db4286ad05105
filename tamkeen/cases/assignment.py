"""Nobody falls between chairs: the office's households whose members have no case worker, and the supervisor's
named action that gives a whole household one. (A single member moves with ``services.caseload_reassign``.)"""

from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet
from django.utils.translation import gettext as _

from tamkeen.accounts.models import Role, User
from tamkeen.core import office_figures
from tamkeen.core.audit import audit_record
from tamkeen.registry.models import Household, Member, RecordChange

from .services.checks import CaseError, check_supervisor

HOUSEHOLD_ASSIGN = "caseload.assign_household"


def unassigned_households(office_id: int) -> QuerySet[Household]:
    """Households of the office with at least one member without a case worker, the longest waiting first."""
    waiting = Q(members__case_worker__isnull=True)
    return (
        Household.objects.filter(office_id=office_id)
        .annotate(
            unassigned=Count("members", filter=waiting),
            waiting_since=Min("members__created_at", filter=waiting),
        )
        .filter(unassigned__gt=0)
        .order_by("waiting_since", "pk")
    )


# Members read per step while looking for the first households; a household has a handful of members.
_WALK_STEP = 200


def first_unassigned_households(office_id: int, limit: int) -> list[Household]:
    """The first ``limit`` households of ``unassigned_households``, in its order, without aggregating the office.

    A household waits since its earliest member without a case worker, ties by household: walking those members
    in (created_at, household) order, each household first appears exactly at its place in that order. The walk
    follows a partial index of members without a case worker (registry migration 0008) and stops as soon as it
    has seen ``limit`` households, where grouping the office's households reads all of them."""
    unassigned = Member.objects.filter(household__office_id=office_id, case_worker__isnull=True).order_by(
        "created_at", "household_id", "pk"
    )
    found: list[int] = []
    after = None
    while len(found) < limit:
        step = unassigned
        if after is not None:
            created_at, household_id, pk = after
            step = step.filter(
                Q(created_at__gt=created_at)
                | Q(created_at=created_at, household_id__gt=household_id)
                | Q(created_at=created_at, household_id=household_id, pk__gt=pk)
            )
        rows = list(step.values_list("created_at", "household_id", "pk")[:_WALK_STEP])
        for _created_at, household_id, _pk in rows:
            if household_id not in found:
                found.append(household_id)
                if len(found) == limit:
                    break
        if len(rows) < _WALK_STEP:
            break
        after = rows[-1]
    by_pk = unassigned_households(office_id).select_related("office").in_bulk(found)
    return [by_pk[pk] for pk in found if pk in by_pk]


def unassigned_members(office_id: int) -> QuerySet[Member]:
    return Member.objects.filter(household__office_id=office_id, case_worker__isnull=True)


@transaction.atomic
def household_assign_case_worker(*, actor, household: Household, to_worker: User, reason: str = "") -> int:
    """Gives every member of the household who has no case worker to ``to_worker``; returns how many moved.

    Members who already have a case worker keep theirs: moving them is a reassignment, with its own reason."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    check_supervisor(actor, household.office_id)
    if not (
        to_worker.role == Role.CASE_WORKER
        and to_worker.office_id == household.office_id
        and to_worker.is_active
    ):
        raise CaseError(_("A member can only be assigned to an active case worker of the member's office."))
    members = list(
        Member.objects.select_for_update(of=("self",))
        .filter(household=household, case_worker__isnull=True)
        .order_by("pk")
    )
    for member in members:
        member.case_worker = to_worker
        member.save(update_fields=["case_worker", "updated_at"])
        RecordChange.objects.create(
            household=household,
            member=member,
            actor=actor,
            source="cases",
            changes={"case_worker": [None, to_worker.pk]},
            reason=reason,
        )
        audit_record(
            actor=actor,
            action=HOUSEHOLD_ASSIGN,
            obj=member,
            member_id=member.pk,
            changes={"case_worker": [None, to_worker.pk]},
            reason=reason,
        )
    office_figures.bump_members(household.office_id)
    return len(members)
