"""The events of other apps that become webhook deliveries to the entity concerned (tamkeen.core.events)."""

from . import events


def _referral_changed(event_type: str):
    def handler(*, referral) -> None:
        events.referral_changed(event_type, referral)

    return handler


def _consent_withdrawn(*, member, entity) -> None:
    events.consent_withdrawn(member, entity)


def _seat_taken(*, opportunity_id: int) -> None:
    events.opportunity_full_if_so(opportunity_id)


SUBSCRIBERS = {
    "referral.sent": _referral_changed("referral.sent"),
    "referral.withdrawn": _referral_changed("referral.withdrawn"),
    "referral.expired": _referral_changed("referral.expired"),
    "opportunity.seat_taken": _seat_taken,
    "consent.withdrawn": _consent_withdrawn,
}
