"""The entity's referrals: list, one, and the partner's lifecycle actions through the referral services."""

from datetime import datetime, time

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from tamkeen.api.endpoints.common import next_url, scoped
from tamkeen.api.problems import ApiProblem
from tamkeen.api.schemas import PARTNER_ACTION, PARTNER_STATUSES, ActionIn, Problem, ReferralOut, ReferralPage
from tamkeen.api.selectors import BadCursor, consent_is_active, page_after, referrals_of_client
from tamkeen.core.audit import audit_record
from tamkeen.core.hijri import to_hijri
from tamkeen.core.models import AuditEvent
from tamkeen.referrals import services
from tamkeen.referrals.models import Reason

router = Router(tags=["referrals"])

READ_ERRORS = {401: Problem, 403: Problem, 422: Problem, 429: Problem}


def referral_json(referral) -> dict:
    active = consent_is_active(referral)
    due = referral.due_by
    return {
        "reference": referral.public_id,
        "status": referral.status,
        "opportunity": referral.opportunity.code,
        "sent_at": referral.sent_at,
        "respond_by": due,
        "respond_by_hijri": "{:04d}-{:02d}-{:02d}".format(*to_hijri(due)) if due else None,
        "updated_at": referral.updated_at,
        "consent_active": active,
        "shared": dict(referral.shared_fields) if active else None,
    }


def audit_api_read(request, referral) -> None:
    """A read through the API is a read like any other: who (the client's account), what, whose data."""
    audit_record(
        actor=request.api_client.user,
        action="referral.read",
        obj=referral,
        member_id=referral.member_id,
        kind=AuditEvent.Kind.READ,
        reason=f"api {request.api_client.client_id}",
    )


class ReferralFilters(Schema):
    status: PARTNER_STATUSES | None = None
    updated_since: datetime | None = Field(default=None, description="ISO 8601 date-time")
    limit: int = Field(default=50, ge=1, le=200)
    cursor: str | None = Field(default=None, description="The `next` link of the previous page carries it")


@router.get(
    "",
    response={200: ReferralPage, **READ_ERRORS},
    operation_id="listReferrals",
    summary="The referrals sent to the entity",
    description="Cursor-paginated, oldest change first; `updated_since` returns what changed since a moment.",
    **scoped("referrals:read"),
)
def list_referrals(request, filters: Query[ReferralFilters]):
    rows = referrals_of_client(request.api_client)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.updated_since:
        since = filters.updated_since
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        rows = rows.filter(updated_at__gte=since)
    try:
        items, cursor = page_after(rows, filters.cursor, filters.limit)
    except BadCursor:
        raise ApiProblem(
            422,
            "validation_error",
            errors=[{"field": "cursor", "code": "invalid_cursor", "message": _("This value is not valid.")}],
        ) from None
    for referral in items:
        audit_api_read(request, referral)
    return {"results": [referral_json(r) for r in items], "next": next_url(request, cursor)}


def _one(request, reference: str):
    found = referrals_of_client(request.api_client).filter(public_id=reference.strip().upper()).first()
    if found is None:
        raise ApiProblem(404, "not_found")
    return found


@router.get(
    "/{reference}",
    response={200: ReferralOut, 404: Problem, **READ_ERRORS},
    operation_id="getReferral",
    summary="One referral of the entity",
    description="404 for a referral of any other entity, or one not sent yet.",
    **scoped("referrals:read"),
)
def get_referral(request, reference: str):
    referral = _one(request, reference)
    audit_api_read(request, referral)
    return referral_json(referral)


def _reason(text: str | None) -> tuple[str, str]:
    text = (text or "").strip()
    if not text:
        return "", ""
    if text in Reason.values:
        return text, ""
    return Reason.OTHER, text


def run_action(*, actor, referral, action: str, reason: str | None, on) -> None:
    """The web's services, by name; the same checks, states and errors."""
    at = None
    if on is not None:
        at = timezone.make_aware(datetime.combine(on, time(12, 0)))
    reason_code, reason_text = _reason(reason)
    common = {"actor": actor, "referral": referral, "source": "api", "at": at}
    if action == "accept":
        services.referral_accept(**common)
    elif action == "decline":
        services.referral_decline(**common, reason_code=reason_code, reason_text=reason_text)
    elif action == "enrol":
        services.referral_enrol(**common)
    elif action == "start":
        services.referral_start(**common, started_on=on)
    elif action == "complete":
        services.referral_complete(**common)
    else:
        services.referral_drop_out(**common, reason_code=reason_code, reason_text=reason_text)


@router.post(
    "/{reference}/actions/{action}",
    response={200: ReferralOut, 404: Problem, 409: Problem, **READ_ERRORS},
    operation_id="actOnReferral",
    summary="Accept, decline, enrol, start, complete or drop out",
    description=(
        "The same rules and errors as the web: `invalid_transition` (409, with `current_status`), "
        "`reason_required` (422) to decline or drop out without a reason, `no_seat_left` (409)."
    ),
    **scoped("referrals:write"),
)
def act_on_referral(request, reference: str, action: PARTNER_ACTION, payload: ActionIn | None = None):
    payload = payload or ActionIn()
    if payload.date is not None and payload.date > timezone.localdate():
        raise ApiProblem(
            422,
            "validation_error",
            errors=[{"field": "date", "code": "future_date", "message": _("The date is in the future.")}],
        )
    referral = _one(request, reference)
    try:
        run_action(
            actor=request.api_client.user,
            referral=referral,
            action=action,
            reason=payload.reason,
            on=payload.date,
        )
    except services.InvalidTransition as error:
        raise ApiProblem(409, error.code, str(error), extra={"current_status": error.current}) from None
    except services.ReasonRequired as error:
        raise ApiProblem(
            422,
            error.code,
            str(error),
            errors=[{"field": "reason", "code": error.code, "message": str(error)}],
        ) from None
    except services.ReferralError as error:
        raise ApiProblem(409, error.code, str(error)) from None
    except PermissionDenied:
        raise ApiProblem(403, "forbidden") from None
    referral = _one(request, reference)
    audit_api_read(request, referral)
    return referral_json(referral)
