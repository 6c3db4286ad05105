from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.api.models import ENTITY_SCOPES, Scope


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Name of the system"), max_length=120)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[(s.value, f"{s.value} · {s.label}") for s in Scope if s.value in ENTITY_SCOPES],
        widget=forms.CheckboxSelectMultiple,
    )
