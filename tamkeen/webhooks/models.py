"""Webhook endpoints of enabling entities, the outbox of events for them, and each delivery with its attempts."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    REFERRAL_SENT = "referral.sent", _("A referral was sent to the entity")
    REFERRAL_WITHDRAWN = "referral.withdrawn", _("The office withdrew a referral")
    REFERRAL_EXPIRED = "referral.expired", _("A referral expired without an answer")
    CONSENT_WITHDRAWN = "consent.withdrawn", _("A person withdrew consent to share data with the entity")
    OPPORTUNITY_FULL = "opportunity.full", _("An opportunity has no seat left")


def new_endpoint_id() -> str:
    return "ep_" + secrets.token_hex(8)


def new_delivery_id() -> str:
    return "dl_" + secrets.token_hex(8)


def new_event_id() -> str:
    return "msg_" + secrets.token_hex(12)


class Endpoint(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_endpoint_id, editable=False)
    entity = models.ForeignKey(
        "partners.Entity", verbose_name=_("enabling entity"), on_delete=models.PROTECT, related_name="+"
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Kept readable: every delivery is signed with it (Standard Webhooks); shown to the partner only once.
    secret = models.CharField(max_length=80)
    is_active = models.BooleanField(_("active"), default=True)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=200, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["entity", "is_active"])]

    def __str__(self) -> str:
        return self.url


class OutboxEvent(models.Model):
    """An event for one entity, written in the transaction of the change that caused it."""

    public_id = models.CharField(max_length=40, unique=True, default=new_event_id, editable=False)
    entity = models.ForeignKey("partners.Entity", on_delete=models.PROTECT, related_name="+")
    type = models.CharField(_("event"), max_length=40, choices=Event.choices)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.type} {self.public_id}"


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be delivered")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed (retries exhausted)")
        REFUSED = "refused", _("Refused (address not allowed)")

    public_id = models.CharField(max_length=24, unique=True, default=new_delivery_id, editable=False)
    event = models.ForeignKey(OutboxEvent, on_delete=models.PROTECT, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.PROTECT, related_name="deliveries")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts_made = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="one_delivery_per_endpoint")
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.public_id


class Attempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField(_("when"))
    status_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    response_excerpt = models.CharField(max_length=500, blank=True)
    is_replay = models.BooleanField(_("replay"), default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"

    @property
    def is_success(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
