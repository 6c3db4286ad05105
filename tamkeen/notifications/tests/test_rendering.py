"""Message texts and timing as plain functions: no database."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tamkeen.notifications.events import EventTemplate
from tamkeen.notifications.rendering import format_date, quiet_hours_end, render, retry_delay

RIYADH = ZoneInfo("Asia/Riyadh")
TEMPLATE = EventTemplate(
    name="test.event", subject="Your plan", body="Your plan was approved. Your first step is due on %(due)s."
)


def test_dates_read_hijri_first_then_gregorian():
    # In Arabic the Gregorian date is isolated left to right (LRI … PDI), or "2018-09-11" reads "11-09-2018".
    assert format_date(date(2018, 9, 11), "ar") == "1440/01/01 هـ (\u20662018-09-11\u2069)"
    assert format_date(date(2018, 9, 11), "en") == "1440-01-01 AH (2018-09-11)"


def test_references_and_phones_stay_left_to_right_in_an_arabic_message():
    template = EventTemplate(
        name="t", subject="s", body="%(ref)s %(phone)s %(count)s %(name)s", names_office=False
    )
    body = render(
        template, {"ref": "R-6RSTSYWB", "phone": "+966501234567", "count": 3, "name": "محمد"}, "ar"
    )[1]
    assert body == "\u2066R-6RSTSYWB\u2069 \u2066+966501234567\u2069 3 محمد"
    # A left-to-right message needs no isolates.
    assert render(template, {"ref": "R-6RSTSYWB"}, "en")[1].startswith("R-6RSTSYWB ")


def test_the_office_to_call_is_named_under_the_text():
    subject, body = render(TEMPLATE, {"due": date(2018, 9, 11), "office": "Sabya office"}, "en")
    assert subject == "Your plan"
    assert body.splitlines()[0].endswith("due on 1440-01-01 AH (2018-09-11).")
    assert body.splitlines()[1] == "For help, contact Sabya office."


def test_a_code_names_no_office():
    code = EventTemplate(name="c", subject="s", body="Code %(code)s", names_office=False)
    assert render(code, {"code": "123456", "office": "Sabya"}, "en")[1] == "Code 123456"


def test_a_missing_placeholder_leaves_a_gap_not_an_error():
    assert render(TEMPLATE, {}, "en")[1].startswith("Your plan was approved. Your first step is due on .")


def test_quiet_hours_wrapping_midnight_end_next_morning():
    start, end = time(21), time(8)
    evening = datetime(2026, 1, 5, 22, 30, tzinfo=RIYADH)
    assert quiet_hours_end(evening, start, end) == datetime(2026, 1, 6, 8, 0, tzinfo=RIYADH)
    small_hours = datetime(2026, 1, 6, 3, 0, tzinfo=RIYADH)
    assert quiet_hours_end(small_hours, start, end) == datetime(2026, 1, 6, 8, 0, tzinfo=RIYADH)
    assert quiet_hours_end(datetime(2026, 1, 6, 8, 0, tzinfo=RIYADH), start, end) is None
    assert quiet_hours_end(datetime(2026, 1, 6, 20, 59, tzinfo=RIYADH), start, end) is None


def test_quiet_hours_within_one_day():
    noon = datetime(2026, 1, 5, 13, 30, tzinfo=RIYADH)
    assert quiet_hours_end(noon, time(13), time(15)) == datetime(2026, 1, 5, 15, 0, tzinfo=RIYADH)
    assert quiet_hours_end(noon, time(14), time(15)) is None


def test_retries_back_off_exponentially_up_to_an_hour():
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(seconds=s) for s in (30, 60, 120)]
    assert retry_delay(20) == timedelta(hours=1)
