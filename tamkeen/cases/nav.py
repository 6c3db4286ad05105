from django.utils.translation import gettext

from tamkeen.core.navigation import NavItem


def nav_items(user) -> list[NavItem]:
    if user.is_case_worker:
        return [NavItem(label=gettext("My caseload"), url_name="cases:caseload", order=20)]
    if user.is_supervisor:
        return [
            NavItem(label=gettext("Office caseloads"), url_name="cases:team", order=20),
            NavItem(label=gettext("Plans to approve"), url_name="cases:approvals", order=21),
        ]
    return []
