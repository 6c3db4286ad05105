from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    items = []
    if user.is_office_staff or user.is_manager:
        items.append(NavItem(label=gettext("Grievances"), url_name="grievances:queue", order=26))
        items.append(NavItem(label=gettext("Appeals"), url_name="grievances:appeals", order=27))
    if user.is_supervisor or user.is_manager:
        items.append(NavItem(label=gettext("Grievance figures"), url_name="grievances:figures", order=61))
    if user.is_administrator or user.is_manager:
        items.append(
            NavItem(label=gettext("Grievance times"), url_name="grievances:service_levels", order=80)
        )
    if user.is_beneficiary:
        items.append(
            NavItem(label=gettext("My grievances and appeals"), url_name="grievances:mine", order=26)
        )
    return items
