from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import LocalisedNameMixin, TimeStampedModel


class Entity(LocalisedNameMixin, TimeStampedModel):
    """An enabling entity (جهة ممكنة): a partner organisation that offers opportunities."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government body")
        NON_PROFIT = "non_profit", _("Non-profit")
        PRIVATE_EMPLOYER = "private_employer", _("Private employer")
        TRAINING_PROVIDER = "training_provider", _("Training provider")
        FINANCING_BODY = "financing_body", _("Financing body")

    code = models.CharField(_("code"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_ar = models.CharField(_("Arabic name"), max_length=160)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    region = models.ForeignKey(
        "geography.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    governorates = models.ManyToManyField(
        "geography.Governorate", verbose_name=_("governorates served"), blank=True, related_name="entities"
    )
    sectors = models.CharField(_("sectors"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact mobile"), max_length=16, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    agreement_start = models.DateField(_("agreement start"), null=True, blank=True)
    agreement_end = models.DateField(_("agreement end"), null=True, blank=True)
    response_days = models.PositiveSmallIntegerField(_("days to answer a referral"), default=14)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("enabling entity")
        verbose_name_plural = _("enabling entities")
        ordering = ["code"]


class Agreement(TimeStampedModel):
    """A signed agreement (MoU) with an entity, valid between two dates; an entity may have several in turn."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("enabling entity"), on_delete=models.PROTECT, related_name="agreements"
    )
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(_("valid until"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="agreement_ends_after_it_starts", condition=Q(ends_on__gte=F("starts_on"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.entity_id}: {self.starts_on} – {self.ends_on}"


class StaffInvitation(models.Model):
    """An invitation for a member of an entity's staff to open their account. Only the token's hash is kept;
    the token itself travels once, in the e-mail, and is good for one use before ``expires_at``."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("enabling entity"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entity_id}: {self.email}"
