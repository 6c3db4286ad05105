from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import TimeStampedModel
from tamkeen.opportunities.models import Track


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


class EmpowermentPlan(TimeStampedModel):
    """A member's plan. Each change to an approved plan is a new version; older versions are kept as they were."""

    Status = PlanStatus

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="plans"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    track = models.CharField(_("track"), max_length=16, choices=Track.choices)
    goals = models.TextField(_("goals"), blank=True)
    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("based on assessment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    return_reason = models.CharField(_("reason for returning"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("empowerment plan")
        verbose_name_plural = _("empowerment plans")
        ordering = ["member", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["member", "version"], name="plan_version_unique_per_member"),
            models.UniqueConstraint(
                fields=["member"], condition=Q(is_current=True), name="one_current_plan_per_member"
            ),
            models.CheckConstraint(
                name="returned_plan_has_a_reason",
                condition=~Q(status=PlanStatus.RETURNED) | ~Q(return_reason=""),
            ),
            models.CheckConstraint(
                name="approved_plan_has_an_approver",
                condition=~Q(status=PlanStatus.APPROVED)
                | Q(decided_by__isnull=False, decided_at__isnull=False),
            ),
            models.CheckConstraint(name="plan_version_positive", condition=Q(version__gte=1)),
        ]
        indexes = [
            models.Index(fields=["status", "is_current"]),
            # The approvals queue walks the submitted plans oldest first and stops at a page (cases.selectors).
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status=PlanStatus.SUBMITTED),
                name="plan_submitted_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.is_current and self.status in (self.Status.DRAFT, self.Status.RETURNED)


class PlanAction(models.Model):
    class Owner(models.TextChoices):
        MEMBER = "member", _("The member")
        CASE_WORKER = "case_worker", _("The case worker")
        ENTITY = "entity", _("An enabling entity")

    plan = models.ForeignKey(
        EmpowermentPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("who does it"), max_length=12, choices=Owner.choices, default=Owner.MEMBER)
    due_date = models.DateField(_("due date"))
    is_done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    # Set by the daily overdue job, so the caseload can list overdue work without date arithmetic per row.
    is_overdue = models.BooleanField(_("overdue"), default=False)
    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("referral"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
    )

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["plan", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                name="done_action_has_a_date", condition=Q(is_done=False) | Q(done_at__isnull=False)
            ),
            models.CheckConstraint(
                name="done_action_is_not_overdue", condition=Q(is_done=False) | Q(is_overdue=False)
            ),
        ]
        indexes = [models.Index(fields=["is_done", "due_date"])]

    def __str__(self) -> str:
        return self.description


class CaseNote(models.Model):
    """A note on a member. A confidential note is read only by its author and the supervisors of the author's office."""

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    author_office = models.ForeignKey(
        "geography.Office", verbose_name=_("author's office"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("note"))
    is_confidential = models.BooleanField(_("confidential"), default=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.created_at:%Y-%m-%d}"


class TransitionStatus(models.TextChoices):
    OPEN = "open", _("In transition period")
    GRADUATED = "graduated", _("Graduated")
    CANCELLED = "cancelled", _("Cancelled (back to active)")


class HouseholdTransition(TimeStampedModel):
    Status = TransitionStatus

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="transitions",
    )
    outcome_date = models.DateField(_("outcome date"))
    ends_on = models.DateField(_("transition ends"))
    months = models.PositiveSmallIntegerField(_("months"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("transition period")
        verbose_name_plural = _("transition periods")
        ordering = ["-outcome_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status=TransitionStatus.OPEN),
                name="one_open_transition_per_household",
            ),
            models.CheckConstraint(
                name="transition_ends_after_outcome", condition=Q(ends_on__gt=models.F("outcome_date"))
            ),
        ]


class CaseExit(TimeStampedModel):
    """A household leaving social security: graduated (empowered) or sanctioned — never counted together."""

    class Kind(models.TextChoices):
        GRADUATED = "graduated", _("Graduated")
        SANCTION = "sanction", _("Sanction exit")

    class Ground(models.TextChoices):
        REFUSED_OFFERS = "refused_offers", _("Refused suitable offers")
        NOT_FOLLOWING_PLAN = "not_following_plan", _("Did not follow the empowerment plan")

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="exits"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices, blank=True)
    legal_reference = models.CharField(_("legal ground (article, decision)"), max_length=200, blank=True)
    transition = models.OneToOneField(
        HouseholdTransition,
        verbose_name=_("transition period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exit",
    )
    reason = models.TextField(_("details"), blank=True)
    exited_on = models.DateField(_("exit date"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+"
    )
    reentered_at = models.DateTimeField(_("re-entered"), null=True, blank=True)
    reentered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("re-entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reentry_reason = models.CharField(_("reason for re-entry"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("case exit")
        verbose_name_plural = _("case exits")
        ordering = ["-exited_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="sanction_exit_has_legal_ground",
                condition=~Q(kind="sanction") | (~Q(ground="") & ~Q(legal_reference="")),
            ),
            models.CheckConstraint(
                name="graduation_has_no_sanction_ground",
                condition=~Q(kind="graduated")
                | (Q(ground="") & Q(legal_reference="") & Q(transition__isnull=False)),
            ),
            models.CheckConstraint(
                name="reentry_has_a_reason", condition=Q(reentered_at__isnull=True) | ~Q(reentry_reason="")
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(reentered_at__isnull=True),
                name="one_standing_exit_per_household",
            ),
        ]
