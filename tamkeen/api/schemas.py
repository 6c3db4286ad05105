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


WEBHOOK_EVENT = Literal[
    "referral.sent", "referral.withdrawn", "referral.expired", "consent.withdrawn", "opportunity.full"
]


class EndpointIn(Schema):
    model_config = examples(
        {"url": "https://hr.example.sa/tamkeen/webhooks", "events": ["referral.sent", "referral.withdrawn"]}
    )

    url: str = Field(min_length=1, max_length=500)
    events: list[WEBHOOK_EVENT] = Field(min_length=1)


class EndpointOut(Schema):
    model_config = examples(
        {
            "id": "ep_5d1c0e2f9a7b3c4d",
            "url": "https://hr.example.sa/tamkeen/webhooks",
            "events": ["referral.sent"],
            "is_active": True,
            "created_at": "2026-11-02T09:15:00+03:00",
        }
    )

    id: str
    url: str
    events: list[str]
    is_active: bool
    created_at: dt.datetime


class EndpointCreated(Schema):
    """The secret is shown here once; sign checks need it (Standard Webhooks)."""

    model_config = examples(
        {
            "id": "ep_5d1c0e2f9a7b3c4d",
            "url": "https://hr.example.sa/tamkeen/webhooks",
            "events": ["referral.sent"],
            "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        }
    )

    id: str
    url: str
    events: list[str]
    secret: str


class EndpointList(Schema):
    results: list[EndpointOut]
    next: str | None


class AttemptOut(Schema):
    at: dt.datetime
    status_code: int | None
    error: str
    duration_ms: int
    is_replay: bool


class DeliveryOut(Schema):
    model_config = examples(
        {
            "id": "dl_0a1b2c3d4e5f6a7b",
            "event_id": "msg_2b8c…",
            "type": "referral.sent",
            "state": "delivered",
            "created_at": "2026-11-02T09:15:00+03:00",
            "delivered_at": "2026-11-02T09:15:06+03:00",
            "next_attempt_at": None,
            "payload": {
                "type": "referral.sent",
                "timestamp": "2026-11-02T09:15:00+03:00",
                "data": {"reference": "R-7KQ2M9XA", "status": "sent", "opportunity": "EMP-DEMO-001"},
            },
            "attempts": [
                {
                    "at": "2026-11-02T09:15:01+03:00",
                    "status_code": 500,
                    "error": "",
                    "duration_ms": 40,
                    "is_replay": False,
                },
                {
                    "at": "2026-11-02T09:15:06+03:00",
                    "status_code": 200,
                    "error": "",
                    "duration_ms": 35,
                    "is_replay": False,
                },
            ],
        }
    )

    id: str
    event_id: str
    type: str
    state: Literal["pending", "delivered", "failed", "refused"]
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    next_attempt_at: dt.datetime | None
    payload: dict
    attempts: list[AttemptOut]


class DeliveryPage(Schema):
    results: list[DeliveryOut]
    next: str | None
