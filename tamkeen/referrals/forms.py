from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.consent.models import Category
from tamkeen.core.uploads import check_uploaded_spreadsheet
from tamkeen.referrals.models import Reason, Status
from tamkeen.referrals.sharing import DEFAULT_CATEGORIES


class ProposeForm(forms.Form):
    opportunity = forms.CharField(label=_("Opportunity code"), max_length=16)
    categories = forms.MultipleChoiceField(
        label=_("Data to share with the entity"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(DEFAULT_CATEGORIES),
    )
    note = forms.CharField(
        label=_("Note to the entity"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    send_now = forms.BooleanField(label=_("Send now (the consent is checked)"), required=False, initial=True)

    def clean_opportunity(self):
        return self.cleaned_data["opportunity"].strip().upper()


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (a, a)
            for a in ("send", "accept", "decline", "enrol", "start", "complete", "drop_out", "withdraw")
        ]
    )
    reason_code = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *Reason.choices], required=False)
    reason_text = forms.CharField(label=_("Details"), max_length=300, required=False)


BULK_ACTIONS = [
    ("accept", _("Accept")),
    ("enrol", _("Enrolled")),
    ("start", _("Started")),
    ("complete", _("Completed")),
    ("decline", _("Decline")),
    ("drop_out", _("Dropped out")),
]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("Set the selected referrals to"), choices=BULK_ACTIONS)
    reason_code = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *Reason.choices], required=False)
    referrals = forms.MultipleChoiceField(choices=(), required=True)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referrals"].choices = choices


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *Status.choices], required=False)
    q = forms.CharField(label=_("Referral number"), required=False, max_length=20)


class OutcomeUploadForm(forms.Form):
    file = forms.FileField(label=_("Outcome file (CSV or XLSX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        # Sizes inside an XLSX and the row count are checked before the worker parses anything.
        return check_uploaded_spreadsheet(upload)
