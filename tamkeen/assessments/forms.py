from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tamkeen.opportunities.models import Track
from tamkeen.registry.models import Member
from tamkeen.registry.selectors import scope_ages_on

SCALE = [
    ("1", _("1 · Not at all")),
    ("2", _("2 · A little")),
    ("3", _("3 · Somewhat")),
    ("4", _("4 · Mostly")),
    ("5", _("5 · Fully")),
]


class SectionForm(forms.Form):
    """One screen: a 1–5 choice per statement. A statement may be left unanswered."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.wording, choices=SCALE, required=False, widget=forms.RadioSelect
            )

    def answers(self) -> dict[int, int | None]:
        return {
            item.pk: int(value) if (value := self.cleaned_data.get(f"item_{item.pk}")) else None
            for item in self.items
        }


class CapacityForm(forms.Form):
    work_capacity = forms.ChoiceField(
        label=_("Work capacity"), choices=Member.WorkCapacity.choices, widget=forms.RadioSelect
    )
    is_exempt_student = forms.BooleanField(required=False)
    is_exempt_caregiver = forms.BooleanField(
        label=_("Exempt: caregiver of a child, elderly or disabled member"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The exemption's ages are the dated rule's in force today (registry.programme_scope), not written here.
        ages = scope_ages_on(timezone.localdate())
        self.fields["is_exempt_student"].label = _(
            "Exempt: full-time student aged %(student_min_age)s–%(student_max_age)s"
        ) % {"student_min_age": ages.student_min_age, "student_max_age": ages.student_max_age}


class TrackDecisionForm(forms.Form):
    track = forms.ChoiceField(label=_("Track"), choices=Track.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (required when you choose another track than the recommended one)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, recommended: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.recommended = recommended

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("track")
            and cleaned["track"] != self.recommended
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Say why you choose a track other than the recommended one."))
        return cleaned
