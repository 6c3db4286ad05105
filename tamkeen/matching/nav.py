from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    items = []
    if user.is_office_staff:
        items.append(NavItem(label=gettext("Proposed matches"), url_name="matching:proposals", order=35))
    if user.is_office_staff or user.is_manager:
        items.append(NavItem(label=gettext("Match runs"), url_name="matching:runs", order=36))
    return items
