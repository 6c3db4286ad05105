"""What the grievances app tells people, in one place: each event goes to the platform's outbox.

The outbox app holds the texts of the events it was told about (grievance received, answered, overdue); the
events only this app raises are registered here, with their texts in this app's catalogue.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tamkeen.notifications.events import EventTemplate, register
from tamkeen.notifications.services import notify

RECEIVED = "grievance.received"
ANSWERED = "grievance.answered"
# To the new holder when a grievance goes up a level.
ESCALATED = "grievance.overdue"
# To the person, the first time their grievance passes its time.
DELAYED = "grievance.delayed"
APPEAL_RECEIVED = "appeal.received"
APPEAL_DECIDED = "appeal.decided"

register(
    EventTemplate(
        name=DELAYED,
        subject=_("Your complaint is taking longer"),
        body=_(
            "Your complaint %(number)s was not answered by %(due)s. It has been raised to the office's "
            "supervisor, who will answer you."
        ),
    )
)
register(
    EventTemplate(
        name=APPEAL_RECEIVED,
        subject=_("We received your appeal"),
        body=_("We received your appeal %(number)s against the decision (%(decision)s)."),
    )
)
register(
    EventTemplate(
        name=APPEAL_DECIDED,
        subject=_("A decision on your appeal"),
        body=_("Your appeal %(number)s was decided: %(outcome)s. %(reasons)s"),
    )
)


def grievance_context(grievance) -> dict:
    return {
        "number": grievance.reference,
        "due": timezone.localdate(grievance.due_at),
        "answer": grievance.answer,
        "office": grievance.office.name,
    }


def appeal_context(appeal) -> dict:
    return {
        "number": appeal.reference,
        "decision": appeal.get_kind_display(),
        "outcome": appeal.get_status_display(),
        "reasons": appeal.decision_reason,
        "office": appeal.office.name,
    }


def tell(*, event: str, context: dict, member=None, user=None, channels=None, required: bool = False) -> None:
    """Nobody to tell (an anonymous grievance taken at the counter) means no message."""
    if member is None and user is None:
        return
    notify(event=event, member=member, user=user, context=context, channels=channels, required=required)
