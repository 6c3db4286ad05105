"""Form fields for the Saudi-specific inputs, built on the pure parsers so forms and file imports agree."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .dates import InvalidDate, parse_date
from .identifiers import clean_national_id, national_id_problem
from .phones import InvalidPhone, parse_mobile

# The label of a select's empty choice comes from Django, whose Arabic catalogue lacks it: ours carries it.
BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")


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


class RuleVersionForm(forms.Form):
    """A new version of a dated rule (tamkeen.core.rules.PolicyRule): its values, the day it takes effect and why.

    The values start as those in force today, so the administrator changes only what the decision changes."""

    valid_from = DualCalendarDateField(
        label=_("In force from"),
        help_text=_("Tomorrow at the earliest; Hijri (1448/07/12) or Gregorian (2027-01-01)."),
    )
    reason = forms.CharField(
        label=_("Why (the decision or circular)"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, rule, current: dict, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.today = today
        for spec in rule.fields:
            if spec.decimals:
                field = forms.DecimalField(
                    max_digits=12,
                    decimal_places=spec.decimals,
                    min_value=spec.minimum,
                    max_value=spec.maximum,
                )
            else:
                field = forms.IntegerField(min_value=spec.minimum, max_value=spec.maximum)
            field.label = spec.label
            field.initial = current.get(spec.key)
            field.widget.attrs.update({"dir": "ltr", "inputmode": "decimal" if spec.decimals else "numeric"})
            self.fields[f"value_{spec.key}"] = field
        self.order_fields([*(f"value_{spec.key}" for spec in rule.fields), "valid_from", "reason"])

    def clean_valid_from(self):
        day = self.cleaned_data["valid_from"]
        if day is not None and day <= self.today:
            raise ValidationError(
                _(
                    "A new version takes effect from tomorrow at the earliest: a rule already in force is never rewritten."
                ),
                code="not_future",
            )
        return day

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the rule changes (a decision, a circular)."), code="reason")
        return reason

    def values(self) -> dict:
        """The rule's values as JSON numbers: whole numbers stay whole, decimals become floats."""
        found = {}
        for spec in self.rule.fields:
            value = self.cleaned_data.get(f"value_{spec.key}")
            if value is not None:
                found[spec.key] = float(value) if spec.decimals else int(value)
        return found

    def clean(self):
        cleaned = super().clean()
        from tamkeen.core.rules import rule_problems

        values = self.values()
        if len(values) == len(self.rule.fields):
            for problem in rule_problems(self.rule, values):
                self.add_error(None, problem)
        return cleaned
