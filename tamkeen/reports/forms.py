from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.outcomes.counting import BREAKDOWNS

CALENDAR_CHOICES = [("hijri", _("Hijri (Umm al-Qura)")), ("gregorian", _("Gregorian"))]
FIGURE_CHOICES = [
    ("empowered_families", _("Families empowered")),
    ("empowered_members", _("Members empowered")),
    ("employment_members", _("Members empowered through employment")),
    ("economic_members", _("Members empowered through an economic outcome")),
    ("training_completions", _("Training completions")),
]
BY_LABELS = {
    "office": _("Office"),
    "track": _("Track"),
    "entity": _("Enabling entity"),
    "governorate": _("Governorate"),
    "gender": _("Gender"),
    "disability": _("Disability"),
}


class DashboardForm(forms.Form):
    calendar = forms.ChoiceField(label=_("Calendar"), choices=CALENDAR_CHOICES, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1343, max_value=2100)
    by = forms.ChoiceField(
        label=_("Breakdown"), choices=[(b, BY_LABELS[b]) for b in BREAKDOWNS], required=False
    )

    def clean(self):
        data = super().clean()
        calendar = data.get("calendar") or "hijri"
        year = data.get("year")
        if year is not None and (calendar == "hijri") != (1343 <= year <= 1500):
            self.add_error("year", _("This year does not belong to the chosen calendar."))
        data["calendar"] = calendar
        return data


class DrilldownForm(DashboardForm):
    figure = forms.ChoiceField(label=_("Figure"), choices=FIGURE_CHOICES)
    key = forms.CharField(max_length=40, required=False)
    by = forms.ChoiceField(choices=[("", "—"), *[(b, BY_LABELS[b]) for b in BREAKDOWNS]], required=False)


class TargetForm(forms.Form):
    empowered_families = forms.IntegerField(label=_("Families"), min_value=0, required=False)
    empowered_members = forms.IntegerField(label=_("Members"), min_value=0, required=False)
