from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.opportunities.models import Track
from tamkeen.registry.models import AccommodationNeed


class StartRunForm(forms.Form):
    track = forms.ChoiceField(
        label=_("Track"), choices=[("", _("Every track")), *Track.choices], required=False
    )
    is_dry_run = forms.BooleanField(label=_("Dry run: compute without proposing"), required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should this match not be proposed again?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AccommodationNeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of need"), choices=AccommodationNeed.Kind.choices)
    what_helps = forms.CharField(
        label=_("What helps"),
        max_length=300,
        required=False,
        help_text=_(
            "In the member's words: for example a ramp, a sign-language interpreter, written instructions."
        ),
    )


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("Member's name"), max_length=100, required=False)
    track = forms.ChoiceField(
        label=_("Track"), choices=[("", _("Every track")), *Track.choices], required=False
    )
    minimum = forms.ChoiceField(
        label=_("Match score at least"),
        choices=[("", _("Any score")), ("0.5", "0.5"), ("0.7", "0.7"), ("0.9", "0.9")],
        required=False,
    )
