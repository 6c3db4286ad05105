from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Target(models.Model):
    """The number of families and members an office is expected to empower in a year (set by the manager)."""

    class Calendar(models.TextChoices):
        HIJRI = "hijri", _("Hijri")
        GREGORIAN = "gregorian", _("Gregorian")

    office = models.ForeignKey(
        "geography.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    calendar = models.CharField(
        _("calendar"), max_length=10, choices=Calendar.choices, default=Calendar.HIJRI
    )
    empowered_families = models.PositiveIntegerField(_("families to empower"), default=0)
    empowered_members = models.PositiveIntegerField(_("members to empower"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "office"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "calendar"], name="target_once_per_office_year"
            ),
            models.CheckConstraint(
                name="target_year_in_range",
                condition=Q(calendar="hijri", year__gte=1343, year__lte=1500)
                | Q(calendar="gregorian", year__gte=1900, year__lte=2100),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.year}"


class KpiSnapshot(models.Model):
    """The figures of one year for one breakdown, as `tamkeen kpi` prints them, kept until the year changes.

    Fresh while ``version`` equals the year's tamkeen.outcomes.models.KpiYearVersion; otherwise recomputed from the
    outcomes on the next read (tamkeen.reports.rollups).
    """

    calendar = models.CharField(_("calendar"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    # The breakdown and a fingerprint of the counting rules it was computed under: a rule change is a new key.
    by = models.CharField(_("breakdown"), max_length=48, blank=True)
    version = models.PositiveIntegerField(_("version"))
    result = models.JSONField(_("figures"))
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("figures snapshot")
        verbose_name_plural = _("figures snapshots")
        constraints = [models.UniqueConstraint(fields=["calendar", "year", "by"], name="kpi_snapshot_once")]

    def __str__(self) -> str:
        return f"{self.calendar} {self.year} {self.by or 'total'} v{self.version}"
