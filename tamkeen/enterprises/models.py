from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import LocalisedNameMixin, TimeStampedModel

CERTIFICATE_VALIDITY_YEARS = 3


class ApprovedActivity(LocalisedNameMixin, models.Model):
    """An approved productive-family activity: configuration, seeded from data/approved_activities.json."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_ar = models.CharField(_("Arabic name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("approved activity")
        verbose_name_plural = _("approved activities")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Enterprise(TimeStampedModel):
    """A household's home business (أسرة منتجة)."""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    owner = models.ForeignKey(
        "registry.Member", verbose_name=_("run by"), on_delete=models.PROTECT, related_name="enterprises"
    )
    activity = models.ForeignKey(
        ApprovedActivity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="enterprises"
    )
    name = models.CharField(_("trade name"), max_length=120)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    freelance_document = models.CharField(_("freelance document number"), max_length=30, blank=True)
    freelance_document_date = models.DateField(_("freelance document date"), null=True, blank=True)
    commercial_registration = models.CharField(_("commercial registration number"), max_length=30, blank=True)
    commercial_registration_date = models.DateField(_("commercial registration date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("productive family enterprise")
        verbose_name_plural = _("productive family enterprises")
        ordering = ["household", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "name"], name="enterprise_name_unique_per_household"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Product(TimeStampedModel):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("product"), max_length=120)
    photo = models.ImageField(_("photo"), upload_to="enterprises/products/%Y/", blank=True)
    price = models.DecimalField(_("price (SAR)"), max_digits=9, decimal_places=2)
    is_available = models.BooleanField(_("available"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["enterprise", "name"]
        constraints = [models.CheckConstraint(name="product_price_not_negative", condition=Q(price__gte=0))]

    def __str__(self) -> str:
        return self.name


class Certificate(TimeStampedModel):
    """The productive-family certificate (شهادة أسرة منتجة): valid three years, renewed before it lapses."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until"))
    reminder_sent_on = models.DateField(_("renewal reminder sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("productive-family certificate")
        verbose_name_plural = _("productive-family certificates")
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                name="certificate_expires_after_issue", condition=Q(expires_on__gt=F("issued_on"))
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Financing(TimeStampedModel):
    class Repayment(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        LATE = "late", _("Late")
        REPAID = "repaid", _("Repaid")
        DEFAULTED = "defaulted", _("Defaulted")
        GRANT = "grant", _("Grant (no repayment)")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="financings"
    )
    body = models.ForeignKey(
        "partners.Entity",
        verbose_name=_("financing body"),
        on_delete=models.PROTECT,
        related_name="financings",
    )
    amount = models.DecimalField(_("amount (SAR)"), max_digits=10, decimal_places=2)
    decided_on = models.DateField(_("decision date"))
    repayment_status = models.CharField(
        _("repayment"), max_length=12, choices=Repayment.choices, default=Repayment.NOT_STARTED
    )

    class Meta:
        verbose_name = _("financing")
        verbose_name_plural = _("financing")
        ordering = ["-decided_on"]
        constraints = [models.CheckConstraint(name="financing_amount_positive", condition=Q(amount__gt=0))]


class Sale(TimeStampedModel):
    class Channel(models.TextChoices):
        EXHIBITION = "exhibition", _("Exhibition")
        ONLINE = "online", _("Online")
        SHOP = "shop", _("Shop")
        ORDER = "order", _("Order")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="sales"
    )
    sold_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    amount = models.DecimalField(_("amount (SAR)"), max_digits=10, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        ordering = ["-sold_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "sold_on"])]
        constraints = [models.CheckConstraint(name="sale_amount_positive", condition=Q(amount__gt=0))]
