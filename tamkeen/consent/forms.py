from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.consent.models import Category, Purpose
from tamkeen.partners.models import Entity


class ConsentForm(forms.Form):
    entity = forms.ModelChoiceField(
        label=_("Recipient entity"), queryset=Entity.objects.filter(is_active=True)
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices, initial=Purpose.REFERRAL)
    categories = forms.MultipleChoiceField(
        label=_("Data that may be shared"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Disability data is sensitive: tick it only when the member agreed to share it."),
    )
    scanned_form = forms.FileField(label=_("Scanned consent form (signed)"), required=False)

    def __init__(self, *args, paper: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if paper:
            self.fields["scanned_form"].required = True
        else:
            del self.fields["scanned_form"]

    def clean_scanned_form(self):
        upload = self.cleaned_data.get("scanned_form")
        if upload is not None:
            if upload.size > 10 * 1024 * 1024:
                raise forms.ValidationError(_("The file is larger than 10 MB."))
            name = upload.name.lower()
            if not name.endswith((".pdf", ".jpg", ".jpeg", ".png")):
                raise forms.ValidationError(_("Upload a PDF, JPEG or PNG file."))
        return upload


class WithdrawForm(forms.Form):
    entity = forms.ModelChoiceField(queryset=Entity.objects.all(), widget=forms.HiddenInput)
    purpose = forms.ChoiceField(choices=Purpose.choices, widget=forms.HiddenInput)
