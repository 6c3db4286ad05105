"""Request and response shapes of /api/v1, with the examples the OpenAPI document shows."""

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field

PARTNER_STATUSES = Literal[
    "sent", "accepted", "declined", "enrolled", "started", "completed", "dropped_out", "withdrawn", "expired"
]
PARTNER_ACTION = Literal["accept", "decline", "enrol", "start", "complete", "drop_out"]


def examples(*items: dict) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(items)})


class FieldError(Schema):
    field: str
    code: str
    message: str


class Problem(Schema):
    """RFC 9457 problem details."""

    model_config = examples(
        {
            "type": "urn:tamkeen:problem:invalid_transition",
            "title": "Conflict",
            "status": 409,
            "detail": "A referral that is “Declined” cannot be moved to “Accepted”.",
            "code": "invalid_transition",
        }
    )

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldError] | None = None


class TokenOut(Schema):
    model_config = examples({"access_token": "at_3q2…", "token_type": "Bearer", "expires_in": 3600})

    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int = Field(le=3600)


SHARED_EXAMPLE = {
    "national_id": "1012345672",
    "full_name": "محمد علي أحمد الحازمي",
    "gender": "M",
    "birth_date": "1988-05-01",
    "phone": "+966501234567",
}

REFERRAL_EXAMPLE = {
    "reference": "R-7KQ2M9XA",
    "status": "sent",
    "opportunity": "EMP-DEMO-001",
    "sent_at": "2026-11-02T09:15:00+03:00",
    "respond_by": "2026-11-16",
    "respond_by_hijri": "1448-05-26",
    "updated_at": "2026-11-02T09:15:00+03:00",
    "consent_active": True,
    "shared": SHARED_EXAMPLE,
}


class ReferralOut(Schema):
    """A referral sent to the entity. ``shared`` holds the fields frozen when it was sent; it is null once the
    person has withdrawn consent (the reference and status stay)."""

    model_config = examples(REFERRAL_EXAMPLE)

    reference: str
    status: PARTNER_STATUSES
    opportunity: str
    sent_at: dt.datetime | None
    respond_by: dt.date | None
    respond_by_hijri: str | None
    updated_at: dt.datetime
    consent_active: bool
    shared: dict[str, str] | None


class ReferralPage(Schema):
    model_config = examples(
        {"results": [REFERRAL_EXAMPLE], "next": "https://tamkeen.example/api/v1/referrals?cursor=MjAy…"}
    )

    results: list[ReferralOut]
    next: str | None


class ActionIn(Schema):
    """``reason``: a reason code (``not_eligible``, ``no_capacity``, ``failed_interview``, ``no_show``,
    ``unreachable``, ``member_refused``, ``found_other``, ``health``, ``family``, ``transport``, ``wage``,
    ``other``) or free text; needed to decline or drop out. ``date``: when it happened (default today)."""

    model_config = examples({"reason": "failed_interview"}, {"date": "2026-11-20"}, {})

    reason: str | None = Field(default=None, max_length=300)
    date: dt.date | None = None
