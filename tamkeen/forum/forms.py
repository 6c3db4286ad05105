from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.core.forms import DualCalendarDateField, MobileField, NationalIdField
from tamkeen.enterprises.models import Enterprise
from tamkeen.forum.models import Booth, Session
from tamkeen.geography.models import Governorate, Office
from tamkeen.opportunities.models import Track
from tamkeen.partners.models import Entity


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    venue = forms.CharField(label=_("Venue"), max_length=200)
    governorate = forms.ModelChoiceField(
        label=_("Governorate"), queryset=Governorate.objects.all(), required=False, empty_label="—"
    )
    starts_on = DualCalendarDateField(label=_("First day"))
    ends_on = DualCalendarDateField(label=_("Last day"))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return data


class BoothForm(forms.Form):
    number = forms.CharField(label=_("Booth number"), max_length=10)
    zone = forms.CharField(label=_("Zone"), max_length=60)
    size = forms.ChoiceField(label=_("Size"), choices=Booth.Size.choices)
    entity = forms.ModelChoiceField(
        label=_("Enabling entity"),
        queryset=Entity.objects.filter(is_active=True),
        required=False,
        empty_label=_("None (a productive family's booth)"),
    )
    enterprise = forms.ModelChoiceField(
        label=_("Exhibiting family"),
        queryset=Enterprise.objects.filter(is_active=True).only("id", "name"),
        required=False,
        widget=forms.NumberInput,
        help_text=_("The enterprise number, for a productive family's booth."),
    )

    def clean(self):
        data = super().clean()
        if data.get("entity") and data.get("enterprise"):
            raise forms.ValidationError(_("A booth goes to an entity or to an exhibiting family, not both."))
        return data


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Session.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=160)
    room = forms.CharField(label=_("Room"), max_length=60)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1)
    entity = forms.ModelChoiceField(
        label=_("Given by"),
        queryset=Entity.objects.filter(is_active=True),
        required=False,
        empty_label=_("The organisers"),
    )


class InvitationFilterForm(forms.Form):
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.all(), required=False, empty_label=_("All offices")
    )
    governorate = forms.ModelChoiceField(
        label=_("Governorate"),
        queryset=Governorate.objects.all(),
        required=False,
        empty_label=_("All governorates"),
    )
    track = forms.ChoiceField(
        label=_("Track"), choices=[("", _("Any track")), *Track.choices], required=False
    )
    min_readiness = forms.DecimalField(
        label=_("Minimum readiness for the track (1–5)"),
        min_value=1,
        max_value=5,
        decimal_places=1,
        required=False,
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.filter(region_id=event.region_id)
        self.fields["governorate"].queryset = Governorate.objects.filter(region_id=event.region_id)


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Visitor's name"), max_length=120)
    phone = MobileField(label=_("Mobile"), required=False)
    national_id = NationalIdField(
        label=_("National ID (optional)"),
        required=False,
        help_text=_("Links the visit to the member's file so what follows the forum is counted."),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Badge code"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    session = forms.ModelChoiceField(
        label=_("Place"), queryset=Session.objects.none(), required=False, empty_label=_("Entrance")
    )
    at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = event.sessions.all()


class BadgeScanForm(forms.Form):
    code = forms.CharField(
        label=_("Badge code"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ApplicationForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    opportunity = forms.ModelChoiceField(label=_("Opportunity"), queryset=None, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, opportunities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = opportunities


class ExhibitionSaleForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (SAR)"), min_value=0.01, max_digits=10, decimal_places=2)
    note = forms.CharField(label=_("What was sold"), max_length=200, required=False)
