from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    items = []
    if user.is_manager or user.is_supervisor:
        items.append(NavItem(label=gettext("Dashboard"), url_name="reports:dashboard", order=10))
    if user.is_manager:
        items.append(NavItem(label=gettext("Targets"), url_name="reports:targets", order=11))
    return items
