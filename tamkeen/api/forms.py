from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tamkeen.api.models import ENTITY_SCOPES, Scope


def scope_choices():
    # Built per form, so the label is in the reader's language; the scope's name is what the API takes.
    return [
        (s.value, format_html("<code>{}</code> · {}", s.value, s.label))
        for s in Scope
        if s.value in ENTITY_SCOPES
    ]


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Name of the system"), max_length=120)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=scope_choices,
        widget=forms.CheckboxSelectMultiple,
    )
