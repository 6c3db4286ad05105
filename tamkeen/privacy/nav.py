from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.is_supervisor:
        return [NavItem(label=gettext("Correction requests"), url_name="privacy:corrections", order=14)]
    return []
