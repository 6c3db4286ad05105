from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import TimeStampedModel


class Household(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        IN_TRANSITION = "in_transition", _("In transition period")
        GRADUATED = "graduated", _("Graduated")
        SUSPENDED = "suspended", _("Suspended")
        EXITED = "exited", _("Exited")

    # A prospect (a person met at the forum or the office, with no social-security file yet) has no file number
    # until one appears (docs/decisions/0013-prospects-without-a-file.md).
    file_number = models.CharField(_("social-security file number"), max_length=20, blank=True)
    # db_default too: the seed and the roll write households with COPY, which names only the columns it fills.
    is_prospect = models.BooleanField(
        _("prospect (no social-security file yet)"), default=False, db_default=False
    )
    office = models.ForeignKey(
        "geography.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="households",
        db_index=False,  # the (office, status) index leads with it and serves every look-up by office
    )
    governorate = models.ForeignKey(
        "geography.Governorate",
        verbose_name=_("governorate"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    monthly_income = models.DecimalField(
        _("monthly income (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    pension_amount = models.DecimalField(
        _("pension (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    registered_on = models.DateField(_("on social security since"), null=True, blank=True)
    # A later roll of the same office that no longer lists the household asks a person to look, never deletes.
    needs_review = models.BooleanField(_("needs review"), default=False)
    last_roll_at = models.DateTimeField(_("last seen in a roll"), null=True, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["file_number"]
        indexes = [models.Index(fields=["office", "status"]), models.Index(fields=["file_number"])]
        constraints = [
            models.UniqueConstraint(
                fields=["file_number"], condition=~Q(file_number=""), name="file_number_unique_when_present"
            ),
            models.CheckConstraint(
                name="prospect_iff_no_file_number",
                condition=Q(is_prospect=True, file_number="") | (Q(is_prospect=False) & ~Q(file_number="")),
            ),
        ]

    def __str__(self) -> str:
        return self.file_number or gettext("Prospect %(id)s") % {"id": self.pk}


class Member(TimeStampedModel):
    class Relation(models.TextChoices):
        HEAD = "head", _("Head of household")
        WIFE = "wife", _("Wife")
        HUSBAND = "husband", _("Husband")
        SON = "son", _("Son")
        DAUGHTER = "daughter", _("Daughter")
        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        BROTHER = "brother", _("Brother")
        SISTER = "sister", _("Sister")
        OTHER = "other", _("Other")

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Education(models.TextChoices):
        NONE = "none", _("None (illiterate)")
        PRIMARY = "primary", _("Primary")
        INTERMEDIATE = "intermediate", _("Intermediate")
        SECONDARY = "secondary", _("Secondary")
        DIPLOMA = "diploma", _("Diploma")
        BACHELOR = "bachelor", _("Bachelor's")
        MASTER = "master", _("Master's")
        DOCTORATE = "doctorate", _("Doctorate")

    class MaritalStatus(models.TextChoices):
        SINGLE = "single", _("Single")
        MARRIED = "married", _("Married")
        DIVORCED = "divorced", _("Divorced")
        WIDOWED = "widowed", _("Widowed")

    class Disability(models.TextChoices):
        NONE = "none", _("None")
        PHYSICAL = "physical", _("Physical")
        VISUAL = "visual", _("Visual")
        HEARING = "hearing", _("Hearing")
        INTELLECTUAL = "intellectual", _("Intellectual")
        MULTIPLE = "multiple", _("Multiple")
        OTHER = "other", _("Other")

    class WorkCapacity(models.TextChoices):
        ABLE = "able", _("Able to work")
        REHABILITABLE = "rehabilitable", _("Rehabilitable")
        NOT_REHABILITABLE = "not_rehabilitable", _("Not rehabilitable")

    class EmploymentStatus(models.TextChoices):
        UNEMPLOYED = "unemployed", _("Unemployed")
        EMPLOYED = "employed", _("Employed")
        SELF_EMPLOYED = "self_employed", _("Self-employed")
        STUDENT = "student", _("Student")
        NOT_IN_LABOUR_FORCE = "not_in_labour_force", _("Not in the labour force")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="members"
    )
    national_id = models.CharField(_("national ID / iqama"), max_length=10, unique=True)
    relation = models.CharField(_("relation to head"), max_length=10, choices=Relation.choices)
    first_name = models.CharField(_("first name"), max_length=60)
    father_name = models.CharField(_("father's name"), max_length=60, blank=True)
    grandfather_name = models.CharField(_("grandfather's name"), max_length=60, blank=True)
    family_name = models.CharField(_("family name"), max_length=60)
    # Normalised four-part name (core.names) for Arabic-aware search and linkage; what was typed is kept above.
    name_key = models.CharField(_("name matching key"), max_length=260, db_index=True, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    phone = models.CharField(_("mobile"), max_length=16, blank=True, db_index=True)
    education = models.CharField(_("education"), max_length=12, choices=Education.choices, blank=True)
    marital_status = models.CharField(
        _("marital status"), max_length=10, choices=MaritalStatus.choices, blank=True
    )
    disability = models.CharField(
        _("disability"), max_length=12, choices=Disability.choices, default=Disability.NONE
    )
    is_disability_registered = models.BooleanField(
        _("registered with the disability authority"), default=False
    )
    work_capacity = models.CharField(
        _("work capacity"), max_length=20, choices=WorkCapacity.choices, blank=True
    )
    is_full_time_student = models.BooleanField(_("full-time student"), default=False)
    is_caregiver = models.BooleanField(_("caregiver of a child, elderly or disabled member"), default=False)
    skills = models.TextField(_("skills"), blank=True)
    employment_status = models.CharField(
        _("employment status"),
        max_length=20,
        choices=EmploymentStatus.choices,
        default=EmploymentStatus.UNEMPLOYED,
    )
    is_on_employment_platform = models.BooleanField(
        _("registered on the national employment platform"), default=False
    )
    employment_platform_date = models.DateField(
        _("employment platform registration date"), null=True, blank=True
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case worker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
        # The caseload indexes below lead with the case worker and serve every look-up by it; an index of its
        # own would only cost each write (and a first national load ~1 s to build).
        db_index=False,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beneficiary login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    needs_review = models.BooleanField(_("needs review"), default=False)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["household", "id"]
        indexes = [
            # The supervisor's unassigned list walks its members in waiting order (cases.assignment).
            models.Index(
                fields=["created_at", "household", "id"],
                condition=Q(case_worker__isnull=True),
                name="member_unassigned_waiting",
            ),
            # The supervisor's review list starts from the few members flagged for review.
            models.Index(fields=["household"], condition=Q(needs_review=True), name="member_needs_review"),
            # A case worker's caseload in file order, paged by key (tamkeen.cases.selectors.caseload_window);
            # also the office's members without a case worker (case_worker IS NULL).
            models.Index(fields=["case_worker", "household", "id"], name="member_caseload_order"),
            # The newest members of a caseload first (the home page's members without a plan).
            models.Index(fields=["case_worker", "created_at", "id"], name="member_caseload_newest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(relation="head"), name="one_head_per_household"
            ),
            models.CheckConstraint(
                name="national_id_ten_digits_starting_1_or_2",
                condition=Q(national_id__regex=r"^[12][0-9]{9}$"),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(
            p for p in (self.first_name, self.father_name, self.grandfather_name, self.family_name) if p
        )

    @property
    def is_head(self) -> bool:
        return self.relation == self.Relation.HEAD


class RecordChange(models.Model):
    """The history of a household or member: who changed what, when and why."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="changes")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=40, default="form")
    changes = models.JSONField(_("changed fields"), default=dict)
    reason = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("record change")
        verbose_name_plural = _("record history")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.source}"


class RollImport(TimeStampedModel):
    """A roll file uploaded by an office supervisor, imported by a background task; the page polls this row."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("roll file"), upload_to="roll_imports/%Y/%m/")
    # Only a roll the supervisor declares complete for the office says anything about members it omits.
    complete = models.BooleanField(_("the office's complete roll"), default=False)
    original_name = models.CharField(_("file name"), max_length=200)
    office = models.ForeignKey(
        "geography.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="roll_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    counts = models.JSONField(_("summary"), default=dict, blank=True)
    unknown_columns = models.JSONField(_("ignored columns"), default=list, blank=True)
    report = models.FileField(_("rejected rows"), upload_to="roll_reports/%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roll import")
        verbose_name_plural = _("roll imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ReviewFlag(TimeStampedModel):
    """Why a member was flagged for review, and how a supervisor resolved it.

    ``Member.needs_review`` is the quick flag search and pages show; a flag row keeps the reason and the
    decision. Resolving a member's open flags clears ``needs_review``.
    """

    class Reason(models.TextChoices):
        MISSING_FROM_COMPLETE_ROLL = "missing_from_roll", _("Missing from the office's complete roll")
        OTHER_HOUSEHOLD = "other_household", _("National ID listed in another household's roll")
        HEAD_REPLACED = "head_replaced", _("Replaced as head of household by a roll")
        OTHER = "other", _("Flagged for review")

    class Resolution(models.TextChoices):
        STILL_MEMBER = "still_member", _("Still a member of the household")
        LEFT_HOUSEHOLD = "left_household", _("Left the household")
        DECEASED = "deceased", _("Deceased")
        MOVED_OFFICE = "moved_office", _("Moved to another office")

    # A member resolved as gone is not flagged again by every later complete roll.
    GONE = (Resolution.LEFT_HOUSEHOLD, Resolution.DECEASED, Resolution.MOVED_OFFICE)

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="review_flags"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)
    resolution = models.CharField(_("resolution"), max_length=20, choices=Resolution.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review flag")
        verbose_name_plural = _("review flags")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["member", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.member_id} {self.reason}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


# The consent purpose under which accommodation needs may be recorded and used (consent.models.Purpose): the
# registry sits below the consent app, so it names the purpose by its code; a test keeps the two in step.
ACCOMMODATION_CONSENT_PURPOSE = "accommodation"


class AccommodationNeedQuerySet(models.QuerySet):
    def usable(self):
        """Needs the platform may use: their member has an active (latest, not withdrawn) accommodation consent.

        Written with the consent table's reverse relation so that the registry never imports the consent app.
        """
        consenting = Member.objects.filter(
            consents__purpose=ACCOMMODATION_CONSENT_PURPOSE,
            consents__withdrawn_at__isnull=True,
            consents__superseded_by__isnull=True,
        ).values("pk")
        return self.filter(member_id__in=consenting)


class AccommodationNeed(TimeStampedModel):
    """What a member with a disability needs to take up an opportunity (docs/decisions/0014-accommodation-needs.md).

    Sensitive data (PDPL): recorded only with the member's accommodation consent, through the named services in
    tamkeen.matching.accommodation; one row per kind of need, removed (not edited away) when no longer needed.
    """

    class Kind(models.TextChoices):
        MOBILITY = "mobility", _("Mobility")
        VISION = "vision", _("Vision")
        HEARING = "hearing", _("Hearing")
        COGNITIVE = "cognitive", _("Cognitive")
        OTHER = "other", _("Other")

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="accommodation_needs"
    )
    kind = models.CharField(_("kind of need"), max_length=12, choices=Kind.choices)
    what_helps = models.CharField(_("what helps"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AccommodationNeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("accommodation need")
        verbose_name_plural = _("accommodation needs")
        ordering = ["member", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="accommodation_need_once_per_kind"),
            models.CheckConstraint(
                name="accommodation_need_known_kind",
                condition=Q(kind__in=["mobility", "vision", "hearing", "cognitive", "other"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind}"
