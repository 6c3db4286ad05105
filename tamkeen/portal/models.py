"""One-time codes and the requests for them. Codes are kept only as salted hashes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OneTimeCode(models.Model):
    class Purpose(models.TextChoices):
        SIGN_IN = "sign_in", _("sign-in")
        INVITATION = "invitation", _("office invitation")
        MOBILE = "mobile", _("new mobile number")

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="one_time_codes"
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    # A keyed digest of the national ID typed on the sign-in page: the pending sign-in is found by it alone.
    id_digest = models.CharField(_("national ID digest"), max_length=64, db_index=True)
    # For invitations and mobile changes: the number the code went to, verified when the code is typed.
    mobile = models.CharField(_("mobile"), max_length=16, blank=True)
    code_hash = models.CharField(_("code hash"), max_length=64)
    salt = models.CharField(_("salt"), max_length=32)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    wrong_tries = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["id_digest", "expires_at"], name="otp_pending")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.member_id}"


class CodeRequest(models.Model):
    """Every request for a code, known ID or not, so the limits per ID and per address hold for both alike."""

    id_digest = models.CharField(_("national ID digest"), max_length=64)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("code request")
        verbose_name_plural = _("code requests")
        indexes = [
            models.Index(fields=["id_digest", "at"], name="code_request_by_id"),
            models.Index(fields=["address", "at"], name="code_request_by_address"),
        ]

    def __str__(self) -> str:
        return f"{self.address} {self.at:%Y-%m-%d %H:%M}"
