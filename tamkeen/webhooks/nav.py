from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.is_partner:
        return [NavItem(label=gettext("Webhooks"), url_name="webhooks:list", order=81)]
    return []
