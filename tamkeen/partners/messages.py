"""What the partners app tells people through the platform's outbox (texts in this app's catalogue)."""

from django.utils.translation import gettext_lazy as _

from tamkeen.notifications.events import EventTemplate, register

STAFF_INVITATION = "partners.staff_invitation"
ENTITY_SUSPENDED = "partners.entity_suspended"

register(
    EventTemplate(
        name=STAFF_INVITATION,
        subject=_("Your invitation to Tamkeen"),
        body=_(
            "%(inviter)s invites you to work in Tamkeen for %(entity)s. Open this link to choose your "
            "password: %(link)s\nYour user name is %(username)s. The link works once, until %(expires)s."
        ),
        # The link is a secret: the outbox forgets the text once it has left.
        is_urgent=True,
        names_office=False,
    )
)
register(
    EventTemplate(
        name=ENTITY_SUSPENDED,
        subject=_("An entity was suspended: your referrals to it"),
        body=_(
            "%(entity)s was suspended (%(reason)s). Referrals it had not answered went back to your office: "
            "%(withdrawn)s. Referrals under way stay open, check each with the member: %(flagged)s."
        ),
        names_office=False,
    )
)
