from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.is_beneficiary:
        return [NavItem(label=gettext("My portal"), url_name="portal:home", order=5)]
    return []
