"""Reads about consent and about what was shared with whom."""

from django.db.models import QuerySet

from tamkeen.consent.models import Consent, Purpose


def latest_consent(
    member, entity, purpose: str = Purpose.REFERRAL, *, for_update: bool = False
) -> Consent | None:
    qs = Consent.objects.filter(member=member, entity=entity, purpose=purpose)
    if for_update:
        qs = qs.select_for_update()
    return qs.order_by("-given_at", "-id").first()


def active_consent(member, entity, purpose: str = Purpose.REFERRAL) -> Consent | None:
    """The latest record for member × entity × purpose, unless it is a withdrawal."""
    consent = latest_consent(member, entity, purpose)
    return None if consent is None or consent.is_withdrawal else consent


def covers(consent: Consent | None, categories) -> bool:
    return consent is not None and not consent.is_withdrawal and set(categories) <= set(consent.categories)


def consents_of(member) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(member=member)
        .select_related("entity", "recorded_by")
        .order_by("-given_at", "-id")
    )


def current_consents_of(member) -> list[Consent]:
    """One row per entity × purpose: the latest record (active or withdrawn)."""
    seen: set[tuple[int, str]] = set()
    current = []
    for consent in consents_of(member):
        key = (consent.entity_id, consent.purpose)
        if key not in seen:
            seen.add(key)
            current.append(consent)
    return current
