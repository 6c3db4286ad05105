from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.core.forms import DualCalendarDateField
from tamkeen.enterprises.models import ApprovedActivity, Financing, Sale
from tamkeen.partners.models import Entity


class EnterpriseForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Run by"), queryset=None)
    activity = forms.ModelChoiceField(
        label=_("Activity"), queryset=ApprovedActivity.objects.filter(is_active=True)
    )
    name = forms.CharField(label=_("Trade name"), max_length=120)
    started_on = DualCalendarDateField(label=_("Started on"), required=False, allow_future=False)

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = household.members.all()


class DocumentsForm(forms.Form):
    freelance_document = forms.CharField(label=_("Freelance document number"), max_length=30, required=False)
    freelance_document_date = DualCalendarDateField(label=_("Freelance document date"), required=False)
    commercial_registration = forms.CharField(
        label=_("Commercial registration number"), max_length=30, required=False
    )
    commercial_registration_date = DualCalendarDateField(
        label=_("Commercial registration date"), required=False
    )


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Product"), max_length=120)
    price = forms.DecimalField(label=_("Price (SAR)"), min_value=0, max_digits=9, decimal_places=2)
    photo = forms.ImageField(label=_("Photo"), required=False)


class CertificateForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=30)
    issued_on = DualCalendarDateField(label=_("Issued on"), allow_future=False)


class FinancingForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Financing body"),
        queryset=Entity.objects.filter(kind=Entity.Kind.FINANCING_BODY, is_active=True),
    )
    amount = forms.DecimalField(label=_("Amount (SAR)"), min_value=1, max_digits=10, decimal_places=2)
    decided_on = DualCalendarDateField(label=_("Decision date"), allow_future=False)
    repayment_status = forms.ChoiceField(label=_("Repayment"), choices=Financing.Repayment.choices)


class SaleForm(forms.Form):
    sold_on = DualCalendarDateField(label=_("Date"), allow_future=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Sale.Channel.choices)
    amount = forms.DecimalField(label=_("Amount (SAR)"), min_value=0.01, max_digits=10, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class RepaymentForm(forms.Form):
    repayment_status = forms.ChoiceField(label=_("Repayment"), choices=Financing.Repayment.choices)
