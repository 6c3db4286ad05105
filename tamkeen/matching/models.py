from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import TimeStampedModel


class MatchRun(TimeStampedModel):
    """One run of the matcher: who started it, for which office and track, how far it got, what it proposed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    office = models.ForeignKey(
        "geography.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="match_runs",
        help_text=_("Empty: every office."),
    )
    track = models.CharField(_("track"), max_length=20, blank=True, help_text=_("Empty: every track."))
    is_dry_run = models.BooleanField(_("dry run (nothing proposed)"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=80, blank=True)
    members = models.PositiveIntegerField(_("eligible members"), default=0)
    opportunities = models.PositiveIntegerField(_("open opportunities"), default=0)
    seats = models.PositiveIntegerField(_("open seats"), default=0)
    assigned = models.PositiveIntegerField(_("proposals"), default=0)
    total_score = models.FloatField(_("total score"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="match_run_progress_percent", condition=Q(progress__lte=100)),
            models.CheckConstraint(
                name="match_run_assigned_within_members", condition=Q(assigned__lte=models.F("members"))
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class RejectedPair(TimeStampedModel):
    """A member and an opportunity the case worker said should not be proposed again."""

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="rejected_matches"
    )
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        related_name="rejected_matches",
    )
    reason = models.CharField(_("reason"), max_length=300)
    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rejected by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rejected match")
        verbose_name_plural = _("rejected matches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "opportunity"], name="one_rejection_per_member_and_opportunity"
            ),
            models.CheckConstraint(name="rejection_has_a_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} × {self.opportunity_id}"
