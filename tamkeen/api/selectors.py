"""What an API client reads: exactly what its entity's staff see on the web (referrals.access), page by page."""

import base64
import binascii
from datetime import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery

from tamkeen.consent.models import Consent, Purpose
from tamkeen.referrals.access import referrals_visible_to
from tamkeen.referrals.models import Referral


class BadCursor(ValueError):
    pass


def referrals_of_client(client) -> QuerySet[Referral]:
    if client.user is None:
        return Referral.objects.none()
    latest_consent = Consent.objects.filter(
        member=OuterRef("member_id"), entity=OuterRef("opportunity__entity_id"), purpose=Purpose.REFERRAL
    ).order_by("-given_at", "-id")
    return referrals_visible_to(client.user).annotate(
        latest_consent_id=Subquery(latest_consent.values("id")[:1]),
        latest_consent_withdrawn_at=Subquery(latest_consent.values("withdrawn_at")[:1]),
    )


def consent_is_active(referral) -> bool:
    """Active when the latest consent of the member for the entity is not a withdrawal (consent.selectors)."""
    return (
        getattr(referral, "latest_consent_id", None) is not None
        and getattr(referral, "latest_consent_withdrawn_at", None) is None
    )


def encode_cursor(updated_at: datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{updated_at.isoformat()}|{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, _sep, pk = text.partition("|")
        parsed = datetime.fromisoformat(moment)
        if parsed.tzinfo is None:
            raise ValueError
        return parsed, int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise BadCursor(cursor) from error


def page_after[M](rows: QuerySet, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """Rows in (updated_at, id) order after the cursor; the next cursor when more remain."""
    rows = rows.order_by("updated_at", "id")
    if cursor:
        moment, pk = decode_cursor(cursor)
        rows = rows.filter(Q(updated_at__gt=moment) | Q(updated_at=moment, id__gt=pk))
    items = list(rows[: limit + 1])
    if len(items) > limit:
        last = items[limit - 1]
        return items[:limit], encode_cursor(last.updated_at, last.pk)
    return items, None
