"""Form fields for the Saudi-specific inputs, built on the pure parsers so forms and file imports agree."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dates import InvalidDate, parse_date
from .identifiers import clean_national_id, national_id_problem
from .phones import InvalidPhone, parse_mobile


class DualCalendarDateField(forms.Field):
    """A date typed in either calendar (1405/07/12 Hijri or 1985-03-04 Gregorian); cleans to Gregorian."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _(
            "Enter a date as YYYY-MM-DD or DD/MM/YYYY, in the Hijri (e.g. 1405/07/12) or Gregorian "
            "(e.g. 1985-03-04) calendar."
        ),
        "future_date": _("This date is in the future."),
    }

    def __init__(self, *, allow_future: bool = True, **kwargs: Any) -> None:
        self.allow_future = allow_future
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except InvalidDate:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value: date | None) -> None:
        super().validate(value)
        # Local date, not UTC: just after midnight in Riyadh "today" is already the next day.
        if value is not None and not self.allow_future and value > timezone.localdate():
            raise ValidationError(self.error_messages["future_date"], code="future_date")

    def prepare_value(self, value: Any) -> Any:
        # Redisplay an initial date in an accepted input form, so resubmitting an untouched form still works.
        return value.isoformat() if isinstance(value, date) else value


class MobileField(forms.CharField):
    """A Saudi mobile number in any common form; cleans to E.164 (+9665XXXXXXXX)."""

    default_error_messages = {
        "invalid_phone": _("Enter a Saudi mobile number, for example 05X XXX XXXX."),
    }

    def widget_attrs(self, widget):
        # The telephone keypad on a phone; digits read left to right inside Arabic text.
        return {**super().widget_attrs(widget), "inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return parse_mobile(value)
        except InvalidPhone:
            raise ValidationError(self.error_messages["invalid_phone"], code="invalid_phone") from None


class NationalIdField(forms.CharField):
    """A national ID or iqama number; cleans to the ten ASCII digits.

    The check-digit rule is unofficial (domain.md §7), so the failure has its own error code ``checksum``
    and a supervisor's form can pass ``allow_bad_checksum=True`` (and record that it did).
    """

    default_error_messages = {
        "invalid": _("Enter a 10-digit national ID or iqama number."),
        "checksum": _("This number fails the check digit: it is probably mistyped."),
    }

    def __init__(self, *, allow_bad_checksum: bool = False, **kwargs: Any) -> None:
        self.allow_bad_checksum = allow_bad_checksum
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # A numeric keypad; no autofill, since staff type other people's numbers (there is no token for it).
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        cleaned = clean_national_id(value)
        problem = national_id_problem(cleaned)
        if problem == "checksum":
            if self.allow_bad_checksum:
                return cleaned
            raise ValidationError(self.error_messages["checksum"], code="checksum")
        if problem is not None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return cleaned
