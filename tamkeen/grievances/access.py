"""Who sees which grievances and appeals.

Grievances and appeals are handled by the office that holds them: its staff see its queue, the regional
manager the region's. A beneficiary sees only what they filed themselves, and only while the registry still
shows them the member it concerns (tamkeen.registry.access.members_visible_to, the one visibility policy).
"""

from django.db.models import Q, QuerySet

from tamkeen.accounts.access import in_visible_regions
from tamkeen.core.access import get_visible_or_404
from tamkeen.registry.access import members_visible_to

from . import rules
from .models import Appeal, Grievance


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def grievances_visible_to(user) -> QuerySet[Grievance]:
    grievances = Grievance.objects.select_related("category__parent", "office")
    if not _authenticated(user):
        return grievances.none()
    if user.is_office_staff:
        return grievances.filter(office_id=user.office_id)
    if user.is_manager:
        return in_visible_regions(grievances, user, "office__region_id")
    if user.is_beneficiary:
        return grievances.filter(filed_by=user).filter(
            Q(member__isnull=True) | Q(member__in=members_visible_to(user))
        )
    return grievances.none()


def access_grievance(user, pk) -> Grievance:
    return get_visible_or_404(grievances_visible_to(user), pk=pk)


def can_handle(user, grievance: Grievance) -> bool:
    """The level that holds a grievance may act on it, and anyone above that level."""
    if not _authenticated(user) or not grievance.is_open:
        return False
    if user.is_manager:
        return user.region_id is not None and user.region_id == grievance.office.region_id
    if not user.is_office_staff or user.office_id != grievance.office_id:
        return False
    if grievance.level == rules.WORKER:
        return True
    return grievance.level == rules.SUPERVISOR and user.is_supervisor


def can_close(user, grievance: Grievance) -> bool:
    if not _authenticated(user) or grievance.status == Grievance.Status.CLOSED:
        return False
    if grievance.status == Grievance.Status.ANSWERED:
        return (user.is_office_staff and user.office_id == grievance.office_id) or (
            user.is_manager and user.region_id == grievance.office.region_id
        )
    return can_handle(user, grievance)


def appeals_visible_to(user) -> QuerySet[Appeal]:
    appeals = Appeal.objects.select_related("office", "member")
    if not _authenticated(user):
        return appeals.none()
    if user.is_office_staff:
        return appeals.filter(office_id=user.office_id)
    if user.is_manager:
        return in_visible_regions(appeals, user, "office__region_id")
    if user.is_beneficiary:
        return appeals.filter(member__in=members_visible_to(user), member__user=user)
    return appeals.none()


def access_appeal(user, pk) -> Appeal:
    return get_visible_or_404(appeals_visible_to(user), pk=pk)


def may_decide_appeals(user, appeal: Appeal) -> bool:
    """Appeals go up: the office supervisor, or the regional manager for a sanction exit (whose reversal the
    cases app lets a manager carry out). Whether this person took the decision is checked separately."""
    if not _authenticated(user) or appeal.status != Appeal.Status.RECEIVED:
        return False
    if user.is_supervisor and user.office_id == appeal.office_id:
        return True
    return (
        appeal.kind == Appeal.Kind.SANCTION_EXIT
        and user.is_manager
        and user.region_id is not None
        and user.region_id == appeal.office.region_id
    )
