"""The doors to outcomes, follow-ups and employment-file imports.

Office staff see the outcomes of their office's members; a regional manager those of the region; partner staff
only the outcomes tied to their own entity. Everyone else sees none.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tamkeen.core.access import get_visible_or_404
from tamkeen.registry.models import Member

from .models import EmploymentImport, FollowUp, Outcome


def outcomes_visible_to(user) -> QuerySet[Outcome]:
    if not getattr(user, "is_authenticated", False):
        return Outcome.objects.none()
    if user.is_office_staff and user.office_id:
        return Outcome.objects.filter(household__office_id=user.office_id)
    if user.is_manager and user.region_id:
        return Outcome.objects.filter(household__office__region_id=user.region_id)
    if user.is_partner and user.entity_id:
        return Outcome.objects.filter(entity_id=user.entity_id)
    return Outcome.objects.none()


def access_outcome(user, pk) -> Outcome:
    return get_visible_or_404(
        outcomes_visible_to(user).select_related(
            "member__household__office", "office", "entity", "financing_body"
        ),
        pk=pk,
    )


def access_outcome_for_decision(user, pk) -> Outcome:
    """Verifying or refuting: the office's staff, or the partner whose outcome it is (404 when not visible)."""
    outcome = access_outcome(user, pk)
    if (
        user.is_manager
        or user.is_partner
        or (user.is_office_staff and user.office_id == outcome.household.office_id)
    ):
        return outcome
    raise PermissionDenied


def members_for_outcomes(user) -> QuerySet[Member]:
    """Members an outcome may be recorded for: case workers and supervisors of the member's office."""
    if getattr(user, "is_authenticated", False) and user.is_office_staff and user.office_id:
        return Member.objects.filter(household__office_id=user.office_id)
    return Member.objects.none()


def access_member_for_outcome(user, pk) -> Member:
    return get_visible_or_404(members_for_outcomes(user).select_related("household"), pk=pk)


def follow_ups_visible_to(user) -> QuerySet[FollowUp]:
    """A case worker's own follow-ups, a supervisor's office, a manager's region."""
    if not getattr(user, "is_authenticated", False):
        return FollowUp.objects.none()
    if user.is_case_worker and user.office_id:
        return FollowUp.objects.filter(assigned_to=user, outcome__household__office_id=user.office_id)
    if user.is_supervisor and user.office_id:
        return FollowUp.objects.filter(outcome__household__office_id=user.office_id)
    if user.is_manager and user.region_id:
        return FollowUp.objects.filter(outcome__household__office__region_id=user.region_id)
    return FollowUp.objects.none()


def access_follow_up_for_work(user, pk) -> FollowUp:
    follow_up = get_visible_or_404(
        follow_ups_visible_to(user).select_related("outcome__member__household"), pk=pk
    )
    if not user.is_office_staff:
        raise PermissionDenied
    return follow_up


def employment_imports_visible_to(user) -> QuerySet[EmploymentImport]:
    if not getattr(user, "is_authenticated", False):
        return EmploymentImport.objects.none()
    # Social-insurance files cover the whole region: the regional manager reads them in.
    if user.is_manager:
        return EmploymentImport.objects.filter(uploaded_by__region_id=user.region_id)
    return EmploymentImport.objects.none()


def access_employment_import(user, pk) -> EmploymentImport:
    return get_visible_or_404(employment_imports_visible_to(user), pk=pk)
