"""The one outbox: every message to a person (SMS, e-mail, in-app), written in the transaction of the change
that causes it and sent afterwards by the task worker."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    IN_APP = "in_app", _("In the portal")


class Message(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    # The office whose staff may read this line of the log (the member's office, or the staff user's).
    office = models.ForeignKey(
        "geography.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_address = models.CharField(_("to"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=8, default="ar")
    event = models.CharField(_("event"), max_length=60, db_index=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    is_required = models.BooleanField(_("required notice"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # Quiet hours and retries: the worker does not send before this moment.
    send_after = models.DateTimeField(_("not before"), null=True, blank=True)
    # Sent once, whatever the retries: the gateway sees this key and the outbox refuses a second row with it.
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    provider_reference = models.CharField(_("gateway reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "send_after"], name="message_due"),
            models.Index(fields=["member", "channel", "-created_at"], name="message_member_channel"),
        ]
        constraints = [
            models.CheckConstraint(
                name="message_has_a_recipient", condition=Q(member__isnull=False) | Q(user__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.to_address or self.user_id or self.member_id}"


class Preference(models.Model):
    """A person's choices about messages: language, and opting out of all but codes and required notices."""

    member = models.OneToOneField(
        "registry.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="message_preference",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="message_preference",
    )
    language = models.CharField(_("language"), max_length=8, default="ar", choices=settings.LANGUAGES)
    is_opted_out = models.BooleanField(_("no messages except codes and required notices"), default=False)
    # A mobile the person proved by typing a code sent to it; it wins over the registry's.
    mobile = models.CharField(_("verified mobile"), max_length=16, blank=True)
    mobile_verified_at = models.DateTimeField(_("mobile verified at"), null=True, blank=True)
    # An office found the roll's mobile wrong (someone else answers it): no code or message goes there.
    is_registry_mobile_wrong = models.BooleanField(_("registry mobile marked wrong"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("message preference")
        verbose_name_plural = _("message preferences")
        constraints = [
            models.CheckConstraint(
                name="preference_for_one_person",
                condition=(Q(member__isnull=False) & Q(user__isnull=True))
                | (Q(member__isnull=True) & Q(user__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return str(self.member or self.user)
