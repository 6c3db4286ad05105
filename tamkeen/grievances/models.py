import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import LocalisedNameMixin, TimeStampedModel

from . import rules

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    OFFICE = "office", _("At the office")
    PHONE = "phone", _("By phone")


class Category(LocalisedNameMixin, models.Model):
    """What a grievance is about; a sub-category names its parent. Reference data, not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("Arabic name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("offered at intake"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=50)

    class Meta:
        verbose_name = _("grievance category")
        verbose_name_plural = _("grievance categories")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(name="category_is_not_its_own_parent", condition=~Q(parent=F("pk")))
        ]

    def __str__(self) -> str:
        return self.name


class ServiceLevel(models.Model):
    """The time a category's grievances are answered in, from a date of effect. A grievance keeps the due time it
    was given on receipt, so a new rule applies to grievances received from its date and never rewrites the past."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="service_levels"
    )
    effective_from = models.DateField(_("in effect from"))
    hours = models.PositiveIntegerField(_("time to answer (hours)"))
    manager_hours = models.PositiveIntegerField(
        _("hours with the supervisor before the manager"), default=rules.DEFAULT_MANAGER_HOURS
    )
    legal_reference = models.CharField(_("reference (circular, decision)"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("set on"), auto_now_add=True)

    class Meta:
        verbose_name = _("service-level time")
        verbose_name_plural = _("service-level times")
        ordering = ["category", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "effective_from"], name="one_service_level_per_category_and_date"
            ),
            models.CheckConstraint(
                name="service_level_hours_positive", condition=Q(hours__gte=1, manager_hours__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} · {self.hours} h · {self.effective_from}"

    def as_rule(self) -> rules.ServiceLevelRule:
        return rules.ServiceLevelRule(self.effective_from, self.hours, self.manager_hours)


class GrievanceStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Grievance(TimeStampedModel):
    Status = GrievanceStatus

    class Level(models.TextChoices):
        WORKER = rules.WORKER, _("Case worker")
        SUPERVISOR = rules.SUPERVISOR, _("Office supervisor")
        MANAGER = rules.MANAGER, _("Regional manager")

    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_reference, editable=False
    )
    channel = models.CharField(_("received through"), max_length=8, choices=Channel.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="grievances"
    )
    office = models.ForeignKey(
        "geography.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="grievances"
    )
    # Who it is from: a member, or nobody the staff may know (anonymous). A portal sign-in that files
    # anonymously is kept in filed_by only so the answer can reach it; staff pages never show it.
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grievances",
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_name = models.CharField(_("name given"), max_length=120, blank=True)
    contact_phone = models.CharField(_("phone given"), max_length=16, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed from the sign-in of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("details"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    level = models.CharField(_("held by"), max_length=12, choices=Level.choices, default=Level.WORKER)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"))
    due_at = models.DateTimeField(_("answer due"))
    manager_hours = models.PositiveIntegerField(_("hours with the supervisor before the manager"))
    escalated_at = models.DateTimeField(_("last escalated"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closing_note = models.CharField(_("closing note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["status", "due_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="anonymous_grievance_names_nobody",
                condition=Q(is_anonymous=False) | Q(member__isnull=True, contact_name="", contact_phone=""),
            ),
            models.CheckConstraint(
                name="answered_grievance_has_its_answer",
                condition=~Q(status__in=[GrievanceStatus.ANSWERED, GrievanceStatus.CLOSED])
                | Q(answered_at__isnull=False, answered_by__isnull=False)
                | ~Q(closing_note=""),
            ),
            models.CheckConstraint(
                name="grievance_due_after_receipt", condition=Q(due_at__gt=F("received_at"))
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.IN_PROGRESS)

    def sla_state(self, now) -> str:
        return rules.sla_state(
            received_at=self.received_at, due=self.due_at, now=now, answered_at=self.answered_at
        )


class GrievanceEvent(models.Model):
    """One step of a grievance's history, shown on its page (the audit trail keeps the same facts)."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        TAKEN = "taken", _("Taken in hand")
        ESCALATED = "escalated", _("Escalated")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("step"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_level = models.CharField(_("from"), max_length=12, blank=True)
    to_level = models.CharField(_("to"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("grievance step")
        verbose_name_plural = _("grievance steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.grievance_id} · {self.kind}"

    @property
    def from_level_label(self) -> str:
        return str(Grievance.Level(self.from_level).label) if self.from_level else ""

    @property
    def to_level_label(self) -> str:
        return str(Grievance.Level(self.to_level).label) if self.to_level else ""


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UPHELD = "upheld", _("Decision upheld")
    REVERSED = "reversed", _("Decision reversed")


class Appeal(TimeStampedModel):
    """A person contests a decision; someone other than its decider decides, and the owning app carries it out."""

    class Kind(models.TextChoices):
        SANCTION_EXIT = "sanction_exit", _("Sanction exit")
        DECLINED_PROPOSAL = "declined_proposal", _("Declined proposal")
        REJECTED_CORRECTION = "rejected_correction", _("Rejected correction request")

    Status = AppealStatus

    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_reference, editable=False
    )
    kind = models.CharField(_("decision contested"), max_length=20, choices=Kind.choices)
    # Explicit links, one per kind of decision, so the database keeps each one pointing at a real record.
    case_exit = models.ForeignKey(
        "cases.CaseExit",
        verbose_name=_("sanction exit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("declined proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    correction_request = models.ForeignKey(
        "privacy.CorrectionRequest",
        verbose_name=_("rejected correction request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    member = models.ForeignKey(
        "registry.Member", verbose_name=_("appellant"), on_delete=models.PROTECT, related_name="appeals"
    )
    office = models.ForeignKey(
        "geography.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="appeals"
    )
    channel = models.CharField(_("received through"), max_length=8, choices=Channel.choices)
    legal_ground = models.CharField(_("legal ground"), max_length=300)
    statement = models.TextField(_("statement"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    original_decider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decision taken by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appeal decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("appeal decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons for the appeal decision"), blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="appeal_points_at_exactly_its_decision",
                condition=Q(
                    kind="sanction_exit",
                    case_exit__isnull=False,
                    referral__isnull=True,
                    correction_request__isnull=True,
                )
                | Q(
                    kind="declined_proposal",
                    referral__isnull=False,
                    case_exit__isnull=True,
                    correction_request__isnull=True,
                )
                | Q(
                    kind="rejected_correction",
                    correction_request__isnull=False,
                    case_exit__isnull=True,
                    referral__isnull=True,
                ),
            ),
            models.CheckConstraint(name="appeal_has_a_legal_ground", condition=~Q(legal_ground="")),
            models.CheckConstraint(
                name="decided_appeal_has_decider_date_and_reasons",
                condition=Q(status=AppealStatus.RECEIVED)
                | (Q(decided_by__isnull=False, decided_at__isnull=False) & ~Q(decision_reason="")),
            ),
            # The one who took the decision never decides its appeal, whatever path the write takes.
            models.CheckConstraint(
                name="appeal_decided_by_someone_else",
                condition=Q(decided_by__isnull=True)
                | Q(original_decider__isnull=True)
                | ~Q(decided_by=F("original_decider")),
            ),
            models.UniqueConstraint(
                fields=["case_exit"],
                condition=Q(status=AppealStatus.RECEIVED),
                name="one_pending_appeal_per_exit",
            ),
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(status=AppealStatus.RECEIVED),
                name="one_pending_appeal_per_proposal",
            ),
            models.UniqueConstraint(
                fields=["correction_request"],
                condition=Q(status=AppealStatus.RECEIVED),
                name="one_pending_appeal_per_correction",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def decision(self):
        if self.kind == self.Kind.SANCTION_EXIT:
            return self.case_exit
        if self.kind == self.Kind.REJECTED_CORRECTION:
            return self.correction_request
        return self.referral
