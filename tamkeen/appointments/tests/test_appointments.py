"""Nora (worker_sby) invites Muhammad (beneficiary_sby) to the office; he answers from his own sign-in."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from tamkeen.appointments import access, selectors, services
from tamkeen.appointments.models import Appointment
from tamkeen.core.models import AuditEvent
from tests.personas import make_user

pytestmark = pytest.mark.django_db


def arabic(text: str) -> str:
    with translation.override("ar"):
        return translation.gettext(text)


def at(days: int, hour: int = 10):
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def invite(world, days=3, member=None, actor=None):
    return services.appointment_invite(
        actor=actor or world.worker_sby,
        member=member or world.head_sby,
        kind="office",
        starts_at=at(days),
        place="مكتب صبيا، الدور الأول",
        notes="أحضر الهوية",
    )


def test_nora_invites_muhammad_who_confirms_from_his_sign_in(world, client_for):
    appointment = invite(world)
    assert appointment.status == "invited" and appointment.office == world.sby
    client = client_for(world.beneficiary_sby)
    page = client.get(reverse("appointments:mine"))
    assert "مكتب صبيا، الدور الأول" in page.content.decode()
    response = client.post(reverse("appointments:confirm", args=[appointment.pk]))
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "confirmed" and appointment.answered_at is not None
    assert AuditEvent.objects.filter(action="appointment.confirm", member_id=world.head_sby.pk).exists()


def test_muhammad_asks_for_another_time_and_nora_moves_the_appointment(world):
    appointment = invite(world)
    services.appointment_ask_other_slot(
        actor=world.beneficiary_sby, appointment=appointment, note="بعد الظهر"
    )
    appointment.refresh_from_db()
    assert appointment.status == "other_slot_asked" and appointment.member_note == "بعد الظهر"
    services.appointment_reschedule(actor=world.worker_sby, appointment=appointment, starts_at=at(4, 14))
    appointment.refresh_from_db()
    assert appointment.status == "invited" and appointment.starts_at == at(4, 14)
    assert appointment.member_note == ""


def test_another_household_never_sees_or_answers_muhammads_appointment(world, client_for):
    appointment = invite(world)
    yahya = make_user("beneficiary_frs", "beneficiary")
    world.head_frs.user = yahya
    world.head_frs.save(update_fields=["user"])
    with pytest.raises(Http404):
        access.access_appointment(yahya, appointment.pk)
    with pytest.raises(PermissionDenied):
        services.appointment_confirm(actor=yahya, appointment=appointment)
    client = client_for(yahya)
    assert client.post(reverse("appointments:confirm", args=[appointment.pk])).status_code == 404
    assert "مكتب صبيا" not in client.get(reverse("appointments:mine")).content.decode()
    appointment.refresh_from_db()
    assert appointment.status == "invited"


def test_his_wife_sees_the_household_but_cannot_answer_for_him(world):
    appointment = invite(world)
    fatima = world.beneficiary_wife
    assert not access.appointments_visible_to(fatima).filter(pk=appointment.pk).exists()
    with pytest.raises(PermissionDenied):
        services.appointment_confirm(actor=fatima, appointment=appointment)


def test_farasan_staff_cannot_invite_a_sabya_member(world):
    with pytest.raises(PermissionDenied):
        invite(world, actor=world.worker_frs)
    assert not Appointment.objects.exists()


def test_an_invitation_is_for_the_future(world):
    with pytest.raises(services.AppointmentError):
        services.appointment_invite(
            actor=world.worker_sby,
            member=world.head_sby,
            kind="call",
            starts_at=timezone.now() - timedelta(hours=1),
        )


def test_attendance_waits_for_the_time_then_no_shows_show_on_the_caseload_and_in_the_figures(
    world, client_for
):
    appointment = invite(world, days=1)
    with pytest.raises(services.AppointmentError):
        services.appointment_record_attendance(
            actor=world.worker_sby, appointment=appointment, attended=False
        )
    services.appointment_record_attendance(
        actor=world.worker_sby, appointment=appointment, attended=False, now=at(1, 11)
    )
    appointment.refresh_from_db()
    assert appointment.status == "no_show" and appointment.attendance_recorded_by == world.worker_sby

    caseload = client_for(world.worker_sby).get(reverse("cases:caseload")).content.decode()
    assert arabic("Missed appointments") in caseload
    assert reverse("appointments:detail", args=[appointment.pk]) in caseload

    rows = selectors.figures_by_office(
        access.appointments_visible_to(world.manager),
        timezone.localdate(),
        timezone.localdate() + timedelta(days=2),
    )
    assert [(r["office"], r["no_show"], r["no_show_rate"]) for r in rows] == [(world.sby, 1, 100)]
    # Farasan's worker sees none of Sabya's no-shows on her caseload.
    assert reverse("appointments:detail", args=[appointment.pk]) not in (
        client_for(world.worker_frs).get(reverse("cases:caseload")).content.decode()
    )


def test_the_dashboard_shows_appointment_figures_to_the_manager(world, client_for):
    appointment = invite(world, days=1)
    services.appointment_record_attendance(
        actor=world.worker_sby, appointment=appointment, attended=True, now=at(1, 11)
    )
    page = client_for(world.manager).get(reverse("reports:dashboard")).content.decode()
    assert arabic("Appointments and no-shows, by office") in page
    assert arabic("No-show rate (percent)") in page


def test_reminders_go_the_day_before_once(world, django_capture_on_commit_callbacks):
    from tamkeen.notifications.models import Message

    world.head_sby.phone = "+966501234567"
    tomorrow = invite(world, days=1)
    later = invite(world, days=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.appointments_send_reminders() == 1
        assert services.appointments_send_reminders() == 0
    tomorrow.refresh_from_db()
    later.refresh_from_db()
    assert tomorrow.reminder_sent_at is not None and later.reminder_sent_at is None
    reminders = Message.objects.filter(event="appointment.reminder", member=world.head_sby)
    assert sorted(reminders.values_list("channel", flat=True)) == ["in_app", "sms"]


def test_a_cancelled_appointment_needs_a_reason_and_is_not_reminded(world):
    appointment = invite(world, days=1)
    with pytest.raises(services.AppointmentError):
        services.appointment_cancel(actor=world.worker_sby, appointment=appointment, reason=" ")
    services.appointment_cancel(actor=world.worker_sby, appointment=appointment, reason="إجازة رسمية")
    assert services.appointments_send_reminders() == 0
