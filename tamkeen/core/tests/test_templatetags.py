from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from tamkeen.core.templatetags.tamkeen import (
    bdi,
    dual_date,
    dual_datetime,
    hijri,
    iso_date,
    isolate_text,
    mobile,
    phone,
)

DUAL = [
    (
        "ar",
        date(2019, 8, 30),
        '<time datetime="2019-08-30"><bdi class="date-part">1440/12/29 هـ</bdi> · <bdi class="date-part">2019-08-30</bdi></time>',
    ),
    (
        "en",
        date(2019, 8, 30),
        '<time datetime="2019-08-30"><bdi class="date-part">2019-08-30</bdi> · <bdi class="date-part">1440-12-29 AH</bdi></time>',
    ),
    (
        "ar",
        datetime(2019, 8, 30, 12, 0),
        '<time datetime="2019-08-30"><bdi class="date-part">1440/12/29 هـ</bdi> · <bdi class="date-part">2019-08-30</bdi></time>',
    ),
    # 22:00 UTC on the 30th is already the 31st (1 Muharram 1441) in Riyadh.
    (
        "ar",
        datetime(2019, 8, 30, 22, 0, tzinfo=UTC),
        '<time datetime="2019-08-31"><bdi class="date-part">1441/01/01 هـ</bdi> · <bdi class="date-part">2019-08-31</bdi></time>',
    ),
    # Outside the Umm al-Qura table only the Gregorian date is shown.
    ("ar", date(1900, 1, 1), '<time datetime="1900-01-01"><bdi class="date-part">1900-01-01</bdi></time>'),
]


@pytest.mark.parametrize(("language", "value", "html"), DUAL)
def test_dual_date(language, value, html):
    with translation.override(language):
        assert dual_date(value) == html


@pytest.mark.parametrize("value", [None, "", "2019-08-30", 5])
def test_dual_date_ignores_non_dates(value):
    assert dual_date(value) == ""


@pytest.mark.parametrize(
    ("language", "value", "text"),
    [
        ("ar", date(2018, 9, 11), "1440/01/01 هـ"),
        ("en", date(2018, 9, 11), "1440-01-01 AH"),
        ("en", None, ""),
    ],
)
def test_hijri(language, value, text):
    with translation.override(language):
        assert hijri(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [("+966501234567", "050 123 4567"), ("", ""), (None, ""), ("not a phone", "not a phone")],
)
def test_mobile(value, text):
    assert mobile(value) == text


def test_dual_date_is_safe_html():
    from django.utils.safestring import SafeString

    with translation.override("ar"):
        assert isinstance(dual_date(date(2019, 8, 30)), SafeString)


def test_a_reference_is_isolated_left_to_right_and_escaped():
    assert bdi("R-6RST<SYWB") == '<bdi dir="ltr">R-6RST&lt;SYWB</bdi>'
    assert bdi("") == "" and bdi(None) == ""


def test_a_phone_reads_in_its_local_form_inside_arabic_text():
    # Unisolated, "+966…" or "050 123 4567" would reorder in a right-to-left paragraph ("966…+", "4567 123 050").
    assert phone("+966501234567") == '<bdi dir="ltr">050 123 4567</bdi>'
    assert phone("") == ""


def test_a_moment_shows_both_calendars_then_the_riyadh_time():
    with translation.override("ar"):
        html = dual_datetime(datetime(2019, 8, 30, 21, 30, tzinfo=UTC))
    assert html.startswith('<time datetime="2019-08-31"><bdi class="date-part">1441/01/01 هـ</bdi>')
    assert html.endswith('<bdi dir="ltr">00:30</bdi>')


def test_plain_text_is_isolated_with_unicode_isolates():
    assert isolate_text("+966501234567") == "\u2066+966501234567\u2069"
    assert isolate_text("") == ""


def test_a_date_kept_as_iso_text_reads_in_both_calendars():
    assert iso_date("2019-08-30") == date(2019, 8, 30)
    assert iso_date("not a date") is None and iso_date(None) is None
    with translation.override("ar"):
        assert dual_datetime(iso_date("2019-08-30T21:30:00+00:00")).endswith('<bdi dir="ltr">00:30</bdi>')
    assert iso_date(date(2019, 8, 30)) == date(2019, 8, 30)
