from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    items: list[NavItem] = []
    if user.is_case_worker or user.is_supervisor or user.is_manager:
        items.append(NavItem(label=gettext("Find a family"), url_name="registry:search", order=10))
    if user.is_case_worker or user.is_supervisor:
        items.append(NavItem(label=gettext("Add a household"), url_name="registry:household_add", order=11))
    if user.is_supervisor:
        items.append(NavItem(label=gettext("Import a roll"), url_name="registry:imports", order=12))
        items.append(NavItem(label=gettext("Members to review"), url_name="registry:reviews", order=13))
    return items
