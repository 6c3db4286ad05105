from django.utils import timezone

from tamkeen.consent.models import Category, Consent, Purpose

ALL_BUT_DISABILITY = [c for c in Category.values if c != Category.DISABILITY]


def give_consent(member, entity, categories=None, purpose=Purpose.REFERRAL, **fields) -> Consent:
    """A consent as it would be on file (tests that are not about recording consent)."""
    return Consent.objects.create(
        member=member,
        entity=entity,
        purpose=purpose,
        categories=list(categories or ALL_BUT_DISABILITY),
        given_via=Consent.GivenVia.PAPER,
        given_at=timezone.now(),
        **fields,
    )
