from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.core.forms import DualCalendarDateField
from tamkeen.opportunities.models import Track

from .models import CaseExit, EmpowermentPlan, PlanAction


class PlanForm(forms.Form):
    track = forms.ChoiceField(label=_("Track"), choices=Track.choices)
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ChoiceField(label=_("Who does it"), choices=PlanAction.Owner.choices)
    due_date = DualCalendarDateField(label=_("Due date"))


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What should change"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    is_confidential = forms.BooleanField(
        label=_("Confidential (only you and your office's supervisors can read it)"), required=False
    )


class CaseloadFilterForm(forms.Form):
    track = forms.ChoiceField(
        label=_("Track"), choices=[("", _("All tracks")), *Track.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Plan status"),
        choices=[("", _("All")), ("none", _("No plan yet")), *EmpowermentPlan.Status.choices],
        required=False,
    )
    governorate = forms.ChoiceField(label=_("Governorate"), required=False)

    def __init__(self, *args, governorates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["governorate"].choices = [
            ("", _("All governorates")),
            *[(g.code, g.name) for g in governorates],
        ]


class ReassignForm(forms.Form):
    to_worker = forms.ModelChoiceField(label=_("Assign to"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_worker"].queryset = workers


class SanctionForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=CaseExit.Ground.choices)
    legal_reference = forms.CharField(label=_("Legal reference (article, decision)"), max_length=200)
    reason = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReentryForm(forms.Form):
    reason = forms.CharField(label=_("Why the household re-enters"), max_length=300)


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to open this note?"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The reason is kept in the audit trail and shown to the supervisor of the author's office."
        ),
    )
