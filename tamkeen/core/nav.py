from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem
from tamkeen.core.rules import may_read_rules


def nav_items(user) -> list[NavItem]:
    if may_read_rules(user):
        return [NavItem(label=gettext("Programme rules"), url_name="core:rules", order=81)]
    return []
