from django.utils.translation import gettext as _

from tamkeen.core.panels import Panel
from tamkeen.matching.accommodation import can_record_accommodation, has_accommodation_consent
from tamkeen.matching.forms import AccommodationNeedForm
from tamkeen.registry.models import AccommodationNeed


def member_panels(user, member) -> list[Panel]:
    # Sensitive data: only staff who may edit the member see or change the needs.
    if not can_record_accommodation(user, member):
        return []
    has_consent = has_accommodation_consent(member)
    return [
        Panel(
            _("Accommodation needs"),
            "matching/_accommodation_panel.html",
            {
                "member": member,
                "needs": list(AccommodationNeed.objects.filter(member=member).order_by("kind")),
                "has_consent": has_consent,
                "form": AccommodationNeedForm() if has_consent else None,
            },
            order=25,
        )
    ]
