"""Which member fields each consent category carries: what an entity sees of a referred member."""

from tamkeen.consent.models import Category

DEFAULT_CATEGORIES = [Category.IDENTITY, Category.CONTACT, Category.LABOUR]


def _text(value) -> str:
    return "" if value is None else str(value)


def shared_fields_of(member, categories, household_size: int | None = None) -> dict:
    """The frozen copy of a member's data sent with a referral, limited to the consented categories.

    ``household_size`` saves one query per member when the caller already counted (bulk seeding)."""
    household = member.household
    chosen = set(categories)
    fields: dict[str, str] = {}
    if Category.IDENTITY in chosen:
        fields |= {
            "national_id": member.national_id,
            "full_name": member.full_name,
            "gender": member.gender,
            "birth_date": member.birth_date.isoformat() if member.birth_date else "",
        }
    if Category.CONTACT in chosen:
        fields |= {
            "phone": member.phone,
            "governorate": household.governorate.name_ar,
            "address": household.address,
        }
    if Category.HOUSEHOLD in chosen:
        fields |= {
            "relation": member.relation,
            "marital_status": member.marital_status,
            "household_size": _text(
                household_size if household_size is not None else household.members.count()
            ),
        }
    if Category.SOCIO_ECONOMIC in chosen:
        fields |= {
            "monthly_income": _text(household.monthly_income),
            "pension_amount": _text(household.pension_amount),
        }
    if Category.LABOUR in chosen:
        fields |= {
            "education": member.education,
            "work_capacity": member.work_capacity,
            "employment_status": member.employment_status,
            "skills": member.skills,
            "is_on_employment_platform": "yes" if member.is_on_employment_platform else "no",
        }
    if Category.DISABILITY in chosen:
        fields |= {
            "disability": member.disability,
            "is_disability_registered": "yes" if member.is_disability_registered else "no",
        }
    return fields


def field_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "national_id": _("National ID / iqama"),
        "full_name": _("Name"),
        "gender": _("Gender"),
        "birth_date": _("Birth date"),
        "phone": _("Mobile"),
        "governorate": _("Governorate"),
        "address": _("Address"),
        "relation": _("Relation to head"),
        "marital_status": _("Marital status"),
        "household_size": _("Household size"),
        "monthly_income": _("Monthly income (SAR)"),
        "pension_amount": _("Pension (SAR)"),
        "education": _("Education"),
        "work_capacity": _("Work capacity"),
        "employment_status": _("Employment status"),
        "skills": _("Skills"),
        "is_on_employment_platform": _("Registered on the national employment platform"),
        "disability": _("Disability"),
        "is_disability_registered": _("Registered with the disability authority"),
    }


def display_value(name: str, value: str) -> str:
    """A shared value as a person reads it: choice labels instead of codes, dates in both calendars."""
    from django.utils.translation import gettext as _

    from tamkeen.registry.models import Member

    choices = {
        "gender": Member.Gender,
        "education": Member.Education,
        "work_capacity": Member.WorkCapacity,
        "employment_status": Member.EmploymentStatus,
        "relation": Member.Relation,
        "marital_status": Member.MaritalStatus,
        "disability": Member.Disability,
    }
    if name in choices and value:
        labels = dict(choices[name].choices)
        return str(labels.get(value, value))
    if value in ("yes", "no"):
        return _("Yes") if value == "yes" else _("No")
    if name == "birth_date" and value:
        from datetime import date

        from tamkeen.core.templatetags.tamkeen import dual_date

        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        # Each calendar isolated, the reader's first: "1988-05-01" cannot reorder inside Arabic text.
        return dual_date(day)
    if name == "phone" and value:
        from tamkeen.core.templatetags.tamkeen import phone

        return phone(value)
    return value
