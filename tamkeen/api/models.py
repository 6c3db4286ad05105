"""API clients of partner systems, their short-lived tokens and the answers kept for idempotency keys."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import TimeStampedModel


class Scope(models.TextChoices):
    REFERRALS_READ = "referrals:read", _("Read the referrals sent to the entity")
    REFERRALS_WRITE = "referrals:write", _("Answer referrals and move them through their lifecycle")
    OPPORTUNITIES_READ = "opportunities:read", _("Read the entity's opportunities")
    OPPORTUNITIES_WRITE = "opportunities:write", _("Publish and edit the entity's opportunities")
    OUTCOMES_WRITE = "outcomes:write", _("Report outcomes")
    WEBHOOKS_MANAGE = "webhooks:manage", _("Manage webhook endpoints")
    EMPLOYMENT_WRITE = "employment:write", _("Send social-insurance registrations (verifying body)")


# The OpenAPI document is built once for every reader, so its scope descriptions stay in English.
SCOPE_DESCRIPTIONS = {
    "referrals:read": "Read the referrals sent to the entity",
    "referrals:write": "Answer referrals and move them through their lifecycle",
    "opportunities:read": "Read the entity's opportunities",
    "opportunities:write": "Publish and edit the entity's opportunities",
    "outcomes:write": "Report outcomes",
    "webhooks:manage": "Manage webhook endpoints",
    "employment:write": "Send social-insurance registrations (the verifying body's client only)",
}
ENTITY_SCOPES = [s.value for s in Scope if s != Scope.EMPLOYMENT_WRITE]
VERIFIER_SCOPES = [Scope.EMPLOYMENT_WRITE.value]


def digest(secret: str) -> str:
    """Client secrets and tokens are long random strings, so one SHA-256 is enough to keep them unreadable."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_client_id() -> str:
    return "cl_" + secrets.token_hex(10)


class ApiClient(TimeStampedModel):
    """A partner system. It acts through its own service account, which is partner staff of its entity,
    so the API sees and may do exactly what that entity's staff see and may do on the web."""

    client_id = models.CharField(_("client id"), max_length=40, unique=True, default=new_client_id)
    name = models.CharField(_("name"), max_length=120)
    entity = models.ForeignKey(
        "partners.Entity",
        verbose_name=_("enabling entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    verifier_name = models.CharField(_("verifying body"), max_length=120, blank=True)
    scopes = models.JSONField(_("scopes"), default=list)
    secret_hash = models.CharField(max_length=64)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("service account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_client",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rotated_at = models.DateTimeField(_("secret rotated at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    requests_per_minute = models.PositiveIntegerField(_("requests per minute"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A client works for one entity, or is the verifying body's (no entity, employment only).
            models.CheckConstraint(
                name="api_client_entity_or_verifier",
                condition=(Q(entity__isnull=False) & Q(verifier_name=""))
                | (Q(entity__isnull=True) & ~Q(verifier_name="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.entity_id is None or self.entity.is_active)

    @property
    def is_verifier(self) -> bool:
        return self.entity_id is None


class AccessToken(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.client_id} until {self.expires_at:%Y-%m-%d %H:%M}"


class IdempotencyRecord(models.Model):
    """The first answer to a POST with an Idempotency-Key, replayed when the same request comes again."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="one_record_per_idempotency_key")
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.key}"
