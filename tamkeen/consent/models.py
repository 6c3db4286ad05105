from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    REFERRAL = "referral", _("Referral to an opportunity")
    EMPLOYMENT_VERIFICATION = "employment_verification", _("Employment verification")
    FORUM = "forum", _("Forum registration")
    FOLLOW_UP = "follow_up", _("Follow-up after an outcome")
    # Recording a member's accommodation needs (sensitive) and matching them with accessible opportunities.
    ACCOMMODATION = "accommodation", _("Accommodation needs for fair matching")


class Category(models.TextChoices):
    IDENTITY = "identity", _("Identity")
    CONTACT = "contact", _("Contact")
    HOUSEHOLD = "household", _("Household")
    SOCIO_ECONOMIC = "socio_economic", _("Socio-economic")
    LABOUR = "labour", _("Labour")
    DISABILITY = "disability", _("Disability (sensitive)")


SENSITIVE_CATEGORIES = frozenset({Category.DISABILITY})


class Consent(models.Model):
    """A member's permission to share named categories of data with a named entity for a named purpose.

    Never edited: a withdrawal or a change is a new record that supersedes the previous one. The active
    consent for member × entity × purpose is the latest record, provided it is not a withdrawal.
    """

    Purpose = Purpose
    Category = Category

    class GivenVia(models.TextChoices):
        PAPER = "paper", _("Paper form recorded by the office")
        MEMBER = "member", _("By the member online")

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="consents"
    )
    entity = models.ForeignKey(
        "partners.Entity", verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    categories = models.JSONField(_("categories of data"), default=list)
    given_via = models.CharField(_("given via"), max_length=8, choices=GivenVia.choices)
    scanned_form = models.FileField(_("scanned form"), upload_to="consent/%Y/%m/", blank=True)
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["member", "entity", "purpose"])]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.entity_id} ({self.purpose})"

    @property
    def is_withdrawal(self) -> bool:
        return self.withdrawn_at is not None
