"""What referrals do when a lower app tells them something happened (tamkeen.core.events)."""

from tamkeen.referrals.models import OPEN_STATUSES, OfficeNotice, Referral


def tell_offices_of_open_referrals(*, member, entity) -> None:
    """A consent was withdrawn: the office decides what to do with referrals already under way."""
    notices = [
        OfficeNotice(
            office_id=referral.office_id, referral=referral, kind=OfficeNotice.Kind.CONSENT_WITHDRAWN
        )
        for referral in Referral.objects.filter(
            member=member, opportunity__entity=entity, status__in=OPEN_STATUSES
        ).only("pk", "office_id")
    ]
    OfficeNotice.objects.bulk_create(notices)


SUBSCRIBERS = {"consent.withdrawn": tell_offices_of_open_referrals}
