from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import TimeStampedModel
from tamkeen.opportunities.models import Track


class OutcomeKind(models.TextChoices):
    TRAINING_COMPLETED = "training_completed", _("Training completed")
    HIRED = "hired", _("Hired")
    PROJECT_FINANCED = "project_financed", _("Project financed")
    PROJECT_STARTED = "project_started", _("Project started")
    PRODUCTIVE_FAMILY_CERTIFICATE = "productive_family_certificate", _("Productive-family certificate")
    FREELANCE_DOCUMENT = "freelance_document", _("Freelance document")


TRACK_OF_KIND = {
    OutcomeKind.TRAINING_COMPLETED: Track.TRAINING,
    OutcomeKind.HIRED: Track.EMPLOYMENT,
    OutcomeKind.PROJECT_FINANCED: Track.ENTREPRENEURSHIP,
    OutcomeKind.PROJECT_STARTED: Track.ENTREPRENEURSHIP,
    OutcomeKind.PRODUCTIVE_FAMILY_CERTIFICATE: Track.ENTREPRENEURSHIP,
    OutcomeKind.FREELANCE_DOCUMENT: Track.ENTREPRENEURSHIP,
}
# Kinds after which follow-ups are scheduled (a job or a project that has to last).
FOLLOWED_UP_KINDS = (OutcomeKind.HIRED, OutcomeKind.PROJECT_FINANCED)


class VerificationStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    VERIFIED = "verified", _("Verified")
    REFUTED = "refuted", _("Refuted")


class EvidenceKind(models.TextChoices):
    PARTNER_CONFIRMATION = "partner_confirmation", _("Partner confirmation")
    SOCIAL_INSURANCE = "social_insurance", _("Social-insurance registration")
    DOCUMENT = "document", _("Document")


