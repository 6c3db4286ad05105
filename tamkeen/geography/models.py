from django.db import models
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import LocalisedNameMixin


class Region(LocalisedNameMixin, models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    name_ar = models.CharField(_("Arabic name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Governorate(LocalisedNameMixin, models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="governorates"
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    name_ar = models.CharField(_("Arabic name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80)
    is_seat = models.BooleanField(_("region seat"), default=False)
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    aliases = models.JSONField(_("spelling variants"), default=list, blank=True)

    class Meta:
        verbose_name = _("governorate")
        verbose_name_plural = _("governorates")
        ordering = ["region", "-is_seat", "code"]

    def __str__(self) -> str:
        return self.name


class Office(LocalisedNameMixin, models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", _("Main office")
        OFFICE = "office", _("Office")
        UNIT = "unit", _("Unit")

    class CaseWorkerRule(models.TextChoices):
        """Who takes a household registered by hand, so that nobody registered waits without a case worker."""

        REGISTRAR = "registrar", _("The case worker who registers it")
        LEAST_LOADED = "least_loaded", _("The office's case worker with the smallest caseload")
        SUPERVISOR = "supervisor", _("Left for the supervisor to assign")

    code = models.CharField(_("code"), max_length=8, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.OFFICE)
    name_ar = models.CharField(_("Arabic name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="offices"
    )
    governorates = models.ManyToManyField(
        Governorate, verbose_name=_("governorates served"), related_name="offices"
    )
    case_worker_rule = models.CharField(
        _("case worker of a new household"),
        max_length=16,
        choices=CaseWorkerRule.choices,
        default=CaseWorkerRule.REGISTRAR,
    )

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
