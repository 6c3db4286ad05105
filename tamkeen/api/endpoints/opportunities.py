"""The entity's opportunities, with eligibility as data, written through the opportunities app's services."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from tamkeen.api.endpoints.common import next_url, not_found, scoped, unprocessable
from tamkeen.api.problems import ApiProblem
from tamkeen.api.schemas import Problem
from tamkeen.api.selectors import BadCursor, page_after
from tamkeen.geography.models import Governorate
from tamkeen.opportunities import services
from tamkeen.opportunities.access import opportunities_editable_by
from tamkeen.opportunities.eligibility import CONDITION_FIELDS, conditions_of
from tamkeen.opportunities.models import Opportunity

router = Router(tags=["opportunities"])
ERRORS = {401: Problem, 403: Problem, 422: Problem, 429: Problem}

TRACK = Literal[tuple(Opportunity.Track.values)]
KIND = Literal[tuple(Opportunity.Kind.values)]
MODE = Literal[tuple(Opportunity.Mode.values)]
STATUS = Literal[tuple(Opportunity.Status.values)]
EDUCATION = Literal[
    "", "none", "primary", "intermediate", "secondary", "diploma", "bachelor", "master", "doctorate"
]
WORK_CAPACITY = Literal["able", "rehabilitable", "not_rehabilitable"]

ELIGIBILITY_EXAMPLE = {
    "gender": "",
    "min_age": 18,
    "max_age": 40,
    "min_education": "secondary",
    "nationality": "citizen",
    "work_capacities": ["able"],
    "max_household_income": None,
    "required_certificate": "",
    "is_disability_friendly": True,
}
OPPORTUNITY_EXAMPLE = {
    "code": "OPP-000123",
    "status": "open",
    "track": "employment",
    "kind": "job",
    "title_ar": "موظف خدمة عملاء",
    "title_en": "Customer service agent",
    "description": "",
    "occupation": "Customer service",
    "isco08": "4222",
    "governorate": "SAB",
    "mode": "in_person",
    "starts_on": "2026-12-01",
    "ends_on": None,
    "schedule": "Sun–Thu 8:00–16:00",
    "hours": None,
    "capacity": 5,
    "seats_taken": 2,
    "seats_left": 3,
    "wage": "4500.00",
    "amount_min": None,
    "amount_max": None,
    "terms": "",
    "is_free": True,
    "accreditation": "",
    "saudization_activity": "",
    "eligibility": ELIGIBILITY_EXAMPLE,
    "updated_at": "2026-11-02T09:15:00+03:00",
}


class Eligibility(Schema):
    """Who may be referred: every condition is optional; empty or null means no condition."""

    model_config = ConfigDict(json_schema_extra={"examples": [ELIGIBILITY_EXAMPLE]})

    gender: Literal["", "M", "F"] = ""
    min_age: int | None = Field(default=None, ge=0, le=120)
    max_age: int | None = Field(default=None, ge=0, le=120)
    min_education: EDUCATION = ""
    nationality: Literal["any", "citizen", "resident"] = "any"
    work_capacities: list[WORK_CAPACITY] = Field(default_factory=list)
    max_household_income: Decimal | None = Field(default=None, ge=0, max_digits=10, decimal_places=2)
    required_certificate: str = Field(default="", max_length=160)
    is_disability_friendly: bool = False


class OpportunityOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [OPPORTUNITY_EXAMPLE]})

    code: str
    status: STATUS
    track: TRACK
    kind: KIND
    title_ar: str
    title_en: str
    description: str
    occupation: str
    isco08: str
    governorate: str | None
    mode: MODE
    starts_on: dt.date | None
    ends_on: dt.date | None
    schedule: str
    hours: int | None
    capacity: int
    seats_taken: int
    seats_left: int
    wage: Decimal | None
    amount_min: Decimal | None
    amount_max: Decimal | None
    terms: str
    is_free: bool
    accreditation: str
    saudization_activity: str
    eligibility: Eligibility
    updated_at: dt.datetime


class OpportunityPage(Schema):
    results: list[OpportunityOut]
    next: str | None


MONEY = {"ge": 0, "max_digits": 12, "decimal_places": 2}


class OpportunityPatch(Schema):
    """Send only the fields to change."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"capacity": 8, "status": "open"}, {"eligibility": {"max_age": 45}}]}
    )

    status: STATUS | None = None
    track: TRACK | None = None
    kind: KIND | None = None
    title_ar: str | None = Field(default=None, min_length=1, max_length=200)
    title_en: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    occupation: str | None = Field(default=None, max_length=120)
    isco08: str | None = Field(default=None, pattern=r"^(\d{1,4})?$")
    governorate: str | None = Field(default=None, max_length=8, description="A governorate code, e.g. SAB")
    mode: MODE | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    schedule: str | None = Field(default=None, max_length=200)
    hours: int | None = Field(default=None, ge=0, le=100000)
    capacity: int | None = Field(default=None, ge=0, le=1000000)
    wage: Decimal | None = Field(default=None, **{**MONEY, "max_digits": 10})
    amount_min: Decimal | None = Field(default=None, **MONEY)
    amount_max: Decimal | None = Field(default=None, **MONEY)
    terms: str | None = Field(default=None, max_length=5000)
    is_free: bool | None = None
    accreditation: str | None = Field(default=None, max_length=160)
    saudization_activity: str | None = Field(default=None, max_length=160)
    eligibility: Eligibility | None = None


