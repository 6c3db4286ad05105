from django.utils.translation import gettext as _

from tamkeen.core.panels import Panel

from . import selectors
from .access import can_request_export


def member_panels(user, member) -> list[Panel]:
    """On the member's page, office staff who may see the member ask for a copy of their data and record a
    correction request; earlier ones are listed with their state."""
    if not user.is_office_staff or not can_request_export(user, member):
        return []
    context = {
        "member": member,
        "exports": list(selectors.member_data_exports(user, member)[:5]),
        "corrections": list(selectors.member_correction_requests(user, member)[:10]),
    }
    return [Panel(_("The member's data rights"), "privacy/_member_panel.html", context, order=90)]
