from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tamkeen.core.identifiers import is_valid_national_id

from . import rules


class NationalIdForm(forms.Form):
    national_id = forms.CharField(
        label=_("National ID or iqama number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username", "dir": "ltr"}),
    )

    def clean_national_id(self):
        value = rules.clean_typed_digits(self.cleaned_data["national_id"])
        # Only the shape is checked here: whether the ID is known is never told.
        if len(value) != 10 or not is_valid_national_id(value):
            raise forms.ValidationError(_("Enter the ten digits of your national ID or iqama."))
        return value


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("The code we sent by SMS"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr", "autofocus": True}
        ),
    )

    def clean_code(self):
        return rules.clean_typed_digits(self.cleaned_data["code"])


class MobileForm(forms.Form):
    mobile = forms.CharField(
        label=_("New mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )


class InvitationForm(forms.Form):
    mobile = forms.CharField(
        label=_("The member's mobile number"),
        max_length=20,
        help_text=_("A code goes to this number; the member's first sign-in with it verifies the number."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr"}),
    )


class PreferenceForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of my messages"), choices=settings.LANGUAGES)
    is_opted_out = forms.BooleanField(
        label=_("Send me no messages except sign-in codes and legally required notices"), required=False
    )


class MemberCorrectionForm(forms.Form):
    """The member's own correction request: the office form without the office's "received on" date."""

    field = forms.ChoiceField(label=_("Which information is wrong?"))
    proposed_value = forms.CharField(label=_("What it should say"), max_length=200)
    reason = forms.CharField(
        label=_("Why (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=1000
    )

    def __init__(self, *args, **kwargs):
        from tamkeen.privacy.models import CORRECTABLE_FIELDS

        super().__init__(*args, **kwargs)
        self.fields["field"].choices = list(CORRECTABLE_FIELDS.items())
