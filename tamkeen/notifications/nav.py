from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.can_browse_registry:
        return [NavItem(label=gettext("Messages sent"), url_name="notifications:log", order=85)]
    return []
