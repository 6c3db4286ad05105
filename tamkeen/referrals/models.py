import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tamkeen.core.models import TimeStampedModel

# Crockford-like alphabet without 0/O, 1/I/L, U: easy to read out over the phone.
PUBLIC_ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_public_id() -> str:
    return "R-" + "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(8))


class Status(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("referral status", "Proposed")
    SENT = "sent", pgettext_lazy("referral status", "Sent")
    ACCEPTED = "accepted", pgettext_lazy("referral status", "Accepted")
    DECLINED = "declined", pgettext_lazy("referral status", "Declined")
    ENROLLED = "enrolled", pgettext_lazy("referral status", "Enrolled")
    STARTED = "started", pgettext_lazy("referral status", "Started")
    COMPLETED = "completed", pgettext_lazy("referral status", "Completed")
    DROPPED_OUT = "dropped_out", pgettext_lazy("referral status", "Dropped out")
    WITHDRAWN = "withdrawn", pgettext_lazy("referral status", "Withdrawn")
    EXPIRED = "expired", pgettext_lazy("referral status", "Expired")


OPEN_STATUSES = (Status.PROPOSED, Status.SENT, Status.ACCEPTED, Status.ENROLLED, Status.STARTED)
# States in which the referral holds a seat of the opportunity.
SEAT_HOLDING_STATUSES = (Status.SENT, Status.ACCEPTED, Status.ENROLLED, Status.STARTED, Status.COMPLETED)
CLOSED_STATUSES = (Status.DECLINED, Status.COMPLETED, Status.DROPPED_OUT, Status.WITHDRAWN, Status.EXPIRED)


class Source(models.TextChoices):
    CASE_WORKER = "case_worker", _("Case worker")
    MATCHER = "matcher", _("Matching")
    FORUM = "forum", _("Forum")
    MEMBER = "member", _("The member, in the portal")


class Reason(models.TextChoices):
    """Structured reasons for declines, drop-outs and withdrawals (free text may be added)."""

    NOT_ELIGIBLE = "not_eligible", _("Does not meet the conditions")
    NO_CAPACITY = "no_capacity", _("No seat or vacancy left")
    FAILED_INTERVIEW = "failed_interview", _("Did not pass the interview or test")
    NO_SHOW = "no_show", _("Did not attend")
    UNREACHABLE = "unreachable", _("Could not be reached")
    MEMBER_REFUSED = "member_refused", _("The member refused")
    FOUND_OTHER = "found_other", _("Found another opportunity")
    HEALTH = "health", _("Health reasons")
    FAMILY = "family", _("Family reasons")
    TRANSPORT = "transport", _("Transport or distance")
    WAGE = "wage", _("Wage or conditions not accepted")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    OPPORTUNITY_CLOSED = "opportunity_closed", _("The opportunity was closed")
    NO_ANSWER = "no_answer", _("The entity did not answer in time")
    OTHER = "other", _("Other")


class Referral(TimeStampedModel):
    """A member put forward to an opportunity (domain.md §5)."""

    Status = Status
    Source = Source
    Reason = Reason

    public_id = models.CharField(
        _("referral number"), max_length=12, unique=True, default=new_public_id, editable=False
    )
    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="referrals"
    )
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    office = models.ForeignKey(
        "geography.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="referrals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.CASE_WORKER)
    categories = models.JSONField(_("categories of data shared"), default=list, blank=True)
    shared_fields = models.JSONField(_("shared data (frozen when sent)"), default=dict, blank=True)
    consent = models.ForeignKey(
        "consent.Consent",
        verbose_name=_("consent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    reason_code = models.CharField(_("reason"), max_length=24, choices=Reason.choices, blank=True)
    reason_text = models.CharField(_("reason (details)"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    match_score = models.FloatField(_("match score"), null=True, blank=True)
    match_explanation = models.JSONField(_("match explanation"), default=dict, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    due_by = models.DateField(_("answer due by"), null=True, blank=True)
    started_on = models.DateField(_("start date"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    holds_seat = models.BooleanField(_("holds a seat"), default=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_by"]),
            models.Index(fields=["office", "status"]),
            models.Index(fields=["member", "status"]),
            # The partner inbox: an entity's sent referrals by opportunity, counted per box (status, answer
            # due) from the index alone, without reading every referral of the region.
            models.Index(
                fields=["opportunity", "status", "due_by", "id"],
                condition=Q(sent_at__isnull=False),
                name="referral_sent_by_opportunity",
            ),
        ]
        constraints = [
            # One open referral per member and opportunity.
            models.UniqueConstraint(
                fields=["member", "opportunity"],
                condition=Q(status__in=list(OPEN_STATUSES)),
                name="one_open_referral_per_member_and_opportunity",
            ),
            models.CheckConstraint(
                name="referral_sent_has_consent",
                condition=Q(status=Status.PROPOSED) | Q(sent_at__isnull=True) | Q(consent__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.status == Status.SENT and self.due_by is not None and self.due_by < timezone.localdate()


class ReferralEvent(models.Model):
    """One step of a referral's history."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("when"))
    reason_code = models.CharField(_("reason"), max_length=24, choices=Reason.choices, blank=True)
    reason_text = models.CharField(_("reason (details)"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=20, default="web")
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral history")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status} → {self.to_status}"


class OfficeNotice(models.Model):
    """A message to an office about one of its referrals (e.g. the entity did not answer in time)."""

    class Kind(models.TextChoices):
        EXPIRED = "expired", _("Referral expired without an answer")
        DECLINED = "declined", _("Referral declined")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")

    office = models.ForeignKey("geography.Office", on_delete=models.CASCADE, related_name="referral_notices")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("office notice")
        verbose_name_plural = _("office notices")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.office_id}: {self.kind} {self.referral_id}"


class OutcomeImport(models.Model):
    """An outcome file uploaded from the partner inbox, applied by a background task."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    entity = models.ForeignKey("partners.Entity", on_delete=models.PROTECT, related_name="outcome_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), upload_to="outcomes/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    rejected = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name
