from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from tamkeen.geography.models import Governorate, Region
from tamkeen.partners.models import Agreement, Entity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntityForm(forms.ModelForm):
    """Names, kind, governorates served and answer time. The code and region are chosen once, at creation."""

    governorates = forms.ModelMultipleChoiceField(
        label=_("Governorates served"),
        queryset=Governorate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    response_days = forms.IntegerField(
        label=_("Days to answer a referral"),
        min_value=1,
        max_value=90,
        help_text=_("A referral not answered within this many days expires and goes back to the office."),
    )

    class Meta:
        model = Entity
        fields = [
            "code",
            "region",
            "name_ar",
            "name_en",
            "kind",
            "governorates",
            "response_days",
            "sectors",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]

    def __init__(self, *args, actor, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["code"].validators.append(
                RegexValidator(r"^[A-Za-z0-9-]{2,16}$", _("Latin letters, digits and hyphens only."))
            )
            self.fields["code"].help_text = _("A short code such as TRN-JZN; it cannot be changed later.")
            if actor.is_administrator:
                self.fields["region"].queryset = Region.objects.all()
            else:  # a manager creates entities of their own region
                del self.fields["region"]
        else:
            del self.fields["code"]
            del self.fields["region"]
        region_id = self.instance.region_id if not creating else getattr(actor, "region_id", None)
        governorates = Governorate.objects.all()
        if region_id and not (creating and actor.is_administrator):
            governorates = governorates.filter(region_id=region_id)
        self.fields["governorates"].queryset = governorates

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        region = cleaned.get("region") or getattr(self.instance, "region", None)
        if region is None and "region" not in self.fields:
            return cleaned
        chosen = cleaned.get("governorates") or []
        if region is not None and any(g.region_id != region.pk for g in chosen):
            self.add_error("governorates", _("An entity serves governorates of its own region only."))
        return cleaned


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["reference", "starts_on", "ends_on", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("An agreement cannot end before it starts."))
        return cleaned


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the suspension"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The offices and case workers whose referrals are affected read it."),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
