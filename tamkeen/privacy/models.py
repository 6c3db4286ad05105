"""Data-subject rights (PDPL, domain.md §7): exports of a member's data, correction requests, and the dated
retention schedule with the record of each retention run."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import TimeStampedModel


class DataExport(TimeStampedModel):
    """One copy of everything held about a member, built by the worker into a private ZIP file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Deleted after the retention period")

    public_id = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="data_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=10, default="office")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("file"), upload_to="privacy/exports/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED)


# The member's own facts a correction request may change; each is validated exactly as a roll row or the
# member form would validate it (tamkeen.privacy.services.correction_values).
CORRECTABLE_FIELDS = {
    "first_name": _("First name"),
    "father_name": _("Father's name"),
    "grandfather_name": _("Grandfather's name"),
    "family_name": _("Family name"),
    "national_id": _("National ID / iqama"),
    "birth_date": _("Birth date"),
    "gender": _("Gender"),
    "phone": _("Mobile"),
    "education": _("Education"),
    "marital_status": _("Marital status"),
    "disability": _("Disability"),
    "work_capacity": _("Work capacity"),
}


class CorrectionRequest(TimeStampedModel):
    """A member asks for a field of their record to be corrected; the office answers within 30 days."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted and corrected")
        REJECTED = "rejected", _("Rejected")

    class Channel(models.TextChoices):
        OFFICE = "office", _("At the office")
        PORTAL = "portal", _("Beneficiary portal")

    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="correction_requests",
    )
    field = models.CharField(_("field"), max_length=40)
    current_value = models.CharField(_("value when requested"), max_length=200, blank=True)
    proposed_value = models.CharField(_("proposed value"), max_length=200)
    reason = models.TextField(_("why the member asks"), blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.OFFICE)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due by"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.field}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.RECEIVED

    @property
    def field_label(self) -> str:
        return str(CORRECTABLE_FIELDS.get(self.field, self.field))

    def _value_label(self, value: str) -> str:
        # A coded field (education, marital status…) stores its code; people read the choice's label.
        from django.core.exceptions import FieldDoesNotExist

        from tamkeen.registry.models import Member

        try:
            choices = dict(Member._meta.get_field(self.field).flatchoices)
        except FieldDoesNotExist:
            return value
        return str(choices.get(value, value))

    @property
    def proposed_label(self) -> str:
        return self._value_label(self.proposed_value)

    @property
    def current_label(self) -> str:
        return self._value_label(self.current_value)


class RetentionRule(models.Model):
    """How long one kind of record is kept, from a date of effect until the next rule of the same kind.

    Rows here replace the shipped schedule (tamkeen.privacy.schedule.DEFAULT_SCHEDULE) for their kind.
    """

    kind = models.CharField(_("kind of record"), max_length=30)
    effective_from = models.DateField(_("in force from"))
    keep_days = models.PositiveIntegerField(_("kept for (days)"))
    note = models.CharField(_("legal basis or note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention schedule")
        ordering = ["kind", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "effective_from"], name="one_retention_rule_per_kind_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.effective_from}: {self.keep_days}"


class RetentionRun(models.Model):
    """One application of the schedule: what it deleted and whom it anonymised."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    run_on = models.DateField(_("schedule applied as of"))
    counts = models.JSONField(_("what was done"), default=dict, blank=True)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.run_on}"


class Pseudonym(models.Model):
    """The stable key that stays with an anonymised member: statistics can still tell people apart (and the same
    person again, by the same keyed hash of the national ID) without knowing who they were."""

    member = models.OneToOneField(
        "registry.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="pseudonym"
    )
    key = models.CharField(_("pseudonymous key"), max_length=32, unique=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), auto_now_add=True)
    record_kind = models.CharField(_("because of"), max_length=30)

    class Meta:
        verbose_name = _("pseudonym")
        verbose_name_plural = _("pseudonyms")

    def __str__(self) -> str:
        return self.key
