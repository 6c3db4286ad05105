from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.is_office_staff:
        return [NavItem(label=gettext("Appointments"), url_name="appointments:list", order=25)]
    if user.is_beneficiary:
        return [NavItem(label=gettext("My appointments"), url_name="appointments:mine", order=25)]
    return []
