from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.is_partner:
        return [NavItem(label=gettext("API clients"), url_name="api_clients:list", order=80)]
    return []
