from django.utils.translation import gettext as _

from tamkeen.core.panels import Panel


def member_panels(user, member) -> list[Panel]:
    if not user.is_office_staff:
        return []
    return [Panel(_("Case work"), "cases/_member_panel.html", {"member": member}, order=10)]
