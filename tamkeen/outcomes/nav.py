from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    items = []
    if user.is_office_staff or user.is_manager:
        items.append(NavItem(label=gettext("Outcomes"), url_name="outcomes:list", order=60))
        items.append(NavItem(label=gettext("Follow-ups"), url_name="outcomes:follow_ups", order=61))
    if user.is_manager:
        items.append(
            NavItem(label=gettext("Employment verification"), url_name="outcomes:employment_upload", order=62)
        )
    return items
