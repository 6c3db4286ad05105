from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tamkeen.core.models import TimeStampedModel


class Track(models.TextChoices):
    TRAINING = "training", _("Training and qualification")
    EMPLOYMENT = "employment", _("Employment")
    ENTREPRENEURSHIP = "entrepreneurship", _("Self-employment and projects")


class Opportunity(TimeStampedModel):
    """Something an enabling entity offers with limited capacity: a course, a job or a support programme."""

    Track = Track

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        JOB = "job", _("Job")
        FINANCING = "financing", _("Financing")
        GRANT = "grant", _("Grant")
        INCUBATION = "incubation", _("Incubation")
        MENTORING = "mentoring", _("Mentoring")
        PRODUCTIVE_FAMILY_CERTIFICATE = "productive_family_certificate", _("Productive-family certificate")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("opportunity status", "Draft")
        OPEN = "open", pgettext_lazy("opportunity status", "Open")
        CLOSED = "closed", pgettext_lazy("opportunity status", "Closed")

    class Nationality(models.TextChoices):
        ANY = "any", _("Any")
        CITIZEN = "citizen", _("Saudi citizens")
        RESIDENT = "resident", _("Residents")

    class Gender(models.TextChoices):
        ANY = "", _("Any")
        MALE = "M", _("Men")
        FEMALE = "F", _("Women")

    entity = models.ForeignKey(
        "partners.Entity",
        verbose_name=_("enabling entity"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title_ar = models.CharField(_("Arabic title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    isco08 = models.CharField(_("ISCO-08 code"), max_length=4, blank=True)
    governorate = models.ForeignKey(
        "geography.Governorate",
        verbose_name=_("governorate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opportunities",
        help_text=_("Empty for online opportunities."),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (seats, vacancies or places)"))
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0)
    wage = models.DecimalField(
        _("monthly wage (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    amount_min = models.DecimalField(
        _("minimum amount (SAR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_max = models.DecimalField(
        _("maximum amount (SAR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    terms = models.TextField(_("terms"), blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    accreditation = models.CharField(_("accreditation"), max_length=160, blank=True)
    saudization_activity = models.CharField(_("Saudization activity"), max_length=160, blank=True)
    is_disability_friendly = models.BooleanField(_("suits people with disabilities"), default=False)
    # What the opportunity and its venue offer (tamkeen.opportunities.accessibility.Feature values); a member's
    # accommodation needs are compared with these, never a bare "has a disability".
    accessibility_features = models.JSONField(
        _("accessibility features"), default=list, blank=True, db_default=[]
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    # Eligibility (evaluated by tamkeen.opportunities.eligibility.evaluate)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True, default="")
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    min_education = models.CharField(_("minimum education"), max_length=12, blank=True)
    nationality = models.CharField(
        _("nationality"), max_length=10, choices=Nationality.choices, default=Nationality.ANY
    )
    work_capacities = models.JSONField(
        _("work capacities allowed"), default=list, blank=True, help_text=_("Empty means any.")
    )
    max_household_income = models.DecimalField(
        _("maximum household income (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    required_certificate = models.CharField(_("required certificate"), max_length=160, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "track"]), models.Index(fields=["entity", "status"])]
        constraints = [
            models.CheckConstraint(
                name="opportunity_seats_within_capacity", condition=Q(seats_taken__lte=F("capacity"))
            ),
            models.CheckConstraint(name="opportunity_seats_not_negative", condition=Q(seats_taken__gte=0)),
            models.CheckConstraint(
                name="opportunity_age_range",
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(min_age__lte=F("max_age")),
            ),
            models.CheckConstraint(
                name="opportunity_amount_range",
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=F("amount_max")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        return self.title_en if (get_language() or "ar").startswith("en") and self.title_en else self.title_ar

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