class OpportunityIn(OpportunityPatch):
    """A new opportunity (a draft unless ``status`` says open)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{**OPPORTUNITY_EXAMPLE, "status": "open"}]})

    track: TRACK
    kind: KIND
    title_ar: str = Field(min_length=1, max_length=200)
    capacity: int = Field(ge=1, le=1000000)


class OpportunityFilters(Schema):
    status: STATUS | None = None
    limit: int = Field(default=50, ge=1, le=200)
    cursor: str | None = None


def opportunity_json(opportunity: Opportunity) -> dict:
    data = {
        name: getattr(opportunity, name)
        for name in OpportunityOut.model_fields
        if name not in ("governorate", "eligibility", "seats_left")
    }
    return {
        **data,
        "governorate": opportunity.governorate.code if opportunity.governorate_id else None,
        "seats_left": opportunity.seats_left,
        "eligibility": conditions_of(opportunity),
    }


def _values(payload: OpportunityPatch) -> dict:
    """The service's keyword arguments from what the partner sent (eligibility flattened)."""
    sent = payload.model_dump(exclude_unset=True)
    eligibility = sent.pop("eligibility", None) or {}
    values = {**sent, **{k: v for k, v in eligibility.items() if k in CONDITION_FIELDS}}
    for text_field in ("title_en", "description", "occupation", "isco08", "schedule", "terms"):
        if text_field in values and values[text_field] is None:
            values[text_field] = ""
    for required in ("status", "track", "kind", "title_ar", "capacity", "mode", "is_free"):
        if required in values and values[required] is None:
            raise unprocessable(required, "null_not_allowed")
    if "governorate" in values:
        code = values["governorate"]
        if code:
            governorate = Governorate.objects.filter(code=code.strip().upper()).first()
            if governorate is None:
                raise unprocessable("governorate", "unknown_governorate")
            values["governorate"] = governorate
    mins = (values.get("min_age"), values.get("max_age"))
    if None not in mins and mins[0] > mins[1]:
        raise unprocessable("eligibility.max_age", "invalid_range")
    amounts = (values.get("amount_min"), values.get("amount_max"))
    if None not in amounts and amounts[0] > amounts[1]:
        raise unprocessable("amount_max", "invalid_range")
    return values


def _service_error(error: DjangoValidationError) -> ApiProblem:
    message = " ".join(error.messages)
    field = "capacity" if "apacity" in message or "seats" in message else "governorate"
    return unprocessable(field, "invalid", message)


@router.get(
    "",
    response={200: OpportunityPage, **ERRORS},
    operation_id="listOpportunities",
    summary="The entity's opportunities",
    **scoped("opportunities:read"),
)
def list_opportunities(request, filters: Query[OpportunityFilters]):
    rows = opportunities_editable_by(request.api_client.user)
    if filters.status:
        rows = rows.filter(status=filters.status)
    try:
        items, cursor = page_after(rows, filters.cursor, filters.limit)
    except BadCursor:
        raise unprocessable("cursor", "invalid_cursor") from None
    return {"results": [opportunity_json(o) for o in items], "next": next_url(request, cursor)}


def _one(request, code: str) -> Opportunity:
    found = opportunities_editable_by(request.api_client.user).filter(code=code.strip().upper()).first()
    if found is None:
        raise not_found()
    return found


@router.get(
    "/{code}",
    response={200: OpportunityOut, 404: Problem, **ERRORS},
    operation_id="getOpportunity",
    summary="One opportunity of the entity",
    **scoped("opportunities:read"),
)
def get_opportunity(request, code: str):
    return opportunity_json(_one(request, code))


@router.post(
    "",
    response={201: OpportunityOut, **ERRORS},
    operation_id="createOpportunity",
    summary="Publish an opportunity",
    description="The code is given by the platform. An in-person opportunity needs a governorate.",
    **scoped("opportunities:write"),
)
def create_opportunity(request, payload: OpportunityIn):
    values = _values(payload)
    values.setdefault("mode", Opportunity.Mode.IN_PERSON)
    try:
        opportunity = services.opportunity_create(actor=request.api_client.user, **values)
    except DjangoValidationError as error:
        raise _service_error(error) from None
    return Status(
        201, opportunity_json(Opportunity.objects.select_related("governorate").get(pk=opportunity.pk))
    )


@router.patch(
    "/{code}",
    response={200: OpportunityOut, 404: Problem, **ERRORS},
    operation_id="updateOpportunity",
    summary="Change an opportunity",
    description="Capacity never goes below the seats already taken.",
    **scoped("opportunities:write"),
)
def update_opportunity(request, code: str, payload: OpportunityPatch):
    opportunity = _one(request, code)
    values = _values(payload)
    merged_ages = (values.get("min_age", opportunity.min_age), values.get("max_age", opportunity.max_age))
    if None not in merged_ages and merged_ages[0] > merged_ages[1]:
        raise unprocessable("eligibility.max_age", "invalid_range")
    merged_amounts = (
        values.get("amount_min", opportunity.amount_min),
        values.get("amount_max", opportunity.amount_max),
    )
    if None not in merged_amounts and merged_amounts[0] > merged_amounts[1]:
        raise unprocessable("amount_max", "invalid_range")
    try:
        services.opportunity_update(actor=request.api_client.user, opportunity=opportunity, **values)
    except DjangoValidationError as error:
        raise _service_error(error) from None
    return opportunity_json(_one(request, code))
