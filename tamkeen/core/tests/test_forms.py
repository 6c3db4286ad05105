from __future__ import annotations

from datetime import date, timedelta

import pytest
from django import forms
from django.utils import timezone, translation

from tamkeen.core.forms import DualCalendarDateField, MobileField, NationalIdField


class MemberForm(forms.Form):
    birth_date = DualCalendarDateField(allow_future=False)
    visit_date = DualCalendarDateField(required=False)
    mobile = MobileField(required=False)
    national_id = NationalIdField()


def make(**data):
    base = {"birth_date": "1985-03-04", "national_id": "1000000008"}
    base.update(data)
    return MemberForm(data=base)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


DATE_INPUTS = [
    ("1985-03-04", date(1985, 3, 4)),
    ("04/03/1985", date(1985, 3, 4)),
    ("1405/07/12", date(1985, 4, 2)),
    ("١٤٠٥/٠٧/١٢", date(1985, 4, 2)),
]


@pytest.mark.parametrize(("typed", "expected"), DATE_INPUTS)
def test_date_field_accepts_both_calendars(typed, expected):
    form = make(birth_date=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["birth_date"] == expected


@pytest.mark.parametrize("typed", ["1985.03.04", "1440/12/30", "tomorrow", "1850-01-01"])
def test_date_field_rejects_bad_dates(typed):
    form = make(birth_date=typed)
    assert not form.is_valid()
    assert form.has_error("birth_date", "invalid")
    assert "Hijri" in form.errors["birth_date"][0]


def test_date_field_required_and_optional():
    form = make(birth_date="", visit_date="")
    assert not form.is_valid()
    assert form.has_error("birth_date", "required")
    assert "visit_date" not in form.errors
    assert form.cleaned_data["visit_date"] is None


def test_future_date_rejected_when_not_allowed():
    future = (timezone.localdate() + timedelta(days=400)).isoformat()
    form = make(birth_date=future, visit_date=future)
    assert not form.is_valid()
    assert form.has_error("birth_date", "future_date")
    assert form.errors["birth_date"] == ["This date is in the future."]
    assert "visit_date" not in form.errors  # allow_future defaults to True


def test_today_is_not_future():
    form = make(birth_date=timezone.localdate().isoformat())
    assert form.is_valid(), form.errors


def test_date_field_redisplays_initial_in_an_accepted_form():
    field = DualCalendarDateField()
    assert field.prepare_value(date(1985, 3, 4)) == "1985-03-04"
    assert field.clean(field.prepare_value(date(1985, 3, 4))) == date(1985, 3, 4)


def test_date_field_accepts_date_objects():
    assert DualCalendarDateField().clean(date(1985, 3, 4)) == date(1985, 3, 4)


@pytest.mark.parametrize(
    ("typed", "expected"), [("050 123 4567", "+966501234567"), ("٠٥٥١٢٣٤٥٦٧", "+966551234567")]
)
def test_mobile_field(typed, expected):
    form = make(mobile=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mobile"] == expected


@pytest.mark.parametrize("typed", ["0521234567", "0126123456", "12345"])
def test_mobile_field_rejects(typed):
    form = make(mobile=typed)
    assert not form.is_valid()
    assert form.has_error("mobile", "invalid_phone")


def test_mobile_field_optional_empty():
    form = make(mobile="  ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mobile"] == ""


@pytest.mark.parametrize(
    ("typed", "expected"), [("1000000008", "1000000008"), (" ٢٠٠٠٠٠٠٠٠٦ ", "2000000006")]
)
def test_national_id_field(typed, expected):
    form = make(national_id=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["national_id"] == expected


NATIONAL_ID_ERRORS = [
    ("12345", "invalid", "Enter a 10-digit national ID or iqama number."),
    ("3000000004", "invalid", "Enter a 10-digit national ID or iqama number."),
    ("10000000ab", "invalid", "Enter a 10-digit national ID or iqama number."),
    ("1000000000", "checksum", "This number fails the check digit: it is probably mistyped."),
    ("", "required", "This field is required."),
]


@pytest.mark.parametrize(("typed", "code", "message"), NATIONAL_ID_ERRORS)
def test_national_id_field_errors(typed, code, message):
    form = make(national_id=typed)
    assert not form.is_valid()
    assert form.has_error("national_id", code)
    assert form.errors["national_id"] == [message]


def test_supervisor_may_accept_a_checksum_failure():
    field = NationalIdField(allow_bad_checksum=True)
    assert field.clean("1000000000") == "1000000000"
    with pytest.raises(forms.ValidationError):
        field.clean("12345")


def test_messages_are_translatable():
    message = DualCalendarDateField.default_error_messages["future_date"]
    assert type(message).__name__ == "__proxy__"