class CountingRule(models.Model):
    """Which outcome kinds make a member empowered, from a date of effect (domain.md §6: rules change)."""

    effective_from = models.DateField(_("in force from"), unique=True)
    employment_kinds = models.JSONField(_("kinds counted as employment"), default=list)
    economic_kinds = models.JSONField(_("kinds counted as economic"), default=list)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("counting rule")
        verbose_name_plural = _("counting rules")
        ordering = ["effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from} {self.note}"


class KpiYearVersion(models.Model):
    """A counter per calendar year, raised whenever an outcome dated in that year is verified or refuted.

    The figures' snapshots (tamkeen.reports.models.KpiSnapshot) remember the version they were computed at, so a
    change to any outcome makes its year's snapshots stale at once, in the change's own transaction.
    """

    calendar = models.CharField(_("calendar"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("figures version")
        verbose_name_plural = _("figures versions")
        constraints = [models.UniqueConstraint(fields=["calendar", "year"], name="kpi_version_once_per_year")]

    def __str__(self) -> str:
        return f"{self.calendar} {self.year} v{self.version}"


class Outcome(TimeStampedModel):
    """What a referral (or a member on their own) achieved: a certificate, a hire, a project, a document.

    The office, governorate, gender and disability are those of the household and member on the outcome's date,
    read from the registry's history when the outcome is reported (tamkeen.outcomes.attribution): the figures
    count a family under the office that held its file then, even when it moved before the outcome was reported,
    and they stay fast at national scale without joining the registry.
    """

    Kind = OutcomeKind
    Status = VerificationStatus
    Evidence = EvidenceKind

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="outcomes"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="outcomes"
    )
    office = models.ForeignKey(
        "geography.Office",
        verbose_name=_("office on the outcome date"),
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    governorate = models.ForeignKey(
        "geography.Governorate",
        verbose_name=_("governorate"),
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    gender = models.CharField(_("gender"), max_length=1, blank=True)
    disability = models.CharField(_("disability"), max_length=12, blank=True, default="none")
    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("referral"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OutcomeKind.choices)
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    date = models.DateField(
        _("date"), help_text=_("Hire start, financing decision, project start or certificate date.")
    )
    entity = models.ForeignKey(
        "partners.Entity",
        verbose_name=_("enabling entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    employer_name = models.CharField(_("employer or establishment"), max_length=200, blank=True)
    establishment_number = models.CharField(_("establishment number"), max_length=32, blank=True)
    wage = models.DecimalField(
        _("monthly wage (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(_("amount (SAR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    financing_body = models.ForeignKey(
        "partners.Entity",
        verbose_name=_("financing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="financed_outcomes",
    )
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    verification_status = models.CharField(
        _("verification"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.REPORTED,
    )
    evidence_kind = models.CharField(_("evidence"), max_length=24, choices=EvidenceKind.choices, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    # Found in a social-insurance file for a member with no reported hire: the case worker confirms or rejects it.
    is_discovered = models.BooleanField(_("discovered in a verification file"), default=False)
    # From social-insurance files: end of the matching spell (empty while active) and the last day files covered.
    registered_until = models.DateField(_("registered with the employer until"), null=True, blank=True)
    covered_until = models.DateField(_("verification files cover until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-date", "-id"]
        indexes = [
            # On PostgreSQL a covering twin (migration 0006) lets the year's figures be read from the index alone.
            models.Index(fields=["verification_status", "date"], name="outcome_status_date"),
            models.Index(fields=["member", "kind", "date"], name="outcome_member_kind_date"),
            models.Index(fields=["office", "date"], name="outcome_office_date"),
        ]
        constraints = [
            models.CheckConstraint(
                name="outcome_verified_has_evidence",
                condition=~Q(verification_status=VerificationStatus.VERIFIED) | ~Q(evidence_kind=""),
            ),
            models.CheckConstraint(
                name="outcome_amounts_not_negative",
                condition=(Q(wage__isnull=True) | Q(wage__gte=0))
                & (Q(amount__isnull=True) | Q(amount__gte=0)),
            ),
            models.CheckConstraint(
                name="outcome_certificate_validity_after_date",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("date")),
            ),
            models.UniqueConstraint(
                fields=["member", "establishment_number", "date"],
                condition=Q(is_discovered=True),
                name="outcome_one_discovery_per_spell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def is_reported(self) -> bool:
        return self.verification_status == VerificationStatus.REPORTED


class Verification(models.Model):
    """One piece of evidence for or against an outcome; an outcome's status is the result of its latest one."""

    outcome = models.ForeignKey(
        Outcome, verbose_name=_("outcome"), on_delete=models.CASCADE, related_name="verifications"
    )
    result = models.CharField(_("result"), max_length=10, choices=VerificationStatus.choices)
    evidence_kind = models.CharField(_("evidence"), max_length=24, choices=EvidenceKind.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(name="verification_result_is_a_decision", condition=~Q(result="reported")),
        ]

    def __str__(self) -> str:
        return f"{self.outcome_id} {self.result}"


class FollowUp(models.Model):
    """A dated check N months after a hire or a financed project, assigned to the member's case worker."""

    class Result(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACTIVE = "active", _("Still employed / business active")
        NOT_ACTIVE = "not_active", _("No longer employed / business closed")
        UNREACHABLE = "unreachable", _("Could not be reached")

    class Reason(models.TextChoices):
        RESIGNED = "resigned", _("Resigned")
        DISMISSED = "dismissed", _("Dismissed")
        CONTRACT_ENDED = "contract_ended", _("Contract ended")
        BUSINESS_CLOSED = "business_closed", _("Business closed")
        HEALTH = "health", _("Health")
        FAMILY = "family", _("Family reasons")
        OTHER = "other", _("Other")

    outcome = models.ForeignKey(
        Outcome, verbose_name=_("outcome"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField(_("months after the outcome"))
    due_on = models.DateField(_("due on"), db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, default=Result.PENDING)
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    current_income = models.DecimalField(
        _("current wage or income (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "months"], name="followup_once_per_mark"),
            models.CheckConstraint(
                name="followup_not_active_has_reason", condition=~Q(result="not_active") | ~Q(reason="")
            ),
            models.CheckConstraint(
                name="followup_recorded_has_date",
                condition=Q(result="pending") | Q(recorded_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} +{self.months}m"


class EmploymentImport(models.Model):
    """One social-insurance file read from the web (a background task) or the command line, with its result."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"), editable=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    summary = models.JSONField(_("result"), default=dict, blank=True)
    problems = models.JSONField(_("rejected rows"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("employment file import")
        verbose_name_plural = _("employment file imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class PartnerConfirmation(models.Model):
    """The receiving entity's word that an outcome of its referral happened: evidence for the office to weigh.

    It changes nothing by itself: the office verifies (choosing "partner confirmation" as the evidence only when
    one is on file), or the social-insurance file does.
    """

    outcome = models.ForeignKey(
        Outcome, verbose_name=_("outcome"), on_delete=models.CASCADE, related_name="confirmations"
    )
    entity = models.ForeignKey(
        "partners.Entity", verbose_name=_("enabling entity"), on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("partner confirmation")
        verbose_name_plural = _("partner confirmations")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "entity"], name="one_confirmation_per_outcome_entity")
        ]

    def __str__(self) -> str:
        return f"{self.outcome_id} {self.entity_id}"
