"""What the webhooks app tells partner staff through the platform's outbox (texts in this app's catalogue)."""

from django.utils.translation import gettext_lazy as _

from tamkeen.notifications.events import EventTemplate, register

ENDPOINT_DISABLED = "webhooks.endpoint_disabled"

register(
    EventTemplate(
        name=ENDPOINT_DISABLED,
        subject=_("Webhook address disabled"),
        body=_(
            "Deliveries to your webhook address %(url)s have failed for %(days)s days, so it has been "
            "disabled. Fix the receiver, then create the endpoint again on the webhooks page or through the API."
        ),
        names_office=False,
    )
)
