from django.utils.translation import gettext

from tamkeen.accounts.models import Role
from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.role in (Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER, Role.BENEFICIARY):
        return [NavItem(label=gettext("Productive families"), url_name="enterprises:list", order=60)]
    return []
