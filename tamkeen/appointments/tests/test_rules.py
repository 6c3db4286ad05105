"""The appointment rules without a database."""

from datetime import UTC, date, datetime, timedelta

from tamkeen.appointments import rules


def test_a_member_confirms_an_invitation_or_asks_for_another_time_but_not_after_the_fact():
    assert rules.next_state("confirm", rules.INVITED) == rules.CONFIRMED
    assert rules.next_state("confirm", rules.OTHER_SLOT_ASKED) == rules.CONFIRMED
    assert rules.next_state("ask_other_slot", rules.CONFIRMED) == rules.OTHER_SLOT_ASKED
    assert rules.next_state("confirm", rules.CANCELLED) is None
    assert rules.next_state("confirm", rules.ATTENDED) is None


def test_attendance_can_be_corrected_but_a_cancelled_appointment_stays_cancelled():
    assert rules.next_state("no_show", rules.ATTENDED) == rules.NO_SHOW
    assert rules.next_state("attended", rules.NO_SHOW) == rules.ATTENDED
    assert rules.next_state("attended", rules.CANCELLED) is None
    assert rules.next_state("reschedule", rules.NO_SHOW) is None


def test_attendance_is_recorded_only_from_the_appointment_time():
    at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert not rules.can_record_attendance(at, at - timedelta(minutes=1))
    assert rules.can_record_attendance(at, at)


def test_the_reminder_goes_on_the_calendar_day_before_and_only_once():
    assert rules.reminder_due(date(2026, 12, 2), date(2026, 12, 1), already_sent=False)
    assert not rules.reminder_due(date(2026, 12, 2), date(2026, 12, 1), already_sent=True)
    assert not rules.reminder_due(date(2026, 12, 3), date(2026, 12, 1), already_sent=False)
    assert not rules.reminder_due(date(2026, 12, 1), date(2026, 12, 1), already_sent=False)


def test_no_show_rate_counts_only_appointments_whose_attendance_was_recorded():
    assert rules.no_show_rate(0, 0) is None
    assert rules.no_show_rate(3, 1) == 25
