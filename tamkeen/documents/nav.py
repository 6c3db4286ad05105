from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.is_supervisor or user.is_manager:
        return [NavItem(label=gettext("Issued documents"), url_name="documents:register", order=86)]
    return []
