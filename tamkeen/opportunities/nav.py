from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    items = []
    if user.is_partner:
        items.append(NavItem(label=gettext("Our opportunities"), url_name="opportunities:mine", order=30))
    if (
        user.is_office_staff
        or user.is_manager
        or user.is_partner
        or user.is_beneficiary
        or user.is_administrator
    ):
        items.append(NavItem(label=gettext("Opportunities"), url_name="opportunities:catalogue", order=31))
    return items
