from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tamkeen.core.forms import DualCalendarDateField

from .models import Appointment


class WhenForm(forms.Form):
    day = DualCalendarDateField(label=_("Date"))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))


class InviteForm(WhenForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Appointment.Kind.choices)
    notes = forms.CharField(
        label=_("Notes for the member"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    field_order = ["kind", "day", "time", "place", "notes"]


class OtherSlotForm(forms.Form):
    note = forms.CharField(
        label=_("When can you come?"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Attendance"),
        choices=[("yes", _("Attended")), ("no", _("Did not attend"))],
        coerce=lambda value: value == "yes",
    )
