"""The doors to plans, notes and household cases: the registry's visibility (tamkeen.registry.access) for
staff — office staff of the member's office change a case, a regional manager reads it."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from tamkeen.assessments.access import access_member, members_assessable_by, members_visible_to
from tamkeen.core.access import get_visible_or_404
from tamkeen.registry import access as registry_access
from tamkeen.registry.models import Household, Member

from .models import CaseNote, EmpowermentPlan, PlanAction

__all__ = ["access_member", "members_visible_to"]


def members_workable_by(user) -> QuerySet[Member]:
    """Members whose case the user may change: case workers and supervisors of the member's office."""
    return members_assessable_by(user)


def access_member_for_work(user, pk) -> Member:
    member = access_member(user, pk)
    if not members_workable_by(user).filter(pk=member.pk).exists():
        raise PermissionDenied
    return member


def plans_visible_to(user) -> QuerySet[EmpowermentPlan]:
    return EmpowermentPlan.objects.filter(member__in=members_visible_to(user))


def access_plan(user, pk) -> EmpowermentPlan:
    return get_visible_or_404(plans_visible_to(user).select_related("member__household__office"), pk=pk)


def access_plan_for_work(user, pk) -> EmpowermentPlan:
    plan = access_plan(user, pk)
    if not registry_access.can_edit_member(user, plan.member):
        raise PermissionDenied
    return plan


def access_action_for_work(user, pk) -> PlanAction:
    action = get_visible_or_404(
        PlanAction.objects.filter(plan__in=plans_visible_to(user)).select_related("plan__member__household"),
        pk=pk,
    )
    if not registry_access.can_edit_member(user, action.plan.member):
        raise PermissionDenied
    return action


def notes_visible_to(user) -> QuerySet[CaseNote]:
    """Open notes follow the member; a confidential one only its author and the author's office supervisors."""
    notes = CaseNote.objects.filter(member__in=members_visible_to(user))
    allowed_confidential = Q(author_id=user.pk)
    if getattr(user, "is_supervisor", False) and user.office_id:
        allowed_confidential |= Q(author_office_id=user.office_id)
    return notes.filter(Q(is_confidential=False) | allowed_confidential)


def can_break_glass(user, note: CaseNote) -> bool:
    """A supervisor outside the author's office may open a confidential note, with a recorded reason."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_supervisor
        and user.office_id
        and note.is_confidential
        and note.author_office_id != user.office_id
        and note.author_id != user.pk
    )


def notes_behind_glass(user) -> QuerySet[CaseNote]:
    """The confidential notes on members this supervisor sees that only a recorded reason opens."""
    if not (getattr(user, "is_authenticated", False) and user.is_supervisor and user.office_id):
        return CaseNote.objects.none()
    return (
        CaseNote.objects.filter(member__in=members_visible_to(user), is_confidential=True)
        .exclude(author_office_id=user.office_id)
        .exclude(author_id=user.pk)
    )


def access_note_behind_glass(user, pk) -> CaseNote:
    return get_visible_or_404(
        notes_behind_glass(user).select_related("author", "author_office", "member"), pk=pk
    )


def households_visible_to(user) -> QuerySet[Household]:
    if not getattr(user, "is_authenticated", False) or not (user.is_office_staff or user.is_manager):
        return Household.objects.none()
    return registry_access.households_visible_to(user)


def access_household(user, pk) -> Household:
    return get_visible_or_404(households_visible_to(user).select_related("office", "governorate"), pk=pk)
