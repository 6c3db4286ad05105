from django import forms
from django.utils.translation import gettext_lazy as _


class MergeForm(forms.Form):
    survivor = forms.TypedChoiceField(label=_("Keep this record"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (candidate.low_id, _("Record 1")),
            (candidate.high_id, _("Record 2")),
        ]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(required=True, widget=forms.HiddenInput, initial=True)


class CheckForm(forms.Form):
    first_name = forms.CharField(required=False)
    father_name = forms.CharField(required=False)
    grandfather_name = forms.CharField(required=False)
    family_name = forms.CharField(required=False)
    national_id = forms.CharField(required=False)
    birth_date = forms.CharField(required=False)
    phone = forms.CharField(required=False)
    exclude = forms.IntegerField(required=False)
