from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.is_supervisor or user.is_manager:
        return [NavItem(label=gettext("Possible duplicates"), url_name="dedup:queue", order=60)]
    return []
