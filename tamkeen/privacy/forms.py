from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.core.forms import DualCalendarDateField

from .models import CORRECTABLE_FIELDS


class CorrectionRequestForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Which information is wrong?"), choices=list(CORRECTABLE_FIELDS.items())
    )
    proposed_value = forms.CharField(label=_("What it should say"), max_length=200)
    reason = forms.CharField(
        label=_("Why (as the member explains it)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    received_on = DualCalendarDateField(
        label=_("Received on"),
        help_text=_("Leave empty for today. The answer is due 30 days after this date."),
        required=False,
        allow_future=False,
    )


class CorrectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept: correct the record")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Required when rejecting: the member is told why."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the request is rejected."))
        return data
