"""Who may see and assess which member's assessments.

Visibility is the registry's (tamkeen.registry.access: office staff see their office — or only their caseload
when so configured — and a regional manager reads the region), narrowed to staff: a beneficiary does not open
assessment pages. Assessments are entered by a case worker or supervisor who may edit the member's record.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tamkeen.core.access import get_visible_or_404
from tamkeen.registry import access as registry_access
from tamkeen.registry.models import Member

from .models import Assessment


def members_visible_to(user) -> QuerySet[Member]:
    if not getattr(user, "is_authenticated", False) or not (user.is_office_staff or user.is_manager):
        return Member.objects.none()
    return registry_access.members_visible_to(user)


def members_assessable_by(user) -> QuerySet[Member]:
    return registry_access.members_editable_by(user)


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
