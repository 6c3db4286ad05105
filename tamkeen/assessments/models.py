from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import LocalisedNameMixin, TimeStampedModel
from tamkeen.opportunities.models import Track
from tamkeen.registry.models import Member


class Dimension(models.TextChoices):
    PSYCHOLOGICAL = "psychological", _("Psychological")
    COMMUNITY = "community", _("Community")
    ORGANISATIONAL = "organisational", _("Organisational")
    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    CULTURAL = "cultural", _("Cultural")


class CoreSkill(models.TextChoices):
    SELF_POSITIVITY = "self_positivity", _("Self-positivity")
    SELF_CONTROL = "self_control", _("Self-control")
    DECISION_MAKING = "decision_making", _("Decision making")


class Instrument(LocalisedNameMixin, TimeStampedModel):
    """A versioned questionnaire. Once an assessment uses a version it is frozen; changes make a new version."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"))
    name_ar = models.CharField(_("Arabic name"), max_length=160)
    name_en = models.CharField(_("English name"), max_length=160)
    is_active = models.BooleanField(_("in use for new assessments"), default=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )

    class Meta:
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version_unique"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_active=True), name="one_active_instrument_per_code"
            ),
            models.CheckConstraint(name="instrument_version_positive", condition=Q(version__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_used(self) -> bool:
        return self.assessments.exists()


class Section(LocalisedNameMixin, models.Model):
    class Kind(models.TextChoices):
        DIMENSION = "dimension", _("Dimension of empowerment")
        CORE_SKILLS = "core_skills", _("Core skills")
        READINESS = "readiness", _("Track readiness")

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="sections"
    )
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    dimension = models.CharField(_("dimension"), max_length=16, choices=Dimension.choices, blank=True)
    track = models.CharField(_("track"), max_length=16, choices=Track.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name_ar = models.CharField(_("Arabic name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="section_code_unique_in_instrument"),
            models.UniqueConstraint(
                fields=["instrument", "order"], name="section_order_unique_in_instrument"
            ),
            models.CheckConstraint(
                name="section_kind_matches_dimension_and_track",
                condition=(Q(kind="dimension") & ~Q(dimension="") & Q(track=""))
                | (Q(kind="readiness") & Q(dimension="") & ~Q(track=""))
                | (Q(kind="core_skills") & Q(dimension="") & Q(track="")),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """A statement the member rates from 1 (not at all) to 5 (fully)."""

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    wording_ar = models.CharField(_("Arabic wording"), max_length=300)
    wording_en = models.CharField(_("English wording"), max_length=300)
    core_skill = models.CharField(_("core skill"), max_length=20, choices=CoreSkill.choices, blank=True)
    # A statement that describes a difficulty ("I give up easily") scores 6 − answer.
    is_reverse_scored = models.BooleanField(_("reverse scored"), default=False)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["section", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="item_code_unique_in_section"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def wording(self) -> str:
        from django.utils.translation import get_language

        return self.wording_en if (get_language() or "ar").startswith("en") else self.wording_ar


class Assessment(TimeStampedModel):
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="assessments"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    work_capacity = models.CharField(
        _("work capacity"), max_length=20, choices=Member.WorkCapacity.choices, blank=True
    )
    is_exempt_student = models.BooleanField(_("exempt: full-time student aged 18–25"), default=False)
    is_exempt_caregiver = models.BooleanField(
        _("exempt: caregiver of a child, elderly or disabled member"), default=False
    )
    # Computed at completion by tamkeen.assessments.scoring and kept, so history never changes under a new rule.
    dimension_scores = models.JSONField(_("scores per dimension"), default=dict, blank=True)
    track_scores = models.JSONField(_("readiness per track"), default=dict, blank=True)
    skill_scores = models.JSONField(_("core skills"), default=dict, blank=True)
    recommended_track = models.CharField(
        _("recommended track"), max_length=16, choices=Track.choices, blank=True
    )
    recommendation_reasons = models.JSONField(_("reasons"), default=list, blank=True)
    chosen_track = models.CharField(_("chosen track"), max_length=16, choices=Track.choices, blank=True)
    override_reason = models.CharField(
        _("reason for overriding the recommendation"), max_length=300, blank=True
    )
    track_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("track decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    track_decided_at = models.DateTimeField(_("track decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["member", "started_at"]
        indexes = [models.Index(fields=["member", "completed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(completed_at__isnull=True),
                name="one_open_assessment_per_member",
            ),
            models.CheckConstraint(
                name="completed_after_started",
                condition=Q(completed_at__isnull=True) | Q(completed_at__gte=F("started_at")),
            ),
            models.CheckConstraint(
                name="completed_assessment_has_work_capacity",
                condition=Q(completed_at__isnull=True) | ~Q(work_capacity=""),
            ),
            models.CheckConstraint(
                name="overriding_the_recommendation_needs_a_reason",
                condition=Q(chosen_track="")
                | Q(chosen_track=F("recommended_track"))
                | ~Q(override_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.started_at:%Y-%m-%d}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def is_overridden(self) -> bool:
        return bool(self.chosen_track) and self.chosen_track != self.recommended_track


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_answer_per_item"),
            models.CheckConstraint(
                name="answer_on_1_to_5_scale", condition=Q(value__gte=1) & Q(value__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"
