from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.is_office_staff or user.is_manager or user.is_administrator or user.is_organiser:
        return [NavItem(label=gettext("Enabling entities"), url_name="partners:list", order=32)]
    return []
