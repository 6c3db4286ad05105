from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.core.forms import DualCalendarDateField, MobileField

from .models import Category, Channel


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, category):
        return f"{category.parent.name} › {category.name}" if category.parent_id else category.name


def _categories():
    return Category.objects.filter(is_active=True).select_related("parent").order_by("order", "code")


class MemberGrievanceForm(forms.Form):
    category = CategoryChoiceField(label=_("What is it about?"), queryset=Category.objects.none())
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 5}))
    is_anonymous = forms.BooleanField(
        label=_("File without my name (the office will not see who filed it)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories()


class StaffGrievanceForm(MemberGrievanceForm):
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[(Channel.OFFICE, Channel.OFFICE.label), (Channel.PHONE, Channel.PHONE.label)],
    )
    member = forms.IntegerField(widget=forms.HiddenInput, required=False)
    contact_name = forms.CharField(label=_("Name given (if not a member)"), max_length=120, required=False)
    contact_phone = MobileField(label=_("Phone given"), required=False)

    field_order = [
        "channel",
        "category",
        "subject",
        "description",
        "is_anonymous",
        "contact_name",
        "contact_phone",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_anonymous"].label = _("Anonymous (no name, no contact kept)")


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer to the person"), widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Why it is closed"), max_length=300, required=False)


class ServiceLevelForm(forms.Form):
    category = CategoryChoiceField(label=_("Category"), queryset=Category.objects.none())
    hours = forms.IntegerField(label=_("Time to answer (hours)"), min_value=1)
    manager_hours = forms.IntegerField(label=_("Hours with the supervisor before the manager"), min_value=1)
    effective_from = DualCalendarDateField(label=_("In effect from"))
    legal_reference = forms.CharField(
        label=_("Reference (circular, decision)"), max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories()


class AppealForm(forms.Form):
    legal_ground = forms.CharField(label=_("Legal ground (the article or rule you rely on)"), max_length=300)
    statement = forms.CharField(
        label=_("Why the decision should change"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class StaffAppealForm(AppealForm):
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[(Channel.OFFICE, Channel.OFFICE.label), (Channel.PHONE, Channel.PHONE.label)],
    )


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision on the appeal"),
        choices=[("uphold", _("Uphold the decision")), ("reverse", _("Reverse the decision"))],
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class PeriodForm(forms.Form):
    start = DualCalendarDateField(label=_("From"), required=False)
    end = DualCalendarDateField(label=_("To"), required=False)
