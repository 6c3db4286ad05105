from django.utils.translation import gettext as _

from tamkeen.core.panels import Panel
from tamkeen.notifications.selectors import member_mobile, messages_visible_to, preference_of
from tamkeen.registry.access import can_edit_member


def member_panels(user, member) -> list[Panel]:
    """Office staff see how the member is reached: the mobile codes go to, the portal account, the messages."""
    if not user.is_office_staff:
        return []
    preference = preference_of(member=member)
    context = {
        "member": member,
        "mobile": member_mobile(member, preference),
        "can_edit": can_edit_member(user, member),
        "is_roll_mobile_wrong": bool(preference and preference.is_registry_mobile_wrong),
        "has_account": member.user_id is not None,
        "recent": list(messages_visible_to(user).filter(member=member)[:5]),
    }
    return [Panel(_("Portal and messages"), "portal/_member_panel.html", context, order=70)]
