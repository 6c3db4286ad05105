"""What the member is told about their data-subject requests, through the platform's outbox."""

from django.utils.translation import gettext_lazy as _

from tamkeen.notifications.events import EventTemplate, register

CORRECTION_ACCEPTED = "privacy.correction_accepted"
CORRECTION_REJECTED = "privacy.correction_rejected"
EXPORT_READY = "privacy.export_ready"

register(
    EventTemplate(
        name=CORRECTION_ACCEPTED,
        subject=_("Your correction request was accepted"),
        body=_("Your request to correct your %(field)s was accepted, and your record was corrected."),
        placeholders=("field",),
    )
)
register(
    EventTemplate(
        name=CORRECTION_REJECTED,
        subject=_("Your correction request was not accepted"),
        body=_("Your request to correct your %(field)s was not accepted: %(reason)s"),
        placeholders=("field", "reason"),
    )
)
register(
    EventTemplate(
        name=EXPORT_READY,
        subject=_("The copy of your data is ready"),
        body=_("The copy of your data you asked for is ready in the portal. It is kept for 30 days."),
        member_channels=("in_app", "sms"),
    )
)


def tell_correction_decided(request) -> None:
    """The answer to a data-subject request is a legally required notice: sent even to a member who opted out."""
    from tamkeen.notifications.services import notify

    accepted = request.status == request.Status.ACCEPTED
    notify(
        event=CORRECTION_ACCEPTED if accepted else CORRECTION_REJECTED,
        member=request.member,
        context={"field": request.field_label, "reason": request.decision_reason,
                 "dedupe_key": f"correction-{request.pk}"},
        required=True,
    )  # fmt: skip


def tell_export_ready(export) -> None:
    """Only a copy asked for in the portal: at the office, the member is handed theirs."""
    from tamkeen.notifications.services import notify

    if export.channel == "portal":
        notify(event=EXPORT_READY, member=export.member, context={"dedupe_key": f"export-{export.pk}"},
               required=True)  # fmt: skip
