from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tamkeen.webhooks.models import Event


def event_choices():
    # Built per form, so the label is in the reader's language; the event's name is what the partner receives.
    return [(e.value, format_html("<code>{}</code> · {}", e.value, e.label)) for e in Event]


class EndpointForm(forms.Form):
    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=event_choices,
        widget=forms.CheckboxSelectMultiple,
    )
