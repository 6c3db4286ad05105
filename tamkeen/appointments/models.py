from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import TimeStampedModel

from . import rules


class Appointment(TimeStampedModel):
    """An office interview, a home visit or a call a case worker invites a member to."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Office interview")
        HOME_VISIT = "home_visit", _("Home visit")
        CALL = "call", _("Phone call")

    class Status(models.TextChoices):
        INVITED = rules.INVITED, _("Invited")
        CONFIRMED = rules.CONFIRMED, _("Confirmed")
        OTHER_SLOT_ASKED = rules.OTHER_SLOT_ASKED, _("Another time asked")
        ATTENDED = rules.ATTENDED, _("Attended")
        NO_SHOW = rules.NO_SHOW, _("Did not attend")
        CANCELLED = rules.CANCELLED, _("Cancelled")

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="appointments"
    )
    # The office that holds the appointment, kept as it was so figures stay under it if the file moves.
    office = models.ForeignKey(
        "geography.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="appointments"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes for the member"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INVITED)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered by the member"), null=True, blank=True)
    member_note = models.CharField(_("the member's note"), max_length=300, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendance_recorded_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["office", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="appointment_attendance_is_recorded_by_someone",
                condition=~Q(status__in=[rules.ATTENDED, rules.NO_SHOW])
                | Q(attendance_recorded_by__isnull=False, attendance_recorded_at__isnull=False),
            ),
            models.CheckConstraint(
                name="cancelled_appointment_has_a_reason",
                condition=~Q(status=rules.CANCELLED) | ~Q(cancel_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_upcoming(self) -> bool:
        return self.status in rules.UPCOMING
