"""A record of every printable document the platform hands out, so its QR code can be checked later."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Without 0/O, 1/I/L, U: a code printed under the QR code can be typed by hand without ambiguity.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20  # 29**20 ≈ 2**97: not guessable, so only someone holding the paper reaches its page


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Kind(models.TextChoices):
    REFERRAL_LETTER = "referral_letter", _("Referral letter")
    SANCTION_NOTICE = "sanction_notice", _("Sanction notice")
    GRADUATION_CERTIFICATE = "graduation_certificate", _("Graduation certificate")
    PRODUCTIVE_FAMILY_CERTIFICATE = "productive_family", _("Productive-family certificate")
    YEAR_FIGURES = "year_figures", _("The year's figures")


class IssuedDocument(models.Model):
    """One printed document: what it is about, who issued it, and a fingerprint of the facts it states.

    The facts themselves are not copied here (they stay in their own records); the fingerprint is printed on
    the paper and shown by the public verification page, which ties the two together without personal data.
    """

    Kind = Kind

    kind = models.CharField(_("kind of document"), max_length=24, choices=Kind.choices)
    # Empty for the national year figures, which are about no one record (every region's offices).
    subject_type = models.ForeignKey(
        ContentType,
        verbose_name=_("about (type)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(_("about (record)"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=40)
    code = models.CharField(
        _("verification code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_verification_code,
        editable=False,
    )
    language = models.CharField(_("language"), max_length=8)
    office = models.ForeignKey(
        "geography.Office",
        verbose_name=_("issuing office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    region = models.ForeignKey(
        "geography.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,  # the national year figures: every region
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("about the member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    holder_initials = models.CharField(_("holder's initials"), max_length=12, blank=True)
    content_hash = models.CharField(_("fingerprint of the facts (SHA-256)"), max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"))
    is_revoked = models.BooleanField(_("revoked"), default=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["office", "issued_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="revoked_document_has_who_when_why",
                condition=Q(is_revoked=False, revoked_at__isnull=True)
                | (
                    Q(is_revoked=True, revoked_at__isnull=False, revoked_by__isnull=False)
                    & ~Q(revoke_reason="")
                ),
            ),
            models.CheckConstraint(
                name="document_hash_is_sha256", condition=Q(content_hash__regex=r"^[0-9a-f]{64}$")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def fingerprint(self) -> str:
        """The first 16 hex digits in groups of four: short enough to compare by eye on paper and on screen."""
        head = self.content_hash[:16].upper()
        return " ".join(head[i : i + 4] for i in range(0, 16, 4))
