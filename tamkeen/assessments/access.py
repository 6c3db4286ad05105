"""Who may see and assess which member's assessments.

The office check is written here (Member.household.office) because tamkeen.registry.access did not exist
when this app was built; it matches the registry's rule: office staff see their office's members, a regional
manager reads the members of the region's offices.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tamkeen.core.access import get_visible_or_404
from tamkeen.registry.models import Member

from .models import Assessment


def members_visible_to(user) -> QuerySet[Member]:
    if not getattr(user, "is_authenticated", False):
        return Member.objects.none()
    if user.is_office_staff and user.office_id:
        return Member.objects.filter(household__office_id=user.office_id)
    if user.is_manager and user.region_id:
        return Member.objects.filter(household__office__region_id=user.region_id)
    return Member.objects.none()


def members_assessable_by(user) -> QuerySet[Member]:
    """Assessments are entered by a case worker or supervisor of the member's own office."""
    if getattr(user, "is_authenticated", False) and user.is_office_staff and user.office_id:
        return Member.objects.filter(household__office_id=user.office_id)
    return Member.objects.none()


def access_member(user, pk) -> Member:
    return get_visible_or_404(members_visible_to(user).select_related("household__office"), pk=pk)


def access_member_for_assessment(user, pk) -> Member:
    """404 when the member is not visible at all, 403 when visible but read-only (a manager)."""
    member = access_member(user, pk)
    if not members_assessable_by(user).filter(pk=member.pk).exists():
        raise PermissionDenied
    return member


def assessments_visible_to(user) -> QuerySet[Assessment]:
    return Assessment.objects.filter(member__in=members_visible_to(user))


def access_assessment(user, pk) -> Assessment:
    return get_visible_or_404(
        assessments_visible_to(user).select_related("member__household__office", "instrument", "assessor"),
        pk=pk,
    )


def access_assessment_for_entry(user, pk) -> Assessment:
    assessment = access_assessment(user, pk)
    if not members_assessable_by(user).filter(pk=assessment.member_id).exists():
        raise PermissionDenied
    return assessment
