from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.webhooks.models import Event


class EndpointForm(forms.Form):
    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(e.value, f"{e.value} · {e.label}") for e in Event],
        widget=forms.CheckboxSelectMultiple,
    )
