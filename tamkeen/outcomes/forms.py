from dataclasses import replace

from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.core.forms import DualCalendarDateField
from tamkeen.core.uploads import UploadLimits, check_uploaded_spreadsheet
from tamkeen.partners.models import Entity

from .models import EvidenceKind, FollowUp, OutcomeKind, VerificationStatus

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class OutcomeFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Verification"), required=False, choices=[("", _("All")), *VerificationStatus.choices]
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *OutcomeKind.choices])
    discovered = forms.BooleanField(label=_("Discovered only"), required=False)


class OutcomeReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutcomeKind.choices)
    date = DualCalendarDateField(
        label=_("Date"),
        allow_future=False,
        help_text=_("Hire start, financing decision, project start or certificate date."),
    )
    entity = forms.ModelChoiceField(
        label=_("Enabling entity"), queryset=Entity.objects.filter(is_active=True), required=False
    )
    employer_name = forms.CharField(label=_("Employer or establishment"), max_length=200, required=False)
    wage = forms.DecimalField(
        label=_("Monthly wage (SAR)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    amount = forms.DecimalField(
        label=_("Amount (SAR)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=64, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == OutcomeKind.HIRED and data.get("wage") is None:
            self.add_error("wage", _("A hire needs its monthly wage."))
        if data.get("kind") == OutcomeKind.PROJECT_FINANCED and data.get("amount") is None:
            self.add_error("amount", _("A financed project needs its amount."))
        return data


class VerifyForm(forms.Form):
    evidence_kind = forms.ChoiceField(label=_("Evidence"), choices=EvidenceKind.choices)
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, has_confirmation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # "Partner confirmation" is evidence only when the entity's confirmation is on file.
        if not has_confirmation:
            self.fields["evidence_kind"].choices = [
                choice for choice in EvidenceKind.choices if choice[0] != EvidenceKind.PARTNER_CONFIRMATION
            ]
        self.fields["evidence_kind"].initial = (
            EvidenceKind.PARTNER_CONFIRMATION if has_confirmation else EvidenceKind.DOCUMENT
        )


class ConfirmForm(forms.Form):
    """What the receiving entity adds to its confirmation; it never chooses the kind of evidence."""

    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class RefuteForm(forms.Form):
    evidence_kind = forms.ChoiceField(label=_("Evidence"), choices=EvidenceKind.choices)
    reason = forms.CharField(label=_("Why"), max_length=500)


class FollowUpForm(forms.Form):
    result = forms.ChoiceField(
        label=_("What did the follow-up find?"),
        choices=[c for c in FollowUp.Result.choices if c[0] != FollowUp.Result.PENDING],
    )
    current_income = forms.DecimalField(
        label=_("Current wage or income (SAR)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    reason = forms.ChoiceField(
        label=_("Reason, if no longer active"), required=False, choices=[("", "—"), *FollowUp.Reason.choices]
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("result") == FollowUp.Result.NOT_ACTIVE and not data.get("reason"):
            self.add_error("reason", _("Say why the member is no longer employed or the business closed."))
        return data


class EmploymentUploadForm(forms.Form):
    file = forms.FileField(label=_("Social-insurance file (CSV or XLSX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Send a CSV or XLSX file."))
        # Sizes inside an XLSX and the row count are checked before the worker parses anything.
        return check_uploaded_spreadsheet(
            upload, limits=replace(UploadLimits.from_settings(), max_bytes=MAX_UPLOAD_BYTES)
        )
