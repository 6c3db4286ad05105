from django.utils.translation import gettext

from tamkeen.accounts.models import Role
from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.role in (Role.ORGANISER, Role.MANAGER, Role.PARTNER, Role.BENEFICIARY):
        return [NavItem(label=gettext("Forum"), url_name="forum:home", order=70)]
    return []
