"""Every write to appointments: invitations, the member's answer, moves, cancellations, attendance, reminders."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record
from tamkeen.registry.access import members_visible_to

from . import messages, rules
from .access import can_answer, can_manage
from .models import Appointment


class AppointmentError(ValidationError):
    pass


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("member__household", "office")
        .get(pk=appointment.pk)
    )


def _move(appointment: Appointment, action: str, *, actor, updates: dict | None = None, reason: str = ""):
    target = rules.next_state(action, appointment.status)
    if target is None:
        raise AppointmentError(
            _("An appointment that is “%(status)s” cannot be changed this way.")
            % {"status": appointment.get_status_display()},
            code="invalid_transition",
        )
    previous = appointment.status
    values = {"status": target, **(updates or {})}
    changes = {}
    for field, value in values.items():
        old = getattr(appointment, field)
        if old != value:
            changes[field] = [old, value]
        setattr(appointment, field, value)
    appointment.save(update_fields=[*values, "updated_at"])
    audit_record(
        actor=actor,
        action=f"appointment.{action}",
        obj=appointment,
        member_id=appointment.member_id,
        changes={"status": [previous, target], **{k: v for k, v in changes.items() if k != "status"}},
        reason=reason,
    )
    return appointment


@transaction.atomic
def appointment_invite(
    *, actor, member, kind: str, starts_at: datetime, place: str = "", notes: str = "", now=None
) -> Appointment:
    now = now or timezone.now()
    if not (actor.is_office_staff and actor.office_id == member.household.office_id):
        raise PermissionDenied(_("Only the staff of the member's office invite them."))
    if not members_visible_to(actor).filter(pk=member.pk).exists():
        raise PermissionDenied(_("This member is not in your caseload."))
    if kind not in Appointment.Kind.values:
        raise AppointmentError(_("Choose the kind of appointment."), code="kind")
    if starts_at <= now:
        raise AppointmentError(_("An appointment is set in the future."), code="in_the_past")
    appointment = Appointment.objects.create(
        member=member,
        office_id=member.household.office_id,
        kind=kind,
        starts_at=starts_at,
        place=place.strip(),
        notes=notes.strip(),
        invited_by=actor,
    )
    audit_record(
        actor=actor,
        action="appointment.invite",
        obj=appointment,
        member_id=member.pk,
        changes={"status": [None, appointment.status], "starts_at": [None, starts_at], "kind": [None, kind]},
    )
    messages.tell(event=messages.INVITED, appointment=appointment, member=member)
    return appointment


@transaction.atomic
def appointment_confirm(*, actor, appointment: Appointment, now=None) -> Appointment:
    appointment = _locked(appointment)
    if not can_answer(actor, appointment):
        raise PermissionDenied(_("Only the invited member answers an invitation."))
    if appointment.starts_at <= (now or timezone.now()):
        raise AppointmentError(_("This appointment has already passed."), code="passed")
    return _move(appointment, "confirm", actor=actor, updates={"answered_at": now or timezone.now()})


@transaction.atomic
def appointment_ask_other_slot(*, actor, appointment: Appointment, note: str = "", now=None) -> Appointment:
    """The member cannot come then; their note says when they can. The person who invited them is told."""
    appointment = _locked(appointment)
    if not can_answer(actor, appointment):
        raise PermissionDenied(_("Only the invited member answers an invitation."))
    if appointment.starts_at <= (now or timezone.now()):
        raise AppointmentError(_("This appointment has already passed."), code="passed")
    appointment = _move(
        appointment,
        "ask_other_slot",
        actor=actor,
        updates={"answered_at": now or timezone.now(), "member_note": note.strip()[:300]},
        reason=note.strip()[:300],
    )
    messages.tell(event=messages.OTHER_SLOT_ASKED, appointment=appointment, user=appointment.invited_by)
    return appointment


@transaction.atomic
def appointment_reschedule(
    *, actor, appointment: Appointment, starts_at: datetime, place: str | None = None, now=None
) -> Appointment:
    appointment = _locked(appointment)
    if not can_manage(actor, appointment):
        raise PermissionDenied(_("Only the staff of the member's office change an appointment."))
    if starts_at <= (now or timezone.now()):
        raise AppointmentError(_("An appointment is set in the future."), code="in_the_past")
    updates = {"starts_at": starts_at, "reminder_sent_at": None, "answered_at": None, "member_note": ""}
    if place is not None:
        updates["place"] = place.strip()
    appointment = _move(appointment, "reschedule", actor=actor, updates=updates)
    messages.tell(event=messages.RESCHEDULED, appointment=appointment, member=appointment.member)
    return appointment


@transaction.atomic
def appointment_cancel(*, actor, appointment: Appointment, reason: str) -> Appointment:
    appointment = _locked(appointment)
    if not can_manage(actor, appointment):
        raise PermissionDenied(_("Only the staff of the member's office change an appointment."))
    reason = reason.strip()
    if not reason:
        raise AppointmentError(_("Say why the appointment is cancelled."), code="reason")
    appointment = _move(
        appointment, "cancel", actor=actor, updates={"cancel_reason": reason[:300]}, reason=reason
    )
    messages.tell(event=messages.CANCELLED, appointment=appointment, member=appointment.member)
    return appointment


@transaction.atomic
def appointment_record_attendance(
    *, actor, appointment: Appointment, attended: bool, now=None
) -> Appointment:
    """Attended or not, recorded once the time has come; a mistake can be corrected the same way."""
    now = now or timezone.now()
    appointment = _locked(appointment)
    if not can_manage(actor, appointment):
        raise PermissionDenied(_("Only the staff of the member's office record attendance."))
    if not rules.can_record_attendance(appointment.starts_at, now):
        raise AppointmentError(
            _("Attendance is recorded once the appointment's time has come."), code="too_early"
        )
    return _move(
        appointment,
        "attended" if attended else "no_show",
        actor=actor,
        updates={"attendance_recorded_by": actor, "attendance_recorded_at": now},
    )


def appointments_send_reminders(*, now=None) -> int:
    """The daily job: tomorrow's appointments remind their members once, each in its own transaction."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    candidates = Appointment.objects.filter(
        status__in=rules.UPCOMING,
        reminder_sent_at__isnull=True,
        starts_at__gte=tomorrow,
        starts_at__lt=tomorrow + timedelta(days=1),
    ).values_list("pk", "starts_at")
    for pk, starts_at in candidates:
        if not rules.reminder_due(timezone.localdate(starts_at), today, already_sent=False):
            continue
        with transaction.atomic():
            appointment = (
                Appointment.objects.select_for_update(of=("self",))
                .select_related("member", "office")
                .get(pk=pk)
            )
            if appointment.reminder_sent_at is not None or appointment.status not in rules.UPCOMING:
                continue
            appointment.reminder_sent_at = now
            appointment.save(update_fields=["reminder_sent_at", "updated_at"])
            audit_record(
                actor=None, action="appointment.remind", obj=appointment, member_id=appointment.member_id
            )
            messages.tell(event=messages.REMINDER, appointment=appointment, member=appointment.member)
            sent += 1
    return sent
