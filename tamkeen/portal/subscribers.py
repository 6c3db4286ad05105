"""What the portal does when a lower app tells it something happened (tamkeen.core.events)."""

from tamkeen.portal.models import OneTimeCode


def scrub_codes_of_anonymised_member(*, member) -> None:
    """The retention schedule anonymised the member: the one-time codes sent to them keep no mobile."""
    OneTimeCode.objects.filter(member=member).update(mobile="")


SUBSCRIBERS = {"member.anonymised": scrub_codes_of_anonymised_member}
