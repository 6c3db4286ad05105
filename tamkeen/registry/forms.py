"""Hand-entry forms. They validate through roll/validation.py, so a form and a roll file never disagree."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.core.forms import DualCalendarDateField
from tamkeen.core.uploads import UploadLimits, check_uploaded_spreadsheet
from tamkeen.geography.models import Governorate

from .models import Member, ReviewFlag
from .roll import validation as v
from .roll.apply import build_reference

REASON_MESSAGES = {
    v.MISSING_REQUIRED: _("This field is required."),
    v.INVALID_NATIONAL_ID: _("Enter a valid 10-digit national ID or iqama number (starting with 1 or 2)."),
    v.INVALID_DATE: _("Enter a date as YYYY-MM-DD or DD/MM/YYYY, in the Hijri or Gregorian calendar."),
    v.FUTURE_DATE: _("This date is in the future."),
    v.INVALID_PHONE: _("Enter a Saudi mobile number, for example 05X XXX XXXX."),
    v.UNKNOWN_OFFICE: _("This office is not yours."),
    v.UNKNOWN_GOVERNORATE: _("This governorate is not in your office's region."),
    v.UNKNOWN_VALUE: _("This value is not allowed here."),
    v.DUPLICATE_IN_FILE: _("This national ID appears twice."),
    v.BELONGS_TO_OTHER_HOUSEHOLD: _("This national ID already belongs to a member of another household."),
}


def _blank_choices(choices):
    return [("", "—"), *choices]


def _apply_problems(form: forms.Form, problems, fields: set[str]) -> None:
    for column, _value, reason in problems:
        field = column if column in fields else None
        if field in form.errors:
            continue
        form.add_error(field, REASON_MESSAGES.get(reason, reason))


class MemberForm(forms.Form):
    # Staff type the member's numbers, not their own: a numeric keypad, and no autofill from the browser.
    national_id = forms.CharField(
        label=_("National ID / iqama"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}),
    )
    relation = forms.ChoiceField(label=_("Relation to head"), choices=Member.Relation.choices)
    first_name = forms.CharField(label=_("First name"), max_length=60)
    father_name = forms.CharField(label=_("Father's name"), max_length=60, required=False)
    grandfather_name = forms.CharField(label=_("Grandfather's name"), max_length=60, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=60)
    gender = forms.ChoiceField(label=_("Gender"), choices=Member.Gender.choices)
    birth_date = forms.CharField(
        label=_("Birth date"), help_text=_("Hijri (1405/07/12) or Gregorian (1985-03-04)."), max_length=20
    )
    phone = forms.CharField(
        label=_("Mobile"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off", "dir": "ltr"}),
    )
    education = forms.ChoiceField(
        label=_("Education"), choices=_blank_choices(Member.Education.choices), required=False
    )
    marital_status = forms.ChoiceField(
        label=_("Marital status"), choices=_blank_choices(Member.MaritalStatus.choices), required=False
    )
    disability = forms.ChoiceField(label=_("Disability"), choices=Member.Disability.choices, initial="none")
    is_disability_registered = forms.BooleanField(
        label=_("Registered with the disability authority"), required=False
    )
    work_capacity = forms.ChoiceField(
        label=_("Work capacity"), choices=_blank_choices(Member.WorkCapacity.choices), required=False
    )
    is_full_time_student = forms.BooleanField(label=_("Full-time student"), required=False)
    is_caregiver = forms.BooleanField(
        label=_("Caregiver of a child, elderly or disabled member"), required=False
    )
    employment_status = forms.ChoiceField(
        label=_("Employment status"), choices=Member.EmploymentStatus.choices, initial="unemployed"
    )
    is_on_employment_platform = forms.BooleanField(
        label=_("Registered on the national employment platform"), required=False
    )
    employment_platform_date = DualCalendarDateField(
        label=_("Employment platform registration date"), required=False, allow_future=False
    )
    skills = forms.CharField(label=_("Skills"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reason = forms.CharField(label=_("Why (for the history)"), max_length=300, required=False)

    ROLL_COLUMNS = ("national_id", "relation", "first_name", "father_name", "grandfather_name", "family_name",
                    "gender", "birth_date", "phone", "education", "marital_status", "disability", "work_capacity")  # fmt: skip
    EXTRA = ("is_disability_registered", "is_full_time_student", "is_caregiver", "employment_status",
             "is_on_employment_platform", "employment_platform_date", "skills")  # fmt: skip

    def __init__(self, *args, household=None, office=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.household = household
        self.office = office or household.office
        self.values: dict = {}

    def row(self) -> dict:
        data = self.cleaned_data
        row = {column: data.get(column) or "" for column in self.ROLL_COLUMNS}
        row["office_code"] = self.office.code
        if self.household is not None:
            row["file_number"] = self.household.file_number or "0"
            row["governorate"] = self.household.governorate.code
        return row

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        row = self.row()
        row.setdefault("file_number", "0")
        row.setdefault("governorate", self.office.governorates.values_list("code", flat=True).first() or "")
        result = v.validate_row(row, build_reference(only_office_id=self.office.pk))
        _apply_problems(self, result.problems, set(self.ROLL_COLUMNS))
        self.values = {column: result.values[column] for column in (*self.ROLL_COLUMNS, "name_key")
                       if column in result.values}  # fmt: skip
        self.values.update({field: data.get(field) for field in self.EXTRA})
        if self.values.get("skills") is None:
            self.values["skills"] = ""
        return data


NUMERIC = {"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}
AMOUNT = {"inputmode": "decimal", "autocomplete": "off", "dir": "ltr"}


class HouseholdForm(forms.Form):
    file_number = forms.CharField(
        label=_("Social-security file number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs=NUMERIC),
    )
    is_prospect = forms.BooleanField(label=_("No social-security file yet (a prospect)"), required=False)
    governorate = forms.ChoiceField(label=_("Governorate"))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    monthly_income = forms.CharField(
        label=_("Monthly income (SAR)"), required=False, max_length=20, widget=forms.TextInput(attrs=AMOUNT)
    )
    pension_amount = forms.CharField(
        label=_("Pension (SAR)"), required=False, max_length=20, widget=forms.TextInput(attrs=AMOUNT)
    )

    ROLL_COLUMNS = ("file_number", "governorate", "monthly_income", "pension_amount")

    def __init__(self, *args, office, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["governorate"].choices = [
            (gov.code, gov.name) for gov in Governorate.objects.filter(region_id=office.region_id)
        ]
        self.values: dict = {}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not data.get("is_prospect") and not data.get("file_number"):
            self.add_error("file_number", _("Give the file number, or record a prospect without a file."))
            return data
        row = {column: data.get(column) or "" for column in self.ROLL_COLUMNS}
        if data.get("is_prospect"):
            row["file_number"] = "0"
        # The rest of a roll row is not this form's business: filled with valid placeholders, then ignored.
        row.update(office_code=self.office.code, national_id="1000000008", relation="head", first_name="x",
                   family_name="x", gender="M", birth_date="1990-01-01")  # fmt: skip
        result = v.validate_row(row, build_reference(only_office_id=self.office.pk))
        _apply_problems(self, result.problems, set(self.ROLL_COLUMNS))
        self.values = {
            "file_number": "" if data.get("is_prospect") else result.values.get("file_number"),
            "governorate_id": result.values.get("governorate_id"),
            "monthly_income": result.values.get("monthly_income"),
            "pension_amount": result.values.get("pension_amount"),
            "address": data.get("address", ""),
        }
        return data


class RollUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roll file"), help_text=_("CSV (UTF-8 or Windows-1256; comma, semicolon or tab) or XLSX.")
    )

    complete = forms.BooleanField(
        label=_("This is the office's complete roll"),
        required=False,
        help_text=_(
            "Tick only when the file lists every household of the office: members of the office it does not "
            "list are then flagged for review. Otherwise the roll is partial and flags nobody."
        ),
    )

    MAX_BYTES = 200 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".txt", ".tsv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."), code="extension")
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."), code="size")
        # Sizes inside an XLSX and the row count are checked before the worker parses anything.
        limits = replace(UploadLimits.from_settings(), max_bytes=self.MAX_BYTES)
        return check_uploaded_spreadsheet(upload, limits=limits)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("National ID, file number, mobile or name"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True}),
    )  # fmt: skip


class ReviewResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("What did you find?"), choices=ReviewFlag.Resolution.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AssignFileForm(forms.Form):
    file_number = forms.CharField(
        label=_("Social-security file number"), max_length=30, widget=forms.TextInput(attrs=NUMERIC)
    )
    reason = forms.CharField(label=_("Why (for the history)"), max_length=300, required=False)
