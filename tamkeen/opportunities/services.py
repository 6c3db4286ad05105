"""Opportunity writes: partner staff publish and edit their own entity's opportunities."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record, changed_fields
from tamkeen.opportunities.accessibility import FEATURES
from tamkeen.opportunities.models import Opportunity

EDITABLE_FIELDS = [
    "track",
    "kind",
    "title_ar",
    "title_en",
    "description",
    "occupation",
    "isco08",
    "governorate",
    "mode",
    "starts_on",
    "ends_on",
    "schedule",
    "hours",
    "capacity",
    "wage",
    "amount_min",
    "amount_max",
    "terms",
    "is_free",
    "accreditation",
    "saudization_activity",
    "is_disability_friendly",
    "accessibility_features",
    "status",
    "gender",
    "min_age",
    "max_age",
    "min_education",
    "nationality",
    "work_capacities",
    "max_household_income",
    "required_certificate",
]


def _check_partner(actor, entity_id: int) -> None:
    if actor is None or not actor.is_partner or actor.entity_id != entity_id:
        raise PermissionDenied


def _check_values(values: dict, seats_taken: int = 0) -> None:
    if values.get("capacity") is not None and values["capacity"] < seats_taken:
        raise ValidationError(
            _("Capacity cannot be less than the %(taken)s seats already taken.") % {"taken": seats_taken}
        )
    if values.get("mode") == Opportunity.Mode.IN_PERSON and not values.get("governorate"):
        raise ValidationError(_("An in-person opportunity needs a governorate."))
    unknown = set(values.get("accessibility_features") or ()) - set(FEATURES)
    if unknown:
        raise ValidationError(_("Unknown accessibility feature."))


@transaction.atomic
def opportunity_create(*, actor, **values) -> Opportunity:
    _check_partner(actor, actor.entity_id if actor is not None else None)
    values = {k: v for k, v in values.items() if k in EDITABLE_FIELDS}
    _check_values(values)
    opportunity = Opportunity.objects.create(
        entity_id=actor.entity_id, code=f"TMP-{uuid.uuid4().hex[:12]}", created_by=actor, **values
    )
    opportunity.code = f"OPP-{opportunity.pk:06d}"
    opportunity.save(update_fields=["code"])
    audit_record(
        actor=actor, action="opportunity.create", obj=opportunity, changes={"code": [None, opportunity.code]}
    )
    return opportunity


@transaction.atomic
def opportunity_update(*, actor, opportunity: Opportunity, **values) -> Opportunity:
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    _check_partner(actor, opportunity.entity_id)
    values = {k: v for k, v in values.items() if k in EDITABLE_FIELDS}
    _check_values(
        {**{f: getattr(opportunity, f) for f in ("mode", "governorate")}, **values}, opportunity.seats_taken
    )
    changes = changed_fields(opportunity, values)
    if not changes:
        return opportunity
    for field, value in values.items():
        setattr(opportunity, field, value)
    opportunity.save(update_fields=[*values, "updated_at"])
    audit_record(actor=actor, action="opportunity.update", obj=opportunity, changes=changes)
    return opportunity
