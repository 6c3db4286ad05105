"""What the appointments app tells people, in one place: each event goes to the platform's outbox."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

INVITED = "appointment.invited"
REMINDER = "appointment.reminder"
RESCHEDULED = "appointment.rescheduled"
CANCELLED = "appointment.cancelled"
OTHER_SLOT_ASKED = "appointment.other_slot_asked"


def appointment_context(appointment) -> dict:
    starts = timezone.localtime(appointment.starts_at)
    return {
        "appointment_id": appointment.pk,
        "kind": str(appointment.get_kind_display()),
        "date": starts.date().isoformat(),
        "time": starts.strftime("%H:%M"),
        "place": appointment.place,
        "office": appointment.office.name,
        "member_name": appointment.member.first_name,
    }


def tell(*, event: str, appointment, member=None, user=None) -> None:
    try:
        from tamkeen.notifications.services import notify
    except ModuleNotFoundError:
        _send_by_sms_gateway(event=event, appointment=appointment, member=member)
        return
    notify(event=event, member=member, user=user, context=appointment_context(appointment))


def _send_by_sms_gateway(*, event: str, appointment, member) -> None:
    # Until the outbox exists the member is told through the SMS gateway the forum already uses, after commit.
    if member is None or not member.phone:
        return
    from tamkeen.forum.notify import send_text

    context = appointment_context(appointment)
    body = _("%(kind)s on %(date)s at %(time)s, %(place)s (%(office)s)") % context
    transaction.on_commit(lambda: send_text(phone=member.phone, subject=event, body=body))
