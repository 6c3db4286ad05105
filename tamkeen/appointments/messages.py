"""What the appointments app tells people, in one place: each event goes to the platform's outbox."""

from django.utils import timezone

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
        # A date, not its ISO text: the message shows it Hijri first, then Gregorian.
        "date": starts.date(),
        "time": starts.strftime("%H:%M"),
        "place": appointment.place,
        "office": appointment.office.name,
        "member_name": appointment.member.first_name,
    }


def tell(*, event: str, appointment, member=None, user=None) -> None:
    from tamkeen.notifications.services import notify

    notify(event=event, member=member, user=user, context=appointment_context(appointment))
