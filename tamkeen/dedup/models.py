from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    MERGED = "merged", _("Same person (merged)")
    DISTINCT = "distinct", _("Different people")


class DuplicateCandidate(models.Model):
    """A pair of registry members the model thinks may be one person, waiting for a supervisor's decision.

    The pair is stored by member ids (``low_id`` < ``high_id``) as well as foreign keys: after a merge the
    merged member no longer exists, and a "different people" decision must keep the pair from ever being
    proposed again, whatever happens to the rows.
    """

    Status = CandidateStatus

    low_id = models.BigIntegerField(_("first member id"))
    high_id = models.BigIntegerField(_("second member id"))
    member_a = models.ForeignKey(
        "registry.Member",
        verbose_name=_("first member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member_b = models.ForeignKey(
        "registry.Member",
        verbose_name=_("second member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Offices of the two members when found: who may review the pair (either office's supervisors).
    office_a = models.ForeignKey("geography.Office", on_delete=models.PROTECT, related_name="+")
    office_b = models.ForeignKey("geography.Office", on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField(_("match probability"))
    evidence = models.JSONField(_("evidence per field"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("duplicate candidate")
        verbose_name_plural = _("duplicate candidates")
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["low_id", "high_id"], name="dedup_one_candidate_per_pair"),
            models.CheckConstraint(condition=Q(low_id__lt=F("high_id")), name="dedup_pair_ordered"),
            models.CheckConstraint(
                condition=Q(probability__gte=0) & Q(probability__lte=1), name="dedup_probability_in_range"
            ),
            models.CheckConstraint(
                condition=Q(status=CandidateStatus.PENDING) | Q(decided_at__isnull=False),
                name="dedup_decision_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "office_a"]), models.Index(fields=["status", "office_b"])]

    def __str__(self) -> str:
        return f"{self.low_id} ~ {self.high_id}"


class MergeRecord(models.Model):
    """One merge: which member survived, the merged member's full row, and every reference that moved.

    ``merged_data`` holds the merged member's field values and ``moved`` maps "app_label.model.field" to
    the primary keys re-pointed from the merged member to the survivor: exactly what undoing needs.
    """

    candidate = models.ForeignKey(DuplicateCandidate, on_delete=models.PROTECT, related_name="merges")
    survivor = models.ForeignKey(
        "registry.Member",
        verbose_name=_("surviving member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    survivor_pk = models.BigIntegerField(_("surviving member id"))
    merged_pk = models.BigIntegerField(_("merged member id"))
    merged_data = models.JSONField(_("merged member"))
    moved = models.JSONField(_("moved references"), default=dict)
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(survivor_pk=F("merged_pk")), name="dedup_merge_two_members"),
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True) | Q(undone_by__isnull=False), name="dedup_undo_has_actor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merged_pk} → {self.survivor_pk}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
