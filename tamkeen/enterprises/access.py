"""Who may see which enterprise: the office holding the household's file, the region's manager, the family."""

from django.db.models import QuerySet

from tamkeen.accounts.models import Role
from tamkeen.core.access import get_visible_or_404
from tamkeen.enterprises.models import Enterprise
from tamkeen.registry.models import Household


def households_visible_to(user) -> QuerySet[Household]:
    households = Household.objects.all()
    if not getattr(user, "is_authenticated", False):
        return households.none()
    if user.role in (Role.CASE_WORKER, Role.SUPERVISOR) and user.office_id:
        return households.filter(office_id=user.office_id)
    if user.role == Role.MANAGER and user.region_id:
        return households.filter(office__region_id=user.region_id)
    if user.role == Role.BENEFICIARY:
        return households.filter(members__user=user)
    return households.none()


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(household__in=households_visible_to(user))


def enterprises_editable_by(user) -> QuerySet[Enterprise]:
    """Case workers and supervisors keep their office's productive-family records; others only read."""
    if getattr(user, "role", None) not in (Role.CASE_WORKER, Role.SUPERVISOR):
        return Enterprise.objects.none()
    return enterprises_visible_to(user)


def access_enterprise(user, pk) -> Enterprise:
    return get_visible_or_404(
        enterprises_visible_to(user).select_related("household", "owner", "activity"), pk=pk
    )


def access_enterprise_for_edit(user, pk) -> Enterprise:
    return get_visible_or_404(enterprises_editable_by(user), pk=pk)


def access_household_for_enterprise(user, pk) -> Household:
    if getattr(user, "role", None) not in (Role.CASE_WORKER, Role.SUPERVISOR):
        return get_visible_or_404(Household.objects.none(), pk=pk)
    return get_visible_or_404(households_visible_to(user), pk=pk)
