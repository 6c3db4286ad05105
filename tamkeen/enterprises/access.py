"""Who may see which enterprise: a productive family is a household's business, so enterprises follow the
registry's household visibility (tamkeen.registry.access) — the office in scope (or the case worker's own
caseload), the region's manager, the family itself; office staff in scope keep the records."""

from django.db.models import QuerySet

from tamkeen.core.access import get_visible_or_404
from tamkeen.enterprises.models import Enterprise
from tamkeen.registry import access as registry_access
from tamkeen.registry.models import Household


def households_visible_to(user) -> QuerySet[Household]:
    return registry_access.households_visible_to(user)


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(household__in=registry_access.households_visible_to(user))


def enterprises_editable_by(user) -> QuerySet[Enterprise]:
    """Case workers and supervisors keep the productive-family records in their scope; others only read."""
    return Enterprise.objects.filter(household__in=registry_access.households_editable_by(user))


def can_view_enterprise(user, enterprise: Enterprise) -> bool:
    return enterprises_visible_to(user).filter(pk=enterprise.pk).exists()


def can_edit_enterprise(user, enterprise: Enterprise) -> bool:
    return enterprises_editable_by(user).filter(pk=enterprise.pk).exists()


def access_enterprise(user, pk) -> Enterprise:
    return get_visible_or_404(
        enterprises_visible_to(user).select_related("household", "owner", "activity"), pk=pk
    )


def access_enterprise_for_edit(user, pk) -> Enterprise:
    return get_visible_or_404(enterprises_editable_by(user), pk=pk)


def access_household_for_enterprise(user, pk) -> Household:
    return get_visible_or_404(registry_access.households_editable_by(user), pk=pk)
