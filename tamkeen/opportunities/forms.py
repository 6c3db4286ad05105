from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.core.forms import DualCalendarDateField
from tamkeen.geography.models import Governorate
from tamkeen.opportunities.accessibility import FEATURES, Feature
from tamkeen.opportunities.eligibility import EDUCATION_ORDER
from tamkeen.opportunities.models import Opportunity, Track
from tamkeen.opportunities.services import EDITABLE_FIELDS
from tamkeen.registry.models import Member

EDUCATION_CHOICES = [("", _("Any"))] + [
    (level, label) for level, label in Member.Education.choices if level in EDUCATION_ORDER
]


class OpportunityForm(forms.ModelForm):
    starts_on = DualCalendarDateField(label=_("start date"), required=False)
    ends_on = DualCalendarDateField(label=_("end date"), required=False)
    min_education = forms.ChoiceField(label=_("minimum education"), choices=EDUCATION_CHOICES, required=False)
    work_capacities = forms.MultipleChoiceField(
        label=_("work capacities allowed"),
        choices=Member.WorkCapacity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked means any."),
    )
    accessibility_features = forms.MultipleChoiceField(
        label=_("accessibility features of the opportunity and its venue"),
        choices=Feature.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Members with recorded accommodation needs are matched with what you tick; an online "
            "opportunity counts as remote work."
        ),
    )

    class Meta:
        model = Opportunity
        fields = EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "terms": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_isco08(self):
        code = (self.cleaned_data.get("isco08") or "").strip()
        if code and not (code.isdigit() and 1 <= len(code) <= 4):
            raise forms.ValidationError(_("An ISCO-08 code has one to four digits."))
        return code

    def clean_accessibility_features(self):
        chosen = set(self.cleaned_data.get("accessibility_features") or ())
        return [f for f in FEATURES if f in chosen]

    def clean(self):
        data = super().clean()
        if (
            data.get("min_age") is not None
            and data.get("max_age") is not None
            and data["min_age"] > data["max_age"]
        ):
            self.add_error("max_age", _("The maximum age is below the minimum age."))
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", _("The maximum amount is below the minimum amount."))
        if data.get("mode") == Opportunity.Mode.ONLINE:
            data["governorate"] = None
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def _post_clean(self):
        # Validation lives in clean() and in the service; the instance is never saved by the form.
        pass


class CatalogueFilterForm(forms.Form):
    track = forms.ChoiceField(
        label=_("track"), choices=[("", _("All tracks")), *Track.choices], required=False
    )
    governorate = forms.ModelChoiceField(
        label=_("governorate"), queryset=Governorate.objects.all(), required=False, empty_label=_("All")
    )
    has_seats = forms.BooleanField(label=_("with open seats only"), required=False)
    q = forms.CharField(label=_("search"), required=False, max_length=100)
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
